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
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "mem_protect_internal.h"

#define PKVM_HOST_MEM_PROT	KVM_PGTABLE_PROT_RWX
#define PKVM_HOST_MMIO_PROT	(KVM_PGTABLE_PROT_RW | KVM_PGTABLE_PROT_DEVICE)

static int unmap_dev_leaf(u64 addr, kvm_pte_t pte, void *arg)
{
	(void)arg;
	if (!kvm_pte_valid(pte) || addr_is_memory(addr))
		return 0;
	return kvm_pgtable_stage2_unmap(&host_mmu.pgt, addr, PAGE_SIZE);
}

static int host_stage2_unmap_dev_all(void)
{
	struct kvm_pgtable_walker walker = { .cb = unmap_dev_leaf };

	hyp_assert_lock_held(&host_mmu.lock);
	return kvm_pgtable_walk(&host_mmu.pgt, 0, BIT_ULL(host_mmu.pgt.ia_bits), &walker);
}

static int host_stage2_map_try(u64 addr, enum kvm_pgtable_prot prot)
{
	int ret;

	ret = kvm_pgtable_stage2_map(&host_mmu.pgt, addr, PAGE_SIZE, addr, prot, NULL, 0);
	if (ret != -ENOMEM)
		return ret;
	ret = host_stage2_unmap_dev_all();
	if (ret)
		return ret;
	return kvm_pgtable_stage2_map(&host_mmu.pgt, addr, PAGE_SIZE, addr, prot, NULL, 0);
}

int host_stage2_idmap(u64 addr)
{
	bool is_memory = addr_is_memory(addr);
	enum pkvm_page_state state;
	kvm_pte_t pte;
	int ret;

	addr = ALIGN_DOWN(addr, (u64)PAGE_SIZE);
	if (addr >= BIT_ULL(host_mmu.pgt.ia_bits))
		return -EPERM;

	host_lock_component();

	ret = kvm_pgtable_get_leaf(&host_mmu.pgt, addr, &pte, NULL);
	if (ret || kvm_pte_valid(pte))
		goto unlock;
	/* An annotation: the page belongs to somebody else. */
	if (pte) {
		ret = -EPERM;
		goto unlock;
	}
	if (is_memory) {
		state = get_host_state(hyp_phys_to_page(addr));
		if (state != PKVM_PAGE_OWNED && state != PKVM_PAGE_SHARED_OWNED) {
			ret = -EPERM;
			goto unlock;
		}
	}
	ret = host_stage2_map_try(addr, is_memory ? PKVM_HOST_MEM_PROT : PKVM_HOST_MMIO_PROT);

unlock:
	host_unlock_component();
	return ret;
}

/*
 * 0: mapped, the host retries the access. -EPERM: the host gets an abort.
 * Anything else (the pool still empty after recycling): the host retries.
 */
int handle_host_mem_abort(u64 fault_ipa)
{
	return host_stage2_idmap(fault_ipa);
}
