/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the mediator's ownership files (mem_protect.c,
 * mmio_donate.c, host_stage2.c). The _locked helpers need the host lock.
 */
#ifndef __EL2FUZZ_MEM_PROTECT_INTERNAL_H
#define __EL2FUZZ_MEM_PROTECT_INTERNAL_H

#include <linux/types.h>
#include <asm/page.h>

void host_lock_component(void);
void host_unlock_component(void);
void hyp_lock_component(void);
void hyp_unlock_component(void);

/*
 * A pfn from the host names a page only if its address fits the PA space;
 * otherwise pfn << PAGE_SHIFT wraps onto some other page (the ITS frame,
 * say) while range checks still look at the pfn the host passed.
 */
static inline bool pkvm_pfn_valid(u64 pfn)
{
	return pfn <= (PHYS_MASK >> PAGE_SHIFT);
}

int pkvm_pfn_range(u64 pfn, u64 nr_pages, u64 *phys, u64 *size);
int host_stage2_set_owner_locked(u64 addr, u64 size, u8 owner_id);

#endif
