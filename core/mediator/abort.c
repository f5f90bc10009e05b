// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 aborts from a guest, and the exceptions the host injects back.
 *
 * A translation fault on an IPA the VM cannot have is the guest's own
 * doing: beyond the sanitised PARange it gets an Address Size Fault (as if
 * its own stage-1 had exceeded PARange), between the VM's IPA size and
 * PARange a synchronous external abort. Neither may reach the VMM: it
 * would be taken for MMIO on an address no memslot can ever hold.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/cpufeature.h>
#include <asm/esr.h>
#include <asm/page.h>
#include <asm/kvm_emulate.h>

#define KVM_VM_TYPE_ARM_IPA_SIZE_MASK	GENMASK_ULL(7, 0)
#define KVM_VM_TYPE_MASK		KVM_VM_TYPE_ARM_IPA_SIZE_MASK
#define KVM_PHYS_SHIFT			40
#define ARM64_MIN_PARANGE_BITS		32

#define PAGE_OFFSET_MASK		GENMASK_ULL(11, 0)

u32 get_kvm_ipa_limit(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);

	return id_aa64mmfr0_parange_to_phys_shift(FIELD_GET(ID_AA64MMFR0_EL1_PARANGE, mmfr0));
}

int kvm_arm_setup_stage2(struct kvm *kvm, unsigned long type)
{
	u32 ipa_limit = get_kvm_ipa_limit();
	u32 phys_shift;

	if (type & ~KVM_VM_TYPE_MASK)
		return -EINVAL;

	phys_shift = FIELD_GET(KVM_VM_TYPE_ARM_IPA_SIZE_MASK, type);
	if (!phys_shift) {
		/* The default must fit the host as well. */
		if (KVM_PHYS_SHIFT > ipa_limit)
			return -EINVAL;
		phys_shift = KVM_PHYS_SHIFT;
	}
	if (phys_shift < ARM64_MIN_PARANGE_BITS || phys_shift > ipa_limit)
		return -EINVAL;

	kvm->arch.mmu.pgt->ia_bits = phys_shift;
	return 0;
}

/* The vector an AArch64 EL1 takes a synchronous exception at. */
static u64 get_except_vector(const struct kvm_vcpu *vcpu)
{
	u64 pstate = vcpu->arch.pstate;

	if (pstate & PSR_MODE32_BIT)
		return LOWER_EL_AArch32_VECTOR;

	switch (pstate & PSR_MODE_MASK) {
	case PSR_MODE_EL0t:
		return LOWER_EL_AArch64_VECTOR;
	case PSR_MODE_EL1t:
		return CURRENT_EL_SP_EL0_VECTOR;
	default:
		return CURRENT_EL_SP_ELx_VECTOR;
	}
}

/*
 * PSTATE on entry to an AArch64 EL1: the flags, DIT and PAN survive (PAN
 * is also set unless SCTLR_EL1.SPAN says otherwise), SSBS comes from
 * SCTLR_EL1.DSSBS, IL, SS, UAO and BTYPE are cleared, and the handler
 * runs in EL1h with every interrupt masked. From AArch32, DIT is CPSR
 * bit 21, where AArch64 keeps it at bit 24.
 */
static u64 get_except64_pstate(const struct kvm_vcpu *vcpu)
{
	u64 sctlr = vcpu_read_sys_reg(vcpu, SCTLR_EL1);
	u64 old = vcpu->arch.pstate;
	u64 new;

	new = old & (PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | PSR_V_BIT | PSR_PAN_BIT);
	if (vcpu_mode_is_32bit(vcpu)) {
		if (old & PSR_AA32_DIT_BIT)
			new |= PSR_DIT_BIT;
	} else {
		new |= old & PSR_DIT_BIT;
	}
	if (!(sctlr & SCTLR_EL1_SPAN))
		new |= PSR_PAN_BIT;
	if (sctlr & SCTLR_ELx_DSSBS)
		new |= PSR_SSBS_BIT;
	return new | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT | PSR_MODE_EL1h;
}

static void enter_exception64(struct kvm_vcpu *vcpu)
{
	u64 vbar = vcpu_read_sys_reg(vcpu, VBAR_EL1);
	u64 vector = get_except_vector(vcpu);
	u64 pstate = get_except64_pstate(vcpu);

	vcpu_write_sys_reg(vcpu, *vcpu_pc(vcpu), ELR_EL1);
	vcpu_write_sys_reg(vcpu, *vcpu_cpsr(vcpu), SPSR_EL1);
	*vcpu_cpsr(vcpu) = pstate;
	*vcpu_pc(vcpu) = vbar + vector;
}

static void inject_abt64(struct kvm_vcpu *vcpu, bool is_iabt, unsigned long addr)
{
	bool from_lower = vcpu_mode_is_32bit(vcpu) ||
			  (*vcpu_cpsr(vcpu) & PSR_MODE_MASK) == PSR_MODE_EL0t;
	u64 esr = 0;

	if (kvm_vcpu_trap_il_is32bit(vcpu))
		esr |= ESR_ELx_IL;
	/* DABT_{LOW,CUR} are IABT_{LOW,CUR} with bit 2 of the class set. */
	esr |= FIELD_PREP(ESR_ELx_EC_MASK, from_lower ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR);
	if (!is_iabt)
		esr |= FIELD_PREP(ESR_ELx_EC_MASK, ESR_ELx_EC_DABT_LOW);

	enter_exception64(vcpu);
	vcpu_write_sys_reg(vcpu, addr, FAR_EL1);
	vcpu_write_sys_reg(vcpu, esr | ESR_ELx_FSC_EXTABT, ESR_EL1);
}

/*
 * CPSR on entry to Abort mode: the flags, Q, GE, DIT, PAN and F survive
 * (PAN is also set unless SCTLR.SPAN says otherwise); SSBS, E and T come
 * from SCTLR.DSSBS, EE and TE; IT, J and IL are cleared; A and I are set.
 */
static u64 get_except32_cpsr(const struct kvm_vcpu *vcpu)
{
	u64 sctlr = vcpu_read_sys_reg(vcpu, SCTLR_EL1);
	u64 old = vcpu->arch.pstate;
	u64 new;

	new = old & (PSR_AA32_N_BIT | PSR_AA32_Z_BIT | PSR_AA32_C_BIT | PSR_AA32_V_BIT |
		     PSR_AA32_Q_BIT | PSR_AA32_GE_MASK | PSR_AA32_DIT_BIT |
		     PSR_AA32_PAN_BIT | PSR_AA32_F_BIT);
	if (!(sctlr & SCTLR_EL1_SPAN))
		new |= PSR_AA32_PAN_BIT;
	if (sctlr & SCTLR_AA32_DSSBS)
		new |= PSR_AA32_SSBS_BIT;
	if (sctlr & SCTLR_ELx_EE)
		new |= PSR_AA32_E_BIT;
	if (sctlr & SCTLR_AA32_TE)
		new |= PSR_AA32_T_BIT;
	return new | PSR_AA32_A_BIT | PSR_AA32_I_BIT | PSR_AA32_MODE_ABT;
}

/* An AArch32 EL1 takes the abort in Abort mode, its FSR in its own format. */
static void inject_abt32(struct kvm_vcpu *vcpu, bool is_pabt, u32 addr)
{
	u64 sctlr = vcpu_read_sys_reg(vcpu, SCTLR_EL1);
	u64 far = vcpu_read_sys_reg(vcpu, FAR_EL1);
	u64 cpsr = get_except32_cpsr(vcpu);
	u64 vbase;
	u32 fsr;

	if (vcpu_read_sys_reg(vcpu, TCR_EL1) & TTBCR_EAE)
		fsr = DFSR_LPAE | DFSR_FSC_EXTABT_LPAE;
	else
		fsr = DFSR_FSC_EXTABT_nLPAE;

	/* The preferred return address is 4 (prefetch) or 8 (data) bytes on. */
	vcpu_write_sys_reg(vcpu, lower_32_bits(*vcpu_pc(vcpu) + (is_pabt ? 4 : 8)), LR_ABT);
	vcpu_write_sys_reg(vcpu, *vcpu_cpsr(vcpu), SPSR_ABT);
	*vcpu_cpsr(vcpu) = cpsr;

	vbase = sctlr & SCTLR_ELx_V ? AA32_HIVECS_BASE :
		lower_32_bits(vcpu_read_sys_reg(vcpu, VBAR_EL1)) & ~GENMASK_ULL(4, 0);
	*vcpu_pc(vcpu) = vbase + (is_pabt ? AA32_VECTOR_PABT : AA32_VECTOR_DABT);

	/* FAR_EL1 holds DFAR in its low half and IFAR in its high half. */
	if (is_pabt) {
		far = (far & GENMASK_ULL(31, 0)) | (u64)addr << 32;
		vcpu_write_sys_reg(vcpu, fsr, IFSR32_EL2);
	} else {
		far = (far & GENMASK_ULL(63, 32)) | addr;
		vcpu_write_sys_reg(vcpu, fsr, ESR_EL1);
	}
	vcpu_write_sys_reg(vcpu, far, FAR_EL1);
}

void kvm_inject_dabt(struct kvm_vcpu *vcpu, unsigned long addr)
{
	if (vcpu_el1_is_32bit(vcpu))
		inject_abt32(vcpu, false, lower_32_bits(addr));
	else
		inject_abt64(vcpu, false, addr);
}

void kvm_inject_pabt(struct kvm_vcpu *vcpu, unsigned long addr)
{
	if (vcpu_el1_is_32bit(vcpu))
		inject_abt32(vcpu, true, lower_32_bits(addr));
	else
		inject_abt64(vcpu, true, addr);
}

void kvm_inject_size_fault(struct kvm_vcpu *vcpu)
{
	unsigned long addr = kvm_vcpu_get_fault_ipa(vcpu);
	bool is_iabt = kvm_vcpu_trap_is_iabt(vcpu);
	enum vcpu_sysreg fsr_reg = ESR_EL1;
	u64 fsr;

	addr |= kvm_vcpu_get_hfar(vcpu) & PAGE_OFFSET_MASK;
	if (is_iabt)
		kvm_inject_pabt(vcpu, addr);
	else
		kvm_inject_dabt(vcpu, addr);

	/*
	 * The short-descriptor format has no Address Size Fault: a non-LPAE
	 * AArch32 guest only gets the external abort.
	 */
	if (vcpu_el1_is_32bit(vcpu) && !(vcpu_read_sys_reg(vcpu, TCR_EL1) & TTBCR_EAE))
		return;

	/*
	 * FSC 0 is an Address Size Fault at level 0, "as if exceeding
	 * PARange". An AArch32 prefetch abort reports it in IFSR, not DFSR.
	 */
	if (vcpu_el1_is_32bit(vcpu) && is_iabt)
		fsr_reg = IFSR32_EL2;
	fsr = vcpu_read_sys_reg(vcpu, fsr_reg);
	vcpu_write_sys_reg(vcpu, fsr & ~ESR_ELx_FSC, fsr_reg);
}

/*
 * Hand a data access the VMM must emulate to user space. Without a valid
 * syndrome (ISV) the VMM would not know the access's size or register:
 * there is nothing it could emulate.
 */
static int io_mem_abort(struct kvm_vcpu *vcpu, u64 fault_ipa)
{
	struct kvm_run *run = vcpu->run;

	if (!kvm_vcpu_dabt_isvalid(vcpu))
		return -ENOSYS;
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = fault_ipa;
	run->mmio.is_write = kvm_vcpu_dabt_iswrite(vcpu);
	run->mmio.len = kvm_vcpu_dabt_get_as(vcpu);
	return 0;
}

int kvm_handle_guest_abort(struct kvm_vcpu *vcpu)
{
	u64 fault_ipa = kvm_vcpu_get_fault_ipa(vcpu);
	bool is_iabt = kvm_vcpu_trap_is_iabt(vcpu);
	u64 esr = kvm_vcpu_get_esr(vcpu);
	struct kvm_memory_slot *memslot;

	if (esr_fsc_is_translation_fault(esr)) {
		/* Beyond the sanitised PARange: the guest exceeded PARange. */
		if (fault_ipa >= BIT_ULL(get_kvm_ipa_limit())) {
			kvm_inject_size_fault(vcpu);
			return 1;
		}

		/* Between the VM's IPA size and PARange: nothing can be there. */
		if (fault_ipa >= BIT_ULL(vcpu->arch.hw_mmu->pgt->ia_bits)) {
			fault_ipa |= kvm_vcpu_get_hfar(vcpu) & PAGE_OFFSET_MASK;
			if (is_iabt)
				kvm_inject_pabt(vcpu, fault_ipa);
			else
				kvm_inject_dabt(vcpu, fault_ipa);
			return 1;
		}
	}

	if (!esr_fsc_is_translation_fault(esr) && !esr_fsc_is_permission_fault(esr) &&
	    !esr_fsc_is_access_flag_fault(esr))
		return -EFAULT;

	memslot = gfn_to_memslot(vcpu->kvm, fault_ipa >> PAGE_SHIFT);
	if (memslot)
		return 1;	/* guest memory: faulted in by the memory path */

	/* Executing from outside guest memory cannot be emulated. */
	if (is_iabt) {
		kvm_inject_pabt(vcpu, kvm_vcpu_get_hfar(vcpu));
		return 1;
	}
	return io_mem_abort(vcpu, fault_ipa | (kvm_vcpu_get_hfar(vcpu) & PAGE_OFFSET_MASK));
}
