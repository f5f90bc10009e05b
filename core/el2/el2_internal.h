/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the EL2 platform's own files; nothing above includes this. */
#ifndef EL2FUZZ_EL2_INTERNAL_H
#define EL2FUZZ_EL2_INTERNAL_H

#include <el2/el2.h>
#include <el2/host.h>

#include "../machine/hooks.h"

/* mmu.c */
void el2_mmu_init(void);
void el2_mmu_arena_init(uint64_t end, bool strict);
void el2_mmu_set(uint64_t pa, uint64_t size, unsigned int attr);

/* records.c: the record behind the hyp's opaque struct hyp_page. */
struct hyp_page {
	struct el2_page_rec rec;
	uint64_t oracle;	/* the oracle's word (el2_oracle_word) */
	uint32_t step_epoch;	/* the entry that journaled it last */
	bool touched;
};

void el2_records_init(uint64_t ram_size);
/* The record of @pfn (below EL2_PA_LIMIT): looked at, or used (touched). */
struct hyp_page *el2_page_lookup(uint64_t pfn);
struct hyp_page *el2_page_get(uint64_t pfn);
/* Save the record into the entry's journal before its first change. */
void el2_page_journal(struct hyp_page *p);

static inline bool el2_in_its(uint64_t pa)
{
	return pa >= EL2_ITS_BASE && pa < EL2_ITS_BASE + EL2_ITS_SIZE;
}

/* host.c: device frames as CPUs reach them (the ITS, or a register file). */
void el2_devices_init(void);
uint64_t el2_device_read(uint64_t pa, unsigned int width);
void el2_device_write(uint64_t pa, unsigned int width, uint64_t val);

/* platform.c */
uint64_t el2_ram_end(void);
/* A device register outside the ITS: a real load or store of @width. */
uint64_t el2_dev_read(uint64_t pa, unsigned int width);
void el2_dev_write(uint64_t pa, unsigned int width, uint64_t val);

/*
 * machine.c: every platform call announced (platform_hook_call(), whose
 * fan-outs are core/machine/hooks.h's, shared with the simulation); the
 * fault injector's verdict on a page-table allocation; trace lines in the
 * simulation's words.
 */
int el2_hook_should_fail_pgtable(void);
void el2_trace_own(const char *fmt, uint64_t a, uint64_t b, uint64_t c);
void el2_trace_warn(int line);

/*
 * its_hw.c: an access to the ITS frame as a CPU makes it (the hyp's, or
 * the host's where it reaches the device): the register hook, the
 * header's ITS presented, the commands QEMU ran fed to the command hook.
 */
uint64_t el2_its_access(uint64_t off, unsigned int width, bool write, uint64_t val);
/* NULL if QEMU (gic-version=4 or not) can be the header's ITS, else why not. */
struct its_hw_config;
const char *el2_its_reproducible(const struct its_hw_config *c, bool gicv4);

/* boot.c */
void el2_boot(void);
extern volatile bool el2_probing_ram;	/* an abort now means: too little RAM */

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
