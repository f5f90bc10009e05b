/* SPDX-License-Identifier: GPL-2.0-only */
/* <asm/cpufeature.h>: the sanitised ID registers and what they mean. */
#ifndef __EL2FUZZ_ASM_CPUFEATURE_H
#define __EL2FUZZ_ASM_CPUFEATURE_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/bitfield.h>

#define SYS_ID_AA64MMFR0_EL1		0
#define ID_AA64MMFR0_EL1_PARANGE	GENMASK_ULL(3, 0)	/* four bits, not three */
#define ID_AA64MMFR0_EL1_PARANGE_32	0x0
#define ID_AA64MMFR0_EL1_PARANGE_36	0x1
#define ID_AA64MMFR0_EL1_PARANGE_40	0x2
#define ID_AA64MMFR0_EL1_PARANGE_42	0x3
#define ID_AA64MMFR0_EL1_PARANGE_44	0x4
#define ID_AA64MMFR0_EL1_PARANGE_48	0x5
#define ID_AA64MMFR0_EL1_PARANGE_52	0x6

#define CONFIG_ARM64_PA_BITS		48

u64 read_sanitised_ftr_reg(u32 id);

static inline u32 id_aa64mmfr0_parange_to_phys_shift(int parange)
{
	switch (parange) {
	case ID_AA64MMFR0_EL1_PARANGE_32: return 32;
	case ID_AA64MMFR0_EL1_PARANGE_36: return 36;
	case ID_AA64MMFR0_EL1_PARANGE_40: return 40;
	case ID_AA64MMFR0_EL1_PARANGE_42: return 42;
	case ID_AA64MMFR0_EL1_PARANGE_44: return 44;
	case ID_AA64MMFR0_EL1_PARANGE_48: return 48;
	case ID_AA64MMFR0_EL1_PARANGE_52: return 52;
	/* Reserved values: assume the largest the kernel was built for. */
	default: return CONFIG_ARM64_PA_BITS;
	}
}

#endif
