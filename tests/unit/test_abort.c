// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 aborts beyond the IPA range and the injected exceptions: every
 * PARange encoding and VM IPA size, IPAs just below and at 2^IPA-size and
 * 2^PARange and at the top of the address space, data and instruction
 * aborts from AArch64 EL0/EL1t/EL1h and AArch32 with and without LPAE;
 * the state an exception entry keeps, sets and clears; the memslot at
 * every page size; no MMIO exit without a valid syndrome.
 */
#include <errno.h>

#include <asm/kvm_emulate.h>

#include "../test.h"
#include "../../core/machine/machine.h"
#include "../../core/machine/vcpu.h"

#define VBAR	0x40000000ULL
#define PC	0x40080000ULL

static const unsigned int pa_bits[16] = { 32, 36, 40, 42, 44, 48, 52, 48, 48, 48, 48, 48, 48, 48, 48, 48 };

static struct kvm_vcpu *vcpu;

static void boot_pages(unsigned int page_shift)
{
	struct machine_config cfg = { .page_shift = page_shift, .ram_size = 16 << 20,
				      .nr_devices = 1 };

	CHECK_EQ(machine_boot(&cfg), 0);
	vcpu = vcpu_model_vcpu();
}

static void boot(void)
{
	boot_pages(12);
}

static int vm(unsigned int parange, unsigned long type)
{
	vcpu_set_parange(parange);
	return kvm_arm_setup_stage2(vcpu_model_kvm(), type);
}

static int take(uint64_t addr, uint64_t flags)
{
	vcpu_take_abort(addr, flags);
	return kvm_handle_guest_abort(vcpu);
}

static void test_ipa_limit_and_vm_types(void)
{
	unsigned int p, bits;

	boot();
	for (p = 0; p < 16; p++) {
		vcpu_set_parange(p);
		CHECK_EQ(get_kvm_ipa_limit(), pa_bits[p]);
		CHECK_EQ(vm(p, 31), -EINVAL);
		CHECK_EQ(vm(p, 32), 0);
		CHECK_EQ(vm(p, pa_bits[p]), 0);
		CHECK_EQ(vcpu->arch.hw_mmu->pgt->ia_bits, pa_bits[p]);
		CHECK_EQ(vm(p, pa_bits[p] + 1), -EINVAL);
		CHECK_EQ(vm(p, 0), pa_bits[p] >= 40 ? 0 : -EINVAL);
		CHECK_EQ(vm(p, 0x100 | 32), -EINVAL);
		for (bits = 32; bits <= pa_bits[p]; bits++)
			CHECK_EQ(vm(p, bits), 0);
	}
	CHECK_EQ(vm(2, 0), 0);
	CHECK_EQ(vcpu->arch.hw_mmu->pgt->ia_bits, 40);
}

/*
 * The AArch64 EL1h external abort or size fault for @addr, entered from a
 * state whose kept bits (flags, DIT, PAN) are @kept; SCTLR_EL1.SPAN is 0,
 * so PAN is set.
 */
static void check_abort64_from(uint64_t esr, uint64_t far, uint64_t vector, uint64_t kept)
{
	CHECK_EQ(vcpu->arch.sys_regs[ESR_EL1], esr);
	CHECK_EQ(vcpu->arch.sys_regs[FAR_EL1], far);
	CHECK_EQ(vcpu->arch.pc, VBAR + vector);
	CHECK_EQ(vcpu->arch.pstate, kept | PSR_PAN_BIT | PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT |
				    PSR_I_BIT | PSR_F_BIT);
}

static void check_abort64(uint64_t esr, uint64_t far, uint64_t vector)
{
	check_abort64_from(esr, far, vector, 0);
}

static void el1h(void)
{
	CHECK_EQ(vcpu_set_state(PSR_MODE_EL1h, PC, VBAR), 0);
}

/* Every encoding and IPA size: just below and at 2^IPA and 2^PARange, the top. */
static void test_boundaries(void)
{
	unsigned int p, bits;

	for (p = 0; p < 7; p++) {
		for (bits = 32; bits <= pa_bits[p]; bits++) {
			uint64_t lim = 1ULL << bits, pa = 1ULL << pa_bits[p];

			boot();
			CHECK_EQ(vm(p, bits), 0);
			el1h();
			/* Just below the IPA size: an ordinary MMIO exit. */
			CHECK_EQ(take(lim - 0x1000 + 0x10, ABORT_F_IL | ABORT_F_ISV), 0);
			CHECK_EQ(vcpu->run->exit_reason, KVM_EXIT_MMIO);
			CHECK_EQ(vcpu->run->mmio.phys_addr, lim - 0x1000 + 0x10);
			CHECK_EQ(vcpu->arch.pc, PC);
			if (bits == 52)
				continue;	/* HPFAR holds no IPA bit above 51 */
			/* At 2^IPA: external abort, or size fault when IPA == PARange. */
			CHECK_EQ(take(lim + 0x24, ABORT_F_IL), 1);
			CHECK_EQ(vcpu->run->exit_reason, 0);
			check_abort64(0x96000000 | (bits < pa_bits[p] ? 0x10 : 0), lim + 0x24, 0x200);
			CHECK_EQ(vcpu->arch.sys_regs[ELR_EL1], PC);
			CHECK_EQ(vcpu->arch.sys_regs[SPSR_EL1], PSR_MODE_EL1h);
			if (pa_bits[p] == 52)
				continue;
			el1h();
			if (bits < pa_bits[p]) {
				CHECK_EQ(take(pa - 0x1000 + 0xff8, ABORT_F_ISV), 1);
				check_abort64(0x94000010, pa - 0x1000 + 0xff8, 0x200);
			} else {
				CHECK_EQ(take(pa - 0x1000 + 0xff8, ABORT_F_ISV), 0);
				CHECK_EQ(vcpu->run->mmio.phys_addr, pa - 0x1000 + 0xff8);
			}
			el1h();
			CHECK_EQ(take(pa, ABORT_F_IABT | ABORT_F_IL), 1);
			check_abort64(0x86000000, pa, 0x200);
			el1h();
			CHECK_EQ(take(0xfffffffffffff123ULL, 0), 1);
			check_abort64(0x94000000, 0x000ffffffffff123ULL, 0x200);
		}
	}
}

static void test_aarch64_modes(void)
{
	boot();
	CHECK_EQ(vm(5, 40), 0);
	/* EL1t: current EL with SP_EL0, class CUR. */
	CHECK_EQ(vcpu_set_state(0x600003c4, PC, VBAR), 0);
	CHECK_EQ(take(0x20000000123ULL, ABORT_F_IL), 1);
	check_abort64_from(0x96000010, 0x20000000123ULL, 0x0, PSR_Z_BIT | PSR_C_BIT);
	CHECK_EQ(vcpu->arch.sys_regs[SPSR_EL1], 0x600003c4);
	/* EL0t: lower EL AArch64, class LOW. */
	CHECK_EQ(vcpu_set_state(PSR_MODE_EL0t, PC + 4, VBAR), 0);
	CHECK_EQ(take(0x20000000123ULL, ABORT_F_IABT | ABORT_F_IL), 1);
	check_abort64(0x82000010, 0x20000000123ULL, 0x400);
	CHECK_EQ(vcpu->arch.sys_regs[ELR_EL1], PC + 4);
	CHECK_EQ(take(0x1000000000000ULL, 0), 1);	/* from EL1h now, beyond PARange */
	check_abort64(0x94000000, 0x1000000000000ULL, 0x200);
	/* AArch32 EL0 under an AArch64 EL1: lower EL AArch32, class LOW. */
	CHECK_EQ(vcpu_set_state(PSR_AA32_MODE_USR, 0x8000, VBAR), 0);
	CHECK_EQ(take(0x1000000000010ULL, ABORT_F_WNR), 1);
	check_abort64(0x90000000, 0x1000000000010ULL, 0x600);
	CHECK_EQ(vcpu->arch.sys_regs[SPSR_EL1], PSR_AA32_MODE_USR);
}

static void test_aarch32(void)
{
	boot();
	CHECK_EQ(vm(1, 32), 0);
	/* LPAE: long-format FSR; size fault beyond PARange, in DFSR or IFSR. */
	CHECK_EQ(vcpu_set_state(0x13, 0x8000, 0x80000800 | VCPU_F_LPAE | VCPU_F_EL1_AARCH32), 0);
	vcpu->arch.sys_regs[FAR_EL1] = 0x1111111122222222ULL;
	CHECK_EQ(take(0x1000000004ULL, 0), 1);
	CHECK_EQ(vcpu->arch.sys_regs[ESR_EL1], DFSR_LPAE | 0x00);
	CHECK_EQ(vcpu->arch.sys_regs[FAR_EL1], 0x1111111100000004ULL);
	CHECK_EQ(vcpu->arch.sys_regs[LR_ABT], 0x8008);
	CHECK_EQ(vcpu->arch.sys_regs[SPSR_ABT], 0x13);
	CHECK_EQ(vcpu->arch.pstate, PSR_AA32_PAN_BIT | 0x197);
	CHECK_EQ(vcpu->arch.pc, 0x80000810);
	CHECK_EQ(vcpu->arch.sys_regs[ELR_EL1], 0);
	CHECK_EQ(vcpu_set_state(0x13, 0x8000, 0x80000800 | VCPU_F_LPAE | VCPU_F_EL1_AARCH32), 0);
	CHECK_EQ(take(0x1000000004ULL, ABORT_F_IABT), 1);
	CHECK_EQ(vcpu->arch.sys_regs[IFSR32_EL2], DFSR_LPAE | 0x00);
	CHECK_EQ(vcpu->arch.sys_regs[ESR_EL1], DFSR_LPAE | 0x00);	/* the data abort's, kept */
	CHECK_EQ(vcpu->arch.sys_regs[FAR_EL1], 0x0000000400000004ULL);
	CHECK_EQ(vcpu->arch.sys_regs[LR_ABT], 0x8004);
	CHECK_EQ(vcpu->arch.pc, 0x8000080c);
	/* Between IPA size and PARange: the external abort. */
	CHECK_EQ(vcpu_set_state(0x1f, 0xfffffffc, 0x80000800 | VCPU_F_LPAE | VCPU_F_EL1_AARCH32 |
				VCPU_F_HIVECS), 0);
	CHECK_EQ(take(0x200000008ULL, 0), 1);
	CHECK_EQ(vcpu->arch.sys_regs[ESR_EL1], DFSR_LPAE | DFSR_FSC_EXTABT_LPAE);
	CHECK_EQ(vcpu->arch.sys_regs[LR_ABT], 0x4);	/* 32-bit wrap */
	CHECK_EQ(vcpu->arch.pc, 0xffff0010);
	/* No LPAE: only the short-format external abort, even beyond PARange. */
	CHECK_EQ(vcpu_set_state(0x10, 0x8000, 0x80000800 | VCPU_F_EL1_AARCH32), 0);
	CHECK_EQ(take(0x1000000004ULL, 0), 1);
	CHECK_EQ(vcpu->arch.sys_regs[ESR_EL1], DFSR_FSC_EXTABT_nLPAE);
	CHECK_EQ(vcpu_set_state(0x10, 0x8000, 0x80000800 | VCPU_F_EL1_AARCH32), 0);
	CHECK_EQ(take(0x1000000004ULL, ABORT_F_IABT), 1);
	CHECK_EQ(vcpu->arch.sys_regs[IFSR32_EL2], DFSR_FSC_EXTABT_nLPAE);
	/* Guest states that cannot be. */
	CHECK_EQ(vcpu_set_state(0x1a, 0, VCPU_F_EL1_AARCH32), -EINVAL);
	CHECK_EQ(vcpu_set_state(0x13, 0, 0), -EINVAL);
	CHECK_EQ(vcpu_set_state(0x9, 0, 0), -EINVAL);
	CHECK_EQ(vcpu_set_state(0x5, 0, VCPU_F_EL1_AARCH32), -EINVAL);
}

static void test_normal_path(void)
{
	boot();
	CHECK_EQ(vm(2, 40), 0);
	el1h();
	CHECK_EQ(take(VCPU_RAM_BASE + 0x1234, 0), 1);
	CHECK_EQ(vcpu->arch.pc, PC);
	/* Without a valid syndrome there is nothing the VMM could emulate. */
	CHECK_EQ(take(0x9000010, ABORT_F_WNR), -ENOSYS);
	CHECK_EQ(vcpu->run->exit_reason, 0);
	CHECK_EQ(vcpu->arch.pc, PC);
	CHECK_EQ(take(0x9000010, ABORT_F_WNR | ABORT_F_ISV), 0);
	CHECK_EQ(vcpu->run->exit_reason, KVM_EXIT_MMIO);
	CHECK_EQ(vcpu->run->mmio.phys_addr, 0x9000010);
	CHECK_EQ(vcpu->run->mmio.is_write, 1);
	CHECK_EQ(vcpu->run->mmio.len, 1);
	/* The syndrome's access size (SAS 3: 8 bytes) reaches the VMM. */
	CHECK_EQ(take(0x9000010, ABORT_F_ISV | FIELD_PREP(ABORT_F_SAS, 3)), 0);
	CHECK_EQ(vcpu->run->mmio.len, 8);
	CHECK_EQ(vcpu->run->mmio.is_write, 0);
	/* A fetch outside memory: the guest's own VA, not the IPA, in FAR_EL1. */
	CHECK_EQ(take(0x9000010, ABORT_F_IABT), 1);
	check_abort64(0x84000010, 0x9000010 ^ ABORT_VA_PATTERN, 0x200);
	el1h();
	CHECK_EQ(take(0x9000010, ABORT_F_IABT | (ABORT_VA_PATTERN ^ 0x7000)), 1);
	check_abort64(0x84000010, 0x9007010, 0x200);
	el1h();
	CHECK_EQ(take(0x9000010, 0x4), -EFAULT);	/* an address size fault from stage 2 */
	CHECK_EQ(vcpu->arch.pc, PC);
	CHECK_EQ(take(0x9000010, 0x8 | ABORT_F_ISV), 0);	/* a permission fault: MMIO */
	/* Beyond the IPA size the hardware only reports translation faults. */
	CHECK_EQ(take(0x10000000000ULL, 0x8), 1);
	CHECK_EQ(vcpu->run->exit_reason, 0);
	CHECK_EQ(vcpu->arch.sys_regs[ESR_EL1] & ESR_ELx_FSC, 0);
}

/* PSTATE/CPSR after entry, from the old state and the SCTLR bits read. */
static void test_entry_state(void)
{
	boot();
	CHECK_EQ(vm(2, 36), 0);
	/* N, Z, C, V, DIT, PAN kept; IL cleared; SPAN 0 forces PAN. */
	CHECK_EQ(vcpu_set_state(0xf1100005, PC, VBAR), 0);
	CHECK_EQ(take(0x1000000010ULL, 0), 1);
	CHECK_EQ(vcpu->arch.pstate, 0xf14003c5);
	/* SPAN 1: PAN kept only; DSSBS gives SSBS. */
	CHECK_EQ(vcpu_set_state(0x00000005, PC, VBAR | VCPU_F_SPAN | VCPU_F_DSSBS), 0);
	CHECK_EQ(take(0x1000000010ULL, 0), 1);
	CHECK_EQ(vcpu->arch.pstate, PSR_SSBS_BIT | 0x3c5);
	/* From AArch32 EL0, DIT is CPSR bit 21 and lands at bit 24; J is not DIT. */
	CHECK_EQ(vcpu_set_state(0x01200010, 0x8000, VBAR | VCPU_F_SPAN), 0);
	CHECK_EQ(take(0x1000000010ULL, 0), 1);
	CHECK_EQ(vcpu->arch.pstate, PSR_DIT_BIT | 0x3c5);
	/* AArch32 EL1: Q, GE, DIT kept; IL and SSBS cleared; E, T, SSBS from SCTLR. */
	CHECK_EQ(vm(1, 32), 0);
	CHECK_EQ(vcpu_set_state(0x08bf0013, 0x8000, 0x80000800 | VCPU_F_LPAE | VCPU_F_EL1_AARCH32 |
				VCPU_F_SPAN), 0);
	CHECK_EQ(take(0x200000008ULL, 0), 1);
	CHECK_EQ(vcpu->arch.pstate, 0x082f0197);
	CHECK_EQ(vcpu_set_state(0x13, 0x8000, 0x80000800 | VCPU_F_LPAE | VCPU_F_EL1_AARCH32 |
				VCPU_F_DSSBS | VCPU_F_EE | VCPU_F_TE), 0);
	CHECK_EQ(take(0x200000008ULL, 0), 1);
	CHECK_EQ(vcpu->arch.pstate, PSR_AA32_SSBS_BIT | PSR_AA32_PAN_BIT | PSR_AA32_E_BIT |
				    PSR_AA32_T_BIT | 0x197);
}

/* The memslot counts host pages: guest RAM is [1 GiB, 2 GiB) at every size. */
static void test_memslot_page_sizes(void)
{
	static const unsigned int shifts[] = { 12, 14, 16 };
	unsigned int i;

	for (i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++) {
		boot_pages(shifts[i]);
		CHECK_EQ(vm(2, 40), 0);
		el1h();
		CHECK_EQ(take(VCPU_RAM_BASE, 0), 1);
		CHECK_EQ(take(VCPU_RAM_BASE + VCPU_RAM_SIZE - 0x1000, ABORT_F_IABT), 1);
		CHECK_EQ(vcpu->arch.pc, PC);
		CHECK_EQ(take(0x10000010, ABORT_F_ISV), 0);
		CHECK_EQ(vcpu->run->mmio.phys_addr, 0x10000010);
		CHECK_EQ(take(VCPU_RAM_BASE + VCPU_RAM_SIZE, ABORT_F_ISV), 0);
	}
}

int main(void)
{
	test_ipa_limit_and_vm_types();
	test_boundaries();
	test_aarch64_modes();
	test_aarch32();
	test_normal_path();
	test_entry_state();
	test_memslot_page_sizes();
	return test_done("test_abort");
}
