// SPDX-License-Identifier: GPL-2.0-only
/*
 * O11 single fetch: within one entry into the hyp, the mediator never loads
 * the same host-writable byte twice, and never loads from a page after
 * giving it back to the host in that entry. Either way the host, on
 * another CPU, could change the value in between, whatever the schedule:
 * this flags the TOCTOU class before the adversary has to hit the window.
 * Until the hyp sees the ITS idle: then it decides afresh (o11_reg()).
 *
 * The loads come from SanitizerCoverage (core/machine/sancov.c), already
 * filtered to RAM the host can write now. The bytes loaded in this entry
 * are a bit each, in a bitmap per 4 KiB granule, the granules found by an
 * open-addressing table and cleared at the next entry in O(granules
 * touched). Up to 2 MiB of distinct bytes an entry (a setup walking a
 * 1 MiB L1 copy fits); past that the entry is checked no further.
 */
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define GRANULES_MAX	512		/* 2 MiB of granules an entry */
#define SLOTS		1024		/* a power of two, twice GRANULES_MAX */
#define GRANULE_WORDS	(MACHINE_GRANULE / 64)

static uint64_t slot_key[SLOTS];	/* granule number + 1; 0: empty */
static uint16_t slot_bits[SLOTS];	/* its index in loaded[] */
static uint16_t used[GRANULES_MAX];	/* the slots in use */
static unsigned int nr_used;
static uint64_t loaded[GRANULES_MAX][GRANULE_WORDS];	/* a bit a byte loaded */

#define MAX_GIVEN	64

/* Ranges of pages the hyp gave back to the host in this entry. */
static struct {
	uint64_t pfn;
	uint64_t nr;
} given[MAX_GIVEN];
static unsigned int nr_given;

/* The bitmap of the granule holding @pa, NULL once the entry has too many. */
static uint64_t *granule_bits(uint64_t pa)
{
	uint64_t key = pa / MACHINE_GRANULE + 1;
	uint32_t i = (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 54) & (SLOTS - 1);

	while (slot_key[i]) {
		if (slot_key[i] == key)
			return loaded[slot_bits[i]];
		i = (i + 1) & (SLOTS - 1);
	}
	if (nr_used == GRANULES_MAX)
		return NULL;
	slot_key[i] = key;
	slot_bits[i] = (uint16_t)nr_used;
	used[nr_used] = (uint16_t)i;
	memset(loaded[nr_used], 0, sizeof(loaded[nr_used]));
	return loaded[nr_used++];
}

/*
 * Marks bytes [@from, @to) of a granule's bitmap loaded; the first of
 * them loaded before, or -1.
 */
static int64_t mark_loaded(uint64_t *bits, uint64_t from, uint64_t to)
{
	int64_t again = -1;
	uint64_t b, m, w;

	for (b = from; b < to; b = (b | 63) + 1) {
		w = b / 64;
		m = ~0ULL << (b % 64);
		if (to - w * 64 < 64)
			m &= (1ULL << (to - w * 64)) - 1;
		if (again < 0 && (bits[w] & m))
			again = (int64_t)(w * 64) + __builtin_ctzll(bits[w] & m);
		bits[w] |= m;
	}
	return again;
}

static bool given_back(uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < nr_given; i++)
		if (pfn >= given[i].pfn && pfn - given[i].pfn < given[i].nr)
			return true;
	return false;
}

static void o11_prim_end(const struct hyp_prim *p)
{
	if (p->id != PRIM_GIVE_BACK || p->ret || nr_given == MAX_GIVEN)
		return;
	given[nr_given].pfn = p->pfn;
	given[nr_given++].nr = p->nr;
}

static void o11_access(uint64_t pa, unsigned int len, bool store, bool host_writable)
{
	uint64_t end, stop, g, *bits;
	int64_t again;

	if (store || !host_writable)
		return;
	if (nr_given && given_back(pa >> machine_page_shift())) {
		report_violation("O11", "load_after_give_back",
				 "hyp loads pa 0x%llx after giving its page back in this entry",
				 (unsigned long long)pa);
		return;
	}
	for (end = pa + len; pa < end; pa = stop) {
		g = pa & ~(MACHINE_GRANULE - 1);
		stop = end < g + MACHINE_GRANULE ? end : g + MACHINE_GRANULE;
		bits = granule_bits(pa);
		if (!bits)
			return;
		again = mark_loaded(bits, pa - g, stop - g);
		if (again >= 0) {
			report_violation("O11", "double_fetch",
					 "hyp loads host-writable pa 0x%llx twice in one entry",
					 (unsigned long long)(g + (uint64_t)again));
			return;
		}
	}
}

static void forget_loads(void)
{
	while (nr_used)
		slot_key[used[--nr_used]] = 0;
}

static void o11_entry_begin(const struct oracle_entry *e)
{
	(void)e;
	nr_given = 0;
	forget_loads();
}

/*
 * The hyp read GITS_CREADR and found the device idle: what it handed has
 * run, and what it loads next serves the next command. A mediator that
 * hands one command at a time (the v2 series) reads the host's L1 entry
 * again for each MAPD naming it, one read per decision: not a double
 * fetch. A load the hyp repeats before then (a slot copied twice, a
 * check and a use of one value) still is.
 */
static void o11_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	if (!write && off == GITS_CREADR && width >= 4 && its_ref_caught_up(val))
		forget_loads();
}

const struct invariant o11_single_fetch = {
	.id = "O11",
	.name = "single fetch",
	.scope = SCOPE_ENTRY,
	.entry_begin = o11_entry_begin,
	.prim_end = o11_prim_end,
	.access = o11_access,
	.reg = o11_reg,
};
