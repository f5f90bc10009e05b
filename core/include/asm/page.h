/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/page.h>: the host page size is chosen per run (4, 16 or 64 KiB), so
 * PAGE_SHIFT is a variable the platform sets before each program; code that
 * uses PAGE_SIZE in a constant expression does not build, on purpose.
 */
#ifndef __EL2FUZZ_ASM_PAGE_H
#define __EL2FUZZ_ASM_PAGE_H

#include <linux/bits.h>

extern unsigned int __hyp_page_shift;

#define PAGE_SHIFT		(__hyp_page_shift)
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGNED(addr)	(((unsigned long)(addr) & (PAGE_SIZE - 1)) == 0)

#define PHYS_MASK_SHIFT		48
#define PHYS_MASK		GENMASK_ULL(PHYS_MASK_SHIFT - 1, 0)

#endif
