/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shared: the hyp's accesses to state both its CPUs can reach, while the
 * second CPU is armed or in the hyp (cpu.h), with the kind of accessor
 * each was made with. The mediator's loads and stores (sancov.c) and
 * device accesses (platform.c) come here; marked accesses are named just
 * before they happen (__hyp_once, smp_store_release's "release"); what
 * comes out goes to CPU 0's store buffer (sbuf.h) and to the layers above
 * (struct platform_hooks.shared and .sync).
 */
#ifndef EL2FUZZ_SHARED_H
#define EL2FUZZ_SHARED_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"

/* Set while an episode is on (cpu.c): the only test on the hot path. */
extern bool shared_on;

void shared_reset(void);
void shared_access(uintptr_t addr, uint64_t len, bool store);
void shared_device(uint64_t pa, unsigned int width, bool write);
/*
 * A plain access to a field of the vmemmap (SHARED_VMEMMAP_KEY) through
 * the platform's accessors: an interleaving point and an access O17
 * judges, as a load or store of hyp memory both CPUs reach. Never
 * buffered: the records are the machine's own, read above as they are.
 */
void shared_vmemmap(uint64_t key, bool store);
/* smp_store_release: the CPU's next store is a release. */
void shared_release_next(void);
/* smp_load_acquire: the CPU's last marked load was an acquire. */
void shared_acquire(void);

#endif
