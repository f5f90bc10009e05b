// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's side of the ITS: a benign bring-up as Linux does it, the
 * host-prepared state the setup hypercall takes, and the hostile edits a
 * program makes to both; plus the other CPU's schedule ops (schedule.c).
 *
 * Bring-up (its_bringup): disable the ITS; allocate the command queue and
 * the host's copy of it, program GITS_CBASER and GITS_CWRITER; for each
 * implemented GITS_BASER<n> probe the page size (64K, then 16K, then 4K:
 * the first that sticks), size the table for the ids TYPER gives, use two
 * levels if one would take more than two pages and the Indirect bit
 * sticks, allocate the table (and the host's copy of the L1) as the buddy
 * allocator would (2^order host pages, naturally aligned), program the
 * BASER and read it back; allocate L2 pages for the first L1 entries;
 * enable. Then fill struct its_host_state in a page of its own and keep a
 * page for the hyp's private state. The tables are capped at 1 MiB.
 *
 * Every register access the host makes goes through the trap path, before
 * setup as after (or straight to the ITS before setup, for a mediator
 * whose profile says the frame traps only once set up).
 */
#include <stddef.h>
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_asm.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/trap_handler.h>

#include "el2fuzz_profile.h"
#include "adversary.h"
#include "feedback.h"
#include "its_driver.h"
#include "schedule.h"
#include "../machine/its_hw.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../oracle/oracle.h"
#include "../trace/trace.h"

#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))
#define HOST_PAGE_OFFSET	0xffff000000000000ULL
#define LOW_RESERVE		(64ULL << 10)	/* ram(0..) stays for other ops */

enum its_arg {
	ARG_DEV_ADDR,
	ARG_HOST_STATE,
	ARG_PRIV,
	ARG_PRIV_PAGES,
	NR_ARGS,
};

struct host_table {
	uint64_t pa;		/* the real table */
	uint64_t copy_pa;	/* the host's copy of the L1; 0: flat */
	uint64_t bytes;		/* (Size + 1) ITS pages */
	uint64_t psz;
};

/*
 * The host's own record of what it did: everything it wrote to its state
 * page, the description the hyp accepted, and the last GITS_CWRITER value
 * it wrote. The host never looks at the hyp's private state.
 */
static struct {
	bool up;
	bool emulated;		/* the last setup returned 0, no teardown since */
	uint64_t alloc_top;
	uint64_t state_pa;
	struct its_host_state desc;	/* the state page as the host wrote it */
	struct its_host_state accepted;	/* desc when setup returned 0 */
	struct host_table tables[GITS_BASER_NR_REGS];
	uint64_t args[NR_ARGS];
	uint64_t cwriter;
	/* Where the host writes its next command: past any it only staged. */
	uint64_t tail;
	long last_ret;
} its;

#define ZERO_GRANULE	4096	/* machine_granule_written()'s unit */

static const uint8_t zero_page[ZERO_GRANULE];
/* All ones: in every entry format a valid entry naming memory past RAM. */
static uint8_t junk_page[ZERO_GRANULE];

void its_host_reset(void)
{
	memset(&its, 0, sizeof(its));
	its.args[ARG_DEV_ADDR] = SIM_ITS_BASE;
	schedule_reset();
}

long its_host_last_ret(void)
{
	return its.last_ret;
}

static uint64_t va_of(uint64_t pa)
{
	return pa ? machine_host_va(pa) : 0;
}

/* What kern_hyp_va() makes of a host pointer: the hyp's arithmetic. */
static uint64_t pa_of(uint64_t va)
{
	return (va - HOST_PAGE_OFFSET) & GENMASK_ULL(47, 0);
}

static uint64_t psz_max(uint64_t psz)
{
	return psz > machine_page_size() ? psz : machine_page_size();
}

static void host_write64(uint64_t pa, uint64_t val)
{
	if (machine_cpu2_write(pa, &val, sizeof(val)))
		TRACE1("[host]", "write to 0x%llx faults: not the host's", pa);
}

/* Host memory from the top of RAM down, naturally aligned, zeroed. */
static uint64_t host_alloc(uint64_t size, uint64_t align)
{
	uint64_t floor = SIM_RAM_BASE + SIM_HYP_CARVEOUT + LOW_RESERVE;
	uint64_t pa, off;

	size = (size + machine_page_size() - 1) & ~(machine_page_size() - 1);
	if (align < machine_page_size())
		align = machine_page_size();
	if (its.alloc_top < floor + size)
		return 0;
	pa = (its.alloc_top - size) & ~(align - 1);
	if (pa < floor)
		return 0;
	its.alloc_top = pa;
	/* Zeroed as kzalloc would; a granule nobody wrote since boot is already. */
	for (off = 0; off < size; off += ZERO_GRANULE)
		if (machine_granule_written(pa + off))
			machine_cpu2_write(pa + off, zero_page, ZERO_GRANULE);
	return pa;
}

/* The buddy allocator's order for @bytes: 2^order host pages. */
static unsigned int order_of(uint64_t bytes)
{
	unsigned int order = 0;

	while (machine_page_size() << order < bytes)
		order++;
	return order;
}

/* The host's register accesses go where the host's would: the trap path. */
static void reg_write(uint64_t off, unsigned int width, uint64_t val)
{
	its_mmio(off, width, true, val);
}

static uint64_t reg_read(uint64_t off, unsigned int width)
{
	return its_mmio(off, width, false, 0);
}

/* Write @len bytes at @off of the host's state page, and note them. */
static int state_write(uint64_t off, const void *val, unsigned int len)
{
	if (!its.state_pa || off + len > sizeof(its.desc))
		return -1;
	if (machine_cpu2_write(its.state_pa + off, val, len))
		return -1;
	memcpy((uint8_t *)&its.desc + off, val, len);
	return 0;
}

bool its_host_emulated(void)
{
	return its.emulated;
}

/* The host's command queue copy as the hyp accepted it: 0, or -1 if none. */
void its_host_set_tail(uint64_t tail)
{
	its.tail = tail;
}

int its_host_queue(uint64_t *copy_pa, uint64_t *len, uint64_t *cwriter)
{
	uint64_t l = its.accepted.cmdq_len;

	if (!its.emulated || !l || l > GITS_CMDQ_MAX_SIZE || l % ITS_CMD_SIZE)
		return -1;
	*copy_pa = pa_of((uintptr_t)its.accepted.cmd_host_copy);
	*len = l;
	*cwriter = its.tail;
	return 0;
}

/* The queue length the host gave the ITS: the one the hyp accepted, once set up. */
static uint64_t host_queue_len(void)
{
	if (its.emulated)
		return its.accepted.cmdq_len;
	return its.up ? (uint64_t)its_hw_config()->queue_pages * GITS_CBASER_PAGE_SIZE : 0;
}

void its_host_note_write(uint64_t off, unsigned int width, uint64_t val)
{
	unsigned int shift = (unsigned int)(off & 7) * 8;
	uint64_t mask = width == 8 ? ~0ULL : ((1ULL << (width * 8)) - 1) << shift;
	uint64_t prev = its.cwriter;

	if (off / 8 != GITS_CWRITER / 8)
		return;
	its.cwriter = (its.cwriter & ~mask) | ((val << shift) & mask);
	feedback_cwriter(prev, its.tail, its.cwriter, host_queue_len(), its.emulated);
	its.tail = its.cwriter;
}

static void bringup_queue(void)
{
	uint64_t len = (uint64_t)its_hw_config()->queue_pages * GITS_CBASER_PAGE_SIZE;
	uint64_t alloc = machine_page_size() << order_of(len);
	uint64_t pa = host_alloc(alloc, alloc);
	uint64_t copy = host_alloc(alloc, alloc);
	struct its_host_state hs;

	if (!pa || !copy) {
		TRACE0("[host]", "its: no memory for the command queue");
		return;
	}
	reg_write(GITS_CBASER, 8, GITS_CBASER_VALID |
		  FIELD_PREP(GIC_BASER_SHAREABILITY, GIC_BASER_InnerShareable) |
		  FIELD_PREP(GIC_BASER_INNER_CACHEABILITY, GIC_BASER_RaWaWb) |
		  (pa & GITS_CBASER_ADDRESS) |
		  FIELD_PREP(GITS_CBASER_SIZE, len / GITS_CBASER_PAGE_SIZE - 1));
	reg_write(GITS_CWRITER, 8, 0);
	hs.cmd_original = (void *)(uintptr_t)va_of(pa);
	hs.cmd_host_copy = (void *)(uintptr_t)va_of(copy);
	hs.cmdq_len = len;
	state_write(0, &hs, offsetof(struct its_host_state, tables));
}

/*
 * An L2 page for L1[@idx] of table @n, zeroed as Linux hands it over, or
 * with @junk in every entry, as a hostile host would: the hyp must clear
 * what it takes before the device walks it.
 */
static void alloc_l2(unsigned int n, uint64_t idx, bool junk)
{
	struct host_table *t = &its.tables[n];
	uint64_t l2, off;

	if (!t->copy_pa || idx >= t->bytes / GITS_LVL1_ENTRY_SIZE) {
		TRACE2("[host]", "its: table %llu has no L1 entry %llu", n, idx);
		return;
	}
	l2 = host_alloc(t->psz, psz_max(t->psz));
	if (!l2) {
		TRACE0("[host]", "its: no memory for an L2 page");
		return;
	}
	if (junk) {
		if (!junk_page[0])
			memset(junk_page, 0xff, sizeof(junk_page));
		for (off = 0; off < t->psz; off += ZERO_GRANULE)
			machine_cpu2_write(l2 + off, junk_page, ZERO_GRANULE);
	}
	host_write64(t->pa + idx * GITS_LVL1_ENTRY_SIZE, l2 | GITS_LVL1_ENTRY_VALID);
	host_write64(t->copy_pa + idx * GITS_LVL1_ENTRY_SIZE, l2 | GITS_LVL1_ENTRY_VALID);
	if (junk)
		TRACE3("[host]", "its: table %llu L1[%llu] -> L2 0x%llx, junk in every entry", n,
		       idx, l2);
	else
		TRACE3("[host]", "its: table %llu L1[%llu] -> L2 0x%llx", n, idx, l2);
}

static void bringup_table(unsigned int n, uint64_t nr_l2)
{
	uint64_t off = GITS_BASER + 8 * n;
	uint64_t val = reg_read(off, 8);
	uint64_t type = FIELD_GET(GITS_BASER_TYPE, val);
	uint64_t esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, val) + 1;
	unsigned int ids = its_hw_typer_id_bits(reg_read(GITS_TYPER, 8), type);
	struct its_baser_state bs;
	uint64_t psz_field = GITS_BASER_PAGE_SIZE_64K + 1;
	uint64_t psz, bytes, alloc, pa, copy = 0, i;
	unsigned int order;
	bool indirect = false;

	if (type == GITS_BASER_TYPE_NONE)
		return;
	/* Probe the page size: 64K, then 16K, then 4K; keep what sticks. */
	do {
		psz_field--;
		reg_write(off, 8, (val & ~GITS_BASER_PAGE_SIZE) |
			  FIELD_PREP(GITS_BASER_PAGE_SIZE, psz_field));
		val = reg_read(off, 8);
	} while (psz_field && FIELD_GET(GITS_BASER_PAGE_SIZE, val) != psz_field);
	psz = its_hw_baser_psz(val);

	/* Two levels if one would take more than two pages, and the bit sticks. */
	if (its_driver_wants_indirect(esz, ids, psz)) {
		reg_write(off, 8, val | GITS_BASER_INDIRECT);
		indirect = reg_read(off, 8) & GITS_BASER_INDIRECT;
	}
	bytes = its_driver_table_bytes(esz, ids, psz, indirect);

	order = order_of(bytes);
	alloc = machine_page_size() << order;
	pa = host_alloc(alloc, psz_max(alloc));
	if (indirect)
		copy = host_alloc(alloc, psz_max(alloc));
	if (!pa || (indirect && !copy)) {
		TRACE1("[host]", "its: no memory for table %llu", n);
		return;
	}
	reg_write(off, 8, its_driver_baser(val, indirect, pa, psz, bytes));
	its.tables[n] = (struct host_table){ .pa = pa, .copy_pa = copy, .bytes = bytes,
					     .psz = psz };

	bs.val = reg_read(off, 8);
	bs.base = (void *)(uintptr_t)va_of(pa);
	bs.base_snapshot = (void *)(uintptr_t)va_of(copy);
	bs.order = order;
	bs.psz = (uint32_t)psz;
	state_write(offsetof(struct its_host_state, tables[n]), &bs, sizeof(bs));
	if (!indirect)
		return;
	for (i = 0; i < bytes; i += machine_page_size())
		schedule_add_table_page(pa + i, psz_max(psz));
	for (i = 0; i < nr_l2; i++)
		alloc_l2(n, i, false);
}

void op_its_bringup(const uint64_t *v)
{
	uint64_t priv_pages, n, val;

	if (its.up || its.emulated) {
		TRACE0("[host]", "its: already brought up, skipped");
		return;
	}
	its.alloc_top = SIM_RAM_BASE + machine_config()->ram_size;
	its.state_pa = host_alloc(sizeof(struct its_host_state), 0);
	if (!its.state_pa) {
		TRACE0("[host]", "its: no memory for the setup state");
		return;
	}
	its.args[ARG_HOST_STATE] = va_of(its.state_pa);

	reg_write(GITS_CTLR, 4, 0);
	bringup_queue();
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		bringup_table((unsigned int)n, v[0]);
		/* Every BASER as the hardware holds it, implemented or not. */
		val = reg_read(GITS_BASER + 8 * n, 8);
		state_write(offsetof(struct its_host_state, tables[n].val), &val, sizeof(val));
	}
	/*
	 * The private pages last, so that the queue, the tables and their
	 * copies are where a program names them whatever the mediator's
	 * profile asks for (a program naming the host's L1 copy by address
	 * would otherwise name hyp memory under a larger priv_pages).
	 */
	priv_pages = (EL2FUZZ_PROFILE_PRIV_PAGES * SZ_4K + machine_page_size() - 1) /
		     machine_page_size();
	its.args[ARG_PRIV] = va_of(host_alloc(priv_pages * machine_page_size(), 0));
	if (!its.args[ARG_PRIV]) {
		TRACE0("[host]", "its: no memory for the private state");
		return;
	}
	its.args[ARG_PRIV_PAGES] = priv_pages;
	reg_write(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	its.up = true;
	TRACE2("[host]", "its: up, state at 0x%llx, %llu private page(s)", its.state_pa,
	       priv_pages);
}

void op_its_l2(const uint64_t *v)
{
	/* Table 8..15: the same table, the page handed over with junk in it. */
	alloc_l2((unsigned int)(v[0] % GITS_BASER_NR_REGS), v[1], v[0] & GITS_BASER_NR_REGS);
}

/*
 * Table 0..7: a hostile write of @v[2] | Valid into the real L1 entry.
 * Table 8..15: the host's own copy of that entry, @v[2] as given (0
 * retires it), wherever the bring-up put the copy: a program that names
 * the copy by its address depends on how many private pages the
 * mediator's profile asks for, which moves the host's allocations.
 */
void op_its_l1(const uint64_t *v)
{
	struct host_table *t = &its.tables[v[0] % GITS_BASER_NR_REGS];

	if (!t->copy_pa) {
		TRACE0("[host]", "its: not a two-level table, skipped");
		return;
	}
	if (v[0] & GITS_BASER_NR_REGS)
		host_write64(t->copy_pa + v[1] * GITS_LVL1_ENTRY_SIZE, v[2]);
	else
		host_write64(t->pa + v[1] * GITS_LVL1_ENTRY_SIZE, v[2] | GITS_LVL1_ENTRY_VALID);
}

static void state_field(uint64_t t, uint64_t f, uint64_t val);

/*
 * its_table n addr pages: the host moves table @n % 8 to @addr (any
 * placement: a byte offset within a host page is fine, the ITS only needs
 * its own page alignment) with @pages ITS pages, as a driver would that
 * allocated it there: GITS_BASER<n> written and read back through the trap
 * path, and the state page's entry for it filled to match. @n >= 8 makes
 * the table non-shareable and non-cacheable, as a driver does for an ITS
 * whose shareability does not stick.
 */
/*
 * Tables move only while the ITS is disabled and quiescent: the driver
 * disables it and polls Quiescent, as Linux's its_force_quiescent() does
 * (which gives up after a second; a few reads here).
 */
#define QUIESCENT_POLLS	8

static uint64_t pause_its(void)
{
	uint64_t ctlr = reg_read(GITS_CTLR, 4);
	unsigned int polls = QUIESCENT_POLLS;

	if (!(ctlr & GITS_CTLR_ENABLE))
		return ctlr;
	reg_write(GITS_CTLR, 4, ctlr & ~GITS_CTLR_ENABLE);
	while (polls-- && !(reg_read(GITS_CTLR, 4) & GITS_CTLR_QUIESCENT))
		;
	return ctlr;
}

static void resume_its(uint64_t ctlr)
{
	if (ctlr & GITS_CTLR_ENABLE)
		reg_write(GITS_CTLR, 4, GITS_CTLR_ENABLE);
}

void op_its_table(const uint64_t *v)
{
	unsigned int n = (unsigned int)(v[0] % GITS_BASER_NR_REGS);
	uint64_t off = GITS_BASER + 8 * n;
	uint64_t val = reg_read(off, 8);
	uint64_t psz = its_hw_baser_psz(val);
	uint64_t bytes = v[2] * psz;
	struct its_baser_state bs;
	uint64_t ctlr;

	if (!FIELD_GET(GITS_BASER_TYPE, val)) {
		TRACE1("[host]", "its: BASER%llu holds no table, skipped", (uint64_t)n);
		return;
	}
	ctlr = pause_its();
	val &= ~(GITS_BASER_ADDRESS_4K | GITS_BASER_SIZE);
	if (v[0] >= GITS_BASER_NR_REGS)
		val = (val & ~(GIC_BASER_SHAREABILITY | GIC_BASER_INNER_CACHEABILITY)) |
		      FIELD_PREP(GIC_BASER_INNER_CACHEABILITY, 1);
	reg_write(off, 8, val | GITS_BASER_VALID | its_hw_baser_addr(v[1], psz) |
		  FIELD_PREP(GITS_BASER_SIZE, v[2] - 1));
	its.tables[n].pa = v[1];
	its.tables[n].bytes = bytes;
	its.tables[n].psz = psz;
	bs.val = reg_read(off, 8);
	bs.base = (void *)(uintptr_t)va_of(v[1]);
	bs.base_snapshot = (void *)(uintptr_t)va_of(its.tables[n].copy_pa);
	bs.order = order_of(bytes + (v[1] & (machine_page_size() - 1)));
	bs.psz = (uint32_t)psz;
	state_write(offsetof(struct its_host_state, tables[n]), &bs, sizeof(bs));
	resume_its(ctlr);
	TRACE3("[host]", "its: table %llu at 0x%llx, %llu ITS pages", (uint64_t)n, v[1], v[2]);
}

/* its_queue addr pages: the host moves its command queue to @addr. */
void op_its_queue(const uint64_t *v)
{
	uint64_t len = v[1] * GITS_CBASER_PAGE_SIZE;
	uint64_t cbaser = reg_read(GITS_CBASER, 8);
	uint64_t ctlr = pause_its();

	cbaser &= ~(GITS_CBASER_ADDRESS | GITS_CBASER_SIZE);
	reg_write(GITS_CBASER, 8, cbaser | GITS_CBASER_VALID | (v[0] & GITS_CBASER_ADDRESS) |
		  FIELD_PREP(GITS_CBASER_SIZE, v[1] - 1));
	reg_write(GITS_CWRITER, 8, 0);
	state_field(GITS_BASER_NR_REGS, 0, va_of(v[0]));
	state_field(GITS_BASER_NR_REGS, 2, len);
	resume_its(ctlr);
	TRACE2("[host]", "its: queue at 0x%llx, %llu pages of 4 KiB", v[0], v[1]);
}

/* Field @f of table @t (t >= 8: the queue's fields) of the state page. */
static void state_field(uint64_t t, uint64_t f, uint64_t val)
{
	static const size_t qoff[] = {
		offsetof(struct its_host_state, cmd_original),
		offsetof(struct its_host_state, cmd_host_copy),
		offsetof(struct its_host_state, cmdq_len),
	};
	static const size_t toff[] = {
		offsetof(struct its_baser_state, val),
		offsetof(struct its_baser_state, base),
		offsetof(struct its_baser_state, base_snapshot),
		offsetof(struct its_baser_state, order),
		offsetof(struct its_baser_state, psz),
	};
	unsigned int len = 8;
	uint64_t off;

	if (!its.state_pa) {
		TRACE0("[host]", "its: no state page yet, skipped");
		return;
	}
	if (t >= GITS_BASER_NR_REGS) {
		off = qoff[f % 3];
	} else {
		f %= 5;
		off = offsetof(struct its_host_state, tables[t]) + toff[f];
		if (f >= 3)
			len = 4;
	}
	if (state_write(off, &val, len))
		TRACE1("[host]", "write to 0x%llx faults: not the host's", its.state_pa + off);
}

void op_its_state(const uint64_t *v)
{
	state_field(v[0], v[1], v[2]);
}

void op_its_ptr(const uint64_t *v)
{
	state_field(v[0], v[1], va_of(v[2]));
}

void op_its_arg(const uint64_t *v)
{
	switch (v[0] % NR_ARGS) {
	case ARG_DEV_ADDR:
	case ARG_PRIV_PAGES:
		its.args[v[0] % NR_ARGS] = v[1];
		break;
	default:
		its.args[v[0] % NR_ARGS] = va_of(v[1]);
		break;
	}
}

void op_its_reg(const uint64_t *v)
{
	static const uint64_t offs[] = { GITS_CTLR, GITS_CBASER, GITS_CWRITER };
	uint64_t k = v[0] % (3 + GITS_BASER_NR_REGS);
	uint64_t off = k < 3 ? offs[k] : GITS_BASER + 8 * (k - 3);

	reg_write(off, off == GITS_CTLR ? 4 : 8, v[1]);
}

static long its_hcall(unsigned long id, const char *what)
{
	struct oracle_entry e = { .kind = ENTRY_HCALL, .name = what, .id = id };
	struct kvm_cpu_context ctxt;
	unsigned int i;

	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.regs[0] = id;
	for (i = 0; i < NR_ARGS; i++) {
		ctxt.regs[1 + i] = its.args[i];
		e.args[i] = its.args[i];
	}
	oracle_entry_begin(&e);
	handle_host_hcall(&ctxt);
	e.ret = ctxt.regs[0] == SMCCC_RET_SUCCESS ? (long)ctxt.regs[1] : -95;
	its.last_ret = e.ret;
	TRACE1("[hvc]", id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup ?
	       "its setup -> %lld" : "its teardown -> %lld", (uint64_t)e.ret);
	oracle_entry_end(&e);
	if (e.ret)
		return e.ret;
	if (id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup) {
		/* What the host told the hyp: its own record of the state page. */
		its.emulated = true;
		its.accepted = its.desc;
	} else {
		/* The host may bring its ITS up again. */
		its.up = false;
		its.emulated = false;
	}
	return 0;
}

void op_its_setup(const uint64_t *v)
{
	(void)v;
	its_hcall(__KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup, "its_setup");
}

void op_its_teardown(const uint64_t *v)
{
	(void)v;
	its_hcall(__KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown, "its_teardown");
}

void op_cpu2_write(const uint64_t *v)
{
	schedule_write_at(v[0], v[1], v[2]);
}

void op_cpu2_on_regain(const uint64_t *v)
{
	schedule_on_regain(v[0], (enum sched_action)(v[1] % SCHED_NR_ACTIONS));
}

void op_cpu2_on_load(const uint64_t *v)
{
	schedule_on_load(v[0], (enum sched_action)(v[1] % SCHED_NR_ACTIONS));
}

void op_cpu2_hostile(const uint64_t *v)
{
	schedule_targeted((enum sched_action)(v[0] % SCHED_NR_ACTIONS));
}

void op_cpu2_reread(const uint64_t *v)
{
	schedule_reread(v[0], v[1]);
}
