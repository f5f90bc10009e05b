/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For the tests' doubles of the ITS entry points: their prototypes, and
 * what the doubles built as mediator code (o16_doubles.c, audit_doubles.c)
 * read of the device's tables, written once.
 */
#ifndef EL2FUZZ_TEST_ITS_DOUBLES_H
#define EL2FUZZ_TEST_ITS_DOUBLES_H

#include <linux/bitfield.h>
#include <linux/compiler.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/types.h>
#include <asm/io.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/memory.h>

/* The ITS entry points a double may stand in for, and the real ones it calls. */
int __real_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages);
int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				    u64 priv_num_pages);
int __real_pkvm_its_emulate_teardown(phys_addr_t dev_addr);
int __double_pkvm_its_emulate_teardown(phys_addr_t dev_addr);
void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);
void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				       bool write, u64 *reg, u8 reg_size);

/* Device 1's entry in the Device table (GITS_BASER0), two levels or one. */
static inline u64 *device_entry(void __iomem *frame)
{
	u64 baser = __raw_readq(frame + GITS_BASER);
	u64 esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, baser) + 1;
	u64 table = baser & GITS_BASER_ADDRESS_4K;
	u64 l1;

	if (FIELD_GET(GITS_BASER_TYPE, baser) != GITS_BASER_TYPE_DEVICE || !table)
		return NULL;
	if (baser & GITS_BASER_INDIRECT) {
		l1 = READ_ONCE(*(u64 *)__hyp_va(table));
		if (!(l1 & GITS_LVL1_ENTRY_VALID))
			return NULL;
		table = l1 & GITS_LVL1_ENTRY_ADDR & ~(PAGE_SIZE - 1);
	}
	return __hyp_va(table + esz);
}

#endif
