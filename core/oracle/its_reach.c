// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every byte the ITS can read or write while the hyp emulates it, worked
 * out from the ITS's own registers and the memory it would walk, never
 * from a mediator variable: the command queue GITS_CBASER names; each
 * valid GITS_BASER<n>'s table at its own ITS page size; for a two-level
 * table, the page each valid L1 entry names; for the Device table, the
 * ITT each valid DTE names (2^(Size + 1) entries of TYPER's ITT entry
 * size). Entry formats are the device's (its_hw_l1_l2, its_hw_dte_itt).
 *
 * The walk is redone only when something it read may have changed: a
 * write of GITS_CBASER or a GITS_BASER<n>, a device or hyp store into a
 * page the walk read entries from (an L1, the Device table or one of its
 * L2 pages: not the queue, whose commands change nothing here), a setup
 * or teardown; where the hyp's plain stores are not observed (gcc builds)
 * at every entry. Granules nobody wrote since boot read as zeros and are
 * skipped, and an L1 is read only as far as the device indexes it, so the
 * cost is what the input wrote, not table sizes.
 */
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "invariant.h"
#include "../machine/its_hw.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define REACH_MAX	REACH_MAX_RANGES
#define GRANULE		MACHINE_GRANULE
#define WATCH_SHIFT	12
#define WATCH_PAGES	(SIM_RAM_MAX >> WATCH_SHIFT)
#define WATCH_MAX	4096	/* pages: past that, any store in [lo, hi) */

/* The 4 KiB pages the walk read entries from: a store there may change it. */
static struct {
	uint64_t bits[WATCH_PAGES / 64];
	uint32_t list[WATCH_MAX];
	unsigned int nr;
	bool overflow;
} watch;

static struct {
	struct reach_range r[REACH_MAX];
	unsigned int nr;
	bool overflow;
	bool dirty;
	uint64_t generation;
	/* Table memory (queue, tables, L1s, L2s): the span to watch for stores. */
	uint64_t lo;
	uint64_t hi;
} reach;

static const char *const kind_names[NR_REACH_KINDS] = {
	[REACH_QUEUE]	= "queue",
	[REACH_TABLE]	= "table",
	[REACH_L1]	= "l1",
	[REACH_L2]	= "l2",
	[REACH_ITT]	= "itt",
	[REACH_L2_IDLE]	= "l2 past the last id",
};

const char *reach_kind_name(enum reach_kind k)
{
	return kind_names[k];
}

static void watch_clear(void)
{
	while (watch.nr) {
		uint32_t i = watch.list[--watch.nr];

		watch.bits[i / 64] &= ~(1ULL << (i % 64));
	}
	watch.overflow = false;
}

static void watch_range(uint64_t pa, uint64_t len)
{
	uint64_t i, last;

	if (pa < SIM_RAM_BASE || !len)
		return;
	last = (pa + len - 1 - SIM_RAM_BASE) >> WATCH_SHIFT;
	for (i = (pa - SIM_RAM_BASE) >> WATCH_SHIFT; i <= last && i < WATCH_PAGES; i++) {
		if (watch.bits[i / 64] & (1ULL << (i % 64)))
			continue;
		if (watch.nr == WATCH_MAX) {
			watch.overflow = true;
			return;
		}
		watch.bits[i / 64] |= 1ULL << (i % 64);
		watch.list[watch.nr++] = (uint32_t)i;
	}
}

/* Whether a store to [@pa, @pa + @len) may change what the walk read. */
static bool watched(uint64_t pa, unsigned int len)
{
	uint64_t a = (pa - SIM_RAM_BASE) >> WATCH_SHIFT;
	uint64_t b = (pa + len - 1 - SIM_RAM_BASE) >> WATCH_SHIFT;

	if (watch.overflow)
		return pa < reach.hi && pa + len > reach.lo;
	if (pa < SIM_RAM_BASE || b >= WATCH_PAGES)
		return false;
	return (watch.bits[a / 64] >> (a % 64) & 1) || (watch.bits[b / 64] >> (b % 64) & 1);
}

static void add(uint64_t pa, uint64_t len, enum reach_kind kind, unsigned int baser, uint64_t id)
{
	struct reach_range *last = reach.nr ? &reach.r[reach.nr - 1] : NULL;

	if (!len)
		return;
	/* Neighbours of one kind and table merge: ITTs and L2s come in runs. */
	if (last && last->kind == kind && last->baser == baser && last->pa + last->len == pa &&
	    kind != REACH_ITT) {
		last->len += len;
	} else if (reach.nr == REACH_MAX) {
		reach.overflow = true;
		return;
	} else {
		reach.r[reach.nr++] = (struct reach_range){ .pa = pa, .len = len,
							    .kind = (uint8_t)kind,
							    .baser = (uint8_t)baser,
							    .id = (uint32_t)id };
	}
	/* [lo, hi) bounds every range but the ITTs, merged ones too. */
	if (kind != REACH_ITT) {
		if (pa < reach.lo)
			reach.lo = pa;
		if (pa + len > reach.hi)
			reach.hi = pa + len;
	}
}

/*
 * Call @fn for each non-zero 8-byte entry of [@pa, @pa + @count * 8) with
 * its index. An aligned table is read a granule at a time, in place, and a
 * granule nobody wrote since boot, or that holds only zeros, is skipped
 * whole; an unaligned one has entries across granules: each is read alone.
 */
static void each_entry(uint64_t pa, uint64_t count, void (*fn)(uint64_t idx, uint64_t e, void *arg),
		       void *arg)
{
	uint64_t i = 0, e, g, next;
	const uint8_t *p;

	while (i < count) {
		g = (pa + i * 8) & ~(GRANULE - 1);
		next = (g + GRANULE - pa + 7) / 8;
		if (next > count)
			next = count;
		if (!(pa & 7)) {
			if (!machine_granule_has_data(pa + i * 8)) {
				i = next;
				continue;
			}
			p = machine_ram_view(pa + i * 8, (next - i) * 8);
			if (!p)
				return;
			for (; i < next; i++, p += 8) {
				memcpy(&e, p, sizeof(e));
				if (e)
					fn(i, e, arg);
			}
			continue;
		}
		for (; i < next; i++) {
			p = machine_ram_view(pa + i * 8, 8);
			if (!p)
				return;
			memcpy(&e, p, sizeof(e));
			if (e)
				fn(i, e, arg);
		}
	}
}

struct dte_scan {
	unsigned int baser;
	uint64_t first_id;
};

static void on_dte(uint64_t idx, uint64_t dte, void *arg)
{
	const struct dte_scan *s = arg;
	uint64_t itt, bytes;

	if (its_hw_dte_itt(dte, &itt, &bytes))
		add(itt, bytes, REACH_ITT, s->baser, s->first_id + idx);
}

struct l1_scan {
	unsigned int baser;
	uint64_t psz;
	uint64_t per_l2;	/* entries per L2 page */
	uint64_t ids;
	uint64_t live;		/* L1 entries the device indexes */
	bool device;
};

static void on_l1(uint64_t idx, uint64_t e, void *arg)
{
	const struct l1_scan *s = arg;
	struct dte_scan d = { .baser = s->baser, .first_id = idx * s->per_l2 };
	uint64_t l2, n;

	if (!its_hw_l1_l2(e, &l2))
		return;
	if (idx >= s->live) {
		add(l2, s->psz, REACH_L2_IDLE, s->baser, idx);
		return;
	}
	add(l2, s->psz, REACH_L2, s->baser, idx);
	if (!s->device || d.first_id >= s->ids)
		return;
	watch_range(l2, s->psz);
	n = s->ids - d.first_id < s->per_l2 ? s->ids - d.first_id : s->per_l2;
	each_entry(l2, n, on_dte, &d);
}

static void walk_table(unsigned int n, uint64_t baser)
{
	enum its_hw_table t = its_hw_baser_table(n);
	uint64_t psz = its_hw_baser_psz(baser);
	uint64_t base = its_hw_baser_pa(baser);
	uint64_t bytes = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz;
	uint64_t esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, baser) + 1;
	uint64_t ids = t < ITS_HW_NR_TABLES ? its_hw_table_ids(t) : 0;
	struct l1_scan s = {
		.baser = n,
		.psz = psz,
		.per_l2 = psz / esz,
		.ids = ids,
		.device = t == ITS_HW_DEVICE,
	};
	struct dte_scan d = { .baser = n };
	uint64_t l1;

	if (!(baser & GITS_BASER_INDIRECT)) {
		add(base, bytes, REACH_TABLE, n, 0);
		if (s.device) {
			watch_range(base, bytes);
			each_entry(base, bytes / esz < ids ? bytes / esz : ids, on_dte, &d);
		}
		return;
	}
	add(base, bytes, REACH_L1, n, 0);
	watch_range(base, bytes);
	/* The device indexes the L1 by ID / entries per L2: never past the last ID. */
	l1 = bytes / GITS_LVL1_ENTRY_SIZE;
	s.live = l1;
	if (ids && s.per_l2 && (ids + s.per_l2 - 1) / s.per_l2 < l1)
		s.live = (ids + s.per_l2 - 1) / s.per_l2;
	each_entry(base, l1, on_l1, &s);
}

static void walk(void)
{
	uint64_t cbaser, baser;
	unsigned int n;

	reach.nr = 0;
	reach.overflow = false;
	reach.lo = ~0ULL;
	reach.hi = 0;
	reach.dirty = false;
	reach.generation++;
	watch_clear();
	if (!its_ref_emulated())
		return;
	/*
	 * A queue or table the host made invalid (a CBASER or BASER write the
	 * hyp took while the ITS was disabled, Valid clear) is still the
	 * device's: the host may make it valid again at will, and the device
	 * then walks whatever it names. So it is reached, Valid or not.
	 */
	cbaser = its_hw_peek(GITS_CBASER, 8);
	if ((cbaser & GITS_CBASER_VALID) || its_ref_queue_taken())
		add(cbaser & GITS_CBASER_ADDRESS,
		    (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE,
		    REACH_QUEUE, 0, 0);
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		baser = its_hw_peek(GITS_BASER + 8 * n, 8);
		if (((baser & GITS_BASER_VALID) || its_ref_table_taken(n)) &&
		    FIELD_GET(GITS_BASER_TYPE, baser))
			walk_table(n, baser);
	}
	if (reach.overflow)
		TRACE1("[oracle]", "the ITS reaches more than %llu ranges: reach checks incomplete",
		       (uint64_t)REACH_MAX);
}

/*
 * The commands the device was handed and has not run: the slots from
 * GITS_CREADR to GITS_CWRITER of the queue GITS_CBASER names (offsets
 * bits [19:5]). An ITS that is disabled, or was rung and did not start,
 * runs them later; what a hyp holds for them is held for something.
 */
static bool pending_slots(uint64_t *base, uint64_t *rd, uint64_t *wr, uint64_t *len)
{
	uint64_t cbaser = its_hw_peek(GITS_CBASER, 8);

	if (!its_ref_emulated() || !(cbaser & GITS_CBASER_VALID))
		return false;
	*base = cbaser & GITS_CBASER_ADDRESS;
	*len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	*rd = its_hw_peek(GITS_CREADR, 8) & GENMASK_ULL(19, 5);
	*wr = its_hw_peek(GITS_CWRITER, 8) & GENMASK_ULL(19, 5);
	return *rd != *wr && *rd < *len && *wr < *len;
}

bool reach_queue_pending(void)
{
	uint64_t base, rd, wr, len;

	return pending_slots(&base, &rd, &wr, &len);
}

bool reach_pending_itt(uint64_t pa, uint64_t len)
{
	uint64_t ite = FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, its_hw_peek(GITS_TYPER, 8)) + 1;
	uint64_t base, rd, wr, qlen, itt, bytes;
	const uint8_t *p;
	uint64_t cmd[4];

	if (!pending_slots(&base, &rd, &wr, &qlen))
		return false;
	for (; rd != wr; rd = (rd + sizeof(cmd)) % qlen) {
		p = machine_ram_view(base + rd, sizeof(cmd));
		if (!p)
			return false;
		memcpy(cmd, p, sizeof(cmd));
		/* MAPD V=1: DW1[4:0] Size, DW2[51:8] ITT_addr, DW2[63] V. */
		if ((cmd[0] & 0xff) != GITS_CMD_MAPD || !(cmd[2] & BIT_ULL(63)))
			continue;
		itt = cmd[2] & GENMASK_ULL(51, 8);
		bytes = (2ULL << (cmd[1] & 0x1f)) * ite;
		if (itt < pa + len && itt + bytes > pa)
			return true;
	}
	return false;
}

const struct reach_range *reach_get(unsigned int *nr, bool *overflow)
{
	if (reach.dirty)
		walk();
	*nr = reach.nr;
	if (overflow)
		*overflow = reach.overflow;
	return reach.nr ? reach.r : NULL;
}

/*
 * Called for every pending line at every doorbell: one pass for a set of
 * kinds, and no pass at all outside [lo, hi), which bounds every range
 * but the ITTs.
 */
bool reach_contains_any(uint64_t pa, unsigned int kinds)
{
	const struct reach_range *r;
	unsigned int nr, i;

	r = reach_get(&nr, NULL);
	if (!(kinds & 1u << REACH_ITT) && (pa < reach.lo || pa >= reach.hi))
		return false;
	for (i = 0; i < nr; i++)
		if ((kinds >> r[i].kind & 1) && pa >= r[i].pa && pa - r[i].pa < r[i].len)
			return true;
	return false;
}

bool reach_contains(uint64_t pa, enum reach_kind kind)
{
	if (kind == NR_REACH_KINDS)
		return reach_contains_any(pa, (1u << NR_REACH_KINDS) - 1);
	return reach_contains_any(pa, 1u << kind);
}

uint64_t reach_generation(void)
{
	if (reach.dirty)
		walk();
	return reach.generation;
}

static void reach_reset(void)
{
	watch_clear();
	reach.nr = 0;
	reach.dirty = true;
}

static void reach_entry_begin(const struct oracle_entry *e)
{
	(void)e;
	/* Without load/store tracing the hyp's stores to tables go unseen. */
	if (!sancov_active())
		reach.dirty = true;
}

static void reach_entry_end(const struct oracle_entry *e)
{
	if (e->kind == ENTRY_HCALL && !e->ret)
		reach.dirty = true;
}

/* What may change the walk: tables, L1s and L2s written, registers written. */
static bool in_tables(uint64_t pa)
{
	return pa >= reach.lo && pa < reach.hi;
}

static void reach_access(uint64_t pa, unsigned int len, bool store, bool host_writable)
{
	(void)host_writable;
	if (store && !reach.dirty && in_tables(pa) && watched(pa, len))
		reach.dirty = true;
}

static void reach_dma(uint64_t pa, unsigned int len, bool write)
{
	if (write && !reach.dirty && in_tables(pa) && watched(pa, len))
		reach.dirty = true;
}

/* Only the registers the walk starts from: GITS_CBASER and GITS_BASER<n>. */
static void reach_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	(void)val;
	if (!write)
		return;
	if ((off < GITS_CBASER + 8 && off + width > GITS_CBASER) ||
	    (off < GITS_BASER + 8 * GITS_BASER_NR_REGS && off + width > GITS_BASER))
		reach.dirty = true;
}

const struct invariant reach_model = {
	.name = "what the ITS reaches",
	.scope = SCOPE_EVERY,
	.reset = reach_reset,
	.entry_begin = reach_entry_begin,
	.entry_end = reach_entry_end,
	.access = reach_access,
	.dma = reach_dma,
	.reg = reach_reg,
};
