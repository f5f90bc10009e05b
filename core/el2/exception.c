// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vector table's report: an exception at EL2 is a finding of class
 * O9, "<where>:el2_exception", with the syndrome, the faulting address
 * and the return address, then EL2_EXIT_EXCEPTION. This runs on the
 * exception stack (SP_EL2); a second exception while it runs is caught
 * by start.S alone.
 */
#include <el2/el2.h>

#include "el2_internal.h"

static const char *const kinds[] = {
	"sync", "irq", "fiq", "serror",
	"lower64 sync", "lower64 irq", "lower64 fiq", "lower64 serror",
	"lower32 sync", "lower32 irq", "lower32 fiq", "lower32 serror",
};

/* The exception classes one meets here (ESR_ELx.EC). */
static const char *ec_name(uint64_t ec)
{
	switch (ec) {
	case 0x00: return "unknown";
	case 0x07: return "fp/simd trap";
	case 0x0e: return "illegal execution state";
	case 0x16: return "hvc";
	case 0x17: return "smc";
	case 0x18: return "msr/mrs trap";
	case 0x20: return "instruction abort, lower EL";
	case 0x21: return "instruction abort";
	case 0x22: return "pc alignment";
	case 0x24: return "data abort, lower EL";
	case 0x25: return "data abort";
	case 0x26: return "sp alignment";
	case 0x2f: return "serror";
	case 0x3c: return "brk";
	}
	return "other";
}

void el2_exception(uint64_t kind, const struct el2_regs *regs)
{
	uint64_t ec = regs->esr >> 26 & 0x3f;

	el2_flush();
	if (el2_probing_ram)
		el2_fatal("QEMU has no RAM at 0x%llx: run the image with -m %dM",
			  (unsigned long long)regs->far, EL2_QEMU_RAM_MIB);
	el2_printf("el2fuzz: VIOLATION O9:%s:el2_exception ESR=0x%llx FAR=0x%llx ELR=0x%llx"
		   " (%s exception, %s)\n",
		   el2_where(), (unsigned long long)regs->esr, (unsigned long long)regs->far,
		   (unsigned long long)regs->elr,
		   kind < sizeof(kinds) / sizeof(kinds[0]) ? kinds[kind] : "?", ec_name(ec));
	el2_printf("el2fuzz-el2: SPSR=0x%llx SP=0x%llx LR=0x%llx FP=0x%llx\n",
		   (unsigned long long)regs->spsr, (unsigned long long)regs->sp,
		   (unsigned long long)regs->x[30], (unsigned long long)regs->x[29]);
	el2_exit(EL2_EXIT_EXCEPTION);
}
