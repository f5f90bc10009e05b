/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_pkvm.h>: MMIO regions the host registered at boot as protected
 * (unmapped from the host, owned by the hyp, their accesses trapped). The
 * hyp keeps its per-region private state in ->priv.
 */
#ifndef __EL2FUZZ_ASM_KVM_PKVM_H
#define __EL2FUZZ_ASM_KVM_PKVM_H

#include <linux/types.h>
#include <nvhe/spinlock.h>

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
 * are host kernel VAs; every field is host-controlled and hostile.
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

struct its_dte_entry {
	u32 device_id;
	u64 itt_pfn;
};

/* Private to the hyp: built in pages the host donated, never host-visible. */
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
	struct its_dte_entry tracked_entries[];
};

int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
			   u64 priv_num_pages);
int pkvm_its_emulate_teardown(phys_addr_t dev_addr);
/*
 * A host access to the ITS frame, trapped: @reg_size bytes at @offset;
 * a write of *@reg, or a read into *@reg.
 */
int pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			     bool write, u64 *reg, u8 reg_size);

#endif
