// SPDX-License-Identifier: GPL-2.0-only
/*
 * A double of the trap handler for test_o16_visibility.c, built like a
 * mediator (freestanding, load/store tracing) so that the cache model sees
 * its stores as it sees a mediator's. After the real handler has run a
 * trapped GITS_CWRITER write, it touches memory the ITS reads or wrote,
 * the way each mode says: with the barrier or cache maintenance the
 * architecture asks for, or without it on purpose. It finds that memory
 * from the hardware's own registers, as any hyp code could.
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/memory.h>

#include "its_doubles.h"
#include "o16_doubles.h"

int o16_mode;

void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);
void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				       bool write, u64 *reg, u8 reg_size);

/*
 * A queue slot past the hardware's CWRITER, rewritten, then the doorbell
 * again, after the barrier the mode names.
 */
static void ring_again(void __iomem *frame)
{
	u64 cbaser = __raw_readq(frame + GITS_CBASER);
	u64 cwriter = __raw_readq(frame + GITS_CWRITER) & GITS_CMDQ_OFFSET;
	u64 *slot = __hyp_va((cbaser & GITS_CBASER_ADDRESS) + cwriter);

	WRITE_ONCE(*slot, READ_ONCE(*slot));
	if (o16_mode == O16_DOORBELL_ORDERED)
		dsb(ishst);
	else if (o16_mode == O16_DOORBELL_DMB_OSH)
		dmb(oshst);
	else if (o16_mode == O16_DOORBELL_DMB_ISH)
		dmb(ishst);
	else if (o16_mode == O16_DOORBELL_DSB_NSH)
		dsb(nshst);
	__raw_writeq(cwriter, frame + GITS_CWRITER);
}

/* The entry the ITS wrote, read and written back by the hyp. */
static void touch_entry(void __iomem *frame)
{
	u64 *dte = device_entry(frame);
	u64 v;

	if (!dte)
		return;
	if (o16_mode != O16_READ_STALE)
		dcache_clean_inval_poc((unsigned long)dte, (unsigned long)(dte + 1));
	v = READ_ONCE(*dte);
	WRITE_ONCE(*dte, v);
	if (o16_mode == O16_ENTRY_CLEAN)
		dcache_clean_inval_poc((unsigned long)dte, (unsigned long)(dte + 1));
}

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				       bool write, u64 *reg, u8 reg_size)
{
	void __iomem *frame = (void __iomem *)__hyp_va(hyp_pfn_to_phys(region->pfn));

	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
	if (!write || offset != GITS_CWRITER || !region->priv)
		return;
	switch (o16_mode) {
	case O16_DOORBELL_ORDERED:
	case O16_DOORBELL_UNORDERED:
	case O16_DOORBELL_DMB_OSH:
	case O16_DOORBELL_DMB_ISH:
	case O16_DOORBELL_DSB_NSH:
		ring_again(frame);
		break;
	case O16_ENTRY_CLEAN:
	case O16_ENTRY_UNCLEAN:
	case O16_READ_STALE:
		touch_entry(frame);
		break;
	}
}
