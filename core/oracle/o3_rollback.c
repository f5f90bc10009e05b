// SPDX-License-Identifier: GPL-2.0-only
/*
 * O3 exact rollback: an entry that returns an error leaves ownership, pins
 * and mappings exactly as they were. The machine journals each page record
 * before its first change in the entry; the check compares only those.
 * Recycled host device mappings are the one change an error may leave.
 */
#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>

#include "oracle.h"
#include "../machine/machine.h"
#include "../trace/trace.h"

/*
 * Dropping a host device mapping is always allowed: the hyp recycles them
 * when its table pool runs dry, and the host just faults them back in. So
 * is dropping the mapping of a RAM page the host owns again, as after a
 * donation rolled back: giving a page back leaves the host stage-2 empty
 * there (the idmap is filled on demand), and the host faults it back in.
 */
static bool recycled(uint64_t pfn, const struct page_rec *a, const struct page_rec *b)
{
	return kvm_pte_valid(a->host_pte) && !b->host_pte &&
	       (machine_kind(pfn << machine_page_shift()) != MEM_RAM ||
		(a->host_state == b->host_state && b->host_state == PKVM_PAGE_OWNED));
}

static const char *first_difference(uint64_t pfn, const struct page_rec *a,
				    const struct page_rec *b)
{
	if (a->host_pte != b->host_pte && !recycled(pfn, a, b))
		return "host_stage2";
	if (a->hyp_pte != b->hyp_pte)
		return "hyp_mapping";
	if (a->host_state != b->host_state)
		return "host_state";
	if (a->hyp_state != b->hyp_state)
		return "hyp_state";
	if (a->refcount != b->refcount)
		return "pin_count";
	return NULL;
}

void o3_check_rollback(const char *entry, long ret)
{
	const struct journal_entry *j;
	unsigned int nr, i;
	bool overflow;

	if (ret >= 0)
		return;
	j = machine_step_journal(&nr, &overflow);
	for (i = 0; i < nr; i++) {
		struct page_rec now = machine_page(j[i].pfn);
		const char *what = first_difference(j[i].pfn, &j[i].old, &now);

		if (what)
			report_violation("O3", what,
					 "%s returned %ld but left pa 0x%llx changed",
					 entry, ret,
					 (unsigned long long)(j[i].pfn << machine_page_shift()));
	}
}
