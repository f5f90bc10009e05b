// SPDX-License-Identifier: GPL-2.0-only
/*
 * O9, the hyp's own crashes: the step budget turns an unbounded loop into
 * a "hang" finding (the double polls a device register for a bit the
 * device never sets, as a reclaim waiting on a device that never goes
 * idle would), and a load from a host page the hyp neither owns nor pins
 * is a translation fault at EL2 (the hyp's stage 1 maps no such page).
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <asm/io.h>
#include <nvhe/mem_protect.h>

#include "../test.h"

enum { FORWARD, POLL_FOREVER, LOAD_HOST_PAGE };

static int mode;

void __sanitizer_cov_load8(void *addr);
int __real___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn);

int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	void *regs = __hyp_va(hyp_pfn_to_phys(pfn));
	/* ram(16), past the hyp's carve-out: the host's, never shared. */
	const u64 *host = __hyp_va(0x40110000ULL);

	if (mode == POLL_FOREVER && addr_is_mmio(hyp_pfn_to_phys(pfn)))
		while (!(readl_relaxed(regs) & BIT(31)))
			;
	if (mode == LOAD_HOST_PAGE) {
		/* As trace-loads has the compiler call it in the mediator. */
		__sanitizer_cov_load8((void *)host);
		if (READ_ONCE(*host))
			return -EINVAL;
	}
	return __real___pkvm_host_reclaim_hyp_mmio(pfn);
}

static const char program[] =
	"config page=4K ram=16M devices=1\n"
	"donate_mmio mmio(0,2)\n"
	"reclaim_mmio mmio(0,2)\n";

int main(void)
{
	mode = FORWARD;
	CHECK_STR(run_for_violation(program), "");

	mode = POLL_FOREVER;
	CHECK_STR(run_for_violation(program), "O9:reclaim_mmio:hang");
	mode = LOAD_HOST_PAGE;
	CHECK_STR(run_for_violation(program), "O9:reclaim_mmio:hyp_unmapped_access");
	return test_done("test_o9_hang");
}
