// SPDX-License-Identifier: GPL-2.0-only
/*
 * O15 no hyp data to the host: no hyp virtual address, and no byte of the
 * hyp's private memory, is left where the host can read it.
 *
 * Checked after every entry on each page the host can read that the entry
 * gave back or unshared, or that the hyp stored into while the host could
 * read it: no 8-byte word of it may be a hyp VA (of RAM or MMIO through
 * the hyp's linear map, or of the hyp's image: its code and statics),
 * unless the host stored or passed that very value itself in the run (its
 * own commands, copied by the hyp into a queue it gives back, are no
 * leak). Nor may the value the host reads back from the entry (a
 * hypercall's result, a trapped read) be one. The ITS setup's private
 * pages and state page are kept as the host handed them over; when they
 * come back, each byte must be zero or what the host had there.
 */
#include <string.h>

#include <linux/kernel.h>
#include <asm/kvm_asm.h>
#include <nvhe/memory.h>

#include "invariant.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define HOST_PAGE_OFFSET	0xffff000000000000ULL
#define GRANULE			MACHINE_GRANULE
#define KEPT_MAX		(1ULL << 20)	/* the state page first, then private pages */
#define KEPT_GRANULES		(KEPT_MAX / GRANULE)
#define KEPT_WORDS		(KEPT_GRANULES / 64)
#define STORED_MAX		256
#define HOST_WORDS_MAX		256
#define HOST_REGS_MAX		32

static struct {
	/*
	 * The private pages [0] and the state page [1] as the host handed them
	 * over, at kept + kept_off[i]; bitmaps by page and granule of each.
	 */
	uint64_t kept_pa[2];
	uint64_t kept_len[2];
	uint64_t kept_off[2];
	/* pages of each that came back: the host's own again, judged once */
	uint64_t kept_back[2][KEPT_WORDS];
	/* granules of each that held something: the others were zeros */
	uint64_t kept_written[2][KEPT_WORDS];
	uint8_t kept[KEPT_MAX];
	uint64_t stored[STORED_MAX];	/* pfns the hyp stored into, host-readable */
	unsigned int nr_stored;
	bool stored_overflow;
	/* pfns the host's other CPU wrote in this entry: their bytes are its own */
	uint64_t host_wrote[STORED_MAX];
	unsigned int nr_host_wrote;
	/* hyp VAs the host stored itself in this run (the first HOST_WORDS_MAX) */
	uint64_t host_words[HOST_WORDS_MAX];
	unsigned int nr_host_words;
	/*
	 * ITS register words whose high half the host wrote: every bit it set
	 * there, in any write (the hardware keeps the bits it implements, and
	 * may ignore a later write: a CBASER written while enabled).
	 */
	struct host_reg {
		uint64_t off;		/* the 64-bit word's offset */
		uint32_t ones;		/* bits of the high half the host set */
	} host_regs[HOST_REGS_MAX];
	unsigned int nr_host_regs;
	/* the hyp's image: [@image, @image_end) */
	uint64_t image;
	uint64_t image_end;
} o15;

static uint64_t host_va_pa(uint64_t va)
{
	return (va - HOST_PAGE_OFFSET) & GENMASK_ULL(47, 0);
}

static void o15_reset(void)
{
	o15.kept_len[0] = 0;
	o15.kept_len[1] = 0;
	o15.nr_stored = 0;
	o15.nr_host_words = 0;
	o15.nr_host_regs = 0;
	machine_hyp_image(&o15.image, &o15.image_end);
}

static bool bit_test(const uint64_t *map, uint64_t n)
{
	return map[n / 64] & BIT_ULL(n % 64);
}

static void bit_set(uint64_t *map, uint64_t n)
{
	map[n / 64] |= BIT_ULL(n % 64);
}

/* Granule @g of kept range @i, as RAM holds it now. */
static void keep_granule(unsigned int i, uint64_t g)
{
	memcpy(o15.kept + o15.kept_off[i] + g * GRANULE,
	       machine_ram_view(o15.kept_pa[i] + g * GRANULE, GRANULE), GRANULE);
	bit_set(o15.kept_written[i], g);
}

/*
 * Only the granules anything wrote since boot are copied: the rest read as
 * zeros (the setup call hands over fresh pages, mostly never written).
 * Beyond KEPT_MAX a range is not kept: its words are still judged.
 */
static void keep(unsigned int i, uint64_t pa, uint64_t len, uint64_t *used)
{
	uint64_t g;

	o15.kept_len[i] = 0;
	if (len > KEPT_MAX - *used || !machine_ram_view(pa, len))
		return;
	o15.kept_pa[i] = pa;
	o15.kept_len[i] = len;
	o15.kept_off[i] = *used;
	memset(o15.kept_back[i], 0, sizeof(o15.kept_back[i]));
	memset(o15.kept_written[i], 0, sizeof(o15.kept_written[i]));
	for (g = 0; g * GRANULE < len; g++)
		if (machine_granule_written(pa + g * GRANULE))
			keep_granule(i, g);
	*used += len;
}

/*
 * The host's other CPU stores into a page the setup call holds as the
 * host's before the hyp takes it (the store succeeds only while the page
 * is the host's): what the host had there when the hyp took it includes
 * those bytes. Called before the store lands.
 */
static void keep_host_store(uint64_t pa, const uint8_t *bytes, unsigned int len)
{
	uint64_t at, g;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (!o15.kept_len[i] || pa >= o15.kept_pa[i] + o15.kept_len[i] ||
		    pa + len <= o15.kept_pa[i])
			continue;
		for (at = pa; at < pa + len; at++) {
			if (at - o15.kept_pa[i] >= o15.kept_len[i])
				continue;
			g = (at - o15.kept_pa[i]) / GRANULE;
			if (!bit_test(o15.kept_written[i], g))
				keep_granule(i, g);
			o15.kept[o15.kept_off[i] + at - o15.kept_pa[i]] = bytes[at - pa];
		}
	}
}

static void learn(uint64_t val);
static void learn_reg(uint64_t off, unsigned int width, uint64_t val);

static void o15_entry_begin(const struct oracle_entry *e)
{
	uint64_t ps = machine_page_size();
	uint64_t used = 0;
	unsigned int i;

	o15.nr_stored = 0;
	o15.stored_overflow = false;
	o15.nr_host_wrote = 0;
	/* What the host passes in registers it knows, as what it stores. */
	if (e->kind == ENTRY_HCALL)
		for (i = 0; i < ARRAY_SIZE(e->args); i++)
			learn(e->args[i]);
	if (e->kind == ENTRY_ITS_TRAP && e->write) {
		learn(e->val);
		learn_reg(e->off, e->width, e->val);
	}
	if (e->kind != ENTRY_HCALL || e->id != __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup ||
	    its_ref_emulated())
		return;
	keep(1, host_va_pa(e->args[1]) & ~(ps - 1), ps, &used);
	keep(0, host_va_pa(e->args[2]) & ~(ps - 1),
	     e->args[3] <= KEPT_MAX / ps ? e->args[3] * ps : KEPT_MAX + 1, &used);
}

static void add_stored(uint64_t pfn)
{
	unsigned int i;

	for (i = o15.nr_stored; i--;)
		if (o15.stored[i] == pfn)
			return;
	if (o15.nr_stored == STORED_MAX)
		o15.stored_overflow = true;
	else
		o15.stored[o15.nr_stored++] = pfn;
}

static void o15_access(uint64_t pa, unsigned int len, bool store, bool host_writable)
{
	(void)len;
	if (store && host_writable)
		add_stored(pa >> machine_page_shift());
}

static bool host_wrote(uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < o15.nr_host_wrote; i++)
		if (o15.host_wrote[i] == pfn)
			return true;
	return o15.nr_host_wrote == STORED_MAX;
}

/* A hyp VA: of RAM or MMIO through the hyp's linear map, or of its image. */
static bool hyp_va(uint64_t v)
{
	uint64_t map = (uint64_t)(uintptr_t)__hyp_va(0);

	return v - map < SIM_PA_LIMIT || v - o15.image < o15.image_end - o15.image;
}

static bool host_supplied(uint64_t val)
{
	unsigned int i;

	for (i = 0; i < o15.nr_host_words; i++)
		if (o15.host_words[i] == val)
			return true;
	/* More than it can keep: a finding then could be the host's own. */
	return o15.nr_host_words == HOST_WORDS_MAX;
}

/*
 * A value the host stored itself is no leak when it comes back, whoever
 * copied it meanwhile (the hyp's queue holds the host's commands, its
 * setup state the host's fields): a fuzzer that learns the addresses the
 * mediator compares can write one. Only values that pass for a hyp VA
 * are kept: nothing else is asked.
 */
static void learn(uint64_t val)
{
	if (hyp_va(val) && !host_supplied(val))
		o15.host_words[o15.nr_host_words++] = val;
}

/*
 * A trapped ITS write: the bits it sets in the high half of a 64-bit
 * register word. A register read back whole is what the device or the
 * hyp keeps in its low half (a physical address) under the host's high
 * half: the host that writes 0x5200 there reads a value that passes for
 * a hyp VA of its own making, as with two halves stored apart in RAM.
 */
static void learn_reg(uint64_t off, unsigned int width, uint64_t val)
{
	struct host_reg *r = NULL;
	unsigned int i;

	if (width > 8 || (off & 7) + width <= 4)
		return;
	for (i = 0; i < o15.nr_host_regs; i++)
		if (o15.host_regs[i].off == (off & ~7ULL))
			r = &o15.host_regs[i];
	if (!r) {
		if (o15.nr_host_regs == HOST_REGS_MAX)
			return;
		r = &o15.host_regs[o15.nr_host_regs++];
		*r = (struct host_reg){ .off = off & ~7ULL };
	}
	for (i = 0; i < width; i++) {
		unsigned int b = (unsigned int)(off & 7) + i;

		if (b >= 4 && b < 8)
			r->ones |= (uint32_t)(uint8_t)(val >> (8 * i)) << (8 * (b - 4));
	}
}

/* An 8-byte register read whose high half holds only bits the host set there. */
static bool host_reg_supplied(uint64_t off, uint64_t val)
{
	unsigned int i;

	for (i = 0; i < o15.nr_host_regs; i++)
		if (o15.host_regs[i].off == off)
			return !((uint32_t)(val >> 32) & ~o15.host_regs[i].ones);
	return false;
}

/*
 * The host stores @bytes at [@pa, @pa + @len), by either CPU and at any
 * width: each aligned word the store reaches, as it reads once stored (two
 * halves stored apart make one word), and, in a short store, each word at
 * any alignment (the hyp may copy it to one).
 */
static void learn_store(uint64_t pa, const uint8_t *bytes, unsigned int len)
{
	uint64_t at = pa & ~7ULL;
	uint8_t word[8];
	unsigned int i;
	uint64_t w;

	for (; at < pa + len; at += 8) {
		if (at < pa || at + 8 > pa + len) {
			/* Partly this store: the rest is what RAM holds. */
			if (machine_ram_read(at, word, sizeof(word)))
				memset(word, 0, sizeof(word));
			for (i = 0; i < sizeof(word); i++)
				if (at + i >= pa && at + i < pa + len)
					word[i] = bytes[at + i - pa];
		} else {
			memcpy(word, bytes + (at - pa), sizeof(word));
		}
		memcpy(&w, word, sizeof(w));
		if (w)
			learn(w);
	}
	for (i = 0; len <= 64 && i + 8 <= len; i++) {
		memcpy(&w, bytes + i, sizeof(w));
		if (w)
			learn(w);
	}
}

static void o15_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	learn_store(pa, (const uint8_t *)&val, width);
}

/* The host's other CPU: its bytes are the host's, in the entry and after. */
static void o15_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	uint64_t pfn = pa >> machine_page_shift();
	uint64_t last = (pa + len - 1) >> machine_page_shift();

	for (; pfn <= last && o15.nr_host_wrote < STORED_MAX; pfn++)
		o15.host_wrote[o15.nr_host_wrote++] = pfn;
	keep_host_store(pa, buf, len);
	learn_store(pa, buf, len);
}

/*
 * The host's bytes of a private page, or NULL if none were kept; in
 * *@written, which of its granules held anything (the others held zeros).
 */
static const uint8_t *kept_bytes(uint64_t pa, uint64_t *written)
{
	unsigned int i;
	uint64_t g;

	for (i = 0; i < 2; i++) {
		uint64_t at = pa - o15.kept_pa[i];

		if (o15.kept_len[i] && pa >= o15.kept_pa[i] && at < o15.kept_len[i]) {
			if (bit_test(o15.kept_back[i], at >> machine_page_shift()))
				return NULL;
			/* A page's granules (16 at most) share one word of the map. */
			g = at / GRANULE;
			*written = o15.kept_written[i][g / 64] >> (g % 64);
			return o15.kept + o15.kept_off[i] + at;
		}
	}
	return NULL;
}

/* Whether the ITS reaches any granule of the page at @pa as memory the hyp hands it. */
static bool handed_to_its(uint64_t pa)
{
	uint64_t off;

	for (off = 0; off < machine_page_size(); off += GRANULE)
		if (reach_contains_any(pa + off, REACH_HYP_HANDS))
			return true;
	return false;
}

/*
 * Once a kept page is the host's again, what the host writes there next is
 * its own: the page is judged against the kept bytes only when it comes back.
 * So too once the ITS reaches it as memory the hyp hands it (a state page
 * the hyp copied, let go and was handed again as the queue or a table):
 * what it holds from then on is commands and entries, judged by their
 * words (no hyp VA), not against the host's state.
 */
static void mark_kept_back(void)
{
	uint64_t ps = machine_page_size();
	unsigned int i;
	uint64_t p, pa;

	for (i = 0; i < 2; i++)
		for (p = 0; p * ps < o15.kept_len[i]; p++) {
			pa = o15.kept_pa[i] + p * ps;
			if (bit_test(o15.kept_back[i], p))
				continue;
			if (ref_host_accessible(pa >> machine_page_shift()) || handed_to_its(pa))
				bit_set(o15.kept_back[i], p);
		}
}

/* No word of [@pa, @pa + @len) in @bytes is a hyp VA the host did not supply. */
static bool check_words(uint64_t pa, const uint8_t *bytes, uint64_t len)
{
	uint64_t w, i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, bytes + i, sizeof(w));
		if (w && hyp_va(w) && !host_supplied(w)) {
			report_violation("O15", "hyp_address",
					 "pa 0x%llx, which the host can read, holds hyp VA 0x%llx",
					 (unsigned long long)(pa + i), (unsigned long long)w);
			return false;
		}
	}
	return true;
}

/* Each byte of a kept granule that came back: zero or the host's (@was, or zeros). */
static bool check_bytes(uint64_t pa, const uint8_t *bytes, const uint8_t *was)
{
	uint8_t had;
	uint64_t i;

	for (i = 0; i < GRANULE; i++) {
		had = was ? was[i] : 0;
		if (bytes[i] && bytes[i] != had) {
			report_violation("O15", "hyp_bytes",
					 "pa 0x%llx came back to the host holding 0x%02x where it had 0x%02x",
					 (unsigned long long)(pa + i), bytes[i], had);
			return false;
		}
	}
	return true;
}

static void check_page(uint64_t pfn)
{
	uint64_t ps = machine_page_size();
	uint64_t pa = pfn << machine_page_shift();
	const uint8_t *page = machine_ram_view(pa, ps);
	uint64_t kept_written = 0;
	const uint8_t *kept = kept_bytes(pa, &kept_written);
	uint64_t data = 0;
	uint64_t i;

	/* A page the host wrote itself in the entry holds what the host put there. */
	if (!page || !ref_host_accessible(pfn) || host_wrote(pfn))
		return;
	/*
	 * A granule nobody wrote since boot is zeros, and so is one written
	 * only with zeros: nothing to find in either. Those with data are
	 * noted for the byte check below (a page has at most 16 granules).
	 */
	for (i = 0; i < ps; i += GRANULE) {
		if (!machine_granule_has_data(pa + i))
			continue;
		if (!check_words(pa + i, page + i, GRANULE))
			return;
		data |= BIT_ULL(i / GRANULE);
	}
	if (!kept || !ref_changed_in_entry(pfn))
		return;
	for (i = 0; i < ps; i += GRANULE) {
		const uint8_t *was = kept_written & BIT_ULL(i / GRANULE) ? kept + i : NULL;

		/* As the host left it, or zeros: the bytes only when neither. */
		if (!(data & BIT_ULL(i / GRANULE)) ||
		    (was && !memcmp(page + i, was, GRANULE)))
			continue;
		if (!check_bytes(pa + i, page + i, was))
			return;
	}
}

/*
 * What the host reads back in a register is as much its to read as a
 * page: a hypercall's result, a trapped read's value.
 */
static void check_returned(const struct oracle_entry *e)
{
	uint64_t v;

	if (e->kind == ENTRY_HCALL)
		v = (uint64_t)e->ret;
	else if (e->kind == ENTRY_ITS_TRAP && !e->write)
		v = e->out;
	else
		return;
	if (e->kind == ENTRY_ITS_TRAP && e->width == 8 && !(e->off & 7) &&
	    host_reg_supplied(e->off, v))
		return;
	if (v && hyp_va(v) && !host_supplied(v))
		report_violation("O15", "hyp_address_returned",
				 "the host reads hyp VA 0x%llx back from %s",
				 (unsigned long long)v, e->name);
}

static void o15_entry_end(const struct oracle_entry *e)
{
	const struct journal_entry *j;
	unsigned int nr, i;
	bool overflow;

	check_returned(e);
	/*
	 * Pages the entry gave back or unshared, and pages the hyp stored into
	 * while the host could read them; past the journal's or the store
	 * list's bounds, every page the run touched.
	 */
	j = machine_step_journal(&nr, &overflow);
	if (overflow || o15.stored_overflow) {
		for (i = 0; i < machine_touched(); i++)
			check_page(machine_touched_pfn(i));
		mark_kept_back();
		return;
	}
	for (i = 0; i < nr; i++)
		if (ref_changed_in_entry(j[i].pfn))
			check_page(j[i].pfn);
	for (i = 0; i < o15.nr_stored; i++)
		check_page(o15.stored[i]);
	mark_kept_back();
}

const struct invariant o15_no_hyp_data = {
	.id = "O15",
	.name = "no hyp data to the host",
	.reset = o15_reset,
	.entry_begin = o15_entry_begin,
	.entry_end = o15_entry_end,
	.access = o15_access,
	.host_write = o15_host_write,
	.cpu2_write = o15_cpu2_write,
};
