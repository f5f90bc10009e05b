// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ownership of memory pages between the host and the hyp: share, unshare,
 * donate both ways, pin and unpin, with mainline pKVM's behaviour for every
 * argument, edge cases included (docs/HYP_API.md: one table per function,
 * with the source of each fact).
 *
 * Every transition locks host then hyp and checks the whole range for both
 * components before anything changes, so a refused call leaves no trace.
 * The steps after the checks cannot fail: each is wrapped in WARN_ON, and
 * nothing is rolled back. A WARN there means the checks missed something,
 * which is a hyp bug, not bad host input.
 *
 * What the kernel does not check, this file does not check either: a
 * mediator that counts on a refusal the kernel would not give must show up
 * here as it would on a real kernel.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>
#include <nvhe/mm.h>

#include "mem_protect_internal.h"

/* A memblock region, or the hole between two of them: [start, end). */
struct kvm_mem_range {
	u64 start;
	u64 end;
};

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
 * @nr_pages pages from @pfn lie inside the host's IPA space. Written so
 * that nothing overflows; an empty range passes at any pfn inside it.
 */
bool pfn_range_is_valid(u64 pfn, u64 nr_pages)
{
	u64 limit = BIT_ULL(host_mmu.pgt.ia_bits - PAGE_SHIFT);

	return pfn < limit && limit - pfn >= nr_pages;
}

static bool is_in_mem_range(u64 addr, const struct kvm_mem_range *range)
{
	return range->start <= addr && addr < range->end;
}

/*
 * The memblock region that holds @addr, or NULL if a hole holds it; either
 * way @range is set to that region or hole. The first hole starts at 0, the
 * last one runs up to (not including) the top address.
 */
static struct memblock_region *find_mem_range(u64 addr, struct kvm_mem_range *range)
{
	struct memblock_region *regs = hyp_memory;
	struct memblock_region *reg;
	unsigned int i;

	range->start = 0;
	range->end = ~0ULL;
	for (i = 0; i < hyp_memblock_nr; i++) {
		reg = &regs[i];
		if (addr < reg->base) {
			range->end = reg->base;
			return NULL;
		}
		if (addr - reg->base < reg->size) {
			range->start = reg->base;
			range->end = reg->base + reg->size;
			return reg;
		}
		range->start = reg->base + reg->size;
	}
	return NULL;
}

/*
 * [start, end) must lie in a single region or a single hole: one state
 * check cannot speak for memory and MMIO at once, nor for two regions,
 * even contiguous ones. It is judged by end - 1, so a wrapped end fails,
 * and an empty range is judged by the byte before @start: -EINVAL at the
 * first byte of a region or hole, else as the place it is in.
 */
static int check_range_allowed_memory(u64 start, u64 end)
{
	struct memblock_region *reg;
	struct kvm_mem_range range;

	reg = find_mem_range(start, &range);
	if (!is_in_mem_range(end - 1, &range))
		return -EINVAL;
	if (!reg || (reg->flags & MEMBLOCK_NOMAP))
		return -EPERM;
	return 0;
}

/* As above, as a predicate; NOMAP regions count as memory here. */
static bool range_is_memory(u64 start, u64 end)
{
	struct kvm_mem_range range;

	if (!find_mem_range(start, &range))
		return false;
	return is_in_mem_range(end - 1, &range);
}

/*
 * The per-page loops below visit the vmemmap entries of a range as the
 * kernel does: from the page holding @addr, size / PAGE_SIZE of them,
 * rounded down. An empty range visits nothing.
 */
static int __host_check_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 phys = ALIGN_DOWN(addr, (u64)PAGE_SIZE);
	u64 nr = size >> PAGE_SHIFT;
	int ret;
	u64 i;

	/* Before any vmemmap read: only memory has entries to read. */
	ret = check_range_allowed_memory(addr, addr + size);
	if (ret)
		return ret;

	hyp_assert_lock_held(&host_mmu.lock);
	for (i = 0; i < nr; i++, phys += PAGE_SIZE) {
		if (get_host_state(hyp_phys_to_page(phys)) != state)
			return -EPERM;
	}
	return 0;
}

static int __hyp_check_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 phys = ALIGN_DOWN(addr, (u64)PAGE_SIZE);
	u64 nr = size >> PAGE_SHIFT;
	u64 i;

	for (i = 0; i < nr; i++, phys += PAGE_SIZE) {
		if (get_hyp_state(hyp_phys_to_page(phys)) != state)
			return -EPERM;
	}
	return 0;
}

static void __host_update_page_state(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 phys = ALIGN_DOWN(addr, (u64)PAGE_SIZE);
	u64 nr = size >> PAGE_SHIFT;
	u64 i;

	for (i = 0; i < nr; i++, phys += PAGE_SIZE)
		set_host_state(hyp_phys_to_page(phys), state);
}

static void __hyp_set_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
{
	u64 phys = ALIGN_DOWN(addr, (u64)PAGE_SIZE);
	u64 nr = size >> PAGE_SHIFT;
	u64 i;

	for (i = 0; i < nr; i++, phys += PAGE_SIZE)
		set_hyp_state(hyp_phys_to_page(phys), state);
}

/*
 * A page the host had no access to (NOPAGE) gets its identity mapping back
 * first; a page the host keeps access to is left as it is mapped. Only the
 * first page decides: callers pass ranges in one state.
 */
static int __host_set_page_state_range(u64 addr, u64 size, enum pkvm_page_state state)
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

/*
 * Replace the host's view of a memory range with an owner annotation, an
 * invalid entry that makes host faults there fail and that recycling
 * under memory pressure keeps; the host has no page there any more. (The
 * kernel also refuses an owner id wider than its field; here the field
 * holds any u8, and there is no metadata to check.)
 */
static int host_stage2_annotate_locked(u64 addr, u64 size, u8 owner_id)
{
	int ret;

	if (owner_id == PKVM_ID_HOST)
		return -EINVAL;
	if (!range_is_memory(addr, addr + size))
		return -EPERM;

	ret = host_stage2_try(kvm_pgtable_stage2_set_owner, &host_mmu.pgt, addr, size,
			      NULL, owner_id);
	if (ret)
		return ret;
	__host_update_page_state(addr, size, PKVM_NOPAGE);
	return 0;
}

/*
 * Memory only. Back to the host: id-map the range at once, and the host
 * owns it again. To the hyp: annotate it, and the host has no page there.
 */
int host_stage2_set_owner_locked(u64 addr, u64 size, u8 owner_id)
{
	int ret = -EINVAL;

	switch (owner_id) {
	case PKVM_ID_HOST:
		if (!range_is_memory(addr, addr + size))
			return -EPERM;
		ret = host_stage2_idmap_locked(addr, size, PKVM_HOST_MEM_PROT);
		if (!ret)
			__host_update_page_state(addr, size, PKVM_PAGE_OWNED);
		break;
	case PKVM_ID_HYP:
		ret = host_stage2_annotate_locked(addr, size, owner_id);
		break;
	}
	return ret;
}

/* Page by page, at the hyp's linear address of each. */
int pkvm_create_mappings_locked(void *from, void *to, enum kvm_pgtable_prot prot)
{
	u64 start = ALIGN_DOWN((u64)from, (u64)PAGE_SIZE);
	u64 end = PAGE_ALIGN((u64)to);
	u64 virt;
	int ret;

	hyp_assert_lock_held(&pkvm_pgd_lock);
	for (virt = start; virt < end; virt += PAGE_SIZE) {
		ret = kvm_pgtable_hyp_map(&pkvm_pgtable, virt, PAGE_SIZE, __hyp_pa(virt), prot);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * No pfn range check: phys is pfn << PAGE_SHIFT in 64 bits, and a pfn past
 * the PA space wraps onto a lower page, as in the kernel.
 */
int __pkvm_host_share_hyp(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);
	u64 size = PAGE_SIZE;
	int ret;

	host_lock_component();
	hyp_lock_component();

	/* Initiator: OWNED => SHARED_OWNED / Completer: NOPAGE => SHARED_BORROWED */
	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;
	ret = __hyp_check_page_state_range(phys, size, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	/* No hyp mapping yet: the first pin makes one. */
	__hyp_set_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	WARN_ON(__host_set_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_host_unshare_hyp(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);
	u64 size = PAGE_SIZE;
	int ret;

	host_lock_component();
	hyp_lock_component();

	/* Initiator: SHARED_OWNED => OWNED / Completer: SHARED_BORROWED => NOPAGE */
	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED);
	if (ret)
		goto unlock;
	ret = __hyp_check_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	if (ret)
		goto unlock;
	/* The hyp still reads it: the host must not get it back for reuse. */
	if (hyp_page_count(hyp_phys_to_page(phys))) {
		ret = -EBUSY;
		goto unlock;
	}

	/* Unpinned, so the hyp maps nothing here: no unmap to do. */
	__hyp_set_page_state_range(phys, size, PKVM_NOPAGE);
	WARN_ON(__host_set_page_state_range(phys, size, PKVM_PAGE_OWNED));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_host_donate_hyp(u64 pfn, u64 nr_pages)
{
	u64 size = PAGE_SIZE * nr_pages;
	u64 phys = hyp_pfn_to_phys(pfn);
	void *virt = __hyp_va(phys);
	int ret;

	if (!pfn_range_is_valid(pfn, nr_pages))
		return -EINVAL;

	host_lock_component();
	hyp_lock_component();

	/* Initiator: OWNED => NOPAGE / Completer: NOPAGE => OWNED */
	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;
	ret = __hyp_check_page_state_range(phys, size, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	__hyp_set_page_state_range(phys, size, PKVM_PAGE_OWNED);
	WARN_ON(pkvm_create_mappings_locked(virt, virt + size, PAGE_HYP));
	WARN_ON(host_stage2_set_owner_locked(phys, size, PKVM_ID_HYP));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

int __pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	u64 size = PAGE_SIZE * nr_pages;
	u64 phys = hyp_pfn_to_phys(pfn);
	void *virt = __hyp_va(phys);
	int ret;

	if (!pfn_range_is_valid(pfn, nr_pages))
		return -EINVAL;

	host_lock_component();
	hyp_lock_component();

	/*
	 * Initiator: OWNED => NOPAGE / Completer: NOPAGE => OWNED. The hyp's
	 * side first, as in the kernel: its vmemmap read has no memory check
	 * before it, so a range outside memory fails there or at the host's.
	 */
	ret = __hyp_check_page_state_range(phys, size, PKVM_PAGE_OWNED);
	if (ret)
		goto unlock;
	ret = __host_check_page_state_range(phys, size, PKVM_NOPAGE);
	if (ret)
		goto unlock;

	/* Unmapped from the hyp before the host maps it again. */
	__hyp_set_page_state_range(phys, size, PKVM_NOPAGE);
	WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)virt, size) != size);
	WARN_ON(host_stage2_set_owner_locked(phys, size, PKVM_ID_HOST));

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

/*
 * [from, to) is widened to whole pages; from == to names no page if
 * aligned and one page if not. The hyp maps a page on its first pin.
 */
int hyp_pin_shared_mem(void *from, void *to)
{
	u64 start = ALIGN_DOWN((u64)from, (u64)PAGE_SIZE);
	u64 end = PAGE_ALIGN((u64)to);
	u64 phys = __hyp_pa(start);
	u64 size = end - start;
	struct hyp_page *p;
	u64 cur;
	int ret;

	host_lock_component();
	hyp_lock_component();

	ret = __host_check_page_state_range(phys, size, PKVM_PAGE_SHARED_OWNED);
	if (ret)
		goto unlock;
	ret = __hyp_check_page_state_range(phys, size, PKVM_PAGE_SHARED_BORROWED);
	if (ret)
		goto unlock;

	for (cur = start; cur < end; cur += PAGE_SIZE) {
		p = hyp_phys_to_page(__hyp_pa(cur));
		hyp_page_ref_inc(p);
		if (hyp_page_count(p) == 1)
			WARN_ON(pkvm_create_mappings_locked((void *)cur, (void *)(cur + PAGE_SIZE),
							    PAGE_HYP));
	}

unlock:
	hyp_unlock_component();
	host_unlock_component();
	return ret;
}

/*
 * Checks nothing: the hyp drops only pins it holds. A page never pinned
 * takes the count below zero, which the kernel treats as a bug (a panic).
 */
void hyp_unpin_shared_mem(void *from, void *to)
{
	u64 start = ALIGN_DOWN((u64)from, (u64)PAGE_SIZE);
	u64 end = PAGE_ALIGN((u64)to);
	struct hyp_page *p;
	u64 cur;

	host_lock_component();
	hyp_lock_component();

	for (cur = start; cur < end; cur += PAGE_SIZE) {
		p = hyp_phys_to_page(__hyp_pa(cur));
		/* The last pin goes: the hyp stops mapping the page. */
		if (hyp_page_count(p) == 1)
			WARN_ON(kvm_pgtable_hyp_unmap(&pkvm_pgtable, cur, PAGE_SIZE) != PAGE_SIZE);
		hyp_page_ref_dec(p);
	}

	hyp_unlock_component();
	host_unlock_component();
}
