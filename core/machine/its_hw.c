// SPDX-License-Identifier: GPL-2.0-only
/*
 * The real ITS: register file and table walk; see its_hw.h. Where the
 * architecture leaves a choice the model follows QEMU (docs/QEMU_ITS.md):
 * BASER and CBASER ignore writes while the ITS is enabled, a CBASER write
 * resets CREADR, Type and Entry_Size are read-only, an unimplemented BASER
 * is RAZ/WI, Page_Size 3 reads as 64 KiB.
 */
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "cache.h"
#include "its_hw.h"
#include "mem_internal.h"
#include "../fault/fault.h"
#include "../trace/trace.h"

#define NR_REGS		(GITS_BASER + 8 * GITS_BASER_NR_REGS) / 8

static struct its_hw_config cfg;
static uint64_t regs[NR_REGS];		/* 64-bit slots of the control frame */
static uint8_t nr_tables;
static uint8_t baser_table[GITS_BASER_NR_REGS];
static its_hw_dma_hook_t dma_hook;
static its_hw_reg_hook_t reg_hook;
static its_hw_cmd_hook_t cmd_hook;
static bool follow_qemu;	/* its_hw_follow_qemu() */

/*
 * Draining. Disabled with a translation in flight, an ITS clears
 * Quiescent until it is done (GICv3 GITS_CTLR); QEMU's never has one in
 * flight. A fault plan's FAULT_DRAIN makes a disable leave one: an MSI
 * for the last event a command named, if any. The ITS stays draining for
 * DRAIN_READS reads of GITS_CTLR (the time a driver's poll sees pass),
 * then translates it with the tables it has (DTE, then ITE) and sets
 * Quiescent: a hyp that gave those tables away without waiting has let
 * the device read memory that is no longer the hyp's.
 */
#define DRAIN_READS	4

static struct {
	uint64_t dw[2];		/* DeviceID and EventID, as the command had them */
	bool valid;
} last_event;
static unsigned int drain_left;

/*
 * Hanging. An ITS takes its time over a doorbell, and one that is wedged
 * (an erratum, a memory system that does not answer) takes forever: the
 * hyp's wait must end, and what it undoes must never run. A fault plan's
 * FAULT_HANG makes the ITS ignore the n-th CWRITER write that gives it
 * something to run; the queue waits for the next CWRITER write or enable.
 */
static bool hung;		/* its_hw_hung() */
static unsigned int hangs;	/* its_hw_hangs() */

static void process(void);
static bool queue_has_work(void);
static void drain_finish(void);

void its_hw_follow_qemu(bool on)
{
	follow_qemu = on;
}

/* QEMU's choices in this run: asked for by the caller or by the program. */
static bool qemu(void)
{
	return follow_qemu || cfg.qemu;
}

static const uint8_t baser_types[ITS_HW_NR_TABLES] = {
	[ITS_HW_DEVICE]		= GITS_BASER_TYPE_DEVICE,
	[ITS_HW_COLLECTION]	= GITS_BASER_TYPE_COLLECTION,
	[ITS_HW_VPE]		= GITS_BASER_TYPE_VCPU,
};

const struct its_hw_config *its_hw_config(void)
{
	return &cfg;
}

void its_hw_reset(const struct its_hw_config *c)
{
	unsigned int t;

	if (c && c->psz_shift[ITS_HW_DEVICE])
		cfg = *c;
	else
		its_hw_default_config(&cfg);
	memset(regs, 0, sizeof(regs));
	memset(baser_table, 0xff, sizeof(baser_table));
	nr_tables = 0;
	memset(&last_event, 0, sizeof(last_event));
	drain_left = 0;
	hung = false;
	hangs = 0;
	regs[GITS_CTLR / 8] = GITS_CTLR_QUIESCENT;
	regs[GITS_TYPER / 8] = its_hw_typer(&cfg);
	for (t = 0; t < ITS_HW_NR_TABLES; t++) {
		uint64_t psz;

		if (!cfg.psz_shift[t])
			continue;
		psz = cfg.psz_shift[t] == 16 ? GITS_BASER_PAGE_SIZE_64K :
		      cfg.psz_shift[t] == 14 ? GITS_BASER_PAGE_SIZE_16K :
		      GITS_BASER_PAGE_SIZE_4K;
		baser_table[nr_tables] = (uint8_t)t;
		regs[GITS_BASER / 8 + nr_tables] =
			FIELD_PREP(GITS_BASER_TYPE, baser_types[t]) |
			FIELD_PREP(GITS_BASER_ENTRY_SIZE, ITS_HW_ENTRY_SIZE - 1) |
			FIELD_PREP(GITS_BASER_PAGE_SIZE, psz);
		nr_tables++;
	}
}

int its_hw_baser_index(enum its_hw_table table)
{
	unsigned int n;

	for (n = 0; n < nr_tables; n++)
		if (baser_table[n] == table)
			return (int)n;
	return -1;
}

static bool enabled(void)
{
	return regs[GITS_CTLR / 8] & GITS_CTLR_ENABLE;
}

/* A full 64-bit write of BASER<n>, after any half-register merge. */
static void write_baser(unsigned int n, uint64_t val)
{
	uint64_t ro = GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE;
	uint64_t old = regs[GITS_BASER / 8 + n];
	unsigned int t = baser_table[n];
	uint64_t want;
	uint64_t max;

	if (n >= nr_tables || enabled())
		return;
	val = (val & ~ro) | (old & ro);
	if (!(cfg.indirect & (1u << t)))
		val &= ~GITS_BASER_INDIRECT;
	/* An ITS that cannot snoop says so: Shareability is RAZ/WI. */
	if (!cfg.coherent)
		val &= ~GIC_BASER_SHAREABILITY;
	/* Reserved reads as 64 KiB; a size above the table's maximum as it. */
	want = FIELD_GET(GITS_BASER_PAGE_SIZE, val);
	if (want > GITS_BASER_PAGE_SIZE_64K)
		want = GITS_BASER_PAGE_SIZE_64K;
	max = (uint64_t)(cfg.psz_shift[t] - 12) / 2;
	if (want > max)
		want = max;
	val = (val & ~GITS_BASER_PAGE_SIZE) | FIELD_PREP(GITS_BASER_PAGE_SIZE, want);
	regs[GITS_BASER / 8 + n] = val;
}

/* A full 64-bit write of the register at slot @slot. */
static void write_reg(unsigned int slot, uint64_t val)
{
	switch (slot * 8) {
	case GITS_CTLR:
		/* An enable while draining: the translation completes first. */
		if (drain_left && (val & GITS_CTLR_ENABLE))
			drain_finish();
		if (enabled() && !(val & GITS_CTLR_ENABLE) && !qemu() &&
		    fault_device_should_fail(FAULT_DRAIN))
			drain_left = DRAIN_READS;
		/* CTLR is the low word; IIDR above it is read-only. */
		regs[slot] = (regs[slot] & ~0xffffffffULL) |
			     (val & GITS_CTLR_ENABLE) |
			     ((val & GITS_CTLR_ENABLE && !qemu()) || drain_left ? 0 :
			      GITS_CTLR_QUIESCENT);
		TRACE1("[its]", "CTLR = 0x%llx", regs[slot] & 0xffffffffULL);
		/* Enabling with CWRITER != CREADR runs the queue at once. */
		process();
		return;
	case GITS_CBASER:
		if (enabled())
			return;
		regs[slot] = val & (GITS_CBASER_VALID | GIC_BASER_INNER_CACHEABILITY |
				    GIC_BASER_OUTER_CACHEABILITY | GITS_CBASER_ADDRESS |
				    (cfg.coherent ? GIC_BASER_SHAREABILITY : 0) | GITS_CBASER_SIZE);
		regs[GITS_CREADR / 8] = 0;
		hung = false;
		TRACE1("[its]", "CBASER = 0x%llx", regs[slot]);
		return;
	case GITS_CWRITER:
		/* QEMU keeps the RES0 bits and reads Retry as zero. */
		regs[slot] = qemu() ? val & ~GITS_CWRITER_RETRY :
			     val & (GITS_CMDQ_OFFSET | GITS_CWRITER_RETRY);
		if (queue_has_work() && !qemu() && fault_device_should_fail(FAULT_HANG)) {
			hung = true;
			hangs++;
			return;
		}
		process();
		return;
	}
	if (slot >= GITS_BASER / 8 && slot < NR_REGS) {
		write_baser(slot - GITS_BASER / 8, val);
		TRACE2("[its]", "BASER%llu = 0x%llx", slot - GITS_BASER / 8,
		       regs[slot]);
	}
}

/* Register reads serve the oracle's snapshots too: no coverage (its_hw_peek). */
#if defined(__clang__)
#define NO_COVERAGE	__attribute__((no_sanitize("coverage")))
#else
#define NO_COVERAGE
#endif

NO_COVERAGE static uint64_t read_slot(unsigned int slot)
{
	if (slot * 8 == GITS_CTLR)
		return (regs[slot] & 0xffffffffULL) | 0x43bULL << 32;	/* IIDR */
	return regs[slot];
}

NO_COVERAGE static uint64_t reg_read(uint64_t off, unsigned int width)
{
	unsigned int shift = (unsigned int)(off & 7) * 8;
	uint64_t mask = width == 8 ? ~0ULL : (1ULL << (width * 8)) - 1;

	if (off == GITS_PIDR2)
		return width >= 4 ? GIC_PIDR2_ARCH_GICv3 : 0;
	if (off / 8 >= NR_REGS)
		return 0;
	return (read_slot((unsigned int)(off / 8)) >> shift) & mask;
}

/*
 * The oracle reads every register around every entry: comparisons there
 * are no coverage the engine should learn from, and cost a callback each.
 */
NO_COVERAGE uint64_t its_hw_peek(uint64_t off, unsigned int width)
{
	return reg_read(off, width);
}

NO_COVERAGE void its_hw_peek_slots(uint64_t *slots, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		slots[i] = i < NR_REGS ? read_slot(i) : 0;
}

/* QEMU takes GITS_CTLR as a 32-bit register only: a 64-bit access is RAZ/WI. */
static bool qemu_ignores(uint64_t off, unsigned int width)
{
	return qemu() && off == GITS_CTLR && width == 8;
}

uint64_t its_hw_read(uint64_t off, unsigned int width)
{
	uint64_t val;

	/* A read of Quiescent is where a poll sees the drain go on. */
	if (drain_left && off < 4 && off + width > 3 && !--drain_left)
		drain_finish();
	val = qemu_ignores(off, width) ? 0 : reg_read(off, width);

	if (reg_hook)
		reg_hook(off, width, false, val);
	return val;
}

static void reg_write(uint64_t off, unsigned int width, uint64_t val)
{
	unsigned int shift = (unsigned int)(off & 7) * 8;
	uint64_t mask = width == 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
	unsigned int slot = (unsigned int)(off / 8);

	if (slot >= NR_REGS || slot * 8 == GITS_TYPER || qemu_ignores(off, width))
		return;
	/* GITS_IIDR is read-only: a write there is no GITS_CTLR write. */
	if (slot * 8 == GITS_CTLR && (off & 7) >= 4)
		return;
	/*
	 * CREADR is read-only, but QEMU (whose distributor has DS=1) takes a
	 * write, Stalled aside, as the architecture allows it to.
	 */
	if (slot * 8 == GITS_CREADR) {
		if (qemu())
			regs[slot] = (regs[slot] & ~(mask << shift)) |
				     ((val & mask) << shift & ~(shift ? 0 : GITS_CREADR_STALLED));
		return;
	}
	/* A narrow access merges into its part of the 64-bit register. */
	write_reg(slot, (read_slot(slot) & ~(mask << shift)) | (val & mask) << shift);
}

void its_hw_write(uint64_t off, unsigned int width, uint64_t val)
{
	if (reg_hook)
		reg_hook(off, width, true, val);
	reg_write(off, width, val);
}

void its_hw_set_reg_hook(its_hw_reg_hook_t hook)
{
	reg_hook = hook;
}

void its_hw_set_dma_hook(its_hw_dma_hook_t hook)
{
	dma_hook = hook;
}

/*
 * Whether an access under @attrs (the GITS_CBASER or GITS_BASER<n> that
 * governs it) snoops the CPUs' caches: an ITS that can, told the memory is
 * shareable and cacheable. Otherwise it reads the point of coherency.
 */
static bool snoops(uint64_t attrs)
{
	return cfg.coherent && FIELD_GET(GIC_BASER_SHAREABILITY, attrs) != GIC_BASER_NonShareable &&
	       FIELD_GET(GIC_BASER_INNER_CACHEABILITY, attrs) >= 2;
}

int its_hw_dma(uint64_t pa, void *buf, unsigned int len, bool write, uint64_t attrs)
{
	uint8_t *ram = ram_ptr(pa);
	int ret = 0;

	if (fault_device_should_fail(FAULT_DMA)) {
		TRACE2("[dma]", "transaction at 0x%llx len %llu fails: stall", pa, len);
		ret = -1;
	} else if (!ram || !ram_ptr(pa + len - 1)) {
		TRACE2("[dma]", "failed at 0x%llx len %llu: stall", pa, len);
		ret = -1;
	} else if (write) {
		cache_device_access(pa, buf, len, true, snoops(attrs));
		page_mark_written(pa, len);
		memcpy(ram, buf, len);
		TRACE2("[dma]", "write 0x%llx len %llu", pa, len);
	} else {
		memcpy(buf, ram, len);
		/* Its own view: a non-snooping read sees the point of coherency. */
		cache_device_access(pa, buf, len, false, snoops(attrs));
		TRACE2("[dma]", "read 0x%llx len %llu", pa, len);
	}
	/* After the access: a watcher of what the device can reach sees it done. */
	if (dma_hook)
		dma_hook(pa, len, write);
	return ret;
}

int its_hw_table_lookup(enum its_hw_table table, uint64_t id, uint64_t *pa)
{
	int n = its_hw_baser_index(table);
	uint64_t baser, psz, base, epp, idx;
	uint64_t l1;

	if (n < 0)
		return 1;
	baser = regs[GITS_BASER / 8 + n];
	if (!(baser & GITS_BASER_VALID))
		return 1;
	psz = its_hw_baser_psz(baser);
	base = its_hw_baser_pa(baser);
	epp = psz / ITS_HW_ENTRY_SIZE;
	if (!(baser & GITS_BASER_INDIRECT)) {
		if (id >= (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * epp)
			return 1;
		*pa = base + id * ITS_HW_ENTRY_SIZE;
		return 0;
	}
	idx = id / epp;
	if (idx >= (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz / GITS_LVL1_ENTRY_SIZE)
		return 1;
	if (its_hw_dma(base + idx * GITS_LVL1_ENTRY_SIZE, &l1, sizeof(l1), false, baser))
		return -1;
	if (!its_hw_l1_l2(l1, pa))
		return 1;
	*pa += (id % epp) * ITS_HW_ENTRY_SIZE;
	return 0;
}

enum its_hw_table its_hw_baser_table(unsigned int n)
{
	return n < nr_tables ? (enum its_hw_table)baser_table[n] : ITS_HW_NR_TABLES;
}

void its_hw_set_cmd_hook(its_hw_cmd_hook_t hook)
{
	cmd_hook = hook;
}

/* Commands ------------------------------------------------------------- */

static uint64_t bits(uint64_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & (hi - lo == 63 ? ~0ULL : (1ULL << (hi - lo + 1)) - 1);
}

/* The register governing @table's accesses (attributes, snooping). */
static uint64_t table_attrs(enum its_hw_table table)
{
	int n = its_hw_baser_index(table);

	return n < 0 ? 0 : regs[GITS_BASER / 8 + n];
}

static int dma_rw64(uint64_t pa, uint64_t *v, bool write, enum its_hw_table table)
{
	return its_hw_dma(pa, v, sizeof(*v), write, table_attrs(table));
}

/*
 * Write @val to @table's entry for @id: 0 done (or skipped: no entry, as
 * QEMU drops the write and goes on), -1 a DMA failed.
 */
static int table_write(enum its_hw_table table, uint64_t id, uint64_t val)
{
	uint64_t pa;
	int ret = its_hw_table_lookup(table, id, &pa);

	if (ret)
		return ret < 0 ? -1 : 0;
	return dma_rw64(pa, &val, true, table);
}

/* The DTE for @devid: 1 with it in @dte, 0 none (skip), -1 DMA failed. */
static int read_dte(uint64_t devid, uint64_t *dte)
{
	uint64_t pa;
	int ret;

	if (devid >> cfg.devbits)
		return 0;
	ret = its_hw_table_lookup(ITS_HW_DEVICE, devid, &pa);
	if (ret)
		return ret < 0 ? -1 : 0;
	if (dma_rw64(pa, dte, false, ITS_HW_DEVICE))
		return -1;
	return *dte & 1;
}

/* The ITE a command names (DeviceID, EventID): 1 with its address, 0 none (skip), -1 DMA failed. */
static int ite_addr(const uint64_t *cmd, uint64_t *pa)
{
	uint64_t eventid = bits(cmd[1], 31, 0);
	uint64_t bytes;
	uint64_t dte;
	int ret;

	ret = read_dte(bits(cmd[0], 63, 32), &dte);
	if (ret <= 0)
		return ret;
	if (eventid >> (bits(dte, 5, 1) + 1))
		return 0;
	its_hw_dte_itt(dte, pa, &bytes);
	*pa += eventid * cfg.ite_size;
	return 1;
}

/* ITTs have no register of their own: the Device table's attributes. */
static int ite_rw(uint64_t pa, uint8_t *ite, bool write)
{
	return its_hw_dma(pa, ite, cfg.ite_size, write, table_attrs(ITS_HW_DEVICE));
}

static uint64_t collections(void)
{
	return cfg.cidbits ? 1ULL << cfg.cidbits : 1ULL << 16;
}

/* The ids @table's memory holds, as its BASER says (no memory read). */
static uint64_t table_capacity(enum its_hw_table table)
{
	int n = its_hw_baser_index(table);
	uint64_t baser, psz, cap;

	if (n < 0)
		return 0;
	baser = regs[GITS_BASER / 8 + n];
	if (!(baser & GITS_BASER_VALID))
		return 0;
	psz = its_hw_baser_psz(baser);
	cap = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz / ITS_HW_ENTRY_SIZE;
	if (baser & GITS_BASER_INDIRECT)
		cap *= psz / ITS_HW_ENTRY_SIZE;
	return cap < its_hw_table_ids(table) ? cap : its_hw_table_ids(table);
}

/*
 * QEMU mode: collection @icid is mapped to a redistributor that exists:
 * 1 yes, 0 no (the command is skipped), -1 a DMA failed.
 */
static int collection_live(uint64_t icid)
{
	uint64_t pa, cte;
	int ret;

	if (icid >= collections() || icid >= table_capacity(ITS_HW_COLLECTION))
		return 0;
	ret = its_hw_table_lookup(ITS_HW_COLLECTION, icid, &pa);
	if (ret)
		return ret < 0 ? -1 : 0;
	if (dma_rw64(pa, &cte, false, ITS_HW_COLLECTION))
		return -1;
	return (cte & 1) && (cte >> 1) < SIM_NR_CPUS;
}

#define ITE_ICID	GENMASK_ULL(47, 32)

/*
 * INT, CLEAR, INV, DISCARD and MOVI on the event a command names: the
 * DTE, then the ITE. DISCARD clears a valid ITE; MOVI writes the new
 * collection into a valid one (the architecture's "the event now belongs
 * to ICID"; the entry's layout is this model's, QEMU's). In QEMU mode the
 * event's collection, and MOVI's new one, must be mapped to a
 * redistributor that exists, as QEMU checks, or the command is skipped.
 */
static int event_command(const uint64_t *cmd)
{
	uint64_t icid = bits(cmd[2], 15, 0);
	uint8_t op = cmd[0] & 0xff;
	uint8_t ite[16] = { 0 };
	uint64_t pa, lo;
	int ret;

	ret = ite_addr(cmd, &pa);
	if (ret <= 0)
		return ret;
	if (op == GITS_CMD_DISCARD && !qemu())
		return ite_rw(pa, ite, true);
	if (ite_rw(pa, ite, false))
		return -1;
	memcpy(&lo, ite, sizeof(lo));
	if (!(lo & 1) || !(lo & 2))
		return 0;
	if (qemu()) {
		ret = collection_live(FIELD_GET(ITE_ICID, lo));
		if (ret <= 0)
			return ret;
	}
	switch (op) {
	case GITS_CMD_DISCARD:
		memset(ite, 0, sizeof(ite));
		return ite_rw(pa, ite, true);
	case GITS_CMD_MOVI:
		if (icid >= collections())
			return 0;
		if (qemu()) {
			ret = collection_live(icid);
			if (ret <= 0)
				return ret;
		}
		lo = (lo & ~ITE_ICID) | FIELD_PREP(ITE_ICID, icid);
		memcpy(ite, &lo, sizeof(lo));
		return ite_rw(pa, ite, true);
	}
	return 0;
}

/* The in-flight MSI a drain completes: the last event a command named. */
static void note_event(const uint64_t *cmd)
{
	memcpy(last_event.dw, cmd, sizeof(last_event.dw));
	last_event.valid = true;
}

static void drain_finish(void)
{
	uint8_t ite[16];
	uint64_t pa;

	drain_left = 0;
	regs[GITS_CTLR / 8] |= GITS_CTLR_QUIESCENT;
	if (!last_event.valid)
		return;
	TRACE2("[its]", "drained: MSI for DeviceID 0x%llx EventID 0x%llx translated",
	       bits(last_event.dw[0], 63, 32), bits(last_event.dw[1], 31, 0));
	if (ite_addr(last_event.dw, &pa) > 0)
		ite_rw(pa, ite, false);
}

/* Execute one command: 0 done or skipped, -1 a memory transaction failed. */
static int execute(const uint64_t *cmd)
{
	uint64_t icid = bits(cmd[2], 15, 0);
	uint8_t ite[16] = { 0 };
	uint64_t intid;
	uint64_t pa;
	uint64_t v;
	int ret;

	switch (cmd[0] & 0xff) {
	case GITS_CMD_MAPD:
		if (bits(cmd[0], 63, 32) >> cfg.devbits || bits(cmd[1], 4, 0) >= cfg.idbits)
			return 0;
		v = cmd[2] >> 63;
		if (v)
			v |= bits(cmd[1], 4, 0) << 1 | bits(cmd[2], 51, 8) << 6;
		return table_write(ITS_HW_DEVICE, bits(cmd[0], 63, 32), v);
	case GITS_CMD_MAPC:
		if (icid >= collections())
			return 0;
		v = cmd[2] >> 63;
		if (v)
			v |= bits(cmd[2], 51, 16) << 1;
		/* QEMU skips a mapping to a redistributor that does not exist. */
		if (qemu() && v && bits(cmd[2], 51, 16) >= SIM_NR_CPUS)
			return 0;
		return table_write(ITS_HW_COLLECTION, icid, v);
	case GITS_CMD_MAPTI:
	case GITS_CMD_MAPI:
		note_event(cmd);
		if (icid >= collections())
			return 0;
		intid = (cmd[0] & 0xff) == GITS_CMD_MAPI ? bits(cmd[1], 31, 0) : bits(cmd[1], 63, 32);
		/*
		 * QEMU skips an INTID outside the LPI range TYPER.IDbits allows,
		 * and an ICID beyond what the Collection table holds.
		 */
		if (qemu() && (intid < 8192 || intid >> cfg.idbits ||
			     icid >= table_capacity(ITS_HW_COLLECTION)))
			return 0;
		v = 1 | 1ULL << 1 | icid << 32 | intid << 2;
		memcpy(ite, &v, sizeof(v));
		/* A physical ITE's doorbell word: QEMU writes 1023 (no doorbell). */
		if (qemu())
			memcpy(ite + 8, &(uint32_t){ 1023 }, sizeof(uint32_t));
		ret = ite_addr(cmd, &pa);
		if (ret <= 0)
			return ret;
		return ite_rw(pa, ite, true);
	case GITS_CMD_DISCARD:
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_INV:
	case GITS_CMD_MOVI:
		note_event(cmd);
		return event_command(cmd);
	}
	/* SYNC, INVALL, MOVALL touch no memory; other opcodes are skipped. */
	return 0;
}

bool its_hw_hung(void)
{
	return hung;
}

unsigned int its_hw_hangs(void)
{
	return hangs;
}

/* Whether the consumer would run a command now (process() below). */
static bool queue_has_work(void)
{
	uint64_t cbaser = regs[GITS_CBASER / 8];
	uint64_t len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	uint64_t wr = regs[GITS_CWRITER / 8] & GITS_CMDQ_OFFSET;

	return enabled() && (cbaser & GITS_CBASER_VALID) && wr < len &&
	       (regs[GITS_CREADR / 8] & GITS_CMDQ_OFFSET) != wr;
}

/*
 * The consumer: from CREADR to CWRITER, one slot at a time, wrapping at
 * the end of the queue. A failed fetch or command stalls with CREADR at
 * the slot; writing CWRITER again retries it.
 */
static void process(void)
{
	uint64_t cbaser = regs[GITS_CBASER / 8];
	uint64_t len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	uint64_t wr = regs[GITS_CWRITER / 8] & GITS_CMDQ_OFFSET;
	uint64_t *creadr = &regs[GITS_CREADR / 8];
	uint64_t cmd[4];
	uint64_t rd;
	uint64_t n;

	/* Stalled stays until a write gives the queue something to run again. */
	if (!queue_has_work())
		return;
	hung = false;
	*creadr &= ~GITS_CREADR_STALLED;
	for (n = 0; n < len / ITS_CMD_SIZE; n++) {
		rd = *creadr & GITS_CMDQ_OFFSET;
		if (rd == wr || rd >= len)
			return;
		if (its_hw_dma((cbaser & GITS_CBASER_ADDRESS) + rd, cmd, sizeof(cmd), false, cbaser)) {
			*creadr = rd | GITS_CREADR_STALLED;
			return;
		}
		if (cmd_hook)
			cmd_hook(cmd, rd);
		TRACE2("[its]", "cmd 0x%llx at 0x%llx", cmd[0] & 0xff, rd);
		if (execute(cmd)) {
			*creadr = rd | GITS_CREADR_STALLED;
			return;
		}
		*creadr = (rd + ITS_CMD_SIZE) % len;
	}
}
