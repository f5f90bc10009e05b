// SPDX-License-Identifier: GPL-2.0-only
/*
 * Verdicts a fact-only audit (one that read the facts and the oracle, never
 * the mediator) found wrong, each kept here with the mediator choice that
 * showed it (audit_doubles.c), and each program silent on the real mediator:
 *
 *   O16 a hyp that stores to one entry of a cache line the ITS wrote, then
 *       reads another entry of that line without invalidating: the store
 *       refreshes only the bytes it covers (a miss before);
 *   O11 a hyp that bulk-copies 8 KiB of the host's queue and reads a word
 *       of it again: past 4,096 bytes the entry went unchecked (a miss);
 *   O5  the host's raw CWRITER handed to the hardware in a trap of the
 *       host's other CPU: O5 heard only CPU 0's events (a miss); and a
 *       hyp that writes CWRITER's high half (0) as a driver without 64-bit
 *       accessors does, which leaves the register holding an offset (a
 *       false alarm);
 *   O13 a hyp that pins an ITT page the host shared itself, without sharing
 *       it again, and unpins it on unmap: the pin no longer marks the page
 *       held once it goes (a false alarm); never unpinning it still is;
 *   O12 a setup that takes only the private pages its state needs of more
 *       the host handed over (a false alarm);
 *   O3  a hyp that takes a stalled MAPD's ITT again after retracting it:
 *       the command the device stalled on did not run, so the trap failed
 *       (a miss: a fetch counted as a run).
 */
#include "break_on_purpose.h"
#include "../../core/machine/sancov.h"
#include "audit_doubles.h"

/* A non-snooping ITS writes device 1's DTE; the doubles then read it. */
static const char dte_written[] =
	"config page=4K ram=16M devices=1 its_coherent=0\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n";

static const char commands[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_cmd 11 0x0 0x0\n"
	"its_mapd 0x1 ram(2) 8\n";

/* A SYNC staged, then the host's other CPU rings with RES0 bits set. */
static const char cpu1_raw_cwriter[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"cpu2_mmio_write 0x88 8 0xfff00000020\n"
	"its_mmio_read 0x8 8\n";

/*
 * The same inside CPU 0's teardown of an enabled ITS, which fails: the hyp
 * never let go, so the raw value is the hyp's doing (judged at the return).
 */
static const char cpu1_raw_cwriter_failed_teardown[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x4000000000000000\n"
	"cpu2_at 1 0\n"
	"cpu2_mmio_write 0x88 8 0xfff00000020\n"
	"its_teardown\n";

/* The host shares the ITT page itself, maps device 1 there, unmaps it, tears down. */
static const char host_shared_itt[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"share ram(2)\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_mapd 0x1 ram(2) 8\n"
	"its_mmio_write 0x0 4 0x0\n"
	"its_teardown\n";

/* Four private pages of free host RAM; the profile needs two. */
static const char priv_extra[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_arg 2 0x40400000\n"
	"its_arg 3 4\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n";

/* The device stalls on the MAPD's DTE write (its third memory access). */
static const char stalled_mapd[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"fail dma 3 EIO\n"
	"its_mapd 0x1 ram(2) 3\n";

static const char *run(int mode, const char *prog)
{
	const char *sig;

	audit_mode = mode;
	audit_doubles_reset();
	sig = run_for_violation(prog);
	audit_mode = AUDIT_FORWARD;
	return sig;
}

int main(void)
{
	CHECK_STR(run(AUDIT_FORWARD, dte_written), "");
	CHECK_STR(run(AUDIT_FORWARD, commands), "");
	CHECK_STR(run(AUDIT_FORWARD, cpu1_raw_cwriter), "");
	CHECK_STR(run(AUDIT_FORWARD, host_shared_itt), "");
	CHECK_STR(run(AUDIT_RAW_CWRITER, cpu1_raw_cwriter),
		  "O5:cpu2_mmio_write:cwriter_not_sanitised");
	CHECK_STR(run(AUDIT_FORWARD, cpu1_raw_cwriter_failed_teardown), "");
	CHECK_STR(run(AUDIT_RAW_CWRITER, cpu1_raw_cwriter_failed_teardown),
		  "O5:its_teardown:cwriter_not_sanitised");
	CHECK_STR(run(AUDIT_HIGH_HALF, commands), "");
	CHECK_STR(run(AUDIT_PIN_ONLY, host_shared_itt), "");
	CHECK_STR(run(AUDIT_PIN_KEPT, host_shared_itt), "O13:its_mapd:held_for_nothing");
	CHECK_STR(run(AUDIT_FORWARD, priv_extra), "");
	CHECK_STR(run(AUDIT_PRIV_PREFIX, priv_extra), "");
	CHECK_STR(run(AUDIT_FORWARD, stalled_mapd), "");
	CHECK_STR(run(AUDIT_STALL_KEPT, stalled_mapd), "O3:its_mapd:hyp_mapping");
	/* The hyp's loads are seen only with clang's load tracing. */
	if (sancov_active()) {
		CHECK_STR(run(AUDIT_STALE_READ, dte_written), "O16:its_mapd:hyp_read_stale");
		CHECK_STR(run(AUDIT_PARTIAL_STORE, dte_written), "O16:its_mapd:hyp_read_stale");
		CHECK_STR(run(AUDIT_BIG_COPY, commands), "O11:its_mapd:double_fetch");
	}
	return test_done("test_audit_verdicts");
}
