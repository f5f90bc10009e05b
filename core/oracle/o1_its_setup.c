// SPDX-License-Identifier: GPL-2.0-only
/*
 * O1 after a successful ITS setup: the device's memory is the hyp's. The
 * pages are derived from the hardware (GITS_CBASER, GITS_BASER<n>, the
 * real L1 entries read as the device reads them), not from the mediator's
 * bookkeeping: a page the device walks and the host still owns is a page
 * through which the host steers the device's DMA.
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <nvhe/memory.h>

#include "oracle.h"
#include "../machine/its_hw.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

static void check_hyp_owned(uint64_t pa, uint64_t len, const char *what)
{
	uint64_t ps = machine_page_size();
	uint64_t a;

	for (a = pa & ~(ps - 1); a < pa + len; a += ps) {
		struct page_rec rec = machine_page(a >> machine_page_shift());

		if (rec.hyp_state != PKVM_PAGE_OWNED || rec.host_state != PKVM_NOPAGE) {
			report_violation("O1", what,
					 "the ITS uses pa 0x%llx but host state is %u, hyp state %u",
					 (unsigned long long)a, rec.host_state, rec.hyp_state);
			return;
		}
	}
}

void o1_check_its_host_copy(uint64_t pa, uint64_t len)
{
	uint64_t ps = machine_page_size();
	uint64_t a;

	for (a = pa & ~(ps - 1); a < pa + len; a += ps) {
		struct page_rec rec = machine_page(a >> machine_page_shift());

		if (rec.host_state != PKVM_PAGE_SHARED_OWNED ||
		    rec.hyp_state != PKVM_PAGE_SHARED_BORROWED || !rec.refcount) {
			report_violation("O1", "its_host_copy_not_pinned",
					 "host copy pa 0x%llx: host %u hyp %u pins %u",
					 (unsigned long long)a, rec.host_state, rec.hyp_state,
					 rec.refcount);
			return;
		}
	}
}

static void check_l2s(uint64_t l1, uint64_t bytes, uint64_t psz)
{
	uint64_t e[512];	/* one 4 KiB chunk: tables are whole ITS pages */
	uint64_t i;
	unsigned int k;

	for (i = 0; i < bytes; i += sizeof(e)) {
		if (machine_ram_read(l1 + i, e, sizeof(e)))
			return;
		for (k = 0; k < sizeof(e) / sizeof(e[0]); k++)
			/* The address as the device takes it: bits [50:0]. */
			if (e[k] & GITS_LVL1_ENTRY_VALID)
				check_hyp_owned(e[k] & GENMASK_ULL(50, 0), psz,
						"its_l2_not_hyp_owned");
	}
}

void o1_check_its_setup(void)
{
	uint64_t cbaser = its_hw_read(GITS_CBASER, 8);
	uint64_t baser, psz, pa, bytes;
	unsigned int n;

	check_hyp_owned(cbaser & GITS_CBASER_ADDRESS,
			(FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE,
			"its_queue_not_hyp_owned");
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		baser = its_hw_read(GITS_BASER + 8 * n, 8);
		if (!(baser & GITS_BASER_VALID))
			continue;
		psz = its_hw_baser_psz(baser);
		pa = its_hw_baser_pa(baser);
		bytes = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz;
		check_hyp_owned(pa, bytes, "its_table_not_hyp_owned");
		if (baser & GITS_BASER_INDIRECT)
			check_l2s(pa, bytes, psz);
	}
}
