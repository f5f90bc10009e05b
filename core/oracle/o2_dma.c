// SPDX-License-Identifier: GPL-2.0-only
/*
 * O2 DMA confinement, while the hyp emulates the ITS.
 *
 * After every entry: every byte the ITS can reach (its_reach.c, from the
 * ITS's registers and the memory it walks) lies in memory the device may
 * use. Every host page overlapping a byte of the queue, a table, an L1 or
 * an L2 page must be the hyp's, not its private state, and unmapped from
 * the host; every host page overlapping an ITT byte must be shared with
 * the hyp and pinned (or the hyp's, not private). Byte-exact, for every
 * host page size against every ITS page size: an ITS page smaller than a
 * host page, or a base not aligned to one, drags the whole host page in.
 *
 * And no two of the structures the hyp hands the device (the queue, the
 * tables, L1s, L2 pages) share a byte (SPEC 2.2: overlapping inputs are
 * refused): each page being the hyp's says nothing of what it is for, and
 * where two overlap, the device writes one as the other (a DTE into the
 * command queue, a collection entry into an L1).
 *
 * At every device access (the ITS model's DMA hook): the same for the
 * bytes it touches, at the moment it touches them, and never MMIO or a
 * hole.
 *
 * At every page the hyp gives back to the host while the ITS may walk
 * (enabled, or still draining): the page is none of those structures
 * (ITS_FACTS 4.3: the reference goes before the page). Given back first
 * and unnamed after, it is the host's while a valid entry names it: the
 * host's other CPU writes it, and a walk in flight reads what it wrote.
 * Mid-entry the reach is only current where the hyp's stores are seen.
 */
#include <stdio.h>
#include <string.h>

#include <asm/kvm_asm.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"
#include "../util/sort.h"

static uint64_t checked_generation;

/*
 * A teardown hands the ITS and its memory back to the host: once it has
 * succeeded, the device acts for the host, and whether the hyp let go of
 * the ITS enabled is a policy (its_teardown_left_enabled, O12). So inside
 * CPU 0's teardown, a device access on the other CPU's trap that would be
 * a finding, and a page CPU 0 gives back while the ITS can still walk it,
 * wait for the teardown's return: reported if it failed, dropped if it
 * succeeded. Device accesses the teardown itself makes are judged as
 * they happen.
 */
static struct {
	bool teardown;		/* the episode is CPU 0's teardown */
	bool pending;
	const char *what;
	const char *how;
	uint64_t pa;
	struct reach_range r;
} o2;

static const char *const not_ok[NR_REACH_KINDS] = {
	[REACH_QUEUE]	= "queue_not_hyp_owned",
	[REACH_TABLE]	= "table_not_hyp_owned",
	[REACH_L1]	= "l1_not_hyp_owned",
	[REACH_L2]	= "l2_not_hyp_owned",
	[REACH_ITT]	= "itt_not_pinned",
};

/* NULL if the device may use the page at @pa as @kind, else what is wrong. */
static const char *page_problem(uint64_t pa, enum reach_kind kind)
{
	uint64_t pfn = pa >> machine_page_shift();
	struct ref_page r;

	if (machine_kind(pa) != MEM_RAM)
		return not_ok[kind];
	r = ref_page(pfn);
	/*
	 * The state page the hyp owns is its private state, unless the ITS
	 * reaches it as memory the hyp takes for the ITS (a queue, a table,
	 * an L1 or L2 page): a hyp that copied the state and let the page go
	 * may be handed it again as one, and then owns it as that.
	 */
	if (r.boot_hyp ||
	    (its_ref_private(pa) && (kind == REACH_ITT || !its_ref_state_page(pa))))
		return "reach_hyp_private";
	if (kind == REACH_ITT && ref_shared_pinned(pfn))
		return NULL;
	if (!ref_hyp_owned(pfn) || kvm_pte_valid(machine_page(pfn).host_pte))
		return not_ok[kind];
	return NULL;
}

static void report_page(const char *what, uint64_t pa, const struct reach_range *r,
			const char *how)
{
	uint64_t pfn = pa >> machine_page_shift();
	struct ref_page ref = ref_page(pfn);

	report_violation("O2", what,
			 "%s pa 0x%llx (%s 0x%llx+0x%llx of BASER%u): host %u hyp %u pins %u",
			 how, (unsigned long long)pa, reach_kind_name(r->kind),
			 (unsigned long long)r->pa, (unsigned long long)r->len, r->baser,
			 ref.host, ref.hyp, ref.pins);
}

static void check_range(const struct reach_range *r)
{
	uint64_t ps = machine_page_size();
	uint64_t end = r->pa + r->len;
	const char *what;
	uint64_t a;

	/* The device never walks it: the hyp may hold it or not. */
	if (r->kind == REACH_L2_IDLE)
		return;
	if (end < r->pa) {
		report_violation("O2", not_ok[r->kind], "%s at 0x%llx wraps the address space",
				 reach_kind_name(r->kind), (unsigned long long)r->pa);
		return;
	}
	for (a = r->pa & ~(ps - 1); a < end; a += ps) {
		what = page_problem(a, (enum reach_kind)r->kind);
		if (what) {
			report_page(what, a, r, "the ITS can reach");
			return;
		}
	}
}

static bool pa_less(const void *a, const void *b)
{
	return (*(const struct reach_range *const *)a)->pa <
	       (*(const struct reach_range *const *)b)->pa;
}

/* The register that names @r: "CBASER", or "BASER<n>". */
static const char *named_by(const struct reach_range *r, char buf[8])
{
	if (r->kind == REACH_QUEUE)
		return "CBASER";
	snprintf(buf, 8, "BASER%u", r->baser & 7);
	return buf;
}

/* Two structures the hyp hands the device that share a byte. */
static void check_overlap(const struct reach_range *r, unsigned int nr)
{
	static const struct reach_range *hands[REACH_MAX_RANGES];
	const struct reach_range *a, *b;
	unsigned int n = 0, i;
	char ra[8], rb[8];

	for (i = 0; i < nr && n < REACH_MAX_RANGES; i++)
		if (REACH_HYP_HANDS & (1u << r[i].kind))
			hands[n++] = &r[i];
	sort_heap(hands, n, sizeof(*hands), pa_less);
	for (i = 1; i < n; i++) {
		a = hands[i - 1];
		b = hands[i];
		if (b->pa - a->pa >= a->len)
			continue;
		report_violation("O2", "reach_overlap",
				 "the ITS's %s 0x%llx+0x%llx (%s) and its %s 0x%llx+0x%llx (%s) share pa 0x%llx",
				 reach_kind_name(a->kind), (unsigned long long)a->pa,
				 (unsigned long long)a->len, named_by(a, ra), reach_kind_name(b->kind),
				 (unsigned long long)b->pa, (unsigned long long)b->len, named_by(b, rb),
				 (unsigned long long)b->pa);
		return;
	}
}

static void o2_reset(void)
{
	checked_generation = 0;
	memset(&o2, 0, sizeof(o2));
}

static void o2_entry_begin(const struct oracle_entry *e)
{
	o2.teardown = e->kind == ENTRY_HCALL &&
		      e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown;
	o2.pending = false;
}

static void o2_entry_end(const struct oracle_entry *e)
{
	const struct reach_range *r;
	unsigned int nr, i, nj;
	uint64_t gen;
	bool overflow;

	if (o2.pending && e->ret) {
		o2.pending = false;
		report_page(o2.what, o2.pa, &o2.r, o2.how);
		return;
	}
	o2.pending = false;
	if (!its_ref_emulated())
		return;
	machine_step_journal(&nj, &overflow);
	gen = reach_generation();
	/* Nothing the reach reads, and no page's owner, changed: as checked. */
	if (gen == checked_generation && !nj && !overflow)
		return;
	checked_generation = gen;
	r = reach_get(&nr, NULL);
	/* First: where two overlap, what each page holds is the other's. */
	check_overlap(r, nr);
	for (i = 0; i < nr; i++)
		check_range(&r[i]);
}

/* The kind of reach @pa is in, checking the most demanding kind first. */
static bool reach_kind_of(uint64_t pa, enum reach_kind *kind)
{
	static const enum reach_kind order[] = { REACH_QUEUE, REACH_TABLE, REACH_L1,
						 REACH_L2, REACH_ITT };
	unsigned int i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (reach_contains(pa, order[i])) {
			*kind = order[i];
			return true;
		}
	}
	return false;
}

/* A finding inside CPU 0's teardown, held until it returns (the first one). */
static void defer(const char *what, uint64_t pa, const struct reach_range *r, const char *how)
{
	if (o2.pending)
		return;
	o2.pending = true;
	o2.what = what;
	o2.how = how;
	o2.pa = pa;
	o2.r = *r;
}

static void o2_on_dma(uint64_t pa, unsigned int len, bool write)
{
	uint64_t ps = machine_page_size();
	struct reach_range r = { 0 };
	enum reach_kind kind;
	const char *what;
	uint64_t a;

	if (!its_ref_emulated() || !len)
		return;
	for (a = pa & ~(ps - 1); a < pa + len; a += ps) {
		uint64_t at = a < pa ? pa : a;

		if (machine_kind(at) != MEM_RAM) {
			report_violation("O2", machine_kind(at) == MEM_MMIO ? "dma_to_mmio" :
					 "dma_to_hole", "device %s at pa 0x%llx",
					 write ? "write" : "read", (unsigned long long)at);
			return;
		}
		if (!reach_kind_of(at, &kind)) {
			report_violation("O2", "dma_outside_reach",
					 "device %s at pa 0x%llx, outside every table the registers name",
					 write ? "write" : "read", (unsigned long long)at);
			return;
		}
		what = page_problem(at, kind);
		if (!what)
			continue;
		r.kind = (uint8_t)kind;
		r.pa = at;
		r.len = len;
		if (o2.teardown && machine_cpu() == 1) {
			defer(what, at, &r, write ? "device write at" : "device read at");
			return;
		}
		report_page(what, at, &r, write ? "device write at" : "device read at");
		return;
	}
}

static void o2_prim_end(const struct hyp_prim *p)
{
	uint64_t lo = p->pfn << machine_page_shift();
	uint64_t hi = (p->pfn + p->nr) << machine_page_shift();
	const struct reach_range *r;
	unsigned int nr, i;

	if (p->id != PRIM_GIVE_BACK || p->ret || !p->nr || !sancov_active() ||
	    !its_ref_emulated() || its_ref_idle())
		return;
	r = reach_get(&nr, NULL);
	for (i = 0; i < nr; i++) {
		if (!(REACH_HYP_HANDS & (1u << r[i].kind)))
			continue;
		if (r[i].pa >= hi || r[i].pa + r[i].len <= lo)
			continue;
		if (o2.teardown && machine_cpu() == 0)
			defer("given_back_reachable", r[i].pa > lo ? r[i].pa : lo, &r[i],
			      "given back while the ITS can walk");
		else
			report_page("given_back_reachable", r[i].pa > lo ? r[i].pa : lo, &r[i],
				    "given back while the ITS can walk");
		return;
	}
}

const struct invariant o2_dma = {
	.id = "O2",
	.name = "DMA confinement",
	.reset = o2_reset,
	.entry_begin = o2_entry_begin,
	.entry_end = o2_entry_end,
	.dma = o2_on_dma,
	.prim_end = o2_prim_end,
};
