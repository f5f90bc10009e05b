/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <nvhe/mem_protect.h>: ownership of memory and MMIO between host and hyp.
 *
 * The component ids double as the page-table locking order: every
 * transition locks host, then hyp, and unlocks in reverse.
 */
#ifndef __EL2FUZZ_NVHE_MEM_PROTECT_H
#define __EL2FUZZ_NVHE_MEM_PROTECT_H

#include <linux/types.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>
#include <nvhe/spinlock.h>

enum pkvm_component_id {
	PKVM_ID_HOST,
	PKVM_ID_HYP,
	PKVM_ID_FFA,
};

struct host_mmu {
	struct kvm_pgtable pgt;
	hyp_spinlock_t lock;
};

extern struct host_mmu host_mmu;
extern struct kvm_pgtable pkvm_pgtable;
extern hyp_spinlock_t pkvm_pgd_lock;

/* Host <-> hyp transitions of memory pages. */
int __pkvm_host_share_hyp(u64 pfn);
int __pkvm_host_unshare_hyp(u64 pfn);
int __pkvm_host_donate_hyp(u64 pfn, u64 nr_pages);
int __pkvm_hyp_donate_host(u64 pfn, u64 nr_pages);
int hyp_pin_shared_mem(void *from, void *to);
void hyp_unpin_shared_mem(void *from, void *to);

/* Host <-> hyp transitions of device (MMIO) pages. */
int __pkvm_host_donate_hyp_mmio(u64 pfn);
int __pkvm_host_reclaim_hyp_mmio(u64 pfn);

/* Host stage-2 faults and page-table recycling. */
int host_stage2_idmap(u64 addr);
int handle_host_mem_abort(u64 fault_ipa);

#endif
