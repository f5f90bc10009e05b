// SPDX-License-Identifier: GPL-2.0-only
/*
 * O9: the step budget turns an unbounded loop into a "hang" finding. The
 * double polls a device register for a bit the device never sets, as a
 * reclaim waiting on a device that never goes idle would.
 */
#include <asm/io.h>
#include <nvhe/mem_protect.h>

#include "../test.h"

static bool broken;

int __real___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn);

int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	void *regs = __hyp_va(hyp_pfn_to_phys(pfn));

	if (broken && addr_is_mmio(hyp_pfn_to_phys(pfn)))
		while (!(readl_relaxed(regs) & BIT(31)))
			;
	return __real___pkvm_host_reclaim_hyp_mmio(pfn);
}

static const char program[] =
	"config page=4K ram=16M devices=1\n"
	"donate_mmio mmio(0,2)\n"
	"reclaim_mmio mmio(0,2)\n";

int main(void)
{
	broken = false;
	CHECK_STR(run_for_violation(program), "");

	broken = true;
	CHECK_STR(run_for_violation(program), "O9:reclaim_mmio:hang");
	return test_done("test_o9_hang");
}
