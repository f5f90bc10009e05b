// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2 smoke test: the mediator, unchanged, at EL2 against QEMU's ITS.
 *
 * The host brings the ITS up as Linux does (through the mediator's trap
 * handler, which forwards everything before setup), the setup hypercall
 * runs, and the ownership it leaves is checked page by page: queue and
 * tables the hyp's, the host's copies shared and pinned, and the EL2
 * stage-1 mapping exactly what the hyp owns or borrows. Then commands go
 * through the trap path (host copy, trapped 64-bit CWRITER write) and
 * what QEMU's ITS did is checked: CREADR, the DTE, CTE and ITE it wrote
 * (QEMU 7.2 layouts, docs/QEMU_ITS.md §10), the real queue holding what
 * the host sent. Finally teardown gives everything back.
 *
 * The first argument picks a mode; all but "ok" fail on purpose, each
 * through a different reporting path, and CTest checks that verdict:
 *   ok     everything above; exit 0
 *   boot   the platform set up, nothing else (to time QEMU and boot)
 *   stall  before setup the host sends a MAPTI whose ITT lies in a hole:
 *          QEMU's ITS must stall, and the idle check reports it
 *   fault  after teardown the hyp reads the queue it gave back: the
 *          stage-1 no longer maps it, the vector table reports the abort
 *   hang   a driver polling CREADR for a value that never comes: the
 *          runner's timeout reports a hang
 *   overflow  unbounded recursion runs the program stack into its guard
 *          page: the vector table reports it from its own stack
 * and "page=14" or "page=16" runs with 16 or 64 KiB host pages, "raw" adds
 * every non-zero word of the tables and ITTs to the state dump.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <asm/kvm_pkvm.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include <el2/el2.h>
#include <el2/host.h>
#include <el2/its_host.h>

#include "../../core/machine/its_hw.h"

#define CHECK(cond, what, fmt, ...) do {					\
	if (!(cond)) {								\
		el2_its_dump(false);						\
		el2_report("CHECK", what, "%s: " fmt, #cond, ##__VA_ARGS__);	\
	}									\
} while (0)

#define DEV_ID		1
#define DEV_SIZE	3		/* 16 events */
#define EVENT_ID	2
#define LPI		(8192 + EVENT_ID)	/* as the simulation's its_cmd makes it */
#define ICID		0
#define HOLE_PA		0x100000000ULL	/* no RAM, no device: a failed DMA */

enum mode { MODE_OK, MODE_BOOT, MODE_STALL, MODE_FAULT, MODE_HANG, MODE_OVERFLOW };

static struct el2_its_host h;
static bool raw_dump;
static uint64_t itt_pa;
/* The L2 pages the real L1s named at setup: teardown must give them back. */
static struct {
	uint64_t pa;
	uint64_t psz;
} l2_pages[16];
static unsigned int nr_l2_pages;

static struct el2_page_rec page_of(uint64_t pa)
{
	struct el2_page_rec r;

	CHECK(el2_page(pa >> el2_page_shift(), &r), "record", "pa 0x%llx",
	      (unsigned long long)pa);
	return r;
}

static void check_hyp_owned(uint64_t pa, uint64_t len, const char *what)
{
	uint64_t a;

	for (a = pa; a < pa + len; a += el2_page_size()) {
		struct el2_page_rec r = page_of(a);

		CHECK(r.hyp_state == PKVM_PAGE_OWNED && r.host_state == PKVM_NOPAGE, what,
		      "pa 0x%llx host %u hyp %u", (unsigned long long)a, r.host_state,
		      r.hyp_state);
		CHECK(!kvm_pte_valid(r.host_pte) && kvm_pte_owner(r.host_pte) == PKVM_ID_HYP,
		      what, "pa 0x%llx host pte 0x%llx", (unsigned long long)a,
		      (unsigned long long)r.host_pte);
		CHECK(el2_stage1_mapped(a), what, "pa 0x%llx not in the hyp stage-1",
		      (unsigned long long)a);
	}
}

static void check_shared_pinned(uint64_t pa, uint64_t len, const char *what)
{
	uint64_t a;

	for (a = pa; a < pa + len; a += el2_page_size()) {
		struct el2_page_rec r = page_of(a);

		CHECK(r.host_state == PKVM_PAGE_SHARED_OWNED &&
		      r.hyp_state == PKVM_PAGE_SHARED_BORROWED && r.refcount >= 1, what,
		      "pa 0x%llx host %u hyp %u pins %u", (unsigned long long)a, r.host_state,
		      r.hyp_state, r.refcount);
		CHECK(el2_stage1_mapped(a), what, "pa 0x%llx not in the hyp stage-1",
		      (unsigned long long)a);
	}
}

static void check_host_owned(uint64_t pa, uint64_t len, const char *what)
{
	uint64_t a;

	for (a = pa; a < pa + len; a += el2_page_size()) {
		struct el2_page_rec r = page_of(a);

		CHECK(r.host_state == PKVM_PAGE_OWNED && r.hyp_state == PKVM_NOPAGE &&
		      !r.refcount, what, "pa 0x%llx host %u hyp %u pins %u",
		      (unsigned long long)a, r.host_state, r.hyp_state, r.refcount);
		CHECK(!el2_stage1_mapped(a), what, "pa 0x%llx still in the hyp stage-1",
		      (unsigned long long)a);
	}
}

static uint64_t ram64(uint64_t pa)
{
	uint64_t v;

	CHECK(!el2_ram_read(pa, &v, sizeof(v)), "ram", "pa 0x%llx", (unsigned long long)pa);
	return v;
}

/* The L2 page of entry @idx of table @n's real L1 (0: none). */
static uint64_t l2_of(unsigned int n, uint64_t idx)
{
	uint64_t e = ram64(h.tables[n].pa + idx * GITS_LVL1_ENTRY_SIZE);

	return e & GITS_LVL1_ENTRY_VALID ? e & GENMASK_ULL(50, 0) : 0;
}

/* Table @type's entry for @id, as QEMU walks it. */
static uint64_t entry_pa(uint64_t type, uint64_t id)
{
	const struct its_host_state *hs = el2_host_ptr(h.state_pa);
	unsigned int n;

	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		uint64_t val = hs->tables[n].val;
		uint64_t per = h.tables[n].psz / 8;

		if (!(val & GITS_BASER_VALID) || FIELD_GET(GITS_BASER_TYPE, val) != type)
			continue;
		if (!h.tables[n].copy_pa)
			return h.tables[n].pa + id * 8;
		CHECK(l2_of(n, id / per), "l2", "table %u has no L2 page for id %llu", n,
		      (unsigned long long)id);
		return l2_of(n, id / per) + (id % per) * 8;
	}
	CHECK(false, "table", "no table of type %llu", (unsigned long long)type);
	return 0;
}

/* The ITS has run everything the host wrote and is not stalled. */
static void check_its_idle(const char *what)
{
	uint64_t creadr = el2_its_trap(GITS_CREADR, 8, false, 0);

	CHECK(!(creadr & GITS_CREADR_STALLED), what, "ITS stalled at offset 0x%llx",
	      (unsigned long long)(creadr & GITS_CMDQ_OFFSET));
	CHECK((creadr & GITS_CMDQ_OFFSET) == h.cwriter, what,
	      "CREADR 0x%llx, host wrote up to 0x%llx", (unsigned long long)creadr,
	      (unsigned long long)h.cwriter);
}

/*
 * Before setup the host owns the real queue: it writes commands there and
 * rings CWRITER (forwarded). A MAPTI for a device whose ITT is in a hole
 * makes QEMU's ITE write fail: the queue stalls on that slot.
 */
static void send_stalling_commands(void)
{
	uint64_t cmds[2][4];
	unsigned int i;

	el2_its_cmd_mapd(cmds[0], 2, DEV_SIZE, HOLE_PA, true);
	el2_its_cmd_mapti(cmds[1], 2, 0, LPI, ICID);
	for (i = 0; i < 2; i++) {
		if (el2_cpu2_write(h.cmdq_pa + h.cwriter, cmds[i], ITS_CMD_SIZE))
			el2_fatal("the host cannot write its own queue");
		h.cwriter += ITS_CMD_SIZE;
	}
	el2_its_trap(GITS_CWRITER, 8, true, h.cwriter);
}

static void check_setup_ownership(void)
{
	unsigned int n;
	uint64_t i;

	CHECK(pkvm_protected_regs[0].priv, "published", "region 0 has no private state");
	check_hyp_owned(h.state_pa, el2_page_size(), "state_page");
	check_hyp_owned(h.priv_pa, h.priv_pages * el2_page_size(), "priv");
	check_hyp_owned(h.cmdq_pa, h.cmdq_len, "queue");
	check_shared_pinned(h.cmdq_copy_pa, h.cmdq_len, "queue_copy");
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		const struct el2_its_table *t = &h.tables[n];

		if (!t->pa)
			continue;
		check_hyp_owned(t->pa, el2_page_size() << t->order, "table");
		if (!t->copy_pa)
			continue;
		check_shared_pinned(t->copy_pa, el2_page_size() << t->order, "l1_copy");
		for (i = 0; i < t->bytes / GITS_LVL1_ENTRY_SIZE; i++) {
			if (!l2_of(n, i))
				continue;
			check_hyp_owned(l2_of(n, i), t->psz, "l2_page");
			CHECK(nr_l2_pages < ARRAY_SIZE(l2_pages), "l2_page", "too many");
			l2_pages[nr_l2_pages].pa = l2_of(n, i);
			l2_pages[nr_l2_pages++].psz = t->psz;
		}
	}
	/* An arena page nobody gave the hyp is not in its stage-1. */
	check_host_owned(EL2_ARENA_BASE + (64ULL << 10), el2_page_size(), "untouched");
}

static void submit(const uint64_t cmd[4])
{
	el2_its_submit(&h, cmd, true);
}

static void run_commands(void)
{
	uint64_t itt = itt_pa = el2_its_alloc(&h, el2_page_size(), 256);
	uint64_t ite_lo;
	uint64_t cmd[4];
	uint32_t ite_hi;
	uint64_t slot;
	uint64_t dte;
	uint64_t cte;
	uint64_t q;

	CHECK(itt, "alloc", "no host page for an ITT");
	el2_its_cmd_mapd(cmd, DEV_ID, DEV_SIZE, itt, true);
	submit(cmd);
	el2_its_cmd_mapc(cmd, ICID, 0, true);
	submit(cmd);
	el2_its_cmd_mapti(cmd, DEV_ID, EVENT_ID, LPI, ICID);
	submit(cmd);
	el2_its_cmd_int(cmd, DEV_ID, EVENT_ID);
	submit(cmd);
	el2_its_cmd_sync(cmd, 0);
	submit(cmd);

	check_its_idle("commands");
	CHECK(el2_its_trap(GITS_CWRITER, 8, false, 0) == h.cwriter, "cwriter_read",
	      "the emulated CWRITER is not what the host wrote");
	check_shared_pinned(itt, el2_page_size(), "itt");

	/* What QEMU wrote (QEMU 7.2 layouts). */
	dte = ram64(entry_pa(GITS_BASER_TYPE_DEVICE, DEV_ID));
	CHECK(dte == (1 | DEV_SIZE << 1 | (itt >> 8) << 6), "dte",
	      "DTE 0x%llx for ITT 0x%llx", (unsigned long long)dte, (unsigned long long)itt);
	cte = ram64(entry_pa(GITS_BASER_TYPE_COLLECTION, ICID));
	CHECK(cte == 1, "cte", "CTE 0x%llx", (unsigned long long)cte);
	ite_lo = ram64(itt + 12 * EVENT_ID);
	CHECK(!el2_ram_read(itt + 12 * EVENT_ID + 8, &ite_hi, sizeof(ite_hi)), "ram", "ITE");
	CHECK(ite_lo == (1 | 1ULL << 1 | (uint64_t)LPI << 2 | (uint64_t)ICID << 32), "ite",
	      "ITE 0x%llx", (unsigned long long)ite_lo);
	CHECK(ite_hi == 1023, "ite_doorbell", "ITE doorbell %u", ite_hi);

	/* The device ran, byte for byte, what the host sent. */
	for (slot = 0; slot < h.cwriter; slot += 8) {
		q = ram64(h.cmdq_pa + slot);
		CHECK(q == ram64(h.cmdq_copy_pa + slot), "forwarded",
		      "real queue at 0x%llx: 0x%llx", (unsigned long long)slot,
		      (unsigned long long)q);
	}
}

static void teardown(void)
{
	unsigned int n;
	uint64_t a;
	int ret;

	/* Teardown wants the ITS disabled and quiescent: the host asks first. */
	el2_its_trap(GITS_CTLR, 4, true, 0);
	ret = pkvm_its_emulate_teardown(EL2_ITS_BASE);
	CHECK(!ret, "teardown", "returned %d", ret);
	CHECK(!pkvm_protected_regs[0].priv, "teardown", "region 0 still published");
	check_host_owned(h.cmdq_pa, h.cmdq_len, "queue_back");
	check_host_owned(h.cmdq_copy_pa, h.cmdq_len, "queue_copy_back");
	check_host_owned(h.state_pa, el2_page_size(), "state_back");
	for (n = 0; n < GITS_BASER_NR_REGS; n++)
		if (h.tables[n].pa)
			check_host_owned(h.tables[n].pa, el2_page_size() << h.tables[n].order,
					 "table_back");
	for (n = 0; n < nr_l2_pages; n++)
		check_host_owned(l2_pages[n].pa, l2_pages[n].psz, "l2_back");
	/* The device no longer walks the ITT: unpinned, unshared. */
	check_host_owned(itt_pa, el2_page_size(), "itt_back");
	/* Nothing of the hyp's private state is left for the host to read. */
	check_host_owned(h.priv_pa, h.priv_pages * el2_page_size(), "priv_back");
	for (a = h.priv_pa; a < h.priv_pa + h.priv_pages * el2_page_size(); a += 8)
		CHECK(!ram64(a), "priv_cleared", "pa 0x%llx", (unsigned long long)a);
}

static bool arg_is(const char *arg, const char *word)
{
	while (*word && *arg == *word) {
		arg++;
		word++;
	}
	return !*word && (!*arg || *arg == ' ');
}

/* The image's name, then a mode and, optionally, "page=12|14|16". */
static enum mode parse_args(struct el2_config *cfg)
{
	enum mode mode = MODE_OK;
	char line[256];
	char *p = line;

	if (el2_cmdline(line, sizeof(line)))
		line[0] = '\0';
	while (*p && *p != ' ')
		p++;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return mode;
		if (arg_is(p, "ok"))
			mode = MODE_OK;
		else if (arg_is(p, "boot"))
			mode = MODE_BOOT;
		else if (arg_is(p, "stall"))
			mode = MODE_STALL;
		else if (arg_is(p, "fault"))
			mode = MODE_FAULT;
		else if (arg_is(p, "hang"))
			mode = MODE_HANG;
		else if (arg_is(p, "overflow"))
			mode = MODE_OVERFLOW;
		else if (arg_is(p, "raw"))
			raw_dump = true;
		else if (arg_is(p, "page=12") || arg_is(p, "page=14") || arg_is(p, "page=16"))
			cfg->page_shift = (unsigned int)(p[5] - '0') * 10 + (unsigned int)(p[6] - '0');
		else
			el2_fatal("unknown argument '%s' (ok, boot, stall, fault, hang, overflow, raw, page=12|14|16)",
				  p);
		while (*p && *p != ' ')
			p++;
	}
}

/* Deep enough to run the program stack into its guard page. */
static unsigned long recurse(unsigned long depth)
{
	volatile unsigned long frame[64];

	frame[depth % 64] = depth;
	if (depth > (1UL << 20))
		return frame[0];
	return recurse(depth + 1) + frame[depth % 64];
}

int el2_main(void)
{
	struct el2_config cfg;
	enum mode mode;
	int ret;

	el2_default_config(&cfg);
	mode = parse_args(&cfg);
	if (mode == MODE_OVERFLOW) {
		el2_set_where("stack_overflow");
		return (int)recurse(0);
	}
	el2_set_where("bringup");
	el2_platform_init(&cfg);
	/* QEMU's ITS as it is (a program's header would ask for its own). */
	its_hw_reset(NULL);
	if (mode == MODE_BOOT)
		return EL2_EXIT_CLEAN;
	ret = el2_its_bringup(&h, 1);
	CHECK(!ret, "bringup", "returned %d", ret);
	CHECK(h.tables[0].copy_pa && h.tables[1].copy_pa, "bringup",
	      "QEMU's Device and Collection tables should be two-level");

	el2_set_where(mode == MODE_STALL ? "stall" : "pre_setup");
	if (mode == MODE_STALL)
		send_stalling_commands();
	check_its_idle("its_stalled");

	el2_set_where("setup");
	ret = el2_its_setup(&h);
	CHECK(!ret, "setup", "returned %d", ret);
	check_setup_ownership();
	ret = el2_its_setup(&h);
	CHECK(ret == -EBUSY, "second_setup", "returned %d", ret);

	el2_set_where("commands");
	run_commands();
	el2_set_where("dump");
	el2_its_dump(raw_dump);

	if (mode == MODE_HANG) {
		el2_set_where("poll_forever");
		/* CREADR never reaches an offset the host never wrote. */
		while ((el2_its_trap(GITS_CREADR, 8, false, 0) & GITS_CMDQ_OFFSET) != 0x20)
			;
	}

	el2_set_where("teardown");
	teardown();

	if (mode == MODE_FAULT) {
		el2_set_where("use_after_give_back");
		/* The hyp's old pointer to the real queue, now the host's. */
		el2_printf("first command word after teardown: 0x%llx\n",
			   (unsigned long long)*(volatile uint64_t *)__hyp_va(h.cmdq_pa));
	}
	return EL2_EXIT_CLEAN;
}
