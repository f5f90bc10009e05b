/* SPDX-License-Identifier: GPL-2.0-only */
/* <asm/esr.h>: the syndrome fields an abort handler and its injector use. */
#ifndef __EL2FUZZ_ASM_ESR_H
#define __EL2FUZZ_ASM_ESR_H

#include <linux/bits.h>
#include <linux/bitfield.h>

#define ESR_ELx_EC_SHIFT	26
#define ESR_ELx_EC_MASK		GENMASK_ULL(31, 26)
#define ESR_ELx_EC(esr)		FIELD_GET(ESR_ELx_EC_MASK, (esr))
#define ESR_ELx_IL		BIT_ULL(25)
#define ESR_ELx_ISS_MASK	GENMASK_ULL(24, 0)

#define ESR_ELx_EC_UNKNOWN	0x00
#define ESR_ELx_EC_IABT_LOW	0x20
#define ESR_ELx_EC_IABT_CUR	0x21
#define ESR_ELx_EC_DABT_LOW	0x24
#define ESR_ELx_EC_DABT_CUR	0x25

/* Data abort ISS. */
#define ESR_ELx_ISV		BIT_ULL(24)
#define ESR_ELx_SAS		GENMASK_ULL(23, 22)
#define ESR_ELx_EA		BIT_ULL(9)
#define ESR_ELx_S1PTW		BIT_ULL(7)
#define ESR_ELx_WNR		BIT_ULL(6)

/* Fault status codes: the level (0..3) is added to the *_FAULT kinds. */
#define ESR_ELx_FSC		GENMASK_ULL(5, 0)
#define ESR_ELx_FSC_TYPE	GENMASK_ULL(5, 2)
#define ESR_ELx_FSC_LEVEL	GENMASK_ULL(1, 0)
#define ESR_ELx_FSC_ADDRSZ	0x00
#define ESR_ELx_FSC_FAULT	0x04
#define ESR_ELx_FSC_ACCESS	0x08
#define ESR_ELx_FSC_PERM	0x0c
#define ESR_ELx_FSC_EXTABT	0x10

static inline bool esr_fsc_is_translation_fault(unsigned long esr)
{
	return (esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT;
}

static inline bool esr_fsc_is_permission_fault(unsigned long esr)
{
	return (esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_PERM;
}

static inline bool esr_fsc_is_access_flag_fault(unsigned long esr)
{
	return (esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_ACCESS;
}

/* AArch32 fault status registers (DFSR/IFSR) as the injector writes them. */
#define DFSR_LPAE		BIT(9)
#define DFSR_FSC		GENMASK(5, 0)
#define DFSR_FSC_EXTABT_LPAE	0x10
#define DFSR_FSC_EXTABT_nLPAE	0x08
#define TTBCR_EAE		BIT(31)

#endif
