/* SPDX-License-Identifier: GPL-2.0-only */
/* <asm/kvm_hyp.h>: what the hyp knows of the machine it runs on. */
#ifndef __EL2FUZZ_ASM_KVM_HYP_H
#define __EL2FUZZ_ASM_KVM_HYP_H

/* CPUs the hyp runs on: with GITS_TYPER.PTA = 0, RDbase names one of them. */
extern unsigned int hyp_nr_cpus;

#endif
