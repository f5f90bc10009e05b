// SPDX-License-Identifier: GPL-2.0-only
/* The other CPU's deterministic schedule; see schedule.h. */
#include <string.h>

#include "schedule.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define MAX_WRITES	8
#define MAX_WATCHES	32
#define MAX_TABLE_PAGES	32

enum watch_kind {
	WATCH_REGAIN,
	WATCH_LOAD,
};

struct timed_write {
	uint64_t k;
	uint64_t pa;
	uint64_t val;
};

struct watch {
	uint64_t pfn;
	uint64_t align;
	uint8_t kind;
	uint8_t action;
	bool accessible;	/* REGAIN: as last seen; LOAD: already fired */
};

static struct timed_write writes[MAX_WRITES];
static unsigned int nr_writes;
static struct watch watches[MAX_WATCHES];
static unsigned int nr_watches;
struct table_page {
	uint64_t pfn;
	uint64_t align;
};

static struct table_page table_pages[MAX_TABLE_PAGES];
static unsigned int nr_table_pages;
static int targeted = -1;	/* the strategy's action, or -1: off */
static uint64_t points;
/* The host-state count REGAIN watches were last checked at (~0: never). */
static uint64_t regain_epoch = ~0ULL;
#define MAX_REREADS	4

/* The reread strategy: loads are counted from the start of the run. */
static struct reread {
	uint64_t k;
	uint64_t mask;
} rereads[MAX_REREADS];
static unsigned int nr_rereads;
static uint64_t loads;
/* A load to rewrite at the next interleaving point: it has happened by then. */
static struct {
	bool due;
	uint64_t pa;
	unsigned int len;
	uint64_t mask;
} pending;

static uint64_t pfn_of(uint64_t pa)
{
	return pa >> machine_page_shift();
}

static void cpu2_write64(uint64_t pa, uint64_t val)
{
	if (machine_cpu2_write(pa, &val, sizeof(val)))
		TRACE1("[adv]", "cpu2: 0x%llx is not the host's to write", pa);
	else
		TRACE2("[adv]", "cpu2: write 0x%llx = 0x%llx", pa, val);
}

/* Point the valid entries of the page at @pfn somewhere the host must not. */
static void rewrite_entries(const struct watch *w)
{
	uint64_t pa = w->pfn << machine_page_shift();
	uint64_t nr = machine_page_size() / sizeof(uint64_t);
	uint64_t align = w->align ? w->align : machine_page_size();
	const uint64_t *entries = machine_ram_view(pa, nr * sizeof(*entries));
	uint64_t i, e, j = 0;

	/* Read in place: the writes below go through the machine, one entry each. */
	for (i = 0; entries && i < nr; i++) {
		e = entries[i];
		if (!(e >> 63))
			continue;
		switch (w->action) {
		case SCHED_HOSTILE_PTRS:
		case SCHED_HOSTILE_ATTRS:
			/* A hyp-private page, aligned as an L2 page must be. */
			e = 1ULL << 63 | (SIM_RAM_BASE + (j++ * align) % SIM_HYP_CARVEOUT);
			if (w->action == SCHED_HOSTILE_ATTRS)
				e |= 1ULL << 62 | 1ULL << 52 | 0x3;
			break;
		default:
			e &= ~(1ULL << 63);
			break;
		}
		cpu2_write64(pa + i * 8, e);
	}
}

static void run_action(const struct watch *w, uint64_t at)
{
	uint64_t v;

	TRACE3("[adv]", "cpu2: action %llu on pa 0x%llx at point %llu", w->action,
	       w->pfn << machine_page_shift(), points);
	if (w->action != SCHED_FLIP) {
		rewrite_entries(w);
		return;
	}
	at &= ~7ULL;
	if (!machine_ram_read(at, &v, sizeof(v)))
		cpu2_write64(at, ~v);
}

/* The bytes the hyp read at its k-th load change, now that it has read them. */
static void rewrite_pending(void)
{
	unsigned int i, n = pending.len < 16 ? pending.len : 16;
	uint8_t b[16];

	pending.due = false;
	if (machine_ram_read(pending.pa, b, n))
		return;
	for (i = 0; i < n; i++)
		b[i] ^= (uint8_t)(pending.mask >> (8 * (i % 8)));
	if (machine_cpu2_write(pending.pa, b, n))
		TRACE1("[adv]", "cpu2: reread at 0x%llx: not the host's to write", pending.pa);
	else
		TRACE3("[adv]", "cpu2: the %llu bytes the hyp read at 0x%llx change (xor 0x%llx)",
		       (uint64_t)n, pending.pa, pending.mask);
}

static void on_point(uint64_t pa, bool load)
{
	uint64_t epoch = machine_host_state_epoch();
	bool regain = epoch != regain_epoch;
	unsigned int i;
	bool now;

	points++;
	if (pending.due)
		rewrite_pending();
	for (i = 0; i < nr_writes; i++)
		if (writes[i].k == points)
			cpu2_write64(writes[i].pa, writes[i].val);
	/* Every point runs this: ask about the pages only when a state moved. */
	if (!nr_watches || (!load && !regain))
		return;
	regain_epoch = epoch;
	for (i = 0; i < nr_watches; i++) {
		struct watch *w = &watches[i];

		if (w->kind == WATCH_LOAD) {
			if (load && !w->accessible && pfn_of(pa) == w->pfn) {
				w->accessible = true;
				run_action(w, pa);
			}
			continue;
		}
		if (!regain)
			continue;
		now = machine_host_writable(w->pfn << machine_page_shift());
		if (now && !w->accessible)
			run_action(w, w->pfn << machine_page_shift());
		w->accessible = now;
	}
}

static void on_call(const char *what, uint64_t arg)
{
	(void)what;
	(void)arg;
	on_point(~0ULL, false);
}

/* The callbacks run before the load: the rewrite waits for the next point. */
static void note_load(uint64_t pa, unsigned int len)
{
	unsigned int i;

	loads++;
	for (i = 0; i < nr_rereads; i++) {
		if (rereads[i].k == loads) {
			pending.due = true;
			pending.pa = pa;
			pending.len = len;
			pending.mask = rereads[i].mask;
		}
	}
}

static void on_access(uint64_t pa, unsigned int len, bool store, bool host_writable)
{
	if (!host_writable)
		return;
	on_point(pa, !store);
	if (!store && nr_rereads)
		note_load(pa, len);
}

static const struct platform_hooks schedule_hooks = {
	.call = on_call,
};

void schedule_reset(void)
{
	platform_add_hooks(&schedule_hooks);
	sancov_add_hook(on_access);
	nr_writes = 0;
	nr_watches = 0;
	nr_table_pages = 0;
	targeted = -1;
	points = 0;
	regain_epoch = ~0ULL;
	nr_rereads = 0;
	loads = 0;
	pending.due = false;
}

void schedule_reread(uint64_t k, uint64_t mask)
{
	if (nr_rereads == MAX_REREADS || !mask) {
		TRACE0("[adv]", "schedule: reread not added");
		return;
	}
	rereads[nr_rereads++] = (struct reread){ .k = k, .mask = mask };
}

uint64_t schedule_points(void)
{
	return points;
}

void schedule_write_at(uint64_t k, uint64_t pa, uint64_t val)
{
	if (nr_writes == MAX_WRITES) {
		TRACE0("[adv]", "schedule: too many timed writes, ignored");
		return;
	}
	writes[nr_writes++] = (struct timed_write){ .k = k, .pa = pa, .val = val };
}

static void add_watch(uint64_t pa, uint64_t align, enum watch_kind kind,
		      enum sched_action action)
{
	unsigned int i;

	for (i = 0; i < nr_watches; i++)
		if (watches[i].pfn == pfn_of(pa) && watches[i].kind == kind)
			return;
	if (nr_watches == MAX_WATCHES || !machine_pfn_valid(pfn_of(pa))) {
		TRACE0("[adv]", "schedule: watch not added");
		return;
	}
	regain_epoch = ~0ULL;
	watches[nr_watches++] = (struct watch){
		.pfn = pfn_of(pa),
		.align = align,
		.kind = (uint8_t)kind,
		.action = (uint8_t)action,
		.accessible = kind == WATCH_REGAIN ? machine_host_writable(pa) : false,
	};
}

void schedule_on_regain(uint64_t pa, enum sched_action action)
{
	unsigned int i;
	uint64_t align = 0;

	/* A table page keeps the alignment its L2 pointers need. */
	for (i = 0; i < nr_table_pages; i++)
		if (table_pages[i].pfn == pfn_of(pa))
			align = table_pages[i].align;
	add_watch(pa, align, WATCH_REGAIN, action);
}

void schedule_on_load(uint64_t pa, enum sched_action action)
{
	add_watch(pa, 0, WATCH_LOAD, action);
}

void schedule_add_table_page(uint64_t pa, uint64_t align)
{
	if (nr_table_pages == MAX_TABLE_PAGES)
		return;
	table_pages[nr_table_pages++] = (struct table_page){ pfn_of(pa), align };
	if (targeted >= 0)
		add_watch(pa, align, WATCH_REGAIN, (enum sched_action)targeted);
}

void schedule_targeted(enum sched_action action)
{
	unsigned int i;

	targeted = (int)action;
	for (i = 0; i < nr_table_pages; i++)
		add_watch(table_pages[i].pfn << machine_page_shift(), table_pages[i].align,
			  WATCH_REGAIN, action);
}
