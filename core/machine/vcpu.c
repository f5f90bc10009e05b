// SPDX-License-Identifier: GPL-2.0-only
/* The VM and vCPU model; see vcpu.h. */
#include <errno.h>
#include <string.h>

#include <asm/cpufeature.h>
#include <asm/kvm_emulate.h>

#include "mem_internal.h"
#include "vcpu.h"
#include "../trace/trace.h"

static struct kvm_pgtable vm_pgt;
static struct kvm vm = { .arch.mmu.pgt = &vm_pgt };
static struct kvm_run vm_run;
static struct kvm_vcpu vcpu0 = { .kvm = &vm, .run = &vm_run };
static struct kvm_memory_slot ram_slot;
static uint64_t mmfr0;

void vcpu_reset(void)
{
	mmfr0 = ID_AA64MMFR0_EL1_PARANGE_40;
	vm_pgt = (struct kvm_pgtable){ .id = 2, .ia_bits = 40 };
	/* As in KVM, a gfn counts host pages: the slot's bounds follow PAGE_SIZE. */
	ram_slot.base_gfn = VCPU_RAM_BASE >> machine_page_shift();
	ram_slot.npages = VCPU_RAM_SIZE >> machine_page_shift();
	memset(&vm_run, 0, sizeof(vm_run));
	memset(&vcpu0.arch, 0, sizeof(vcpu0.arch));
	vcpu0.arch.hw_mmu = &vm.arch.mmu;
	vcpu0.arch.pstate = PSR_MODE_EL1h;
	vcpu0.arch.pc = VCPU_RAM_BASE + 0x80000;
	vcpu0.arch.sys_regs[VBAR_EL1] = VCPU_RAM_BASE;
}

struct kvm *vcpu_model_kvm(void)
{
	return &vm;
}

struct kvm_vcpu *vcpu_model_vcpu(void)
{
	return &vcpu0;
}

void vcpu_set_parange(unsigned int parange)
{
	mmfr0 = parange & ID_AA64MMFR0_EL1_PARANGE;
}

unsigned int vcpu_parange(void)
{
	return (unsigned int)mmfr0;
}

u64 read_sanitised_ftr_reg(u32 id)
{
	platform_hook_call("read_sanitised_ftr_reg", id);
	return id == SYS_ID_AA64MMFR0_EL1 ? mmfr0 : 0;
}

struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, u64 gfn)
{
	platform_hook_call("gfn_to_memslot", gfn);
	(void)kvm;
	if (gfn - ram_slot.base_gfn < ram_slot.npages)
		return &ram_slot;
	return NULL;
}

/* Modes an EL1 or EL0 guest can be in; never EL2, hyp or monitor. */
static bool mode_valid(uint64_t pstate, bool el1_is_32bit)
{
	unsigned int m = pstate & PSR_AA32_MODE_MASK;

	if (el1_is_32bit)
		return m == 0x10 || m == 0x11 || m == 0x12 || m == 0x13 ||
		       m == 0x17 || m == 0x1b || m == 0x1f;
	if (pstate & PSR_MODE32_BIT)
		return m == PSR_AA32_MODE_USR;
	return m == PSR_MODE_EL0t || m == PSR_MODE_EL1t || m == PSR_MODE_EL1h;
}

static uint64_t sctlr_from_flags(uint64_t flags, bool el1_is_32bit)
{
	uint64_t sctlr = 0;

	if (flags & VCPU_F_HIVECS)
		sctlr |= SCTLR_ELx_V;
	if (flags & VCPU_F_SPAN)
		sctlr |= SCTLR_EL1_SPAN;
	if (flags & VCPU_F_EE)
		sctlr |= SCTLR_ELx_EE;
	if (flags & VCPU_F_DSSBS)
		sctlr |= el1_is_32bit ? SCTLR_AA32_DSSBS : SCTLR_ELx_DSSBS;
	if ((flags & VCPU_F_TE) && el1_is_32bit)
		sctlr |= SCTLR_AA32_TE;
	return sctlr;
}

int vcpu_set_state(uint64_t pstate, uint64_t pc, uint64_t vbar_flags)
{
	bool el1_is_32bit = vbar_flags & VCPU_F_EL1_AARCH32;

	pstate &= 0xffffffffULL;
	if (!mode_valid(pstate, el1_is_32bit))
		return -EINVAL;
	if (pstate & PSR_MODE32_BIT)
		pc &= 0xffffffffULL;
	vcpu0.arch.pstate = pstate;
	vcpu0.arch.pc = pc;
	vcpu0.arch.el1_is_32bit = el1_is_32bit;
	vcpu0.arch.sys_regs[VBAR_EL1] = vbar_flags & VCPU_VBAR_MASK;
	vcpu0.arch.sys_regs[TCR_EL1] = vbar_flags & VCPU_F_LPAE ? TTBCR_EAE : 0;
	vcpu0.arch.sys_regs[SCTLR_EL1] = sctlr_from_flags(vbar_flags, el1_is_32bit);
	return 0;
}

void vcpu_take_abort(uint64_t addr, uint64_t flags)
{
	uint64_t ipa = addr & GENMASK_ULL(51, 12);
	uint64_t fsc = (flags & ABORT_F_FSC) ^ ESR_ELx_FSC_FAULT;
	bool iabt = flags & ABORT_F_IABT;
	uint64_t esr;
	uint64_t va;

	/* No stage-2 entry exists beyond the IPA size: only a translation fault. */
	if (ipa >= BIT_ULL(vm_pgt.ia_bits))
		fsc = ESR_ELx_FSC_FAULT | (fsc & ESR_ELx_FSC_LEVEL);
	esr = FIELD_PREP(ESR_ELx_EC_MASK, iabt ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_DABT_LOW) |
	      fsc;
	if (flags & ABORT_F_IL)
		esr |= ESR_ELx_IL;
	if (!iabt && (flags & ABORT_F_WNR))
		esr |= ESR_ELx_WNR;
	if (!iabt && (flags & ABORT_F_ISV))
		esr |= ESR_ELx_ISV | FIELD_PREP(ESR_ELx_SAS, FIELD_GET(ABORT_F_SAS, flags));
	/*
	 * The guest maps its pages where it likes: the VA shares only the
	 * granule offset with the IPA, and is 32 bits wide in AArch32.
	 */
	va = addr ^ ((flags ^ ABORT_VA_PATTERN) & ABORT_F_VA);
	if (vcpu0.arch.el1_is_32bit || (vcpu0.arch.pstate & PSR_MODE32_BIT))
		va = lower_32_bits(va);
	vcpu0.arch.fault.esr_el2 = esr;
	vcpu0.arch.fault.far_el2 = va;
	vcpu0.arch.fault.hpfar_el2 = FIELD_PREP(HPFAR_EL2_FIPA, ipa >> 12);
	memset(&vm_run, 0, sizeof(vm_run));
	TRACE3("[vcpu]", "abort: ESR_EL2 0x%llx FAR_EL2 0x%llx HPFAR_EL2 0x%llx",
	       esr, va, vcpu0.arch.fault.hpfar_el2);
}
