// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's accesses to the ITS frame. The hyp keeps the frame unmapped
 * from the host, so each access traps and reaches the mediator's handler
 * with the offset, width and value the host chose: any of them, in or out
 * of the frame, aligned or not, before or after setup.
 */
#include <stdbool.h>

#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/memory.h>

#include "el2fuzz_profile.h"
#include "adversary.h"
#include "feedback.h"
#include "../machine/its_hw.h"
#include "../machine/machine.h"
#include "../oracle/oracle.h"
#include "../trace/trace.h"

/* What a read leaves in the register if the hyp forgot to set it. */
#define ITS_MMIO_POISON		0x5a5a5a5a5a5a5a5aULL
#define ITS_CMD_NO_KICK		(1ULL << 62)

/*
 * The trap path: the platform calls the handler as the mediator's profile
 * says it may be called (widths, in-frame offsets); an access it may not
 * take is dropped there, and a read of it gives 0, as the hardware's
 * RAZ/WI would.
 */
static bool handler_takes(uint64_t off, unsigned int width)
{
	if (!(EL2FUZZ_PROFILE_HANDLER_WIDTHS & (1u << width)))
		return false;
	return EL2FUZZ_PROFILE_HANDLER_ANY_OFFSET || off < SIM_ITS_SIZE;
}

uint64_t its_mmio(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	struct oracle_entry e = {
		.kind = ENTRY_ITS_TRAP,
		.name = write ? "its_mmio_write" : "its_mmio_read",
		.width = width,
		.write = write,
	};
	uint64_t reg = ITS_MMIO_POISON;

	/* Twice the frame: accesses beyond it must be ignored, not forwarded. */
	off &= 2 * SIM_ITS_SIZE - 1;
	feedback_its_access(off, width, write, SIM_ITS_SIZE, its_host_emulated());
	if (write)
		reg = width == 8 ? val : val & ((1ULL << (width * 8)) - 1);
	/* A frame that traps only once set up: the host reaches the hardware. */
	if (!EL2FUZZ_PROFILE_TRAP_FROM_BOOT && !its_host_emulated()) {
		if (!write)
			return its_hw_read(off, width);
		its_hw_write(off, width, reg);
		its_host_note_write(off, width, reg);
		return reg;
	}
	e.off = off;
	e.val = write ? reg : 0;
	oracle_entry_begin(&e);
	if (handler_takes(off, width))
		pkvm_its_emulate_handler(&pkvm_protected_regs[0], off, write, &reg, (u8)width);
	else if (!write)
		reg = 0;
	e.out = write ? 0 : reg;
	oracle_entry_end(&e);
	if (write) {
		its_host_note_write(off, width, reg);
		TRACE2("[host]", "its: write 0x%llx <- 0x%llx", off, reg);
	} else {
		TRACE2("[host]", "its: read 0x%llx -> 0x%llx", off, reg);
	}
	return reg;
}

void op_its_mmio_read(const uint64_t *v)
{
	its_mmio(v[0], (unsigned int)v[1], false, 0);
}

void op_its_mmio_write(const uint64_t *v)
{
	its_mmio(v[0], (unsigned int)v[1], true, v[2]);
}

/* Opcodes its_cmd picks from: every physical one, GICv4 ones, unknown ones. */
static const uint8_t its_opcodes[16] = {
	GITS_CMD_MAPD, GITS_CMD_MAPC, GITS_CMD_MAPTI, GITS_CMD_MAPI,
	GITS_CMD_INT, GITS_CMD_CLEAR, GITS_CMD_DISCARD, GITS_CMD_INV,
	GITS_CMD_INVALL, GITS_CMD_MOVI, GITS_CMD_MOVALL, GITS_CMD_SYNC,
	GITS_CMD_GICv4 | GITS_CMD_MAPTI, GITS_CMD_GICv4 | 0x09, 0x00, 0x3f,
};

/*
 * The host owns all 32 bytes of a slot. DW3 is RES0 in every physical
 * command (VMAPP's VPT address in GICv4), so a mediator that takes a field
 * from it, or lets the device see it, acts on a value the host chose. An
 * address, since a word read in the wrong place shows only when it names
 * memory; it stays until the next its_dw3.
 */
static uint64_t cmd_dw3;

void its_trap_reset(void)
{
	cmd_dw3 = 0;
}

void op_its_dw3(const uint64_t *v)
{
	cmd_dw3 = v[0];
}

/*
 * Append @cmd at the host's write offset in its queue copy (the emulated
 * CWRITER: the value the host last wrote), then write CWRITER past it, as
 * Linux does for every command. Needs a set-up ITS: the host copy is then
 * what the hyp reads.
 */
static void its_host_submit(uint64_t *cmd)
{
	/* DW2 bit 62, RES0 in every command: stage the command, write no CWRITER. */
	bool kick = !(cmd[2] & ITS_CMD_NO_KICK);
	uint64_t copy, len, wr;
	unsigned int i;

	if (its_host_queue(&copy, &len, &wr)) {
		TRACE0("[host]", "its: no emulation set up, command dropped");
		return;
	}
	cmd[2] &= ~ITS_CMD_NO_KICK;
	cmd[3] |= cmd_dw3;
	wr = (wr & GITS_CMDQ_OFFSET) % len;
	/* Host writes: a stage-2 fault on the copy is handled as any other. */
	for (i = 0; i < 4; i++) {
		uint64_t w[3] = { copy + wr + 8 * i, 8, cmd[i] };

		op_host_write(w);
	}
	if (kick)
		its_mmio(GITS_CWRITER, 8, true, (wr + ITS_CMD_SIZE) % len);
	else
		its_host_set_tail((wr + ITS_CMD_SIZE) % len);
}

void op_its_cmd(const uint64_t *v)
{
	uint64_t cmd[4] = { 0 };
	uint8_t op = its_opcodes[v[0] % 16];

	cmd[0] = op | (v[1] >> 32) << 32;
	cmd[1] = v[1] & 0xffffffffULL;
	if (op == GITS_CMD_MAPTI)
		cmd[1] |= (8192 + (v[1] & 0xffff)) << 32;
	cmd[2] = v[2];
	its_host_submit(cmd);
}

/*
 * A command with DW0 to DW2 as the host chose them: any opcode byte (a
 * mediator that indexes a table by it meets every value, not only those
 * its_cmd names) and any RES0 field, DW0[31:8] included.
 */
void op_its_cmd_raw(const uint64_t *v)
{
	uint64_t cmd[4] = { v[0], v[1], v[2], 0 };

	its_host_submit(cmd);
}

void op_its_mapd(const uint64_t *v)
{
	uint64_t cmd[4] = { 0 };

	cmd[0] = GITS_CMD_MAPD | (v[0] & 0xffffffffULL) << 32;
	cmd[1] = v[2] & 7;
	if (!(v[2] & 8))
		cmd[2] = 1ULL << 63 | (v[1] & GENMASK_ULL(51, 8));
	its_host_submit(cmd);
}
