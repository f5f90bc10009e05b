// SPDX-License-Identifier: GPL-2.0-only
/*
 * O1 isolation: the host never gains access to a page that the hyp owns
 * (since boot, or because the host donated it) or that the host does not
 * own; a page the hyp owns keeps the host stage-2 annotation that makes
 * the host's faults on it fail. A donated page comes back only through
 * the inverse of that donation (o12_legality.c reports those calls as
 * O1's too: returned_not_donated, donated_not_host_page).
 *
 * "Access" is what the hardware would allow: a valid host stage-2 leaf.
 * "Owns" is the reference (ref_page), never the machine's own records.
 *
 * A leaf the host may have says what it may do with the page, and that
 * follows from what is behind it (HYP_API_FACTS §6 step 2): memory is
 * mapped as memory; a device frame or a hole in the physical map as
 * device memory, never executable (host_maps_device_as_memory). Memory
 * mapped as device costs the host only its own accesses
 * (host_maps_memory_as_device, correctness).
 */
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../trace/trace.h"

static void check_memory_type(uint64_t pa, enum mem_kind kind, kvm_pte_t pte)
{
	bool device = pte & KVM_PTE_LEAF_ATTR_DEVICE;

	if (kind == MEM_RAM) {
		if (device)
			report_violation("O1", "host_maps_memory_as_device",
					 "host stage-2 maps pa 0x%llx, memory, as device (pte 0x%llx)",
					 (unsigned long long)pa, (unsigned long long)pte);
		return;
	}
	if (!device || (pte & KVM_PTE_LEAF_ATTR_X))
		report_violation("O1", "host_maps_device_as_memory",
				 "host stage-2 maps pa 0x%llx, %s, as %s (pte 0x%llx)",
				 (unsigned long long)pa, kind == MEM_HOLE ? "a hole" : "a device frame",
				 device ? "executable" : "Normal memory", (unsigned long long)pte);
}

static void check_page(uint64_t pfn)
{
	uint64_t pa = pfn << machine_page_shift();
	struct page_rec rec = machine_page(pfn);
	struct ref_page r = ref_page(pfn);
	enum mem_kind kind;

	if (kvm_pte_valid(rec.host_pte)) {
		kind = machine_kind(pa);
		/* Holes are nobody's: the host may map them as device memory. */
		if (kind == MEM_HOLE || ref_host_accessible(pfn)) {
			check_memory_type(pa, kind, rec.host_pte);
			return;
		}
		if (r.boot_hyp)
			report_violation("O1", "host_maps_hyp_private",
					 "host stage-2 maps pa 0x%llx, a hyp page since boot",
					 (unsigned long long)pa);
		else if (r.hyp == PKVM_PAGE_OWNED)
			report_violation("O1", "host_maps_donated",
					 "host stage-2 maps pa 0x%llx, donated and not given back",
					 (unsigned long long)pa);
		else
			report_violation("O1", "host_maps_unowned",
					 "host stage-2 maps pa 0x%llx; the rules say host %u, hyp %u",
					 (unsigned long long)pa, r.host, r.hyp);
		return;
	}
	/* Without the annotation the host's next fault on the page would map it. */
	if (r.host == PKVM_NOPAGE && r.hyp == PKVM_PAGE_OWNED &&
	    (!rec.host_pte || kvm_pte_owner(rec.host_pte) != PKVM_ID_HYP))
		report_violation("O1", "hyp_page_lost_annotation",
				 "pa 0x%llx is the hyp's but its host stage-2 entry is 0x%llx",
				 (unsigned long long)pa, (unsigned long long)rec.host_pte);
}

static void o1_entry_end(const struct oracle_entry *e)
{
	const struct journal_entry *j;
	unsigned int nr, i;
	bool overflow;

	(void)e;
	j = machine_step_journal(&nr, &overflow);
	for (i = 0; i < nr; i++)
		check_page(j[i].pfn);
}

static void o1_end_of_program(void)
{
	unsigned int i;

	for (i = 0; i < machine_touched(); i++)
		check_page(machine_touched_pfn(i));
}

const struct invariant o1_isolation = {
	.id = "O1",
	.name = "isolation",
	.entry_end = o1_entry_end,
	.end_of_program = o1_end_of_program,
};
