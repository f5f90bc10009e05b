/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_pkvm.h>: MMIO regions the host registered at boot as protected
 * (unmapped from the host, owned by the hyp, their accesses trapped). The
 * hyp keeps its per-region private state in ->priv.
 */
#ifndef __EL2FUZZ_ASM_KVM_PKVM_H
#define __EL2FUZZ_ASM_KVM_PKVM_H

#include <linux/types.h>

struct pkvm_protected_reg {
	u64 pfn;
	u64 nr_pages;
	void *priv;
};

#define PKVM_PROTECTED_REGS_NUM	8

extern struct pkvm_protected_reg pkvm_protected_regs[PKVM_PROTECTED_REGS_NUM];
extern unsigned int pkvm_nr_protected_regs;

#endif
