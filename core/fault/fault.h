/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fault: the fault injector. Fails the n-th call of a class of primitive
 * with a chosen error, as a program's fault plan says, or the n-th call of
 * any injectable class (the kernel's fail-nth loop, see fault_enumerate in
 * the program layer). A bottom-layer utility like the kernel's
 * should_fail(): the platform asks it, the program layer arms it.
 *
 * Only outcomes the real primitive can have are injected: share and
 * donate fail for want of a table page (-ENOMEM) or for a state another
 * CPU changed (-EPERM), unshare for its state or a pin (-EBUSY), a pin
 * only for its state, a page-table or memory-cache allocation only for
 * want of memory; an error a plan asks for that the primitive cannot
 * return becomes its usual one (the first named). The undo direction
 * (unpin, giving pages back) never fails, because the hyp cannot recover
 * if it does.
 */
#ifndef EL2FUZZ_FAULT_H
#define EL2FUZZ_FAULT_H

#include <stdbool.h>

enum fault_class {
	FAULT_SHARE,		/* __pkvm_host_share_hyp */
	FAULT_UNSHARE,		/* __pkvm_host_unshare_hyp (-EBUSY: still pinned) */
	FAULT_DONATE,		/* __pkvm_host_donate_hyp, MMIO donation */
	FAULT_PIN,		/* hyp_pin_shared_mem */
	FAULT_PGTABLE,		/* page-table page allocation (map, annotate) */
	FAULT_RTT_CREATE,	/* RMI_RTT_CREATE */
	FAULT_MEMCACHE,		/* memory-cache top-up */
	FAULT_DMA,		/* a device memory transaction (the ITS stalls) */
	FAULT_DRAIN,		/* a disable of the ITS that leaves it draining */
	FAULT_HANG,		/* a CWRITER the ITS does not start on */
	FAULT_NR_CLASSES,
};

#define FAULT_MAX_PLANS	8

void fault_reset(void);
const char *fault_class_name(enum fault_class c);
/* Parse a class name; returns -1 if unknown. */
int fault_class_parse(const char *name);
/* Arm: the nth (1-based, counted from reset) call of @c fails with -err. */
int fault_plan(enum fault_class c, unsigned int nth, int err);
/* Arm: the next call of @c fails with -err. */
int fault_fail_next(enum fault_class c, int err);
/* Exhaustive mode: the nth injectable call of any class fails with -err. */
void fault_fail_global_nth(unsigned int nth, int err);
/* Called by a primitive: 0 to proceed, or the negative errno to return. */
int fault_should_fail(enum fault_class c);
/*
 * Called by a device for its own doings (FAULT_DMA, FAULT_DRAIN,
 * FAULT_HANG): only a program's plans fail them, never the fail-nth
 * enumeration, which is about the hyp's calls.
 */
int fault_device_should_fail(enum fault_class c);
/* Injectable calls made since reset, and whether the exhaustive mode's
 * fault fired (a run that made fewer calls than n ends the enumeration). */
unsigned int fault_calls(void);
bool fault_fired(void);
/* Faults injected since reset, of any class: a call that saw one fail
 * inside it may fail for that reason. */
unsigned int fault_injected(void);

#endif
