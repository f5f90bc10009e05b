// SPDX-License-Identifier: GPL-2.0-only
/*
 * O6 over the trapped ITS frame, with a double of the trap handler broken
 * on purpose: one that drops accesses before setup has published the
 * private state (the device stops working), one that lets a 32-bit write
 * into a 64-bit handler as a whole-register write (the other half is
 * lost), one that leaves an ignored read's register unset, one that
 * forwards an access it should emulate, and two that pass a write on to
 * the ITS while it drains (an enable, a table register): the hyp must
 * wait for Quiescent; one that forwards a GITS_CREADR write (harmless on
 * the GICv3 model, which ignores it; on QEMU's ITS it moves the device's
 * read position) and one that restarts the hardware queue for a CBASER
 * write the ITS ignored. And by frame: one that drops a 16-bit
 * GITS_TRANSLATER write, which the ITS takes, and one that forwards a
 * 64-bit one, which QEMU's ITS aborts (O9: a hyp panic). And one that
 * takes a BASER write with the host's Valid bit: harmless by itself, but
 * with the table invalid the device drops an unmap the hyp then acts on
 * (O2: the reach of a table the host made invalid still counts).
 */
#include <asm/io.h>
#include <asm/kvm_mmu.h>
#include <asm/kvm_pkvm.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "../../core/machine/its_hw.h"

#include "break_on_purpose.h"

void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);
void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);

static int mode;

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size)
{
	switch (mode) {
	case 1:
		if (!region->priv)
			return;
		break;
	case 2:
		if (write && reg_size == 4 && offset >= 0x80) {
			__real_pkvm_its_emulate_handler(region, offset & ~7ULL, write,
							reg, 8);
			return;
		}
		break;
	case 3:
		if (offset & (reg_size - 1))
			return;
		break;
	case 4:
		if (region->priv && offset == 0x88 && !write) {
			*reg = 0;
			return;
		}
		break;
	case 5:
		if (region->priv && write && offset == GITS_CTLR) {
			its_hw_write(offset, reg_size, *reg);
			return;
		}
		break;
	case 6:
		if (region->priv && write && offset >= GITS_BASER) {
			its_hw_write(offset, reg_size, *reg);
			return;
		}
		break;
	case 7:
		if (region->priv && write && offset == GITS_CREADR) {
			its_hw_write(offset, reg_size, *reg);
			return;
		}
		break;
	case 8:
		if (region->priv && write && offset == GITS_CBASER) {
			__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
			its_hw_write(GITS_CWRITER, 8, 0);
			return;
		}
		break;
	case 9:
		if (offset >= SZ_64K && reg_size == 2)
			return;
		break;
	case 11:
		/* A BASER write taken with the host's Valid, as the v2 series takes it. */
		if (region->priv && write && offset >= GITS_BASER && offset < GITS_BASER + 0x40 &&
		    reg_size == 8) {
			u64 before = its_hw_peek(offset, 8);
			u64 after;

			__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
			after = its_hw_peek(offset, 8);
			if (after != before)
				its_hw_write(offset, 8, (after & ~GITS_BASER_VALID) |
					     (*reg & GITS_BASER_VALID));
			return;
		}
		break;
	case 10:
		if (offset == GITS_TRANSLATER && reg_size == 8 && write) {
			writeq_relaxed(*reg, (u8 *)__hyp_va(hyp_pfn_to_phys(region->pfn)) + offset);
			return;
		}
		break;
	}
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
}

static const char before_setup[] =
	"config page=4K ram=16M devices=1\n"
	"its_mmio_read 0x8 8\n"
	"its_mmio_write 0x0 4 0x0\n";

static const char half_write[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x0 4 0x0\n"
	"its_mmio_write 0x100 4 0x0\n";

static const char unaligned_read[] =
	"config page=4K ram=16M devices=1\n"
	"its_mmio_read 0x81 2\n";

static const char cwriter_read[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x8c 4 0x7\n"
	"its_mmio_read 0x88 8\n";

/* An MSI in flight as the ITS is disabled: it drains for four CTLR reads. */
#define DRAINING							\
	"config page=4K ram=16M devices=1\n"				\
	"its_bringup 2\n"						\
	"its_setup\n"							\
	"its_mapd 0x1 ram(2) 3\n"					\
	"its_cmd 4 0x100000001 0x0\n"					\
	"fail drain 1 EBUSY\n"						\
	"its_mmio_write 0x0 4 0x0\n"

static const char enable_draining[] = DRAINING "its_mmio_write 0x0 4 0x1\n";
/* BASER1 (0x40f80600 in its low half) with Shareability changed. */
static const char baser_draining[] = DRAINING "its_mmio_write 0x108 4 0x40f80200\n";

/* Commands the device ran, then the host moves CREADR back to slot 0. */
#define CREADR_BACK(qemu)						\
	"config page=4K ram=16M devices=1" qemu "\n"			\
	"its_bringup 2\n"						\
	"its_setup\n"							\
	"its_cmd 5 0x0 0x0\n"						\
	"its_cmd 5 0x0 0x0\n"						\
	"its_mmio_write 0x90 8 0x0\n"

static const char creadr_qemu[] = CREADR_BACK(" its_qemu=1");
static const char creadr_gicv3[] = CREADR_BACK("");

/* A CBASER write the ITS ignores: disabled, but still draining. */
static const char translater_16[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x10040 2 0x1\n";
static const char translater_64[] =
	"config page=4K ram=16M devices=1\n"
	"its_bringup 2\n"
	"its_setup\n"
	"its_mmio_write 0x10040 8 0x1\n";
static const char cbaser_draining[] = DRAINING "its_mmio_write 0x80 4 0x12345\n";
/* Disabled and quiescent, the host clears BASER0's Valid. */
#define BASER_INVALID							\
	"config page=4K ram=16M devices=1\n"				\
	"its_bringup 2\n"						\
	"its_setup\n"							\
	"its_mapd 0x1 ram(2) 3\n"					\
	"its_mmio_write 0x0 4 0x0\n"					\
	"its_mmio_read 0x0 4\n"						\
	"its_mmio_write 0x100 8 0x4000000000000000\n"

static const char baser_invalid[] = BASER_INVALID;
/*
 * Then an unmap while the Device table is invalid: the device drops the
 * MAPD and keeps device 1's entry, which names the ITT the hyp unpins;
 * the host makes the table valid again at will.
 */
static const char baser_invalid_unmap[] =
	BASER_INVALID
	"its_mmio_write 0x0 4 0x1\n"
	"its_mapd 0x1 ram(2) 8\n";

int main(void)
{
	expect_broken(&mode, 1, before_setup, "O6:its_mmio_read:not_forwarded_before_setup");
	expect_broken(&mode, 2, half_write, "O6:its_mmio_write:table_reg_write");
	expect_broken(&mode, 3, unaligned_read, "O6:its_mmio_read:ignored_read_not_zero");
	expect_broken(&mode, 4, cwriter_read, "O6:its_mmio_read:cwriter_read");
	expect_broken(&mode, 5, enable_draining, "O6:its_mmio_write:ignored_access_reached_hw");
	expect_broken(&mode, 6, baser_draining, "O6:its_mmio_write:table_reg_changed_while_live");
	expect_broken(&mode, 7, creadr_qemu, "O6:its_mmio_write:creadr_moved_by_host");
	expect_harmless(&mode, 7, creadr_gicv3);
	expect_broken(&mode, 8, cbaser_draining, "O6:its_mmio_write:cwriter_moved_by_ignored_cbaser");
	expect_broken(&mode, 9, translater_16, "O6:its_mmio_write:not_forwarded");
	expect_broken(&mode, 10, translater_64, "O9:its_mmio_write:its_access_width");
	/* Valid kept or taken: either is the architecture's (SPEC §2.4 forces neither). */
	expect_harmless(&mode, 11, baser_invalid);
	/* But an invalid table is still the device's: what it names must hold (O2). */
	expect_broken(&mode, 11, baser_invalid_unmap, "O2:its_mapd:itt_not_pinned");
	return test_done("test_o6_registers");
}
