/* SPDX-License-Identifier: GPL-2.0-only */
/* <asm/rmi_cmds.h>: one thin wrapper per RMI command the host uses. */
#ifndef __EL2FUZZ_ASM_RMI_CMDS_H
#define __EL2FUZZ_ASM_RMI_CMDS_H

#include <linux/types.h>
#include <asm/rmi_smc.h>

/*
 * Create the RTT at @level covering @addr from the delegated granule @rtt.
 * Returns an RMI return value.
 */
static inline int rmi_rtt_create(unsigned long rd, unsigned long rtt,
				 unsigned long addr, unsigned long level)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_invoke(SMC_RMI_RTT_CREATE, rd, rtt, addr, level, &res);
	return (int)res.a0;
}

/*
 * Change the RIPAS of [base, top) as the REC asked. On RMI_SUCCESS *out_top
 * is where the RMM stopped; it is not written otherwise.
 */
static inline int rmi_rtt_set_ripas(unsigned long rd, unsigned long rec,
				    unsigned long base, unsigned long top,
				    unsigned long *out_top)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_invoke(SMC_RMI_RTT_SET_RIPAS, rd, rec, base, top, &res);
	if (RMI_RETURN_STATUS(res.a0) == RMI_SUCCESS && out_top)
		*out_top = res.a1;
	return (int)res.a0;
}

#endif
