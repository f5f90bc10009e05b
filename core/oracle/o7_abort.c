// SPDX-License-Identifier: GPL-2.0-only
/*
 * O7 abort architecture: what a guest's stage-2 abort leaves behind equals
 * a reference worked out here from the architecture alone: the syndrome
 * the hardware recorded (ESR_EL2, FAR_EL2, HPFAR_EL2), the host's PARange,
 * the VM's IPA size and the guest's state before the abort. It shares no
 * code with the mediator: its own PARange table, its own vector and
 * syndrome arithmetic, from the architecture's numbers.
 *
 * First of all, an IPA beyond the VM's IPA size never reaches the VMM.
 */
#include <string.h>

#include <asm/kvm_emulate.h>

#include "invariant.h"
#include "../machine/vcpu.h"
#include "../trace/trace.h"

enum expect_kind {
	EXPECT_RESUME,		/* nothing injected, guest resumes */
	EXPECT_ABORT,		/* an abort injected */
	EXPECT_MMIO,		/* exit to the VMM as MMIO */
	EXPECT_ERROR,		/* the host fails the run, no change */
};

struct expect {
	enum expect_kind kind;
	bool asf;		/* address size fault rather than external abort */
	uint64_t addr;
};

static struct {
	struct kvm_vcpu_arch before;
	unsigned int parange;
	unsigned int ia_bits;
} o7;

/* ID_AA64MMFR0_EL1.PARANGE -> bits; reserved values mean 48 (the kernel's build limit). */
static unsigned int pa_bits(unsigned int parange)
{
	static const uint8_t bits[16] = { 32, 36, 40, 42, 44, 48, 52, 48, 48, 48, 48, 48, 48, 48, 48, 48 };

	return bits[parange & 15];
}

static void o7_entry_begin(const struct oracle_entry *e)
{
	const struct kvm_vcpu *vcpu = vcpu_model_vcpu();

	if (e->kind != ENTRY_GUEST_ABORT)
		return;
	o7.before = vcpu->arch;
	o7.parange = vcpu_parange();
	o7.ia_bits = vcpu->arch.hw_mmu->pgt->ia_bits;
}

static struct expect reference(void)
{
	const struct kvm_vcpu_fault_info *f = &o7.before.fault;
	uint64_t ipa = ((f->hpfar_el2 >> 4) & ((1ULL << 40) - 1)) << 12;
	uint64_t with_offset = ipa | (f->far_el2 & 0xfff);
	unsigned int fault_type = (f->esr_el2 >> 2) & 0xf;	/* FSC[5:2] */
	bool iabt = (f->esr_el2 >> 26) == 0x20;
	bool eae = o7.before.sys_regs[TCR_EL1] >> 31 & 1;

	if (fault_type == 1 && ipa >> pa_bits(o7.parange))
		return (struct expect){ EXPECT_ABORT, !o7.before.el1_is_32bit || eae, with_offset };
	if (fault_type == 1 && ipa >> o7.ia_bits)
		return (struct expect){ EXPECT_ABORT, false, with_offset };
	if (fault_type < 1 || fault_type > 3)
		return (struct expect){ EXPECT_ERROR, false, 0 };
	if (ipa >= VCPU_RAM_BASE && ipa - VCPU_RAM_BASE < VCPU_RAM_SIZE)
		return (struct expect){ EXPECT_RESUME, false, 0 };
	if (iabt)
		return (struct expect){ EXPECT_ABORT, false, f->far_el2 };
	/*
	 * Without ISV (ESR bit 24) the syndrome names no access size or
	 * register: there is nothing the VMM could emulate, and KVM fails the
	 * run (-ENOSYS; this VMM has not asked for KVM_EXIT_ARM_NISV).
	 */
	if (!(f->esr_el2 >> 24 & 1))
		return (struct expect){ EXPECT_ERROR, false, 0 };
	return (struct expect){ EXPECT_MMIO, false, with_offset };
}

/*
 * PSTATE after an exception entry to an AArch64 EL1 (the Arm ARM's
 * AArch64.TakeException), for a vCPU with FEAT_PAN, FEAT_DIT and
 * FEAT_SSBS and without MTE: N, Z, C, V, DIT and PAN are kept; PAN is set
 * as well when SCTLR_EL1.SPAN (bit 23) is 0; SSBS (bit 12) is
 * SCTLR_EL1.DSSBS (bit 44); everything else (IL, SS, UAO, BTYPE) is 0 but
 * D, A, I, F and the mode, EL1h. From AArch32, DIT is CPSR bit 21; it
 * lands at bit 24.
 */
static uint64_t pstate64(uint64_t old, uint64_t sctlr)
{
	uint64_t new = old & (0xfULL << 28 | 1ULL << 22);

	if (old & 0x10)
		new |= (old >> 21 & 1) << 24;
	else
		new |= old & 1ULL << 24;
	if (!(sctlr >> 23 & 1))
		new |= 1ULL << 22;
	if (sctlr >> 44 & 1)
		new |= 1ULL << 12;
	return new | 0x3c5;
}

/*
 * CPSR after an exception entry to Abort mode (AArch32.EnterMode), the
 * same features: N, Z, C, V, Q, GE, DIT (21), PAN (22) and F are kept;
 * PAN is set as well when SCTLR.SPAN (23) is 0; SSBS (23) is SCTLR.DSSBS
 * (31), E (9) SCTLR.EE (25), T (5) SCTLR.TE (30); IT, J and IL are 0; A and
 * I are set; the mode is abt (0x17).
 */
static uint64_t cpsr_abt(uint64_t old, uint64_t sctlr)
{
	uint64_t new = old & (0x1fULL << 27 | 0xfULL << 16 | 1ULL << 21 | 1ULL << 22 | 0x40);

	if (!(sctlr >> 23 & 1))
		new |= 1ULL << 22;
	if (sctlr >> 31 & 1)
		new |= 1ULL << 23;
	if (sctlr >> 25 & 1)
		new |= 1ULL << 9;
	if (sctlr >> 30 & 1)
		new |= 1ULL << 5;
	return new | 0x100 | 0x80 | 0x17;
}

/* Exception entry to an AArch64 EL1. */
static void expect_abort64(struct kvm_vcpu_arch *a, bool iabt, const struct expect *e)
{
	uint64_t mode = a->pstate & 0x1f;
	bool lower = (mode & 0x10) || mode == 0;
	uint64_t offset = (mode & 0x10) ? 0x600 : mode == 0 ? 0x400 : mode == 4 ? 0x000 : 0x200;
	uint64_t ec = (iabt ? 0x20 : 0x24) + (lower ? 0 : 1);

	a->sys_regs[ELR_EL1] = a->pc;
	a->sys_regs[SPSR_EL1] = a->pstate;
	a->pstate = pstate64(a->pstate, a->sys_regs[SCTLR_EL1]);
	a->pc = a->sys_regs[VBAR_EL1] + offset;
	a->sys_regs[FAR_EL1] = e->addr;
	a->sys_regs[ESR_EL1] = ec << 26 | (a->fault.esr_el2 & (1ULL << 25)) |
			       (e->asf ? 0x00 : 0x10);
}

/* Exception entry to an AArch32 EL1: Abort mode, long or short FSR format. */
static void expect_abort32(struct kvm_vcpu_arch *a, bool iabt, const struct expect *e)
{
	bool lpae = a->sys_regs[TCR_EL1] >> 31 & 1;
	uint64_t fsr = lpae ? 0x200 | (e->asf ? 0x00 : 0x10) : 0x08;
	uint64_t base = (a->sys_regs[SCTLR_EL1] >> 13 & 1) ? 0xffff0000 :
			a->sys_regs[VBAR_EL1] & 0xffffffe0;
	uint64_t far = a->sys_regs[FAR_EL1];
	uint32_t addr = (uint32_t)e->addr;

	a->sys_regs[LR_ABT] = (uint32_t)(a->pc + (iabt ? 4 : 8));
	a->sys_regs[SPSR_ABT] = a->pstate;
	a->pstate = cpsr_abt(a->pstate, a->sys_regs[SCTLR_EL1]);
	a->pc = base + (iabt ? 0x0c : 0x10);
	if (iabt) {
		a->sys_regs[IFSR32_EL2] = fsr;
		a->sys_regs[FAR_EL1] = (far & 0xffffffffULL) | (uint64_t)addr << 32;
	} else {
		a->sys_regs[ESR_EL1] = fsr;
		a->sys_regs[FAR_EL1] = (far & ~0xffffffffULL) | addr;
	}
}

static const char *const sysreg_names[NR_SYS_REGS] = {
	[ELR_EL1] = "elr", [SPSR_EL1] = "spsr", [ESR_EL1] = "esr", [FAR_EL1] = "far",
	[VBAR_EL1] = "vbar", [TCR_EL1] = "tcr", [SCTLR_EL1] = "sctlr",
	[IFSR32_EL2] = "ifsr", [SPSR_ABT] = "spsr_abt", [LR_ABT] = "lr_abt",
};

static void compare(const struct kvm_vcpu_arch *want, const struct kvm_vcpu_arch *got)
{
	unsigned int r;

	if (want->pc != got->pc)
		report_violation("O7", "pc", "PC 0x%llx, expected 0x%llx",
				 (unsigned long long)got->pc, (unsigned long long)want->pc);
	if (want->pstate != got->pstate)
		report_violation("O7", "pstate", "PSTATE 0x%llx, expected 0x%llx",
				 (unsigned long long)got->pstate, (unsigned long long)want->pstate);
	for (r = 0; r < NR_SYS_REGS; r++)
		if (want->sys_regs[r] != got->sys_regs[r])
			report_violation("O7", sysreg_names[r], "%s 0x%llx, expected 0x%llx",
					 sysreg_names[r], (unsigned long long)got->sys_regs[r],
					 (unsigned long long)want->sys_regs[r]);
}

static void o7_entry_end(const struct oracle_entry *entry)
{
	const struct kvm_vcpu *vcpu = vcpu_model_vcpu();
	const struct kvm_run *run = vcpu->run;
	struct kvm_vcpu_arch want = o7.before;
	struct expect e = reference();
	bool iabt = (o7.before.fault.esr_el2 >> 26) == 0x20;
	long ret = entry->ret;
	bool ret_ok;

	if (entry->kind != ENTRY_GUEST_ABORT)
		return;
	if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.phys_addr >> o7.ia_bits)
		report_violation("O7", "out_of_range_mmio",
				 "IPA 0x%llx beyond %u IPA bits exited to the VMM as MMIO",
				 (unsigned long long)run->mmio.phys_addr, o7.ia_bits);
	ret_ok = e.kind == EXPECT_ERROR ? ret < 0 : ret == (e.kind == EXPECT_MMIO ? 0 : 1);
	if (!ret_ok || run->exit_reason != (e.kind == EXPECT_MMIO ? KVM_EXIT_MMIO : 0) ||
	    (e.kind == EXPECT_MMIO && run->mmio.phys_addr != e.addr))
		report_violation("O7", "exit", "expected outcome %d (addr 0x%llx), got %ld, exit %u",
				 (int)e.kind, (unsigned long long)e.addr, ret, run->exit_reason);
	/* The VMM emulates what the syndrome says: the direction (WnR) and size (SAS). */
	else if (e.kind == EXPECT_MMIO &&
		 (run->mmio.is_write != (o7.before.fault.esr_el2 >> 6 & 1) ||
		  run->mmio.len != 1U << (o7.before.fault.esr_el2 >> 22 & 3)))
		report_violation("O7", "mmio_access", "MMIO exit %s of %u bytes, the syndrome says %s of %u",
				 run->mmio.is_write ? "write" : "read", run->mmio.len,
				 o7.before.fault.esr_el2 >> 6 & 1 ? "write" : "read",
				 1U << (o7.before.fault.esr_el2 >> 22 & 3));
	if (e.kind == EXPECT_ABORT) {
		if (o7.before.el1_is_32bit)
			expect_abort32(&want, iabt, &e);
		else
			expect_abort64(&want, iabt, &e);
	}
	compare(&want, &vcpu->arch);
}

const struct invariant o7_abort = {
	.id = "O7",
	.name = "abort architecture",
	.scope = SCOPE_ENTRY,
	.entry_begin = o7_entry_begin,
	.entry_end = o7_entry_end,
};
