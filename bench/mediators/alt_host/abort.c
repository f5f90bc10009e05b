// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest stage-2 aborts on the KVM host (alt_host, written blind from the
 * "Inject exception on out-of-IPA-range translation fault" fix, mainline's
 * inject_fault.c and the Arm ARM rules for exception entry).
 *
 * The VM's IPA size is chosen at creation (kvm_arm_setup_stage2) and can be
 * smaller than what the CPU supports (the sanitised PARange, which is the
 * host's IPA limit). A stage-2 translation fault therefore lands in one of
 * three places:
 *
 *	[0, 2^ia_bits)			the VM's space: the normal path
 *	[2^ia_bits, 2^ipa_limit)	a hole the guest may legally probe:
 *					synchronous external abort
 *	[2^ipa_limit, ...)		beyond PARange: Address Size Fault,
 *					level 0, as the CPU itself would report
 *
 * Neither of the last two is ever handed to the VMM as MMIO: user space
 * would be emulating a device at an address the VM cannot have.
 */

#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/cpufeature.h>
#include <asm/esr.h>
#include <asm/kvm_emulate.h>
#include <asm/kvm_pgtable.h>
#include <asm/page.h>

/* The VM type's IPA size field (uapi KVM_VM_TYPE_ARM_IPA_SIZE_MASK). */
#define KVM_VM_TYPE_ARM_IPA_SIZE_MASK	GENMASK_ULL(7, 0)
/* The IPA size of a VM created with type 0 (KVM_PHYS_SHIFT). */
#define KVM_PHYS_SHIFT			40
/* The smallest PARange the architecture defines (ARM64_MIN_PARANGE_BITS). */
#define ARM64_MIN_PARANGE_BITS		32

/* HPFAR_EL2 gives the IPA in 4 KiB units, whatever the host's page size. */
#define FAR_GRANULE_OFFSET		GENMASK_ULL(11, 0)

/* Data abort ISS: access size, for an MMIO exit. */
#define ESR_ELx_SAS			GENMASK_ULL(23, 22)

/* EL1t and EL1h differ only in this bit. */
#define PSR_MODE_THREAD_BIT		BIT_ULL(0)

/* AArch32 CPSR bits an exception entry keeps, and the SCTLR bits it reads. */
#define PSR_AA32_NZCVQ_MASK		GENMASK_ULL(31, 27)
#define SCTLR_EL1_EE			BIT_ULL(25)
#define SCTLR_EL1_TE			BIT_ULL(30)

/* Vector base bits: VBAR_EL1[10:0] and the AArch32 VBAR[4:0] are RES0. */
#define VBAR_EL1_BASE			GENMASK_ULL(63, 11)
#define VBAR_AA32_BASE			GENMASK_ULL(31, 5)

/* Preferred return offsets for the AArch32 abort modes (ARM DDI 0487 G1). */
#define AA32_PABT_RETURN_OFFSET		4
#define AA32_DABT_RETURN_OFFSET		8

static bool ipa_beyond(u64 ipa, u32 bits)
{
	return bits < 64 && ipa >= BIT_ULL(bits);
}

/*
 * The host's IPA limit: the sanitised PARange, four bits wide. Reserved
 * encodings mean "as large as the kernel was built for", which is what
 * id_aa64mmfr0_parange_to_phys_shift() answers for them.
 */
u32 get_kvm_ipa_limit(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);

	return id_aa64mmfr0_parange_to_phys_shift(FIELD_GET(ID_AA64MMFR0_EL1_PARANGE,
							    mmfr0));
}

int kvm_arm_setup_stage2(struct kvm *kvm, unsigned long type)
{
	u32 ipa_limit = get_kvm_ipa_limit();
	struct kvm_pgtable *pgt;
	u32 phys_shift;

	/* Any bit outside the IPA size field is a type we do not know. */
	if (type & ~KVM_VM_TYPE_ARM_IPA_SIZE_MASK)
		return -EINVAL;

	phys_shift = FIELD_GET(KVM_VM_TYPE_ARM_IPA_SIZE_MASK, type);
	if (phys_shift) {
		if (phys_shift > ipa_limit || phys_shift < ARM64_MIN_PARANGE_BITS)
			return -EINVAL;
	} else {
		/*
		 * The legacy default. On a host whose limit is below it the
		 * VM could not have the space user space assumes: refuse
		 * rather than quietly give it less.
		 */
		phys_shift = KVM_PHYS_SHIFT;
		if (phys_shift > ipa_limit)
			return -EINVAL;
	}

	pgt = kvm->arch.mmu.pgt;
	if (!pgt)
		return -EINVAL;

	pgt->ia_bits = phys_shift;
	return 0;
}

/* The VM's stage-2 input size, as the MMU the vCPU runs on sees it. */
static u32 vcpu_ipa_bits(const struct kvm_vcpu *vcpu)
{
	const struct kvm_s2_mmu *mmu = vcpu->arch.hw_mmu;

	if (!mmu || !mmu->pgt)
		mmu = &vcpu->kvm->arch.mmu;

	return mmu->pgt ? mmu->pgt->ia_bits : 0;
}

/*
 * Exception entry to AArch64 EL1h, synchronous. The vector is chosen by
 * where the guest was: EL1h, EL1t, lower EL in AArch64, lower EL in
 * AArch32. NZCV, DIT and PAN are unchanged by exception entry, DAIF are
 * all set; PAN is also set when SCTLR_EL1.SPAN is 0, and SSBS is
 * SCTLR_EL1.DSSBS (FEAT_PAN and FEAT_SSBS, as KVM gives a guest).
 */
static void enter_exception64(struct kvm_vcpu *vcpu)
{
	u64 vbar = vcpu_read_sys_reg(vcpu, VBAR_EL1) & VBAR_EL1_BASE;
	u64 old = *vcpu_cpsr(vcpu);
	u64 mode = old & (PSR_MODE_MASK | PSR_MODE32_BIT);
	u64 offset;
	u64 new;

	if (mode == PSR_MODE_EL1h)
		offset = CURRENT_EL_SP_ELx_VECTOR;
	else if ((mode | PSR_MODE_THREAD_BIT) == PSR_MODE_EL1h)
		offset = CURRENT_EL_SP_EL0_VECTOR;
	else if (!(mode & PSR_MODE32_BIT))
		offset = LOWER_EL_AArch64_VECTOR;
	else
		offset = LOWER_EL_AArch32_VECTOR;

	vcpu_write_sys_reg(vcpu, *vcpu_pc(vcpu), ELR_EL1);
	vcpu_write_sys_reg(vcpu, old, SPSR_EL1);

	/*
	 * NZCV and PAN sit at the same bits in both views of PSTATE; DIT
	 * does not (CPSR[21], PSTATE[24]), and CPSR[24] is J, RES0, which
	 * must not become DIT when an AArch32 EL0 traps to AArch64 EL1.
	 */
	new = old & (PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | PSR_V_BIT | PSR_PAN_BIT);
	if (old & PSR_MODE32_BIT) {
		if (old & PSR_AA32_DIT_BIT)
			new |= PSR_DIT_BIT;
	} else {
		new |= old & PSR_DIT_BIT;
	}
	if (!(vcpu_read_sys_reg(vcpu, SCTLR_EL1) & SCTLR_EL1_SPAN))
		new |= PSR_PAN_BIT;
	if (vcpu_read_sys_reg(vcpu, SCTLR_EL1) & SCTLR_ELx_DSSBS)
		new |= PSR_SSBS_BIT;
	new |= PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT | PSR_MODE_EL1h;

	*vcpu_pc(vcpu) = vbar + offset;
	*vcpu_cpsr(vcpu) = new;
}

static void inject_abt64(struct kvm_vcpu *vcpu, bool is_iabt, unsigned long addr)
{
	u64 cpsr = *vcpu_cpsr(vcpu);
	u64 ec;
	u64 esr;

	/*
	 * An abort taken from EL0, or from AArch32 (which under an AArch64
	 * EL1 can only be EL0), is from a lower EL.
	 */
	if ((cpsr & PSR_MODE32_BIT) || (cpsr & PSR_MODE_MASK) == PSR_MODE_EL0t)
		ec = is_iabt ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_DABT_LOW;
	else
		ec = is_iabt ? ESR_ELx_EC_IABT_CUR : ESR_ELx_EC_DABT_CUR;

	esr = FIELD_PREP(ESR_ELx_EC_MASK, ec) | ESR_ELx_FSC_EXTABT;
	if (kvm_vcpu_trap_il_is32bit(vcpu))
		esr |= ESR_ELx_IL;

	enter_exception64(vcpu);

	vcpu_write_sys_reg(vcpu, addr, FAR_EL1);
	vcpu_write_sys_reg(vcpu, esr, ESR_EL1);
}

/*
 * Exception entry to AArch32 Abort mode: the CPSR keeps the flags, GE,
 * DIT, PAN and F; IT, J and IL are cleared; A and I are set; T and E come
 * from SCTLR.TE and SCTLR.EE, SSBS from SCTLR.DSSBS, and PAN is set when
 * SCTLR.SPAN is 0. The vector base is the high vectors when
 * SCTLR.V is set, VBAR otherwise.
 */
static void enter_exception32_abt(struct kvm_vcpu *vcpu, u32 vect_offset,
				  u32 return_offset)
{
	u64 sctlr = vcpu_read_sys_reg(vcpu, SCTLR_EL1);
	u64 old = *vcpu_cpsr(vcpu);
	u64 base;
	u64 new;

	new = old & (PSR_AA32_NZCVQ_MASK | PSR_AA32_GE_MASK | PSR_AA32_DIT_BIT |
		     PSR_AA32_PAN_BIT | PSR_AA32_F_BIT);
	new |= PSR_AA32_A_BIT | PSR_AA32_I_BIT | PSR_AA32_MODE_ABT;
	if (!(sctlr & SCTLR_EL1_SPAN))
		new |= PSR_AA32_PAN_BIT;
	if (sctlr & SCTLR_AA32_DSSBS)
		new |= PSR_AA32_SSBS_BIT;
	if (sctlr & SCTLR_EL1_TE)
		new |= PSR_AA32_T_BIT;
	if (sctlr & SCTLR_EL1_EE)
		new |= PSR_AA32_E_BIT;

	if (sctlr & SCTLR_ELx_V)
		base = AA32_HIVECS_BASE;
	else
		base = vcpu_read_sys_reg(vcpu, VBAR_EL1) & VBAR_AA32_BASE;

	vcpu_write_sys_reg(vcpu, old, SPSR_ABT);
	vcpu_write_sys_reg(vcpu, lower_32_bits(*vcpu_pc(vcpu) + return_offset), LR_ABT);

	*vcpu_cpsr(vcpu) = new;
	*vcpu_pc(vcpu) = base + vect_offset;
}

/*
 * An AArch32 EL1 has DFSR/DFAR for data aborts and IFSR/IFAR for prefetch
 * aborts: DFSR is ESR_EL1, IFSR is IFSR32_EL2, DFAR and IFAR are the low
 * and high halves of FAR_EL1. The status is an external abort, in the
 * format TTBCR.EAE selects.
 */
static void inject_abt32(struct kvm_vcpu *vcpu, bool is_pabt, u32 addr)
{
	u64 far = vcpu_read_sys_reg(vcpu, FAR_EL1);
	u32 fsr;

	if (vcpu_read_sys_reg(vcpu, TCR_EL1) & TTBCR_EAE)
		fsr = DFSR_LPAE | DFSR_FSC_EXTABT_LPAE;
	else
		fsr = DFSR_FSC_EXTABT_nLPAE;

	if (is_pabt) {
		enter_exception32_abt(vcpu, AA32_VECTOR_PABT, AA32_PABT_RETURN_OFFSET);
		far = lower_32_bits(far) | ((u64)addr << 32);
		vcpu_write_sys_reg(vcpu, fsr, IFSR32_EL2);
	} else {
		enter_exception32_abt(vcpu, AA32_VECTOR_DABT, AA32_DABT_RETURN_OFFSET);
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

/* The faulting IPA with the byte offset FAR_EL2 holds below 4 KiB. */
static u64 fault_ipa_with_offset(const struct kvm_vcpu *vcpu)
{
	return kvm_vcpu_get_fault_ipa(vcpu) |
	       (kvm_vcpu_get_hfar(vcpu) & FAR_GRANULE_OFFSET);
}

/*
 * An access beyond PARange: the external abort, then its status rewritten
 * to an Address Size Fault at level 0 (FSC 0) in whichever register holds
 * it. A non-LPAE AArch32 EL1 has no way to describe an Address Size Fault
 * and keeps the external abort.
 *
 * Deliberate difference from mainline: for an AArch32 EL1 the status of a
 * prefetch abort lives in IFSR (IFSR32_EL2), not DFSR (ESR_EL1). Mainline
 * clears ESR_EL1 in both cases, which leaves the prefetch abort reported
 * as external and corrupts DFSR; we rewrite the register we wrote.
 */
void kvm_inject_size_fault(struct kvm_vcpu *vcpu)
{
	bool is_iabt = kvm_vcpu_trap_is_iabt(vcpu);
	u64 addr = fault_ipa_with_offset(vcpu);
	enum vcpu_sysreg fsr_reg;
	u64 fsr;

	if (is_iabt)
		kvm_inject_pabt(vcpu, addr);
	else
		kvm_inject_dabt(vcpu, addr);

	if (vcpu_el1_is_32bit(vcpu)) {
		if (!(vcpu_read_sys_reg(vcpu, TCR_EL1) & TTBCR_EAE))
			return;
		fsr_reg = is_iabt ? IFSR32_EL2 : ESR_EL1;
		fsr = vcpu_read_sys_reg(vcpu, fsr_reg) & ~(u64)DFSR_FSC;
	} else {
		fsr_reg = ESR_EL1;
		fsr = vcpu_read_sys_reg(vcpu, fsr_reg) & ~ESR_ELx_FSC;
	}

	vcpu_write_sys_reg(vcpu, fsr, fsr_reg);
}

/*
 * A data abort outside every memslot: hand it to the VMM as MMIO, if the
 * syndrome says which access it was. Without ISV there is nothing the VMM
 * could emulate, and we have no way to decode the instruction.
 */
static int io_mem_abort(struct kvm_vcpu *vcpu, u64 ipa)
{
	u64 esr = kvm_vcpu_get_esr(vcpu);
	struct kvm_run *run = vcpu->run;

	if (!(esr & ESR_ELx_ISV) || !run)
		return -ENOSYS;

	run->mmio.phys_addr = ipa;
	run->mmio.len = 1U << FIELD_GET(ESR_ELx_SAS, esr);
	run->mmio.is_write = kvm_vcpu_dabt_iswrite(vcpu);
	run->exit_reason = KVM_EXIT_MMIO;

	return 0;
}

int kvm_handle_guest_abort(struct kvm_vcpu *vcpu)
{
	u64 fault_ipa = kvm_vcpu_get_fault_ipa(vcpu);
	bool is_iabt = kvm_vcpu_trap_is_iabt(vcpu);
	u64 esr = kvm_vcpu_get_esr(vcpu);

	/*
	 * Only a translation fault can be out of range: a permission or
	 * access flag fault needs a stage-2 entry, which nothing beyond the
	 * VM's IPA size can have.
	 */
	if (esr_fsc_is_translation_fault(esr)) {
		if (ipa_beyond(fault_ipa, get_kvm_ipa_limit())) {
			kvm_inject_size_fault(vcpu);
			return 1;
		}

		if (ipa_beyond(fault_ipa, vcpu_ipa_bits(vcpu))) {
			u64 addr = fault_ipa_with_offset(vcpu);

			if (is_iabt)
				kvm_inject_pabt(vcpu, addr);
			else
				kvm_inject_dabt(vcpu, addr);
			return 1;
		}
	}

	if (!esr_fsc_is_translation_fault(esr) &&
	    !esr_fsc_is_permission_fault(esr) &&
	    !esr_fsc_is_access_flag_fault(esr))
		return -EFAULT;

	/* Guest memory: the fault is resolved by mapping it; resume. */
	if (gfn_to_memslot(vcpu->kvm, fault_ipa >> PAGE_SHIFT))
		return 1;

	/* No instruction can be fetched from a device: prefetch abort at the VA. */
	if (is_iabt) {
		kvm_inject_pabt(vcpu, kvm_vcpu_get_hfar(vcpu));
		return 1;
	}

	return io_mem_abort(vcpu, fault_ipa_with_offset(vcpu));
}
