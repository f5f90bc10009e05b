// SPDX-License-Identifier: GPL-2.0-only
/*
 * O2 DMA confinement, once setup has published the private state: every
 * memory access the ITS makes (through its_hw_dma) targets memory the
 * device may use. That is a hyp-owned page registered as its queue, a
 * table, or an L2 page a valid entry of a real L1 names (all derived from
 * the ITS registers and the real L1s, as the device sees them), or a host
 * page shared with and pinned by the hyp (an ITT). Never hyp-private
 * memory, another page, MMIO or a hole.
 *
 * Device state the host built before setup is outside what the mediator
 * can vet: once the device has run a command before setup, O2 stands down
 * for the rest of the program.
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>

#include "oracle.h"
#include "../machine/its_hw.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

static bool tainted;

static bool in(uint64_t pa, uint64_t base, uint64_t len)
{
	return pa >= base && pa - base < len;
}

/* Is @pa in an L2 page that a valid entry of the real L1 at @l1 names? */
static bool named_l2(uint64_t pa, uint64_t l1, uint64_t bytes, uint64_t psz)
{
	uint64_t e[512];
	uint64_t i;
	unsigned int k;

	for (i = 0; i < bytes; i += sizeof(e)) {
		if (machine_ram_read(l1 + i, e, sizeof(e)))
			return false;
		for (k = 0; k < sizeof(e) / sizeof(e[0]); k++)
			if ((e[k] & GITS_LVL1_ENTRY_VALID) &&
			    in(pa, e[k] & GENMASK_ULL(50, 0), psz))
				return true;
	}
	return false;
}

static bool registered(uint64_t pa)
{
	uint64_t cbaser = its_hw_read(GITS_CBASER, 8);
	uint64_t baser, psz, base, bytes;
	unsigned int n;

	if (in(pa, cbaser & GITS_CBASER_ADDRESS,
	       (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE))
		return true;
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		baser = its_hw_read(GITS_BASER + 8 * n, 8);
		if (!(baser & GITS_BASER_VALID))
			continue;
		psz = its_hw_baser_psz(baser);
		base = its_hw_baser_pa(baser);
		bytes = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz;
		if (in(pa, base, bytes))
			return true;
		if ((baser & GITS_BASER_INDIRECT) && named_l2(pa, base, bytes, psz))
			return true;
	}
	return false;
}

static void check_page(uint64_t pa, bool write)
{
	struct page_rec rec;

	if (machine_kind(pa) != MEM_RAM) {
		report_violation("O2", machine_kind(pa) == MEM_MMIO ? "dma_to_mmio" : "dma_to_hole",
				 "device %s at pa 0x%llx", write ? "write" : "read",
				 (unsigned long long)pa);
		return;
	}
	rec = machine_page(pa >> machine_page_shift());
	if (rec.host_state == PKVM_PAGE_SHARED_OWNED &&
	    rec.hyp_state == PKVM_PAGE_SHARED_BORROWED && rec.refcount)
		return;
	if (rec.hyp_state == PKVM_PAGE_OWNED && rec.host_state == PKVM_NOPAGE && registered(pa))
		return;
	report_violation("O2", rec.hyp_state == PKVM_PAGE_OWNED ? "dma_to_hyp_memory" :
			 "dma_to_host_memory",
			 "device %s at pa 0x%llx: host state %u, hyp state %u, pins %u",
			 write ? "write" : "read", (unsigned long long)pa,
			 rec.host_state, rec.hyp_state, rec.refcount);
}

static void o2_on_dma(uint64_t pa, unsigned int len, bool write)
{
	uint64_t ps = machine_page_size();
	uint64_t a;

	if (!pkvm_protected_regs[0].priv) {
		/* A command fetch before setup: the device state is the host's. */
		if (!write && len == ITS_CMD_SIZE)
			tainted = true;
		return;
	}
	if (tainted || !len)
		return;
	for (a = pa & ~(ps - 1); a < pa + len; a += ps)
		check_page(a < pa ? pa : a, write);
}

void o2_reset(void)
{
	its_hw_set_dma_hook(o2_on_dma);
	tainted = false;
}
