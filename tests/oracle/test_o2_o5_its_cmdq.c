// SPDX-License-Identifier: GPL-2.0-only
/*
 * O5 and O2 over the ITS command queue, with a double of the trap handler
 * broken on purpose: one that writes the host's CWRITER value straight to
 * the hardware (RES0 bits and all: O5), one that hands the device the real
 * queue without filtering it (the stale slot's opcode 0 runs: O5), and one
 * that plants a Device table entry whose ITT is the hyp's private state,
 * as a host-built table would (the device then reads hyp memory: O2).
 */
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/memory.h>

#include "break_on_purpose.h"
#include "../../core/machine/its_hw.h"
#include "../../core/machine/sancov.h"

void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);
void __wrap_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);

static int mode;

/* Device 1's entry: the L2 page of L1[0] of the Device table (BASER0). */
static void plant_dte(struct pkvm_protected_reg *region)
{
	uint64_t baser = its_hw_read(GITS_BASER, 8);
	uint64_t itt = __hyp_pa(region->priv);
	uint64_t l1, dte;

	machine_ram_read(its_hw_baser_pa(baser), &l1, sizeof(l1));
	dte = 1 | 7ULL << 1 | (itt >> 8) << 6;
	memcpy(__hyp_va(l1 & GENMASK_ULL(50, 0)) + 8, &dte, sizeof(dte));
}

void __wrap_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size)
{
	if (region->priv && write && offset == GITS_CWRITER) {
		switch (mode) {
		case 1:
			its_hw_write(GITS_CWRITER, 8, *reg);
			return;
		case 2:
			its_hw_write(GITS_CWRITER, 8, *reg & GITS_CMDQ_OFFSET);
			return;
		case 3:
			plant_dte(region);
			break;
		}
	}
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
}

static const char raw_cwriter[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x88 8 0x100020\n";

static const char unfiltered[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 11 0x0 0x0\n";

static const char int_cmd[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_cmd 4 0x100000003 0x0\n";

int main(void)
{
	expect_broken(&mode, 1, raw_cwriter, "O5:its_mmio_write:cwriter_not_sanitised");
	expect_broken(&mode, 2, unfiltered, "O5:its_cmd:rejected_command_executed");
	expect_broken(&mode, 3, int_cmd, "O2:its_cmd:dma_to_hyp_memory");
	return test_done("test_o2_o5_its_cmdq");
}
