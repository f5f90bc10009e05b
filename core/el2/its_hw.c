// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/machine/its_hw.h at EL2: the ITS is QEMU's, at EL2_ITS_BASE. This
 * file is how the layers above (the oracle, the adversary) and the
 * mediator's device accesses (platform.c) reach it, as the simulated ITS
 * (core/machine/its_hw.c) is reached in the simulation:
 *
 *   - every access but a peek is shown to the register hook first (a
 *     write before it takes effect, a read with its value), so O5 and O6
 *     watch the mediator's accesses as they do in the simulation;
 *   - QEMU runs commands inside the CWRITER (or CTLR) store; after one,
 *     the commands it ran are read back from the real queue, CREADR
 *     before to CREADR after (and the slot it stalled on), and fed to the
 *     command hook in order (O5);
 *   - the device's own memory accesses are invisible from the CPU: of
 *     them, the DMA hook sees the DTE and CTE writes of the commands QEMU
 *     ran, inferred as QEMU's rules place them (the oracle rewalks what
 *     the ITS reaches after a write into what it read), and nothing else;
 *     O2 judges the reach after each entry.
 *
 * The program header's ITS (struct its_hw_config) is presented where the
 * architecture lets an implementation choose and QEMU's choice is a
 * register value, never where the device would behave differently:
 * TYPER reads as the header's ITS (QEMU's own range checks stay 16-bit:
 * a command that would tell the difference ends the run as "not
 * reproducible at EL2", el2_its_check_command()); a BASER write keeps
 * Page_Size within what the header's table supports (reserved 3 reads as
 * 64 KiB, as the model), drops Indirect where the header's table has one
 * level, and Shareability where the header's ITS cannot snoop (as CBASER);
 * CBASER's RES0 fields read as zero (RES0 may be RAZ/WI or kept: QEMU
 * keeps them, the model and so the oracle's O6 take them as RAZ/WI).
 * At boot each BASER is given the header's page size, as the model resets
 * it. What the header asks for that QEMU cannot be (another ITT entry
 * size, a vPE table without gic-version=4) is refused before the run
 * (el2_its_reproducible()).
 *
 * Entry formats are QEMU 7.2's (docs/QEMU_ITS.md §10), read by the
 * model's own core/machine/its_format.c; the QEMU_ limits below are what
 * el2_its_reproducible() holds a header to.
 */
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/irqchip/arm-gic-v3.h>

#include <el2/host.h>

#include "../machine/its_hw.h"
#include "../trace/trace.h"
#include "el2_internal.h"

#define QEMU_DEVBITS		16
#define QEMU_IDBITS		16
#define QEMU_CIDBITS		16
#define QEMU_ITE_SIZE		12
#define QEMU_NR_CPUS		EL2_NR_CPUS

static struct its_hw_config cfg;
static uint8_t nr_tables;
static its_hw_reg_hook_t reg_hook;
static its_hw_cmd_hook_t cmd_hook;
static its_hw_dma_hook_t dma_hook;

static volatile void *reg_addr(uint64_t off)
{
	return (volatile void *)(uintptr_t)(EL2_ITS_BASE + off);
}

const struct its_hw_config *its_hw_config(void)
{
	return &cfg;
}

const char *el2_its_reproducible(const struct its_hw_config *c, bool gicv4)
{
	struct its_hw_config d;

	its_hw_default_config(&d);
	if (c && !c->psz_shift[ITS_HW_DEVICE])
		c = NULL;
	if (!c)
		c = &d;
	if (c->ite_size != QEMU_ITE_SIZE)
		return "QEMU's ITT entries are 12 bytes, the header asks for another size";
	if (c->devbits > QEMU_DEVBITS || c->idbits > QEMU_IDBITS || c->cidbits > QEMU_CIDBITS ||
	    !c->cidbits)
		return "QEMU's ITS has 16-bit DeviceIDs, EventIDs and CollectionIDs with CIL=1; the header asks for more, or CIL=0";
	if (!c->psz_shift[ITS_HW_COLLECTION])
		return "QEMU's ITS always has a Collection table";
	if (!!c->psz_shift[ITS_HW_VPE] != gicv4)
		return gicv4 ? "QEMU runs with gic-version=4 (a vPE table), the header has none" :
			       "the header's ITS has a vPE table: QEMU needs gic-version=4";
	return NULL;
}

/* Tables in BASER order, as the model lays them out. */
static unsigned int baser_of(enum its_hw_table t)
{
	return t;
}

int its_hw_baser_index(enum its_hw_table table)
{
	return table < nr_tables ? (int)baser_of(table) : -1;
}

enum its_hw_table its_hw_baser_table(unsigned int n)
{
	return n < nr_tables ? (enum its_hw_table)n : ITS_HW_NR_TABLES;
}

/* Register access ----------------------------------------------------------- */

/*
 * A raw access to QEMU's ITS, as a CPU makes it: QEMU takes 32- and 64-bit
 * accesses (GITS_CTLR 32-bit only: a 64-bit access at offset 0 reads as
 * zero and is ignored) and answers other widths with an external abort,
 * which the vector table reports: the device's answer, not the harness's.
 */
static uint64_t raw_read(uint64_t off, unsigned int width)
{
	return el2_dev_read((uintptr_t)reg_addr(off), width);
}

static void raw_write(uint64_t off, unsigned int width, uint64_t val)
{
	el2_dev_write((uintptr_t)reg_addr(off), width, val);
}

/* An observer's read of a whole slot: at offset 0, CTLR and IIDR. */
static uint64_t slot_read(uint64_t off)
{
	if (off == GITS_CTLR)
		return raw_read(GITS_CTLR, 4) | raw_read(GITS_IIDR, 4) << 32;
	return raw_read(off, 8);
}

static uint64_t width_mask(unsigned int width)
{
	return width >= 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
}

/* The part of a 64-bit register at @slot_val that an access at @off, @width sees. */
static uint64_t part(uint64_t slot_val, uint64_t off, unsigned int width)
{
	return (slot_val >> ((off & 7) * 8)) & width_mask(width);
}

static bool is_baser(uint64_t off, unsigned int *n)
{
	if (off < GITS_BASER || off >= GITS_BASER + 8 * GITS_BASER_NR_REGS)
		return false;
	*n = (unsigned int)((off - GITS_BASER) / 8);
	return true;
}

/* What an access reads, with the header's ITS presented (see the top). */
static uint64_t filtered_read(uint64_t off, unsigned int width)
{
	unsigned int n;

	if (off / 8 == GITS_TYPER / 8 && (width == 4 || width == 8))
		return part(its_hw_typer(&cfg), off, width);
	/* A BASER the header's ITS does not have is RAZ/WI, as in the model. */
	if (is_baser(off, &n) && n >= nr_tables)
		return 0;
	return raw_read(off, width);
}

/* A BASER value written whole, kept to what the header's table supports. */
static uint64_t baser_filter(unsigned int n, uint64_t val)
{
	uint64_t max = (uint64_t)(cfg.psz_shift[n] - 12) / 2;
	uint64_t want = FIELD_GET(GITS_BASER_PAGE_SIZE, val);

	if (!(cfg.indirect & (1u << n)))
		val &= ~GITS_BASER_INDIRECT;
	if (!cfg.coherent)
		val &= ~GIC_BASER_SHAREABILITY;
	if (want > GITS_BASER_PAGE_SIZE_64K)
		want = GITS_BASER_PAGE_SIZE_64K;
	if (want > max)
		want = max;
	return (val & ~GITS_BASER_PAGE_SIZE) | FIELD_PREP(GITS_BASER_PAGE_SIZE, want);
}

static void filtered_write(uint64_t off, unsigned int width, uint64_t val)
{
	unsigned int shift = (unsigned int)(off & 7) * 8;
	uint64_t mask = width_mask(width) << shift;
	unsigned int n;
	uint64_t whole;

	if (off / 8 == GITS_TYPER / 8)
		return;
	if (is_baser(off, &n)) {
		if (n >= nr_tables)
			return;
		if (width != 4 && width != 8) {
			raw_write(off, width, val);
			return;
		}
		/* Filter the register as it would be after the write, write the part. */
		whole = (raw_read(off & ~7ULL, 8) & ~mask) | ((val << shift) & mask);
		raw_write(off, width, part(baser_filter(n, whole), off, width));
		return;
	}
	/* CBASER's RES0 fields read as zero, as the model's (QEMU keeps them). */
	if (off / 8 == GITS_CBASER / 8 && (width == 4 || width == 8)) {
		whole = (raw_read(GITS_CBASER, 8) & ~mask) | ((val << shift) & mask);
		whole &= GITS_CBASER_VALID | GIC_BASER_INNER_CACHEABILITY |
			 GIC_BASER_OUTER_CACHEABILITY | GITS_CBASER_ADDRESS | GITS_CBASER_SIZE |
			 (cfg.coherent ? GIC_BASER_SHAREABILITY : 0);
		raw_write(off, width, part(whole, off, width));
		return;
	}
	raw_write(off, width, val);
}

/* Commands QEMU ran ---------------------------------------------------------- */

/*
 * A command QEMU ran that the header's ITS would have skipped (an id
 * beyond its bits): the two would part from here on. Not a finding: the
 * run cannot say anything about the header's ITS any more.
 */
static void check_command(const uint64_t *cmd)
{
	uint64_t devid = cmd[0] >> 32;
	uint64_t icid = cmd[2] & 0xffff;
	const char *why = NULL;

	switch (cmd[0] & 0xff) {
	case GITS_CMD_MAPD:
		if (devid >> cfg.devbits)
			why = "a MAPD names a DeviceID beyond the header's Devbits";
		else if ((cmd[1] & 0x1f) >= cfg.idbits && (cmd[1] & 0x1f) < QEMU_IDBITS)
			why = "a MAPD's Size exceeds the header's IDbits";
		break;
	case GITS_CMD_MAPC:
		if (icid >> cfg.cidbits)
			why = "a MAPC names a CollectionID beyond the header's CIDbits";
		break;
	case GITS_CMD_MAPTI:
	case GITS_CMD_MAPI:
		if (icid >> cfg.cidbits)
			why = "a MAPTI names a CollectionID beyond the header's CIDbits";
		/* fall through */
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_DISCARD:
	case GITS_CMD_INV:
	case GITS_CMD_MOVI:
		if (devid >> cfg.devbits)
			why = "a command names a DeviceID beyond the header's Devbits";
		break;
	}
	if (why)
		el2_not_reproducible("%s, which QEMU's 16-bit ITS takes (command 0x%llx)", why,
				     (unsigned long long)(cmd[0] & 0xff));
}

/* The ids @table's memory holds, as its BASER says (QEMU latches the same). */
static uint64_t table_capacity(unsigned int n)
{
	uint64_t baser = raw_read(GITS_BASER + 8 * n, 8);
	uint64_t psz, cap;

	if (!(baser & GITS_BASER_VALID))
		return 0;
	psz = its_hw_baser_psz(baser);
	cap = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz / ITS_HW_ENTRY_SIZE;
	if (baser & GITS_BASER_INDIRECT)
		cap *= psz / ITS_HW_ENTRY_SIZE;
	return cap < its_hw_table_ids((enum its_hw_table)n) ? cap :
	       its_hw_table_ids((enum its_hw_table)n);
}

/*
 * Where QEMU keeps @id's entry of table @n: true with its address, false
 * if it has none (an id past the table, an invalid L1 entry: skipped).
 * The L1 is read as the device reads it, from memory.
 */
static bool table_entry(unsigned int n, uint64_t id, uint64_t *pa)
{
	uint64_t baser = raw_read(GITS_BASER + 8 * n, 8);
	uint64_t epp = its_hw_baser_psz(baser) / ITS_HW_ENTRY_SIZE;
	uint64_t base = its_hw_baser_pa(baser);
	uint64_t l1;

	if (id >= table_capacity(n))
		return false;
	if (!(baser & GITS_BASER_INDIRECT)) {
		*pa = base + id * ITS_HW_ENTRY_SIZE;
		return true;
	}
	if (el2_ram_read(base + id / epp * GITS_LVL1_ENTRY_SIZE, &l1, sizeof(l1)) ||
	    !its_hw_l1_l2(l1, pa))
		return false;
	*pa += id % epp * ITS_HW_ENTRY_SIZE;
	return true;
}

/*
 * The table entry a command QEMU ran wrote: a MAPD's DTE, a MAPC's CTE,
 * under QEMU's own conditions, shown to the DMA hook as the simulated ITS
 * shows its writes (the oracle's reach is rewalked after a write into
 * what it read; O2 judges the write). ITE writes are not inferred: where
 * the ITT lies depends on DTEs the same batch may change.
 */
static void entry_written(const uint64_t *cmd)
{
	uint64_t icid = cmd[2] & 0xffff;
	uint64_t pa;

	if (!dma_hook)
		return;
	switch (cmd[0] & 0xff) {
	case GITS_CMD_MAPD:
		if ((cmd[1] & 0x1f) < QEMU_IDBITS && table_entry(ITS_HW_DEVICE, cmd[0] >> 32, &pa))
			dma_hook(pa, ITS_HW_ENTRY_SIZE, true);
		return;
	case GITS_CMD_MAPC:
		if ((cmd[2] >> 63) && ((cmd[2] >> 16) & GENMASK_ULL(35, 0)) >= QEMU_NR_CPUS)
			return;
		if (table_entry(ITS_HW_COLLECTION, icid, &pa))
			dma_hook(pa, ITS_HW_ENTRY_SIZE, true);
		return;
	}
}

static void feed(uint64_t queue, uint64_t offset, bool ran)
{
	uint64_t cmd[4];

	if (el2_ram_read(queue + offset, cmd, sizeof(cmd)))
		return;
	check_command(cmd);
	if (cmd_hook)
		cmd_hook(cmd, offset);
	trace_ev("[its]", "cmd 0x%llx at 0x%llx", cmd[0] & 0xff, offset, 0, 0);
	if (ran)
		entry_written(cmd);
}

/* After a write that may run commands: the ones QEMU ran, in order. */
static void feed_commands(uint64_t creadr_before)
{
	uint64_t cbaser = raw_read(GITS_CBASER, 8);
	uint64_t len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	uint64_t queue = cbaser & GITS_CBASER_ADDRESS;
	uint64_t creadr = raw_read(GITS_CREADR, 8);
	uint64_t wr = raw_read(GITS_CWRITER, 8) & GITS_CMDQ_OFFSET;
	uint64_t rd = creadr_before & GITS_CMDQ_OFFSET;
	uint64_t end = creadr & GITS_CMDQ_OFFSET;
	uint64_t n;

	if (!(raw_read(GITS_CTLR, 4) & GITS_CTLR_ENABLE) || !(cbaser & GITS_CBASER_VALID) ||
	    wr >= len)
		return;
	for (n = 0; rd != end && n < len / ITS_CMD_SIZE; n++) {
		feed(queue, rd, true);
		rd = (rd + ITS_CMD_SIZE) % len;
	}
	/* The command it stalled on was fetched too (and will be again). */
	if ((creadr & GITS_CREADR_STALLED) && end != wr)
		feed(queue, end, false);
}

/* The device as a CPU reaches it: shown to the hook, then done. */
uint64_t its_hw_read(uint64_t off, unsigned int width)
{
	uint64_t val = filtered_read(off, width);

	if (reg_hook)
		reg_hook(off, width, false, val);
	return val;
}

uint64_t its_hw_peek(uint64_t off, unsigned int width)
{
	if (off / 8 == GITS_CTLR / 8 && width == 8)
		return slot_read(GITS_CTLR);
	return filtered_read(off, width);
}

void its_hw_peek_slots(uint64_t *slots, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		slots[i] = its_hw_peek(i * 8, 8);
}

/* QEMU's ITS runs its queue the moment CWRITER is written: it never hangs. */
bool its_hw_hung(void)
{
	return false;
}

unsigned int its_hw_hangs(void)
{
	return 0;
}

void its_hw_write(uint64_t off, unsigned int width, uint64_t val)
{
	bool runs = off / 8 == GITS_CWRITER / 8 || off / 8 == GITS_CTLR / 8;
	uint64_t creadr = runs ? raw_read(GITS_CREADR, 8) : 0;

	val &= width_mask(width);
	if (reg_hook)
		reg_hook(off, width, true, val);
	filtered_write(off, width, val);
	if (runs)
		feed_commands(creadr);
}

uint64_t el2_its_access(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	if (!write)
		return its_hw_read(off, width);
	its_hw_write(off, width, val);
	return 0;
}

void its_hw_set_reg_hook(its_hw_reg_hook_t hook)
{
	reg_hook = hook;
}

void its_hw_set_cmd_hook(its_hw_cmd_hook_t hook)
{
	cmd_hook = hook;
}

/* QEMU's DMA cannot be watched: the hook sees the entry writes inferred above. */
void its_hw_set_dma_hook(its_hw_dma_hook_t hook)
{
	dma_hook = hook;
}

/*
 * Reset: QEMU's ITS is as QEMU reset it (a fresh boot per program); what
 * the header chooses within the architecture's latitude is set here, the
 * ITS disabled: each BASER's Page_Size, as the model resets it.
 */
void its_hw_reset(const struct its_hw_config *c)
{
	bool gicv4 = FIELD_GET(GITS_BASER_TYPE, raw_read(GITS_BASER + 8 * ITS_HW_VPE, 8));
	const char *why;
	unsigned int t;

	if (c && c->psz_shift[ITS_HW_DEVICE])
		cfg = *c;
	else
		its_hw_default_config(&cfg);
	why = el2_its_reproducible(&cfg, gicv4);
	if (why)
		el2_not_reproducible("%s", why);
	nr_tables = 0;
	for (t = 0; t < ITS_HW_NR_TABLES && cfg.psz_shift[t]; t++)
		nr_tables++;
	for (t = 0; t < nr_tables; t++) {
		uint64_t off = GITS_BASER + 8 * baser_of(t);
		uint64_t v = raw_read(off, 8);

		v = (v & ~GITS_BASER_PAGE_SIZE) |
		    FIELD_PREP(GITS_BASER_PAGE_SIZE, (uint64_t)(cfg.psz_shift[t] - 12) / 2);
		raw_write(off, 8, v);
	}
}
