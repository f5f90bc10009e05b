// SPDX-License-Identifier: GPL-2.0-only
/*
 * O3 exact rollback fires on a share that fails late without undoing what
 * it already did (the page stays marked shared; a share maps nothing into
 * the hyp, as in the kernel, so the first difference is the host state),
 * and on a donation whose error path forgets the hyp mapping.
 */
#include <linux/errno.h>
#include <nvhe/mem_protect.h>

#include "../test.h"

static bool broken;

int __real___pkvm_host_share_hyp(u64 pfn);
int __double___pkvm_host_share_hyp(u64 pfn);
int __real___pkvm_host_donate_hyp_mmio(u64 pfn);
int __double___pkvm_host_donate_hyp_mmio(u64 pfn);

int __double___pkvm_host_share_hyp(u64 pfn)
{
	int ret = __real___pkvm_host_share_hyp(pfn);

	return broken && !ret ? -ENOMEM : ret;
}

/* Maps the page into the hyp, then fails as if annotating had. */
int __double___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);

	if (!broken || !addr_is_mmio(phys))
		return __real___pkvm_host_donate_hyp_mmio(pfn);
	kvm_pgtable_hyp_map(&pkvm_pgtable, (u64)__hyp_va(phys), PAGE_SIZE, phys, PAGE_HYP_DEVICE);
	return -ENOMEM;
}

static const char share[] =
	"config page=4K ram=16M devices=1\n"
	"write ram(1) 8 0x1\n"
	"share ram(1)\n";

static const char donate[] =
	"config page=64K ram=32M devices=2\n"
	"donate_mmio mmio(1,0)\n";

int main(void)
{
	broken = false;
	CHECK_STR(run_for_violation(share), "");
	CHECK_STR(run_for_violation(donate), "");

	broken = true;
	CHECK_STR(run_for_violation(share), "O3:share:host_state");
	CHECK_STR(run_for_violation(donate), "O3:donate_mmio:hyp_mapping");
	return test_done("test_o3_rollback");
}
