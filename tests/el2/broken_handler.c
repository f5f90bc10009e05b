// SPDX-License-Identifier: GPL-2.0-only
/*
 * A mediator broken on purpose, for the EL2 replay's fault paths: a
 * double of the trap handler (core/machine/wrap.c, this image only) spins
 * forever without a platform call on a read of offset
 * 0xfff0 (only the replay's timeout can stop it: O9:<op>:hang) and
 * stores through a NULL pointer on a read of 0xfff8 (the vector table
 * reports it: O9:<op>:el2_exception with ESR, FAR and ELR). Every other
 * access reaches the real handler.
 */
#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/kvm_pkvm.h>

#define HANG_OFFSET	0xfff0
#define FAULT_OFFSET	0xfff8

void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset, bool write,
				     u64 *reg, u8 reg_size);
void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset, bool write,
				       u64 *reg, u8 reg_size);

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset, bool write,
				       u64 *reg, u8 reg_size)
{
	if (!write && offset == HANG_OFFSET)
		for (;;)
			barrier();
	if (!write && offset == FAULT_OFFSET)
		*(volatile u64 *)(uintptr_t)reg_size = 0;
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
}
