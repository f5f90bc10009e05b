// SPDX-License-Identifier: GPL-2.0-only
/*
 * O17 races and O4 deadlocks between the hyp's two CPUs, and CPU 0's store
 * buffer, through doubles of the ITS entry points that share a little
 * state of their own (o17_doubles.c). For each mode, the second CPU's trap
 * is begun at every platform call of the setup entry in turn: the broken
 * modes must be found at some point, the ordered ones at none.
 */
#include "../test.h"
#include "../../core/machine/sancov.h"
#include "../../core/oracle/invariant.h"
#include "../../core/trace/trace.h"
#include "o17_doubles.h"

#define MAX_CALL	4095	/* cpu2_at's range */

static const char prog_fmt[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"sbuf %s\n"
	"cpu2_at %u 0\n"
	"cpu2_mmio_write 0x80 8 0x0\n"
	"its_setup\n";

static bool stored;
static unsigned int nr_seen, nr_stale;

void o17_note_stored(void)
{
	stored = true;
}

/* The second CPU read the box: after CPU 0 stored 7 into it, or before. */
void o17_note_seen(unsigned long long v)
{
	nr_seen++;
	if (stored && v != 7)
		nr_stale++;
}

static const char *run_at(enum o17_mode mode, const char *order, unsigned int call)
{
	char text[512];

	snprintf(text, sizeof(text), prog_fmt, order, call);
	o17_mode = mode;
	o17_doubles_reset();
	stored = false;
	return run_for_violation(text);
}

/* Platform calls of the program's setup entry: points past them are all one. */
static unsigned int setup_calls(enum o17_mode mode)
{
	static const char *const text[2] = {
		"config page=4K ram=16M devices=1\nits_bringup 2\n",
		"config page=4K ram=16M devices=1\nits_bringup 2\nits_setup\n",
	};
	static struct program prog;
	struct run_result res;
	uint64_t steps[2];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		test_parse(text[i], &prog);
		o17_mode = mode;
		o17_doubles_reset();
		prog_run(&prog, NULL, &res);
		steps[i] = res.steps;
	}
	CHECK(steps[1] > steps[0]);
	return steps[1] - steps[0] + 1 < MAX_CALL ? (unsigned int)(steps[1] - steps[0] + 1) : MAX_CALL;
}

/* The first signature any point gives, or "" if none does. */
static const char *first_finding(enum o17_mode mode, const char *order)
{
	unsigned int last = setup_calls(mode);
	static char sig[256];
	unsigned int call;

	for (call = 1; call <= last; call++) {
		snprintf(sig, sizeof(sig), "%s", run_at(mode, order, call));
		if (sig[0])
			return sig;
	}
	return "";
}

static unsigned int nr_races;

/* The store-order mode races on purpose: count its reports, run on. */
static void count_race(const char *signature, const char *detail)
{
	(void)detail;
	nr_races += !strncmp(signature, "O17:", 4);
}

/* Reads by the second CPU that missed a store CPU 0 had made before it. */
static unsigned int stale_reads(const char *order)
{
	static struct program prog;
	report_handler_t old;
	unsigned int call;
	char text[512];

	unsigned int last = setup_calls(O17_STORE_ORDER);

	nr_seen = nr_stale = nr_races = 0;
	old = report_set_handler(count_race);
	for (call = 1; call <= last; call++) {
		snprintf(text, sizeof(text), prog_fmt, order, call);
		test_parse(text, &prog);
		o17_mode = O17_STORE_ORDER;
		o17_doubles_reset();
		stored = false;
		prog_run(&prog, NULL, NULL);
	}
	report_set_handler(old);
	CHECK(nr_seen > 0);
	CHECK(nr_races > 0);
	return nr_stale;
}

static bool is_data_race(const char *sig)
{
	size_t n = strlen(sig);

	return !strncmp(sig, "O17:", 4) && n > 10 && !strcmp(sig + n - 10, ":data_race");
}

static char reported[256];

static void note_report(const char *signature, const char *detail)
{
	(void)detail;
	snprintf(reported, sizeof(reported), "%s", signature);
}

/*
 * The verdict must not hang on where ASLR put things: CPU 0 stores to a
 * granule, then to one a direct-mapped table of 65,536 slots would put in
 * the same slot (which in another process, with other addresses, would
 * not collide); CPU 1's marked load of the first still races.
 */
static void test_no_forgetting(void)
{
	static uint64_t box[2];
	uintptr_t a = (uintptr_t)&box[0], b = a;
	report_handler_t old;

	while ((b += 8) - a < (1ULL << 32))
		if (((((a >> 3) * 0x9e3779b97f4a7c15ULL) >> 48) & 0xffff) ==
		    ((((b >> 3) * 0x9e3779b97f4a7c15ULL) >> 48) & 0xffff))
			break;
	CHECK(b - a < (1ULL << 32));
	reported[0] = 0;
	old = report_set_handler(note_report);
	o17_races.reset();
	machine_cur_cpu = 0;
	o17_races.shared(a, 8, SHARED_STORE);
	o17_races.shared(b, 8, SHARED_STORE);
	machine_cur_cpu = 1;
	o17_races.shared(a, 8, SHARED_MARKED);
	machine_cur_cpu = 0;
	o17_races.reset();
	report_set_handler(old);
	CHECK(is_data_race(reported));
}

/* One access of @cpu through O17's hook; what it reported, or "". */
static void access_as(unsigned int cpu, uintptr_t addr, unsigned int len, unsigned int flags)
{
	machine_cur_cpu = cpu;
	o17_races.shared(addr, len, flags);
	machine_cur_cpu = 0;
}

static const char *episode_end(report_handler_t old)
{
	o17_races.reset();
	report_set_handler(old);
	return reported;
}

/*
 * Three verdicts a fact-only audit found wrong: two CPUs storing to the
 * two halves of one 8-byte word (two fields, each under a lock of its
 * own) do not race, but a load of the first half does race with the
 * store to it; an acquire orders only after the release its load read,
 * not one the other CPU made between the load and the acquire's barrier;
 * and the ITS's MSI doorbell (GITS_TRANSLATER) takes writes from anyone
 * at once, where its command queue's CWRITER does not.
 */
static void test_audit_verdicts(void)
{
	static uint64_t word, data, ready;
	uintptr_t w = (uintptr_t)&word;
	report_handler_t old;

	reported[0] = 0;
	old = report_set_handler(note_report);
	o17_races.reset();
	access_as(0, w, 4, SHARED_STORE);
	access_as(1, w + 4, 4, SHARED_STORE);
	CHECK_STR(reported, "");
	access_as(1, w, 4, 0);
	CHECK(is_data_race(episode_end(old)));

	reported[0] = 0;
	old = report_set_handler(note_report);
	o17_races.reset();
	access_as(0, (uintptr_t)&ready, 8, SHARED_MARKED);	/* reads NULL */
	access_as(1, (uintptr_t)&data, 8, SHARED_STORE);
	access_as(1, (uintptr_t)&ready, 8, SHARED_STORE | SHARED_MARKED | SHARED_RELEASE);
	machine_cur_cpu = 0;
	o17_races.sync(SYNC_ACQUIRE, (uintptr_t)&ready);
	access_as(0, (uintptr_t)&data, 8, 0);
	CHECK(is_data_race(episode_end(old)));

	reported[0] = 0;
	old = report_set_handler(note_report);
	o17_races.reset();
	access_as(0, (uintptr_t)((SIM_ITS_BASE + 0x10040) | SHARED_DEVICE_ADDR), 4,
		  SHARED_DEVICE | SHARED_MARKED | SHARED_STORE);
	access_as(1, (uintptr_t)((SIM_ITS_BASE + 0x10040) | SHARED_DEVICE_ADDR), 4,
		  SHARED_DEVICE | SHARED_MARKED | SHARED_STORE);
	CHECK_STR(episode_end(old), "");

	reported[0] = 0;
	old = report_set_handler(note_report);
	o17_races.reset();
	access_as(0, (uintptr_t)((SIM_ITS_BASE + 0x88) | SHARED_DEVICE_ADDR), 8,
		  SHARED_DEVICE | SHARED_MARKED | SHARED_STORE);
	access_as(1, (uintptr_t)((SIM_ITS_BASE + 0x88) | SHARED_DEVICE_ADDR), 8,
		  SHARED_DEVICE | SHARED_MARKED | SHARED_STORE);
	CHECK(!strncmp(episode_end(old), "O17:", 4) && strstr(reported, ":device_race"));
}

int main(void)
{
	test_no_forgetting();
	/* Data races need the doubles' loads and stores: clang's tracing. */
	run_at(O17_FORWARD, "0xffffffffffffffff", 1);
	if (sancov_active()) {
		CHECK_STR(first_finding(O17_PUBLISH_RELEASE, "0"), "");
		CHECK(is_data_race(first_finding(O17_PUBLISH_PLAIN, "0")));
		CHECK_STR(first_finding(O17_LOCKED, "0"), "");
		CHECK(is_data_race(first_finding(O17_UNLOCKED, "0")));
		/* The store buffer: all ones is sequentially consistent. */
		CHECK_EQ(stale_reads("0xffffffffffffffff"), 0);
		CHECK(stale_reads("0") > 0);
	}
	/*
	 * The vmemmap through the platform's accessors (not traced code):
	 * a page's count read without the lock its change was made under
	 * races; under it, or another field of the same page, does not.
	 */
	o17_page_pa = SIM_RAM_BASE + 0x100000;
	CHECK_STR(first_finding(O17_VMEMMAP_LOCKED, "0"), "");
	CHECK_STR(first_finding(O17_VMEMMAP_OTHER_FIELD, "0"), "");
	CHECK(is_data_race(first_finding(O17_VMEMMAP_UNLOCKED, "0")));
	CHECK_STR(first_finding(O17_FORWARD, "0"), "");
	CHECK_STR(first_finding(O17_ABBA, "0"), "O4:its_setup:deadlock");
	CHECK_STR(first_finding(O17_FORWARD_UNLOCKED, "0"), "O17:cpu2_mmio_write:device_race");
	test_audit_verdicts();
	o17_mode = O17_FORWARD;
	return test_done("test_o17_races");
}
