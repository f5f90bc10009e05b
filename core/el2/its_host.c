// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's ITS at EL2: trapped register accesses, a Linux-style
 * bring-up and command submission; see el2/its_host.h. The allocation
 * policy is the simulation's benign host's (core/adversary/its_host.c):
 * from the top of RAM down, 2^order host pages naturally aligned, tables
 * capped at 1 MiB; so a program that brings the ITS up lands its queue
 * and tables at the same physical addresses in both.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>

#include <el2/host.h>
#include <el2/its_host.h>
#include <el2/its_state.h>
#include "../adversary/its_driver.h"
#include "../machine/its_hw.h"

#define ITS_LOW_RESERVE		(64ULL << 10)	/* the simulation's ram(0..) reserve */

uint64_t el2_its_trap(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	/* What a read leaves in the register if the hyp forgot to set it. */
	u64 reg = 0x5a5a5a5a5a5a5a5aULL;
	unsigned int held;

	if (write)
		reg = val & GENMASK_ULL(width * 8 - 1, 0);
	pkvm_its_emulate_handler(&pkvm_protected_regs[0], off, write, &reg, (u8)width);
	held = el2_locks_held();
	if (held)
		el2_report("O4", "lock_held", "%u lock(s) held after %s returned", held,
			   write ? "its_mmio_write" : "its_mmio_read");
	return reg;
}

static uint64_t reg_read(uint64_t off, unsigned int width)
{
	return el2_its_trap(off, width, false, 0);
}

static void reg_write(uint64_t off, unsigned int width, uint64_t val)
{
	el2_its_trap(off, width, true, val);
}

static uint64_t psz_max(uint64_t psz)
{
	return psz > el2_page_size() ? psz : el2_page_size();
}

/* The buddy allocator's order for @bytes: 2^order host pages. */
static unsigned int order_of(uint64_t bytes)
{
	unsigned int order = 0;

	while (el2_page_size() << order < bytes)
		order++;
	return order;
}

uint64_t el2_its_alloc(struct el2_its_host *h, uint64_t size, uint64_t align)
{
	uint64_t floor = EL2_ARENA_BASE + ITS_LOW_RESERVE;
	uint64_t ps = el2_page_size();
	uint64_t pa;
	uint64_t a;

	size = ALIGN(size, ps);
	if (align < ps)
		align = ps;
	if (h->alloc_top < floor + size)
		return 0;
	pa = ALIGN_DOWN(h->alloc_top - size, align);
	if (pa < floor)
		return 0;
	for (a = pa; a < pa + size; a += ps)
		if (!el2_host_writable(a))
			return 0;
	h->alloc_top = pa;
	memset(el2_host_ptr(pa), 0, size);
	return pa;
}

static void host_write64(uint64_t pa, uint64_t val)
{
	if (el2_cpu2_write(pa, &val, sizeof(val)))
		el2_fatal("host write to 0x%llx: not the host's", (unsigned long long)pa);
}

static struct its_host_state *state_of(struct el2_its_host *h)
{
	return el2_host_ptr(h->state_pa);
}

static int alloc_l2(struct el2_its_host *h, unsigned int n, uint64_t idx)
{
	struct el2_its_table *t = &h->tables[n];
	uint64_t l2;

	if (!t->copy_pa || idx >= t->bytes / GITS_LVL1_ENTRY_SIZE)
		return 0;
	l2 = el2_its_alloc(h, t->psz, psz_max(t->psz));
	if (!l2)
		return -ENOMEM;
	host_write64(t->pa + idx * GITS_LVL1_ENTRY_SIZE, l2 | GITS_LVL1_ENTRY_VALID);
	host_write64(t->copy_pa + idx * GITS_LVL1_ENTRY_SIZE, l2 | GITS_LVL1_ENTRY_VALID);
	return 0;
}

static int bringup_table(struct el2_its_host *h, unsigned int n, uint64_t typer,
			 unsigned int nr_l2)
{
	struct its_baser_state *bs = &state_of(h)->tables[n];
	uint64_t psz_field = GITS_BASER_PAGE_SIZE_64K + 1;
	uint64_t off = GITS_BASER + 8 * n;
	uint64_t val = reg_read(off, 8);
	uint64_t type = FIELD_GET(GITS_BASER_TYPE, val);
	uint64_t esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, val) + 1;
	unsigned int ids = its_hw_typer_id_bits(typer, type);
	bool indirect = false;
	unsigned int order;
	uint64_t copy = 0;
	uint64_t bytes;
	uint64_t alloc;
	unsigned int i;
	uint64_t psz;
	uint64_t pa;

	if (type == GITS_BASER_TYPE_NONE)
		return 0;
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
	alloc = el2_page_size() << order;
	pa = el2_its_alloc(h, alloc, psz_max(alloc));
	if (indirect)
		copy = el2_its_alloc(h, alloc, psz_max(alloc));
	if (!pa || (indirect && !copy)) {
		el2_printf("el2fuzz-el2: its: no memory for table %u\n", n);
		return -ENOMEM;
	}
	reg_write(off, 8, its_driver_baser(val, indirect, pa, psz, bytes));
	h->tables[n] = (struct el2_its_table){ .pa = pa, .copy_pa = copy, .bytes = bytes,
					      .psz = psz, .order = order };

	bs->base = (void *)(uintptr_t)el2_host_va(pa);
	bs->base_snapshot = copy ? (void *)(uintptr_t)el2_host_va(copy) : NULL;
	bs->order = order;
	bs->psz = (u32)psz;
	for (i = 0; indirect && i < nr_l2; i++)
		if (alloc_l2(h, n, i))
			return -ENOMEM;
	return 0;
}

int el2_its_bringup(struct el2_its_host *h, unsigned int nr_l2)
{
	uint64_t len = EL2_ITS_QUEUE_PAGES * GITS_CBASER_PAGE_SIZE;
	struct its_host_state *hs;
	uint64_t typer;
	uint64_t alloc;
	unsigned int n;
	int ret;

	memset(h, 0, sizeof(*h));
	h->alloc_top = EL2_RAM_BASE + el2_platform_config()->ram_size;
	if ((reg_read(GITS_PIDR2, 4) & GIC_PIDR2_ARCH_MASK) != GIC_PIDR2_ARCH_GICv3) {
		el2_printf("el2fuzz-el2: its: no GICv3 ITS at 0x%llx\n", EL2_ITS_BASE);
		return -ENODEV;
	}
	typer = reg_read(GITS_TYPER, 8);
	h->state_pa = el2_its_alloc(h, sizeof(*hs), 0);
	h->priv_pages = DIV_ROUND_UP(EL2_ITS_PRIV_BYTES, el2_page_size());
	h->priv_pa = el2_its_alloc(h, h->priv_pages * el2_page_size(), 0);
	if (!h->state_pa || !h->priv_pa)
		return -ENOMEM;
	hs = state_of(h);

	reg_write(GITS_CTLR, 4, 0);
	while (!(reg_read(GITS_CTLR, 4) & GITS_CTLR_QUIESCENT))
		;

	alloc = el2_page_size() << order_of(len);
	h->cmdq_pa = el2_its_alloc(h, alloc, alloc);
	h->cmdq_copy_pa = el2_its_alloc(h, alloc, alloc);
	if (!h->cmdq_pa || !h->cmdq_copy_pa)
		return -ENOMEM;
	h->cmdq_len = len;
	reg_write(GITS_CBASER, 8, GITS_CBASER_VALID |
		  FIELD_PREP(GIC_BASER_SHAREABILITY, GIC_BASER_InnerShareable) |
		  FIELD_PREP(GIC_BASER_INNER_CACHEABILITY, GIC_BASER_RaWaWb) |
		  (h->cmdq_pa & GITS_CBASER_ADDRESS) |
		  FIELD_PREP(GITS_CBASER_SIZE, len / GITS_CBASER_PAGE_SIZE - 1));
	reg_write(GITS_CWRITER, 8, 0);
	hs->cmd_original = (void *)(uintptr_t)el2_host_va(h->cmdq_pa);
	hs->cmd_host_copy = (void *)(uintptr_t)el2_host_va(h->cmdq_copy_pa);
	hs->cmdq_len = len;

	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		ret = bringup_table(h, n, typer, nr_l2);
		if (ret)
			return ret;
		/* Every BASER as the hardware holds it, implemented or not. */
		hs->tables[n].val = reg_read(GITS_BASER + 8 * n, 8);
	}
	reg_write(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	return 0;
}

int el2_its_setup(struct el2_its_host *h)
{
	unsigned int held;
	int ret;

	ret = pkvm_its_emulate_setup(EL2_ITS_BASE,
				     (void *)(uintptr_t)el2_host_va(h->state_pa),
				     (void *)(uintptr_t)el2_host_va(h->priv_pa), h->priv_pages);
	held = el2_locks_held();
	if (held)
		el2_report("O4", "lock_held", "%u lock(s) held after its_setup returned", held);
	return ret;
}

void el2_its_submit(struct el2_its_host *h, const uint64_t cmd[4], bool kick)
{
	uint64_t wr = h->cwriter % h->cmdq_len;

	if (el2_cpu2_write(h->cmdq_copy_pa + wr, cmd, ITS_CMD_SIZE))
		el2_fatal("host write to its queue copy at 0x%llx: not the host's",
			  (unsigned long long)(h->cmdq_copy_pa + wr));
	h->cwriter = (wr + ITS_CMD_SIZE) % h->cmdq_len;
	if (kick)
		reg_write(GITS_CWRITER, 8, h->cwriter);
}

/* Commands ----------------------------------------------------------------- */

void el2_its_cmd_mapd(uint64_t cmd[4], uint32_t devid, unsigned int size, uint64_t itt,
		      bool valid)
{
	cmd[0] = GITS_CMD_MAPD | (uint64_t)devid << 32;
	cmd[1] = size & 0x1f;
	cmd[2] = (valid ? BIT_ULL(63) : 0) | (itt & GENMASK_ULL(51, 8));
	cmd[3] = 0;
}

void el2_its_cmd_mapc(uint64_t cmd[4], uint16_t icid, uint64_t rdbase, bool valid)
{
	cmd[0] = GITS_CMD_MAPC;
	cmd[1] = 0;
	cmd[2] = (valid ? BIT_ULL(63) : 0) | (rdbase & GENMASK_ULL(35, 0)) << 16 | icid;
	cmd[3] = 0;
}

void el2_its_cmd_mapti(uint64_t cmd[4], uint32_t devid, uint32_t eventid, uint32_t intid,
		       uint16_t icid)
{
	cmd[0] = GITS_CMD_MAPTI | (uint64_t)devid << 32;
	cmd[1] = eventid | (uint64_t)intid << 32;
	cmd[2] = icid;
	cmd[3] = 0;
}

void el2_its_cmd_int(uint64_t cmd[4], uint32_t devid, uint32_t eventid)
{
	cmd[0] = GITS_CMD_INT | (uint64_t)devid << 32;
	cmd[1] = eventid;
	cmd[2] = 0;
	cmd[3] = 0;
}

void el2_its_cmd_sync(uint64_t cmd[4], uint64_t rdbase)
{
	cmd[0] = GITS_CMD_SYNC;
	cmd[1] = 0;
	cmd[2] = (rdbase & GENMASK_ULL(35, 0)) << 16;
	cmd[3] = 0;
}

/* The ITS-visible state on the console (el2/its_state.h) --------------------- */

static uint64_t dump_reg(void *ctx, uint64_t off)
{
	const volatile void *a = (const volatile void *)(uintptr_t)(EL2_ITS_BASE + off);
	uint64_t v;

	(void)ctx;
	/* QEMU takes GITS_CTLR as a 32-bit register only. */
	if (off == GITS_CTLR)
		__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	else
		__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

/* What the device can read: all of QEMU's RAM below the far bss. */
static int dump_mem(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	uint64_t end = EL2_FAR_BASE;

	(void)ctx;
	if (pa < EL2_RAM_BASE || pa >= end || len > end - pa)
		return -1;
	memcpy(buf, el2_host_ptr(pa), len);
	return 0;
}

static void dump_emit(void *ctx, const char *line)
{
	(void)ctx;
	el2_puts(line);
	el2_putc('\n');
}

void el2_its_dump(bool raw)
{
	struct its_state_src src = {
		.reg = dump_reg,
		.mem = dump_mem,
		.emit = dump_emit,
		.raw = raw,
	};

	its_state_dump(&src);
}
