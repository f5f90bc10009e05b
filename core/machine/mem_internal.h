/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the machine's own files; nothing above includes this. */
#ifndef EL2FUZZ_MEM_INTERNAL_H
#define EL2FUZZ_MEM_INTERNAL_H

#include "machine.h"
#include "hooks.h"

#define MEM_GRANULE_SHIFT	12	/* RAM's contents are tracked per 4 KiB */

/* The record behind the hyp's opaque struct hyp_page. */
struct hyp_page {
	struct page_rec rec;
	uint64_t oracle;	/* the oracle's word (machine_oracle_word) */
	uint16_t data_dirty;	/* a bit per 4 KiB granule written */
	uint32_t run_epoch;
	uint32_t step_epoch;
};

extern struct hyp_page outside_page;

/* This run's RAM size, for the paths every traced access takes. */
extern uint64_t mem_ram_size;

static inline bool mem_in_ram(uint64_t pa)
{
	return pa >= SIM_RAM_BASE && pa - SIM_RAM_BASE < mem_ram_size;
}

/* Every page's record, by pfn; a record is this run's if its epoch is. */
extern struct hyp_page *page_records;
extern uint32_t page_run_epoch;
/*
 * The pages the hyp owns at boot, [start, end) in pfns and in ascending
 * order: the ITS frame, the carve-out at the base of RAM. One source for
 * the records' boot state and for the walks that must visit those pages.
 */
#define MEM_BOOT_RANGES	2
void mem_boot_ranges(uint64_t boot[MEM_BOOT_RANGES][2]);

static inline bool mem_boot_page(uint64_t pfn, uint64_t boot[MEM_BOOT_RANGES][2])
{
	unsigned int i;

	for (i = 0; i < MEM_BOOT_RANGES; i++)
		if (pfn - boot[i][0] < boot[i][1] - boot[i][0])
			return true;
	return false;
}

/* page_get()'s slow path: the record initialised from the boot layout. */
struct hyp_page *page_first_get(uint64_t pfn);

/*
 * The record of @pfn (NULL if no page), initialised on first use. Inline:
 * every traced access the mediator makes looks one up.
 */
static inline struct hyp_page *page_get(uint64_t pfn)
{
	if (pfn < (SIM_PA_LIMIT >> SIM_MIN_PAGE_SHIFT) &&
	    page_records[pfn].run_epoch == page_run_epoch)
		return &page_records[pfn];
	return page_first_get(pfn);
}
/* Save the record into the step journal before its first change. */
void page_journal(struct hyp_page *p);
uint64_t page_pfn(const struct hyp_page *p);
/* The i-th page touched by this run, and whether @pfn has been. */
uint64_t touched_pfn(unsigned int i);
bool page_touched(uint64_t pfn);
/* Backing store of RAM at @pa (NULL if not RAM). */
uint8_t *ram_ptr(uint64_t pa);
/* The whole page may have been written (the hyp maps it). */
void page_mark_data_dirty(uint64_t pfn);
/* [pa, pa + len) was written (host, device DMA, the other CPU). */
void page_mark_written(uint64_t pa, uint64_t len);
/* Calls of page_mark_written() that marked RAM, ever: who wrote meanwhile. */
extern uint64_t mem_writes;
/*
 * [pa, pa + len) now holds zeros, as at boot: its whole granules need no
 * clearing at reset, and scans may skip them. Only where every store to
 * RAM is seen (load/store tracing), or an unseen one could be forgotten.
 */
void page_mark_zeroed(uint64_t pa, uint64_t len);

uint64_t mmio_read(uint64_t pa, unsigned int width);
void mmio_write(uint64_t pa, unsigned int width, uint64_t val);
void mmio_reset(void);

/* The events of hooks.h; a sync only inside an episode with the other CPU. */
void platform_hook_sync(enum sync_kind kind, uintptr_t addr);

#endif
