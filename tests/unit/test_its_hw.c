// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS model's register side: TYPER from the configuration, BASER's
 * read-only Type and Entry_Size, page-size and Indirect support per table,
 * writes ignored while enabled, CBASER resetting CREADR, 32-bit halves
 * merging into 64-bit registers; the table walk, flat and two-level; and
 * a hung ITS (fail hang), which ignores one doorbell that gives it work.
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "../test.h"
#include "../../core/fault/fault.h"
#include "../../core/machine/its_hw.h"
#include "../../core/machine/machine.h"
#include "../../core/machine/sancov.h"

static void boot(const struct its_hw_config *its)
{
	struct machine_config cfg = { .page_shift = 12, .ram_size = 16 << 20, .nr_devices = 1 };

	if (its)
		cfg.its = *its;
	if (machine_boot(&cfg))
		exit(2);
}

static void test_typer(void)
{
	struct its_hw_config c;
	uint64_t typer;

	its_hw_default_config(&c);
	c.devbits = 20;
	c.idbits = 5;
	c.ite_size = 8;
	c.cidbits = 0;
	boot(&c);
	typer = its_hw_read(GITS_TYPER, 8);
	CHECK_EQ(FIELD_GET(GITS_TYPER_DEVBITS, typer), 19);
	CHECK_EQ(FIELD_GET(GITS_TYPER_IDBITS, typer), 4);
	CHECK_EQ(FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, typer), 7);
	CHECK(!(typer & GITS_TYPER_CIL));
	CHECK(typer & GITS_TYPER_PLPIS);
	/* Read-only: a write changes nothing. */
	its_hw_write(GITS_TYPER, 8, 0);
	CHECK_EQ(its_hw_read(GITS_TYPER, 8), typer);
	CHECK_EQ(its_hw_read(GITS_TYPER + 4, 4), typer >> 32);
}

static void test_baser(void)
{
	struct its_hw_config c;
	uint64_t v, ro;

	its_hw_default_config(&c);
	c.psz_shift[ITS_HW_DEVICE] = 14;	/* 16K at most */
	c.indirect = 1u << ITS_HW_COLLECTION;
	boot(&c);
	v = its_hw_read(GITS_BASER, 8);
	CHECK_EQ(FIELD_GET(GITS_BASER_TYPE, v), GITS_BASER_TYPE_DEVICE);
	CHECK_EQ(FIELD_GET(GITS_BASER_ENTRY_SIZE, v), ITS_HW_ENTRY_SIZE - 1);
	ro = v & (GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE);
	CHECK_EQ(FIELD_GET(GITS_BASER_TYPE, its_hw_read(GITS_BASER + 8, 8)),
		 GITS_BASER_TYPE_COLLECTION);
	/* No vPE table in this configuration: BASER2 is RAZ/WI. */
	its_hw_write(GITS_BASER + 16, 8, ~0ULL);
	CHECK_EQ(its_hw_read(GITS_BASER + 16, 8), 0);
	CHECK_EQ(its_hw_baser_index(ITS_HW_VPE), -1);

	/* 64K does not stick on a 16K table; 16K and 4K do; reserved reads as the max. */
	its_hw_write(GITS_BASER, 8, FIELD_PREP(GITS_BASER_PAGE_SIZE, GITS_BASER_PAGE_SIZE_64K));
	CHECK_EQ(FIELD_GET(GITS_BASER_PAGE_SIZE, its_hw_read(GITS_BASER, 8)), GITS_BASER_PAGE_SIZE_16K);
	its_hw_write(GITS_BASER, 8, FIELD_PREP(GITS_BASER_PAGE_SIZE, GITS_BASER_PAGE_SIZE_4K));
	CHECK_EQ(FIELD_GET(GITS_BASER_PAGE_SIZE, its_hw_read(GITS_BASER, 8)), GITS_BASER_PAGE_SIZE_4K);
	its_hw_write(GITS_BASER, 8, FIELD_PREP(GITS_BASER_PAGE_SIZE, 3));
	CHECK_EQ(FIELD_GET(GITS_BASER_PAGE_SIZE, its_hw_read(GITS_BASER, 8)), GITS_BASER_PAGE_SIZE_16K);

	/* Type and Entry_Size are read-only; Indirect only where supported. */
	its_hw_write(GITS_BASER, 8, GITS_BASER_VALID | GITS_BASER_INDIRECT | GITS_BASER_TYPE |
		     GITS_BASER_ENTRY_SIZE | 0x40000000ULL);
	v = its_hw_read(GITS_BASER, 8);
	CHECK_EQ(v & (GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE), ro);
	CHECK(!(v & GITS_BASER_INDIRECT));
	CHECK(v & GITS_BASER_VALID);
	its_hw_write(GITS_BASER + 8, 8, GITS_BASER_INDIRECT);
	CHECK(its_hw_read(GITS_BASER + 8, 8) & GITS_BASER_INDIRECT);

	/* A 32-bit write to the high half keeps the low half. */
	its_hw_write(GITS_BASER + 8, 8, 0x41230000ULL | GITS_BASER_INDIRECT);
	its_hw_write(GITS_BASER + 12, 4, 0x80000000U);
	v = its_hw_read(GITS_BASER + 8, 8);
	CHECK(v & GITS_BASER_VALID);
	CHECK(!(v & GITS_BASER_INDIRECT));
	CHECK_EQ(v & 0xffffffffULL, 0x41230000ULL);
	CHECK_EQ(FIELD_GET(GITS_BASER_TYPE, v), GITS_BASER_TYPE_COLLECTION);

	/* Enabled: BASER and CBASER ignore writes. */
	its_hw_write(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	CHECK(!(its_hw_read(GITS_CTLR, 4) & GITS_CTLR_QUIESCENT));
	its_hw_write(GITS_BASER + 8, 8, 0);
	CHECK_EQ(its_hw_read(GITS_BASER + 8, 8), v);
	its_hw_write(GITS_CTLR, 4, 0);
	CHECK(its_hw_read(GITS_CTLR, 4) & GITS_CTLR_QUIESCENT);
}

static void test_queue_regs(void)
{
	boot(NULL);
	its_hw_write(GITS_CBASER, 8, GITS_CBASER_VALID | 0x41000000ULL | 15);
	CHECK_EQ(its_hw_read(GITS_CBASER, 8), GITS_CBASER_VALID | 0x41000000ULL | 15);
	/* CWRITER keeps offset and Retry only; CREADR is read-only. */
	its_hw_write(GITS_CWRITER, 8, 0xfff8ffffULL);
	CHECK_EQ(its_hw_read(GITS_CWRITER, 8), 0x8ffe1);
	its_hw_write(GITS_CREADR, 8, 0x40);
	CHECK_EQ(its_hw_read(GITS_CREADR, 8), 0);
	CHECK_EQ(its_hw_read(GITS_PIDR2, 4) & 0xf0, GIC_PIDR2_ARCH_GICv3);
}

static uint64_t dmas;

static void count_dma(uint64_t pa, unsigned int len, bool write)
{
	(void)pa;
	(void)len;
	(void)write;
	dmas++;
}

static void test_table_walk(void)
{
	uint64_t l1 = SIM_RAM_BASE + (4 << 20);
	uint64_t l2 = SIM_RAM_BASE + (5 << 20);
	uint64_t e = l2 | GITS_LVL1_ENTRY_VALID;
	uint64_t pa = 0;

	boot(NULL);
	its_hw_set_dma_hook(count_dma);
	/* Flat Device table, one 64K page: 8192 ids. */
	its_hw_write(GITS_BASER, 8, GITS_BASER_VALID | FIELD_PREP(GITS_BASER_PAGE_SIZE, 2) | l1);
	CHECK_EQ(its_hw_table_lookup(ITS_HW_DEVICE, 5, &pa), 0);
	CHECK_EQ(pa, l1 + 5 * ITS_HW_ENTRY_SIZE);
	CHECK_EQ(its_hw_table_lookup(ITS_HW_DEVICE, 8192, &pa), 1);
	CHECK_EQ(dmas, 0);
	/* Two levels: id 8193 is L1[1], slot 1; L1[0] is invalid. */
	its_hw_write(GITS_BASER, 8, GITS_BASER_VALID | GITS_BASER_INDIRECT |
		     FIELD_PREP(GITS_BASER_PAGE_SIZE, 2) | l1);
	machine_cpu2_write(l1 + 8, &e, sizeof(e));
	CHECK_EQ(its_hw_table_lookup(ITS_HW_DEVICE, 8193, &pa), 0);
	CHECK_EQ(pa, l2 + ITS_HW_ENTRY_SIZE);
	CHECK_EQ(its_hw_table_lookup(ITS_HW_DEVICE, 3, &pa), 1);
	CHECK_EQ(dmas, 2);
	/* An L1 outside memory: the device stalls. */
	its_hw_write(GITS_BASER, 8, GITS_BASER_VALID | GITS_BASER_INDIRECT |
		     FIELD_PREP(GITS_BASER_PAGE_SIZE, 2) | 0x20000000ULL);
	CHECK_EQ(its_hw_table_lookup(ITS_HW_DEVICE, 3, &pa), -1);
	its_hw_set_dma_hook(NULL);
}

/*
 * fail hang 2: the second CWRITER write that gives the ITS commands is
 * ignored (CREADR stays), one that gives it none is not counted, and the
 * next doorbell runs what waited.
 */
static void test_hang(void)
{
	uint64_t q = SIM_RAM_BASE + (4 << 20);
	uint64_t sync[4] = { GITS_CMD_SYNC, 0, 0, 0 };

	boot(NULL);
	fault_reset();
	CHECK_EQ(fault_plan(FAULT_HANG, 2, 5), 0);
	machine_cpu2_write(q, sync, sizeof(sync));
	machine_cpu2_write(q + sizeof(sync), sync, sizeof(sync));
	its_hw_write(GITS_CBASER, 8, GITS_CBASER_VALID | q);
	its_hw_write(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	its_hw_write(GITS_CWRITER, 8, 0);
	its_hw_write(GITS_CWRITER, 8, 0x20);
	CHECK_EQ(its_hw_read(GITS_CREADR, 8), 0x20);
	its_hw_write(GITS_CWRITER, 8, 0x40);
	CHECK_EQ(its_hw_read(GITS_CREADR, 8), 0x20);
	CHECK_EQ(fault_injected(), 1);
	/* GITS_IIDR is read-only: a write there restarts nothing. */
	its_hw_write(GITS_CTLR + 4, 4, 0);
	CHECK_EQ(its_hw_read(GITS_CREADR, 8), 0x20);
	CHECK_EQ(its_hw_read(GITS_CTLR + 4, 4), 0x43b);
	its_hw_write(GITS_CWRITER, 8, 0x40);
	CHECK_EQ(its_hw_read(GITS_CREADR, 8), 0x40);
	fault_reset();
}

int main(void)
{
	test_typer();
	test_baser();
	test_queue_regs();
	test_table_walk();
	test_hang();
	return test_done("test_its_hw");
}
