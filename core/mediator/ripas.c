// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completion of a realm's RIPAS change request.
 *
 * The realm asked the RMM (RSI_IPA_STATE_SET) to change the RIPAS of
 * [base, top); the RMM checked the request, recorded it in the REC and
 * exited to the host. The host now drives RMI_RTT_SET_RIPAS until the RMM
 * has covered the range. The RMM only changes whole entries of the RTT the
 * walk ends in, and only within that one RTT, so it may stop early: the
 * host must continue exactly from the address the RMM returned, which the
 * RMM checks against the one it recorded. A walk that ends too high for the
 * range (RMI_ERROR_RTT) means the host has to create the missing RTTs.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/kvm_rme.h>
#include <asm/rmi_cmds.h>
#include <nvhe/spinlock.h>

/*
 * The shallowest level at which [start, end) can be changed entry by entry:
 * a block level if start is aligned to it and the range covers a whole
 * block, else the page level.
 */
static int find_map_level(struct realm *realm, unsigned long start, unsigned long end)
{
	int level = RMM_RTT_MAX_LEVEL;

	while (level > realm->rtt_start_level) {
		unsigned long map_size = rme_rtt_level_mapsize(level - 1);

		if (!IS_ALIGNED(start, map_size) || end - start < map_size)
			break;
		level--;
	}
	return level;
}

static int realm_rtt_create(struct realm *realm, unsigned long addr, int level,
			    struct kvm_mmu_memory_cache *mc)
{
	phys_addr_t rtt;
	int ret;

	if (!mc->nobjs)
		return -ENOMEM;
	rtt = mc->objects[--mc->nobjs];

	ret = rmi_rtt_create(realm->rd, rtt, addr, level);
	if (ret) {
		/* The granule is still delegated and unused: keep it for later. */
		mc->objects[mc->nobjs++] = rtt;
		return -ENXIO;
	}
	return 0;
}

/* Create the RTTs below @walk_level down to @max_level that cover @addr. */
static int realm_create_rtt_levels(struct realm *realm, unsigned long addr,
				   int walk_level, int max_level,
				   struct kvm_mmu_memory_cache *mc)
{
	int level;
	int ret;

	for (level = walk_level + 1; level <= max_level; level++) {
		unsigned long parent = ALIGN_DOWN(addr, rme_rtt_level_mapsize(level - 1));

		ret = realm_rtt_create(realm, parent, level, mc);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * One pass over [start, end) under the MMU lock. Every iteration either
 * moves ipa strictly forward or creates at least one RTT, and there are at
 * most RMM_RTT_MAX_LEVEL RTTs to create before the walk reaches the level
 * the range needs, so the loop ends.
 */
static int realm_set_ipa_state(struct realm *realm, struct realm_rec *rec,
			       unsigned long start, unsigned long end,
			       unsigned long ripas, unsigned long *top_ipa)
{
	struct kvm_mmu_memory_cache *mc = &realm->mmu_page_cache;
	unsigned long ipa = start;
	int ret = 0;

	hyp_assert_lock_held(&realm->mmu_lock);

	while (ipa < end) {
		/* Written on success only: anything else reads as no progress. */
		unsigned long next = ipa;
		int walk_level;
		int level;

		ret = rmi_rtt_set_ripas(realm->rd, rec->rec, ipa, end, &next);
		if (RMI_RETURN_STATUS(ret) == RMI_SUCCESS) {
			/* Never trust an address that does not move us forward. */
			if (next <= ipa || next > end) {
				ret = -ENXIO;
				break;
			}
			ipa = next;
			ret = 0;
			continue;
		}
		if (RMI_RETURN_STATUS(ret) != RMI_ERROR_RTT) {
			ret = -ENXIO;
			break;
		}

		walk_level = RMI_RETURN_INDEX(ret);
		level = find_map_level(realm, ipa, end);
		/* Nothing deeper to create: the entry itself cannot change. */
		if (walk_level >= level) {
			ret = -EINVAL;
			break;
		}
		ret = realm_create_rtt_levels(realm, ipa, walk_level, level, mc);
		if (ret)
			break;
	}

	/* What became EMPTY must not stay mapped; what did not, must. */
	if (ripas == RMI_EMPTY && ipa > start)
		kvm_realm_unmap_range(realm, start, ipa - start);
	*top_ipa = ipa;
	return ret;
}

int kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
			      unsigned long *top_ipa)
{
	int min_pages = RMM_RTT_MAX_LEVEL - realm->rtt_start_level;
	struct rec_exit *exit = &rec->run->exit;
	unsigned long ripas = READ_ONCE(exit->ripas_value);
	unsigned long base = READ_ONCE(exit->ripas_base);
	unsigned long top = READ_ONCE(exit->ripas_top);
	unsigned long reached = base;
	int ret;

	*top_ipa = base;
	if (READ_ONCE(exit->exit_reason) != RMI_EXIT_RIPAS_CHANGE || base >= top ||
	    ripas > RMI_RAM)
		return -EINVAL;

	do {
		ret = kvm_mmu_topup_memory_cache(&realm->mmu_page_cache, min_pages);
		if (ret)
			break;

		hyp_spin_lock(&realm->mmu_lock);
		ret = realm_set_ipa_state(realm, rec, base, top, ripas, &reached);
		hyp_spin_unlock(&realm->mmu_lock);

		/*
		 * Running out of cache granules midway is expected on a large
		 * range: top up and go on, but only after progress, so that an
		 * allocator that keeps failing cannot keep us here.
		 */
		if (ret != -ENOMEM || reached == base)
			break;
		base = reached;
	} while (base < top);

	*top_ipa = reached;
	return ret;
}
