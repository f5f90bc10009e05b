/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the mediator's ownership files (mem_protect.c,
 * mmio_donate.c, host_stage2.c). The _locked helpers need the host lock.
 */
#ifndef __EL2FUZZ_MEM_PROTECT_INTERNAL_H
#define __EL2FUZZ_MEM_PROTECT_INTERNAL_H

#include <linux/errno.h>
#include <linux/types.h>
#include <asm/kvm_pgtable.h>
#include <asm/page.h>
#include <nvhe/mem_protect.h>

/* How the host stage-2 identity-maps memory and everything else. */
#define PKVM_HOST_MEM_PROT	KVM_PGTABLE_PROT_RWX
#define PKVM_HOST_MMIO_PROT	(KVM_PGTABLE_PROT_RW | KVM_PGTABLE_PROT_DEVICE)

void host_lock_component(void);
void host_unlock_component(void);
void hyp_lock_component(void);
void hyp_unlock_component(void);

bool pfn_range_is_valid(u64 pfn, u64 nr_pages);

int host_stage2_set_owner_locked(u64 addr, u64 size, u8 owner_id);
int host_stage2_idmap_locked(u64 addr, u64 size, enum kvm_pgtable_prot prot);
int host_stage2_unmap_dev_all(void);

/*
 * Run a host stage-2 operation with the host lock held. If the table pool
 * is dry, recycle the host's device mappings (the host faults them back
 * in; owner annotations stay) and try once more.
 */
#define host_stage2_try(fn, ...)					\
	({								\
		int __ret;						\
									\
		hyp_assert_lock_held(&host_mmu.lock);			\
		__ret = fn(__VA_ARGS__);				\
		if (__ret == -ENOMEM) {					\
			__ret = host_stage2_unmap_dev_all();		\
			if (!__ret)					\
				__ret = fn(__VA_ARGS__);		\
		}							\
		__ret;							\
	})

#endif
