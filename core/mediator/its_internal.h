/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared between ITS emulation setup (its_emulate.c) and the trap side
 * (its_trap.c): setup and teardown publish and retract region->priv under
 * its_setup_lock, and a trap takes the same lock to use it, so that a
 * teardown cannot free the private state under a trap.
 */
#ifndef __EL2FUZZ_MEDIATOR_ITS_INTERNAL_H
#define __EL2FUZZ_MEDIATOR_ITS_INTERNAL_H

#include <linux/types.h>
#include <nvhe/spinlock.h>

extern hyp_spinlock_t its_setup_lock;

struct its_priv_state;

/* The physical address of a host kernel VA. */
u64 host_va_to_phys(const void *host_va);
/* The table a GITS_BASER<n> value names, for an ITS page size of @psz. */
u64 its_baser_pa(u64 baser, u64 psz);
/*
 * The L2 page a valid L1 entry names: -EINVAL if the entry has attribute
 * or RES0 bits, or names no whole ITS page the hyp could take.
 */
int its_l1_entry_pa(u64 entry, u64 psz, u64 *pa);
/* A host write of the low half of GITS_CWRITER (its_cmdq.c); under its_lock. */
void its_cmdq_write(struct its_priv_state *priv, u64 host_cwriter);
/* Teardown, the ITS disabled and quiescent: give back every mapped ITT. */
void its_cmdq_teardown(struct its_priv_state *priv);

#endif
