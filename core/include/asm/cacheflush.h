/* SPDX-License-Identifier: GPL-2.0-only */
/* <asm/cacheflush.h>: clean to PoC makes stores visible to a non-coherent device. */
#ifndef __EL2FUZZ_ASM_CACHEFLUSH_H
#define __EL2FUZZ_ASM_CACHEFLUSH_H

void dcache_clean_inval_poc(unsigned long start, unsigned long end);

#define kvm_flush_dcache_to_poc(va, size) \
	dcache_clean_inval_poc((unsigned long)(va), (unsigned long)(va) + (size))

#endif
