// SPDX-License-Identifier: GPL-2.0-only
/*
 * O11 single fetch: within one entry into the hyp, the mediator never loads
 * the same host-writable byte twice, and never loads from a page after
 * giving it back to the host in that entry. Either way the host, on
 * another CPU, could change the value in between, whatever the schedule:
 * this flags the TOCTOU class before the adversary has to hit the window.
 *
 * The loads come from SanitizerCoverage (core/machine/sancov.c), already
 * filtered to RAM the host can write now. The bytes loaded in this entry
 * live in a bounded open-addressing set, reset in O(bytes touched) at the
 * next entry; past its capacity the entry is checked no further.
 */
#include <string.h>

#include <nvhe/memory.h>

#include "oracle.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define SET_SLOTS	8192		/* a power of two */
#define SET_MAX		(SET_SLOTS / 2)

static uint64_t slots[SET_SLOTS];	/* pa + 1; 0: empty */
static uint32_t used[SET_MAX];
static unsigned int nr_used;

#define MAX_GIVEN	64
#define GIVE_BACK_SPAN	4096	/* pages: the largest range checked */

static uint64_t given[MAX_GIVEN];	/* first pfns given back in this entry */
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

/* Whether the page at @pfn changed owner in this entry (the step journal). */
static bool changed_in_entry(uint64_t pfn)
{
	const struct journal_entry *j;
	unsigned int nr, i;
	bool overflow;

	j = machine_step_journal(&nr, &overflow);
	for (i = 0; i < nr; i++)
		if (j[i].pfn == pfn)
			return true;
	return false;
}

static bool host_owns(uint64_t pfn)
{
	struct page_rec rec = machine_page(pfn);

	return rec.host_state == PKVM_PAGE_OWNED && rec.hyp_state == PKVM_NOPAGE;
}

/*
 * Whether the hyp gave @pfn back in this entry: a give-back of a range
 * starting at or below it, with every page from there on the host's again
 * and changed in this entry. The platform call names only the first pfn.
 */
static bool given_back(uint64_t pfn)
{
	unsigned int i;
	uint64_t p;

	if (!host_owns(pfn) || !changed_in_entry(pfn))
		return false;
	for (i = 0; i < nr_given; i++) {
		if (given[i] > pfn || pfn - given[i] > GIVE_BACK_SPAN)
			continue;
		for (p = given[i]; p < pfn; p++)
			if (!host_owns(p) || !changed_in_entry(p))
				break;
		if (p == pfn)
			return true;
	}
	return false;
}

static void on_call(const char *what, uint64_t arg)
{
	if (strcmp(what, "give_back") || nr_given == MAX_GIVEN)
		return;
	given[nr_given++] = arg;
}

static const struct platform_hooks o11_hooks = {
	.call = on_call,
};

static void on_access(uint64_t pa, unsigned int len, bool store)
{
	unsigned int b;

	if (store)
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

void o11_entry_begin(void)
{
	sancov_add_hook(on_access);
	platform_add_hooks(&o11_hooks);
	nr_given = 0;
	while (nr_used)
		slots[used[--nr_used]] = 0;
}
