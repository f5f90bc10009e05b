// SPDX-License-Identifier: GPL-2.0-only
/*
 * O7 fires on a mediator broken on purpose: a double of
 * kvm_handle_guest_abort() that forwards out-of-range faults to the VMM
 * as MMIO (catalogue defect 9), or injects with a wrong syndrome, return
 * address or fault address; the same programs pass when it forwards to
 * the real one.
 */
#include <asm/kvm_emulate.h>

#include "break_on_purpose.h"

enum breakage {
	FORWARD,
	MMIO_EXIT,		/* every translation fault goes to the VMM */
	WRONG_FSC,		/* external abort where a size fault is due */
	WRONG_LR32,		/* AArch32 return address off by 4 */
	FAR_IS_VA,		/* the guest's VA injected where the IPA is due */
};

static int mode;

int __real_kvm_handle_guest_abort(struct kvm_vcpu *vcpu);
int __wrap_kvm_handle_guest_abort(struct kvm_vcpu *vcpu);

int __wrap_kvm_handle_guest_abort(struct kvm_vcpu *vcpu)
{
	int ret;

	if (mode == MMIO_EXIT) {
		vcpu->run->exit_reason = KVM_EXIT_MMIO;
		vcpu->run->mmio.phys_addr = kvm_vcpu_get_fault_ipa(vcpu) |
					    (kvm_vcpu_get_hfar(vcpu) & 0xfff);
		return 0;
	}
	ret = __real_kvm_handle_guest_abort(vcpu);
	if (mode == WRONG_FSC)
		vcpu->arch.sys_regs[ESR_EL1] |= ESR_ELx_FSC_EXTABT;
	if (mode == WRONG_LR32)
		vcpu->arch.sys_regs[LR_ABT] += 4;
	if (mode == FAR_IS_VA)
		vcpu->arch.sys_regs[FAR_EL1] = kvm_vcpu_get_hfar(vcpu);
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

int main(void)
{
	expect_broken(&mode, MMIO_EXIT, between, "O7:abort:out_of_range_mmio");
	expect_broken(&mode, MMIO_EXIT, beyond, "O7:abort:out_of_range_mmio");
	expect_broken(&mode, WRONG_FSC, beyond, "O7:abort:esr");
	expect_broken(&mode, WRONG_LR32, aarch32, "O7:abort:lr_abt");
	/* FAR_EL2 is the VA: beyond the IPA size the IPA and its offset are due. */
	expect_broken(&mode, FAR_IS_VA, between, "O7:abort:far");
	/* In range, a forwarded MMIO exit is the architecture's answer. */
	expect_harmless(&mode, MMIO_EXIT, "vm 2 36\nabort 0x9000010 0x0\n");
	return test_done("test_o7_abort_double");
}
