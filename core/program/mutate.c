// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structure-aware mutation of programs; see mutate.h.
 *
 * Every edit works on the decoded program and keeps each operand in the
 * range its type has under the program's header (addresses folded for the
 * layout, widths, counts and indexes from their tables), so the encoder
 * always takes the result and decoding it gives the same program back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>

#include "layout.h"
#include "mutate.h"
#include "../fault/fault.h"
#include "../machine/machine.h"

/*
 * The mutator runs between inputs, never inside one: its branches and
 * comparisons are not the target's, and tracing them would only fill
 * libFuzzer's comparison table with the mutator's own values.
 */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const kind_names[NR_MUT_KINDS] = {
	[MUT_INSERT]		= "insert",
	[MUT_DELETE]		= "delete",
	[MUT_DUPLICATE]		= "duplicate",
	[MUT_REPEAT]		= "repeat",
	[MUT_SWAP]		= "swap",
	[MUT_OPERAND]		= "operand",
	[MUT_OPERAND_BYTES]	= "operand_bytes",
	[MUT_HEADER]		= "header",
	[MUT_DICT_OPS]		= "dict_ops",
	[MUT_BYTES]		= "bytes",
	[MUT_SPLICE]		= "splice",
	[MUT_SPLICE_TAIL]	= "splice_tail",
	[MUT_BORROW]		= "borrow",
};

const char *prog_mut_kind_name(enum mut_kind kind)
{
	return kind < NR_MUT_KINDS ? kind_names[kind] : "?";
}

/* Random numbers: splitmix64, seeded by the engine for every call. */

static uint64_t rnd(struct prog_mutator *m)
{
	uint64_t z = (m->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(struct prog_mutator *m, uint64_t n)
{
	return n ? rnd(m) % n : 0;
}

static bool one_in(struct prog_mutator *m, uint64_t n)
{
	return below(m, n) == 0;
}

static void rng_seed(struct prog_mutator *m, unsigned int seed)
{
	m->rng = 0x6a09e667f3bcc908ULL ^ seed;
	rnd(m);
}

/* Sizes: the codec's (codec.c arg_size); tests/unit/test_mutate.c keeps them in step. */

static size_t arg_size(char type)
{
	switch (type) {
	case 'A':	return 9;
	case 'I':	return 8;
	default:	return 1;
	}
}

static size_t op_size(unsigned int op)
{
	const char *types = prog_op_args(op);
	size_t n = 1;

	for (; *types; types++)
		n += arg_size(*types);
	return n;
}

size_t prog_encoded_size(const struct program *p)
{
	size_t n = PROG_HEADER_SIZE;
	unsigned int i;

	for (i = 0; i < p->nr_ops; i++)
		n += op_size(p->ops[i].op);
	return n;
}

static unsigned int nr_args(unsigned int op)
{
	return (unsigned int)strlen(prog_op_args(op));
}

/* Operand values ---------------------------------------------------------- */

/* Edges of integer types and the bits the ITS gives a meaning to. */
static const uint64_t small_values[] = {
	0, 1, 2, 3, 4, 7, 8, 0xf, 0x10, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xff,
	0x100, 0xfff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 1ULL << 32,
	1ULL << 47, 1ULL << 48, 1ULL << 52, 1ULL << 62, 1ULL << 63, ~0ULL,
};

static const uint8_t interesting_bits[] = {
	0, 1, 2, 3, 4, 5, 8, 12, 16, 19, 20, 31, 32, 47, 48, 51, 52, 56, 62, 63,
};

/* ITS frame registers: every one the mediator emulates or forwards. */
static const uint64_t its_regs[] = {
	GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_CBASER, GITS_CWRITER, GITS_CREADR,
	GITS_BASER, GITS_BASER + 0x08, GITS_BASER + 0x10, GITS_BASER + 0x18,
	GITS_BASER + 0x20, GITS_BASER + 0x28, GITS_BASER + 0x30, GITS_BASER + 0x38,
	GITS_PIDR2, GITS_TRANSLATER,
};

/* Page sizes the host and the ITS may use, and their boundaries. */
static const uint64_t page_sizes[] = { 0x1000, 0x4000, 0x10000 };

struct mut_ctx {
	struct prog_mutator *m;
	struct program *p;		/* the program being edited */
	struct prog_layout l;
};

/*
 * A register offset: mostly the register itself, else its high half, an
 * unaligned byte of it, or its alias beyond the frame (which must be
 * ignored, never forwarded).
 */
static uint64_t its_reg_value(struct prog_mutator *m)
{
	/* Half the time one of the first six: the command-queue registers. */
	uint64_t r = its_regs[below(m, one_in(m, 2) ? 6 : ARRAY_LEN(its_regs))];

	switch (below(m, 8)) {
	case 0:		return r + 4;
	case 1:		return r + 1 + below(m, 3);
	case 2:		return r + SIM_ITS_SIZE;
	default:	return r;
	}
}

/* The header's command queue, in bytes. */
static uint64_t queue_bytes(const struct program *p)
{
	return (uint64_t)p->hdr.its_queue << 12;
}

/*
 * A command-queue offset for this header's queue: at, just before and just
 * past its end, the first slots; sometimes with Retry, bits [4:1] or a RES0
 * bit set, the values CWRITER must refuse or sanitise.
 */
static uint64_t queue_value(struct mut_ctx *c)
{
	static const uint64_t junk[] = {
		GITS_CWRITER_RETRY, 0x2, 0x4, 0x8, 0x10, 0x1e, 1ULL << 20, 1ULL << 32,
		1ULL << 63,
	};
	struct prog_mutator *m = c->m;
	uint64_t len = queue_bytes(c->p);
	uint64_t v;

	switch (below(m, 7)) {
	case 0:		v = len; break;
	case 1:		v = len - ITS_CMD_SIZE; break;
	case 2:		v = len + ITS_CMD_SIZE; break;
	case 3:		v = ITS_CMD_SIZE * below(m, 4); break;
	case 4:		v = len - ITS_CMD_SIZE * (1 + below(m, 16)); break;
	case 5:		v = ITS_CMD_SIZE * below(m, len / ITS_CMD_SIZE); break;
	default:	v = page_sizes[below(m, ARRAY_LEN(page_sizes))] - ITS_CMD_SIZE * below(m, 2); break;
	}
	if (one_in(m, 3))
		v |= junk[below(m, ARRAY_LEN(junk))];
	return v;
}

/* A page-size boundary of the host's or the ITS's pages. */
static uint64_t page_value(struct mut_ctx *c)
{
	static const int64_t delta[] = { 0, 0, -1, 1, -8, 8, -0x20, 0x20 };
	struct prog_mutator *m = c->m;
	uint64_t psz = page_sizes[below(m, ARRAY_LEN(page_sizes))];

	if (one_in(m, 2))
		psz = c->l.page_size;
	psz *= 1 + below(m, 2);
	return psz + (uint64_t)delta[below(m, ARRAY_LEN(delta))];
}

/* A small change of @old: the neighbours, one bit, a shift, a half. */
static uint64_t tweak_value(struct prog_mutator *m, uint64_t old)
{
	uint64_t bit = 1ULL << interesting_bits[below(m, ARRAY_LEN(interesting_bits))];
	static const uint64_t steps[] = { 1, 2, 4, 8, 0x20, 0x1000 };

	switch (below(m, 8)) {
	case 0:		return old + steps[below(m, ARRAY_LEN(steps))];
	case 1:		return old - steps[below(m, ARRAY_LEN(steps))];
	case 2:		return old ^ bit;
	case 3:		return old ^ (1ULL << below(m, 64));
	case 4:		return old << 1;
	case 5:		return old >> 1;
	case 6:		return (old & 0xffffffff00000000ULL) | (uint32_t)rnd(m);
	default:	return old + 1 + below(m, 16);
	}
}

/*
 * Command words pack fields (ITS_FACTS: DeviceID [63:32], EventID or
 * Size [31:0] or [4:0], ICID [15:0], RDbase [51:16], ITT address [51:8],
 * Valid at 63, and bit 62, which the its_cmd op reads as "stage only").
 * A limit on one field (an RDbase against the CPUs, a DeviceID against
 * DevBits, an EventID against Size) is met only by that field at its
 * edge with the rest of the word kept: a bit flip reaches 2^k, seldom
 * 2^k - 1 or 2^k + 1, and never a count such as the number of CPUs.
 */
struct cmd_field {
	uint8_t lo;
	uint8_t width;
};

static const struct cmd_field cmd_fields[] = {
	{ 0, 5 }, { 0, 16 }, { 0, 32 }, { 8, 44 }, { 16, 36 }, { 32, 32 }, { 62, 1 }, { 63, 1 },
};

/* its_cmd's operands: "value" (DW0's DeviceID, DW1's EventID or Size) and DW2. */
static const struct cmd_field its_cmd_value_fields[] = { { 0, 5 }, { 0, 32 }, { 32, 32 } };
static const struct cmd_field its_cmd_dw2_fields[] = {
	{ 0, 16 }, { 8, 44 }, { 16, 36 }, { 62, 1 }, { 63, 1 },
};

/* its_cmd_raw's DW0 (opcode, RES0, DeviceID) and DW1 (Size, EventID, ICID, pINTID). */
static const struct cmd_field its_cmd_dw0_fields[] = { { 0, 8 }, { 8, 24 }, { 32, 32 } };
static const struct cmd_field its_cmd_dw1_fields[] = {
	{ 0, 5 }, { 0, 16 }, { 0, 32 }, { 32, 32 },
};

/* An edge of a field of @width bits (@max its all-ones); the caller masks. */
static uint64_t field_edge(struct prog_mutator *m, unsigned int width, uint64_t max)
{
	unsigned int k = (unsigned int)below(m, width);

	switch (below(m, 4)) {
	case 0:		return below(m, 5);	/* counts: CPUs, first IDs */
	case 1:		return (1ULL << k) - 1 + below(m, 3);	/* 2^k - 1 .. 2^k + 1 */
	case 2:		return max - below(m, 2);
	default:	return 1ULL << k;
	}
}

/*
 * The opcodes the architecture defines (ITS_FACTS: the physical twelve,
 * then GICv4's), and the first byte past each run of them. A mediator's
 * opcode table or switch ends at one of these, so the bytes next to them
 * are where an off-by-one in its bound shows: a field edge of DW0 gives
 * 0x10 once in about 300, half of them from this table once in 30.
 */
static const uint8_t its_opcodes[] = {
	GITS_CMD_MOVI, GITS_CMD_INT, GITS_CMD_CLEAR, GITS_CMD_SYNC, GITS_CMD_MAPD,
	GITS_CMD_MAPC, GITS_CMD_MAPTI, GITS_CMD_MAPI, GITS_CMD_INV, GITS_CMD_INVALL,
	GITS_CMD_MOVALL, GITS_CMD_DISCARD,
	0x21, 0x22, 0x23, 0x25, 0x29, 0x2a, 0x2b, 0x2d, 0x2e,	/* VMOVI .. INVDB */
};
static const uint8_t its_opcode_bounds[] = { 0x00, 0x10, 0x1f, 0x20, 0x2f, 0x30, 0x80, 0xff };

static uint64_t opcode_edge(struct prog_mutator *m)
{
	if (one_in(m, 2))
		return its_opcode_bounds[below(m, ARRAY_LEN(its_opcode_bounds))];
	return (uint8_t)(its_opcodes[below(m, ARRAY_LEN(its_opcodes))] + below(m, 3) - 1);
}

/* An its_cmd operand's own fields, or NULL for any other operand. */
static const struct cmd_field *its_cmd_fields(unsigned int op, unsigned int argi,
					      unsigned int *nr)
{
	if (op == OP_ITS_CMD_RAW) {
		switch (argi) {
		case 0:
			*nr = ARRAY_LEN(its_cmd_dw0_fields);
			return its_cmd_dw0_fields;
		case 1:
			*nr = ARRAY_LEN(its_cmd_dw1_fields);
			return its_cmd_dw1_fields;
		default:
			*nr = ARRAY_LEN(its_cmd_dw2_fields);
			return its_cmd_dw2_fields;
		}
	}
	if (op != OP_ITS_CMD || !argi)
		return NULL;
	*nr = argi == 1 ? ARRAY_LEN(its_cmd_value_fields) : ARRAY_LEN(its_cmd_dw2_fields);
	return argi == 1 ? its_cmd_value_fields : its_cmd_dw2_fields;
}

static uint64_t field_value(struct prog_mutator *m, unsigned int op, unsigned int argi,
			    uint64_t old)
{
	const struct cmd_field *fields;
	unsigned int nr, lo, width;
	uint64_t max;

	fields = its_cmd_fields(op, argi, &nr);
	if (!fields) {
		fields = cmd_fields;
		nr = ARRAY_LEN(cmd_fields);
	}
	/* The opcode byte is the field that decides how the rest is read. */
	if (op == OP_ITS_CMD_RAW && !argi && one_in(m, 2))
		return (old & ~0xffULL) | opcode_edge(m);
	fields += below(m, nr);
	lo = fields->lo;
	width = fields->width;
	/* Every field in the tables is narrower than 64 bits. */
	max = (1ULL << width) - 1;

	return (old & ~(max << lo)) | ((field_edge(m, width, max) & max) << lo);
}

/*
 * A value some other operand of the program already has: the same slot
 * of the same op first (chains repeat their values), else any 64-bit
 * value. Returns false if the program has none.
 */
static bool peer_value(struct mut_ctx *c, unsigned int op, unsigned int argi, char type,
		       struct prog_arg *out)
{
	const struct program *p = c->p;
	struct prog_mutator *m = c->m;
	unsigned int n, i, seen = 0;

	/* Reservoir sampling: one pass, each candidate equally likely. */
	for (n = 0; n < p->nr_ops; n++) {
		if (p->ops[n].op != op || argi >= nr_args(op))
			continue;
		if (one_in(m, ++seen))
			*out = p->ops[n].args[argi];
	}
	if (seen)
		return true;
	for (n = 0; n < p->nr_ops; n++) {
		const char *types = prog_op_args(p->ops[n].op);

		for (i = 0; types[i]; i++)
			if (types[i] == type && one_in(m, ++seen))
				*out = p->ops[n].args[i];
	}
	return seen > 0;
}

static uint64_t random_value(struct prog_mutator *m)
{
	switch (below(m, 4)) {
	case 0:		return rnd(m) & 0xfffff;
	case 1:		return rnd(m) & 0xffffffff;
	case 2:		return 1ULL << below(m, 64);
	default:	return rnd(m);
	}
}

/* Base weights of the value classes, before what the corpus taught. */
static const uint8_t class_weights[NR_VALUE_CLASSES] = {
	[VC_SMALL]	= 10,
	[VC_ITS_REG]	= 16,
	[VC_QUEUE]	= 14,
	[VC_PAGE]	= 6,
	[VC_DICT]	= 10,
	[VC_PEER]	= 12,
	[VC_TWEAK]	= 16,
	[VC_FIELD]	= 12,
	[VC_RANDOM]	= 16,
};

static bool in_table(const uint64_t *tab, unsigned int n, uint64_t v)
{
	while (n--)
		if (tab[n] == v)
			return true;
	return false;
}

/* Learn from a corpus program: whole ops, as templates for insertion. */
static void learn(struct prog_mutator *m, const struct program *p)
{
	unsigned int n;

	for (n = 0; n < p->nr_ops; n++) {
		const char *types = prog_op_args(p->ops[n].op);
		unsigned int op = p->ops[n].op;
		uint8_t *nr_ops = &m->nr_op_memory[op];

		/* A whole op, as a template for insertion (one per program). */
		if (types[0] && one_in(m, p->nr_ops)) {
			if (*nr_ops < MUT_OP_MEMORY)
				m->op_memory[op][(*nr_ops)++] = p->ops[n];
			else
				m->op_memory[op][rnd(m) % MUT_OP_MEMORY] = p->ops[n];
		}
	}
}

/*
 * The op table's operand types tell roles apart: a 64-bit value right
 * before a width is an offset to access, one right after a width is the
 * value to write there (its_mmio_read "IW", its_mmio_write "IWI").
 */
static const uint8_t offset_weights[NR_VALUE_CLASSES] = {
	[VC_SMALL] = 8, [VC_ITS_REG] = 60, [VC_QUEUE] = 4, [VC_PAGE] = 4,
	[VC_DICT] = 8, [VC_PEER] = 6, [VC_TWEAK] = 6, [VC_FIELD] = 2, [VC_RANDOM] = 4,
};

static const uint8_t written_weights[NR_VALUE_CLASSES] = {
	[VC_SMALL] = 12, [VC_ITS_REG] = 4, [VC_QUEUE] = 35, [VC_PAGE] = 6,
	[VC_DICT] = 12, [VC_PEER] = 10, [VC_TWEAK] = 11, [VC_FIELD] = 8, [VC_RANDOM] = 10,
};

/* its_cmd's value and DW2: packed command fields first. */
static const uint8_t cmd_word_weights[NR_VALUE_CLASSES] = {
	[VC_SMALL] = 8, [VC_ITS_REG] = 2, [VC_QUEUE] = 2, [VC_PAGE] = 6,
	[VC_DICT] = 8, [VC_PEER] = 12, [VC_TWEAK] = 14, [VC_FIELD] = 40, [VC_RANDOM] = 8,
};

static const uint8_t *role_weights(unsigned int op, unsigned int argi)
{
	const char *types = prog_op_args(op);
	unsigned int nr;

	if (argi >= strlen(types))
		return class_weights;
	if (its_cmd_fields(op, argi, &nr))
		return cmd_word_weights;
	if (types[argi + 1] == 'W')
		return offset_weights;
	if (argi && types[argi - 1] == 'W')
		return written_weights;
	return class_weights;
}

/*
 * The class of a new value: half the time by the base weights for the
 * operand's role, half the time by the credit this operand's classes
 * earned (when they earned any).
 */
static enum mut_value_class pick_class(struct mut_ctx *c, unsigned int op, unsigned int argi)
{
	const uint32_t *seen = op < NR_OPS ? c->m->class_credit[op][argi] : NULL;
	const uint8_t *weights = role_weights(op, argi);
	struct prog_mutator *m = c->m;
	uint64_t total = 0, r;
	unsigned int k;

	if (seen && one_in(m, 2)) {
		for (k = 0; k < NR_VALUE_CLASSES; k++)
			total += seen[k];
		if (total) {
			r = below(m, total);
			for (k = 0; k < NR_VALUE_CLASSES; k++) {
				if (r < seen[k])
					return (enum mut_value_class)k;
				r -= seen[k];
			}
		}
	}
	for (k = 0, total = 0; k < NR_VALUE_CLASSES; k++)
		total += weights[k];
	r = below(m, total);
	for (k = 0; k < NR_VALUE_CLASSES; k++) {
		if (r < weights[k])
			break;
		r -= weights[k];
	}
	return (enum mut_value_class)k;
}

static uint64_t class_value(struct mut_ctx *c, enum mut_value_class vc, unsigned int op,
			    unsigned int argi, uint64_t old)
{
	struct prog_mutator *m = c->m;
	struct prog_arg peer;
	uint8_t nr;

	switch (vc) {
	case VC_SMALL:
		return small_values[below(m, ARRAY_LEN(small_values))];
	case VC_ITS_REG:
		return its_reg_value(m);
	case VC_QUEUE:
		return queue_value(c);
	case VC_PAGE:
		return page_value(c);
	case VC_DICT:
		if (m->nr_dict)
			return m->dict[below(m, m->nr_dict)];
		return its_reg_value(m);
	case VC_PEER:
		/* A value that made a kept program in this operand, or a neighbour's. */
		nr = op < NR_OPS ? m->nr_slot_values[op][argi] : 0;
		if (nr && !one_in(m, 4))
			return m->slot_values[op][argi][below(m, nr)];
		if (peer_value(c, op, argi, 'I', &peer))
			return peer.val;
		return tweak_value(m, old);
	case VC_TWEAK:
		return tweak_value(m, old);
	case VC_FIELD:
		return field_value(m, op, argi, old);
	default:
		return random_value(m);
	}
}

static uint64_t gen_value(struct mut_ctx *c, unsigned int op, unsigned int argi, uint64_t old)
{
	struct prog_mutator *m = c->m;
	enum mut_value_class vc;
	uint64_t v;

	/*
	 * Half the time a value that made a kept program in this very
	 * operand, once there are any: the strongest hint there is that
	 * this operand is, say, a register offset and which ones matter.
	 */
	if (op < NR_OPS && m->nr_slot_values[op][argi] && one_in(m, 2)) {
		vc = VC_PEER;
		v = m->slot_values[op][argi][below(m, m->nr_slot_values[op][argi])];
	} else {
		vc = pick_class(c, op, argi);
		v = class_value(c, vc, op, argi, old);
	}

	if (op < NR_OPS && m->nr_gen < MUT_GEN_MAX)
		m->gen[m->nr_gen++] = (struct prog_mut_gen){
			.value = v, .op = (uint8_t)op, .argi = (uint8_t)argi, .vclass = (uint8_t)vc,
		};
	return v;
}

/* An offset within a page: its start, small aligned steps, its end. */
static uint64_t page_offset(struct mut_ctx *c)
{
	static const uint64_t offs[] = { 0, 8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x800, 0x1000, 0x4000 };
	struct prog_mutator *m = c->m;
	uint64_t psz = c->l.page_size;

	switch (below(m, 5)) {
	case 0:		return psz - (1ULL << below(m, 6));
	case 1:		return below(m, psz) & ~7ULL;
	case 2:		return below(m, psz);
	default:	return offs[below(m, ARRAY_LEN(offs))] % psz;
	}
}

/* A page index of @kind: the first pages, the last one, or any. */
static uint32_t page_index(struct mut_ctx *c, unsigned int kind)
{
	uint64_t lim = addr_index_limit(&c->l, kind);
	struct prog_mutator *m = c->m;

	if (kind == ADDR_MMIO)	/* device in bits 7:0, page above */
		return (uint32_t)(below(m, one_in(m, 2) ? 2 : c->l.dev_pages) << 8 |
				  below(m, c->l.devices));
	switch (below(m, 4)) {
	case 0:		return (uint32_t)(lim - 1);
	case 1:		return (uint32_t)below(m, lim);
	default:	return (uint32_t)below(m, lim < 4 ? lim : 4);
	}
}

/* A raw physical address worth trying: edges of RAM, the ITS, devices, holes. */
static uint64_t raw_addr(struct mut_ctx *c)
{
	struct prog_mutator *m = c->m;
	uint64_t psz = c->l.page_size;

	switch (below(m, 7)) {
	case 0:		return SIM_RAM_BASE + SIM_HYP_CARVEOUT + below(m, 8) * psz;
	case 1:		return SIM_RAM_BASE + below(m, 4) * psz;
	case 2:		return SIM_ITS_BASE + its_reg_value(m);
	case 3:		return SIM_DEV_BASE + below(m, SIM_MAX_DEVICES) * SIM_DEV_SIZE;
	case 4:		return hole_addr((unsigned int)below(m, NR_HOLES), &c->l) + below(m, 2) * psz;
	case 5:		return SIM_RAM_BASE + ((uint64_t)c->p->hdr.ram_mib << 20) - psz;
	default:	return rnd(m) & ((1ULL << 48) - 1);
	}
}

static void fold_addr(const struct prog_layout *l, struct prog_arg *a)
{
	a->kind %= NR_ADDR_KINDS;
	a->val = prog_addr_fold(l, a->kind, a->val);
}

static void gen_addr(struct mut_ctx *c, struct prog_arg *a)
{
	uint32_t idx = (uint32_t)a->val;
	struct prog_mutator *m = c->m;
	uint64_t off = a->val >> 32;
	struct prog_arg peer;

	if (a->kind == ADDR_RAW)
		off = idx = 0;
	switch (below(m, 7)) {
	case 0:
		off = page_offset(c);
		break;
	case 1:
		idx = page_index(c, a->kind);
		break;
	case 2:
		a->kind = (uint8_t)(1 + below(m, NR_ADDR_KINDS - 1));
		idx = page_index(c, a->kind);
		off = one_in(m, 4) ? page_offset(c) : 0;
		break;
	case 3:
		if (peer_value(c, NR_OPS, 0, 'A', &peer)) {
			*a = peer;
			return;
		}
		/* fall through */
	case 4:
		a->kind = ADDR_RAW;
		a->val = raw_addr(c);
		if (one_in(m, 3))
			a->val += page_offset(c);
		return;
	default:
		a->kind = (uint8_t)below(m, NR_ADDR_KINDS);
		if (a->kind == ADDR_RAW) {
			a->val = raw_addr(c);
			return;
		}
		idx = page_index(c, a->kind);
		off = page_offset(c);
		break;
	}
	if (a->kind == ADDR_RAW)
		a->kind = ADDR_RAM;
	a->val = off << 32 | idx;
	fold_addr(&c->l, a);
}

/* A value for an operand of @type, in the range the codec encodes. */
static void gen_arg(struct mut_ctx *c, unsigned int op, unsigned int argi, char type,
		    struct prog_arg *a)
{
	struct prog_mutator *m = c->m;

	switch (type) {
	case 'A':
		gen_addr(c, a);
		return;
	case 'I':
		a->kind = 0;
		a->val = gen_value(c, op, argi, a->val);
		return;
	case 'W':
		a->val = width_decode((uint8_t)below(m, 4));
		break;
	case 'Z':
		/* An empty range now and then: the API's rules differ at zero. */
		if (one_in(m, 8)) {
			a->val = 0;
			break;
		}
		/* fall through */
	case 'N':
		a->val = 1 + (one_in(m, 2) ? below(m, 4) : below(m, PROG_LIST_MAX));
		break;
	case 'K':
		a->val = one_in(m, 2) ? below(m, 4) : below(m, PROG_LIST_MAX);
		break;
	case 'T':
		/* Mostly the first calls; a device makes hundreds of transactions. */
		a->val = 1 + (one_in(m, 2) ? below(m, 8) : one_in(m, 2) ? below(m, 64) : below(m, 256));
		break;
	case 'C':
		a->val = below(m, FAULT_NR_CLASSES);
		break;
	case 'E':
		a->val = (uint64_t)errno_value((unsigned int)below(m, nr_errnos()));
		break;
	default:
		a->val = 0;
		break;
	}
	a->kind = 0;
}

/* A fresh op of the target, each operand fit for its type. */
static void gen_op(struct mut_ctx *c, struct prog_op *op)
{
	const struct prog_target *t = c->m->target;
	const char *types;
	unsigned int i;

	memset(op, 0, sizeof(*op));
	op->op = t->ops[below(c->m, t->nr_ops)];
	/* Half the time, by the credit inserting each op earned. */
	if (one_in(c->m, 2)) {
		uint64_t total = 0, r;
		unsigned int k;

		for (k = 0; k < t->nr_ops; k++)
			total += 1 + c->m->op_credit[t->ops[k]];
		r = below(c->m, total);
		for (k = 0; k < t->nr_ops; k++) {
			if (r < 1 + c->m->op_credit[t->ops[k]]) {
				op->op = t->ops[k];
				break;
			}
			r -= 1 + c->m->op_credit[t->ops[k]];
		}
	}
	types = prog_op_args(op->op);
	for (i = 0; types[i]; i++) {
		/* Start from a plain page, not from "raw address 0". */
		if (types[i] == 'A')
			op->args[i].kind = ADDR_RAM;
		gen_arg(c, op->op, i, types[i], &op->args[i]);
	}
}

/* Program edits ------------------------------------------------------------ */

static bool insert_ops(struct program *p, unsigned int pos, const struct prog_op *ops,
		       unsigned int n)
{
	if (p->nr_ops + n > PROG_MAX_OPS || pos > p->nr_ops)
		return false;
	memmove(&p->ops[pos + n], &p->ops[pos], (p->nr_ops - pos) * sizeof(p->ops[0]));
	memcpy(&p->ops[pos], ops, n * sizeof(ops[0]));
	p->nr_ops += n;
	return true;
}

static void delete_ops(struct program *p, unsigned int pos, unsigned int n)
{
	memmove(&p->ops[pos], &p->ops[pos + n], (p->nr_ops - pos - n) * sizeof(p->ops[0]));
	p->nr_ops -= n;
}

static size_t ops_size(const struct prog_op *ops, unsigned int n)
{
	size_t size = 0;

	while (n--)
		size += op_size(ops[n].op);
	return size;
}

/* Where new ops go: often at the end, where chains grow, else anywhere. */
static unsigned int insert_pos(struct prog_mutator *m, const struct program *p)
{
	return one_in(m, 3) ? p->nr_ops : (unsigned int)below(m, p->nr_ops + 1);
}

/* Address operands follow the layout of the program they land in. */
static void refold_ops(const struct prog_layout *l, struct prog_op *ops, unsigned int n)
{
	unsigned int k, i;

	for (k = 0; k < n; k++) {
		const char *types = prog_op_args(ops[k].op);

		for (i = 0; types[i]; i++)
			if (types[i] == 'A')
				fold_addr(l, &ops[k].args[i]);
	}
}

/*
 * A new op: fresh operands, or a copy of an op of that kind from this
 * program or from the corpus (op_memory), half the time with one operand
 * changed: an op that did something somewhere is a good start elsewhere.
 */
static bool mut_insert(struct mut_ctx *c, size_t room)
{
	struct prog_mutator *m = c->m;
	struct program *p = c->p;
	unsigned int n, from;
	bool copied = false;
	struct prog_op op;

	gen_op(c, &op);
	switch (below(m, 3)) {
	case 0:
		if (!m->nr_op_memory[op.op])
			break;
		op = m->op_memory[op.op][below(m, m->nr_op_memory[op.op])];
		refold_ops(&c->l, &op, 1);
		copied = true;
		break;
	case 1:
		if (!p->nr_ops)
			break;
		from = (unsigned int)below(m, p->nr_ops);
		for (n = 0; n < p->nr_ops; n++, from = (from + 1) % p->nr_ops) {
			if (p->ops[from].op == op.op) {
				op = p->ops[from];
				copied = true;
				break;
			}
		}
		break;
	default:
		break;
	}
	if (copied)
		m->nr_gen = 0;	/* the fresh operands are gone */
	if (copied && nr_args(op.op) && one_in(m, 2)) {
		unsigned int i = (unsigned int)below(m, nr_args(op.op));

		gen_arg(c, op.op, i, prog_op_args(op.op)[i], &op.args[i]);
	}
	if (op_size(op.op) > room)
		return false;
	m->inserted = op.op;
	return insert_ops(p, insert_pos(m, p), &op, 1);
}

static bool mut_delete(struct mut_ctx *c)
{
	struct prog_mutator *m = c->m;
	struct program *p = c->p;
	unsigned int pos, n = 1;

	if (!p->nr_ops)
		return false;
	pos = (unsigned int)below(m, p->nr_ops);
	if (one_in(m, 4))
		n += (unsigned int)below(m, 3);
	if (n > p->nr_ops - pos)
		n = p->nr_ops - pos;
	delete_ops(p, pos, n);
	return true;
}

static bool mut_duplicate(struct mut_ctx *c, size_t room)
{
	struct prog_mutator *m = c->m;
	unsigned int src, n = 1, dst;
	struct program *p = c->p;
	struct prog_op run[4];

	if (!p->nr_ops)
		return false;
	src = (unsigned int)below(m, p->nr_ops);
	if (one_in(m, 4))
		n += (unsigned int)below(m, ARRAY_LEN(run));
	if (n > p->nr_ops - src)
		n = p->nr_ops - src;
	memcpy(run, &p->ops[src], n * sizeof(run[0]));
	if (ops_size(run, n) > room)
		return false;
	dst = one_in(m, 2) ? src + n : insert_pos(m, p);
	return insert_ops(p, dst, run, n);
}

/*
 * A producer that fills the ring: one op, or a run of two, repeated the
 * command queue's slot count give or take one (the queue shrunk to a page
 * first where the program could not hold that many), so that an index a
 * host moves one step per op wraps; else repeated a few times. Inserts
 * and duplicates add an op or four per mutation: a wrap would take a
 * hundred or more of them, each keeping coverage to be kept.
 */
static bool mut_repeat(struct mut_ctx *c, size_t room)
{
	static const unsigned int few[] = { 2, 3, 4, 8, 16 };
	struct prog_mutator *m = c->m;
	struct program *p = c->p;
	unsigned int src, n = 1, copies, at, i;
	struct prog_op run[2];
	uint64_t slots;
	size_t size;

	if (!p->nr_ops)
		return false;
	src = (unsigned int)below(m, p->nr_ops);
	if (src + 1 < p->nr_ops && one_in(m, 4))
		n = 2;
	memcpy(run, &p->ops[src], n * sizeof(run[0]));
	if (one_in(m, 2)) {
		copies = few[below(m, ARRAY_LEN(few))];
	} else {
		if (p->nr_ops + queue_bytes(p) / ITS_CMD_SIZE > PROG_MAX_OPS)
			p->hdr.its_queue = 1;
		slots = queue_bytes(p) / ITS_CMD_SIZE;
		copies = (unsigned int)(slots / n) - 1 + (unsigned int)below(m, 3);
	}
	size = ops_size(run, n);
	if (copies > (PROG_MAX_OPS - p->nr_ops) / n)
		copies = (PROG_MAX_OPS - p->nr_ops) / n;
	if (size && copies > room / size)
		copies = (unsigned int)(room / size);
	if (!copies)
		return false;
	at = src + n;
	memmove(&p->ops[at + copies * n], &p->ops[at], (p->nr_ops - at) * sizeof(p->ops[0]));
	for (i = 0; i < copies; i++)
		memcpy(&p->ops[at + i * n], run, n * sizeof(run[0]));
	p->nr_ops += copies * n;
	return true;
}

static bool mut_swap(struct mut_ctx *c)
{
	struct prog_mutator *m = c->m;
	struct program *p = c->p;
	struct prog_op tmp;
	unsigned int i, j;

	if (p->nr_ops < 2)
		return false;
	i = (unsigned int)below(m, p->nr_ops - 1);
	j = one_in(m, 2) ? i + 1 : (unsigned int)below(m, p->nr_ops);
	if (i == j || !memcmp(&p->ops[i], &p->ops[j], sizeof(tmp)))
		return false;
	tmp = p->ops[i];
	p->ops[i] = p->ops[j];
	p->ops[j] = tmp;
	return true;
}

/* An op of @p that has operands, or -1. */
static int pick_op_with_args(struct prog_mutator *m, const struct program *p)
{
	unsigned int n, i;

	if (!p->nr_ops)
		return -1;
	i = (unsigned int)below(m, p->nr_ops);
	for (n = 0; n < p->nr_ops; n++, i = (i + 1) % p->nr_ops)
		if (nr_args(p->ops[i].op))
			return (int)i;
	return -1;
}

static bool mut_operand(struct mut_ctx *c)
{
	struct prog_mutator *m = c->m;
	int i = pick_op_with_args(m, c->p);
	struct prog_op *op;
	unsigned int a;

	if (i < 0)
		return false;
	op = &c->p->ops[i];
	a = (unsigned int)below(m, nr_args(op->op));
	gen_arg(c, op->op, a, prog_op_args(op->op)[a], &op->args[a]);
	return true;
}

static size_t mutate_bytes(struct prog_mutator *m, uint8_t *data, size_t size, size_t max);

/*
 * One operand's bytes through the byte mutator, in place in the encoded
 * program, then decoded: the codec folds them back into range. With
 * libFuzzer this is where its comparison log and dictionary meet a single
 * operand instead of a random spot of the input.
 */
static bool mut_operand_bytes(struct mut_ctx *c)
{
	struct prog_mutator *m = c->m;
	int i = pick_op_with_args(m, c->p);
	size_t pos, asz, n;
	const char *types;
	unsigned int a, k;
	long len;

	if (i < 0)
		return false;
	len = prog_encode(c->p, m->target, m->buf, sizeof(m->buf));
	if (len < 0)
		return false;
	pos = PROG_HEADER_SIZE + ops_size(c->p->ops, (unsigned int)i) + 1;
	types = prog_op_args(c->p->ops[i].op);
	a = (unsigned int)below(m, strlen(types));
	for (k = 0; k < a; k++)
		pos += arg_size(types[k]);
	asz = arg_size(types[a]);
	n = mutate_bytes(m, m->buf + pos, asz, asz);
	if (n < asz)
		memset(m->buf + pos + n, 0, asz - n);
	prog_decode(m->buf, (size_t)len, m->target, c->p);
	return true;
}

static bool mut_header(struct mut_ctx *c)
{
	uint8_t raw[PROG_HEADER_SIZE];
	struct prog_mutator *m = c->m;
	struct program *p = c->p;
	unsigned int i;

	if (header_encode(&p->hdr, raw))
		return false;
	i = (unsigned int)below(m, PROG_HEADER_SIZE);
	raw[i] = one_in(m, 2) ? (uint8_t)(raw[i] + 1) : (uint8_t)rnd(m);
	header_decode(raw, &p->hdr);
	prog_layout(&p->hdr, &c->l);
	refold_ops(&c->l, p->ops, p->nr_ops);
	return true;
}

static bool mut_dict_ops(struct mut_ctx *c, size_t room)
{
	struct prog_op ops[MUT_FRAG_OPS];
	const struct prog_dict_frag *f;
	struct prog_mutator *m = c->m;

	if (!m->nr_frags)
		return false;
	f = &m->frags[below(m, m->nr_frags)];
	if (ops_size(f->ops, f->nr_ops) > room)
		return false;
	memcpy(ops, f->ops, f->nr_ops * sizeof(ops[0]));
	refold_ops(&c->l, ops, f->nr_ops);
	return insert_ops(c->p, insert_pos(m, c->p), ops, f->nr_ops);
}

/* Crossover edits: @o is the other program. */

static bool mut_splice(struct mut_ctx *c, const struct program *o, size_t room)
{
	struct prog_mutator *m = c->m;
	unsigned int s, n, max_run;
	struct prog_op run[16];

	if (!o->nr_ops)
		return false;
	s = (unsigned int)below(m, o->nr_ops);
	max_run = one_in(m, 4) ? ARRAY_LEN(run) : 4;
	n = 1 + (unsigned int)below(m, max_run);
	if (n > o->nr_ops - s)
		n = o->nr_ops - s;
	memcpy(run, &o->ops[s], n * sizeof(run[0]));
	while (n && ops_size(run, n) > room)
		n--;
	if (!n)
		return false;
	refold_ops(&c->l, run, n);
	return insert_ops(c->p, insert_pos(m, c->p), run, n);
}

static bool mut_splice_tail(struct mut_ctx *c, const struct program *o)
{
	struct prog_mutator *m = c->m;
	struct program *p = c->p;
	unsigned int i, j, n;

	if (!o->nr_ops)
		return false;
	i = (unsigned int)below(m, p->nr_ops + 1);
	j = (unsigned int)below(m, o->nr_ops);
	n = o->nr_ops - j;
	if (i + n > PROG_MAX_OPS)
		n = PROG_MAX_OPS - i;
	if (one_in(m, 4)) {
		p->hdr = o->hdr;
		prog_layout(&p->hdr, &c->l);
		refold_ops(&c->l, p->ops, i);
	}
	memcpy(&p->ops[i], &o->ops[j], n * sizeof(p->ops[0]));
	p->nr_ops = i + n;
	refold_ops(&c->l, &p->ops[i], n);
	return true;	/* the caller trims it to the size limit */
}

/*
 * An operand value from the other program: from an op of the same kind if
 * it has one (its whole operand list half the time), else from any operand
 * of the same type.
 */
static bool mut_borrow(struct mut_ctx *c, const struct program *o)
{
	struct prog_mutator *m = c->m;
	int i = pick_op_with_args(m, c->p);
	const struct prog_op *src = NULL;
	unsigned int n, k, a, seen = 0;
	struct prog_op *op;
	const char *types;

	if (i < 0 || !o->nr_ops)
		return false;
	op = &c->p->ops[i];
	types = prog_op_args(op->op);
	for (n = 0; n < o->nr_ops; n++)
		if (o->ops[n].op == op->op && one_in(m, ++seen))
			src = &o->ops[n];
	if (src) {
		if (one_in(m, 2)) {
			*op = *src;
		} else {
			a = (unsigned int)below(m, strlen(types));
			op->args[a] = src->args[a];
		}
		refold_ops(&c->l, op, 1);
		return true;
	}
	a = (unsigned int)below(m, strlen(types));
	for (n = 0; n < o->nr_ops; n++) {
		const char *ot = prog_op_args(o->ops[n].op);

		for (k = 0; ot[k]; k++)
			if (ot[k] == types[a] && one_in(m, ++seen))
				op->args[a] = o->ops[n].args[k];
	}
	refold_ops(&c->l, op, 1);
	return seen > 0;
}

/* Byte mutation ------------------------------------------------------------ */

/* For engines without a byte mutator to lend (AFL++'s library, tests). */
static size_t builtin_bytes(struct prog_mutator *m, uint8_t *data, size_t size, size_t max)
{
	static const uint8_t interesting[] = { 0, 1, 0x7f, 0x80, 0xff };
	unsigned int rounds = 1 + (unsigned int)below(m, 4);
	size_t pos, k;
	uint64_t v;

	while (rounds--) {
		pos = size ? below(m, size) : 0;
		switch (below(m, 6)) {
		case 0:
			if (size)
				data[pos] ^= (uint8_t)(1u << below(m, 8));
			break;
		case 1:
			if (size)
				data[pos] = (uint8_t)rnd(m);
			break;
		case 2:
			if (size)
				data[pos] = interesting[below(m, ARRAY_LEN(interesting))];
			break;
		case 3:
			if (size < max) {
				pos = below(m, size + 1);
				memmove(data + pos + 1, data + pos, size - pos);
				data[pos] = (uint8_t)rnd(m);
				size++;
			}
			break;
		case 4:
			if (size > 1) {
				memmove(data + pos, data + pos + 1, size - pos - 1);
				size--;
			}
			break;
		default:
			/* A dictionary word or an edge value, little-endian, in place. */
			v = m->nr_dict ? m->dict[below(m, m->nr_dict)] :
			    small_values[below(m, ARRAY_LEN(small_values))];
			for (k = 0; k < 8 && pos + k < size; k++, v >>= 8)
				data[pos + k] = (uint8_t)v;
			break;
		}
	}
	return size;
}

static size_t mutate_bytes(struct prog_mutator *m, uint8_t *data, size_t size, size_t max)
{
	if (m->bytes)
		return m->bytes(data, size, max);
	return builtin_bytes(m, data, size, max);
}

/* Dispatch --------------------------------------------------------------- */

/* Ops are dropped from the end until the encoding fits in @max. */
static void trim_to(struct program *p, size_t max)
{
	size_t size = prog_encoded_size(p);

	while (p->nr_ops && size > max)
		size -= op_size(p->ops[--p->nr_ops].op);
}

static bool apply(struct prog_mutator *m, enum mut_kind kind, struct program *p,
		  const struct program *o, size_t max)
{
	struct mut_ctx c = { .m = m, .p = p };
	size_t size = prog_encoded_size(p);
	size_t room = size < max ? max - size : 0;

	prog_layout(&p->hdr, &c.l);
	switch (kind) {
	case MUT_INSERT:	return mut_insert(&c, room);
	case MUT_DELETE:	return mut_delete(&c);
	case MUT_DUPLICATE:	return mut_duplicate(&c, room);
	case MUT_REPEAT:	return mut_repeat(&c, room);
	case MUT_SWAP:		return mut_swap(&c);
	case MUT_OPERAND:	return mut_operand(&c);
	case MUT_OPERAND_BYTES:	return mut_operand_bytes(&c);
	case MUT_HEADER:	return mut_header(&c);
	case MUT_DICT_OPS:	return mut_dict_ops(&c, room);
	case MUT_SPLICE:	return o && mut_splice(&c, o, room);
	case MUT_SPLICE_TAIL:	return o && mut_splice_tail(&c, o);
	case MUT_BORROW:	return o && mut_borrow(&c, o);
	default:		return false;
	}
}

static uint64_t hash_bytes(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	while (size--)
		h = (h ^ *data++) * 0x100000001b3ULL;
	return h | 1;	/* 0 marks a free slot */
}

/* Remember what made @out, to credit it if the engine keeps it. */
static void remember(struct prog_mutator *m, enum mut_kind kind, const uint8_t *out, size_t size)
{
	uint64_t h = hash_bytes(out, size);
	struct prog_mut_recent *r = &m->recent[h % MUT_RECENT];

	r->hash = h;
	r->kind = (uint8_t)kind;
	r->nr_gen = (uint8_t)m->nr_gen;
	r->inserted = (uint8_t)m->inserted;
	memcpy(r->gen, m->gen, sizeof(r->gen));
}

/* @data is a corpus program: if this mutator made it, credit how. */
static void credit(struct prog_mutator *m, const uint8_t *data, size_t size)
{
	uint64_t h = hash_bytes(data, size);
	struct prog_mut_recent *r = &m->recent[h % MUT_RECENT];
	unsigned int i;

	if (r->hash != h)
		return;
	r->hash = 0;
	m->credited++;
	m->kind_credit[r->kind]++;
	if (r->inserted < NR_OPS)
		m->op_credit[r->inserted]++;
	for (i = 0; i < r->nr_gen; i++) {
		const struct prog_mut_gen *g = &r->gen[i];
		uint64_t *vals = m->slot_values[g->op][g->argi];
		uint8_t *nr = &m->nr_slot_values[g->op][g->argi];

		m->class_credit[g->op][g->argi][g->vclass]++;
		if (in_table(vals, *nr, g->value))
			continue;
		if (*nr < MUT_SLOT_VALUES)
			vals[(*nr)++] = g->value;
		else
			vals[rnd(m) % MUT_SLOT_VALUES] = g->value;
	}
}

/*
 * Apply @kind to the decoded m->cur (m->other for crossover) and encode
 * the result into @out. Returns the size, or 0 if the kind did not apply
 * or changed nothing.
 */
static size_t run_kind(struct prog_mutator *m, enum mut_kind kind, const uint8_t *in,
		       size_t size, uint8_t *out, size_t max, bool crossover)
{
	long len;

	m->nr_gen = 0;
	m->inserted = NR_OPS;
	m->work = m->cur;
	if (!apply(m, kind, &m->work, crossover ? &m->other : NULL, max))
		return 0;
	trim_to(&m->work, max);
	len = prog_encode(&m->work, m->target, m->buf, max);
	if (len <= 0 || ((size_t)len == size && !memcmp(m->buf, in, size)))
		return 0;
	memcpy(out, m->buf, (size_t)len);
	m->last = kind;
	m->applied[kind]++;
	remember(m, kind, out, (size_t)len);
	return (size_t)len;
}

static size_t run_bytes(struct prog_mutator *m, uint8_t *data, size_t size, size_t max)
{
	if (size > max)
		size = max;	/* an input longer than the limit is cut first */
	m->last = MUT_BYTES;
	m->applied[MUT_BYTES]++;
	return mutate_bytes(m, data, size, max);
}

/* Relative weights of the kinds prog_mutate picks from. */
static const uint8_t mutate_weights[NR_MUT_KINDS] = {
	[MUT_INSERT]		= 20,
	[MUT_DELETE]		= 12,
	[MUT_DUPLICATE]		= 5,
	[MUT_REPEAT]		= 2,
	[MUT_SWAP]		= 5,
	[MUT_OPERAND]		= 30,
	[MUT_OPERAND_BYTES]	= 12,
	[MUT_HEADER]		= 3,
	[MUT_DICT_OPS]		= 5,
	[MUT_BYTES]		= 10,
};

static const uint8_t crossover_weights[NR_MUT_KINDS] = {
	[MUT_SPLICE]		= 45,
	[MUT_SPLICE_TAIL]	= 20,
	[MUT_BORROW]		= 35,
};

static enum mut_kind pick_kind(struct prog_mutator *m, const uint8_t *weights)
{
	unsigned int total = 0, r, k;

	for (k = 0; k < NR_MUT_KINDS; k++)
		total += weights[k];
	r = (unsigned int)below(m, total);
	for (k = 0; k < NR_MUT_KINDS; k++) {
		if (r < weights[k])
			return (enum mut_kind)k;
		r -= weights[k];
	}
	return MUT_OPERAND;
}

size_t prog_mutate(struct prog_mutator *m, uint8_t *data, size_t size, size_t max,
		   unsigned int seed)
{
	enum mut_kind kind;
	unsigned int tries;
	size_t n;

	rng_seed(m, seed);
	if (!m->target || max < PROG_HEADER_SIZE)
		return run_bytes(m, data, size, max);
	prog_decode(data, size, m->target, &m->cur);
	for (tries = 0; tries < 16; tries++) {
		kind = pick_kind(m, mutate_weights);
		/*
		 * Hit counts reward repeating an op, so programs grow long and
		 * their chains get lost in the repeats: past 16 ops, a
		 * deletion becomes likelier the longer the program.
		 */
		if (m->cur.nr_ops > 16 && below(m, 2 * m->cur.nr_ops) >= 32)
			kind = MUT_DELETE;
		if (kind == MUT_BYTES)
			break;
		n = run_kind(m, kind, data, size, data, max, false);
		if (n)
			return n;
	}
	return run_bytes(m, data, size, max);
}

size_t prog_crossover(struct prog_mutator *m, const uint8_t *a, size_t asize,
		      const uint8_t *b, size_t bsize, uint8_t *out, size_t max,
		      unsigned int seed)
{
	unsigned int tries;
	size_t n;

	rng_seed(m, seed);
	if (!m->target || max < PROG_HEADER_SIZE)
		return 0;
	prog_decode(a, asize, m->target, &m->cur);
	prog_decode(b, bsize, m->target, &m->other);
	if (!m->other.nr_ops)
		return 0;
	/* libFuzzer and AFL++ both cross with a corpus program: learn from it. */
	credit(m, b, bsize);
	learn(m, &m->other);
	for (tries = 0; tries < 8; tries++) {
		n = run_kind(m, pick_kind(m, crossover_weights), a, asize, out, max, true);
		if (n)
			return n;
	}
	return 0;
}

size_t prog_mutate_kind(struct prog_mutator *m, enum mut_kind kind, uint8_t *data,
			size_t size, size_t max, const uint8_t *b, size_t bsize,
			unsigned int seed)
{
	rng_seed(m, seed);
	if (kind == MUT_BYTES)
		return run_bytes(m, data, size, max);
	if (!m->target || max < PROG_HEADER_SIZE || kind >= NR_MUT_KINDS)
		return 0;
	prog_decode(data, size, m->target, &m->cur);
	prog_decode(b ? b : data, b ? bsize : 0, m->target, &m->other);
	return run_kind(m, kind, data, size, data, max, b != NULL);
}

/* Set-up and dictionaries ------------------------------------------------- */

int prog_mutator_init(struct prog_mutator *m, const char *target_name,
		      prog_byte_mutator_t bytes)
{
	memset(m, 0, sizeof(*m));
	m->bytes = bytes;
	m->target = target_name ? prog_target_find(target_name) : NULL;
	return m->target ? 0 : -1;
}

/*
 * A word is a value (2 to 8 bytes, little-endian, as operands are encoded)
 * and, for a program target, ops: the word decoded after a default header,
 * with a short last op completed by zero bytes, so that "op_its_setup" or
 * "bringup_setup" entries become ops MUT_DICT_OPS can insert.
 */
void prog_mutator_add_word(struct prog_mutator *m, const uint8_t *word, size_t len)
{
	uint8_t raw[PROG_HEADER_SIZE + 64 + 1 + PROG_MAX_ARGS * 9] = { 0 };
	size_t pos = PROG_HEADER_SIZE;
	struct prog_dict_frag *f;
	uint64_t v = 0;
	unsigned int i;

	if (len >= 2 && len <= 8 && m->nr_dict < MUT_DICT_MAX) {
		for (i = 0; i < len; i++)
			v |= (uint64_t)word[i] << (8 * i);
		for (i = 0; i < m->nr_dict && m->dict[i] != v; i++)
			;
		if (i == m->nr_dict)
			m->dict[m->nr_dict++] = v;
	}
	if (!m->target || !len || len > 64 || m->nr_frags >= MUT_FRAG_MAX)
		return;
	memcpy(raw + PROG_HEADER_SIZE, word, len);
	prog_decode(raw, sizeof(raw), m->target, &m->work);
	f = &m->frags[m->nr_frags];
	f->nr_ops = 0;
	for (i = 0; i < m->work.nr_ops && f->nr_ops < MUT_FRAG_OPS; i++) {
		if (pos >= PROG_HEADER_SIZE + len)
			break;	/* only ops that start inside the word */
		f->ops[f->nr_ops++] = m->work.ops[i];
		pos += op_size(m->work.ops[i].op);
	}
	if (f->nr_ops)
		m->nr_frags++;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Unescape the quoted part of @line into @word; returns its length or -1. */
static long parse_dict_line(const char *line, uint8_t *word, size_t cap)
{
	const char *e = strrchr(line, '"');
	const char *s = strchr(line, '"');
	size_t n = 0;
	int hi, lo;

	if (!s || e == s)
		return -1;
	for (s++; s < e; s++) {
		if (n == cap)
			return -1;
		if (*s != '\\') {
			word[n++] = (uint8_t)*s;
			continue;
		}
		if (++s >= e)
			return -1;
		if (*s == 'x') {
			if (e - s < 3 || (hi = hex_digit(s[1])) < 0 || (lo = hex_digit(s[2])) < 0)
				return -1;
			word[n++] = (uint8_t)(hi << 4 | lo);
			s += 2;
		} else {
			word[n++] = (uint8_t)*s;	/* \\ and \" */
		}
	}
	return (long)n;
}

int prog_mutator_load_dict(struct prog_mutator *m, const char *path, char *err, size_t errcap)
{
	unsigned int lineno = 0;
	uint8_t word[128];
	char line[1024];
	int words = 0;
	FILE *f;
	long n;

	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *s = line;

		lineno++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\n' || *s == '\r' || !*s)
			continue;
		n = parse_dict_line(s, word, sizeof(word));
		if (n < 0) {
			snprintf(err, errcap, "%s:%u: not a dictionary entry", path, lineno);
			fclose(f);
			return -1;
		}
		prog_mutator_add_word(m, word, (size_t)n);
		words++;
	}
	fclose(f);
	return words;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
