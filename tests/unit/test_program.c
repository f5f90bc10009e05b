// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs: decoding is total and deterministic, the binary form is
 * canonical, and text and binary round-trip exactly.
 *
 *   text -> binary -> text    identity over 10,000 generated programs
 *   binary -> text -> binary  identity over 10,000 canonical encodings of
 *                             random byte strings
 * plus truncation, the empty input, and parse errors named by line:column.
 */
#include <stdint.h>

#include "../test.h"
#include "../../core/program/layout.h"

#define ROUNDS		10000
#define BUF_MAX		(PROG_HEADER_SIZE + PROG_MAX_OPS * 40)

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t interesting(void)
{
	static const uint64_t v[] = { 0, 1, 0x20, 0xfff, 0x1000, 0x7fffffff, 0x80000000,
				      0xffffffff, 1ULL << 32, 1ULL << 47, ~0ULL };

	return next() % 2 ? next() : v[next() % (sizeof(v) / sizeof(v[0]))];
}

/* Raw header bytes, decoded: always a valid configuration. */
static void random_header(struct prog_header *h)
{
	uint8_t raw[PROG_HEADER_SIZE];
	unsigned int i;

	for (i = 0; i < PROG_HEADER_SIZE; i++)
		raw[i] = (uint8_t)next();
	header_decode(raw, h);
}

static void random_program(struct program *p)
{
	const struct prog_target *all = prog_target_all();
	struct prog_layout l;
	unsigned int n, i;

	random_header(&p->hdr);
	prog_layout(&p->hdr, &l);
	p->nr_ops = (unsigned int)(next() % 24);
	for (n = 0; n < p->nr_ops; n++) {
		struct prog_op *op = &p->ops[n];
		const char *types;

		memset(op, 0, sizeof(*op));
		op->op = all->ops[next() % all->nr_ops];
		types = prog_op_args(op->op);
		for (i = 0; types[i]; i++) {
			struct prog_arg *a = &op->args[i];

			switch (types[i]) {
			case 'A':
				a->kind = (uint8_t)(next() % NR_ADDR_KINDS);
				a->val = prog_addr_fold(&l, a->kind, interesting());
				continue;
			case 'I':
				a->val = interesting();
				continue;
			default:
				break;
			}
			/* A raw byte; canonicalise() folds it as decoding does. */
			a->val = (uint8_t)next();
		}
	}
}

/* Encode by hand with raw operand bytes and decode: folds them into range. */
static void canonicalise(struct program *p)
{
	static uint8_t buf[BUF_MAX];
	const struct prog_target *all = prog_target_all();
	unsigned int n, i;
	size_t pos = PROG_HEADER_SIZE;

	/* Write the raw program by hand: opcode index, operands as raw bytes. */
	header_encode(&p->hdr, buf);
	for (n = 0; n < p->nr_ops; n++) {
		const struct prog_op *op = &p->ops[n];
		const char *types = prog_op_args(op->op);

		buf[pos++] = op->op;	/* "all" maps index i to op i */
		for (i = 0; types[i]; i++) {
			const struct prog_arg *a = &op->args[i];
			unsigned int b;

			if (types[i] == 'A') {
				buf[pos++] = a->kind;
				for (b = 0; b < 8; b++)
					buf[pos++] = (uint8_t)(a->val >> (8 * b));
			} else if (types[i] == 'I') {
				for (b = 0; b < 8; b++)
					buf[pos++] = (uint8_t)(a->val >> (8 * b));
			} else {
				buf[pos++] = (uint8_t)a->val;
			}
		}
	}
	prog_decode(buf, pos, all, p);
}

static char *print_to_string(const struct program *p)
{
	static char text[64 * 1024];
	FILE *f = fmemopen(text, sizeof(text), "w");

	prog_print(p, f);
	fclose(f);
	return text;
}

static void test_text_binary_text(void)
{
	static struct program p, q, r;
	static uint8_t buf[BUF_MAX];
	static char t1[64 * 1024];
	const struct prog_target *all = prog_target_all();
	unsigned int round, bad = 0;
	char err[256];
	long len;

	for (round = 0; round < ROUNDS; round++) {
		random_program(&p);
		canonicalise(&p);
		snprintf(t1, sizeof(t1), "%s", print_to_string(&p));
		if (prog_parse(t1, &q, err, sizeof(err))) {
			fprintf(stderr, "round %u: printed text does not parse: %s\n%s", round, err, t1);
			bad++;
			continue;
		}
		len = prog_encode(&q, all, buf, sizeof(buf));
		prog_decode(buf, len < 0 ? 0 : (size_t)len, all, &r);
		if (len < 0 || strcmp(t1, print_to_string(&r))) {
			if (bad++ < 3)
				fprintf(stderr, "round %u: text->binary->text differs:\n%s---\n%s", round,
					t1, print_to_string(&r));
		}
	}
	CHECK_EQ(bad, 0);
}

static void test_binary_text_binary(void)
{
	static uint8_t raw[BUF_MAX], b1[BUF_MAX], b2[BUF_MAX];
	static struct program p, q;
	const struct prog_target *all = prog_target_all();
	const struct prog_target *mmio = prog_target_find("mmio_donate");
	unsigned int round, bad = 0, ops = 0;
	char err[256];
	long l1, l2;

	for (round = 0; round < ROUNDS; round++) {
		const struct prog_target *t = round % 2 ? all : mmio;
		size_t len = (size_t)(next() % 700), i;

		for (i = 0; i < len; i++)
			raw[i] = (uint8_t)next();
		prog_decode(raw, len, t, &p);
		ops += p.nr_ops;
		l1 = prog_encode(&p, t, b1, sizeof(b1));
		if (prog_parse(print_to_string(&p), &q, err, sizeof(err))) {
			fprintf(stderr, "round %u: %s\n", round, err);
			bad++;
			continue;
		}
		l2 = prog_encode(&q, t, b2, sizeof(b2));
		if (l1 < 0 || l1 != l2 || memcmp(b1, b2, (size_t)l1))
			bad++;
		/* Canonical: decoding the canonical bytes gives them back. */
		prog_decode(b1, (size_t)l1, t, &q);
		l2 = prog_encode(&q, t, b2, sizeof(b2));
		if (l1 != l2 || memcmp(b1, b2, (size_t)l1))
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK(ops > ROUNDS);	/* the inputs were not all empty programs */
}

static void test_empty_and_truncated(void)
{
	const struct prog_target *t = prog_target_find("mmio_donate");
	static struct program p;
	static uint8_t buf[BUF_MAX];
	struct prog_header def;
	long len;

	prog_decode(NULL, 0, t, &p);
	prog_default_header(&def);
	CHECK_EQ(p.nr_ops, 0);
	CHECK(!memcmp(&p.hdr, &def, sizeof(def)));

	test_parse("config page=16K ram=32M devices=3\nwrite ram(1)+0x8 8 0x1234\nread ram(2) 4\n", &p);
	len = prog_encode(&p, t, buf, sizeof(buf));
	CHECK(len > 0);
	prog_decode(buf, (size_t)len, t, &p);
	CHECK_EQ(p.nr_ops, 2);
	prog_decode(buf, (size_t)len - 1, t, &p);	/* the last op loses a byte */
	CHECK_EQ(p.nr_ops, 1);
	prog_decode(buf, 2, t, &p);			/* half a header */
	CHECK_EQ(p.nr_ops, 0);
	CHECK_EQ(p.hdr.page_shift, 14);
}

/* Any byte string runs on the corrected mediator without a finding. */
static void test_random_bytes_run_clean(void)
{
	static uint8_t raw[1024];
	static unsigned int round, found;	/* static: survive the longjmp */
	report_handler_t old;

	old = report_set_handler(test_on_violation);
	for (round = 0; round < 2000; round++) {
		size_t len = (size_t)(next() % sizeof(raw)), i;

		for (i = 0; i < len; i++)
			raw[i] = (uint8_t)next();
		test_signature[0] = 0;
		if (!setjmp(test_jmp))
			prog_run_bytes("mmio_donate", raw, len);
		if (test_signature[0] && found++ < 3)
			fprintf(stderr, "round %u: %s\n", round, test_signature);
	}
	report_set_handler(old);
	CHECK_EQ(found, 0);
}

static void check_parse_error(const char *text, const char *expect)
{
	static struct program p;
	char err[256];

	CHECK(prog_parse(text, &p, err, sizeof(err)) < 0);
	if (strncmp(err, expect, strlen(expect))) {
		test_failed++;
		fprintf(stderr, "parse error for %s: got '%s', expected '%s...'\n", text, err, expect);
	} else {
		test_passed++;
	}
}

static void test_parse_errors(void)
{
	check_parse_error("share ram(0)\nfrobnicate ram(0)\n", "2:1: error: unknown op 'frobnicate'");
	check_parse_error("# c\n\nshare\n", "3:6: error: 'share' takes 1 operands");
	check_parse_error("read ram(0) 3\n", "1:13: error: value 3 out of range");
	check_parse_error("share ram(999999)\n", "1:11: error: index 999999 out of range");
	check_parse_error("share mmio(0;0)\n", "1:13: error: expected ','");
	check_parse_error("share ram(0) extra\n", "1:14: error: trailing text");
	check_parse_error("config page=8K\n", "1:8: error: page must be 4K, 16K or 64K");
	check_parse_error("share ram(0)\nconfig page=4K\n", "2:7: error: config must come before");
	check_parse_error("fail pgtable 1 ENOPE\n", "1:16: error: unknown errno 'ENOPE'");
	check_parse_error("fail tables 1 ENOMEM\n", "1:6: error: unknown fault class 'tables'");
	check_parse_error("write ram(0)+0x1000 8 1\n", "1:14: error: offset 0x1000 is not within a page");
	check_parse_error("hvc 0x 1\n", "1:5: error: expected a number");
	check_parse_error("hvc 0x1ffffffffffffffff 1\n", "1:5: error: number too large");
}

int main(void)
{
	test_text_binary_text();
	test_binary_text_binary();
	test_empty_and_truncated();
	test_random_bytes_run_clean();
	test_parse_errors();
	return test_done("test_program");
}
