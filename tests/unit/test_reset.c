// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reset between inputs: after a run that wrote RAM, donated and mapped
 * pages, the next run starts from the boot state, whatever page size either
 * run used; and a reset touches only what the run touched.
 */
#include <nvhe/mem_protect.h>

#include "../test.h"
#include "../../core/machine/machine.h"

static void boot(unsigned int shift)
{
	struct machine_config cfg = { .page_shift = shift, .ram_size = 64 << 20, .nr_devices = 4 };

	CHECK_EQ(machine_boot(&cfg), 0);
}

static void dirty_run(unsigned int shift)
{
	uint64_t pa = SIM_RAM_BASE + SIM_HYP_CARVEOUT + (3ULL << shift);
	uint64_t v = 0;

	boot(shift);
	CHECK_EQ(handle_host_mem_abort(pa), 0);
	CHECK_EQ(machine_host_write(pa + 8, 8, 0x1122334455667788ULL), 0);
	CHECK_EQ(__pkvm_host_share_hyp((pa >> shift) + 1), 0);
	CHECK_EQ(__pkvm_host_donate_hyp((pa >> shift) + 2, 2), 0);
	CHECK_EQ(__pkvm_host_donate_hyp_mmio(SIM_DEV_BASE >> shift), 0);
	CHECK_EQ(machine_host_read(pa + 8, 8, &v), 0);
	CHECK_EQ(v, 0x1122334455667788ULL);
	CHECK(machine_touched() >= 5);
}

static void clean_run(unsigned int shift)
{
	uint64_t pa = SIM_RAM_BASE + SIM_HYP_CARVEOUT + (3ULL << shift);
	uint64_t pfn, v = 1;
	struct page_rec r;

	boot(shift);
	CHECK_EQ(machine_touched(), 0);
	for (pfn = (SIM_RAM_BASE + SIM_HYP_CARVEOUT) >> shift; pfn < (pa >> shift) + 8; pfn++) {
		r = machine_page(pfn);
		CHECK(r.host_pte == 0 && r.hyp_pte == 0 && r.refcount == 0 &&
		      r.host_state == PKVM_PAGE_OWNED && r.hyp_state == PKVM_NOPAGE);
	}
	r = machine_page(SIM_DEV_BASE >> shift);
	CHECK_EQ(r.host_pte, 0);
	CHECK_EQ(r.hyp_pte, 0);
	/* The hyp's pages are the hyp's again, and RAM reads back zero. */
	CHECK_EQ(kvm_pte_owner(machine_page(SIM_RAM_BASE >> shift).host_pte), PKVM_ID_HYP);
	CHECK_EQ(handle_host_mem_abort(pa), 0);
	CHECK_EQ(machine_host_read(pa + 8, 8, &v), 0);
	CHECK_EQ(v, 0);
}

int main(void)
{
	static const unsigned int shifts[] = { 12, 14, 16 };
	unsigned int i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < 3; j++) {
			dirty_run(shifts[i]);
			clean_run(shifts[j]);
		}
	}
	return test_done("test_reset");
}
