// SPDX-License-Identifier: GPL-2.0-only
/*
 * O7 fires on a mediator broken on purpose: a double of
 * kvm_handle_guest_abort() that forwards out-of-range faults to the VMM
 * as MMIO (catalogue defect 9), or injects with a wrong syndrome, return
 * address or fault address, or enters the exception with the wrong
 * PSTATE, or exits to the VMM without a valid syndrome, or looks guest
 * memory up in 4 KiB frames whatever the page size; the same programs
 * pass when it forwards to the real one.
 */
#include <asm/kvm_emulate.h>

#include "break_on_purpose.h"

enum breakage {
	FORWARD,
	MMIO_EXIT,		/* every translation fault goes to the VMM */
	WRONG_FSC,		/* external abort where a size fault is due */
	WRONG_LR32,		/* AArch32 return address off by 4 */
	FAR_IS_VA,		/* the guest's VA injected where the IPA is due */
	PSTATE_FIXED,		/* entry PSTATE is EL1h + DAIF, nothing kept */
	PAN_NOT_SET,		/* PAN left clear though SCTLR_EL1.SPAN is 0 */
	CPSR_KEEPS_IL,		/* AArch32 entry keeps IL */
	GFN_4K,			/* memslot looked up with ipa >> 12 */
	MMIO_LEN_ZERO,		/* an MMIO exit with no access size */
	MMIO_READ,		/* an MMIO exit that reads what the guest wrote */
};

static int mode;

int __real_kvm_handle_guest_abort(struct kvm_vcpu *vcpu);
int __wrap_kvm_handle_guest_abort(struct kvm_vcpu *vcpu);

int __wrap_kvm_handle_guest_abort(struct kvm_vcpu *vcpu)
{
	int ret;

	if (mode == GFN_4K && gfn_to_memslot(vcpu->kvm, kvm_vcpu_get_fault_ipa(vcpu) >> 12))
		return 1;
	if (mode == MMIO_EXIT) {
		vcpu->run->exit_reason = KVM_EXIT_MMIO;
		vcpu->run->mmio.phys_addr = kvm_vcpu_get_fault_ipa(vcpu) |
					    (kvm_vcpu_get_hfar(vcpu) & 0xfff);
		vcpu->run->mmio.is_write = kvm_vcpu_dabt_iswrite(vcpu);
		vcpu->run->mmio.len = kvm_vcpu_dabt_get_as(vcpu);
		return 0;
	}
	ret = __real_kvm_handle_guest_abort(vcpu);
	if (mode == WRONG_FSC)
		vcpu->arch.sys_regs[ESR_EL1] |= ESR_ELx_FSC_EXTABT;
	if (mode == WRONG_LR32)
		vcpu->arch.sys_regs[LR_ABT] += 4;
	if (mode == FAR_IS_VA)
		vcpu->arch.sys_regs[FAR_EL1] = kvm_vcpu_get_hfar(vcpu);
	if (mode == MMIO_LEN_ZERO)
		vcpu->run->mmio.len = 0;
	if (mode == MMIO_READ)
		vcpu->run->mmio.is_write = 0;
	if (mode == PSTATE_FIXED)
		vcpu->arch.pstate = PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT;
	if (mode == PAN_NOT_SET)
		vcpu->arch.pstate &= ~(u64)PSR_PAN_BIT;
	if (mode == CPSR_KEEPS_IL)
		vcpu->arch.pstate |= vcpu->arch.sys_regs[SPSR_ABT] & BIT(20);
	return ret;
}

static const char between[] =
	"vm 2 36\n"
	"vcpu 0x5 0x40080000 0x40000000\n"
	"abort 0x1000000010 0x0\n";

static const char beyond[] =
	"vm 1 32\n"
	"vcpu 0x4 0x40080000 0x40000000\n"
	"abort 0x1000000000 0x50\n";

static const char aarch32[] =
	"vm 1 32\n"
	"vcpu 0x13 0x8000 0x80000803\n"
	"abort 0x200000008 0x0\n";

/* N, Z, C, V, DIT and IL set; SCTLR_EL1.SPAN 0. */
static const char flags64[] =
	"vm 2 36\n"
	"vcpu 0xf1100005 0x40080000 0x40000000\n"
	"abort 0x1000000010 0x0\n";

static const char il32[] =
	"vm 1 32\n"
	"vcpu 0x100013 0x8000 0x80000803\n"
	"abort 0x200000008 0x0\n";

/* 256 MiB: outside guest RAM, but its 4 KiB frame is a 16 KiB frame of it. */
static const char mmio16k[] =
	"config page=16K\n"
	"vm 2 40\n"
	"abort 0x10000010 0x80\n";

int main(void)
{
	expect_broken(&mode, MMIO_EXIT, between, "O7:abort:out_of_range_mmio");
	expect_broken(&mode, MMIO_EXIT, beyond, "O7:abort:out_of_range_mmio");
	expect_broken(&mode, WRONG_FSC, beyond, "O7:abort:esr");
	expect_broken(&mode, WRONG_LR32, aarch32, "O7:abort:lr_abt");
	/* FAR_EL2 is the VA: beyond the IPA size the IPA and its offset are due. */
	expect_broken(&mode, FAR_IS_VA, between, "O7:abort:far");
	expect_broken(&mode, PSTATE_FIXED, flags64, "O7:abort:pstate");
	expect_broken(&mode, PAN_NOT_SET, flags64, "O7:abort:pstate");
	expect_broken(&mode, CPSR_KEEPS_IL, il32, "O7:abort:pstate");
	expect_broken(&mode, GFN_4K, mmio16k, "O7:abort:exit");
	/* With SPAN set, PAN is only kept: clear before, clear after. */
	expect_harmless(&mode, PAN_NOT_SET,
			"vm 2 36\nvcpu 0x5 0x40080000 0x40000008\nabort 0x1000000010 0x0\n");
	/* Without ISV the VMM has nothing to emulate: an MMIO exit is wrong. */
	expect_broken(&mode, MMIO_EXIT, "vm 2 36\nabort 0x9000010 0x0\n", "O7:abort:exit");
	/* The exit carries the syndrome's direction and size: a 4-byte write. */
	expect_broken(&mode, MMIO_LEN_ZERO, "vm 2 36\nabort 0x9000010 0x2a0\n", "O7:abort:mmio_access");
	expect_broken(&mode, MMIO_READ, "vm 2 36\nabort 0x9000010 0x2a0\n", "O7:abort:mmio_access");
	/* In range with ISV, a forwarded MMIO exit is the architecture's answer. */
	expect_harmless(&mode, MMIO_EXIT, "vm 2 36\nabort 0x9000010 0x80\n");
	return test_done("test_o7_abort_double");
}
