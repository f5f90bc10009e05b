/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/kvm_emulate.h>: the vCPU as an abort handler and its injector see
 * it: the trapped fault (ESR_EL2, FAR_EL2, HPFAR_EL2), the guest's PC and
 * PSTATE, and the EL1 registers an exception entry writes. The VM's stage-2
 * input size lives in its page table (ia_bits); the run structure is what
 * the VMM reads on an exit to user space.
 */
#ifndef __EL2FUZZ_ASM_KVM_EMULATE_H
#define __EL2FUZZ_ASM_KVM_EMULATE_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <asm/esr.h>
#include <asm/kvm_pgtable.h>

/* PSTATE / CPSR. */
#define PSR_MODE_EL0t		0x00000000
#define PSR_MODE_EL1t		0x00000004
#define PSR_MODE_EL1h		0x00000005
#define PSR_MODE_MASK		0x0000000f
#define PSR_MODE32_BIT		0x00000010
#define PSR_F_BIT		0x00000040
#define PSR_I_BIT		0x00000080
#define PSR_A_BIT		0x00000100
#define PSR_D_BIT		0x00000200
#define PSR_SSBS_BIT		0x00001000
#define PSR_PAN_BIT		0x00400000
#define PSR_DIT_BIT		0x01000000
#define PSR_V_BIT		0x10000000
#define PSR_C_BIT		0x20000000
#define PSR_Z_BIT		0x40000000
#define PSR_N_BIT		0x80000000

#define PSR_AA32_MODE_MASK	0x0000001f
#define PSR_AA32_MODE_USR	0x00000010
#define PSR_AA32_MODE_ABT	0x00000017
#define PSR_AA32_T_BIT		0x00000020
#define PSR_AA32_F_BIT		0x00000040
#define PSR_AA32_I_BIT		0x00000080
#define PSR_AA32_A_BIT		0x00000100
#define PSR_AA32_E_BIT		0x00000200
#define PSR_AA32_GE_MASK	0x000f0000
#define PSR_AA32_DIT_BIT	0x00200000
#define PSR_AA32_PAN_BIT	0x00400000
#define PSR_AA32_SSBS_BIT	0x00800000
#define PSR_AA32_IT_MASK	0x0600fc00
#define PSR_AA32_J_BIT		0x01000000
#define PSR_AA32_Q_BIT		0x08000000
#define PSR_AA32_V_BIT		0x10000000
#define PSR_AA32_C_BIT		0x20000000
#define PSR_AA32_Z_BIT		0x40000000
#define PSR_AA32_N_BIT		0x80000000

#define SCTLR_ELx_V		BIT(13)		/* AArch32 high vectors */
#define SCTLR_EL1_SPAN		BIT(23)		/* 0: exception entry sets PAN */
#define SCTLR_ELx_EE		BIT(25)
#define SCTLR_ELx_DSSBS		BIT_ULL(44)	/* AArch64: SSBS on exception entry */
/* The AArch32 SCTLR is SCTLR_EL1[31:0]; these two sit where AArch64 has others. */
#define SCTLR_AA32_TE		BIT(30)		/* exceptions taken to Thumb */
#define SCTLR_AA32_DSSBS	BIT(31)

/* Exception vector offsets from VBAR_EL1 (AArch64) and the AArch32 base. */
#define CURRENT_EL_SP_EL0_VECTOR	0x0
#define CURRENT_EL_SP_ELx_VECTOR	0x200
#define LOWER_EL_AArch64_VECTOR		0x400
#define LOWER_EL_AArch32_VECTOR		0x600
#define AA32_VECTOR_PABT		0x0c
#define AA32_VECTOR_DABT		0x10
#define AA32_HIVECS_BASE		0xffff0000UL

#ifndef lower_32_bits
#define lower_32_bits(n)	((u32)((n) & 0xffffffffULL))
#endif

#define HPFAR_EL2_FIPA		GENMASK_ULL(43, 4)

#define KVM_EXIT_UNKNOWN	0
#define KVM_EXIT_MMIO		6

enum vcpu_sysreg {
	ELR_EL1,
	SPSR_EL1,
	ESR_EL1,
	FAR_EL1,
	VBAR_EL1,
	TCR_EL1,	/* TTBCR for an AArch32 EL1 */
	SCTLR_EL1,
	IFSR32_EL2,
	SPSR_ABT,	/* AArch32 banked abort-mode SPSR and LR */
	LR_ABT,
	NR_SYS_REGS,
};

struct kvm_vcpu_fault_info {
	u64 esr_el2;
	u64 far_el2;
	u64 hpfar_el2;
};

struct kvm_run {
	u32 exit_reason;
	struct {
		u64 phys_addr;
		u32 len;
		u8 is_write;
	} mmio;
};

struct kvm_s2_mmu {
	struct kvm_pgtable *pgt;
};

struct kvm_arch {
	struct kvm_s2_mmu mmu;
};

struct kvm {
	struct kvm_arch arch;
};

struct kvm_vcpu_arch {
	struct kvm_vcpu_fault_info fault;
	struct kvm_s2_mmu *hw_mmu;
	u64 pc;
	u64 pstate;
	u64 sys_regs[NR_SYS_REGS];
	bool el1_is_32bit;
};

struct kvm_vcpu {
	struct kvm *kvm;
	struct kvm_vcpu_arch arch;
	struct kvm_run *run;
};

struct kvm_memory_slot {
	u64 base_gfn;
	u64 npages;
};

/* The memslot holding @gfn, or NULL: the VMM's guest memory layout. */
struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, u64 gfn);

static inline u64 vcpu_read_sys_reg(const struct kvm_vcpu *vcpu, enum vcpu_sysreg reg)
{
	return vcpu->arch.sys_regs[reg];
}

static inline void vcpu_write_sys_reg(struct kvm_vcpu *vcpu, u64 val, enum vcpu_sysreg reg)
{
	vcpu->arch.sys_regs[reg] = val;
}

static inline u64 *vcpu_pc(struct kvm_vcpu *vcpu)
{
	return &vcpu->arch.pc;
}

static inline u64 *vcpu_cpsr(struct kvm_vcpu *vcpu)
{
	return &vcpu->arch.pstate;
}

static inline bool vcpu_mode_is_32bit(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.pstate & PSR_MODE32_BIT;
}

static inline bool vcpu_el1_is_32bit(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.el1_is_32bit;
}

static inline u64 kvm_vcpu_get_esr(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.fault.esr_el2;
}

static inline u64 kvm_vcpu_get_hfar(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.fault.far_el2;
}

static inline u64 kvm_vcpu_get_fault_ipa(const struct kvm_vcpu *vcpu)
{
	return FIELD_GET(HPFAR_EL2_FIPA, vcpu->arch.fault.hpfar_el2) << 12;
}

static inline bool kvm_vcpu_trap_is_iabt(const struct kvm_vcpu *vcpu)
{
	return ESR_ELx_EC(kvm_vcpu_get_esr(vcpu)) == ESR_ELx_EC_IABT_LOW;
}

static inline bool kvm_vcpu_trap_il_is32bit(const struct kvm_vcpu *vcpu)
{
	return kvm_vcpu_get_esr(vcpu) & ESR_ELx_IL;
}

/* The syndrome holds the access's size and register (ESR_ELx.ISV). */
static inline bool kvm_vcpu_dabt_isvalid(const struct kvm_vcpu *vcpu)
{
	return kvm_vcpu_get_esr(vcpu) & ESR_ELx_ISV;
}

/* The access's size in bytes (valid with ISV). */
static inline unsigned int kvm_vcpu_dabt_get_as(const struct kvm_vcpu *vcpu)
{
	return 1U << FIELD_GET(ESR_ELx_SAS, kvm_vcpu_get_esr(vcpu));
}

static inline bool kvm_vcpu_dabt_iswrite(const struct kvm_vcpu *vcpu)
{
	return kvm_vcpu_get_esr(vcpu) & ESR_ELx_WNR;
}

/* Stage-2 setup from the VM type (the IPA size), and the abort path. */
u32 get_kvm_ipa_limit(void);
int kvm_arm_setup_stage2(struct kvm *kvm, unsigned long type);
void kvm_inject_dabt(struct kvm_vcpu *vcpu, unsigned long addr);
void kvm_inject_pabt(struct kvm_vcpu *vcpu, unsigned long addr);
void kvm_inject_size_fault(struct kvm_vcpu *vcpu);
/* 1: resume the guest; 0: exit to the VMM (run->exit_reason); -errno. */
int kvm_handle_guest_abort(struct kvm_vcpu *vcpu);

#endif
