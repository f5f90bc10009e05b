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
 * live in a bounded open-addressing set, reset in O(bytes touched) at the
 * next entry; past its capacity the entry is checked no further.
 */
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define SET_SLOTS	8192		/* a power of two */
#define SET_MAX		(SET_SLOTS / 2)

static uint64_t slots[SET_SLOTS];	/* pa + 1; 0: empty */
static uint32_t used[SET_MAX];
static unsigned int nr_used;

#define MAX_GIVEN	64

/* Ranges of pages the hyp gave back to the host in this entry. */
static struct {
	uint64_t pfn;
	uint64_t nr;
} given[MAX_GIVEN];
static unsigned int nr_given;

/* Insert @pa; true if it was there already. */
static bool seen_before(uint64_t pa)
{
	uint64_t key = pa + 1;
	uint32_t i = (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 51) & (SET_SLOTS - 1);

	while (slots[i]) {
		if (slots[i] == key)
			return true;
		i = (i + 1) & (SET_SLOTS - 1);
	}
	if (nr_used == SET_MAX)
		return false;
	slots[i] = key;
	used[nr_used++] = i;
	return false;
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
	unsigned int b;

	if (store || !host_writable)
		return;
	if (nr_given && given_back(pa >> machine_page_shift())) {
		report_violation("O11", "load_after_give_back",
				 "hyp loads pa 0x%llx after giving its page back in this entry",
				 (unsigned long long)pa);
		return;
	}
	for (b = 0; b < len; b++) {
		if (seen_before(pa + b)) {
			report_violation("O11", "double_fetch",
					 "hyp loads host-writable pa 0x%llx twice in one entry",
					 (unsigned long long)(pa + b));
			return;
		}
	}
}

static void forget_loads(void)
{
	while (nr_used)
		slots[used[--nr_used]] = 0;
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
