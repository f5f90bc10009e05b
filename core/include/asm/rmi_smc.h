/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/rmi_smc.h>: the Realm Management Interface as the host sees it.
 * A return value packs the status in bits [7:0] and an index in [15:8]:
 * for RMI_ERROR_RTT the index is the RTT level at which the walk ended.
 */
#ifndef __EL2FUZZ_ASM_RMI_SMC_H
#define __EL2FUZZ_ASM_RMI_SMC_H

#include <linux/bits.h>
#include <linux/bitfield.h>

#define SMC_RMI_CALL(func)		(0xc4000000UL | (func))

#define SMC_RMI_RTT_CREATE		SMC_RMI_CALL(0x015d)
#define SMC_RMI_RTT_INIT_RIPAS		SMC_RMI_CALL(0x0168)
#define SMC_RMI_RTT_SET_RIPAS		SMC_RMI_CALL(0x0169)

#define RMI_RETURN_STATUS_MASK		GENMASK(7, 0)
#define RMI_RETURN_INDEX_MASK		GENMASK(15, 8)
#define RMI_RETURN_STATUS(ret)		FIELD_GET(RMI_RETURN_STATUS_MASK, (unsigned long)(ret))
#define RMI_RETURN_INDEX(ret)		FIELD_GET(RMI_RETURN_INDEX_MASK, (unsigned long)(ret))
#define RMI_RETURN(status, index)	(FIELD_PREP(RMI_RETURN_STATUS_MASK, (status)) | \
					 FIELD_PREP(RMI_RETURN_INDEX_MASK, (index)))

#define RMI_SUCCESS			0
#define RMI_ERROR_INPUT			1
#define RMI_ERROR_REALM			2
#define RMI_ERROR_REC			3
#define RMI_ERROR_RTT			4

/* RIPAS values, as the RMM and the realm name them. */
#define RMI_EMPTY			0
#define RMI_RAM				1
#define RMI_DESTROYED			2

/* REC exit reasons. */
#define RMI_EXIT_SYNC			0
#define RMI_EXIT_IRQ			1
#define RMI_EXIT_FIQ			2
#define RMI_EXIT_PSCI			3
#define RMI_EXIT_RIPAS_CHANGE		4
#define RMI_EXIT_HOST_CALL		5
#define RMI_EXIT_SERROR			6

/* RTT geometry with 4 KiB granules: 9 IPA bits per level below 12. */
#define RMM_RTT_MAX_LEVEL		3
#define RMM_PAGE_SHIFT			12
#define RMM_PAGE_SIZE			BIT_ULL(RMM_PAGE_SHIFT)
#define RMM_RTT_LEVEL_SHIFT(l)		(RMM_PAGE_SHIFT + 9 * (RMM_RTT_MAX_LEVEL - (l)))

struct arm_smccc_res {
	unsigned long a0;
	unsigned long a1;
	unsigned long a2;
	unsigned long a3;
};

/* The SMC conduit to the RMM: results in res->a0 (status) and a1.. */
void arm_smccc_1_1_invoke(unsigned long fid, unsigned long a1, unsigned long a2,
			  unsigned long a3, unsigned long a4, struct arm_smccc_res *res);

#endif
