// SPDX-License-Identifier: GPL-2.0-only
/*
 * O1 isolation fires on two mediators broken on purpose:
 *  - a reclaim that trusts the host: it hands back any device page, the
 *    ITS frame included, without checking who owns it (the host gets back
 *    a page it never gave);
 *  - a host abort handler that ignores owner annotations and maps
 *    whatever the host faults on;
 *  - recycling under memory pressure that unmaps every device page,
 *    owner annotations included (the bug the MMIO donation review fixed);
 *  - a host abort handler that maps what it should map, but a hole or a
 *    device as executable memory, or memory as a device.
 * Each double forwards to the real code when not broken, and the same
 * programs then run clean.
 */
#include <linux/errno.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>

#include "../test.h"

static bool broken;
static bool broken_recycle;
static enum kvm_pgtable_prot broken_prot;	/* 0: as the mediator says */

int __real___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __real_handle_host_mem_abort(u64 fault_ipa);
int __double_handle_host_mem_abort(u64 fault_ipa);

int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	u64 phys = hyp_pfn_to_phys(pfn);

	if (!broken)
		return __real___pkvm_host_reclaim_hyp_mmio(pfn);
	if (!addr_is_mmio(phys))
		return -EINVAL;
	kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)__hyp_va(phys), PAGE_SIZE);
	return kvm_pgtable_stage2_set_owner(&host_mmu.pgt, phys, PAGE_SIZE, NULL, PKVM_ID_HOST);
}

int __double_handle_host_mem_abort(u64 fault_ipa)
{
	u64 addr = fault_ipa & PAGE_MASK;

	if (broken_recycle) {
		/* "Recycle" the whole device window, then handle the fault. */
		kvm_pgtable_stage2_unmap(&host_mmu.pgt, 0x09000000, 0x40000);
		return __real_handle_host_mem_abort(fault_ipa);
	}
	if (broken_prot)
		return kvm_pgtable_stage2_map(&host_mmu.pgt, addr, PAGE_SIZE, addr,
					      broken_prot, NULL, 0);
	if (!broken)
		return __real_handle_host_mem_abort(fault_ipa);
	return kvm_pgtable_stage2_map(&host_mmu.pgt, addr, PAGE_SIZE, addr,
				      KVM_PGTABLE_PROT_RW, NULL, 0);
}

static const char reclaim_its[] =
	"config page=4K ram=16M devices=1\n"
	"reclaim_mmio its(0)\n"
	"read its(0) 4\n";

static const char read_hyp[] =
	"config page=16K ram=16M devices=1\n"
	"donate_mmio mmio(0,1)\n"
	"read ram(2) 8\n"
	"read hyp(1)+0x10 8\n";

static const char pressure[] =
	"config page=4K ram=16M devices=2\n"
	"donate_mmio mmio(0,0)\n"
	"pressure mmio(1,0)\n";

static const char hole[] =
	"config page=4K ram=16M devices=1\n"
	"read hole(0) 8\n";

static const char device[] =
	"config page=4K ram=16M devices=1\n"
	"write mmio(0,0) 4 0x1\n";

static const char memory[] =
	"config page=4K ram=16M devices=1\n"
	"read ram(1) 8\n";

int main(void)
{
	broken = false;
	CHECK_STR(run_for_violation(reclaim_its), "");
	CHECK_STR(run_for_violation(read_hyp), "");
	CHECK_STR(run_for_violation(pressure), "");

	broken = true;
	CHECK_STR(run_for_violation(reclaim_its), "O1:reclaim_mmio:returned_not_donated");
	CHECK_STR(run_for_violation(read_hyp), "O1:read:host_maps_hyp_private");
	broken = false;
	broken_recycle = true;
	CHECK_STR(run_for_violation(pressure), "O1:pressure:hyp_page_lost_annotation");
	broken_recycle = false;

	/* The right pages, the wrong memory type (HYP_API_FACTS §6 step 2). */
	broken_prot = KVM_PGTABLE_PROT_RWX;
	CHECK_STR(run_for_violation(hole), "O1:read:host_maps_device_as_memory");
	CHECK_STR(run_for_violation(device), "O1:write:host_maps_device_as_memory");
	CHECK_STR(run_for_violation(memory), "");
	broken_prot = KVM_PGTABLE_PROT_RWX | KVM_PGTABLE_PROT_DEVICE;
	CHECK_STR(run_for_violation(device), "O1:write:host_maps_device_as_memory");
	broken_prot = KVM_PGTABLE_PROT_RW | KVM_PGTABLE_PROT_DEVICE;
	CHECK_STR(run_for_violation(memory), "O1:read:host_maps_memory_as_device");
	CHECK_STR(run_for_violation(hole), "");
	CHECK_STR(run_for_violation(device), "");
	broken_prot = 0;
	CHECK_STR(run_for_violation(hole), "");
	CHECK_STR(run_for_violation(device), "");
	CHECK_STR(run_for_violation(memory), "");
	return test_done("test_o1_isolation");
}
