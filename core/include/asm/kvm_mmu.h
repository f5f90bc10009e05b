/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_mmu.h>: host kernel VAs (the linear map) to hyp VAs. The host
 * passes pointers as its own VAs; the hyp converts them and must still
 * check ownership before it dereferences anything.
 */
#ifndef __EL2FUZZ_ASM_KVM_MMU_H
#define __EL2FUZZ_ASM_KVM_MMU_H

#include <nvhe/memory.h>

#define PAGE_OFFSET	0xffff000000000000UL

static inline unsigned long __kern_hyp_va(unsigned long v)
{
	return (unsigned long)__hyp_va((v - PAGE_OFFSET) & PHYS_MASK);
}

#define kern_hyp_va(v)	((__typeof__(v))__kern_hyp_va((unsigned long)(v)))

#endif
