// SPDX-License-Identifier: GPL-2.0-only
/*
 * A mediator with a known defect, for the tools' own tests: the reclaim of
 * a donated MMIO page trusts the host and hands back any device page, the
 * ITS frame included (bench/bugs/m1). Linked as the platform wrapper's test
 * double (core/machine/wrap.c) into a replay tool, a runner and a fuzz
 * binary, it gives them a real finding to report, suppress and fuzz past:
 * O1:reclaim_mmio:returned_not_donated.
 */
#include <linux/errno.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>

int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn);

int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);

	if (!addr_is_mmio(phys))
		return -EINVAL;
	kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)__hyp_va(phys), PAGE_SIZE);
	return kvm_pgtable_stage2_set_owner(&host_mmu.pgt, phys, PAGE_SIZE, NULL, PKVM_ID_HOST);
}
