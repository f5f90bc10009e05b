/* SPDX-License-Identifier: GPL-2.0-only */
/* <asm/kvm_asm.h>: host hypercall numbers, one per handler in hyp-main. */
#ifndef __EL2FUZZ_ASM_KVM_ASM_H
#define __EL2FUZZ_ASM_KVM_ASM_H

#define SMCCC_RET_SUCCESS		0UL
#define SMCCC_RET_NOT_SUPPORTED		(~0UL)

enum __kvm_host_smccc_func {
	__KVM_HOST_SMCCC_FUNC___pkvm_host_share_hyp,
	__KVM_HOST_SMCCC_FUNC___pkvm_host_unshare_hyp,
	__KVM_HOST_SMCCC_FUNC___pkvm_host_donate_hyp_mmio,
	__KVM_HOST_SMCCC_FUNC___pkvm_host_reclaim_hyp_mmio,
	__KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup,
	__KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown,
	__KVM_HOST_SMCCC_FUNC_MAX,
};

#endif
