// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO donation between the host and the hyp (alt_host, written blind from
 * the pKVM SMMUv3 series v4 02/28 and Will Deacon's review of it).
 *
 * An MMIO page has no struct hyp_page state worth trusting: the vmemmap
 * only describes memory. Ownership of a device page therefore lives in the
 * two page tables and nowhere else:
 *
 *	host stage-2 leaf	hyp stage-1 leaf	meaning
 *	empty or valid		empty			the host's
 *	annotation(HYP)		valid, device		donated to the hyp
 *	anything else					not ours to touch
 *
 * Both calls take the host lock, then the hyp lock, and read and write
 * those two leaves only under both, so that a host CPU faulting on the page
 * (which needs the host lock) sees either the state before or the state
 * after, never a half-done transition.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/kvm_pgtable.h>
#include <asm/kvm_pkvm.h>
#include <asm/page.h>
#include <nvhe/memory.h>
#include <nvhe/mem_protect.h>
#include <nvhe/mm.h>
#include <nvhe/spinlock.h>

#include "mem_protect_internal.h"

/*
 * A page of a region the hyp took at boot (the ITS frame, region 0, and any
 * other entry of pkvm_protected_regs[]). Those regions are emulated behind
 * a trap handler; giving one to the host, or accepting one as a donation,
 * would let the host reach the device the hyp mediates. The table is
 * written once at boot, before the host runs, so no lock is needed.
 */
static bool pfn_is_protected(u64 pfn)
{
	unsigned int nr = pkvm_nr_protected_regs;
	unsigned int i;

	if (nr > PKVM_PROTECTED_REGS_NUM)
		nr = PKVM_PROTECTED_REGS_NUM;

	for (i = 0; i < nr; i++) {
		const struct pkvm_protected_reg *reg = &pkvm_protected_regs[i];

		/* Written as a difference so that no pfn + nr_pages can wrap. */
		if (pfn >= reg->pfn && pfn - reg->pfn < reg->nr_pages)
			return true;
	}

	return false;
}

/*
 * The checks that need no lock: the pfn must name an address inside the
 * host's IPA space (so the shift to a physical address cannot wrap onto
 * another page, which is how mainline judges a host pfn) and that address
 * must be a device page. RAM and holes are refused with -EINVAL, as the
 * review asked: they are not what this call is for.
 */
static int check_mmio_pfn(u64 pfn, phys_addr_t *physp)
{
	phys_addr_t phys;

	if (!pfn_range_is_valid(pfn, 1))
		return -EINVAL;

	phys = hyp_pfn_to_phys(pfn);
	if (!addr_is_mmio(phys))
		return -EINVAL;

	*physp = phys;
	return 0;
}

static int host_s2_leaf_locked(phys_addr_t phys, kvm_pte_t *ptep)
{
	s8 level;

	hyp_assert_lock_held(&host_mmu.lock);
	*ptep = 0;
	return kvm_pgtable_get_leaf(&host_mmu.pgt, phys, ptep, &level);
}

static int hyp_leaf_locked(phys_addr_t phys, kvm_pte_t *ptep)
{
	s8 level;

	hyp_assert_lock_held(&pkvm_pgd_lock);
	*ptep = 0;
	return kvm_pgtable_get_leaf(&pkvm_pgtable, (u64)__hyp_va(phys), ptep, &level);
}

static bool pte_is_annotation(kvm_pte_t pte)
{
	return pte && !kvm_pte_valid(pte);
}

int __pkvm_host_donate_hyp_mmio(u64 pfn)
{
	phys_addr_t phys;
	kvm_pte_t pte;
	void *virt;
	int ret;

	ret = check_mmio_pfn(pfn, &phys);
	if (ret)
		return ret;

	if (pfn_is_protected(pfn))
		return -EPERM;

	virt = __hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	/*
	 * Host side. An empty leaf (never touched) and a valid one (the host
	 * faulted it in) are both the host's page: the annotation below
	 * replaces either. Any annotation means someone already owns it.
	 */
	ret = host_s2_leaf_locked(phys, &pte);
	if (ret)
		goto unlock;
	if (pte_is_annotation(pte)) {
		ret = -EPERM;
		goto unlock;
	}

	/*
	 * Hyp side. A hyp mapping with no annotation is a page the hyp uses
	 * for something the host was never asked about: refuse rather than
	 * map it a second time or let the reclaim path unmap it later.
	 */
	ret = hyp_leaf_locked(phys, &pte);
	if (ret)
		goto unlock;
	if (pte) {
		ret = -EBUSY;
		goto unlock;
	}

	/*
	 * Map first, then annotate: both can run out of table pages (device
	 * ranges are not covered by the boot-time pools), and undoing a hyp
	 * mapping the host never saw is safe, while undoing an annotation
	 * would briefly hand the page back.
	 */
	ret = pkvm_create_mappings_locked(virt, __hyp_va(phys + PAGE_SIZE),
					  PAGE_HYP_DEVICE);
	if (ret)
		goto unlock;

	ret = host_stage2_try(kvm_pgtable_stage2_set_owner, &host_mmu.pgt,
			      phys, PAGE_SIZE, NULL, PKVM_ID_HYP);
	if (ret)
		goto err_unmap_hyp;

	goto unlock;

err_unmap_hyp:
	/* The leaf was empty before we mapped it: exactly one page comes out. */
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, PAGE_SIZE) != PAGE_SIZE);
unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}

int __pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	phys_addr_t phys;
	kvm_pte_t pte;
	void *virt;
	int ret;

	/* Review check (1): the pfn is MMIO. */
	ret = check_mmio_pfn(pfn, &phys);
	if (ret)
		return ret;

	/* The ITS frame and its peers were never donated: never hand them out. */
	if (pfn_is_protected(pfn))
		return -EPERM;

	virt = __hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	/*
	 * Review checks (2) and (3) on the host side: the host maps nothing
	 * there (a valid leaf fails this too) and the annotation names the
	 * hyp, not some other owner.
	 */
	ret = host_s2_leaf_locked(phys, &pte);
	if (ret)
		goto unlock;
	if (!pte_is_annotation(pte) || kvm_pte_owner(pte) != PKVM_ID_HYP) {
		ret = -EPERM;
		goto unlock;
	}

	/* Review check (2) on the hyp side: the hyp holds the page mapped. */
	ret = hyp_leaf_locked(phys, &pte);
	if (ret)
		goto unlock;
	if (!kvm_pte_valid(pte)) {
		ret = -EPERM;
		goto unlock;
	}

	/*
	 * Clear the annotation first: it is the only step that can fail, so
	 * a failure leaves both tables as they were. Owner HOST writes an
	 * empty leaf, so the host's next access faults the page back in as
	 * device memory through the ordinary idmap path; nothing is mapped
	 * eagerly. The hyp mapping goes while we still hold both locks, so
	 * no host access can race with the hyp's last use of it.
	 */
	ret = host_stage2_try(kvm_pgtable_stage2_set_owner, &host_mmu.pgt,
			      phys, PAGE_SIZE, NULL, PKVM_ID_HOST);
	if (ret)
		goto unlock;

	/* Checked valid above, under the same lock: one page must come out. */
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, PAGE_SIZE) != PAGE_SIZE);

unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}
