/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_pgtable.h>: the host stage-2 and the hyp stage-1 page tables.
 * A valid leaf maps a page; an invalid non-zero leaf is an owner
 * annotation (KVM_INVALID_PTE_OWNER_MASK) that makes host faults fail.
 * Map and annotate allocate table pages and so may fail with -ENOMEM.
 */
#ifndef __EL2FUZZ_ASM_KVM_PGTABLE_H
#define __EL2FUZZ_ASM_KVM_PGTABLE_H

#include <linux/bits.h>
#include <linux/bitfield.h>

typedef u64 kvm_pte_t;

#define KVM_PTE_VALID			BIT(0)
#define KVM_INVALID_PTE_OWNER_MASK	GENMASK(9, 2)
#define KVM_PTE_ADDR_MASK		GENMASK(47, 12)
#define KVM_PTE_LEAF_ATTR_DEVICE	BIT(2)
#define KVM_PTE_LEAF_ATTR_R		BIT(6)
#define KVM_PTE_LEAF_ATTR_W		BIT(7)
#define KVM_PTE_LEAF_ATTR_X		BIT(54)

enum kvm_pgtable_prot {
	KVM_PGTABLE_PROT_X		= BIT(0),
	KVM_PGTABLE_PROT_W		= BIT(1),
	KVM_PGTABLE_PROT_R		= BIT(2),
	KVM_PGTABLE_PROT_DEVICE		= BIT(3),
};

#define KVM_PGTABLE_PROT_RW	(KVM_PGTABLE_PROT_R | KVM_PGTABLE_PROT_W)
#define KVM_PGTABLE_PROT_RWX	(KVM_PGTABLE_PROT_RW | KVM_PGTABLE_PROT_X)
#define PAGE_HYP		KVM_PGTABLE_PROT_RW
#define PAGE_HYP_DEVICE		(PAGE_HYP | KVM_PGTABLE_PROT_DEVICE)

struct kvm_pgtable {
	int id;
	u32 ia_bits;
};

/* Visits each non-empty leaf (valid or annotated) of a range, in no
 * particular order; a non-zero return from cb stops the walk. */
struct kvm_pgtable_walker {
	int (*cb)(u64 addr, kvm_pte_t pte, void *arg);
	void *arg;
};

static inline bool kvm_pte_valid(kvm_pte_t pte)
{
	return pte & KVM_PTE_VALID;
}

static inline u8 kvm_pte_owner(kvm_pte_t pte)
{
	return FIELD_GET(KVM_INVALID_PTE_OWNER_MASK, pte);
}

int kvm_pgtable_get_leaf(struct kvm_pgtable *pgt, u64 addr, kvm_pte_t *ptep, s8 *level);
int kvm_pgtable_stage2_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			   enum kvm_pgtable_prot prot, void *mc, int flags);
int kvm_pgtable_stage2_set_owner(struct kvm_pgtable *pgt, u64 addr, u64 size,
				 void *mc, u8 owner_id);
int kvm_pgtable_stage2_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size);
int kvm_pgtable_hyp_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			enum kvm_pgtable_prot prot);
u64 kvm_pgtable_hyp_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size);
int kvm_pgtable_walk(struct kvm_pgtable *pgt, u64 addr, u64 size,
		     struct kvm_pgtable_walker *walker);

#endif
