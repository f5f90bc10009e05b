/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_pkvm.h>: MMIO regions the host registered at boot as protected
 * (unmapped from the host, owned by the hyp, their accesses trapped). The
 * hyp keeps its per-region private state in ->priv.
 */
#ifndef __EL2FUZZ_ASM_KVM_PKVM_H
#define __EL2FUZZ_ASM_KVM_PKVM_H

#include <linux/types.h>

struct pkvm_protected_reg {
	u64 pfn;
	u64 nr_pages;
	void *priv;
};

#define PKVM_PROTECTED_REGS_NUM	8

extern struct pkvm_protected_reg pkvm_protected_regs[PKVM_PROTECTED_REGS_NUM];
extern unsigned int pkvm_nr_protected_regs;

/*
 * The ITS emulation (the series' v2 "LKP" naming). The host prepares
 * struct its_host_state in one page of its own memory and passes it, with
 * pages for the hyp's private state, to pkvm_its_emulate_setup(). Pointers
 * are host kernel VAs; every field is host-controlled and hostile. What the
 * hyp keeps in those private pages is its own: no struct for it here.
 */
struct its_baser_state {
	u64 val;		/* the GITS_BASER<n> value the host programmed */
	void *base;		/* the real table, as the hardware uses it */
	void *base_snapshot;	/* the host's copy of an indirect table's L1 */
	u32 order;		/* log2 of the host pages in the allocation */
	u32 psz;		/* ITS page size in bytes */
};

struct its_host_state {
	void *cmd_original;	/* the real command queue */
	void *cmd_host_copy;	/* the host's copy the hyp reads commands from */
	u64 cmdq_len;		/* queue bytes */
	struct its_baser_state tables[8];
};

/* The entry points that take these: <nvhe/its_emulate.h>. */

#endif
