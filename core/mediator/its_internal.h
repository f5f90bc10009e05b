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
#include <asm/kvm_pkvm.h>
#include <nvhe/spinlock.h>

extern hyp_spinlock_t its_setup_lock;

/*
 * An ITT page mapped through MAPD, and the device it is mapped for.
 * @unmapping: 0, or the tag of the MAPD V=0 on its way to the ITS that
 * unmaps it: the page goes back once the ITS has run that command, and is
 * no longer the device's mapping for the commands filtered after it.
 */
struct its_dte_entry {
	u32 device_id;
	u8 unmapping;
	u64 itt_pfn;
};

/*
 * The hyp's private state, built in the pages the host donated at setup
 * and published in the protected region's ->priv: never host-visible, and
 * nothing outside the mediator reads it.
 */
struct its_priv_state {
	void __iomem *base;		/* the ITS frame */
	void *cmd_original;		/* hyp VA of the real queue */
	void *cmd_host_copy;		/* hyp VA of the host's queue (shared, pinned) */
	u64 cmd_offset;			/* the hyp's read position in the queue */
	u64 cwriter;			/* GITS_CWRITER as the host last wrote it */
	bool needs_flush;		/* queue not inner-shareable: clean to PoC */
	hyp_spinlock_t its_lock;
	/* The host's description, donated to the hyp and checked at setup. */
	struct its_host_state *host_state;
	u64 nr_pages;			/* pages of this private state */
	u32 empty_entry;
	u32 num_tracked_entries;
	/*
	 * Entries from here on are free: scans stop here, so a command costs
	 * the ITT pages mapped, not the room the host gave.
	 */
	u32 num_used_entries;
	struct its_dte_entry tracked_entries[];
};

/*
 * Whether the ITS, told @attrs (a GITS_CBASER or GITS_BASER<n> value),
 * reads memory without snooping the CPUs' caches: non-shareable, or not
 * cacheable (Device or Non-cacheable inner attributes). Then the hyp must
 * clean what it writes there to the point of coherency.
 */
static inline bool its_attrs_need_clean(u64 attrs)
{
	return ((attrs >> 10) & 3) != 1 ||	/* Shareability: InnerShareable */
	       ((attrs >> 59) & 7) < 2;		/* InnerCache: Device, nC */
}

/* The physical address of a host kernel VA. */
u64 host_va_to_phys(const void *host_va);
/* The table a GITS_BASER<n> value names, for an ITS page size of @psz. */
u64 its_baser_pa(u64 baser, u64 psz);
/* The L1 entries of a two-level table (GITS_BASER value @baser) the device indexes. */
u64 its_l1_entries(u64 typer, u64 baser, u64 psz);
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
