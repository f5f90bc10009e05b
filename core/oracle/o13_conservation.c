// SPDX-License-Identifier: GPL-2.0-only
/*
 * O13 conservation: at every entry boundary, what the hyp holds for the
 * ITS (pages donated, shared or pinned inside ITS entries, per the
 * ownership reference) is what live hardware state references, plus its
 * private state:
 *
 *  - a page donated to the hyp: in the queue, a table, an L1 or an L2 the
 *    ITS reaches (its_reach.c), in the allocation the host described for
 *    a table (2^order host pages: the device may use less), or the setup's
 *    private pages or state page;
 *  - a page shared with the hyp: an ITT a valid DTE names, or one of the
 *    host's copies the host described (its queue copy, L1 copies).
 *
 * Anything else is held for nothing: a leak, such as the pages of a
 * command the device never ran. Judged once the device has run what it
 * was handed: while a disabled, hung or stalled ITS holds commands (it
 * may run them later), a hyp may keep what they take and what they give
 * back; once the hyp has reset the queue (GITS_CBASER), it holds none.
 * After a teardown nothing may be held. The converse (everything
 * the ITS reaches is held, and held right) is O2's.
 */
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_asm.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/its_hw.h"
#include "../trace/trace.h"

static uint64_t checked_generation;
static bool saw_idle;
static bool saw_reset;	/* the hyp wrote GITS_CBASER in this entry */
static bool deferred;	/* a trap's pages wait for the next judged entry */

/* The first reach range overlapping the host page at @pa, or NULL. */
static const struct reach_range *reached_by(uint64_t pa)
{
	uint64_t ps = machine_page_size();
	const struct reach_range *r;
	unsigned int nr, i;

	r = reach_get(&nr, NULL);
	for (i = 0; i < nr; i++)
		if (r[i].pa < pa + ps && r[i].pa + r[i].len > pa)
			return &r[i];
	return NULL;
}

static const char *why_held(uint64_t pfn, const struct ref_page *p)
{
	uint64_t pa = pfn << machine_page_shift();
	const struct reach_range *r;
	bool donated = p->hyp == PKVM_PAGE_OWNED;

	if (!its_ref_emulated())
		return NULL;
	if (donated && its_ref_private(pa))
		return "private";
	if (!donated && its_ref_host_copy(pa))
		return "host copy";
	if (donated && its_ref_table_alloc(pa))
		return "table allocation";
	r = reached_by(pa);
	if (!r)
		return NULL;
	if (r->kind == REACH_ITT)
		return "itt";
	return donated ? reach_kind_name((enum reach_kind)r->kind) : NULL;
}

static void check_page(uint64_t pfn)
{
	struct ref_page p = ref_page(pfn);

	if (!(p.its || p.its_pins) ||
	    (p.hyp != PKVM_PAGE_OWNED && p.hyp != PKVM_PAGE_SHARED_BORROWED))
		return;
	/*
	 * A page still shared only because another hyp user pins it: the ITS
	 * let go of its own pins, and the unshare cannot succeed until the
	 * other user does.
	 */
	if (p.hyp == PKVM_PAGE_SHARED_BORROWED && p.pins && !p.its_pins)
		return;
	if (why_held(pfn, &p))
		return;
	report_violation("O13", its_ref_emulated() ? "held_for_nothing" : "held_after_teardown",
			 "the hyp holds pa 0x%llx (%s, %u pins) that no live ITS state references",
			 (unsigned long long)(pfn << machine_page_shift()),
			 p.hyp == PKVM_PAGE_OWNED ? "donated" : "shared", p.pins);
}

static void o13_reset(void)
{
	checked_generation = 0;
	saw_idle = false;
	saw_reset = false;
	deferred = false;
}

static void o13_entry_begin(const struct oracle_entry *e)
{
	(void)e;
	saw_idle = false;
	saw_reset = false;
}

/* Whether the hyp's last read of GITS_CREADR found the device had run all it was handed. */
static void o13_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	if (write && off / 8 == GITS_CBASER / 8)
		saw_reset = true;
	if (write || off != GITS_CREADR || width < 4)
		return;
	saw_idle = its_ref_caught_up(val);
}

/*
 * The hyp reset the queue of a disabled ITS, which now holds nothing: it
 * knows the device will run none of what it held, as well as a look at
 * an idle GITS_CREADR would tell it.
 */
static bool saw_emptied(void)
{
	if (!saw_reset)
		return false;
	return !(its_hw_peek(GITS_CTLR, 4) & GITS_CTLR_ENABLE) &&
	       its_ref_caught_up(its_hw_peek(GITS_CREADR, 8));
}

static void o13_entry_end(const struct oracle_entry *e)
{
	unsigned int nj, i;
	uint64_t gen;
	bool overflow;

	if (saw_emptied())
		saw_idle = true;

	/*
	 * A hyp may give back what a command retired only once it sees the
	 * device has run it: a trap is judged when the hyp's last look at
	 * GITS_CREADR in it found the device idle; until then, the next
	 * judged entry checks the same pages.
	 */
	if (e->kind == ENTRY_ITS_TRAP && !saw_idle) {
		deferred = its_ref_emulated();
		return;
	}
	/*
	 * An entry that did not see the device idle (a host fault, a
	 * hypercall: the device may have run more since, unseen) does not end
	 * the wait either, but for a teardown that succeeded, after which
	 * nothing may be held.
	 */
	if (deferred && !saw_idle &&
	    (e->kind != ENTRY_HCALL || e->ret ||
	     e->id != __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown))
		return;
	/*
	 * A disabled or hung ITS holds commands it has not run: what the hyp
	 * holds for them, and what it took off the ITS's reach for them (an
	 * L2 page whose L1 entry a held command's vetting cleared, with the
	 * ITTs its DTEs name), it may give back once they have run. Judged
	 * then, or once a teardown has succeeded.
	 */
	if (reach_queue_pending()) {
		deferred = true;
		return;
	}
	machine_step_journal(&nj, &overflow);
	gen = reach_generation();
	if (gen == checked_generation && !nj && !overflow && !deferred)
		return;
	deferred = false;
	checked_generation = gen;
	for (i = 0; i < machine_touched(); i++)
		check_page(machine_touched_pfn(i));
}

const struct invariant o13_conservation = {
	.id = "O13",
	.name = "conservation",
	.reset = o13_reset,
	.entry_begin = o13_entry_begin,
	.entry_end = o13_entry_end,
	.reg = o13_reg,
};
