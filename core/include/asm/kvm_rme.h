/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_rme.h>: the state the host keeps for a realm and its REC, and
 * the host-side services the RIPAS change path uses: the MMU memory cache
 * that feeds RTT creation, and the unmap of a protected range.
 */
#ifndef __EL2FUZZ_ASM_KVM_RME_H
#define __EL2FUZZ_ASM_KVM_RME_H

#include <linux/types.h>
#include <asm/rmi_smc.h>
#include <nvhe/spinlock.h>

#define KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE	8

/* Delegated granules ready to become RTTs. */
struct kvm_mmu_memory_cache {
	int nobjs;
	phys_addr_t objects[KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE];
};

struct realm {
	phys_addr_t rd;			/* the Realm Descriptor granule */
	unsigned int ia_bits;		/* IPA width; the top bit selects unprotected */
	int rtt_start_level;		/* level of the root RTT */
	hyp_spinlock_t mmu_lock;
	struct kvm_mmu_memory_cache mmu_page_cache;
};

/* What the RMM wrote for the host on a REC exit (shared with the host). */
struct rec_exit {
	u64 exit_reason;
	u64 ripas_base;
	u64 ripas_top;
	u64 ripas_value;
};

struct rec_run {
	struct rec_exit exit;
};

struct realm_rec {
	phys_addr_t rec;		/* the REC granule */
	struct rec_run *run;
};

static inline unsigned long rme_rtt_level_mapsize(int level)
{
	return BIT_ULL(RMM_RTT_LEVEL_SHIFT(level));
}

/* Fill @mc up to @min granules: 0, or -ENOMEM. */
int kvm_mmu_topup_memory_cache(struct kvm_mmu_memory_cache *mc, int min);

/* Take back [start, start + size) of the protected space from the realm. */
void kvm_realm_unmap_range(struct realm *realm, unsigned long start, unsigned long size);

/*
 * Complete the REC's pending RIPAS change. Returns 0 or -errno and, in
 * either case, the address up to which the change was made in *top_ipa.
 */
int kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
			      unsigned long *top_ipa);

#endif
