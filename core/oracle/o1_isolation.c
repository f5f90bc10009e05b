// SPDX-License-Identifier: GPL-2.0-only
/*
 * O1 isolation: the host never gains access to a page that the hyp owns
 * privately or that the host donated; a donated page comes back only
 * through the inverse of that donation.
 *
 * "Access" is what the hardware would allow: a valid host stage-2 leaf.
 * The expectation is the ledger (machine_ledger), which only the oracle
 * writes, from the adversary's record of successful calls.
 */
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "oracle.h"
#include "../machine/machine.h"
#include "../trace/trace.h"

void o1_check_page(uint64_t pfn)
{
	uint64_t pa = pfn << machine_page_shift();
	struct page_rec rec = machine_page(pfn);
	enum ledger l = machine_ledger(pfn);

	if (kvm_pte_valid(rec.host_pte)) {
		if (l == LEDGER_HYP_PRIVATE)
			report_violation("O1", "host_maps_hyp_private",
					 "host stage-2 maps pa 0x%llx, a hyp page since boot",
					 (unsigned long long)pa);
		else if (l == LEDGER_DONATED)
			report_violation("O1", "host_maps_donated",
					 "host stage-2 maps pa 0x%llx, donated and not given back",
					 (unsigned long long)pa);
		else if (machine_kind(pa) == MEM_RAM &&
			 (rec.hyp_state == PKVM_PAGE_OWNED ||
			  (rec.host_state != PKVM_PAGE_OWNED &&
			   rec.host_state != PKVM_PAGE_SHARED_OWNED)))
			report_violation("O1", "host_maps_unowned",
					 "host stage-2 maps pa 0x%llx in host state %u, hyp state %u",
					 (unsigned long long)pa, rec.host_state, rec.hyp_state);
		return;
	}
	/*
	 * A hyp page must keep the host stage-2 annotation that names the hyp:
	 * without it the host's next fault on the page would map it.
	 */
	if (l != LEDGER_HOST && (!rec.host_pte || kvm_pte_owner(rec.host_pte) != PKVM_ID_HYP))
		report_violation("O1", "hyp_page_lost_annotation",
				 "pa 0x%llx is the hyp's but its host stage-2 entry is 0x%llx",
				 (unsigned long long)pa, (unsigned long long)rec.host_pte);
}

void o1_check_journal(void)
{
	const struct journal_entry *j;
	unsigned int nr, i;
	bool overflow;

	j = machine_step_journal(&nr, &overflow);
	for (i = 0; i < nr; i++)
		o1_check_page(j[i].pfn);
}

static void expect(uint64_t pfn, uint64_t nr_pages, enum ledger from, enum ledger to,
		   const char *what)
{
	uint64_t i;

	for (i = 0; i < nr_pages && machine_pfn_valid(pfn + i); i++) {
		if (machine_ledger(pfn + i) != from)
			report_violation("O1", what, "pfn 0x%llx was not the host's to move",
					 (unsigned long long)(pfn + i));
		machine_set_ledger(pfn + i, to);
	}
}

void oracle_expect_donated(uint64_t pfn, uint64_t nr_pages)
{
	expect(pfn, nr_pages, LEDGER_HOST, LEDGER_DONATED, "donated_not_host_page");
}

void oracle_expect_returned(uint64_t pfn, uint64_t nr_pages)
{
	expect(pfn, nr_pages, LEDGER_DONATED, LEDGER_HOST, "returned_not_donated");
}
