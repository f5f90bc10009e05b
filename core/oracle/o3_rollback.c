// SPDX-License-Identifier: GPL-2.0-only
/*
 * O3 exact rollback: an entry that returns an error leaves ownership, pins
 * and mappings exactly as they were. The machine journals each page record
 * before its first change in the entry; the check compares only those.
 * Recycled host device mappings are the one change an error may leave.
 *
 * A trapped access returns nothing; it failed, in this sense, when the
 * device ran none of the commands it handed over to the end (a command it
 * stalled on did not run: SPEC 2.5 has what was taken for it rolled back):
 * whatever the hyp took for them must be back as it was, but for what the
 * device will reach for the commands it holds and has not run (an ITS that
 * is disabled, or was rung and did not start, runs them at the next enable
 * or doorbell; one stalled on a command the hyp left in its hands runs it
 * again when restarted, and rolled back under it the command would reach
 * memory the hyp no longer holds, O2), and for what it gives back that an
 * earlier entry took.
 */
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/its_hw.h"
#include "../trace/trace.h"

/*
 * Commands the device ran to the end in this entry: each fetch of a slot
 * other than the last one's says that one ran; the last is judged at the
 * entry's end (a device stalled on it, CREADR there, did not run it).
 */
static unsigned int cmds_in_entry;
static bool fetched;
static uint64_t fetched_off;

/*
 * The host stage-2 is an identity map filled on demand, so two changes of
 * a leaf are no change of who may access what: dropping a host device
 * mapping (the hyp recycles them when its table pool runs dry, and the
 * host faults them back in), and an empty leaf of a RAM page the host owns
 * before and after becoming its identity mapping, or the reverse (a
 * donation rolled back gives the page back mapped, as mainline does).
 */
static bool recycled(uint64_t pfn, const struct page_rec *a, const struct page_rec *b)
{
	uint64_t pa = pfn << machine_page_shift();
	bool host_ram = machine_kind(pa) == MEM_RAM && a->host_state == b->host_state &&
			b->host_state == PKVM_PAGE_OWNED;

	if (kvm_pte_valid(a->host_pte) && !b->host_pte)
		return machine_kind(pa) != MEM_RAM || host_ram;
	if (!a->host_pte && kvm_pte_valid(b->host_pte))
		return host_ram && (b->host_pte & KVM_PTE_ADDR_MASK) == (pa & KVM_PTE_ADDR_MASK);
	return false;
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

/* How much of a page the hyp holds: donated, shared with it, or neither. */
static int hold(const struct page_rec *r)
{
	if (r->hyp_state == PKVM_PAGE_OWNED)
		return 2;
	return r->hyp_state == PKVM_PAGE_SHARED_BORROWED;
}

/*
 * A page the hyp held less of after the entry than before: given back,
 * unshared or unpinned. A trap that ran no command may give back what an
 * earlier one took for commands the device will now never run (a queue
 * reset, a stall); whether the device may still reach it is O2's.
 */
static bool released(const struct page_rec *a, const struct page_rec *b)
{
	return hold(b) < hold(a) || (hold(b) == hold(a) && b->refcount < a->refcount);
}

/*
 * A page the device will reach for the commands it holds: the ITT of a
 * queued MAPD, or a page it reaches already (an L2 the hyp put in an L1
 * for a queued MAPD's DeviceID).
 */
static bool held_for_queued(uint64_t pfn)
{
	uint64_t pa = pfn << machine_page_shift();

	return reach_pending_itt(pa, machine_page_size()) || reach_contains(pa, NR_REACH_KINDS);
}

static void o3_entry_begin(const struct oracle_entry *e)
{
	(void)e;
	cmds_in_entry = 0;
	fetched = false;
}

static void o3_cmd(const uint64_t *cmd, uint64_t offset)
{
	(void)cmd;
	if (fetched && offset != fetched_off)
		cmds_in_entry++;
	fetched = true;
	fetched_off = offset;
}

static unsigned int cmds_run(void)
{
	uint64_t creadr = its_hw_peek(GITS_CREADR, 8);

	if (fetched && !((creadr & GITS_CREADR_STALLED) &&
			 (creadr & GITS_CMDQ_OFFSET) == fetched_off))
		return cmds_in_entry + 1;
	return cmds_in_entry;
}

static void o3_entry_end(const struct oracle_entry *e)
{
	const char *entry = e->name;
	const struct journal_entry *j;
	unsigned int nr, i;
	bool queued = false;
	long ret = e->ret;
	bool overflow;

	if (e->kind == ENTRY_ITS_TRAP && !cmds_run()) {
		ret = -1;
		queued = reach_queue_pending();
	}
	/* The other CPU's changes are not this entry's to undo. */
	if (ret >= 0 || oracle_interleaved())
		return;
	j = machine_step_journal(&nr, &overflow);
	for (i = 0; i < nr; i++) {
		struct page_rec now = machine_page(j[i].pfn);
		const char *what = first_difference(j[i].pfn, &j[i].old, &now);

		if (what && e->kind == ENTRY_ITS_TRAP &&
		    (released(&j[i].old, &now) || (queued && held_for_queued(j[i].pfn))))
			continue;
		if (what && e->kind == ENTRY_ITS_TRAP)
			report_violation("O3", what,
					 "the device ran none of the commands of %s, but pa 0x%llx changed for none it holds",
					 entry, (unsigned long long)(j[i].pfn << machine_page_shift()));
		else if (what)
			report_violation("O3", what,
					 "%s returned %ld but left pa 0x%llx changed",
					 entry, ret,
					 (unsigned long long)(j[i].pfn << machine_page_shift()));
	}
}

const struct invariant o3_rollback = {
	.id = "O3",
	.name = "exact rollback",
	.scope = SCOPE_ENTRY,
	.entry_begin = o3_entry_begin,
	.entry_end = o3_entry_end,
	.cmd = o3_cmd,
};
