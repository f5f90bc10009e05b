/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <nvhe/trap_handler.h>: the saved host context and its argument
 * registers. DECLARE_REG declares a dummy per register so that decoding the
 * same register twice does not build.
 */
#ifndef __EL2FUZZ_NVHE_TRAP_HANDLER_H
#define __EL2FUZZ_NVHE_TRAP_HANDLER_H

#include <linux/types.h>

struct kvm_cpu_context {
	u64 regs[31];
};

#define cpu_reg(ctxt, r)	((ctxt)->regs[(r)])

#define DECLARE_REG(type, name, ctxt, reg)				\
	__attribute__((unused)) int ___check_reg_ ## reg;		\
	type name = (type)cpu_reg(ctxt, (reg))

void handle_host_hcall(struct kvm_cpu_context *host_ctxt);

#endif
