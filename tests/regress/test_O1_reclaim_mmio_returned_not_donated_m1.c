// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regression test emitted by el2fuzz-replay from m1.txt.
 * The defective mediator reported: O1:reclaim_mmio:returned_not_donated
 * The corrected mediator must run this program without a finding.
 */
#include "../test.h"

static const char program[] =
	"config page=4K ram=16M devices=1\n"
	"reclaim_mmio its(0)\n"
	;

int main(void)
{
	CHECK_STR(run_for_violation(program), "");
	return test_done("test_O1_reclaim_mmio_returned_not_donated_m1");
}
