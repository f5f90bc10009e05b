// SPDX-License-Identifier: GPL-2.0-only
/*
 * O10: a WARN_ON the host can reach is a finding of its own class. The
 * double asserts with WARN_ON what is really an input check.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <nvhe/mem_protect.h>

#include "../test.h"

static bool broken;

int __real___pkvm_host_donate_hyp_mmio(u64 pfn);
int __double___pkvm_host_donate_hyp_mmio(u64 pfn);

int __double___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	if (broken && WARN_ON(!addr_is_mmio(hyp_pfn_to_phys(pfn))))
		return -EINVAL;
	return __real___pkvm_host_donate_hyp_mmio(pfn);
}

static const char program[] =
	"config page=4K ram=16M devices=1\n"
	"donate_mmio mmio(0,0)\n"
	"donate_mmio ram(3)\n";

int main(void)
{
	const char *sig;

	broken = false;
	CHECK_STR(run_for_violation(program), "");

	broken = true;
	sig = run_for_violation(program);
	CHECK(!strncmp(sig, "O10:donate_mmio:warn@test_o10_warn.c:", 37));
	return test_done("test_o10_warn");
}
