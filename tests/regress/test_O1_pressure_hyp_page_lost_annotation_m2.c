// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regression test emitted by el2fuzz-replay from m2.txt.
 * The defective mediator reported: O1:pressure:hyp_page_lost_annotation
 * The corrected mediator must run this program without a finding.
 */
#include "../test.h"

static const char program[] =
	"config page=4K ram=16M devices=1\n"
	"pressure mmio(0,0)\n"
	;

int main(void)
{
	CHECK_STR(run_for_violation(program), "");
	return test_done("test_O1_pressure_hyp_page_lost_annotation_m2");
}
