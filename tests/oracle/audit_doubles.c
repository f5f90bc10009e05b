// SPDX-License-Identifier: GPL-2.0-only
/*
 * Doubles of the ITS entry points for test_audit_verdicts.c, built like a
 * mediator (freestanding, with load/store tracing), after the third
 * fact-only audit's (docs/BENCHMARKS.md). Each mode is a mediator choice
 * the facts allow, or one they forbid, around the real entry points.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_mmu.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "audit_doubles.h"
#include "its_doubles.h"

#define BIG_COPY	8192
#define NR_ITTS		8

int audit_mode;

/* The harness's look at RAM (not a mediator load): the setup's state, for the test. */
int machine_ram_read(u64 pa, void *buf, unsigned int len);

static struct its_host_state state;	/* as the setup that succeeded was given it */
static bool up;
static u64 rd_off;			/* PIN modes: the next slot to hand over */
static u8 copied[BIG_COPY];
static struct {
	bool used;
	bool shared_here;	/* shared by this mediator, not by the host itself */
	u32 dev;
	u64 pfn;
} itt[NR_ITTS];
u64 audit_seen;

void audit_doubles_reset(void)
{
	up = false;
	rd_off = 0;
	memset(itt, 0, sizeof(itt));
}

int __double_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				    u64 priv_num_pages)
{
	/* The profile's two 4 KiB pages of state; the rest stay the host's. */
	u64 needed = DIV_ROUND_UP(2 * SZ_4K, PAGE_SIZE);
	int ret;

	if (audit_mode == AUDIT_PRIV_PREFIX && priv_num_pages > needed)
		priv_num_pages = needed;
	ret = __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);

	if (!ret) {
		machine_ram_read(__hyp_pa(kern_hyp_va(host_state)), &state, sizeof(state));
		up = true;
		rd_off = 0;
		memset(itt, 0, sizeof(itt));
	}
	return ret;
}

/*
 * PIN modes: an ITT page the host shared itself is pinned without sharing
 * it again (the share is refused, -EPERM; SPEC 2.5 asks for shared and
 * pinned while mapped, and released when unmapped).
 */
static int itt_take(u32 dev, u64 pa)
{
	u64 pfn = pa >> PAGE_SHIFT;
	bool shared = false;
	unsigned int i;
	int ret;

	ret = __pkvm_host_share_hyp(pfn);
	if (!ret)
		shared = true;
	else if (ret != -EPERM)
		return ret;
	ret = hyp_pin_shared_mem(__hyp_va(pfn << PAGE_SHIFT), __hyp_va((pfn + 1) << PAGE_SHIFT));
	if (ret) {
		if (shared)
			__pkvm_host_unshare_hyp(pfn);
		return ret;
	}
	for (i = 0; i < NR_ITTS; i++) {
		if (!itt[i].used) {
			itt[i].used = true;
			itt[i].shared_here = shared;
			itt[i].dev = dev;
			itt[i].pfn = pfn;
			return 0;
		}
	}
	return -ENOSPC;
}

static void itt_release(u32 dev)
{
	unsigned int i;
	u64 pfn;

	for (i = 0; i < NR_ITTS; i++) {
		if (!itt[i].used || itt[i].dev != dev)
			continue;
		pfn = itt[i].pfn;
		if (audit_mode != AUDIT_PIN_KEPT)
			hyp_unpin_shared_mem(__hyp_va(pfn << PAGE_SHIFT),
					     __hyp_va((pfn + 1) << PAGE_SHIFT));
		if (itt[i].shared_here)
			__pkvm_host_unshare_hyp(pfn);
		itt[i].used = false;
	}
}

/*
 * PIN modes: a trapped CWRITER write handled one slot at a time, as the v2
 * series does (ITS_FACTS 4.5): each slot copied once, written to the real
 * queue, dsb, the hardware's CWRITER moved and GITS_CREADR polled. Only
 * MAPD of a one-page ITT and SYNC; anything else stops.
 */
static void pin_cwriter(void __iomem *frame, u64 val)
{
	u8 *copy = kern_hyp_va((u8 *)state.cmd_host_copy);
	u8 *real = kern_hyp_va((u8 *)state.cmd_original);
	u64 len = state.cmdq_len;
	u64 new = val & GITS_CMDQ_OFFSET;
	u64 cmd[4], next, creadr = 0;
	unsigned int n;
	bool unmap;
	u8 op;

	if (new >= len || (val & GENMASK_ULL(4, 1)))
		return;
	while (rd_off != new) {
		memcpy(cmd, copy + rd_off, sizeof(cmd));
		op = cmd[0] & 0xff;
		unmap = false;
		if (op == GITS_CMD_MAPD && (cmd[2] >> 63)) {
			if (itt_take((u32)(cmd[0] >> 32), cmd[2] & GENMASK_ULL(51, 8)))
				return;
		} else if (op == GITS_CMD_MAPD) {
			unmap = true;
		} else if (op != GITS_CMD_SYNC) {
			return;
		}
		memcpy(real + rd_off, cmd, sizeof(cmd));
		dsb(ishst);
		next = (rd_off + ITS_CMD_SIZE) % len;
		writeq_relaxed(next | (val & GITS_CWRITER_RETRY), frame + GITS_CWRITER);
		for (n = 0; n < 1000; n++) {
			creadr = readq_relaxed(frame + GITS_CREADR);
			if ((creadr & GITS_CREADR_STALLED) || (creadr & GITS_CMDQ_OFFSET) == next)
				break;
		}
		if ((creadr & GITS_CMDQ_OFFSET) != next)
			return;
		rd_off = next;
		if (unmap)
			itt_release((u32)(cmd[0] >> 32));
	}
}

/*
 * AUDIT_STALL_KEPT: the device stalled on a MAPD the real handler rolled
 * back and retracted (CWRITER back at CREADR: the device holds nothing);
 * its ITT is shared and pinned again, as a hyp that skips the rollback.
 */
static void stall_kept(void __iomem *frame)
{
	u64 creadr = readq_relaxed(frame + GITS_CREADR);
	u64 off = creadr & GITS_CMDQ_OFFSET;
	u64 *slot, itt_pa;

	if (!(creadr & GITS_CREADR_STALLED) ||
	    ((readq_relaxed(frame + GITS_CWRITER) ^ creadr) & GITS_CMDQ_OFFSET))
		return;
	slot = (u64 *)(kern_hyp_va((u8 *)state.cmd_original) + off);
	if ((slot[0] & 0xff) != GITS_CMD_MAPD || !(slot[2] >> 63))
		return;
	itt_pa = slot[2] & GENMASK_ULL(51, 8);
	if (!__pkvm_host_share_hyp(itt_pa >> PAGE_SHIFT))
		hyp_pin_shared_mem(__hyp_va(itt_pa), (u8 *)__hyp_va(itt_pa) + 1);
}

/* After the real handler ran a trapped CWRITER write. */
static void after_cwriter(void __iomem *frame, u64 val)
{
	u8 *copy;
	u64 *dte;

	switch (audit_mode) {
	case AUDIT_STALE_READ:
	case AUDIT_PARTIAL_STORE:
		dte = device_entry(frame);
		if (!dte)
			return;
		/* Device 2's entry, in the same line, holds 0 already. */
		if (audit_mode == AUDIT_PARTIAL_STORE)
			WRITE_ONCE(dte[1], 0);
		audit_seen = READ_ONCE(dte[0]);		/* no invalidate first */
		dcache_clean_inval_poc((unsigned long)dte, (unsigned long)(dte + 2));
		break;
	case AUDIT_BIG_COPY:
		if (!up || state.cmdq_len < BIG_COPY)
			return;
		copy = kern_hyp_va((u8 *)state.cmd_host_copy);
		memcpy(copied, copy, BIG_COPY);
		audit_seen = READ_ONCE(*(u64 *)(copy + 6000));
		up = false;	/* once a run */
		break;
	case AUDIT_RAW_CWRITER:
		__raw_writeq(val, frame + GITS_CWRITER);
		break;
	case AUDIT_STALL_KEPT:
		stall_kept(frame);
		break;
	case AUDIT_HIGH_HALF:
		/* As a driver without 64-bit accessors writes it: low, then high. */
		writel_relaxed(0, frame + GITS_CWRITER + 4);
		break;
	}
}

void __double_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				       bool write, u64 *reg, u8 reg_size)
{
	void __iomem *frame = (void __iomem *)__hyp_va(hyp_pfn_to_phys(region->pfn));
	bool cwriter = region->priv && write && offset == GITS_CWRITER && reg_size == 8;

	if (cwriter && up && (audit_mode == AUDIT_PIN_ONLY || audit_mode == AUDIT_PIN_KEPT)) {
		pin_cwriter(frame, *reg);
		return;
	}
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
	if (cwriter)
		after_cwriter(frame, *reg);
}

int __double_pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	int ret = __real_pkvm_its_emulate_teardown(dev_addr);
	unsigned int i;

	if (ret)
		return ret;
	for (i = 0; i < NR_ITTS; i++)
		if (itt[i].used)
			itt_release(itt[i].dev);
	audit_doubles_reset();
	return 0;
}
