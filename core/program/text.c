// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text form: one op per line, "#" comments, an optional first line
 * "config page=4K ram=16M devices=1". Printing is canonical; parsing is
 * strict and names the line and column of the first error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "layout.h"
#include "program.h"
#include "../fault/fault.h"

static const char *const kind_names[NR_ADDR_KINDS] = {
	[ADDR_RAW]	= "",
	[ADDR_RAM]	= "ram",
	[ADDR_HYP]	= "hyp",
	[ADDR_MMIO]	= "mmio",
	[ADDR_ITS]	= "its",
	[ADDR_HOLE]	= "hole",
	[ADDR_DONATED]	= "donated",
	[ADDR_SHARED]	= "shared",
};

/* Printing ---------------------------------------------------------------- */

struct sbuf {
	char *buf;
	size_t cap;
	size_t len;
};

__attribute__((format(printf, 2, 3)))
static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->len < sb->cap ? sb->cap - sb->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

static void format_addr(struct sbuf *sb, const struct prog_arg *a)
{
	uint64_t off = a->val >> 32;
	uint32_t idx = (uint32_t)a->val;

	if (a->kind == ADDR_RAW) {
		sb_printf(sb, "0x%llx", (unsigned long long)a->val);
		return;
	}
	if (a->kind == ADDR_MMIO)
		sb_printf(sb, "mmio(%u,%u)", idx & 0xff, idx >> 8);
	else
		sb_printf(sb, "%s(%u)", kind_names[a->kind], idx);
	if (off)
		sb_printf(sb, "+0x%llx", (unsigned long long)off);
}

static void format_arg(struct sbuf *sb, char type, const struct prog_arg *a)
{
	switch (type) {
	case 'A':
		format_addr(sb, a);
		break;
	case 'I':
		sb_printf(sb, "0x%llx", (unsigned long long)a->val);
		break;
	case 'C':
		sb_printf(sb, "%s", fault_class_name((enum fault_class)a->val));
		break;
	case 'E':
		sb_printf(sb, "%s", errno_name((int)a->val));
		break;
	default:
		sb_printf(sb, "%llu", (unsigned long long)a->val);
		break;
	}
}

int prog_format_op(const struct program *p, const struct prog_op *op,
		   char *buf, size_t cap)
{
	struct sbuf sb = { buf, cap, 0 };
	const char *types = prog_op_args(op->op);
	unsigned int i;

	(void)p;
	if (cap)
		buf[0] = 0;
	sb_printf(&sb, "%s", prog_op_name(op->op));
	for (i = 0; types[i]; i++) {
		sb_printf(&sb, " ");
		format_arg(&sb, types[i], &op->args[i]);
	}
	return (int)sb.len;
}

void prog_print(const struct program *p, FILE *out)
{
	static const char *const psz[] = { [12] = "4K", [14] = "16K", [16] = "64K" };
	char line[160];
	unsigned int i;

	unsigned int k;

	fprintf(out, "config page=%s ram=%uM devices=%u", psz[p->hdr.page_shift],
		p->hdr.ram_mib, p->hdr.nr_devices);
	/* The ITS keys only where they differ from the default ITS. */
	for (k = 0; k < HEADER_ITS_FIELDS; k++) {
		uint8_t v = *header_its_field((struct prog_header *)&p->hdr, k);

		if (v == header_its_default(k))
			continue;
		if (header_its_is_psz(k) && v)
			fprintf(out, " %s=%s", header_its_name(k), psz[v]);
		else
			fprintf(out, " %s=%u", header_its_name(k), v);
	}
	fprintf(out, "\n");
	for (i = 0; i < p->nr_ops; i++) {
		prog_format_op(p, &p->ops[i], line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
}

/* Parsing ----------------------------------------------------------------- */

struct parser {
	const char *line;	/* start of the current line */
	const char *pos;
	unsigned int lineno;
	char *err;
	size_t errcap;
	bool failed;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *ps, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (ps->failed)
		return -1;
	ps->failed = true;
	n = (size_t)snprintf(ps->err, ps->errcap, "%u:%u: error: ", ps->lineno,
			     (unsigned int)(ps->pos - ps->line) + 1);
	if (n < ps->errcap) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errcap - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void skip_blanks(struct parser *ps)
{
	while (*ps->pos == ' ' || *ps->pos == '\t' || *ps->pos == '\r')
		ps->pos++;
}

static bool at_end_of_line(struct parser *ps)
{
	skip_blanks(ps);
	return !*ps->pos || *ps->pos == '\n' || *ps->pos == '#';
}

/* A word: letters, digits and underscores. */
static size_t word(struct parser *ps, char *out, size_t cap)
{
	size_t n = 0;

	while (isalnum((unsigned char)ps->pos[n]) || ps->pos[n] == '_') {
		if (n + 1 < cap)
			out[n] = ps->pos[n];
		n++;
	}
	out[n < cap ? n : cap - 1] = 0;
	return n;
}

static int number_suffixed(struct parser *ps, uint64_t *v, bool suffix)
{
	const char *s = ps->pos;
	unsigned int base = 10;
	uint64_t acc = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = (tolower((unsigned char)*s) - 'a') + 10;
		else
			break;
		if (acc > (UINT64_MAX - (uint64_t)d) / base)
			return fail(ps, "number too large");
		acc = acc * base + (uint64_t)d;
	}
	if (!digits || (!suffix && (isalnum((unsigned char)*s) || *s == '_')))
		return fail(ps, "expected a number");
	*v = acc;
	ps->pos = s;
	return 0;
}

static int number(struct parser *ps, uint64_t *v)
{
	return number_suffixed(ps, v, false);
}

static int expect_char(struct parser *ps, char c)
{
	if (*ps->pos != c)
		return fail(ps, "expected '%c'", c);
	ps->pos++;
	return 0;
}

static int parse_index(struct parser *ps, uint64_t limit, uint64_t *v)
{
	const char *at = ps->pos;

	if (number(ps, v))
		return -1;
	if (*v >= limit) {
		ps->pos = at;
		return fail(ps, "index %llu out of range (0..%llu)",
			    (unsigned long long)*v, (unsigned long long)limit - 1);
	}
	return 0;
}

static int parse_addr(struct parser *ps, const struct prog_layout *l, struct prog_arg *a)
{
	uint64_t idx = 0, page = 0, off = 0;
	unsigned int kind;
	char name[16];
	size_t n;

	if (isdigit((unsigned char)*ps->pos)) {
		a->kind = ADDR_RAW;
		return number(ps, &a->val);
	}
	n = word(ps, name, sizeof(name));
	for (kind = 1; kind < NR_ADDR_KINDS; kind++)
		if (!strcmp(name, kind_names[kind]))
			break;
	if (kind == NR_ADDR_KINDS)
		return fail(ps, "expected an address: a number, ram(k), hyp(k), mmio(d,p), "
			    "its(p), hole(k), donated(k) or shared(k)");
	ps->pos += n;
	if (expect_char(ps, '('))
		return -1;
	if (kind == ADDR_MMIO) {
		if (parse_index(ps, l->devices, &idx) || expect_char(ps, ',') ||
		    parse_index(ps, l->dev_pages, &page))
			return -1;
		idx |= page << 8;
	} else if (parse_index(ps, addr_index_limit(l, kind), &idx)) {
		return -1;
	}
	if (expect_char(ps, ')'))
		return -1;
	if (*ps->pos == '+') {
		const char *at = ++ps->pos;

		if (number(ps, &off))
			return -1;
		if (off >= l->page_size) {
			ps->pos = at;
			return fail(ps, "offset 0x%llx is not within a page",
				    (unsigned long long)off);
		}
	}
	a->kind = (uint8_t)kind;
	a->val = off << 32 | idx;
	return 0;
}

static int parse_arg(struct parser *ps, char type, const struct prog_layout *l,
		     struct prog_arg *a)
{
	const char *at = ps->pos;
	char name[32];
	int v;

	a->kind = 0;
	switch (type) {
	case 'A':
		return parse_addr(ps, l, a);
	case 'I':
		return number(ps, &a->val);
	case 'C':
		ps->pos += word(ps, name, sizeof(name));
		v = fault_class_parse(name);
		if (v < 0) {
			ps->pos = at;
			return fail(ps, "unknown fault class '%s'", name);
		}
		a->val = (uint64_t)v;
		return 0;
	case 'E':
		ps->pos += word(ps, name, sizeof(name));
		v = errno_parse(name);
		if (v < 0) {
			ps->pos = at;
			return fail(ps, "unknown errno '%s'", name);
		}
		a->val = (uint64_t)v;
		return 0;
	}
	if (number(ps, &a->val))
		return -1;
	if ((type == 'W' && width_encode(a->val) < 0) ||
	    (type == 'N' && (a->val < 1 || a->val > PROG_LIST_MAX)) ||
	    (type == 'K' && a->val >= PROG_LIST_MAX) ||
	    (type == 'Z' && a->val > PROG_LIST_MAX) ||
	    (type == 'T' && (a->val < 1 || a->val > 256))) {
		ps->pos = at;
		return fail(ps, "value %llu out of range for this operand",
			    (unsigned long long)a->val);
	}
	return 0;
}

static int parse_config(struct parser *ps, struct prog_header *h)
{
	while (!at_end_of_line(ps)) {
		const char *at = ps->pos;
		char key[16];
		uint64_t v;

		ps->pos += word(ps, key, sizeof(key));
		if (expect_char(ps, '=') || number_suffixed(ps, &v, true))
			return -1;
		if (!strcmp(key, "page")) {
			unsigned int shift = v == 4 ? 12 : v == 16 ? 14 : v == 64 ? 16 : 0;

			if (expect_char(ps, 'K') || !header_valid_page_shift(shift)) {
				ps->pos = at;
				return fail(ps, "page must be 4K, 16K or 64K");
			}
			h->page_shift = (uint8_t)shift;
		} else if (!strcmp(key, "ram")) {
			if (expect_char(ps, 'M') || !header_valid_ram((unsigned int)v)) {
				ps->pos = at;
				return fail(ps, "ram must be 16M, 32M, 64M or 128M");
			}
			h->ram_mib = (uint8_t)v;
		} else if (header_its_find(key) >= 0) {
			unsigned int k = (unsigned int)header_its_find(key);

			/* A page size is 4K, 16K or 64K (the vPE table's also 0: none). */
			if (header_its_is_psz(k) && v) {
				v = v == 4 ? 12 : v == 16 ? 14 : v == 64 ? 16 : 1;
				if (expect_char(ps, 'K'))
					v = 1;
			}
			if (!header_its_valid(k, v)) {
				ps->pos = at;
				return fail(ps, "%s out of range (see docs/PROGRAM_FORMAT.md)", key);
			}
			*header_its_field(h, k) = (uint8_t)v;
		} else if (!strcmp(key, "devices")) {
			if (v < 1 || v > 4) {
				ps->pos = at;
				return fail(ps, "devices must be 1 to 4");
			}
			h->nr_devices = (uint8_t)v;
		} else {
			ps->pos = at;
			return fail(ps, "unknown config key '%s'", key);
		}
	}
	return 0;
}

static int parse_line(struct parser *ps, struct program *p, struct prog_layout *l)
{
	struct prog_op *op;
	const char *types;
	char name[32];
	unsigned int i;
	int code;

	skip_blanks(ps);
	if (at_end_of_line(ps))
		return 0;
	ps->pos += word(ps, name, sizeof(name));
	if (!strcmp(name, "config")) {
		if (p->nr_ops)
			return fail(ps, "config must come before the first op");
		if (parse_config(ps, &p->hdr))
			return -1;
		prog_layout(&p->hdr, l);
		return 0;
	}
	code = prog_op_find(name);
	if (code < 0) {
		ps->pos -= strlen(name);
		return fail(ps, "unknown op '%s'", name);
	}
	if (p->nr_ops == PROG_MAX_OPS)
		return fail(ps, "more than %d ops", PROG_MAX_OPS);
	op = &p->ops[p->nr_ops];
	memset(op, 0, sizeof(*op));
	op->op = (uint8_t)code;
	types = prog_op_args(op->op);
	for (i = 0; types[i]; i++) {
		skip_blanks(ps);
		if (at_end_of_line(ps))
			return fail(ps, "'%s' takes %zu operands", name, strlen(types));
		if (parse_arg(ps, types[i], l, &op->args[i]))
			return -1;
		if (*ps->pos && !isspace((unsigned char)*ps->pos) && *ps->pos != '#')
			return fail(ps, "unexpected '%c'", *ps->pos);
	}
	if (!at_end_of_line(ps))
		return fail(ps, "trailing text after '%s'", name);
	p->nr_ops++;
	return 0;
}

int prog_parse(const char *text, struct program *p, char *err, size_t errcap)
{
	struct parser ps = { .pos = text, .err = err, .errcap = errcap };
	struct prog_layout l;

	prog_default_header(&p->hdr);
	prog_layout(&p->hdr, &l);
	p->nr_ops = 0;
	while (*ps.pos) {
		ps.line = ps.pos;
		ps.lineno++;
		if (parse_line(&ps, p, &l))
			return -1;
		while (*ps.pos && *ps.pos != '\n')
			ps.pos++;
		if (*ps.pos)
			ps.pos++;
	}
	return 0;
}
