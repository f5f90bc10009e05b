/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hyp API's page-table rules, as mainline's walker and leaf encoding
 * have them (docs/HYP_API.md): shared by the simulated platform
 * (core/machine/platform.c) and the EL2 image's (core/el2/platform.c),
 * which differ in where the leaves live, not in what a call does.
 */
#ifndef EL2FUZZ_MACHINE_PGTABLE_RULES_H
#define EL2FUZZ_MACHINE_PGTABLE_RULES_H

#include <linux/errno.h>
#include <linux/types.h>
#include <asm/kvm_pgtable.h>

#include "machine.h"

/* The valid leaf mapping @phys with @prot. */
static inline kvm_pte_t pgtable_prot_to_pte(u64 phys, enum kvm_pgtable_prot prot)
{
	kvm_pte_t pte = KVM_PTE_VALID | (phys & KVM_PTE_ADDR_MASK);

	if (prot & KVM_PGTABLE_PROT_R)
		pte |= KVM_PTE_LEAF_ATTR_R;
	if (prot & KVM_PGTABLE_PROT_W)
		pte |= KVM_PTE_LEAF_ATTR_W;
	if (prot & KVM_PGTABLE_PROT_X)
		pte |= KVM_PTE_LEAF_ATTR_X;
	if (prot & KVM_PGTABLE_PROT_DEVICE)
		pte |= KVM_PTE_LEAF_ATTR_DEVICE;
	return pte;
}

/*
 * The pages (of 1 << @shift bytes) a walk of [pa, pa + size) visits, taken
 * as the kernel's walker takes a range: the start rounded down to a page,
 * the end (start + size) rounded up. -ERANGE if either lies past the limit
 * of the address space; none (*nr = 0) for an empty range, or for an end
 * that wrapped.
 */
static inline int pgtable_walk_range(u64 pa, u64 size, unsigned int shift, u64 *pfn, u64 *nr)
{
	u64 ps = 1ULL << shift;
	u64 start = pa & ~(ps - 1);
	u64 end = (start + size + ps - 1) & ~(ps - 1);

	if (start > SIM_PA_LIMIT || end > SIM_PA_LIMIT)
		return -ERANGE;
	*pfn = start >> shift;
	*nr = end > start ? (end - start) >> shift : 0;
	return 0;
}

#endif
