// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS-visible state as text; see el2/its_state.h. The walk is the
 * device's: the registers say where the tables are, valid L1 entries
 * where the L2 pages are, valid DTEs where the ITTs are. Field positions
 * are QEMU 7.2's (hw/intc/gicv3_internal.h; docs/ITS_FACTS.md §1.10).
 */
#include <el2/its_state.h>

#define GITS_CTLR		0x0000
#define GITS_TYPER		0x0008
#define GITS_CBASER		0x0080
#define GITS_CWRITER		0x0088
#define GITS_CREADR		0x0090
#define GITS_BASER		0x0100
#define NR_BASER		8

#define TYPE_DEVICE		1
#define TYPE_COLLECTION		4
#define L1_VALID		(1ULL << 63)
#define CHUNK			4096	/* bytes read per memory call */

struct line {
	char buf[160];
	unsigned int len;
};

static uint64_t bits(uint64_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & (hi - lo == 63 ? ~0ULL : (1ULL << (hi - lo + 1)) - 1);
}

static void put_str(struct line *l, const char *s)
{
	while (*s && l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = *s++;
}

/* " name=0x..", lower-case hex without leading zeros. */
static void put_hex(struct line *l, const char *name, uint64_t v)
{
	char tmp[19];
	int n = 0;

	put_str(l, " ");
	put_str(l, name);
	put_str(l, "=0x");
	do {
		tmp[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	while (n && l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = tmp[--n];
}

static void emit(const struct its_state_src *src, struct line *l)
{
	l->buf[l->len] = '\0';
	src->emit(src->ctx, l->buf);
	l->len = 0;
}

static void bad(const struct its_state_src *src, const char *what, uint64_t pa)
{
	struct line l = { .len = 0 };

	put_str(&l, "its bad what=");
	put_str(&l, what);
	put_hex(&l, "pa", pa);
	emit(src, &l);
}

static uint64_t baser_psz(uint64_t baser)
{
	switch (bits(baser, 9, 8)) {
	case 0:
		return 0x1000;
	case 1:
		return 0x4000;
	}
	return 0x10000;
}

static uint64_t baser_pa(uint64_t baser)
{
	if (baser_psz(baser) == 0x10000)
		return (baser & 0x0000ffffffff0000ULL) | bits(baser, 15, 12) << 48;
	return baser & 0x0000fffffffff000ULL;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Each non-zero u64 of [pa, pa + len), for the raw view. */
static void raw_range(const struct its_state_src *src, uint64_t pa, uint64_t len)
{
	uint8_t buf[CHUNK];
	struct line l = { .len = 0 };
	uint64_t off;
	unsigned int i;
	unsigned int n;

	for (off = 0; off < len; off += n) {
		n = len - off < CHUNK ? (unsigned int)(len - off) : CHUNK;
		if (src->mem(src->ctx, pa + off, buf, n)) {
			bad(src, "raw", pa + off);
			return;
		}
		for (i = 0; i + 8 <= n; i += 8) {
			if (!le64(buf + i))
				continue;
			put_str(&l, "its mem");
			put_hex(&l, "pa", pa + off + i);
			put_hex(&l, "val", le64(buf + i));
			emit(src, &l);
		}
	}
}

static void dump_ites(const struct its_state_src *src, uint64_t dev, uint64_t dte,
		      unsigned int ite_size)
{
	uint64_t events = 1ULL << (bits(dte, 5, 1) + 1);
	uint64_t itt = bits(dte, 49, 6) << 8;
	uint32_t max = src->max_events ? src->max_events : 4096;
	uint8_t ite[16];
	struct line l = { .len = 0 };
	uint64_t ev;
	uint64_t lo;

	if (events > max)
		events = max;
	for (ev = 0; ev < events; ev++) {
		if (src->mem(src->ctx, itt + ev * ite_size, ite, ite_size)) {
			bad(src, "itt", itt + ev * ite_size);
			return;
		}
		lo = le64(ite);
		if (!(lo & 1))
			continue;
		if (bits(lo, 1, 1)) {
			put_str(&l, "its ite");
			put_hex(&l, "dev", dev);
			put_hex(&l, "ev", ev);
			put_hex(&l, "intid", bits(lo, 25, 2));
			put_hex(&l, "icid", bits(lo, 47, 32));
		} else {
			put_str(&l, "its vite");
			put_hex(&l, "dev", dev);
			put_hex(&l, "ev", ev);
			put_hex(&l, "vintid", bits(lo, 25, 2));
			put_hex(&l, "vpe", bits(lo, 63, 48));
			put_hex(&l, "db", ite_size >= 12 ? (uint64_t)(ite[8] | ite[9] << 8 |
							       ite[10] << 16) : 0);
		}
		emit(src, &l);
	}
	if (src->raw)
		raw_range(src, itt, events * ite_size);
}

/* One table entry, decoded by the table's type. */
static void dump_entry(const struct its_state_src *src, uint64_t type, uint64_t id,
		       uint64_t e, unsigned int ite_size)
{
	struct line l = { .len = 0 };

	if (!(e & 1))
		return;
	if (type == TYPE_DEVICE) {
		put_str(&l, "its dte");
		put_hex(&l, "dev", id);
		put_hex(&l, "size", bits(e, 5, 1));
		put_hex(&l, "itt", bits(e, 49, 6) << 8);
		emit(src, &l);
		dump_ites(src, id, e, ite_size);
		return;
	}
	if (type == TYPE_COLLECTION) {
		put_str(&l, "its cte");
		put_hex(&l, "icid", id);
		put_hex(&l, "rdbase", bits(e, 16, 1));
		emit(src, &l);
		return;
	}
	put_str(&l, "its entry");
	put_hex(&l, "type", type);
	put_hex(&l, "id", id);
	put_hex(&l, "val", e);
	emit(src, &l);
}

/* The entries of one page of a table (flat, or an L2 page), from @first_id. */
static void dump_page(const struct its_state_src *src, uint64_t type, uint64_t pa,
		      uint64_t len, uint64_t first_id, unsigned int ite_size)
{
	uint8_t buf[CHUNK];
	uint64_t off;
	unsigned int i;

	for (off = 0; off < len; off += CHUNK) {
		if (src->mem(src->ctx, pa + off, buf, CHUNK)) {
			bad(src, "table", pa + off);
			return;
		}
		for (i = 0; i < CHUNK; i += 8)
			dump_entry(src, type, first_id + (off + i) / 8, le64(buf + i), ite_size);
	}
	if (src->raw)
		raw_range(src, pa, len);
}

static void dump_table(const struct its_state_src *src, unsigned int n, uint64_t baser,
		       unsigned int ite_size)
{
	uint64_t bytes = (bits(baser, 7, 0) + 1) * baser_psz(baser);
	uint64_t psz = baser_psz(baser);
	uint64_t type = bits(baser, 58, 56);
	uint64_t pa = baser_pa(baser);
	uint64_t per_l2 = psz / 8;
	struct line l = { .len = 0 };
	uint64_t idx;
	uint64_t e;

	if (!(baser >> 63) || bits(baser, 52, 48) != 7)
		return;
	if (!(baser & (1ULL << 62))) {
		dump_page(src, type, pa, bytes, 0, ite_size);
		return;
	}
	for (idx = 0; idx < bytes / 8; idx++) {
		uint8_t raw[8];

		if (src->mem(src->ctx, pa + idx * 8, raw, 8)) {
			bad(src, "l1", pa + idx * 8);
			return;
		}
		e = le64(raw);
		if (!(e & L1_VALID))
			continue;
		put_str(&l, "its l1");
		put_hex(&l, "t", n);
		put_hex(&l, "idx", idx);
		put_hex(&l, "val", e);
		emit(src, &l);
		/* The device takes the L2 address from bits [50:0], as QEMU does. */
		dump_page(src, type, bits(e, 50, 0), psz, idx * per_l2, ite_size);
	}
	if (src->raw)
		raw_range(src, pa, bytes);
}

void its_state_dump(const struct its_state_src *src)
{
	uint64_t typer = src->reg(src->ctx, GITS_TYPER);
	uint64_t creadr = src->reg(src->ctx, GITS_CREADR);
	unsigned int ite_size = (unsigned int)bits(typer, 7, 4) + 1;
	uint64_t baser[NR_BASER];
	struct line l = { .len = 0 };
	unsigned int n;

	put_str(&l, "its reg");
	put_hex(&l, "ctlr", src->reg(src->ctx, GITS_CTLR) & 0x80000001ULL);
	put_hex(&l, "typer", typer);
	put_hex(&l, "cbaser", src->reg(src->ctx, GITS_CBASER));
	put_hex(&l, "cwriter", src->reg(src->ctx, GITS_CWRITER));
	put_hex(&l, "creadr", creadr & ~1ULL);
	put_hex(&l, "stalled", creadr & 1);
	emit(src, &l);
	for (n = 0; n < NR_BASER; n++) {
		baser[n] = src->reg(src->ctx, GITS_BASER + 8 * n);
		put_str(&l, "its baser");
		put_hex(&l, "n", n);
		put_hex(&l, "val", baser[n]);
		emit(src, &l);
	}
	if (ite_size > 16)
		ite_size = 16;
	for (n = 0; n < NR_BASER; n++)
		dump_table(src, n, baser[n], ite_size);
}
