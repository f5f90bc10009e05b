// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completion of a realm's RIPAS change (alt_host, written blind from the
 * Arm CCA host series, v7 18/45 "Handle RMI_EXIT_RIPAS_CHANGE", its review,
 * and the RMM's RMI_RTT_SET_RIPAS rules).
 *
 * The realm asked (RSI_IPA_STATE_SET) for [base, top) to become EMPTY or
 * RAM; the RMM checked the request and exited to us. We drive
 * RMI_RTT_SET_RIPAS from base: the RMM changes as many entries as it can at
 * the level its walk ends on and tells us where it stopped. When it cannot
 * change a single entry because the range needs a deeper level than the
 * RTT tree has, it answers RMI_ERROR_RTT with the level its walk ended at,
 * and we create the missing RTTs and ask again.
 *
 * Two properties are kept by construction, not by hope:
 *  - progress is strictly monotonic: every RMI call either moves the
 *    address forward to a value the RMM returned, or makes the tree under
 *    that address strictly deeper; anything else stops the loop;
 *  - the reported address is the last one the RMM returned, so an error
 *    path can never carry a value left over from an earlier call.
 */

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <asm/kvm_rme.h>
#include <asm/rmi_cmds.h>
#include <asm/rmi_smc.h>
#include <nvhe/spinlock.h>

/*
 * The shallowest level at which [start, end) can be changed from start:
 * start must be aligned to that level's block and the block must fit. The
 * root level is the limit; level 3 (a granule) always works.
 */
static int find_map_level(const struct realm *realm, unsigned long start,
			  unsigned long end)
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

/*
 * The memory cache holds granules already delegated to the RMM. One that
 * did not become an RTT (the create failed, or the RTT was there already)
 * is still delegated, so it goes back to the cache rather than being
 * undelegated and freed: the next top-up then has less to do.
 */
static bool memcache_pop(struct kvm_mmu_memory_cache *mc, phys_addr_t *granule)
{
	if (mc->nobjs <= 0)
		return false;

	*granule = mc->objects[--mc->nobjs];
	return true;
}

static void memcache_push(struct kvm_mmu_memory_cache *mc, phys_addr_t granule)
{
	if (mc->nobjs < 0)
		mc->nobjs = 0;
	if (mc->nobjs < KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE)
		mc->objects[mc->nobjs++] = granule;
}

/*
 * Create the RTTs at levels (walk_level, level] covering ipa. An RTT that
 * already exists at the level we ask for (RMI_ERROR_RTT naming that very
 * level: someone created it since the walk) is not an error.
 */
static int realm_create_rtt_levels(struct realm *realm, unsigned long ipa,
				   int walk_level, int level)
{
	struct kvm_mmu_memory_cache *mc = &realm->mmu_page_cache;
	int lvl;

	for (lvl = walk_level + 1; lvl <= level; lvl++) {
		unsigned long addr;
		phys_addr_t rtt;
		int ret;

		if (!memcache_pop(mc, &rtt))
			return -ENOMEM;

		addr = ALIGN_DOWN(ipa, rme_rtt_level_mapsize(lvl - 1));
		ret = rmi_rtt_create(realm->rd, rtt, addr, lvl);
		if (RMI_RETURN_STATUS(ret) == RMI_SUCCESS)
			continue;

		memcache_push(mc, rtt);
		if (RMI_RETURN_STATUS(ret) == RMI_ERROR_RTT &&
		    (int)RMI_RETURN_INDEX(ret) == lvl)
			continue;

		return -ENXIO;
	}

	return 0;
}

/*
 * One pass of RMI_RTT_SET_RIPAS calls over [base, top), with the realm's
 * MMU lock held. *reached is where the change got to: base, or an address
 * the RMM returned on RMI_SUCCESS. For EMPTY, exactly [base, *reached) is
 * taken back from the realm's stage-2 here, error or not, because that is
 * exactly what the RMM made EMPTY.
 */
static int realm_set_ripas_locked(struct realm *realm, struct realm_rec *rec,
				  unsigned long base, unsigned long top,
				  unsigned long ripas, unsigned long *reached)
{
	unsigned long ipa = base;
	int deepest = -1;
	int ret = 0;

	hyp_assert_lock_held(&realm->mmu_lock);

	while (ipa < top) {
		unsigned long next = 0;
		int walk_level;
		int level;

		ret = rmi_rtt_set_ripas(realm->rd, rec->rec, ipa, top, &next);

		if (RMI_RETURN_STATUS(ret) == RMI_SUCCESS) {
			/*
			 * The RMM is trusted, but a next that does not move
			 * forward, overshoots the request or is not on a
			 * granule would make us loop or call with a base the
			 * RMM will refuse: stop instead.
			 */
			if (next <= ipa || next > top ||
			    !IS_ALIGNED(next, RMM_PAGE_SIZE)) {
				ret = -ENXIO;
				break;
			}
			ipa = next;
			deepest = -1;
			ret = 0;
			continue;
		}

		if (RMI_RETURN_STATUS(ret) != RMI_ERROR_RTT) {
			ret = -ENXIO;
			break;
		}

		walk_level = RMI_RETURN_INDEX(ret);
		level = find_map_level(realm, ipa, top);

		/*
		 * The walk ended at or below the level the range needs: the
		 * entry there cannot be changed (DESTROYED without the realm's
		 * permission, say). More RTTs would not help.
		 */
		if (walk_level >= level) {
			ret = -EINVAL;
			break;
		}

		/*
		 * We created RTTs down to some level for this very address and
		 * the walk still stops no deeper: the RMM and we disagree on
		 * the tree. Stop rather than create forever.
		 */
		if (walk_level < realm->rtt_start_level || walk_level <= deepest) {
			ret = -ENXIO;
			break;
		}
		deepest = walk_level;

		ret = realm_create_rtt_levels(realm, ipa, walk_level, level);
		if (ret)
			break;
	}

	if (ripas == RMI_EMPTY && ipa != base)
		kvm_realm_unmap_range(realm, base, ipa - base);

	*reached = ipa;
	return ret;
}

/*
 * The request as the RMM recorded it. The RMM has already refused anything
 * RSI_IPA_STATE_SET does not allow, so these checks never fire for a real
 * RMM; they are here so that a garbled exit record cannot make us issue an
 * RMI call the RMM would have to refuse.
 */
static bool ripas_request_is_valid(const struct realm *realm, unsigned long base,
				   unsigned long top, unsigned long ripas)
{
	unsigned int ia_bits = realm->ia_bits;

	if (ripas != RMI_EMPTY && ripas != RMI_RAM)
		return false;
	if (base >= top)
		return false;
	if (!IS_ALIGNED(base, RMM_PAGE_SIZE) || !IS_ALIGNED(top, RMM_PAGE_SIZE))
		return false;
	if (realm->rtt_start_level < 0 || realm->rtt_start_level > RMM_RTT_MAX_LEVEL)
		return false;
	/* Protected IPAs are those with the top IPA bit clear. */
	if (ia_bits < 1 || ia_bits > 64 || top > BIT_ULL(ia_bits - 1))
		return false;

	return true;
}

int kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
			      unsigned long *top_ipa)
{
	struct kvm_mmu_memory_cache *mc = &realm->mmu_page_cache;
	struct rec_exit *exit = &rec->run->exit;
	unsigned long exit_reason;
	unsigned long reached;
	unsigned long ripas;
	unsigned long base;
	unsigned long top;
	int ret;

	/* Shared with the RMM: read each field once. */
	exit_reason = READ_ONCE(exit->exit_reason);
	base = READ_ONCE(exit->ripas_base);
	top = READ_ONCE(exit->ripas_top);
	ripas = READ_ONCE(exit->ripas_value);

	*top_ipa = base;

	if (exit_reason != RMI_EXIT_RIPAS_CHANGE ||
	    !ripas_request_is_valid(realm, base, top, ripas))
		return -EINVAL;

	/*
	 * Top up outside the lock (it may have to delegate granules), then
	 * run a pass under it. A pass can only run dry if the RMM's answers
	 * needed more RTTs than one walk to the page level does, so we go
	 * round again only after it made progress; a pass that ran dry
	 * without moving, or a top-up that fails, ends the change with what
	 * was done reported in *top_ipa.
	 */
	for (;;) {
		bool progress;

		ret = kvm_mmu_topup_memory_cache(mc, RMM_RTT_MAX_LEVEL -
						 realm->rtt_start_level);
		if (ret)
			break;

		hyp_spin_lock(&realm->mmu_lock);
		ret = realm_set_ripas_locked(realm, rec, base, top, ripas, &reached);
		hyp_spin_unlock(&realm->mmu_lock);

		progress = reached != base;
		base = reached;
		if (ret != -ENOMEM || !progress)
			break;
	}

	*top_ipa = base;
	return ret;
}
