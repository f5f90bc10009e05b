// SPDX-License-Identifier: GPL-2.0-only
/*
 * The adversary's feedback (core/adversary/feedback.h): the boundaries a
 * correct mediator's edges do not tell apart get counters of their own,
 * and the host's CWRITER writes reach them with the host's own record
 * (its last value, its staged commands, its queue length).
 */
#include "../test.h"
#include "../../core/adversary/feedback.h"

#define LEN	0x10000ULL	/* the default queue: 16 ITS pages */
#define SLOT	32ULL

static unsigned int idx(uint64_t prev, uint64_t tail, uint64_t val)
{
	return feedback_cwriter_index(prev, tail, val, LEN, true);
}

static void test_classes(void)
{
	unsigned int at_len = idx(0x20, 0x40, LEN);
	unsigned int at_last = idx(0x20, 0x40, LEN - SLOT);

	/* The boundary a `>` for `>=` gets wrong: the length, the last slot. */
	CHECK(at_len != at_last);
	CHECK(at_len != idx(0x20, 0x40, LEN + SLOT));
	/* A wrap behind the last value, a step of one, a jump ahead. */
	CHECK(idx(0x100, 0x100, 0x40) != idx(0x100, 0x100, 0x140));
	CHECK(idx(0x100, 0x100, 0x120) != idx(0x100, 0x100, 0x140));
	/* Over staged commands, exactly to the tail or elsewhere; none staged. */
	CHECK(idx(0x20, 0x60, 0x60) != idx(0x20, 0x60, 0x80));
	CHECK(idx(0x20, 0x20, 0x80) != idx(0x20, 0x60, 0x80));
	/* Bits [4:1], Retry and RES0 bits each count; the offset alone decides the rest. */
	CHECK(idx(0x20, 0x20, 0x80) != idx(0x20, 0x20, 0x82));
	CHECK(idx(0x20, 0x20, 0x80) != idx(0x20, 0x20, 0x81));
	CHECK(idx(0x20, 0x20, 0x80) != idx(0x20, 0x20, 0x80 | 1ULL << 20));
	CHECK_EQ(idx(0x20, 0x20, 0x80), idx(0x20, 0x20, 0xa0));
	/* Before setup (the hardware's CWRITER) and after are apart. */
	CHECK(feedback_cwriter_index(0, 0, LEN - SLOT, LEN, false) !=
	      feedback_cwriter_index(0, 0, LEN - SLOT, LEN, true));
}

static unsigned int acc(uint64_t off, unsigned int width, bool write, bool emulated)
{
	return feedback_its_access_index(off, width, write, 0x20000, emulated);
}

/* Register, half, width, direction, alignment and setup each count. */
static void test_access_classes(void)
{
	CHECK(acc(0x88, 4, true, true) != acc(0x8c, 4, true, true));
	CHECK(acc(0x88, 4, true, true) != acc(0x0, 4, true, true));
	CHECK(acc(0x100, 4, true, true) != acc(0x100, 8, true, true));
	CHECK(acc(0x100, 4, true, true) != acc(0x100, 4, false, true));
	CHECK(acc(0x100, 4, true, true) != acc(0x100, 4, true, false));
	CHECK(acc(0x102, 4, true, true) != acc(0x100, 4, true, true));
	/* Past the registers: the rest of the frame, then the alias. */
	CHECK(acc(0x10040, 4, true, true) != acc(0x20088, 4, true, true));
	CHECK_EQ(acc(0x10040, 4, true, true), acc(0x10048, 4, true, true));
	/* The GITS_BASER<n> share their low and their high words. */
	CHECK_EQ(acc(0x100, 4, true, true), acc(0x118, 4, true, true));
	CHECK(acc(0x100, 4, true, true) != acc(0x11c, 4, true, true));
	/* Apart from the CWRITER counters. */
	CHECK(acc(0, 1, false, false) > idx(0x20, 0x20, 0x80));
}

/* The host's writes reach the counters, classified from its own record. */
static void test_reached(void)
{
	static const char staged_at_len[] = "config page=4K ram=16M devices=1\n"
					    "its_bringup 2\nits_setup\n"
					    "its_cmd 11 0x0 0x4000000000000000\n"
					    "its_mmio_write 0x88 8 0x10000\n";
	unsigned int cw = idx(0, SLOT, LEN);	/* one staged command, CWRITER = length */
	unsigned int hi = acc(0x8c, 4, true, true);

	feedback_clear();
	CHECK_STR(run_for_violation(staged_at_len), "");
	CHECK_EQ(feedback_count(cw), 1);
	CHECK_EQ(feedback_count(hi), 0);
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "its_bringup 2\nits_setup\n"
				    "its_mmio_write 0x8c 4 0x0\n"
				    "its_mmio_write 0x8c 4 0x0\n"), "");
	/* Reached, not counted: twice is once. */
	CHECK_EQ(feedback_count(hi), 1);
	/* Switched off, nothing counts. */
	feedback_clear();
	feedback_enable(false);
	CHECK_STR(run_for_violation(staged_at_len), "");
	CHECK_EQ(feedback_count(cw), 0);
	feedback_enable(true);
}

static unsigned int counters_hit(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < 1u << 16; i++)
		n += feedback_count(i);
	return n;
}

/* Where the other CPU entered: the call's kind, CPU 0's locks, CPU 1's act. */
static void test_interleave(void)
{
	static const char raced[] = "config page=4K ram=16M devices=1\n"
				    "cpu2_at 1 0\ncpu2_hvc 0 ram(3)\nshare ram(2)\n";
	unsigned int a = feedback_interleave_index("hyp_spin_lock", 0, 2);

	CHECK_EQ(a, feedback_interleave_index("hyp_spin_lock", 0, 2));
	CHECK(a != feedback_interleave_index("hyp_spin_lock", 1, 2));
	CHECK(a != feedback_interleave_index("hyp_spin_lock", 0, 3));
	/* Apart from the access counters. */
	CHECK(a > acc(0x100, 4, true, true));
	/* Reached once when CPU 1 enters, not when it is never armed. */
	feedback_clear();
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\nshare ram(2)\n"), "");
	CHECK_EQ(counters_hit(), 0);
	CHECK_STR(run_for_violation(raced), "");
	CHECK_EQ(counters_hit(), 1);
	feedback_clear();
}

int main(void)
{
	test_classes();
	test_access_classes();
	test_reached();
	test_interleave();
	return test_done("test_feedback");
}
