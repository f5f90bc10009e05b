// SPDX-License-Identifier: GPL-2.0-only
/*
 * ITS command queue: a host write of GITS_CWRITER, emulated.
 *
 * The host fills its own copy of the queue; the device reads the real one,
 * which the hyp owns. For each slot from the hyp's read position up to the
 * host's new offset the hyp copies the 32 bytes once into private memory,
 * decodes and filters that copy (the host may rewrite its queue meanwhile),
 * and writes the accepted command into the real queue. Processing stops at
 * the first rejected command. The accepted slots are made visible to the
 * device before the hardware GITS_CWRITER is written, and that write
 * carries only a sanitised offset (and Retry).
 *
 * Commands that make the device write memory named by the host are
 * emulated: MAPD (the ITT, and the L2 page of a two-level Device table)
 * and MAPC (the L2 page of a two-level Collection table). What they take
 * from the host is taken before the device can use it; what they give
 * back is given back only once the device has run the command and the
 * real table no longer names it. If the device stalls instead, what the
 * unexecuted commands took is undone.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_hyp.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "its_internal.h"

/* Slots filtered before each hardware CWRITER write: bounds the undo log. */
#define ITS_CMDQ_BATCH		16
#define ITS_POLL_MAX		1000
#define ITS_ITT_MIN		256

#define ITS_CMD_OPCODE		GENMASK_ULL(7, 0)
#define ITS_CMD_DEVICE_ID	GENMASK_ULL(63, 32)
#define ITS_CMD_MAPD_SIZE	GENMASK_ULL(4, 0)
#define ITS_CMD_ITT_ADDR	GENMASK_ULL(51, 8)
#define ITS_CMD_ICID		GENMASK_ULL(15, 0)
#define ITS_CMD_VALID		BIT_ULL(63)
#define ITS_CMD_RDBASE		GENMASK_ULL(51, 16)
#define GITS_TYPER_IDBITS_FIELD	GENMASK_ULL(12, 8)
#define GITS_TYPER_ITT_SIZE	GENMASK_ULL(7, 4)

struct its_cmd {
	u64 dw[4];
};

/*
 * Host L1 entries read during one CWRITER write: each is read once, since
 * two commands for ids under one entry must not see two values. A write
 * that would need more stops there; the host's next CWRITER write goes on.
 */
#define ITS_L1_READS		ITS_CMDQ_BATCH

struct its_cmdq_ctx {
	u32 nr_l1;
	struct {
		const u64 *host;
		u64 val;
	} l1[ITS_L1_READS];
};

/* What one accepted command changed, to commit or undo after the device ran. */
struct its_cmd_effect {
	u64 *real_l1;		/* the real L1 entry changed; NULL: none */
	u64 l1_old;
	u64 l1_psz;		/* ITS page size of the L2 pages */
	unsigned int l1_baser;	/* the GITS_BASER<n> of that table */
	bool itt_mapped;	/* MAPD V=1: the ITT pages taken */
	bool itt_unmapped;	/* MAPD V=0: the ITT pages to give back */
	u8 tag;			/* this command's tag for the ITT pages it unmaps */
	u32 device_id;
};

static void its_visible(bool clean, void *va, u64 size)
{
	if (clean)
		dcache_clean_inval_poc((unsigned long)va, (unsigned long)va + size);
	else
		dsb(ishst);
}

/* The device must see the real queue as the hyp wrote it. */
static void its_make_visible(struct its_priv_state *priv, void *va, u64 size)
{
	its_visible(priv->needs_flush, va, size);
}

/*
 * The same for a table, L1 or L2, by its own GITS_BASER<n> as it is now:
 * the host may give a table attributes other than the queue's.
 */
static void its_table_make_visible(struct its_priv_state *priv, unsigned int n, void *va,
				   u64 size)
{
	u64 baser = readq_relaxed(priv->base + GITS_BASER + n * sizeof(u64));

	its_visible(its_attrs_need_clean(baser), va, size);
}

static u64 its_l2_nr_pages(u64 psz)
{
	return DIV_ROUND_UP(psz, (u64)PAGE_SIZE);
}

/* The table of @type as setup took it; -EINVAL if there is none. */
static int its_find_table(struct its_priv_state *priv, u64 type,
			  const struct its_baser_state **desc)
{
	const struct its_host_state *state = priv->host_state;
	unsigned int i;

	for (i = 0; i < GITS_BASER_NR_REGS; i++) {
		u64 val = state->tables[i].val;

		if ((val & GITS_BASER_VALID) && FIELD_GET(GITS_BASER_TYPE, val) == type) {
			*desc = &state->tables[i];
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * For a two-level table, bring the real L1 entry for @id in line with the
 * host's copy, read once. A newly valid entry has its L2 page taken and
 * cleared (the host wrote it: it could hold entries naming hyp memory)
 * before the real L1 names it; a newly invalid entry leaves the real L1
 * now, and its L2 page goes back in its_cmd_commit().
 */
static int its_read_host_l1(struct its_cmdq_ctx *ctx, const u64 *host, u64 *val)
{
	u32 i;

	for (i = 0; i < ctx->nr_l1; i++) {
		if (ctx->l1[i].host == host) {
			*val = ctx->l1[i].val;
			return 0;
		}
	}
	if (ctx->nr_l1 == ITS_L1_READS)
		return -EBUSY;
	*val = READ_ONCE(*host);
	ctx->l1[ctx->nr_l1].host = host;
	ctx->l1[ctx->nr_l1++].val = *val;
	return 0;
}

/*
 * Whether a device whose ITT the hyp holds has its entry in the L2 page
 * behind L1 entry @idx: dropping that page would leave the ITT pinned for
 * an entry the device can no longer reach.
 */
static bool its_l2_has_itts(struct its_priv_state *priv, u64 type, u64 idx, u64 per_l2)
{
	const struct its_dte_entry *e;
	u32 i;

	if (type != GITS_BASER_TYPE_DEVICE)
		return false;
	for (i = 0; i < priv->num_used_entries; i++) {
		e = &priv->tracked_entries[i];
		if (e->itt_pfn && e->device_id / per_l2 == idx)
			return true;
	}
	return false;
}

static int its_update_l1(struct its_priv_state *priv, struct its_cmdq_ctx *ctx, u64 typer,
			 u64 type, u64 id, struct its_cmd_effect *eff)
{
	const struct its_baser_state *desc;
	u64 *host_l1;
	u64 *real_l1;
	u64 host_entry;
	u64 l1_entries;
	u64 val;
	u64 psz;
	u64 esz;
	u64 idx;
	u64 pa;
	int ret;

	ret = its_find_table(priv, type, &desc);
	if (ret)
		return ret;
	val = desc->val;
	if (!(val & GITS_BASER_INDIRECT))
		return 0;
	psz = desc->psz;
	esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, val) + 1;
	/* As setup took them: teardown gives back no L2 page past these. */
	l1_entries = its_l1_entries(typer, val, psz);
	idx = id / (psz / esz);
	if (idx >= l1_entries)
		return -ENOSPC;

	host_l1 = __hyp_va(host_va_to_phys(desc->base_snapshot));
	real_l1 = __hyp_va(its_baser_pa(val, psz));
	ret = its_read_host_l1(ctx, &host_l1[idx], &host_entry);
	if (ret)
		return ret;
	if (!(host_entry & GITS_LVL1_ENTRY_VALID) == !(real_l1[idx] & GITS_LVL1_ENTRY_VALID))
		return 0;
	/* Unmap the devices first: their ITTs go back when the ITS has. */
	if (!(host_entry & GITS_LVL1_ENTRY_VALID) && its_l2_has_itts(priv, type, idx, psz / esz))
		return -EBUSY;

	eff->real_l1 = &real_l1[idx];
	eff->l1_old = real_l1[idx];
	eff->l1_psz = psz;
	eff->l1_baser = (unsigned int)(desc - priv->host_state->tables);
	if (host_entry & GITS_LVL1_ENTRY_VALID) {
		ret = its_l1_entry_pa(host_entry, psz, &pa);
		if (ret)
			goto err_no_change;
		ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), its_l2_nr_pages(psz));
		if (ret)
			goto err_no_change;
		memset(__hyp_va(pa), 0, psz);
		its_table_make_visible(priv, eff->l1_baser, __hyp_va(pa), psz);
		WRITE_ONCE(real_l1[idx], pa | GITS_LVL1_ENTRY_VALID);
	} else {
		WRITE_ONCE(real_l1[idx], 0);
	}
	its_table_make_visible(priv, eff->l1_baser, &real_l1[idx], sizeof(real_l1[idx]));
	return 0;

err_no_change:
	eff->real_l1 = NULL;
	return ret;
}

/*
 * Whether the device has a table entry for @id now that the L1 is in
 * line: it skips a command naming an id it has none for, so such a MAPD
 * must not take an ITT the device will never use.
 */
static bool its_id_has_entry(struct its_priv_state *priv, u64 type, u64 id)
{
	const struct its_baser_state *desc;
	const u64 *real_l1;
	u64 bytes;
	u64 val;
	u64 esz;
	u64 idx;

	if (its_find_table(priv, type, &desc))
		return false;
	val = desc->val;
	esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, val) + 1;
	bytes = (FIELD_GET(GITS_BASER_SIZE, val) + 1) * desc->psz;
	if (!(val & GITS_BASER_INDIRECT))
		return id < bytes / esz;
	idx = id / (desc->psz / esz);
	if (idx >= bytes / GITS_LVL1_ENTRY_SIZE)
		return false;
	real_l1 = __hyp_va(its_baser_pa(val, desc->psz));
	return READ_ONCE(real_l1[idx]) & GITS_LVL1_ENTRY_VALID;
}

/* The L1 entry back as it was; a newly valid entry's L2 page back to the host. */
static void its_undo_l1(struct its_priv_state *priv, const struct its_cmd_effect *eff)
{
	u64 new = *eff->real_l1;
	u64 pa;

	WRITE_ONCE(*eff->real_l1, eff->l1_old);
	its_table_make_visible(priv, eff->l1_baser, eff->real_l1, sizeof(*eff->real_l1));
	if (!(new & GITS_LVL1_ENTRY_VALID))
		return;
	pa = new & ~GITS_LVL1_ENTRY_VALID;
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(pa), its_l2_nr_pages(eff->l1_psz)));
}

static bool its_pfn_tracked(struct its_priv_state *priv, u64 pfn)
{
	u32 i;

	for (i = 0; i < priv->num_used_entries; i++)
		if (priv->tracked_entries[i].itt_pfn == pfn)
			return true;
	return false;
}

/* The device's current mapping: entries not on their way out. */
static bool its_device_tracked(struct its_priv_state *priv, u32 device_id)
{
	const struct its_dte_entry *e;
	u32 i;

	for (i = 0; i < priv->num_used_entries; i++) {
		e = &priv->tracked_entries[i];
		if (e->itt_pfn && !e->unmapping && e->device_id == device_id)
			return true;
	}
	return false;
}

/*
 * Move the ITT pages of @device_id tagged @from to @to: a MAPD V=0 filtered
 * tags the device's current pages (0) as on their way out with its own
 * tag; undone, it tags them back. A MAPD V=1 after it in the same batch
 * maps new pages (tag 0), which the commit of the V=0 leaves alone.
 */
static void its_retag_itt(struct its_priv_state *priv, u32 device_id, u8 from, u8 to)
{
	struct its_dte_entry *e;
	u32 i;

	for (i = 0; i < priv->num_used_entries; i++) {
		e = &priv->tracked_entries[i];
		if (e->itt_pfn && e->device_id == device_id && e->unmapping == from)
			e->unmapping = to;
	}
}

/* Pin one ITT page for @device_id; share it first unless already shared. */
static int its_take_itt_page(struct its_priv_state *priv, u32 device_id, u64 pfn)
{
	struct its_dte_entry *e = NULL;
	void *va = __hyp_va(hyp_pfn_to_phys(pfn));
	bool shared = its_pfn_tracked(priv, pfn);
	u32 i;
	int ret;

	for (i = 0; i < priv->num_used_entries && !e; i++)
		if (!priv->tracked_entries[i].itt_pfn)
			e = &priv->tracked_entries[i];
	if (!e && priv->num_used_entries == priv->num_tracked_entries)
		return -ENOSPC;
	if (!shared) {
		ret = __pkvm_host_share_hyp(pfn);
		if (ret)
			return ret;
	}
	ret = hyp_pin_shared_mem(va, va + PAGE_SIZE);
	if (ret)
		goto err_unshare;
	if (!e)
		e = &priv->tracked_entries[priv->num_used_entries++];
	e->device_id = device_id;
	e->itt_pfn = pfn;
	return 0;

err_unshare:
	/*
	 * The host, on another CPU, may have unshared the page between the
	 * share and the pin (that is why the pin failed): then this unshare
	 * is refused. Host input, so no WARN.
	 */
	if (!shared)
		__pkvm_host_unshare_hyp(pfn);
	return ret;
}

/*
 * Release the ITT pages of @device_id tagged @tag (0: its current mapping);
 * unshare a page no mapping pins any more.
 */
static void its_release_itt(struct its_priv_state *priv, u32 device_id, u8 tag)
{
	struct its_dte_entry *e;
	void *va;
	u64 pfn;
	u32 i;

	for (i = 0; i < priv->num_used_entries; i++) {
		e = &priv->tracked_entries[i];
		if (!e->itt_pfn || e->device_id != device_id || e->unmapping != tag)
			continue;
		pfn = e->itt_pfn;
		va = __hyp_va(hyp_pfn_to_phys(pfn));
		e->itt_pfn = 0;
		e->unmapping = 0;
		hyp_unpin_shared_mem(va, va + PAGE_SIZE);
		/*
		 * Another hyp user may have pinned the page too (the host shares
		 * what it likes with whom it likes): then the unshare is refused
		 * and the page stays shared until the host unshares it itself.
		 */
		if (!its_pfn_tracked(priv, pfn))
			__pkvm_host_unshare_hyp(pfn);
	}
	while (priv->num_used_entries &&
	       !priv->tracked_entries[priv->num_used_entries - 1].itt_pfn)
		priv->num_used_entries--;
}

/*
 * MAPD V=1: the ITT must be host RAM the hyp can share; it stays shared
 * and pinned while mapped, so the host can neither donate it to the hyp
 * nor give it to a guest while the device writes it.
 */
static int its_map_itt(struct its_priv_state *priv, u32 device_id, u64 itt, u64 size)
{
	u64 typer = readq_relaxed(priv->base + GITS_TYPER);
	u64 ite_size = FIELD_GET(GITS_TYPER_ITT_SIZE, typer) + 1;
	u64 bytes = max_t(u64, BIT_ULL(size + 1) * ite_size, ITS_ITT_MIN);
	u64 first = hyp_phys_to_pfn(itt);
	u64 nr = hyp_phys_to_pfn(itt + bytes - 1) - first + 1;
	u64 i;
	int ret;

	/* A second MAPD V=1 would leave the first ITT's pages tracked for nothing. */
	if (its_device_tracked(priv, device_id))
		return -EBUSY;
	if (nr > priv->num_tracked_entries)
		return -ENOSPC;
	for (i = 0; i < nr; i++) {
		ret = its_take_itt_page(priv, device_id, first + i);
		if (ret)
			goto err_release;
	}
	return 0;

err_release:
	its_release_itt(priv, device_id, 0);
	return ret;
}

static int its_filter_mapd(struct its_priv_state *priv, struct its_cmdq_ctx *ctx,
			   const struct its_cmd *cmd, struct its_cmd_effect *eff)
{
	u64 typer = readq_relaxed(priv->base + GITS_TYPER);
	u32 device_id = FIELD_GET(ITS_CMD_DEVICE_ID, cmd->dw[0]);
	u64 devbits = FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1;
	u64 size = FIELD_GET(ITS_CMD_MAPD_SIZE, cmd->dw[1]);
	u64 idbits = FIELD_GET(GITS_TYPER_IDBITS_FIELD, typer);
	u64 itt = cmd->dw[2] & ITS_CMD_ITT_ADDR;
	int ret;

	/* A DeviceID past DevBits is a command error, mapping or unmapping. */
	if (size > idbits || (u64)device_id >> devbits)
		return -EINVAL;
	ret = its_update_l1(priv, ctx, typer, GITS_BASER_TYPE_DEVICE, device_id, eff);
	if (ret)
		return ret;
	eff->device_id = device_id;
	if (!(cmd->dw[2] & ITS_CMD_VALID)) {
		its_retag_itt(priv, device_id, 0, eff->tag);
		eff->itt_unmapped = true;
		return 0;
	}
	if (!its_id_has_entry(priv, GITS_BASER_TYPE_DEVICE, device_id)) {
		ret = -EINVAL;
		goto err_undo_l1;
	}
	ret = its_map_itt(priv, device_id, itt, size);
	if (ret)
		goto err_undo_l1;
	eff->itt_mapped = true;
	return 0;

err_undo_l1:
	if (eff->real_l1)
		its_undo_l1(priv, eff);
	eff->real_l1 = NULL;
	return ret;
}

/*
 * MAPC: with GITS_TYPER.PTA clear, RDbase is a processor number, which
 * must be one of the hyp's CPUs; the collection's L1 entry as for MAPD.
 */
static int its_filter_mapc(struct its_priv_state *priv, struct its_cmdq_ctx *ctx,
			   const struct its_cmd *cmd, struct its_cmd_effect *eff)
{
	u64 typer = readq_relaxed(priv->base + GITS_TYPER);
	u64 rdbase = FIELD_GET(ITS_CMD_RDBASE, cmd->dw[2]);

	if ((cmd->dw[2] & ITS_CMD_VALID) && !(typer & GITS_TYPER_PTA) && rdbase >= hyp_nr_cpus)
		return -EINVAL;
	return its_update_l1(priv, ctx, typer, GITS_BASER_TYPE_COLLECTION,
			     FIELD_GET(ITS_CMD_ICID, cmd->dw[2]), eff);
}

/*
 * 0: forward @cmd (with @eff to commit or undo); an error: reject it. @tag
 * tells this command from the others of its batch (1 and up).
 */
static int its_filter(struct its_priv_state *priv, struct its_cmdq_ctx *ctx,
		      const struct its_cmd *cmd, struct its_cmd_effect *eff, u8 tag)
{
	u8 opcode = FIELD_GET(ITS_CMD_OPCODE, cmd->dw[0]);

	memset(eff, 0, sizeof(*eff));
	eff->tag = tag;
	switch (opcode) {
	case GITS_CMD_MAPD:
		return its_filter_mapd(priv, ctx, cmd, eff);
	case GITS_CMD_MAPC:
		return its_filter_mapc(priv, ctx, cmd, eff);
	case GITS_CMD_MOVI:
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_SYNC:
	case GITS_CMD_MAPTI:
	case GITS_CMD_MAPI:
	case GITS_CMD_INV:
	case GITS_CMD_INVALL:
	case GITS_CMD_MOVALL:
	case GITS_CMD_DISCARD:
		return 0;
	}
	/* GICv4 commands and opcodes the hyp does not know. */
	return -EPERM;
}

/* The device ran the command: give back what it no longer uses. */
static void its_cmd_commit(struct its_priv_state *priv, const struct its_cmd_effect *eff)
{
	u64 pa;

	if (eff->real_l1 && (eff->l1_old & GITS_LVL1_ENTRY_VALID)) {
		pa = eff->l1_old & ~GITS_LVL1_ENTRY_VALID;
		WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(pa),
					       its_l2_nr_pages(eff->l1_psz)));
	}
	if (eff->itt_unmapped)
		its_release_itt(priv, eff->device_id, eff->tag);
}

/* The device did not run the command: undo what the filter took. */
static void its_cmd_undo(struct its_priv_state *priv, const struct its_cmd_effect *eff)
{
	if (eff->itt_mapped)
		its_release_itt(priv, eff->device_id, 0);
	if (eff->itt_unmapped)
		its_retag_itt(priv, eff->device_id, eff->tag, 0);
	if (eff->real_l1)
		its_undo_l1(priv, eff);
}

/* Bytes from @from to @to going forward round a queue of @len bytes. */
static u64 its_cmdq_distance(u64 from, u64 to, u64 len)
{
	return (to + len - from) % len;
}

/*
 * Hand [priv->cmd_offset, @end) to the device and wait for it. Returns the
 * offset the device reached: @end, or the slot it stalled on.
 */
static u64 its_cmdq_submit(struct its_priv_state *priv, u64 end, u64 retry)
{
	u64 creadr = 0;
	u32 i;

	writeq_relaxed(end | retry, priv->base + GITS_CWRITER);
	for (i = 0; i < ITS_POLL_MAX; i++) {
		creadr = readq_relaxed(priv->base + GITS_CREADR);
		if ((creadr & GITS_CREADR_STALLED) || (creadr & GITS_CMDQ_OFFSET) == end)
			break;
	}
	if (i < ITS_POLL_MAX && !(creadr & GITS_CREADR_STALLED))
		return end;
	/*
	 * The device stopped short (stalled, or disabled): the hyp undoes what
	 * it took for the commands left, so they must never run later.
	 */
	creadr &= GITS_CMDQ_OFFSET;
	writeq_relaxed(creadr, priv->base + GITS_CWRITER);
	return creadr;
}

/*
 * One batch: filter up to ITS_CMDQ_BATCH slots towards @target, submit the
 * accepted ones, then commit or undo each. Returns false when processing
 * must stop (a rejected command, a stall, or @target reached).
 */
static bool its_cmdq_batch(struct its_priv_state *priv, struct its_cmdq_ctx *ctx,
			   u64 target, u64 retry, u64 len)
{
	struct its_cmd_effect effects[ITS_CMDQ_BATCH];
	u64 start = priv->cmd_offset;
	u64 off = start;
	struct its_cmd cmd;
	bool stop = false;
	u64 reached;
	u64 done;
	u64 nr;
	u64 i;

	nr = its_cmdq_distance(start, target, len) / ITS_CMD_SIZE;
	if (!nr)
		return false;
	nr = min_t(u64, nr, ITS_CMDQ_BATCH);
	for (i = 0; i < nr; i++) {
		/* The only read of this slot: the host may be rewriting it. */
		memcpy(&cmd, priv->cmd_host_copy + off, sizeof(cmd));
		if (its_filter(priv, ctx, &cmd, &effects[i], (u8)(i + 1))) {
			stop = true;
			break;
		}
		memcpy(priv->cmd_original + off, &cmd, sizeof(cmd));
		its_make_visible(priv, priv->cmd_original + off, sizeof(cmd));
		off = (off + ITS_CMD_SIZE) % len;
	}
	if (!i)
		return false;

	reached = its_cmdq_submit(priv, off, retry);
	nr = i;
	done = nr;
	if (reached != off)
		done = min_t(u64, its_cmdq_distance(start, reached, len) / ITS_CMD_SIZE, nr);
	for (i = 0; i < done; i++)
		its_cmd_commit(priv, &effects[i]);
	priv->cmd_offset = (start + done * ITS_CMD_SIZE) % len;
	if (done == nr)
		return !stop;
	/* Stalled: undo the commands the device did not run, last first. */
	while (nr-- > done)
		its_cmd_undo(priv, &effects[nr]);
	return false;
}

void its_cmdq_write(struct its_priv_state *priv, u64 host_cwriter)
{
	u64 retry = host_cwriter & GITS_CWRITER_RETRY;
	u64 target = host_cwriter & GITS_CMDQ_OFFSET;
	u64 len = priv->host_state->cmdq_len;
	struct its_cmdq_ctx ctx = { 0 };

	/* Bits [4:1] set name no slot; bits above 19 are RES0 and dropped. */
	if (host_cwriter & GENMASK_ULL(4, 1))
		return;
	if (target >= len)
		return;
	/*
	 * A disabled ITS runs nothing: waiting for it would only time out, and
	 * the enable runs the queue from the hyp's read position anyway
	 * (its_write_ctlr). Only the hyp enables it, under its_lock.
	 */
	if (!(readl_relaxed(priv->base + GITS_CTLR) & GITS_CTLR_ENABLE))
		return;
	while (its_cmdq_batch(priv, &ctx, target, retry, len))
		;
}

void its_cmdq_teardown(struct its_priv_state *priv)
{
	u32 i;

	for (i = 0; i < priv->num_used_entries; i++)
		if (priv->tracked_entries[i].itt_pfn)
			its_release_itt(priv, priv->tracked_entries[i].device_id,
					priv->tracked_entries[i].unmapping);
}
