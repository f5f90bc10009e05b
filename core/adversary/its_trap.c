// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's accesses to the ITS frame. The hyp keeps the frame unmapped
 * from the host, so each access traps and reaches the mediator's handler
 * with the offset, width and value the host chose: any of them, in or out
 * of the frame, aligned or not, before or after setup.
 */
#include <stdbool.h>

#include <asm/kvm_pkvm.h>

#include "adversary.h"
#include "../machine/machine.h"
#include "../oracle/oracle.h"
#include "../trace/trace.h"

/* What a read leaves in the register if the hyp forgot to set it. */
#define ITS_MMIO_POISON		0x5a5a5a5a5a5a5a5aULL

static void its_mmio(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	uint64_t reg = ITS_MMIO_POISON;

	/* Twice the frame: accesses beyond it must be ignored, not forwarded. */
	off &= 2 * SIM_ITS_SIZE - 1;
	if (write)
		reg = width == 8 ? val : val & ((1ULL << (width * 8)) - 1);
	oracle_entry_begin();
	o6_trap_begin(off, width, write, reg);
	pkvm_its_emulate_handler(&pkvm_protected_regs[0], off, write, &reg, (u8)width);
	o6_trap_end(reg);
	oracle_entry_end(write ? "its_mmio_write" : "its_mmio_read", 0);
	if (write)
		TRACE2("[host]", "its: write 0x%llx <- 0x%llx", off, reg);
	else
		TRACE2("[host]", "its: read 0x%llx -> 0x%llx", off, reg);
}

void op_its_mmio_read(const uint64_t *v)
{
	its_mmio(v[0], (unsigned int)v[1], false, 0);
}

void op_its_mmio_write(const uint64_t *v)
{
	its_mmio(v[0], (unsigned int)v[1], true, v[2]);
}
