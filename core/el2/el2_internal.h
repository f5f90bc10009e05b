/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the EL2 platform's own files; nothing above includes this. */
#ifndef EL2FUZZ_EL2_INTERNAL_H
#define EL2FUZZ_EL2_INTERNAL_H

#include <el2/el2.h>

/* mmu.c */
void el2_mmu_init(void);
void el2_mmu_map_private(uint64_t base);
void el2_mmu_arena_init(uint64_t end, bool strict);
void el2_mmu_set(uint64_t pa, uint64_t size, unsigned int attr);

/* platform.c */
uint64_t el2_ram_end(void);
void el2_hook_call(const char *what, uint64_t arg);
int el2_hook_should_fail(const char *what);

/* boot.c */
void el2_boot(void);

/* exception.c: the frame start.S saves. */
struct el2_regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};
void el2_exception(uint64_t kind, const struct el2_regs *regs);

#endif
