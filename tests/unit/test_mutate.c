// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator (core/program/mutate.h):
 *   - every mutation and crossover gives a canonical program: it decodes,
 *     re-encodes to the same bytes and round-trips through the text form,
 *     within the size limit it was given;
 *   - the same input and seed give the same output, different seeds differ;
 *   - each kind of edit applies and does what it says (an insert adds an
 *     op, a splice brings in an op only the other program has, a repeat
 *     fills the command queue, ...);
 *   - dictionaries: escapes, values and op fragments; bad files are refused;
 *   - the mutator's operand sizes are the codec's.
 */
#include <stdint.h>
#include <unistd.h>

#include "../test.h"
#include "../../core/program/mutate.h"

#define ROUNDS		6000

static struct prog_mutator mut, mut2;
static struct program p, q, r;
static uint8_t buf[MUT_MAX_BYTES], out[MUT_MAX_BYTES], other[MUT_MAX_BYTES], again[MUT_MAX_BYTES];

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t encode_text(const char *text, const char *target, uint8_t *to)
{
	long len;

	test_parse(text, &p);
	len = prog_encode(&p, prog_target_find(target), to, MUT_MAX_BYTES);
	if (len < 0) {
		fprintf(stderr, "test program does not encode for %s\n", target);
		exit(2);
	}
	return (size_t)len;
}

static char *print_to_string(const struct program *prog)
{
	static char text[128 * 1024];
	FILE *f = fmemopen(text, sizeof(text), "w");

	prog_print(prog, f);
	fclose(f);
	return text;
}

/* @data is canonical for @t: decode, encode gives it back; text too. */
static bool canonical(const uint8_t *data, size_t size, const struct prog_target *t)
{
	static uint8_t b2[MUT_MAX_BYTES];
	char err[256];
	long len;

	prog_decode(data, size, t, &q);
	len = prog_encode(&q, t, b2, sizeof(b2));
	if (len < 0 || (size_t)len != size || memcmp(b2, data, size))
		return false;
	if (prog_encoded_size(&q) != size)
		return false;
	if (prog_parse(print_to_string(&q), &r, err, sizeof(err)))
		return false;
	len = prog_encode(&r, t, b2, sizeof(b2));
	return len >= 0 && (size_t)len == size && !memcmp(b2, data, size);
}

static size_t random_input(uint8_t *to, size_t max)
{
	size_t len = (size_t)(next() % max), i;

	for (i = 0; i < len; i++)
		to[i] = (uint8_t)next();
	return len;
}

/* Every target: mutation and crossover outputs are canonical and fit. */
static void test_outputs_canonical(void)
{
	static const char *const targets[] = {
		"mmio_donate", "its_setup", "its_mediator", "realm_ripas", "guest_abort",
	};
	unsigned int ti, round, bad = 0, bytes = 0, structural = 0, big = 0;

	for (ti = 0; ti < sizeof(targets) / sizeof(targets[0]); ti++) {
		const struct prog_target *t = prog_target_find(targets[ti]);

		CHECK_EQ(prog_mutator_init(&mut, targets[ti], NULL), 0);
		prog_mutator_add_word(&mut, (const uint8_t *)"\x88\x00\x00\x00\x00\x00\x00\x00", 8);
		for (round = 0; round < ROUNDS; round++) {
			size_t max = round % 7 ? 4096 : PROG_HEADER_SIZE + next() % 64;
			size_t size = random_input(buf, 600), osize, n;

			/* Start from canonical programs too, not only from noise. */
			if (round % 2) {
				prog_decode(buf, size, t, &p);
				size = (size_t)prog_encode(&p, t, buf, sizeof(buf));
			}
			if (size > max)
				size = max;
			if (round % 3 == 0) {
				osize = random_input(other, 600);
				n = prog_crossover(&mut, buf, size, other, osize, out, max,
						   (unsigned int)round);
				if (!n)
					continue;
			} else {
				memcpy(out, buf, size);
				n = prog_mutate(&mut, out, size, max, (unsigned int)round);
			}
			if (n > max) {
				big++;
				continue;
			}
			if (mut.last == MUT_BYTES) {
				bytes++;
				continue;	/* the byte mutator's output is any bytes */
			}
			structural++;
			if (!canonical(out, n, t) && bad++ < 3)
				fprintf(stderr, "%s round %u (%s): output is not canonical\n",
					targets[ti], round, prog_mut_kind_name(mut.last));
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(big, 0);
	CHECK(structural > 10 * bytes / 2);	/* mostly structural, some bytes */
	CHECK(bytes > 0);
}

static void test_deterministic(void)
{
	const char *text = "its_bringup 2\nits_setup\nits_cmd 11 0x0 0x0\n"
			   "its_mmio_write 0x88 8 0x20\nits_mmio_read 0x90 8\n";
	unsigned int seed, differ = 0, same = 0;
	size_t len = encode_text(text, "its_mediator", buf), a, b;

	for (seed = 0; seed < 200; seed++) {
		prog_mutator_init(&mut, "its_mediator", NULL);
		prog_mutator_init(&mut2, "its_mediator", NULL);
		memcpy(out, buf, len);
		memcpy(again, buf, len);
		a = prog_mutate(&mut, out, len, 4096, seed);
		b = prog_mutate(&mut2, again, len, 4096, seed);
		if (a == b && !memcmp(out, again, a))
			same++;
		a = prog_crossover(&mut, buf, len, buf, len, out, 4096, seed);
		b = prog_crossover(&mut2, buf, len, buf, len, again, 4096, seed);
		if (a == b && !memcmp(out, again, a))
			same++;
		/* Seed and seed + 1 from one state: they should not agree. */
		memcpy(out, buf, len);
		memcpy(again, buf, len);
		a = prog_mutate(&mut, out, len, 4096, seed);
		b = prog_mutate(&mut, again, len, 4096, seed + 1000);
		if (a != b || memcmp(out, again, a))
			differ++;
	}
	CHECK_EQ(same, 400);
	CHECK(differ > 150);
}

/* One kind at a time on a program; returns the mutated program in q. */
static size_t one(enum mut_kind kind, const char *text, const char *other_text,
		  unsigned int seed)
{
	size_t len = encode_text(text, "its_mediator", buf), olen = 0, n;
	const struct prog_target *t = prog_target_find("its_mediator");

	if (other_text)
		olen = encode_text(other_text, "its_mediator", other);
	test_parse(text, &p);
	n = prog_mutate_kind(&mut, kind, buf, len, 4096, other_text ? other : NULL, olen, seed);
	if (n)
		prog_decode(buf, n, t, &q);
	return n;
}

static bool has_op(const struct program *prog, int op, uint64_t arg0)
{
	unsigned int i;

	for (i = 0; i < prog->nr_ops; i++)
		if (prog->ops[i].op == op && prog->ops[i].args[0].val == arg0)
			return true;
	return false;
}

static void test_each_kind(void)
{
	const char *text = "its_bringup 2\nits_setup\nits_cmd 11 0x0 0x4000000000000000\n"
			   "its_mmio_write 0x88 8 0x20\n";
	const char *o = "its_mmio_read 0x90 8\nits_mapd 0x7 ram(3) 2\nits_teardown\n";
	unsigned int seed, ok[NR_MUT_KINDS] = { 0 }, k;
	struct program orig;
	size_t n;

	prog_mutator_init(&mut, "its_mediator", NULL);
	prog_mutator_add_word(&mut, (const uint8_t *)"\x00\x02\x03", 3);	/* bringup, setup */
	test_parse(text, &orig);
	for (seed = 1; seed <= 64; seed++) {
		if (one(MUT_INSERT, text, NULL, seed) && q.nr_ops == orig.nr_ops + 1)
			ok[MUT_INSERT]++;
		if (one(MUT_DELETE, text, NULL, seed) && q.nr_ops < orig.nr_ops)
			ok[MUT_DELETE]++;
		if (one(MUT_DUPLICATE, text, NULL, seed) && q.nr_ops > orig.nr_ops)
			ok[MUT_DUPLICATE]++;
		if (one(MUT_REPEAT, text, NULL, seed) && q.nr_ops > orig.nr_ops + 1)
			ok[MUT_REPEAT]++;
		/* A swap keeps the ops and moves them. */
		if (one(MUT_SWAP, text, NULL, seed) && q.nr_ops == orig.nr_ops &&
		    memcmp(q.ops, orig.ops, q.nr_ops * sizeof(q.ops[0])))
			ok[MUT_SWAP]++;
		if (one(MUT_OPERAND, text, NULL, seed) && q.nr_ops == orig.nr_ops)
			ok[MUT_OPERAND]++;
		if (one(MUT_OPERAND_BYTES, text, NULL, seed) && q.nr_ops == orig.nr_ops)
			ok[MUT_OPERAND_BYTES]++;
		if (one(MUT_HEADER, text, NULL, seed) &&
		    memcmp(&q.hdr, &orig.hdr, sizeof(q.hdr)))
			ok[MUT_HEADER]++;
		if (one(MUT_DICT_OPS, text, NULL, seed) && q.nr_ops == orig.nr_ops + 2)
			ok[MUT_DICT_OPS]++;
		if (one(MUT_BYTES, text, NULL, seed))
			ok[MUT_BYTES]++;
		/* Crossover: ops and values only the other program has come in. */
		n = one(MUT_SPLICE, text, o, seed);
		if (n && (has_op(&q, OP_ITS_MMIO_READ, 0x90) || has_op(&q, OP_ITS_MAPD, 7) ||
			  has_op(&q, OP_ITS_TEARDOWN, 0)))
			ok[MUT_SPLICE]++;
		n = one(MUT_SPLICE_TAIL, text, o, seed);
		if (n && q.nr_ops && q.ops[q.nr_ops - 1].op == OP_ITS_TEARDOWN)
			ok[MUT_SPLICE_TAIL]++;
		n = one(MUT_BORROW, text, o, seed);
		if (n && q.nr_ops == orig.nr_ops)
			ok[MUT_BORROW]++;
	}
	for (k = 0; k < NR_MUT_KINDS; k++) {
		if (!ok[k])
			fprintf(stderr, "kind %s never applied as described\n", prog_mut_kind_name(k));
		CHECK(ok[k] > 0);
	}
	/* Nothing to delete, swap or splice from: the kind does not apply. */
	CHECK_EQ(one(MUT_DELETE, "", NULL, 1), 0);
	CHECK_EQ(one(MUT_SWAP, "its_setup\n", NULL, 1), 0);
	CHECK_EQ(one(MUT_SPLICE, text, "", 1), 0);
}

/*
 * Repeat fills the ring: some edits repeat a command to the queue's slot
 * count or one either side (the default 16-page queue shrunk to a page,
 * which 256 ops can fill), within the op and size limits every time.
 */
static void test_repeat_fills_queue(void)
{
	const char *text = "its_bringup 2\nits_setup\nits_cmd 11 0x0 0x0\n";
	const unsigned int slots = 4096 / 32;
	unsigned int seed, i, cmds, filled = 0, few = 0, over = 0;
	size_t n;

	prog_mutator_init(&mut, "its_mediator", NULL);
	for (seed = 1; seed <= 200; seed++) {
		n = one(MUT_REPEAT, text, NULL, seed);
		if (!n)
			continue;
		over += n > 4096 || q.nr_ops > PROG_MAX_OPS;
		for (i = 0, cmds = 0; i < q.nr_ops; i++)
			cmds += q.ops[i].op == OP_ITS_CMD;
		if (q.hdr.its_queue == 1 && cmds >= slots - 1 && cmds <= slots + 2)
			filled++;
		else if (q.hdr.its_queue == 16 && q.nr_ops > 3 && q.nr_ops <= 3 + 16 * 2)
			few++;
	}
	CHECK(filled > 20);
	CHECK(few > 20);
	CHECK_EQ(over, 0);
}

/* Over many calls prog_mutate uses every non-crossover kind. */
static void test_all_kinds_used(void)
{
	const char *text = "its_bringup 2\nits_setup\nits_cmd 11 0x0 0x0\n"
			   "its_mmio_write 0x88 8 0x20\n";
	size_t len = encode_text(text, "its_mediator", buf), n;
	unsigned int seed, k;

	prog_mutator_init(&mut, "its_mediator", NULL);
	prog_mutator_add_word(&mut, (const uint8_t *)"\x03", 1);
	for (seed = 0; seed < 3000; seed++) {
		memcpy(out, buf, len);
		n = prog_mutate(&mut, out, len, 4096, seed);
		CHECK(n > 0 || mut.last == MUT_BYTES);
		prog_crossover(&mut, buf, len, other,
			       encode_text("its_teardown\nits_mmio_read 0x8 4\n", "its_mediator", other),
			       out, 4096, seed);
	}
	for (k = 0; k < NR_MUT_KINDS; k++) {
		if (!mut.applied[k])
			fprintf(stderr, "kind %s never used\n", prog_mut_kind_name(k));
		CHECK(mut.applied[k] > 0);
	}
}

/* The size limit: inserts stop at it, and a longer input is cut to it. */
static void test_max_size(void)
{
	const char *text = "its_mmio_write 0x88 8 0x20\nits_mmio_write 0x88 8 0x40\n"
			   "its_mmio_write 0x88 8 0x60\n";
	size_t len = encode_text(text, "its_mediator", buf), n;
	unsigned int seed, over = 0;

	prog_mutator_init(&mut, "its_mediator", NULL);
	for (seed = 0; seed < 500; seed++) {
		memcpy(out, buf, len);
		n = prog_mutate(&mut, out, len, len, seed);
		over += n > len;
		memcpy(out, buf, len);
		n = prog_mutate(&mut, out, len, len - 5, seed);	/* smaller than the input */
		over += n > len - 5;
		n = prog_crossover(&mut, buf, len, buf, len, out, PROG_HEADER_SIZE + 20, seed);
		over += n > PROG_HEADER_SIZE + 20;
	}
	CHECK_EQ(over, 0);
	/* Below the header's size only bytes are left, and they still fit. */
	memcpy(out, buf, 8);
	n = prog_mutate(&mut, out, 8, 8, 3);
	CHECK(n <= 8);
	CHECK_EQ(mut.last, MUT_BYTES);
}

/* A name that is no program target: bytes only, crossover declines. */
static void test_not_a_program_target(void)
{
	size_t n;

	CHECK_EQ(prog_mutator_init(&mut, "parser", NULL), -1);
	memcpy(out, "hello", 5);
	n = prog_mutate(&mut, out, 5, 64, 1);
	CHECK(n <= 64);
	CHECK_EQ(mut.last, MUT_BYTES);
	CHECK_EQ(prog_crossover(&mut, out, 5, out, 5, buf, 64, 1), 0);
}

static void test_dictionary(void)
{
	char path[] = "/tmp/el2fuzz-test-dict-XXXXXX";
	char err[256];
	int fd, n;
	FILE *f;

	prog_mutator_init(&mut, "its_mediator", NULL);
	fd = mkstemp(path);
	CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# comment\n\nop_setup=\"\\x03\"\noff_cwriter=\"\\x88\\x00\\x00\\x00\\x00\\x00\\x00\\x00\"\n"
	      "  quoted=\"a\\\"\\\\\"\nbare=\"AB\"\n", f);
	fclose(f);
	n = prog_mutator_load_dict(&mut, path, err, sizeof(err));
	CHECK_EQ(n, 4);
	/* Values: 2 to 8 bytes, little-endian. */
	CHECK_EQ(mut.nr_dict, 3);
	CHECK_EQ(mut.dict[0], 0x88);
	CHECK_EQ(mut.dict[1], 0x5c2261);	/* a " \ */
	CHECK_EQ(mut.dict[2], 0x4241);
	/* Ops: "\x03" is its_setup in the its_mediator op set. */
	CHECK(mut.nr_frags >= 1);
	CHECK_EQ(mut.frags[0].nr_ops, 1);
	CHECK_EQ(mut.frags[0].ops[0].op, OP_ITS_SETUP);

	f = fopen(path, "w");
	fputs("good=\"\\x01\"\nbad line\n", f);
	fclose(f);
	CHECK_EQ(prog_mutator_load_dict(&mut, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":2:") != NULL);
	unlink(path);
	CHECK_EQ(prog_mutator_load_dict(&mut, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "No such file") != NULL);
}

/* The mutator's size of a program is the encoder's. */
static void test_sizes_match_codec(void)
{
	const struct prog_target *all = prog_target_all();
	unsigned int round, bad = 0;
	long len;

	for (round = 0; round < 2000; round++) {
		size_t size = random_input(buf, 800);

		prog_decode(buf, size, all, &p);
		len = prog_encode(&p, all, out, sizeof(out));
		if (len < 0 || (size_t)len != prog_encoded_size(&p))
			bad++;
	}
	CHECK_EQ(bad, 0);
}

/*
 * One field of a command word at its edge, the rest kept: MAPC's RDbase
 * (bits 51:16) at 3, which no single flip, step or shift of the seed's
 * word (Valid alone) makes, and a DeviceID of 2^k - 1 (k > 2) beside
 * EventID 5.
 */
static bool is_pow2_minus_one(uint64_t v)
{
	return !(v & (v + 1));
}

static void test_field_edges(void)
{
	const char *text = "its_cmd 1 0x0 0x8000000000000000\nits_cmd 2 0x100000005 0x0\n";
	unsigned int seed, rdbase3 = 0, devid_edge = 0;

	prog_mutator_init(&mut, "its_mediator", NULL);
	for (seed = 1; seed <= 20000; seed++) {
		if (!one(MUT_OPERAND, text, NULL, seed) || q.nr_ops != 2)
			continue;
		if (q.ops[0].op == OP_ITS_CMD && q.ops[0].args[2].val == 0x8000000000030000ULL)
			rdbase3++;
		if (q.ops[1].op == OP_ITS_CMD && (q.ops[1].args[1].val & 0xffffffffULL) == 5 &&
		    (q.ops[1].args[1].val >> 32) > 3 && is_pow2_minus_one(q.ops[1].args[1].val >> 32))
			devid_edge++;
	}
	CHECK(rdbase3 > 0);
	CHECK(devid_edge > 0);
}

/*
 * its_cmd_raw's opcode byte next to the opcodes the architecture defines,
 * the DeviceID kept: 0x10, one past DISCARD, where an opcode table's bound
 * is off by one. Without the opcode table, 20,000 operand edits of this
 * program give it 45 times (steps and field edges); with it, 112.
 */
static void test_opcode_edges(void)
{
	const char *text = "its_cmd_raw 0x700000005 0x0 0x0\n";
	unsigned int seed, past_discard = 0;

	prog_mutator_init(&mut, "its_mediator", NULL);
	for (seed = 1; seed <= 20000; seed++) {
		if (!one(MUT_OPERAND, text, NULL, seed) || q.nr_ops != 1 ||
		    q.ops[0].op != OP_ITS_CMD_RAW)
			continue;
		if (q.ops[0].args[0].val == 0x700000010ULL)
			past_discard++;
	}
	CHECK(past_discard >= 90);
}

/* A kept output (the engine crosses with it later) teaches its operand values. */
static void test_credit(void)
{
	size_t len = encode_text("its_bringup 2\nits_setup\n", "its_mediator", buf), n;
	unsigned int seed, op, a, values = 0;

	prog_mutator_init(&mut, "its_mediator", NULL);
	for (seed = 0; seed < 1000 && !mut.credited; seed++) {
		memcpy(out, buf, len);
		n = prog_mutate_kind(&mut, MUT_INSERT, out, len, 4096, NULL, 0, seed);
		if (!n || !mut.nr_gen)
			continue;	/* no 64-bit value was made */
		/* The engine keeps it: it comes back as a crossover partner. */
		memcpy(other, out, n);
		prog_crossover(&mut, buf, len, other, n, out, 4096, seed);
	}
	CHECK_EQ(mut.credited, 1);
	for (op = 0; op < NR_OPS; op++)
		for (a = 0; a < PROG_MAX_ARGS; a++)
			values += mut.nr_slot_values[op][a];
	CHECK(values > 0);
	/* Unknown bytes earn nothing. */
	prog_crossover(&mut, buf, len, (const uint8_t *)"0123456789abcdefghij", 20, out, 4096, 1);
	CHECK_EQ(mut.credited, 1);
}

int main(void)
{
	test_outputs_canonical();
	test_deterministic();
	test_each_kind();
	test_repeat_fills_queue();
	test_all_kinds_used();
	test_max_size();
	test_not_a_program_target();
	test_dictionary();
	test_sizes_match_codec();
	test_credit();
	test_field_edges();
	test_opcode_edges();
	return test_done("test_mutate");
}
