// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO donation, check by check (SPEC §2.1): donation refuses non-MMIO,
 * already-annotated and already-hyp-mapped pages; reclaim checks MMIO, hyp
 * ownership and that the host maps nothing there; the owner annotation
 * makes host faults fail and survives recycling under memory pressure.
 */
#include <errno.h>

#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>

#include "../test.h"
#include "../../core/fault/fault.h"
#include "../../core/machine/machine.h"

static unsigned int shift;

static void boot(unsigned int page_shift)
{
	struct machine_config cfg = { .page_shift = page_shift, .ram_size = 16 << 20,
				      .nr_devices = 4 };

	shift = page_shift;
	fault_reset();
	CHECK_EQ(machine_boot(&cfg), 0);
}

static uint64_t dev_pfn(unsigned int dev, unsigned int page)
{
	return (SIM_DEV_BASE + dev * SIM_DEV_SIZE + ((uint64_t)page << shift)) >> shift;
}

static uint64_t host_pte(uint64_t pfn)
{
	return machine_page(pfn).host_pte;
}

static bool host_maps(uint64_t pfn)
{
	return kvm_pte_valid(host_pte(pfn));
}

static void donation_checks(void)
{
	uint64_t ram = (SIM_RAM_BASE + SIM_HYP_CARVEOUT) >> shift;
	uint64_t d0 = dev_pfn(0, 0), d1 = dev_pfn(1, 0);

	/* Not MMIO. */
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(ram), -EINVAL);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(0), -EINVAL);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio((1ULL << 36) >> shift), -EINVAL);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(~0ULL), -EINVAL);
	/* Already annotated: the ITS frame, and a page donated once. */
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(SIM_ITS_BASE >> shift), -EPERM);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(d0), 0);
	CHECK_EQ(kvm_pte_owner(host_pte(d0)), PKVM_ID_HYP);
	CHECK(machine_page(d0).hyp_pte & KVM_PTE_LEAF_ATTR_DEVICE);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(d0), -EPERM);
	/* Already mapped by the hyp without an annotation. */
	CHECK_EQ(kvm_pgtable_hyp_map(&pkvm_pgtable, (u64)__hyp_va(d1 << shift), 1ULL << shift,
				     d1 << shift, PAGE_HYP_DEVICE), 0);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(d1), -EBUSY);
	CHECK_EQ(host_pte(d1), 0);
	/* A page the host maps now can be donated: the annotation replaces it. */
	CHECK_EQ(handle_host_mem_abort(dev_pfn(2, 0) << shift), 0);
	CHECK(host_maps(dev_pfn(2, 0)));
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(dev_pfn(2, 0)), 0);
	CHECK(!host_maps(dev_pfn(2, 0)));
	CHECK_EQ(machine_locks_held(), 0);
}

static void reclaim_checks(void)
{
	uint64_t ram = (SIM_RAM_BASE + SIM_HYP_CARVEOUT) >> shift;
	uint64_t d0 = dev_pfn(0, 0), d1 = dev_pfn(1, 0);

	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(ram), -EINVAL);
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(SIM_RAM_BASE >> shift), -EINVAL);
	/* The hyp's own device frame is never handed back. */
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(SIM_ITS_BASE >> shift), -EPERM);
	/* Not the hyp's. */
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(d1), -EPERM);
	/* The hyp's, but the host maps it (a corrupted host stage-2). */
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(d0), 0);
	CHECK_EQ(kvm_pgtable_stage2_map(&host_mmu.pgt, d0 << shift, 1ULL << shift, d0 << shift,
					KVM_PGTABLE_PROT_RW, NULL, 0), 0);
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(d0), -EPERM);
	CHECK_EQ(kvm_pgtable_stage2_set_owner(&host_mmu.pgt, d0 << shift, 1ULL << shift, NULL,
					      PKVM_ID_HYP), 0);
	/* Annotated for another owner: not the hyp's. */
	CHECK_EQ(kvm_pgtable_stage2_set_owner(&host_mmu.pgt, d1 << shift, 1ULL << shift, NULL,
					      PKVM_ID_FFA), 0);
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(d1), -EPERM);
	/* The good case: unmapped from the hyp, the host may fault it in. */
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(d0), 0);
	CHECK_EQ(host_pte(d0), 0);
	CHECK_EQ(machine_page(d0).hyp_pte, 0);
	CHECK_EQ(handle_host_mem_abort(d0 << shift), 0);
	CHECK(host_maps(d0));
	CHECK_EQ(__pkvm_host_reclaim_hyp_mmio(d0), -EPERM);
	CHECK_EQ(machine_locks_held(), 0);
}

static void faults_and_pressure(void)
{
	uint64_t d0 = dev_pfn(0, 0), d1 = dev_pfn(1, 0), d2 = dev_pfn(2, 0);

	CHECK_EQ(handle_host_mem_abort(d0 << shift), 0);
	CHECK_EQ(handle_host_mem_abort(d2 << shift), 0);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(d1), 0);
	/* A host fault on the donated page fails, and maps nothing. */
	CHECK_EQ(handle_host_mem_abort((d1 << shift) + 8), -EPERM);
	CHECK_EQ(kvm_pte_owner(host_pte(d1)), PKVM_ID_HYP);
	/* The pool is dry: the fault recycles device mappings, not annotations. */
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	CHECK_EQ(handle_host_mem_abort(dev_pfn(3, 0) << shift), 0);
	CHECK(host_maps(dev_pfn(3, 0)));
	CHECK(!host_maps(d0));
	CHECK(!host_maps(d2));
	CHECK_EQ(kvm_pte_owner(host_pte(d1)), PKVM_ID_HYP);
	CHECK_EQ(kvm_pte_owner(host_pte(SIM_ITS_BASE >> shift)), PKVM_ID_HYP);
	CHECK_EQ(handle_host_mem_abort(d1 << shift), -EPERM);
	CHECK_EQ(handle_host_mem_abort(SIM_ITS_BASE), -EPERM);
	/* A failed table allocation during donation changes nothing. */
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(d0), -ENOMEM);
	CHECK_EQ(host_pte(d0), 0);
	CHECK_EQ(machine_page(d0).hyp_pte, 0);
	CHECK_EQ(machine_locks_held(), 0);
}

int main(void)
{
	static const unsigned int shifts[] = { 12, 14, 16 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		boot(shifts[i]);
		donation_checks();
		boot(shifts[i]);
		reclaim_checks();
		boot(shifts[i]);
		faults_and_pressure();
	}
	return test_done("test_mmio_donate");
}
