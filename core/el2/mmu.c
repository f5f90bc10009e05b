// SPDX-License-Identifier: GPL-2.0-only
/*
 * The EL2 stage-1: 4 KiB granule, 39-bit VAs, translation from level 1.
 *
 * At boot (MMU off): the device window as Device-nGnRE, the carve-out at
 * page granularity (the image's text read-only and
 * executable; its data, bss and stacks read-write and never executable;
 * an unmapped guard page below the program stack) and the host alias of
 * all of RAM as normal memory, the private region and the far bss (2 MiB
 * blocks). el2_mmu_arena_init() adds the arena's level-3 tables, after which
 * el2_mmu_set() maps and unmaps arena pages as the hyp's own page-table
 * records change. Normal memory is write-back, inner shareable; alignment
 * checking is off (SCTLR_EL2.A = 0) as in Linux's hyp, so unaligned
 * accesses to normal memory work and those to device memory fault.
 *
 * This file runs its first function with the MMU off, where every data
 * access is Device-nGnRnE and must be aligned: it is built -mstrict-align.
 */
#include <linux/bits.h>

#include <el2/el2.h>

#include "el2_internal.h"

#define PTE_VALID		BIT_ULL(0)
#define PTE_TABLE		BIT_ULL(1)	/* a table at L1/L2, a page at L3 */
#define PTE_ATTR(i)		((uint64_t)(i) << 2)
#define PTE_AP_RW		BIT_ULL(6)	/* AP[1] is RES1 at EL2 */
#define PTE_AP_RO		(3ULL << 6)
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_AF			BIT_ULL(10)
#define PTE_XN			BIT_ULL(54)
#define PTE_ADDR		0x0000fffffffff000ULL

#define MT_NORMAL		0
#define MT_DEVICE_nGnRE		1
#define MT_DEVICE_nGnRnE	2
#define MT_NORMAL_NC		3
#define MAIR_VALUE		(0xffULL | 0x04ULL << 8 | 0x00ULL << 16 | 0x44ULL << 24)

#define TCR_T0SZ		(64 - 39)
#define TCR_IRGN0_WBWA		BIT_ULL(8)
#define TCR_ORGN0_WBWA		BIT_ULL(10)
#define TCR_SH0_INNER		(3ULL << 12)
#define TCR_PS_SHIFT		16
#define TCR_EL2_RES1		(BIT_ULL(31) | BIT_ULL(23))

#define SCTLR_EL2_RES1		0x30c50830ULL
#define SCTLR_M			BIT_ULL(0)
#define SCTLR_C			BIT_ULL(2)
#define SCTLR_SA		BIT_ULL(3)
#define SCTLR_I			BIT_ULL(12)

#define L1_SHIFT		30
#define L2_SHIFT		21
#define L3_SHIFT		12
#define ENTRIES			512
#define L2_SIZE			BIT_ULL(L2_SHIFT)
#define L3_SIZE			BIT_ULL(L3_SHIFT)

#define NORMAL_RW		(PTE_ATTR(MT_NORMAL) | PTE_AP_RW | PTE_SH_INNER | PTE_AF | PTE_XN)
#define NORMAL_RO		(PTE_ATTR(MT_NORMAL) | PTE_AP_RO | PTE_SH_INNER | PTE_AF | PTE_XN)
#define NORMAL_RX		(PTE_ATTR(MT_NORMAL) | PTE_AP_RO | PTE_SH_INNER | PTE_AF)
#define DEVICE_RW		(PTE_ATTR(MT_DEVICE_nGnRE) | PTE_AP_RW | PTE_AF | PTE_XN)

extern char __image_start[], __text_end[], __image_end[], __stack_guard[];

static uint64_t l1[ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2_dev[ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2_ram[ENTRIES] __attribute__((aligned(4096)));
static uint64_t l3_low[ENTRIES] __attribute__((aligned(4096)));
/* Level-3 tables of the first 128 MiB of RAM, filled by el2_mmu_arena_init(). */
static uint64_t *l3_ram[EL2_RAM_MAX >> L2_SHIFT];

static uint64_t table_desc(const uint64_t *t)
{
	return ((uintptr_t)t & PTE_ADDR) | PTE_TABLE | PTE_VALID;
}

static void clean_inval(const void *p, size_t size)
{
	uintptr_t a = (uintptr_t)p & ~63UL;

	for (; a < (uintptr_t)p + size; a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
}

/* TCR_EL2.PS, encoded as PARange: what the CPU has, up to 48 bits (5). */
static uint64_t tcr_ps(void)
{
	uint64_t mmfr0;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	mmfr0 &= 0xf;
	return mmfr0 > 5 ? 5 : mmfr0;
}

/* Runs with the MMU off: aligned accesses only (built -mstrict-align). */
void el2_mmu_init(void)
{
	uint64_t a;
	uint64_t i;

	l1[0] = table_desc(l2_dev);
	l1[EL2_RAM_BASE >> L1_SHIFT] = table_desc(l2_ram);
	/* The hyp's VAs: the same tables, so what the hyp maps is one set of entries. */
	l1[EL2_HYP_VA_BASE >> L1_SHIFT] = table_desc(l2_dev);
	l1[(EL2_HYP_VA_BASE + EL2_RAM_BASE) >> L1_SHIFT] = table_desc(l2_ram);
	/* The host alias: all of RAM's gigabyte, normal memory. */
	l1[(EL2_HOST_ALIAS + EL2_RAM_BASE) >> L1_SHIFT] =
		(EL2_RAM_BASE & PTE_ADDR) | NORMAL_RW | PTE_VALID;

	for (a = EL2_DEVWIN_BASE; a < EL2_DEVWIN_END; a += L2_SIZE)
		l2_dev[a >> L2_SHIFT] = a | DEVICE_RW | PTE_VALID;

	for (a = EL2_PRIV_BASE; a < EL2_FAR_BASE + EL2_FAR_SIZE; a += L2_SIZE)
		l2_ram[(a - EL2_RAM_BASE) >> L2_SHIFT] = a | NORMAL_RW | PTE_VALID;
	l2_ram[0] = table_desc(l3_low);
	for (i = 0; i < ENTRIES; i++) {
		uint64_t pa = EL2_RAM_BASE + (i << L3_SHIFT);
		uint64_t attr;

		if (pa >= EL2_ARENA_BASE)
			break;
		if (pa < (uintptr_t)__image_start)
			attr = NORMAL_RW;	/* free: QEMU loads no DTB here */
		else if (pa < (uintptr_t)__text_end)
			attr = NORMAL_RX;
		else if (pa == (uintptr_t)__stack_guard)
			continue;
		else
			attr = NORMAL_RW;	/* data, bss, stacks, the free rest */
		l3_low[i] = pa | attr | PTE_VALID | PTE_TABLE;
	}

	clean_inval(l1, sizeof(l1));
	clean_inval(l2_dev, sizeof(l2_dev));
	clean_inval(l2_ram, sizeof(l2_ram));
	clean_inval(l3_low, sizeof(l3_low));

	__asm__ volatile(
		"msr	mair_el2, %0\n"
		"msr	tcr_el2, %1\n"
		"msr	ttbr0_el2, %2\n"
		"dsb	ish\n"
		"tlbi	alle2\n"
		"dsb	ish\n"
		"isb\n"
		"ic	iallu\n"
		"dsb	ish\n"
		"isb\n"
		"msr	sctlr_el2, %3\n"
		"isb\n"
		:
		: "r"(MAIR_VALUE),
		  "r"(TCR_EL2_RES1 | tcr_ps() << TCR_PS_SHIFT | TCR_SH0_INNER |
		      TCR_ORGN0_WBWA | TCR_IRGN0_WBWA | TCR_T0SZ),
		  "r"((uintptr_t)l1),
		  "r"(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)
		: "memory");
}

/* Both VAs of @pa use the entry: the identity and the hyp's. */
static void tlb_flush_va(uint64_t pa)
{
	__asm__ volatile(
		"dsb	ishst\n"
		"tlbi	vae2is, %0\n"
		"tlbi	vae2is, %1\n"
		"dsb	ish\n"
		"isb\n"
		: : "r"(pa >> L3_SHIFT), "r"((pa + EL2_HYP_VA_BASE) >> L3_SHIFT) : "memory");
}

static void publish(void)
{
	__asm__ volatile("dsb ishst\n isb" : : : "memory");
}

static uint64_t *l3_entry(uint64_t pa)
{
	uint64_t off = pa - EL2_RAM_BASE;

	if (pa < EL2_RAM_BASE || off >= EL2_RAM_MAX)
		return NULL;
	if (!(off >> L2_SHIFT))
		return &l3_low[off >> L3_SHIFT];
	if (!l3_ram[off >> L2_SHIFT])
		return NULL;
	return &l3_ram[off >> L2_SHIFT][(off >> L3_SHIFT) & (ENTRIES - 1)];
}

/*
 * Level-3 tables for the arena [EL2_ARENA_BASE, @end): empty when
 * @strict (pages appear as the hyp maps them), else every page mapped
 * read-write, as the simulation lets the hyp read any RAM.
 */
void el2_mmu_arena_init(uint64_t end, bool strict)
{
	uint64_t a;

	for (a = EL2_RAM_BASE + L2_SIZE; a < end; a += L2_SIZE) {
		uint64_t idx = (a - EL2_RAM_BASE) >> L2_SHIFT;

		l3_ram[idx] = el2_alloc(4096, 4096);
		l2_ram[idx] = table_desc(l3_ram[idx]);
	}
	for (a = EL2_ARENA_BASE; !strict && a < end; a += L3_SIZE)
		*l3_entry(a) = a | NORMAL_RW | PTE_VALID | PTE_TABLE;
	publish();
}

/*
 * Map (@attr 1 normal, 2 device; bit 2 executable) or unmap (@attr 0) the
 * arena's 4 KiB pages in [@pa, @pa + @size). Outside the arena the
 * stage-1 is fixed and nothing changes.
 */
void el2_mmu_set(uint64_t pa, uint64_t size, unsigned int attr)
{
	uint64_t end = pa + size;
	uint64_t *pte;
	uint64_t desc;

	for (pa &= ~(L3_SIZE - 1); pa < end; pa += L3_SIZE) {
		if (pa < EL2_ARENA_BASE || pa >= el2_ram_end())
			continue;
		pte = l3_entry(pa);
		if (!pte)
			continue;
		if (!attr) {
			if (*pte) {
				*pte = 0;
				tlb_flush_va(pa);
			}
			continue;
		}
		desc = pa | PTE_VALID | PTE_TABLE |
		       ((attr & 3) == 2 ? DEVICE_RW : NORMAL_RW);
		if (attr & 4)
			desc &= ~PTE_XN;
		if (*pte == desc)
			continue;
		/* Break before make: a live entry is invalidated first. */
		if (*pte) {
			*pte = 0;
			tlb_flush_va(pa);
		}
		*pte = desc;
	}
	publish();
}

bool el2_stage1_mapped(uint64_t pa)
{
	uint64_t par;

	/* Ask the MMU itself: a stage-1 EL2 read translation of the hyp's VA. */
	__asm__ volatile("at s1e2r, %1\n isb\n mrs %0, par_el1"
			 : "=r"(par) : "r"(pa + EL2_HYP_VA_BASE) : "memory");
	return !(par & 1);
}
