/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu: one VM with one vCPU, as the hardware and the VMM present them to
 * the abort path. The host's sanitised ID_AA64MMFR0_EL1 (its PARange),
 * the VM's stage-2 (its IPA size), its memslot, the vCPU's execution state
 * (AArch64 EL0/EL1, AArch32 with or without LPAE) and the EL1 registers an
 * exception entry writes, the syndrome the hardware records when the guest
 * faults, and the run structure the VMM reads on an exit.
 */
#ifndef EL2FUZZ_VCPU_H
#define EL2FUZZ_VCPU_H

#include <stdbool.h>
#include <stdint.h>

struct kvm;
struct kvm_vcpu;

#define VCPU_RAM_BASE		0x40000000ULL	/* the VM's one memslot */
#define VCPU_RAM_SIZE		0x40000000ULL

/* vcpu op, third operand: VBAR_EL1[63:11] | these flags in the RES0 bits. */
#define VCPU_F_LPAE		(1ULL << 0)	/* TTBCR.EAE */
#define VCPU_F_EL1_AARCH32	(1ULL << 1)	/* the whole VM is AArch32 */
#define VCPU_F_HIVECS		(1ULL << 2)	/* SCTLR.V */
/*
 * SCTLR_EL1 bits an exception entry reads. Clear by default, as a Linux
 * guest runs (SPAN 0: every entry sets PAN).
 */
#define VCPU_F_SPAN		(1ULL << 3)	/* SCTLR_EL1.SPAN */
#define VCPU_F_DSSBS		(1ULL << 4)	/* SCTLR_EL1.DSSBS (bit 44; bit 31 in AArch32) */
#define VCPU_F_EE		(1ULL << 5)	/* SCTLR_EL1.EE */
#define VCPU_F_TE		(1ULL << 6)	/* SCTLR.TE (AArch32 EL1 only; bit 30) */
#define VCPU_VBAR_MASK		(~0x7ffULL)

/* abort op, second operand. */
#define ABORT_F_FSC		0xfULL		/* FSC[3:0] ^ 4: 0 is a translation fault, level 0 */
#define ABORT_F_IABT		(1ULL << 4)
#define ABORT_F_WNR		(1ULL << 5)
#define ABORT_F_IL		(1ULL << 6)
#define ABORT_F_ISV		(1ULL << 7)	/* data aborts: a valid syndrome (ESR_ELx.ISV) */
#define ABORT_F_SAS		GENMASK_ULL(9, 8)	/* with ISV: log2 of the access's size */
/*
 * The guest VA's page bits, as they differ from the IPA's (FAR_EL2 holds
 * the VA: only its offset in a 4 KiB granule is the IPA's). XORed over
 * ABORT_VA_PATTERN, so that a VA equal to its IPA is a choice, not the norm.
 */
#define ABORT_F_VA		GENMASK_ULL(31, 12)
#define ABORT_VA_PATTERN	0x5a5a5000ULL

void vcpu_reset(void);
struct kvm *vcpu_model_kvm(void);
struct kvm_vcpu *vcpu_model_vcpu(void);

/* The host's sanitised PARange field (any four-bit value). */
void vcpu_set_parange(unsigned int parange);
unsigned int vcpu_parange(void);

/* 0, or -EINVAL for a state the guest cannot be in (it is left as it was). */
int vcpu_set_state(uint64_t pstate, uint64_t pc, uint64_t vbar_flags);

/* The guest faults at @addr (IPA; its page offset is FAR_EL2's): fill the syndrome. */
void vcpu_take_abort(uint64_t addr, uint64_t flags);

#endif
