// SPDX-License-Identifier: GPL-2.0-only
/*
 * O4 balance fires on an unshare whose error path returns with the host
 * lock still held ("a lock left held on an error path"), and on a
 * recursive acquisition, which on one CPU is a deadlock.
 */
#include <linux/errno.h>
#include <nvhe/mem_protect.h>

#include "../test.h"

static bool broken;

int __real___pkvm_host_unshare_hyp(u64 pfn);
int __double___pkvm_host_unshare_hyp(u64 pfn);
int __real___pkvm_host_donate_hyp_mmio(u64 pfn);
int __double___pkvm_host_donate_hyp_mmio(u64 pfn);

int __double___pkvm_host_unshare_hyp(u64 pfn)
{
	if (!broken)
		return __real___pkvm_host_unshare_hyp(pfn);
	hyp_spin_lock(&host_mmu.lock);
	if (!addr_is_memory(hyp_pfn_to_phys(pfn)))
		return -EPERM;		/* forgot the unlock */
	hyp_spin_unlock(&host_mmu.lock);
	return __real___pkvm_host_unshare_hyp(pfn);
}

int __double___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	int ret;

	if (!broken)
		return __real___pkvm_host_donate_hyp_mmio(pfn);
	hyp_spin_lock(&host_mmu.lock);
	ret = __real___pkvm_host_donate_hyp_mmio(pfn);	/* takes it again */
	hyp_spin_unlock(&host_mmu.lock);
	return ret;
}

static const char unshare[] =
	"config page=4K ram=16M devices=1\n"
	"unshare ram(0)\n"
	"unshare hole(1)\n";

static const char donate[] =
	"config page=4K ram=16M devices=1\n"
	"donate_mmio mmio(0,0)\n";

int main(void)
{
	broken = false;
	CHECK_STR(run_for_violation(unshare), "");
	CHECK_STR(run_for_violation(donate), "");

	broken = true;
	CHECK_STR(run_for_violation(unshare), "O4:unshare:lock_held");
	CHECK_STR(run_for_violation(donate), "O4:donate_mmio:deadlock");
	return test_done("test_o4_balance");
}
