// SPDX-License-Identifier: GPL-2.0-only
/*
 * alt_mem: the host stage-2 side of ownership. The host runs behind an
 * identity map it faults in lazily: what it owns (or shares, or what no one
 * claimed) is mapped on its first access; a page annotated for another owner
 * is refused, and the host takes an abort. Written from HYP_API_FACTS.md §6
 * and docs/HYP_API.md, not from el2fuzz's own mediator.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <asm/kvm_pgtable.h>
#include <asm/page.h>
#include <nvhe/memory.h>
#include <nvhe/mem_protect.h>
#include <nvhe/spinlock.h>

#include "mem_protect_internal.h"

/* True if @addr lies in a memblock region (reserved memory included). */
static bool host_addr_in_memblock(phys_addr_t addr)
{
	struct memblock_region *regs = hyp_memory;
	unsigned int i;

	for (i = 0; i < hyp_memblock_nr; i++) {
		if (addr >= regs[i].base && addr - regs[i].base < regs[i].size)
			return true;
	}

	return false;
}

/* Lowest annotated (invalid, non-zero) leaf a walk has seen so far. */
static int host_first_annotation_cb(u64 addr, kvm_pte_t pte, void *arg)
{
	u64 *first = arg;

	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	if (!kvm_pte_valid(pte) && addr < *first)
		*first = addr;

	return 0;
}

/*
 * Unmap the host's mappings of [start, end), a range outside memory, but
 * step around owner annotations: the platform's stage-2 unmap clears an
 * annotation as it clears a mapping (mainline's walker does too; only the
 * SMMU series changed it), and an MMIO page donated to the hyp has nothing
 * but its annotation to keep the host out. The walk visits leaves in no
 * particular order, so each pass looks for the lowest annotation left, and
 * the span below it is unmapped in one call.
 */
static int host_stage2_unmap_dev_range(struct kvm_pgtable *pgt, u64 start,
				       u64 end)
{
	struct kvm_pgtable_walker walker = {
		.cb	= host_first_annotation_cb,
	};
	u64 first;
	int ret;

	while (start < end) {
		first = end;
		walker.arg = &first;
		ret = kvm_pgtable_walk(pgt, start, end - start, &walker);
		if (ret)
			return ret;

		if (first < start)
			first = start;
		if (first > start) {
			ret = kvm_pgtable_stage2_unmap(pgt, start, first - start);
			if (ret)
				return ret;
		}

		/* Past the annotated page, which stays as it is. */
		start = first + PAGE_SIZE;
	}

	return 0;
}

/*
 * Free table pages by dropping every identity mapping the host has outside
 * memory (device frames and holes): the host faults them back in on its next
 * access. Memory mappings are left alone, since they may be dropped only
 * through an ownership change, and so are owner annotations, since they are
 * what keeps the host out of donated pages. Needs the host lock.
 */
int host_stage2_unmap_dev_all(void)
{
	struct memblock_region *regs = hyp_memory;
	struct kvm_pgtable *pgt = &host_mmu.pgt;
	u64 ipa_end = BIT_ULL(pgt->ia_bits);
	unsigned int i;
	u64 addr = 0;
	int ret;

	hyp_assert_lock_held(&host_mmu.lock);

	for (i = 0; i < hyp_memblock_nr; i++) {
		struct memblock_region *reg = &regs[i];

		if (reg->base >= ipa_end)
			break;

		/* The hole below this region. */
		ret = host_stage2_unmap_dev_range(pgt, addr, reg->base);
		if (ret)
			return ret;

		addr = reg->base + reg->size;
	}

	return host_stage2_unmap_dev_range(pgt, addr, ipa_end);
}

/*
 * Identity-map [addr, addr + size) in the host stage-2. Needs the host
 * lock; a dry table pool is retried once after recycling device mappings.
 */
int host_stage2_idmap_locked(u64 addr, u64 size, enum kvm_pgtable_prot prot)
{
	return host_stage2_try(kvm_pgtable_stage2_map, &host_mmu.pgt, addr, size,
			       addr, prot, NULL, 0);
}

/*
 * Decide what a host fault at @addr (page-aligned) may map. An entry that is
 * valid was mapped already, by this CPU's earlier fault or by the other CPU
 * (-EEXIST, quiet). A non-zero invalid entry is an owner annotation: the
 * host must not get the page (-EPERM). Memory annotated for another owner
 * must have host state NOPAGE; anything else means the annotation and the
 * vmemmap disagree, a hyp bug, hence the WARN.
 *
 * The platform's tables have page-level leaves only, so the range picked is
 * always the single page (the last level of mainline's block search).
 */
static int host_stage2_adjust_range(u64 addr, u64 *start, u64 *size)
{
	kvm_pte_t pte;
	s8 level;
	int ret;

	hyp_assert_lock_held(&host_mmu.lock);

	ret = kvm_pgtable_get_leaf(&host_mmu.pgt, addr, &pte, &level);
	if (ret)
		return ret;

	if (kvm_pte_valid(pte))
		return -EEXIST;

	if (pte) {
		WARN_ON(addr_is_memory(addr) &&
			get_host_state(hyp_phys_to_page(addr)) != PKVM_NOPAGE);
		return -EPERM;
	}

	*start = addr;
	*size = PAGE_SIZE;

	return 0;
}

/*
 * Map the page holding @addr for the host, with the protection of what
 * lies there: memory, or device for everything else (holes included, as
 * mainline does). The vmemmap state is not consulted: only the host stage-2
 * entry says whether the host may have the page.
 */
int host_stage2_idmap(u64 addr)
{
	enum kvm_pgtable_prot prot;
	u64 start, size;
	int ret;

	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	prot = host_addr_in_memblock(addr) ? PKVM_HOST_MEM_PROT :
					     PKVM_HOST_MMIO_PROT;

	host_lock_component();

	ret = host_stage2_adjust_range(addr, &start, &size);
	if (ret)
		goto unlock;

	ret = host_stage2_idmap_locked(start, size, prot);

unlock:
	host_unlock_component();

	return ret;
}

/*
 * The host stage-2 fault path. Returns 0 when the host may retry its access
 * (the page is mapped now, or was already), -EPERM when it must take an
 * abort instead.
 */
int handle_host_mem_abort(u64 fault_ipa)
{
	int ret;

	/*
	 * The hardware cannot report an IPA the stage-2 does not translate;
	 * refuse one here rather than let the walk call it a hyp bug.
	 */
	if (fault_ipa >= BIT_ULL(host_mmu.pgt.ia_bits))
		return -EPERM;

	ret = host_stage2_idmap(fault_ipa);
	switch (ret) {
	case 0:
	case -EEXIST:
		return 0;
	case -EPERM:
		return -EPERM;
	case -ENOMEM:
		/*
		 * Still no table page after recycling: only a fault plan gets
		 * here. Mainline would BUG; let the host retry instead, it
		 * will fault again and find a page or take this path again.
		 */
		return 0;
	default:
		/* Nothing else can come back from a single-page map. */
		WARN_ON(ret);
		return -EPERM;
	}
}
