// SPDX-License-Identifier: GPL-2.0-only
/*
 * O16 visibility and ordering, through a double of the trap handler that,
 * after the real one, touches memory the ITS reads or wrote with or
 * without the barrier and cache maintenance the architecture asks for
 * (o16_doubles.c): each omission is found, its correct twin is silent.
 */
#include "../test.h"
#include "../../core/machine/sancov.h"
#include "o16_doubles.h"

/* An ITS that snoops: only the doorbell's order matters. */
static const char coherent[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_cmd 2 0x100000005 0x0\n";

/* One that does not: what it wrote and what the hyp wrote need maintenance. */
static const char noncoherent[] =
	"config page=4K ram=16M devices=1 its_coherent=0\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mapd 0x1 ram(2) 3\n"
	"its_cmd 2 0x100000005 0x0\n"
	"its_cmd 4 0x100000005 0x0\n";

static const char *run(enum o16_mode mode, const char *prog)
{
	o16_mode = mode;
	return run_for_violation(prog);
}

int main(void)
{
	CHECK_STR(run(O16_FORWARD, coherent), "");
	CHECK_STR(run(O16_FORWARD, noncoherent), "");
	/* The double's plain stores reach the cache model through tracing (clang). */
	if (sancov_active()) {
		CHECK_STR(run(O16_DOORBELL_ORDERED, coherent), "");
		CHECK_STR(run(O16_DOORBELL_UNORDERED, coherent), "O16:its_mapd:doorbell_unordered");
		/* The shareability domain: a dmb must reach the device's. */
		CHECK_STR(run(O16_DOORBELL_DMB_OSH, coherent), "");
		CHECK_STR(run(O16_DOORBELL_DMB_ISH, coherent), "O16:its_mapd:doorbell_unordered");
		CHECK_STR(run(O16_DOORBELL_DSB_NSH, coherent), "O16:its_mapd:doorbell_unordered");
		CHECK_STR(run(O16_ENTRY_CLEAN, noncoherent), "");
		CHECK_STR(run(O16_ENTRY_UNCLEAN, noncoherent), "O16:its_cmd:device_read_unclean");
		CHECK_STR(run(O16_READ_STALE, noncoherent), "O16:its_mapd:hyp_read_stale");
	}
	o16_mode = O16_FORWARD;
	return test_done("test_o16_visibility");
}
