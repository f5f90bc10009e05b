// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ownership of memory pages between the host and the hyp: share, unshare,
 * donate both ways, pin and unpin.
 *
 * Every transition locks host then hyp, checks the state of the whole range
 * for both components first, and only then applies; a failure in the apply
 * phase (a page-table allocation) undoes what was applied, so a call that
 * returns an error leaves everything as it found it.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>
#include <nvhe/mm.h>

#include "mem_protect_internal.h"

void host_lock_component(void)
{
	hyp_spin_lock(&host_mmu.lock);
}

void host_unlock_component(void)
{
	hyp_spin_unlock(&host_mmu.lock);
}

void hyp_lock_component(void)
{
	hyp_spin_lock(&pkvm_pgd_lock);
}

void hyp_unlock_component(void)
{
	hyp_spin_unlock(&pkvm_pgd_lock);
}

/*
 * The physical range of @nr_pages pages from a host pfn, or -EINVAL if the
 * pfn is outside the PA space or the range's size or end overflows.
 */
int pkvm_pfn_range(u64 pfn, u64 nr_pages, u64 *phys, u64 *size)
{
	u64 end;

	if (!pkvm_pfn_valid(pfn) || !nr_pages)
		return -EINVAL;
	*phys = hyp_pfn_to_phys(pfn);
	if (check_mul_overflow(nr_pages, (u64)PAGE_SIZE, size) ||
	    check_add_overflow(*phys, *size, &end))
		return -EINVAL;
	return 0;
}

static int __host_check_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 end;
	u64 a;

	/* A range that wraps would be checked as empty and pass. */
	if (check_add_overflow(addr, size, &end))
		return -EINVAL;
	for (a = addr; a < end; a += PAGE_SIZE) {
		if (!addr_is_memory(a))
			return -EPERM;
		if (get_host_state(hyp_phys_to_page(a)) != state)
			return -EPERM;
	}
	return 0;
}

static int __hyp_check_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 end;
	u64 a;

	/* A range that wraps would be checked as empty and pass. */
	if (check_add_overflow(addr, size, &end))
		return -EINVAL;
	for (a = addr; a < end; a += PAGE_SIZE) {
		if (!addr_is_memory(a))
			return -EPERM;
		if (get_hyp_state(hyp_phys_to_page(a)) != state)
			return -EPERM;
	}
	return 0;
}

/* Both components' states over the whole range, before anything changes. */
static int __check_page_state_range(u64 addr, u64 size, enum pkvm_page_state host,
				    enum pkvm_page_state hyp)
{
	return __host_check_page_state_range(addr, size, host) ?:
	       __hyp_check_page_state_range(addr, size, hyp);
}

static void __host_set_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 end = addr + size;
	u64 a;

	for (a = addr; a < end; a += PAGE_SIZE)
		set_host_state(hyp_phys_to_page(a), state);
}

static void __hyp_set_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 end = addr + size;
	u64 a;

	for (a = addr; a < end; a += PAGE_SIZE)
		set_hyp_state(hyp_phys_to_page(a), state);
}

/*
 * Annotate the host stage-2 with @owner_id; for memory also track the
 * host's state: it owns the pages again, or it has no page any more.
 */
int host_stage2_set_owner_locked(u64 addr, u64 size, u8 owner_id)
{
	int ret;

	hyp_assert_lock_held(&host_mmu.lock);
	ret = kvm_pgtable_stage2_set_owner(&host_mmu.pgt, addr, size, NULL, owner_id);
	if (ret)
		return ret;
	if (addr_is_memory(addr))
		__host_set_page_state_range(addr, size, owner_id == PKVM_ID_HOST ?
					    PKVM_PAGE_OWNED : PKVM_NOPAGE);
	return 0;
}

int pkvm_create_mappings_locked(void *from, void *to, enum kvm_pgtable_prot prot)
{
	u64 start = ALIGN_DOWN((u64)from, (u64)PAGE_SIZE);
	u64 end = PAGE_ALIGN((u64)to);

	hyp_assert_lock_held(&pkvm_pgd_lock);
	return kvm_pgtable_hyp_map(&pkvm_pgtable, start, end - start, __hyp_pa(start), prot);
}

int __pkvm_host_share_hyp(u64 pfn)
{
	void *virt;
	u64 phys;
	u64 size;
	int ret;

	ret = pkvm_pfn_range(pfn, 1, &phys, &size);
	if (ret)
		return ret;
	virt = __hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	/* Host: OWNED => SHARED_OWNED / hyp: NOPAGE => SHARED_BORROWED */
	ret = __check_page_state_range(phys, size, PKVM_PAGE_OWNED, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	ret = pkvm_create_mappings_locked(virt, virt + size, PAGE_HYP);
	if (ret)
		goto unlock;
	__hyp_set_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	__host_set_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED);

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_host_unshare_hyp(u64 pfn)
{
	void *virt;
	u64 phys;
	u64 size;
	int ret;

	ret = pkvm_pfn_range(pfn, 1, &phys, &size);
	if (ret)
		return ret;
	virt = __hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	/* Host: SHARED_OWNED => OWNED / hyp: SHARED_BORROWED => NOPAGE */
	ret = __check_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED,
				       PKVM_PAGE_SHARED_BORROWED);
	if (ret)
		goto unlock;
	/* The hyp still reads it: the host must not get it back for reuse. */
	if (hyp_page_count(hyp_phys_to_page(phys))) {
		ret = -EBUSY;
		goto unlock;
	}

	__hyp_set_page_state_range(phys, size, PKVM_NOPAGE);
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, size) != size);
	__host_set_page_state_range(phys, size, PKVM_PAGE_OWNED);

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_host_donate_hyp(u64 pfn, u64 nr_pages)
{
	void *virt;
	u64 phys;
	u64 size;
	int ret;

	ret = pkvm_pfn_range(pfn, nr_pages, &phys, &size);
	if (ret)
		return ret;
	virt = __hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	/* Host: OWNED => NOPAGE / hyp: NOPAGE => OWNED */
	ret = __check_page_state_range(phys, size, PKVM_PAGE_OWNED, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	ret = pkvm_create_mappings_locked(virt, virt + size, PAGE_HYP);
	if (ret)
		goto unlock;
	ret = host_stage2_set_owner_locked(phys, size, PKVM_ID_HYP);
	if (ret)
		goto err_unmap;
	__hyp_set_page_state_range(phys, size, PKVM_PAGE_OWNED);
	goto unlock;

err_unmap:
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, size) != size);
unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	void *virt;
	u64 phys;
	u64 size;
	int ret;

	ret = pkvm_pfn_range(pfn, nr_pages, &phys, &size);
	if (ret)
		return ret;
	virt = __hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	/* Hyp: OWNED => NOPAGE / host: NOPAGE => OWNED */
	ret = __check_page_state_range(phys, size, PKVM_NOPAGE, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;

	/* Unmap from the hyp before the host can map it. */
	__hyp_set_page_state_range(phys, size, PKVM_NOPAGE);
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, size) != size);
	WARN_ON(host_stage2_set_owner_locked(phys, size, PKVM_ID_HOST));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int hyp_pin_shared_mem(void *from, void *to)
{
	u64 start = ALIGN_DOWN((u64)from, (u64)PAGE_SIZE);
	u64 end = PAGE_ALIGN((u64)to);
	u64 phys = __hyp_pa(start);
	u64 size = end - start;
	u64 cur;
	int ret;

	if (end <= start)
		return -EINVAL;

	host_lock_component();
	hyp_lock_component();

	ret = __check_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED,
				       PKVM_PAGE_SHARED_BORROWED);
	if (ret)
		goto unlock;

	for (cur = phys; cur < phys + size; cur += PAGE_SIZE)
		hyp_page_ref_inc(hyp_phys_to_page(cur));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

void hyp_unpin_shared_mem(void *from, void *to)
{
	u64 start = ALIGN_DOWN((u64)from, (u64)PAGE_SIZE);
	u64 end = PAGE_ALIGN((u64)to);
	u64 cur;

	host_lock_component();
	hyp_lock_component();

	for (cur = __hyp_pa(start); cur < __hyp_pa(end); cur += PAGE_SIZE)
		hyp_page_ref_dec(hyp_phys_to_page(cur));

	hyp_unlock_component();
	host_unlock_component();
}
