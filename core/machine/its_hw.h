/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * its_hw: the real GICv3 ITS below the mediator, register and table side.
 *
 * A register file (CTLR, TYPER, CBASER, CWRITER, CREADR, BASER0..7, PIDR2)
 * with the architected access rules, configured per run (page sizes and
 * two-level support per table, TYPER's Devbits, IDbits, ITT entry size and
 * CIL/CIDbits), and the table walk for flat and two-level Device,
 * Collection and vPE tables, and the command consumer (CREADR up to
 * CWRITER, one slot at a time, with wrap; bad arguments are skipped, a
 * failed memory transaction stalls, as QEMU's ITS does). Every memory
 * access the device makes goes
 * through its_hw_dma(), the one place a DMA check (O2) hooks into.
 *
 * BASER0 is the Device table, BASER1 the Collection table and, when the
 * configuration has one, BASER2 the vPE table (as QEMU and GICv4.1 lay
 * them out). Each table supports its configured ITS page size and every
 * smaller one, so a probing host settles on the configured size.
 */
#ifndef EL2FUZZ_ITS_HW_H
#define EL2FUZZ_ITS_HW_H

#include <stdbool.h>
#include <stdint.h>

enum its_hw_table {
	ITS_HW_DEVICE,
	ITS_HW_COLLECTION,
	ITS_HW_VPE,
	ITS_HW_NR_TABLES,
};

struct its_hw_config {
	uint8_t psz_shift[ITS_HW_NR_TABLES];	/* 12/14/16; 0: no such table */
	uint8_t indirect;	/* bit per table: two levels supported */
	uint8_t devbits;	/* DeviceID bits, 1..32 */
	uint8_t idbits;		/* EventID bits, 1..32 */
	uint8_t cidbits;	/* collection ID bits with CIL=1, 1..16; 0: CIL=0 */
	uint8_t ite_size;	/* ITT entry bytes, 1..16 */
	uint8_t queue_pages;	/* 4 KiB pages a benign host gives the queue */
	uint8_t coherent;	/* 1: snoops the CPUs' caches where the registers say
				 * shareable and cacheable; 0: never (Shareability RAZ/WI) */
	uint8_t qemu;		/* 1: QEMU's choices, as its_hw_follow_qemu() */
};

#define ITS_HW_ENTRY_SIZE	8	/* every table's entries, as QEMU's */

/* The configuration a zeroed one stands for (QEMU's virt board). */
void its_hw_default_config(struct its_hw_config *cfg);
/* GITS_TYPER of an ITS with @cfg. */
uint64_t its_hw_typer(const struct its_hw_config *cfg);
/* Reset to the state after power-on with @cfg (NULL or zeroed: default). */
void its_hw_reset(const struct its_hw_config *cfg);
/*
 * Where the architecture leaves a choice and QEMU 7.2's ITS makes another
 * than the model, make QEMU's (for the differential check against it,
 * replay/its_diff.h; docs/EL2.md lists each). Off by default: the model's
 * own choices are those that let the oracle see more. Kept across resets.
 * A program asks for the same per run (its_qemu=1, its_hw_config.qemu):
 * a mediator that trusts what the specification says of Quiescent but
 * QEMU does not must be found before it meets QEMU.
 */
void its_hw_follow_qemu(bool on);
const struct its_hw_config *its_hw_config(void);

/*
 * Whether the ITS takes a @width-byte access at @off in the frame: 4 or 8
 * bytes in the control frame, 2 or 4 in the translation frame (ITS_FACTS
 * 1.2; QEMU answers the others with an external abort, a hyp panic at
 * EL2: checked there, docs/EL2.md).
 */
static inline bool its_hw_width_ok(uint64_t off, unsigned int width)
{
	if (off < 0x10000)	/* the control frame; the translation frame follows */
		return width == 4 || width == 8;
	return width == 2 || width == 4;
}
/* Register accesses at @off in the frame; width 1, 2, 4 or 8. */
uint64_t its_hw_read(uint64_t off, unsigned int width);
/*
 * The same read for an observer (the oracle): no side effect, and the
 * register hook does not see it, so it is never taken for the hyp's.
 */
uint64_t its_hw_peek(uint64_t off, unsigned int width);
/* The first @nr 64-bit slots of the frame at once, as its_hw_peek() reads them. */
void its_hw_peek_slots(uint64_t *slots, unsigned int nr);
void its_hw_write(uint64_t off, unsigned int width, uint64_t val);
/*
 * Whether commands wait that the ITS was rung for and did not start on
 * (a fault plan's FAULT_HANG), with no run of the queue since: like
 * Stalled, but with nothing in the registers to show it. And how many
 * doorbells it so ignored since boot, to tell whether it happened in a
 * given span.
 */
bool its_hw_hung(void);
unsigned int its_hw_hangs(void);

/*
 * @hook, if set, sees every register access: a write before it takes
 * effect (and runs commands), a read with the value it returned. O5 and
 * O6 watch the mediator's accesses through it.
 */
typedef void (*its_hw_reg_hook_t)(uint64_t off, unsigned int width, bool write,
				  uint64_t val);
void its_hw_set_reg_hook(its_hw_reg_hook_t hook);

/*
 * @hook, if set, sees every command the device fetched (from byte @offset
 * of the queue), before it runs.
 */
typedef void (*its_hw_cmd_hook_t)(const uint64_t *cmd, uint64_t offset);
void its_hw_set_cmd_hook(its_hw_cmd_hook_t hook);

/* The BASER index holding @table, or -1 if the ITS has none. */
int its_hw_baser_index(enum its_hw_table table);
/* Decoded fields of a BASER value, and the address field for @pa. */
uint64_t its_hw_baser_pa(uint64_t baser);
uint64_t its_hw_baser_psz(uint64_t baser);
uint64_t its_hw_baser_addr(uint64_t pa, uint64_t psz);
/*
 * The id bits a table of BASER type @type needs, read from GITS_TYPER as a
 * driver sizes its tables (16 where TYPER names none: ITS_FACTS 1.4).
 */
unsigned int its_hw_typer_id_bits(uint64_t typer, uint64_t type);

/*
 * The device's memory access: 0, or -1 for a failed transaction (not RAM,
 * or a fault plan's FAULT_DMA), on which the device stalls. @attrs is the
 * register that governs it (GITS_CBASER or GITS_BASER<n>): whether it
 * snoops the CPUs' caches or reads the point of coherency (cache.h).
 * @hook, if set, sees every access once it is done (or failed).
 */
int its_hw_dma(uint64_t pa, void *buf, unsigned int len, bool write, uint64_t attrs);
typedef void (*its_hw_dma_hook_t)(uint64_t pa, unsigned int len, bool write);
void its_hw_set_dma_hook(its_hw_dma_hook_t hook);

/*
 * The device's own entry formats, which the architecture leaves to the
 * implementation (this model's are QEMU's, docs/QEMU_ITS.md §10): the L2
 * page a valid L1 entry names, and the ITT a valid DTE names with its
 * size in bytes (2^(Size + 1) entries of TYPER's ITT entry size). False
 * for an invalid entry.
 */
bool its_hw_l1_l2(uint64_t l1_entry, uint64_t *pa);
bool its_hw_dte_itt(uint64_t dte, uint64_t *itt, uint64_t *bytes);
/* How many ids the device takes for @table (beyond them it skips). */
uint64_t its_hw_table_ids(enum its_hw_table table);
/* Which table a BASER holds (ITS_HW_NR_TABLES: none). */
enum its_hw_table its_hw_baser_table(unsigned int n);

/*
 * The table walk for @id: 0 with the entry's address in @pa; 1 if the id
 * has no entry (out of range, table invalid, L1 entry invalid): the
 * command is skipped; -1 if a DMA failed: the device stalls.
 */
int its_hw_table_lookup(enum its_hw_table table, uint64_t id, uint64_t *pa);

#endif
