// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host stage-2 faults: the host's stage-2 is an identity map filled in on
 * demand. A fault on a page the host may use maps it; a fault on a page
 * with an owner annotation fails, and the host gets an abort.
 *
 * When the table pool runs dry the hyp recycles device mappings (the host
 * refaults them later) but never owner annotations: those are the only
 * record that a device page belongs to the hyp.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "mem_protect_internal.h"

static int unmap_dev_leaf(u64 addr, kvm_pte_t pte, void *arg)
{
	(void)arg;
	if (!kvm_pte_valid(pte) || addr_is_memory(addr))
		return 0;
	return kvm_pgtable_stage2_unmap(&host_mmu.pgt, addr, PAGE_SIZE);
}

int host_stage2_unmap_dev_all(void)
{
	struct kvm_pgtable_walker walker = { .cb = unmap_dev_leaf };

	hyp_assert_lock_held(&host_mmu.lock);
	return kvm_pgtable_walk(&host_mmu.pgt, 0, BIT_ULL(host_mmu.pgt.ia_bits), &walker);
}

int host_stage2_idmap_locked(u64 addr, u64 size, enum kvm_pgtable_prot prot)
{
	return host_stage2_try(kvm_pgtable_stage2_map, &host_mmu.pgt, addr, size, addr, prot,
			       NULL, 0);
}

/*
 * Memory is mapped as memory and everything else as device, one page at a
 * time (the simulated tables have no blocks). The host's page state is not
 * consulted: an empty entry means the host may have the page, because every
 * transition that takes a page from the host leaves an annotation there.
 */
int host_stage2_idmap(u64 addr)
{
	bool is_memory = addr_is_memory(addr);
	enum kvm_pgtable_prot prot;
	kvm_pte_t pte;
	int ret;

	addr = ALIGN_DOWN(addr, (u64)PAGE_SIZE);
	if (addr >= BIT_ULL(host_mmu.pgt.ia_bits))
		return -EPERM;
	prot = is_memory ? PKVM_HOST_MEM_PROT : PKVM_HOST_MMIO_PROT;

	host_lock_component();

	ret = kvm_pgtable_get_leaf(&host_mmu.pgt, addr, &pte, NULL);
	if (ret)
		goto unlock;
	/* Mapped already: the fault raced with another one for the same page. */
	if (kvm_pte_valid(pte)) {
		ret = -EEXIST;
		goto unlock;
	}
	/* An annotation: the page belongs to somebody else. */
	if (pte) {
		WARN_ON(is_memory && get_host_state(hyp_phys_to_page(addr)) != PKVM_NOPAGE);
		ret = -EPERM;
		goto unlock;
	}
	ret = host_stage2_idmap_locked(addr, PAGE_SIZE, prot);

unlock:
	host_unlock_component();
	return ret;
}

/*
 * 0: mapped (or mapped already), the host retries the access. -EPERM: the
 * host gets an abort. Anything else (the pool still empty after
 * recycling, which the kernel treats as a bug): the host retries.
 */
int handle_host_mem_abort(u64 fault_ipa)
{
	int ret = host_stage2_idmap(fault_ipa);

	return ret == -EEXIST ? 0 : ret;
}
