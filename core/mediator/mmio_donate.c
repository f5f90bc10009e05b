// SPDX-License-Identifier: GPL-2.0-only
/*
 * Donation of device (MMIO) pages between the host and the hyp. Not in
 * mainline: from the pKVM SMMUv3 series, with the checks Will Deacon asked
 * for in its review (docs/HYP_API.md).
 *
 * MMIO has no vmemmap entry, so ownership lives in the page tables: the hyp
 * maps a donated page as device memory and the host stage-2 keeps an owner
 * annotation in place of a mapping. The annotation is what makes a host
 * fault on the page fail and what page-table recycling must not clear.
 * host_stage2_set_owner_locked() takes memory only, so the annotation is
 * written here directly.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/kvm_pgtable.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>
#include <nvhe/mm.h>

#include "mem_protect_internal.h"

/* A region the hyp itself uses (the ITS frame): never handed back. */
static bool pkvm_mmio_is_protected(u64 pfn)
{
	unsigned int i;

	for (i = 0; i < pkvm_nr_protected_regs; i++) {
		const struct pkvm_protected_reg *reg = &pkvm_protected_regs[i];

		if (pfn >= reg->pfn && pfn - reg->pfn < reg->nr_pages)
			return true;
	}
	return false;
}

int __pkvm_host_donate_hyp_mmio(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);
	void *virt = __hyp_va(phys);
	kvm_pte_t pte;
	int ret;

	if (!pfn_range_is_valid(pfn, 1) || !addr_is_mmio(phys))
		return -EINVAL;

	host_lock_component();
	hyp_lock_component();

	ret = kvm_pgtable_get_leaf(&host_mmu.pgt, phys, &pte, NULL);
	if (ret)
		goto unlock;
	/* Invalid but not empty: somebody's owner annotation is already there. */
	if (pte && !kvm_pte_valid(pte)) {
		ret = -EPERM;
		goto unlock;
	}
	ret = kvm_pgtable_get_leaf(&pkvm_pgtable, (u64)virt, &pte, NULL);
	if (ret)
		goto unlock;
	if (pte) {
		ret = -EBUSY;
		goto unlock;
	}

	ret = pkvm_create_mappings_locked(virt, virt + PAGE_SIZE, PAGE_HYP_DEVICE);
	if (ret)
		goto unlock;
	ret = host_stage2_try(kvm_pgtable_stage2_set_owner, &host_mmu.pgt, phys, PAGE_SIZE,
			      NULL, PKVM_ID_HYP);
	if (ret)
		goto err_unmap;
	goto unlock;

err_unmap:
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, PAGE_SIZE) != PAGE_SIZE);
unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);
	void *virt = __hyp_va(phys);
	kvm_pte_t host_pte;
	kvm_pte_t hyp_pte;
	int ret;

	if (!pfn_range_is_valid(pfn, 1) || !addr_is_mmio(phys))
		return -EINVAL;

	host_lock_component();
	hyp_lock_component();

	if (pkvm_mmio_is_protected(pfn)) {
		ret = -EPERM;
		goto unlock;
	}
	ret = kvm_pgtable_get_leaf(&host_mmu.pgt, phys, &host_pte, NULL);
	if (ret)
		goto unlock;
	ret = kvm_pgtable_get_leaf(&pkvm_pgtable, (u64)virt, &hyp_pte, NULL);
	if (ret)
		goto unlock;
	/*
	 * The hyp owns it (an annotation naming the hyp, and the hyp's device
	 * mapping), and the host maps nothing there.
	 */
	if (kvm_pte_valid(host_pte) || kvm_pte_owner(host_pte) != PKVM_ID_HYP ||
	    !kvm_pte_valid(hyp_pte) || !(hyp_pte & KVM_PTE_LEAF_ATTR_DEVICE)) {
		ret = -EPERM;
		goto unlock;
	}

	/*
	 * Unmap from the hyp before the host may fault the page back in; the
	 * annotation goes, and the host's next fault maps the page as MMIO.
	 */
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, PAGE_SIZE) != PAGE_SIZE);
	WARN_ON(host_stage2_try(kvm_pgtable_stage2_set_owner, &host_mmu.pgt, phys, PAGE_SIZE,
				NULL, PKVM_ID_HOST));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}
