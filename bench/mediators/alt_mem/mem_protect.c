// SPDX-License-Identifier: GPL-2.0-only
/*
 * alt_mem: a second implementation of pKVM's host <-> hyp memory ownership
 * API, written from the facts sheet (shared/docs/HYP_API_FACTS.md, mainline
 * mem_protect.c @ 03313efed5e2) and docs/HYP_API.md, not from el2fuzz's own
 * mediator.
 *
 * Page state lives in the vmemmap (one struct hyp_page per page, reached
 * through <nvhe/memory.h>); the host stage-2 holds the identity mappings the
 * host faults in and the owner annotations of what it gave away; the hyp
 * stage-1 holds what the hyp maps. Every transition locks host then hyp
 * (the order of enum pkvm_component_id), checks the whole range, and only
 * then applies. The apply steps cannot fail once the checks passed, so they
 * are wrapped in WARN_ON and nothing is rolled back (§0 "No partial
 * effects").
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <asm/kvm_pgtable.h>
#include <asm/page.h>
#include <nvhe/memory.h>
#include <nvhe/mem_protect.h>
#include <nvhe/mm.h>
#include <nvhe/spinlock.h>

#include "mem_protect_internal.h"

/* Where an address sits: a memblock region, or the hole around it. */
struct alt_mem_span {
	phys_addr_t start;
	phys_addr_t end;	/* exclusive; the last hole ends at ~0UL */
};

/*
 * Lock helpers are named after the component: host_mmu.lock guards the
 * host stage-2 and the host's page state, pkvm_pgd_lock the hyp stage-1 and
 * the hyp's page state. Order: host before hyp, released in reverse.
 */
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
 * The IPA space the host stage-2 covers, in pages. Overflow-safe form of
 * "pfn + nr_pages <= limit": nr_pages = 0 passes whenever pfn is below the
 * limit (§0), which the zero-length rules of the callers rely on.
 */
bool pfn_range_is_valid(u64 pfn, u64 nr_pages)
{
	u64 limit = BIT_ULL(host_mmu.pgt.ia_bits - PAGE_SHIFT);

	return pfn < limit && limit - pfn >= nr_pages;
}

/*
 * Find the memblock region holding @addr, or the hole around it, in @span.
 * Returns the region, or NULL for a hole. The first hole starts at 0, the
 * last one ends at ~0UL (exclusive), as in mainline's find_mem_range(); the
 * list is short, so a linear scan does.
 */
static struct memblock_region *alt_find_span(phys_addr_t addr,
					     struct alt_mem_span *span)
{
	struct memblock_region *regs = hyp_memory;
	unsigned int i;

	span->start = 0;
	span->end = ~0UL;

	for (i = 0; i < hyp_memblock_nr; i++) {
		struct memblock_region *reg = &regs[i];
		phys_addr_t reg_end = reg->base + reg->size;

		if (addr < reg->base) {
			span->end = reg->base;
			return NULL;
		}
		if (addr < reg_end) {
			span->start = reg->base;
			span->end = reg_end;
			return reg;
		}
		span->start = reg_end;
	}

	return NULL;
}

static bool alt_span_holds(const struct alt_mem_span *span, u64 addr)
{
	return span->start <= addr && addr < span->end;
}

/*
 * [start, end) must stay inside the one region or hole that holds @start:
 * a range that crosses an edge, or wraps, is -EINVAL. Memory is fine, a hole
 * or a NOMAP region is -EPERM. An empty range tests start - 1, so its answer
 * depends on where it starts; that is mainline's rule and the callers'
 * zero-length behaviour follows from it (§0).
 */
static int check_range_allowed_memory(u64 start, u64 end)
{
	struct memblock_region *reg;
	struct alt_mem_span span;

	reg = alt_find_span(start, &span);
	if (!alt_span_holds(&span, end - 1))
		return -EINVAL;

	if (!reg || (reg->flags & MEMBLOCK_NOMAP))
		return -EPERM;

	return 0;
}

/* The boolean form, which ignores NOMAP (§0 range_is_memory). */
static bool range_is_memory(u64 start, u64 end)
{
	struct alt_mem_span span;

	if (!alt_find_span(start, &span))
		return false;

	return alt_span_holds(&span, end - 1);
}

/*
 * Per-page loops start at the page holding @addr and visit size >> PAGE_SHIFT
 * records (§0): an empty range visits none, and an unaligned size does not
 * round up.
 */
static u64 alt_nr_pages(u64 size)
{
	return size >> PAGE_SHIFT;
}

static struct hyp_page *alt_nth_page(u64 addr, u64 i)
{
	return hyp_phys_to_page(ALIGN_DOWN(addr, PAGE_SIZE) + (i << PAGE_SHIFT));
}

static int __host_check_page_state_range(u64 addr, u64 size,
					 enum pkvm_page_state state)
{
	u64 nr = alt_nr_pages(size);
	u64 i;
	int ret;

	/* Region first: a vmemmap read is only meaningful for memory. */
	ret = check_range_allowed_memory(addr, addr + size);
	if (ret)
		return ret;

	hyp_assert_lock_held(&host_mmu.lock);
	for (i = 0; i < nr; i++) {
		if (get_host_state(alt_nth_page(addr, i)) != state)
			return -EPERM;
	}

	return 0;
}

/* No memory check and no lock assertion at this revision (§0 table). */
static int __hyp_check_page_state_range(u64 addr, u64 size,
					enum pkvm_page_state state)
{
	u64 nr = alt_nr_pages(size);
	u64 i;

	for (i = 0; i < nr; i++) {
		if (get_hyp_state(alt_nth_page(addr, i)) != state)
			return -EPERM;
	}

	return 0;
}

static void __host_update_page_state(u64 addr, u64 size,
				     enum pkvm_page_state state)
{
	u64 nr = alt_nr_pages(size);
	u64 i;

	for (i = 0; i < nr; i++)
		set_host_state(alt_nth_page(addr, i), state);
}

/*
 * A host page whose state is NOPAGE has an owner annotation in the host
 * stage-2 (it was donated away); giving it a host state again must put the
 * identity mapping back first. Only the first page is looked at: the checks
 * before this made the whole range one state.
 */
static int __host_set_page_state_range(u64 addr, u64 size,
				       enum pkvm_page_state state)
{
	int ret;

	if (get_host_state(hyp_phys_to_page(addr)) == PKVM_NOPAGE) {
		ret = host_stage2_idmap_locked(addr, size, PKVM_HOST_MEM_PROT);
		if (ret)
			return ret;
	}

	__host_update_page_state(addr, size, state);

	return 0;
}

/* The hyp's state is bookkeeping only: no page table is touched here. */
static void __hyp_set_page_state_range(u64 addr, u64 size,
				       enum pkvm_page_state state)
{
	u64 nr = alt_nr_pages(size);
	u64 i;

	for (i = 0; i < nr; i++)
		set_hyp_state(alt_nth_page(addr, i), state);
}

/*
 * Annotate [addr, addr + size) for @owner_id, a component other than the
 * host, so that host faults there fail. Memory only: MMIO annotations are
 * mmio_donate.c's. The host loses the pages, so its state becomes NOPAGE.
 */
static int host_stage2_annotate_locked(u64 addr, u64 size, u8 owner_id)
{
	int ret;

	if (owner_id == PKVM_ID_HOST)
		return -EINVAL;

	if (!range_is_memory(addr, addr + size))
		return -EPERM;

	ret = host_stage2_try(kvm_pgtable_stage2_set_owner, &host_mmu.pgt,
			      addr, size, NULL, owner_id);
	if (ret)
		return ret;

	__host_update_page_state(addr, size, PKVM_NOPAGE);

	return 0;
}

int host_stage2_set_owner_locked(u64 addr, u64 size, u8 owner_id)
{
	int ret;

	switch (owner_id) {
	case PKVM_ID_HOST:
		/* Checked before the lock assertion, as in mainline. */
		if (!range_is_memory(addr, addr + size))
			return -EPERM;

		/*
		 * Map eagerly rather than wait for the host to fault: the
		 * annotation must go, and the mapping replaces it.
		 */
		ret = host_stage2_idmap_locked(addr, size, PKVM_HOST_MEM_PROT);
		if (ret)
			return ret;

		__host_update_page_state(addr, size, PKVM_PAGE_OWNED);
		return 0;
	case PKVM_ID_HYP:
		return host_stage2_annotate_locked(addr, size, owner_id);
	default:
		/* Guests and FF-A never go through here (§5). */
		return -EINVAL;
	}
}

/*
 * Map [from, to) of the hyp's linear map, page by page, each at its linear
 * physical address. Must be called with pkvm_pgd_lock held.
 *
 * Unlike mm.c, a failed page unmaps the pages this call mapped before it,
 * so that a caller whose map may legitimately fail (device memory) sees an
 * all-or-nothing result. Memory maps are WARN-wrapped by their callers and
 * never get here with a dry pool.
 */
int pkvm_create_mappings_locked(void *from, void *to, enum kvm_pgtable_prot prot)
{
	unsigned long start = ALIGN_DOWN((unsigned long)from, PAGE_SIZE);
	unsigned long end = PAGE_ALIGN((unsigned long)to);
	unsigned long nr, i;
	int ret;

	hyp_assert_lock_held(&pkvm_pgd_lock);

	nr = end > start ? (end - start) >> PAGE_SHIFT : 0;
	for (i = 0; i < nr; i++) {
		unsigned long va = start + (i << PAGE_SHIFT);

		ret = kvm_pgtable_hyp_map(&pkvm_pgtable, va, PAGE_SIZE,
					  __hyp_pa(va), prot);
		if (ret)
			goto err_unmap_mapped;
	}

	return 0;

err_unmap_mapped:
	while (i--)
		kvm_pgtable_hyp_unmap(&pkvm_pgtable, start + (i << PAGE_SHIFT),
				      PAGE_SIZE);
	return ret;
}

/*
 * Initiator (host): OWNED => SHARED_OWNED
 * Completer (hyp):  NOPAGE => SHARED_BORROWED
 *
 * No pfn-range check (§1): a pfn past the PA space wraps when shifted, and
 * the memory check judges the address it wraps to. The hyp maps the page
 * only when it first pins it.
 */
int __pkvm_host_share_hyp(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);
	u64 size = PAGE_SIZE;
	int ret;

	host_lock_component();
	hyp_lock_component();

	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;

	ret = __hyp_check_page_state_range(phys, size, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	__hyp_set_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	WARN_ON(__host_set_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED));

unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}

/*
 * Initiator (host): SHARED_OWNED => OWNED
 * Completer (hyp):  SHARED_BORROWED => NOPAGE
 *
 * A pinned page stays shared (-EBUSY): the hyp is reading it and the host
 * must not reuse it. The states are checked before the pin count, so a
 * pinned page in the wrong state is -EPERM (§2). An unpinned page has no
 * hyp mapping, so there is nothing to unmap.
 */
int __pkvm_host_unshare_hyp(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);
	u64 size = PAGE_SIZE;
	int ret;

	host_lock_component();
	hyp_lock_component();

	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED);
	if (ret)
		goto unlock;

	ret = __hyp_check_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	if (ret)
		goto unlock;

	if (hyp_page_count(hyp_phys_to_page(phys))) {
		ret = -EBUSY;
		goto unlock;
	}

	__hyp_set_page_state_range(phys, size, PKVM_NOPAGE);
	WARN_ON(__host_set_page_state_range(phys, size, PKVM_PAGE_OWNED));

unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}

/*
 * Initiator (host): OWNED => NOPAGE (annotated for the hyp)
 * Completer (hyp):  NOPAGE => OWNED (mapped PAGE_HYP at the linear address)
 */
int __pkvm_host_donate_hyp(u64 pfn, u64 nr_pages)
{
	u64 size = nr_pages << PAGE_SHIFT;
	u64 phys = hyp_pfn_to_phys(pfn);
	unsigned long va;
	int ret;

	/* Bounds nr_pages too, so size cannot overflow below. */
	if (!pfn_range_is_valid(pfn, nr_pages))
		return -EINVAL;

	va = (unsigned long)__hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;

	ret = __hyp_check_page_state_range(phys, size, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	__hyp_set_page_state_range(phys, size, PKVM_PAGE_OWNED);
	WARN_ON(pkvm_create_mappings_locked((void *)va, (void *)(va + size),
					    PAGE_HYP));
	WARN_ON(host_stage2_set_owner_locked(phys, size, PKVM_ID_HYP));

unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}

/*
 * Initiator (hyp):  OWNED => NOPAGE (unmapped)
 * Completer (host): NOPAGE => OWNED (identity-mapped again)
 *
 * The hyp's state is checked before the host's memory check (§4): the one
 * transition whose error order differs. The pin count is not looked at: a
 * page the hyp owns is never pinned (pins are for borrowed pages).
 */
int __pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	u64 size = nr_pages << PAGE_SHIFT;
	u64 phys = hyp_pfn_to_phys(pfn);
	unsigned long va;
	int ret;

	if (!pfn_range_is_valid(pfn, nr_pages))
		return -EINVAL;

	va = (unsigned long)__hyp_va(phys);

	host_lock_component();
	hyp_lock_component();

	ret = __hyp_check_page_state_range(phys, size, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;

	ret = __host_check_page_state_range(phys, size, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	__hyp_set_page_state_range(phys, size, PKVM_NOPAGE);
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, va, size) != size);
	WARN_ON(host_stage2_set_owner_locked(phys, size, PKVM_ID_HOST));

unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}

/*
 * Pin the pages of [from, to) (hyp VAs, rounded out to pages) that the host
 * shared, so that it cannot unshare them while the hyp reads them. All
 * checks cover the whole range before any count moves: no partial pins.
 * The first pin of a page maps it into the hyp.
 */
int hyp_pin_shared_mem(void *from, void *to)
{
	unsigned long start = ALIGN_DOWN((unsigned long)from, PAGE_SIZE);
	unsigned long end = PAGE_ALIGN((unsigned long)to);
	u64 phys = __hyp_pa(start);
	u64 size = end - start;
	unsigned long va;
	int ret;

	host_lock_component();
	hyp_lock_component();

	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED);
	if (ret)
		goto unlock;

	ret = __hyp_check_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	if (ret)
		goto unlock;

	for (va = start; va < end; va += PAGE_SIZE) {
		struct hyp_page *page = hyp_phys_to_page(__hyp_pa(va));

		hyp_page_ref_inc(page);
		if (hyp_page_count(page) == 1)
			WARN_ON(pkvm_create_mappings_locked((void *)va,
							    (void *)(va + PAGE_SIZE),
							    PAGE_HYP));
	}

unlock:
	hyp_unlock_component();
	host_unlock_component();

	return ret;
}

/*
 * Drop one pin of each page of [from, to). Trusts its caller, as mainline
 * does: unpinning a page never pinned is a hyp bug, and the platform's
 * refcount decrement panics on it. The last pin unmaps the page.
 */
void hyp_unpin_shared_mem(void *from, void *to)
{
	unsigned long start = ALIGN_DOWN((unsigned long)from, PAGE_SIZE);
	unsigned long end = PAGE_ALIGN((unsigned long)to);
	unsigned long va;

	host_lock_component();
	hyp_lock_component();

	for (va = start; va < end; va += PAGE_SIZE) {
		struct hyp_page *page = hyp_phys_to_page(__hyp_pa(va));

		if (hyp_page_count(page) == 1)
			WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, va,
						      PAGE_SIZE) != PAGE_SIZE);
		hyp_page_ref_dec(page);
	}

	hyp_unlock_component();
	host_unlock_component();
}
