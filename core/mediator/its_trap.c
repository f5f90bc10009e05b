// SPDX-License-Identifier: GPL-2.0-only
/*
 * ITS trapped MMIO: the host's accesses to the ITS frame, which the hyp
 * keeps unmapped from the host, come here.
 *
 * Until setup has published the private state every access goes to the
 * hardware unchanged: the host driver probes and programs the ITS before
 * it asks for emulation, and the device must keep working. From then on
 * the registers that name memory the device walks (GITS_CBASER,
 * GITS_BASER<n>) or that start or steer its walk (GITS_CTLR, GITS_CWRITER,
 * GITS_CREADR) are emulated; every other offset is still forwarded as it
 * came.
 *
 * Width matching is explicit: a handler lists the widths it takes. A
 * narrower access slipping into a wider handler by a bit trick would have
 * the handler write a whole register the host addressed only half of.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/memory.h>
#include <nvhe/spinlock.h>

#include "its_internal.h"

#define BITS_PER_BYTE	8

/*
 * A 64-bit register is read or written whole by its handler; a 32-bit
 * access addresses one half and is merged here, so that handlers never
 * see a partial value.
 */
struct its_reg_write {
	u64 offset;		/* of the register */
	u64 val;		/* the whole register, after any merge */
	bool low_half;		/* bits [31:0] were written */
};

struct its_reg_handler {
	u32 offset;
	u8 reg_size;		/* bytes per register */
	u8 nr_regs;
	u16 widths;		/* BIT(width) for every access width taken */
	u64 (*read)(struct its_priv_state *priv, u64 offset);
	void (*write)(struct its_priv_state *priv, const struct its_reg_write *w);
};

/* Table and queue registers may change only while the device is idle. */
static bool its_disabled_quiescent(struct its_priv_state *priv)
{
	u32 ctlr = readl_relaxed(priv->base + GITS_CTLR);

	return !(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT);
}

static u64 its_read_ctlr(struct its_priv_state *priv, u64 offset)
{
	return readl_relaxed(priv->base + offset);
}

/*
 * An ITS that is disabled but not yet quiescent is still draining the
 * queue with the old tables; enabling it then would let it start on state
 * the hyp has not seen settle.
 */
static void its_write_ctlr(struct its_priv_state *priv, const struct its_reg_write *w)
{
	u32 ctlr = readl_relaxed(priv->base + GITS_CTLR);
	u32 host_ctlr = w->val;

	if (!(ctlr & GITS_CTLR_ENABLE) && !(ctlr & GITS_CTLR_QUIESCENT) &&
	    (host_ctlr & GITS_CTLR_ENABLE))
		return;
	/*
	 * An enable runs the queue up to the hardware CWRITER at once. Only
	 * what the hyp filtered may run: not commands the host left pending
	 * in the real queue before setup.
	 */
	if (!(ctlr & GITS_CTLR_ENABLE) && (host_ctlr & GITS_CTLR_ENABLE))
		writeq_relaxed(priv->cmd_offset, priv->base + GITS_CWRITER);
	writel_relaxed(host_ctlr, priv->base + GITS_CTLR);
	/*
	 * Enabling with commands published runs them at once, as it would on
	 * the hardware: through the filter, from the hyp's read position.
	 */
	if (!(ctlr & GITS_CTLR_ENABLE) && (host_ctlr & GITS_CTLR_ENABLE))
		its_cmdq_write(priv, priv->cwriter);
}

/* CBASER, CREADR and BASER<n> read as the hardware holds them. */
static u64 its_read_hw64(struct its_priv_state *priv, u64 offset)
{
	return readq_relaxed(priv->base + offset);
}

/*
 * The host may give a table or the queue attributes under which the
 * device stops snooping the caches (its_attrs_need_clean): what the hyp
 * wrote there under the old ones (setup's zeros, L1 entries, commands) may
 * still sit in a cache, and the device would read the host's older bytes
 * at the point of coherency. Clean it all before the device is enabled.
 */
static void its_clean_range(u64 pa, u64 size)
{
	void *va = __hyp_va(pa);

	dcache_clean_inval_poc((unsigned long)va, (unsigned long)va + size);
}

static void its_clean_table(const struct its_baser_state *t, u64 val)
{
	u64 bytes = (FIELD_GET(GITS_BASER_SIZE, val) + 1) * t->psz;
	u64 pa = its_baser_pa(val, t->psz);
	const u64 *l1 = __hyp_va(pa);
	u64 entry;
	u64 l2;
	u64 i;

	its_clean_range(pa, bytes);
	if (!(val & GITS_BASER_INDIRECT))
		return;
	for (i = 0; i < bytes / GITS_LVL1_ENTRY_SIZE; i++) {
		entry = READ_ONCE(l1[i]);
		if ((entry & GITS_LVL1_ENTRY_VALID) && !its_l1_entry_pa(entry, t->psz, &l2))
			its_clean_range(l2, t->psz);
	}
}

/*
 * Judged on what the register reads back after the write, not on what was
 * written: an ITS that cannot snoop keeps its Shareability field RAZ/WI.
 */
static bool its_stops_snooping(u64 old, u64 now)
{
	return its_attrs_need_clean(now) && !its_attrs_need_clean(old);
}

/*
 * The queue stays the one the hyp owns: address and size are forced, the
 * host chooses only attributes. A new CBASER restarts the queue at 0 in
 * the hardware, so the hyp's read position and the emulated CWRITER
 * restart there too.
 */
static void its_write_cbaser(struct its_priv_state *priv, const struct its_reg_write *w)
{
	u64 forced = GITS_CBASER_ADDRESS | GITS_CBASER_SIZE | GITS_CBASER_VALID;
	u64 cmdq_len = priv->host_state->cmdq_len;
	u64 hyp_val;
	u64 old;
	u64 val;

	if (!its_disabled_quiescent(priv))
		return;
	hyp_val = __hyp_pa(priv->cmd_original) | GITS_CBASER_VALID |
		  FIELD_PREP(GITS_CBASER_SIZE, cmdq_len / GITS_CBASER_PAGE_SIZE - 1);
	val = (w->val & ~forced) | hyp_val;
	old = readq_relaxed(priv->base + GITS_CBASER);
	writeq_relaxed(val, priv->base + GITS_CBASER);
	val = readq_relaxed(priv->base + GITS_CBASER);
	if (its_stops_snooping(old, val))
		its_clean_range(__hyp_pa(priv->cmd_original), cmdq_len);
	priv->needs_flush = its_attrs_need_clean(val);
	priv->cmd_offset = 0;
	priv->cwriter = 0;
	writeq_relaxed(0, priv->base + GITS_CWRITER);
}

/*
 * A table stays the one setup took: address, size, page size and Valid
 * are forced to what setup saw, Type and Entry_Size are read-only, and a
 * different Indirect would have the device walk a flat table as an L1 (or
 * the reverse), so such a write is refused whole.
 */
static void its_write_baser(struct its_priv_state *priv, const struct its_reg_write *w)
{
	u64 forced = GITS_BASER_VALID | GITS_BASER_ADDRESS_4K | GITS_BASER_PAGE_SIZE |
		     GITS_BASER_SIZE | GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE;
	u64 idx = (w->offset - GITS_BASER) / sizeof(u64);
	const struct its_baser_state *t = &priv->host_state->tables[idx];
	u64 hyp_val = t->val;
	u64 old;
	u64 val;

	if (!its_disabled_quiescent(priv))
		return;
	if ((w->val ^ hyp_val) & GITS_BASER_INDIRECT)
		return;
	val = (w->val & ~forced) | (hyp_val & forced);
	old = readq_relaxed(priv->base + w->offset);
	writeq_relaxed(val, priv->base + w->offset);
	if ((hyp_val & GITS_BASER_VALID) &&
	    its_stops_snooping(old, readq_relaxed(priv->base + w->offset)))
		its_clean_table(t, hyp_val);
}

static u64 its_read_cwriter(struct its_priv_state *priv, u64 offset __maybe_unused)
{
	return priv->cwriter;
}

/*
 * The host reads back what it wrote. Only a write of the low half, which
 * holds the offset, hands commands to the device (as QEMU and KVM do).
 */
static void its_write_cwriter(struct its_priv_state *priv, const struct its_reg_write *w)
{
	priv->cwriter = w->val;
	if (w->low_half)
		its_cmdq_write(priv, w->val);
}

/*
 * Read-only by the architecture, yet an ITS beside a GIC with DS=1 (QEMU's)
 * takes a write: forwarded, it would move the device's read position onto
 * slots of the real queue the hyp filtered long ago, for memory it has
 * since given back. The read position is the hyp's now.
 */
static void its_write_creadr(struct its_priv_state *priv __maybe_unused,
			     const struct its_reg_write *w __maybe_unused)
{
}

static const struct its_reg_handler its_handlers[] = {
	{ GITS_CTLR, sizeof(u32), 1, BIT(4), its_read_ctlr, its_write_ctlr },
	{ GITS_CBASER, sizeof(u64), 1, BIT(4) | BIT(8), its_read_hw64, its_write_cbaser },
	{ GITS_CWRITER, sizeof(u64), 1, BIT(4) | BIT(8), its_read_cwriter, its_write_cwriter },
	{ GITS_CREADR, sizeof(u64), 1, BIT(4) | BIT(8), its_read_hw64, its_write_creadr },
	{ GITS_BASER, sizeof(u64), GITS_BASER_NR_REGS, BIT(4) | BIT(8),
	  its_read_hw64, its_write_baser },
};

static const struct its_reg_handler *its_find_handler(u64 offset)
{
	const struct its_reg_handler *h;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(its_handlers); i++) {
		h = &its_handlers[i];
		if (offset >= h->offset && offset < h->offset + (u64)h->reg_size * h->nr_regs)
			return h;
	}
	return NULL;
}

static u64 its_forward_read(void __iomem *addr, u8 size)
{
	switch (size) {
	case 1:
		return readb_relaxed(addr);
	case 2:
		return readw_relaxed(addr);
	case 4:
		return readl_relaxed(addr);
	}
	return readq_relaxed(addr);
}

static void its_forward_write(void __iomem *addr, u8 size, u64 val)
{
	switch (size) {
	case 1:
		writeb_relaxed(val, addr);
		return;
	case 2:
		writew_relaxed(val, addr);
		return;
	case 4:
		writel_relaxed(val, addr);
		return;
	}
	writeq_relaxed(val, addr);
}

/*
 * One emulated access of @size bytes at @offset in the handler's range:
 * a 32-bit access to a 64-bit register reads or merges into its half.
 */
static void its_emulate(struct its_priv_state *priv, const struct its_reg_handler *h,
			u64 offset, bool write, u64 *reg, u8 size)
{
	u32 shift = (offset % h->reg_size) * BITS_PER_BYTE;
	u64 mask = GENMASK_ULL(size * BITS_PER_BYTE - 1, 0);
	u64 reg_offset = offset - offset % h->reg_size;
	struct its_reg_write w;
	u64 val;

	if (!(h->widths & BIT(size))) {
		if (!write)
			*reg = 0;
		return;
	}
	val = h->read(priv, reg_offset);
	if (!write) {
		*reg = (val >> shift) & mask;
		return;
	}
	w.offset = reg_offset;
	w.val = (val & ~(mask << shift)) | ((*reg & mask) << shift);
	w.low_half = !shift;
	h->write(priv, &w);
}

/*
 * The widths the device takes: 32 and 64 bits in the control frame, 16 and
 * 32 in the translation frame that follows it; QEMU's ITS answers another
 * with an external abort, a hyp panic if the hyp forwarded it.
 */
static bool its_access_ok(u64 offset, u8 reg_size)
{
	if (offset < SZ_64K)
		return reg_size == 4 || reg_size == 8;
	return reg_size == 2 || reg_size == 4;
}

void pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			      bool write, u64 *reg, u8 reg_size)
{
	const struct its_reg_handler *h;
	struct its_priv_state *priv;
	void __iomem *base;

	/* Anything the device would abort is ignored, before setup too. */
	if (!its_access_ok(offset, reg_size) || !IS_ALIGNED(offset, reg_size) ||
	    offset >= region->nr_pages * PAGE_SIZE) {
		if (!write)
			*reg = 0;
		return;
	}

	hyp_spin_lock(&its_setup_lock);
	base = (void __iomem *)__hyp_va(hyp_pfn_to_phys(region->pfn));
	priv = smp_load_acquire(&region->priv);
	h = priv ? its_find_handler(offset) : NULL;
	if (!h) {
		/* Not set up yet, or not a register the hyp emulates. */
		if (write)
			its_forward_write(base + offset, reg_size, *reg);
		else
			*reg = its_forward_read(base + offset, reg_size);
		goto unlock;
	}
	hyp_spin_lock(&priv->its_lock);
	its_emulate(priv, h, offset, write, reg, reg_size);
	hyp_spin_unlock(&priv->its_lock);
unlock:
	hyp_spin_unlock(&its_setup_lock);
}
