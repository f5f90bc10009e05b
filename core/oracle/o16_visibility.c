// SPDX-License-Identifier: GPL-2.0-only
/*
 * O16 visibility and ordering, between the hyp's stores and the ITS:
 *
 *  - a device read of bytes the hyp wrote but had not made visible to it
 *    (an ITS that does not snoop, or memory its registers call
 *    non-shareable or non-cacheable, reads the point of coherency: the
 *    hyp must clean there first) is `device_read_unclean`, where the hyp
 *    answers for the memory: what it hands the ITS, or a page it owns;
 *  - a doorbell (the hyp's write of GITS_CWRITER, or of GITS_CTLR with
 *    Enable) while a store the hyp made to memory the ITS reads (its
 *    queue, tables, L1s, L2s) is not yet ordered before it by a barrier is
 *    `doorbell_unordered`;
 *  - a hyp read of bytes a non-snooping ITS wrote that the hyp has not
 *    invalidated since is `hyp_read_stale` (unless a host CPU stored
 *    there since: the line is then the coherent domain's, not stale);
 *  - a non-snooping device read, in a page the hyp owns, of bytes the
 *    host stored before the hyp took the page and nobody cleaned since:
 *    the device acts on PoC's older bytes, the hyp vetted the host's, so
 *    this is `device_read_unclean` too.
 *
 * The machine models the caches (core/machine/cache.c): what a device
 * sees of each line, and which stores each CPU has not completed. It sees
 * the hyp's plain stores through load/store tracing (clang builds) and its
 * bulk copies in every build.
 */
#include <linux/irqchip/arm-gic-v3.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/cache.h"
#include "../trace/trace.h"

/* The memory the hyp hands the ITS: its queue, tables, L1s and L2s. */
static bool hyp_hands_its(uint64_t line)
{
	return reach_contains_any(line, REACH_HYP_HANDS);
}

/*
 * Whether the hyp answers for what the ITS reads at @pa: memory it hands
 * the ITS (its queue, tables, L1s and L2s) or a page it owns. Anything
 * else (the host's ITTs, a page the hyp gave back) the host hands to the
 * ITS, and a line the hyp dirtied there before is, to the host's CPUs,
 * just the page's contents: cleaning it for a device that does not snoop
 * is the host's business, as for its own stores. (Whether PoC still holds
 * older hyp bytes under such a line, a scrub not cleaned before the page
 * went back, is a question of confidentiality no invariant asks yet.)
 */
static bool hyp_answers_for(uint64_t pa)
{
	return hyp_hands_its(pa & ~(CACHE_LINE - 1)) ||
	       ref_page(pa >> machine_page_shift()).hyp == PKVM_PAGE_OWNED;
}

static void o16_visibility(enum cache_event ev, uint64_t pa, unsigned int len)
{
	if (!its_ref_emulated())
		return;
	if (ev == CACHE_DEVICE_READ_UNCLEAN) {
		if (!hyp_answers_for(pa))
			return;
		report_violation("O16", "device_read_unclean",
				 "the ITS read pa 0x%llx (%u bytes) as it was before the hyp wrote it: not cleaned to PoC",
				 (unsigned long long)pa, len);
	} else if (ev == CACHE_DEVICE_READ_HOST_DIRTY) {
		/* The host's own memory (an ITT) is the host's business. */
		if (ref_page(pa >> machine_page_shift()).hyp != PKVM_PAGE_OWNED)
			return;
		report_violation("O16", "device_read_unclean",
				 "the ITS read pa 0x%llx (%u bytes), in a page the hyp took, at PoC: the host's later bytes there were never cleaned",
				 (unsigned long long)pa, len);
	} else
		report_violation("O16", "hyp_read_stale",
				 "the hyp read pa 0x%llx, which the ITS wrote to PoC, without invalidating",
				 (unsigned long long)pa);
}

static bool device_reads(uint64_t line, void *arg)
{
	uint64_t *hit = arg;

	if (!hyp_hands_its(line))
		return false;
	*hit = line;
	return true;
}

/* The hyp rings the doorbell: every store the ITS will read must be done. */
static void o16_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	uint64_t hit = ~0ULL;

	if (!write || !oracle_current() || !its_ref_emulated())
		return;
	if (off != GITS_CWRITER && !(off == GITS_CTLR && (val & GITS_CTLR_ENABLE)))
		return;
	(void)width;
	cache_pending(machine_cpu(), device_reads, &hit);
	if (hit != ~0ULL)
		report_violation("O16", "doorbell_unordered",
				 "the hyp wrote ITS register 0x%llx with its store to pa 0x%llx, which the ITS reads, not yet ordered before it",
				 (unsigned long long)off, (unsigned long long)hit);
}

const struct invariant o16_visibility_inv = {
	.id = "O16",
	.name = "visibility and ordering",
	.visibility = o16_visibility,
	.reg = o16_reg,
};
