// SPDX-License-Identifier: GPL-2.0-only
/*
 * its_batch.c: a batching GICv3 ITS mediator for pKVM.
 *
 * The host keeps driving the ITS through its own copy of the command queue;
 * the hyp owns the real queue and the ITS tables. On a GITS_CWRITER write
 * the hyp vets every command between its own write position and the new
 * offset, copies each accepted one into the real queue, and rings the
 * hardware once for the whole batch.
 *
 * Ownership changes a command asks for are split in two halves:
 *  - acquisitions (an ITT shared and pinned, an L2 page donated) happen
 *    while vetting, before the ITS can see the command;
 *  - releases (an ITT unpinned, an L2 page given back) are deferred until
 *    GITS_CREADR has moved past the command that asked for them, because
 *    the commands before it in the same batch may still use that memory.
 * Every change carries the sequence number of the command that made it, so
 * that a stall can undo exactly the changes of the commands the ITS never
 * ran (see its_abandon()).
 *
 * The main policies (README.md lists all of them, P1..P14, with reasons):
 *  P1  a refused command stops the batch: it and everything after it stay
 *      in the host's queue, the hardware CWRITER stops in front of it;
 *  P2  GICv4 and undefined opcodes are refused;
 *  P3  MAPD: Size above TYPER.IDbits, a DeviceID beyond the Device table,
 *      an ITT the host cannot share, or a device whose L2 page is missing
 *      are refused;
 *  P4  MAPC: an RDbase beyond the CPUs (GITS_TYPER.PTA = 0) is refused;
 *  P5  a GITS_CWRITER read returns what the host wrote;
 *  P6  a stalled batch is rolled back from the stalled command on, and the
 *      hardware CWRITER is rewound onto CREADR;
 *  P7  setup wipes every table it takes (flat tables and L2 pages): the
 *      entry formats are IMPLEMENTATION DEFINED, so nothing the host wrote
 *      into them before setup can be checked, only discarded.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_hyp.h>
#include <asm/kvm_mmu.h>
#include <asm/kvm_pkvm.h>
#include <asm/page.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>
#include <nvhe/spinlock.h>

#define ITS_NR_RECS		192	/* ITT mappings the hyp can track */
#define ITS_NR_JOURNAL		48	/* L1 changes of commands in flight */
#define ITS_NR_L1_CACHE		64	/* host L1 entries read in one trap */
#define ITS_POLL_MAX		1000	/* CREADR / CTLR reads before giving up */
#define ITS_ITT_MAX_PAGES	1024	/* largest ITT the hyp pins (host pages) */

#define ITS_CMD_V		BIT_ULL(63)
#define ITS_CMD_DEVID		GENMASK_ULL(63, 32)
#define ITS_CMD_MAPD_SIZE	GENMASK_ULL(4, 0)
#define ITS_CMD_ITT_ADDR	GENMASK_ULL(51, 8)
#define ITS_CMD_ICID		GENMASK_ULL(15, 0)
#define ITS_CMD_RDBASE		GENMASK_ULL(51, 16)
#define ITS_CWRITER_RES0_LOW	GENMASK_ULL(4, 1)
#define ITS_BASER_HOST_ATTRS	(GIC_BASER_SHAREABILITY |		\
				 GIC_BASER_INNER_CACHEABILITY |		\
				 GIC_BASER_OUTER_CACHEABILITY)
#define ITS_L1_ADDR		(GITS_LVL1_ENTRY_ADDR & PHYS_MASK)
#define ITS_TRANS_FRAME		SZ_64K		/* GITS_TRANSLATER's frame */
#define ITS_FRAME_END		(2 * SZ_64K)

enum its_rec_state {
	ITS_REC_FREE,
	ITS_REC_LIVE,		/* a DTE names this ITT */
	ITS_REC_RETIRING,	/* live until the ITS passes retire_seq */
};

/* One ITT the hyp shares and pins for a device. */
struct its_itt_rec {
	u64 acq_seq;		/* command that mapped it */
	u64 retire_seq;		/* command that unmaps it */
	u64 pfn;
	u64 nr_pages;
	u32 devid;
	u32 state;
};

/* A real L1 entry the hyp changed for a command still in flight. */
struct its_l1_change {
	u64 seq;
	u64 old;
	u64 new;
	u32 idx;
	u32 tbl;
};

struct its_l1_cached {
	u64 val;
	u32 idx;
	u32 tbl;
};

/* One GITS_BASER<n> as setup took it. */
struct its_table {
	u64 val;		/* the hardware value setup checked */
	u64 *l1;		/* the real table (L1 when indirect), hyp VA */
	u64 *host_l1;		/* the host's L1 copy, hyp VA, pinned */
	phys_addr_t pa;
	phys_addr_t host_l1_pa;
	u64 bytes;		/* (Size + 1) * psz */
	u64 nr_pages;		/* host pages of the real table */
	u64 nr_ids;		/* IDs the table holds, clamped to TYPER */
	u32 psz;
	u32 esz;
	u32 type;
	bool taken;
	bool indirect;
	bool flush;		/* the ITS does not snoop: clean to PoC */
};

struct its_batch {
	void __iomem *base;
	u64 *cmdq;		/* the real queue, hyp VA */
	u64 *host_cmdq;		/* the host's copy, hyp VA, pinned */
	phys_addr_t cmdq_pa;
	phys_addr_t host_cmdq_pa;
	phys_addr_t priv_pa;
	u64 priv_pages;
	u64 cmdq_len;
	u64 cmdq_pages;
	u64 cbaser;		/* the hardware value setup checked */
	u64 typer;
	u64 cwriter;		/* what the host wrote (P5) */
	u64 rd_off;		/* hardware CREADR as last accounted */
	u64 wr_off;		/* next real slot the hyp fills */
	u64 hw_wr;		/* what the hyp last wrote to GITS_CWRITER */
	u64 retired;		/* commands the ITS has consumed */
	u64 issued;		/* commands written to the real queue */
	bool cmdq_flush;
	u32 nr_changes;
	u32 nr_cached;
	struct its_table tables[GITS_BASER_NR_REGS];
	struct its_l1_change changes[ITS_NR_JOURNAL];
	struct its_l1_cached l1_cache[ITS_NR_L1_CACHE];
	struct its_itt_rec recs[ITS_NR_RECS];
};

/*
 * The per-ITS lock lives in the hyp's own data, not in the private pages:
 * teardown gives those pages back while a trap on another CPU may be
 * waiting for the lock. It also serialises the forwarding of accesses
 * before setup with setup itself, so the host cannot reprogram GITS_CBASER
 * or GITS_BASER<n> between the hyp's check and the publication.
 */
static hyp_spinlock_t its_locks[PKVM_PROTECTED_REGS_NUM];
static DEFINE_HYP_SPINLOCK(its_setup_lock);

/* ---------------------------------------------------------------- helpers */

static phys_addr_t its_host_pa(void *host_va)
{
	return __hyp_pa(kern_hyp_va(host_va));
}

static void *its_pfn_va(u64 pfn)
{
	return __hyp_va(hyp_pfn_to_phys(pfn));
}

static void its_clean(bool flush, void *va, u64 size)
{
	if (flush)
		kvm_flush_dcache_to_poc(va, size);
}

/* The ITS snoops only what its registers call shareable and cacheable. */
static bool its_attrs_need_flush(u64 val)
{
	u64 inner = FIELD_GET(GIC_BASER_INNER_CACHEABILITY, val);

	return FIELD_GET(GIC_BASER_SHAREABILITY, val) == GIC_BASER_NonShareable ||
	       inner <= 1;
}

static u64 its_slots(struct its_batch *its)
{
	return its->cmdq_len / ITS_CMD_SIZE;
}

static u64 its_next_off(struct its_batch *its, u64 off)
{
	return (off + ITS_CMD_SIZE) % its->cmdq_len;
}

/* Slots from @from up to @to in ring order, for every (from, to) pair. */
static u64 its_distance(struct its_batch *its, u64 from, u64 to)
{
	return ((to + its->cmdq_len - from) % its->cmdq_len) / ITS_CMD_SIZE;
}

static hyp_spinlock_t *its_lock_of(struct pkvm_protected_reg *region)
{
	ptrdiff_t idx = region - pkvm_protected_regs;

	if (idx < 0 || idx >= PKVM_PROTECTED_REGS_NUM ||
	    (unsigned int)idx >= pkvm_nr_protected_regs)
		return NULL;
	return &its_locks[idx];
}

static struct pkvm_protected_reg *its_find_region(phys_addr_t dev_addr)
{
	unsigned int i;

	if (!PAGE_ALIGNED(dev_addr))
		return NULL;
	for (i = 0; i < pkvm_nr_protected_regs && i < PKVM_PROTECTED_REGS_NUM; i++) {
		if (pkvm_protected_regs[i].pfn == hyp_phys_to_pfn(dev_addr))
			return &pkvm_protected_regs[i];
	}
	return NULL;
}

/* ------------------------------------------------------ host page sharing */

/*
 * Give a page the hyp shared back to the host. The host can make this fail
 * legitimately, so it is no WARN: its other CPU may have unshared the page
 * already (between the hyp's share and its pin, which then failed), or
 * another hyp user may hold its own pin on the page (-EBUSY). Either way
 * the hyp's own pin is gone and it tracks the page no more; a page left
 * shared is the host's to unshare once the other user lets go of it.
 */
static void its_unshare(u64 pfn)
{
	(void)__pkvm_host_unshare_hyp(pfn);
}

/* Share and pin @nr host pages from @pa (one set-up / tear-down pair). */
static int its_borrow(phys_addr_t pa, u64 nr)
{
	u64 pfn = hyp_phys_to_pfn(pa);
	u64 i;
	int ret;

	for (i = 0; i < nr; i++) {
		ret = __pkvm_host_share_hyp(pfn + i);
		if (ret)
			goto err_unshare;
	}
	ret = hyp_pin_shared_mem(its_pfn_va(pfn), its_pfn_va(pfn + nr));
	if (ret)
		goto err_unshare;
	return 0;

err_unshare:
	while (i--)
		its_unshare(pfn + i);
	return ret;
}

static void its_unborrow(phys_addr_t pa, u64 nr)
{
	u64 pfn = hyp_phys_to_pfn(pa);
	u64 i = nr;

	hyp_unpin_shared_mem(its_pfn_va(pfn), its_pfn_va(pfn + nr));
	while (i--)
		its_unshare(pfn + i);
}

/* ------------------------------------------------------------ ITT records */

static bool its_itt_page_held(struct its_batch *its, u64 pfn)
{
	const struct its_itt_rec *r;
	int i;

	for (i = 0; i < ITS_NR_RECS; i++) {
		r = &its->recs[i];
		if (r->state != ITS_REC_FREE &&
		    pfn >= r->pfn && pfn - r->pfn < r->nr_pages)
			return true;
	}
	return false;
}

/* Share (unless another ITT holds it) and pin every page of @r. */
static int its_itt_get(struct its_batch *its, struct its_itt_rec *r)
{
	u64 i;
	int ret;

	for (i = 0; i < r->nr_pages; i++) {
		if (its_itt_page_held(its, r->pfn + i))
			continue;
		ret = __pkvm_host_share_hyp(r->pfn + i);
		if (ret)
			goto err_unshare;
	}
	ret = hyp_pin_shared_mem(its_pfn_va(r->pfn),
				 its_pfn_va(r->pfn + r->nr_pages));
	if (ret)
		goto err_unshare;
	return 0;

err_unshare:
	while (i--) {
		if (!its_itt_page_held(its, r->pfn + i))
			its_unshare(r->pfn + i);
	}
	return ret;
}

static void its_itt_put(struct its_batch *its, struct its_itt_rec *r)
{
	u64 i = r->nr_pages;

	hyp_unpin_shared_mem(its_pfn_va(r->pfn), its_pfn_va(r->pfn + r->nr_pages));
	r->state = ITS_REC_FREE;
	while (i--) {
		if (!its_itt_page_held(its, r->pfn + i))
			its_unshare(r->pfn + i);
	}
}

static struct its_itt_rec *its_itt_live(struct its_batch *its, u32 devid)
{
	int i;

	for (i = 0; i < ITS_NR_RECS; i++) {
		if (its->recs[i].state == ITS_REC_LIVE && its->recs[i].devid == devid)
			return &its->recs[i];
	}
	return NULL;
}

static struct its_itt_rec *its_itt_free_slot(struct its_batch *its)
{
	int i;

	for (i = 0; i < ITS_NR_RECS; i++) {
		if (its->recs[i].state == ITS_REC_FREE)
			return &its->recs[i];
	}
	return NULL;
}

/* ------------------------------------------------------------- L1 tables */

static u64 its_l2_pages(const struct its_table *t)
{
	return DIV_ROUND_UP((u64)t->psz, PAGE_SIZE);
}

static u64 its_l1_entries(const struct its_table *t)
{
	return t->bytes / GITS_LVL1_ENTRY_SIZE;
}

static u64 its_ids_per_l2(const struct its_table *t)
{
	return t->psz / t->esz;
}

/* An L1 entry the hardware may follow: Valid, a page-aligned PA, no more. */
static bool its_l1_canonical(const struct its_table *t, u64 ent)
{
	u64 addr = ent & ITS_L1_ADDR;

	return ent == (GITS_LVL1_ENTRY_VALID | addr) &&
	       IS_ALIGNED(addr, max_t(u64, t->psz, PAGE_SIZE));
}

static void its_l1_write(struct its_table *t, u32 idx, u64 val)
{
	WRITE_ONCE(t->l1[idx], val);
	its_clean(t->flush, &t->l1[idx], sizeof(*t->l1));
}

static void its_l2_give_back(const struct its_table *t, u64 ent)
{
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(ent & ITS_L1_ADDR),
				       its_l2_pages(t)));
}

/* Take the L2 page @ent names: donate it, wipe it, make the wipe visible. */
static int its_l2_take(struct its_table *t, u64 ent)
{
	phys_addr_t pa = ent & ITS_L1_ADDR;
	void *va = __hyp_va(pa);
	int ret;

	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), its_l2_pages(t));
	if (ret)
		return ret;
	memset(va, 0, t->psz);
	its_clean(t->flush, va, t->psz);
	/* The wipe must be visible before any L1 entry names the page. */
	dsb(ishst);
	return 0;
}

/*
 * If the ITS does not snoop @t, clean to PoC everything of it the ITS may
 * read: the whole table, and for a two-level one every L2 page its L1
 * names, whole ITS pages (64 KiB ones span several host pages).
 */
static void its_clean_table(struct its_table *t)
{
	u64 i, ent;

	if (!t->flush)
		return;
	its_clean(t->flush, t->l1, t->bytes);
	if (!t->indirect)
		return;
	for (i = 0; i < its_l1_entries(t); i++) {
		ent = t->l1[i];
		if (ent & GITS_LVL1_ENTRY_VALID)
			its_clean(t->flush, __hyp_va(ent & ITS_L1_ADDR), t->psz);
	}
}

/* The host's L1 entry, fetched at most once per trap (single fetch). */
static u64 its_host_l1(struct its_batch *its, u32 tbl, u32 idx, bool *full)
{
	struct its_l1_cached *c;
	u32 i;

	for (i = 0; i < its->nr_cached; i++) {
		c = &its->l1_cache[i];
		if (c->tbl == tbl && c->idx == idx)
			return c->val;
	}
	if (its->nr_cached == ITS_NR_L1_CACHE) {
		*full = true;
		return 0;
	}
	c = &its->l1_cache[its->nr_cached++];
	c->tbl = tbl;
	c->idx = idx;
	c->val = READ_ONCE(its->tables[tbl].host_l1[idx]);
	return c->val;
}

static struct its_table *its_table_of_type(struct its_batch *its, u32 type)
{
	int i;

	for (i = 0; i < GITS_BASER_NR_REGS; i++) {
		if (its->tables[i].taken && its->tables[i].type == type)
			return &its->tables[i];
	}
	return NULL;
}

/* Retire, at @seq, every live ITT of a device whose DTE sits in L2 @idx. */
static void its_retire_l2_devices(struct its_batch *its, struct its_table *t,
				  u32 idx, u64 seq)
{
	struct its_itt_rec *r;
	int i;

	for (i = 0; i < ITS_NR_RECS; i++) {
		r = &its->recs[i];
		if (r->state == ITS_REC_LIVE && r->devid / its_ids_per_l2(t) == idx) {
			r->state = ITS_REC_RETIRING;
			r->retire_seq = seq;
		}
	}
}

/*
 * Bring the real L1 entry for @id in line with the host's copy (only a
 * change of Valid counts). A newly valid entry gets its L2 page donated and
 * wiped before the real L1 names it; a newly invalid one leaves the real L1
 * at once, and its L2 page goes back when the command at @seq has run.
 */
static int its_l1_sync(struct its_batch *its, struct its_table *t, u32 id,
		       u64 seq)
{
	u32 tbl = t - its->tables;
	struct its_l1_change *c;
	u64 host, real, idx;
	bool full = false;
	int ret;

	idx = id / its_ids_per_l2(t);
	if (idx >= its_l1_entries(t))
		return -ENOSPC;
	if (its->nr_changes == ITS_NR_JOURNAL)
		return -EBUSY;
	host = its_host_l1(its, tbl, idx, &full);
	if (full)
		return -EBUSY;
	real = t->l1[idx];
	if (!(host & GITS_LVL1_ENTRY_VALID) == !(real & GITS_LVL1_ENTRY_VALID))
		return 0;

	c = &its->changes[its->nr_changes];
	c->seq = seq;
	c->tbl = tbl;
	c->idx = idx;
	c->old = real;
	if (host & GITS_LVL1_ENTRY_VALID) {
		c->new = GITS_LVL1_ENTRY_VALID | (host & ITS_L1_ADDR);
		if (!its_l1_canonical(t, c->new))
			return -EINVAL;
		ret = its_l2_take(t, c->new);
		if (ret)
			return ret;
	} else {
		c->new = 0;
		if (t->type == GITS_BASER_TYPE_DEVICE)
			its_retire_l2_devices(its, t, idx, seq);
	}
	its_l1_write(t, idx, c->new);
	its->nr_changes++;
	return 0;
}

/* Undo the newest L1 change (refused command, or a command never run). */
static void its_l1_undo_last(struct its_batch *its)
{
	struct its_l1_change *c = &its->changes[--its->nr_changes];
	struct its_table *t = &its->tables[c->tbl];
	struct its_itt_rec *r;
	int i;

	/*
	 * The ITS may have seen the entry the vetting wrote: the old one must
	 * reach it before anything else does (a give-back, the next doorbell).
	 */
	its_l1_write(t, c->idx, c->old);
	dsb(ishst);
	if (c->new & GITS_LVL1_ENTRY_VALID) {
		its_l2_give_back(t, c->new);
		return;
	}
	for (i = 0; i < ITS_NR_RECS; i++) {
		r = &its->recs[i];
		if (r->state == ITS_REC_RETIRING && r->retire_seq == c->seq &&
		    r->devid / its_ids_per_l2(t) == c->idx)
			r->state = ITS_REC_LIVE;
	}
}

/* ------------------------------------------------------ command filtering */

struct its_cmd {
	u64 dw[4];
};

typedef int (*its_vet_fn)(struct its_batch *its, const struct its_cmd *cmd,
			  u64 seq);

static int its_vet_accept(struct its_batch *its __maybe_unused,
			  const struct its_cmd *cmd __maybe_unused,
			  u64 seq __maybe_unused)
{
	return 0;
}

static int its_vet_mapd(struct its_batch *its, const struct its_cmd *cmd,
			u64 seq)
{
	u32 size = FIELD_GET(ITS_CMD_MAPD_SIZE, cmd->dw[1]);
	u32 devid = FIELD_GET(ITS_CMD_DEVID, cmd->dw[0]);
	u32 changes = its->nr_changes;
	struct its_itt_rec *old, *new;
	struct its_table *t;
	phys_addr_t itt;
	u64 bytes;
	int ret;

	if (size > FIELD_GET(GITS_TYPER_IDBITS, its->typer))
		return -EINVAL;
	t = its_table_of_type(its, GITS_BASER_TYPE_DEVICE);
	if (!t || devid >= t->nr_ids)
		return -ENOSPC;
	if (t->indirect) {
		ret = its_l1_sync(its, t, devid, seq);
		if (ret)
			return ret;
		/* No L2 page: the ITS would drop the DTE, so pin nothing. */
		if ((cmd->dw[2] & ITS_CMD_V) &&
		    !(t->l1[devid / its_ids_per_l2(t)] & GITS_LVL1_ENTRY_VALID)) {
			ret = -EINVAL;
			goto err_undo_l1;
		}
	}

	old = its_itt_live(its, devid);
	if (!(cmd->dw[2] & ITS_CMD_V)) {
		if (old) {
			old->state = ITS_REC_RETIRING;
			old->retire_seq = seq;
		}
		return 0;
	}

	itt = cmd->dw[2] & ITS_CMD_ITT_ADDR;
	bytes = BIT_ULL(size + 1) * (FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, its->typer) + 1);
	new = its_itt_free_slot(its);
	if (!new) {
		ret = -ENOSPC;
		goto err_undo_l1;
	}
	new->pfn = hyp_phys_to_pfn(itt);
	new->nr_pages = hyp_phys_to_pfn(itt + bytes - 1) - new->pfn + 1;
	if (new->nr_pages > ITS_ITT_MAX_PAGES) {
		ret = -E2BIG;
		goto err_undo_l1;
	}
	ret = its_itt_get(its, new);
	if (ret)
		goto err_undo_l1;
	new->devid = devid;
	new->acq_seq = seq;
	new->state = ITS_REC_LIVE;
	if (old) {
		old->state = ITS_REC_RETIRING;
		old->retire_seq = seq;
	}
	return 0;

err_undo_l1:
	while (its->nr_changes > changes)
		its_l1_undo_last(its);
	return ret;
}

static int its_vet_mapc(struct its_batch *its, const struct its_cmd *cmd,
			u64 seq)
{
	u64 rdbase = FIELD_GET(ITS_CMD_RDBASE, cmd->dw[2]);
	u32 icid = FIELD_GET(ITS_CMD_ICID, cmd->dw[2]);
	struct its_table *t;

	if (!(its->typer & GITS_TYPER_PTA) && rdbase >= hyp_nr_cpus)
		return -EINVAL;
	t = its_table_of_type(its, GITS_BASER_TYPE_COLLECTION);
	if (!t || !t->indirect)
		return 0;
	return its_l1_sync(its, t, icid, seq);
}

/* Physical commands by opcode; anything not listed is refused (P2). */
static const its_vet_fn its_vet_table[] = {
	[GITS_CMD_MOVI]		= its_vet_accept,
	[GITS_CMD_INT]		= its_vet_accept,
	[GITS_CMD_CLEAR]	= its_vet_accept,
	[GITS_CMD_SYNC]		= its_vet_accept,
	[GITS_CMD_MAPD]		= its_vet_mapd,
	[GITS_CMD_MAPC]		= its_vet_mapc,
	[GITS_CMD_MAPTI]	= its_vet_accept,
	[GITS_CMD_MAPI]		= its_vet_accept,
	[GITS_CMD_INV]		= its_vet_accept,
	[GITS_CMD_INVALL]	= its_vet_accept,
	[GITS_CMD_MOVALL]	= its_vet_accept,
	[GITS_CMD_DISCARD]	= its_vet_accept,
};

static int its_vet(struct its_batch *its, const struct its_cmd *cmd, u64 seq)
{
	u8 op = FIELD_GET(GENMASK_ULL(7, 0), cmd->dw[0]);

	if (op >= ARRAY_SIZE(its_vet_table) || !its_vet_table[op])
		return -EOPNOTSUPP;
	return its_vet_table[op](its, cmd, seq);
}

/* -------------------------------------------------- in-flight accounting */

/* The ITS ran every command before seq @its->retired: release their leftovers. */
static void its_complete(struct its_batch *its)
{
	struct its_itt_rec *r;
	u32 i, done = 0;

	for (i = 0; i < ITS_NR_RECS; i++) {
		r = &its->recs[i];
		if (r->state == ITS_REC_RETIRING && r->retire_seq < its->retired)
			its_itt_put(its, r);
	}
	while (done < its->nr_changes && its->changes[done].seq < its->retired) {
		if (!(its->changes[done].new & GITS_LVL1_ENTRY_VALID))
			its_l2_give_back(&its->tables[its->changes[done].tbl],
					 its->changes[done].old);
		done++;
	}
	for (i = done; i < its->nr_changes; i++)
		its->changes[i - done] = its->changes[i];
	its->nr_changes -= done;
}

/*
 * The ITS will never run the commands from seq @its->retired on (it
 * stalled, or the queue was reset): undo what they took, newest first,
 * restore what they were to give back, and empty the hardware queue.
 */
static void its_abandon(struct its_batch *its)
{
	struct its_itt_rec *r;
	int i;

	while (its->nr_changes &&
	       its->changes[its->nr_changes - 1].seq >= its->retired)
		its_l1_undo_last(its);
	for (i = 0; i < ITS_NR_RECS; i++) {
		r = &its->recs[i];
		if (r->state == ITS_REC_RETIRING && r->retire_seq >= its->retired)
			r->state = ITS_REC_LIVE;
	}
	i = ITS_NR_RECS;
	while (i--) {
		r = &its->recs[i];
		if (r->state == ITS_REC_LIVE && r->acq_seq >= its->retired)
			its_itt_put(its, r);
	}
	its->issued = its->retired;
	its->wr_off = its->rd_off;
	its->hw_wr = its->rd_off;
	writeq_relaxed(its->hw_wr, its->base + GITS_CWRITER);
}

/* Account for a GITS_CREADR value: retire what ran, roll back on a stall. */
static void its_account(struct its_batch *its, u64 creadr)
{
	u64 off = creadr & GITS_CMDQ_OFFSET;
	u64 ran;

	if (off < its->cmdq_len) {
		ran = its_distance(its, its->rd_off, off);
		if (ran <= its_distance(its, its->rd_off, its->hw_wr)) {
			its->retired += ran;
			its->rd_off = off;
		}
	}
	its_complete(its);
	if ((creadr & GITS_CREADR_STALLED) && its->rd_off != its->hw_wr)
		its_abandon(its);
}

static u64 its_sync(struct its_batch *its)
{
	u64 creadr = readq_relaxed(its->base + GITS_CREADR);

	its_account(its, creadr);
	return creadr;
}

/* Ring the hardware once for everything staged, then wait for it. */
static u64 its_ring(struct its_batch *its, u64 retry)
{
	u64 creadr = 0;
	int i;

	dsb(ishst);
	its->hw_wr = its->wr_off;
	writeq_relaxed(its->hw_wr | retry, its->base + GITS_CWRITER);
	for (i = 0; i < ITS_POLL_MAX; i++) {
		creadr = readq_relaxed(its->base + GITS_CREADR);
		if ((creadr & GITS_CMDQ_OFFSET) == its->hw_wr ||
		    (creadr & GITS_CREADR_STALLED))
			break;
	}
	its_account(its, creadr);
	return creadr;
}

static bool its_disabled_and_quiescent(struct its_batch *its)
{
	u32 ctlr = readl_relaxed(its->base + GITS_CTLR);

	return !(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT);
}

/*
 * Vet the host's commands from the hyp's write position up to @target and
 * ring once. The batch is rung in parts only when the journal of L1
 * changes fills up; it stops at a refused command (P1) and after a stall.
 */
static void its_run_batch(struct its_batch *its, u64 target, u64 retry)
{
	struct its_cmd cmd;
	u64 staged = 0;
	int ret;

	its_sync(its);
	/*
	 * The host moved CWRITER back over commands a disabled ITS holds and
	 * has not run: the device the host programs would never run them, so
	 * take them all back and vet again up to the new CWRITER.
	 */
	if (its_distance(its, its->rd_off, target) < its_distance(its, its->rd_off, its->wr_off) &&
	    its_disabled_and_quiescent(its))
		its_abandon(its);
	/*
	 * The host may not claim slots the ITS has not consumed yet. The write
	 * is still a doorbell: an ITS that did not start on the last one runs
	 * what it holds on this one.
	 */
	if (its_distance(its, its->rd_off, its->wr_off) +
	    its_distance(its, its->wr_off, target) >= its_slots(its))
		goto kick;

	its->nr_cached = 0;
	while (its->wr_off != target) {
		if (its->nr_changes == ITS_NR_JOURNAL) {
			staged = 0;
			if ((its_ring(its, retry) & GITS_CREADR_STALLED) ||
			    its->nr_changes == ITS_NR_JOURNAL)
				return;
		}
		memcpy(&cmd, (u8 *)its->host_cmdq + its->wr_off, sizeof(cmd));
		ret = its_vet(its, &cmd, its->issued);
		if (ret)
			break;
		memcpy((u8 *)its->cmdq + its->wr_off, &cmd, sizeof(cmd));
		its_clean(its->cmdq_flush, (u8 *)its->cmdq + its->wr_off, sizeof(cmd));
		its->wr_off = its_next_off(its, its->wr_off);
		its->issued++;
		staged++;
	}
kick:
	/* Also kick an ITS that still holds commands, or that the host retries. */
	if (staged || retry || its->rd_off != its->hw_wr)
		its_ring(its, retry);
}

/* ------------------------------------------------------ register handlers */

struct its_reg_desc {
	u32 offset;
	u8 width;
	u8 nr;
	u64 (*read)(struct its_batch *its, u32 idx);
	void (*write)(struct its_batch *its, u32 idx, u64 val, u64 mask);
};

static u64 its_ctlr_read(struct its_batch *its, u32 idx __maybe_unused)
{
	return readl_relaxed(its->base + GITS_CTLR);
}

static void its_ctlr_write(struct its_batch *its, u32 idx __maybe_unused,
			   u64 val, u64 mask __maybe_unused)
{
	u32 hw = readl_relaxed(its->base + GITS_CTLR);

	/* Enabling a draining ITS would latch tables it still walks. */
	if ((val & GITS_CTLR_ENABLE) && !(hw & GITS_CTLR_ENABLE) &&
	    !(hw & GITS_CTLR_QUIESCENT))
		return;
	writel_relaxed((u32)val, its->base + GITS_CTLR);
	if ((val & GITS_CTLR_ENABLE) && !(hw & GITS_CTLR_ENABLE))
		its_sync(its);
}

static u64 its_cbaser_read(struct its_batch *its, u32 idx __maybe_unused)
{
	return readq_relaxed(its->base + GITS_CBASER);
}

static void its_cbaser_write(struct its_batch *its, u32 idx __maybe_unused,
			     u64 val, u64 mask __maybe_unused)
{
	u64 new;

	if (!its_disabled_and_quiescent(its))
		return;
	/* The queue is the hyp's: only its attributes are the host's. */
	new = (its->cbaser & ~ITS_BASER_HOST_ATTRS) | (val & ITS_BASER_HOST_ATTRS);
	/* The write resets CREADR: what has not run by now never will. */
	its_sync(its);
	if (its->rd_off != its->hw_wr)
		its_abandon(its);
	writeq_relaxed(new, its->base + GITS_CBASER);
	its->cmdq_flush = its_attrs_need_flush(readq_relaxed(its->base + GITS_CBASER));
	/* As for GITS_BASER<n>: a queue no longer snooped is read at PoC. */
	its_clean(its->cmdq_flush, its->cmdq, its->cmdq_len);
	dsb(ishst);
	/* CREADR is 0 now; nothing the hyp staged will run. */
	its->rd_off = 0;
	its->wr_off = 0;
	its->hw_wr = 0;
	its->cwriter = 0;
	writeq_relaxed(0, its->base + GITS_CWRITER);
}

static u64 its_cwriter_read(struct its_batch *its, u32 idx __maybe_unused)
{
	return its->cwriter;
}

static void its_cwriter_write(struct its_batch *its, u32 idx __maybe_unused,
			      u64 val, u64 mask)
{
	u64 off = val & GITS_CMDQ_OFFSET;

	/* P5: a read gives back what the host wrote, a refused value too. */
	its->cwriter = val;
	if ((val & ITS_CWRITER_RES0_LOW) || off >= its->cmdq_len)
		return;
	if (mask & GITS_CMDQ_OFFSET)
		its_run_batch(its, off, val & GITS_CWRITER_RETRY);
}

static u64 its_creadr_read(struct its_batch *its, u32 idx __maybe_unused)
{
	return its_sync(its);
}

/* GITS_CREADR is read-only to the host: moving it would skip or replay. */
static void its_creadr_write(struct its_batch *its __maybe_unused,
			     u32 idx __maybe_unused, u64 val __maybe_unused,
			     u64 mask __maybe_unused)
{
}

static u64 its_baser_read(struct its_batch *its, u32 idx)
{
	return readq_relaxed(its->base + GITS_BASER + idx * sizeof(u64));
}

static void its_baser_write(struct its_batch *its, u32 idx, u64 val,
			    u64 mask __maybe_unused)
{
	void __iomem *reg = its->base + GITS_BASER + idx * sizeof(u64);
	struct its_table *t = &its->tables[idx];
	u64 new;

	if (!t->taken || !its_disabled_and_quiescent(its))
		return;
	if ((val ^ t->val) & GITS_BASER_INDIRECT)
		return;
	new = (t->val & ~ITS_BASER_HOST_ATTRS) | (val & ITS_BASER_HOST_ATTRS);
	writeq_relaxed(new, reg);
	t->flush = its_attrs_need_flush(readq_relaxed(reg));
	/*
	 * If the ITS stops snooping, it reads the point of coherency from now
	 * on: what the hyp wrote (or the host, through its cache) while it
	 * snooped must be cleaned there before it is enabled again.
	 */
	its_clean_table(t);
	dsb(ishst);
}

static const struct its_reg_desc its_regs[] = {
	{ GITS_CTLR,	sizeof(u32), 1, its_ctlr_read, its_ctlr_write },
	{ GITS_CBASER,	sizeof(u64), 1, its_cbaser_read, its_cbaser_write },
	{ GITS_CWRITER,	sizeof(u64), 1, its_cwriter_read, its_cwriter_write },
	{ GITS_CREADR,	sizeof(u64), 1, its_creadr_read, its_creadr_write },
	{ GITS_BASER,	sizeof(u64), GITS_BASER_NR_REGS, its_baser_read, its_baser_write },
};

static void its_forward(void __iomem *reg, bool write, u64 *val, u8 size)
{
	switch (size) {
	case 2:
		if (write)
			writew_relaxed(*val, reg);
		else
			*val = readw_relaxed(reg);
		break;
	case 4:
		if (write)
			writel_relaxed(*val, reg);
		else
			*val = readl_relaxed(reg);
		break;
	case 8:
		if (write)
			writeq_relaxed(*val, reg);
		else
			*val = readq_relaxed(reg);
		break;
	}
}

/*
 * The widths the ITS frame takes (ITS_FACTS §1.2, QEMU): 32 and 64 bits in
 * the control frame, 16 and 32 bits in the translation frame
 * (GITS_TRANSLATER). The frame ends there: a GICv4.1 third page is never
 * reached, the hyp runs no GICv4 command.
 */
static bool its_width_ok(u64 offset, u8 size)
{
	if (offset < ITS_TRANS_FRAME)
		return size == sizeof(u32) || size == sizeof(u64);
	if (offset < ITS_FRAME_END)
		return size == sizeof(u16) || size == sizeof(u32);
	return false;
}

static const struct its_reg_desc *its_find_reg(u64 offset)
{
	const struct its_reg_desc *d;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(its_regs); i++) {
		d = &its_regs[i];
		if (offset >= d->offset && offset - d->offset < (u64)d->width * d->nr)
			return d;
	}
	return NULL;
}

/*
 * One emulated access. A full-width access reaches the handler as is; a
 * 32-bit access to a 64-bit register is one half: a read returns that
 * half, a write merges into it and the handler sees which bits changed.
 * Any other width is ignored.
 */
static void its_emulate(struct its_batch *its, const struct its_reg_desc *d,
			u64 offset, bool write, u64 *reg, u8 size)
{
	u32 shift = ((offset - d->offset) % d->width) * 8;
	u32 idx = (offset - d->offset) / d->width;
	u64 mask, cur;

	if (size == d->width) {
		mask = ~0ULL;
	} else if (d->width == sizeof(u64) && size == sizeof(u32)) {
		mask = GENMASK_ULL(31, 0) << shift;
	} else {
		if (!write)
			*reg = 0;
		return;
	}

	if (write && mask == ~0ULL) {
		d->write(its, idx, *reg, mask);
		return;
	}
	cur = d->read(its, idx);
	if (!write) {
		*reg = (cur & mask) >> shift;
		return;
	}
	if (d->width == sizeof(u32))
		mask = GENMASK_ULL(31, 0);
	d->write(its, idx, (cur & ~mask) | ((*reg << shift) & mask), mask);
}

void pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			      bool write, u64 *reg, u8 reg_size)
{
	hyp_spinlock_t *lock = its_lock_of(region);
	const struct its_reg_desc *d;
	struct its_batch *its;
	void __iomem *base;

	/*
	 * P12: an access the frame does not take is dropped even before
	 * setup. Forwarded, a misaligned one would be an unaligned access to
	 * Device memory (an alignment fault at EL2), and one of a width the
	 * frame does not take an external abort: both a hyp panic.
	 */
	if (!lock || !its_width_ok(offset, reg_size) || (offset & (reg_size - 1)) ||
	    offset >= (region->nr_pages << PAGE_SHIFT) ||
	    (region->nr_pages << PAGE_SHIFT) - offset < reg_size) {
		if (!write)
			*reg = 0;
		return;
	}

	hyp_spin_lock(lock);
	its = smp_load_acquire(&region->priv);
	if (!its) {
		/* Not set up: the device must keep working. */
		base = __hyp_va(hyp_pfn_to_phys(region->pfn));
		its_forward(base + offset, write, reg, reg_size);
		goto out_unlock;
	}
	d = its_find_reg(offset);
	if (d)
		its_emulate(its, d, offset, write, reg, reg_size);
	else
		its_forward(its->base + offset, write, reg, reg_size);
out_unlock:
	hyp_spin_unlock(lock);
}

/* ------------------------------------------------------------------ setup */

/* The queue GITS_CBASER names, and the host's copy of it. */
static int its_take_queue(struct its_batch *its, const struct its_host_state *hs)
{
	u64 cbaser = readq_relaxed(its->base + GITS_CBASER);
	int ret;

	its->cmdq_len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	its->cmdq_pa = cbaser & GITS_CBASER_ADDRESS;
	its->host_cmdq_pa = its_host_pa(hs->cmd_host_copy);
	if (!(cbaser & GITS_CBASER_VALID) || hs->cmdq_len != its->cmdq_len ||
	    its_host_pa(hs->cmd_original) != its->cmdq_pa ||
	    !PAGE_ALIGNED(its->cmdq_pa) || !PAGE_ALIGNED(its->host_cmdq_pa))
		return -EINVAL;
	its->cbaser = cbaser;
	its->cmdq_flush = its_attrs_need_flush(cbaser);
	its->cmdq_pages = DIV_ROUND_UP(its->cmdq_len, PAGE_SIZE);

	ret = its_borrow(its->host_cmdq_pa, its->cmdq_pages);
	if (ret)
		return ret;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(its->cmdq_pa), its->cmdq_pages);
	if (ret)
		goto err_unborrow;
	its->cmdq = __hyp_va(its->cmdq_pa);
	its->host_cmdq = __hyp_va(its->host_cmdq_pa);
	return 0;

err_unborrow:
	its_unborrow(its->host_cmdq_pa, its->cmdq_pages);
	return ret;
}

static void its_put_queue(struct its_batch *its)
{
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(its->cmdq_pa), its->cmdq_pages));
	its_unborrow(its->host_cmdq_pa, its->cmdq_pages);
}

static u64 its_type_max_ids(struct its_batch *its, u32 type)
{
	switch (type) {
	case GITS_BASER_TYPE_DEVICE:
		return BIT_ULL(FIELD_GET(GITS_TYPER_DEVBITS, its->typer) + 1);
	case GITS_BASER_TYPE_COLLECTION:
		if (its->typer & GITS_TYPER_CIL)
			return BIT_ULL(FIELD_GET(GITS_TYPER_CIDBITS, its->typer) + 1);
		return BIT_ULL(16);
	default:
		return BIT_ULL(16);
	}
}

/* Check GITS_BASER<n> against what the host says, fill in @t. */
static int its_decode_table(struct its_batch *its, struct its_table *t,
			    u32 n, const struct its_baser_state *bs)
{
	u64 val = readq_relaxed(its->base + GITS_BASER + n * sizeof(u64));
	static const u32 psz_of[] = { SZ_4K, SZ_16K, SZ_64K };
	u64 alloc, ids;

	if (!(val & GITS_BASER_VALID)) {
		/* Nothing to take; the host must not claim otherwise. */
		return (bs->val & GITS_BASER_VALID) ? -EINVAL : 0;
	}
	if (FIELD_GET(GITS_BASER_PAGE_SIZE, val) >= ARRAY_SIZE(psz_of))
		return -EINVAL;
	t->val = val;
	t->psz = psz_of[FIELD_GET(GITS_BASER_PAGE_SIZE, val)];
	t->esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, val) + 1;
	t->type = FIELD_GET(GITS_BASER_TYPE, val);
	t->indirect = val & GITS_BASER_INDIRECT;
	t->flush = its_attrs_need_flush(val);
	t->bytes = (FIELD_GET(GITS_BASER_SIZE, val) + 1) * t->psz;
	if (t->psz == SZ_64K)
		t->pa = (val & GITS_BASER_ADDRESS_64K) |
			(FIELD_GET(GITS_BASER_ADDRESS_64K_HI, val) << 48);
	else
		t->pa = val & GITS_BASER_ADDRESS_4K;
	t->nr_pages = DIV_ROUND_UP(t->bytes, PAGE_SIZE);

	/* The host's description must be the hardware's, field by field. */
	if ((bs->val ^ val) & (GITS_BASER_VALID | GITS_BASER_INDIRECT |
			       GITS_BASER_PAGE_SIZE | GITS_BASER_SIZE |
			       GITS_BASER_ADDRESS_4K) ||
	    bs->psz != t->psz || its_host_pa(bs->base) != t->pa ||
	    !IS_ALIGNED(t->pa, max_t(u64, t->psz, PAGE_SIZE)) ||
	    bs->order >= 64 - PAGE_SHIFT)
		return -EINVAL;
	/* The allocation is the smallest power of two pages holding the table. */
	alloc = PAGE_SIZE << bs->order;
	if (alloc < t->bytes || (bs->order && (alloc >> 1) >= t->bytes))
		return -EINVAL;
	if (t->indirect) {
		if (!bs->base_snapshot)
			return -EINVAL;
		t->host_l1_pa = its_host_pa(bs->base_snapshot);
		if (!PAGE_ALIGNED(t->host_l1_pa))
			return -EINVAL;
		ids = its_l1_entries(t) * its_ids_per_l2(t);
	} else {
		ids = t->bytes / t->esz;
	}
	t->nr_ids = min(ids, its_type_max_ids(its, t->type));
	return 0;
}

/* Give back the L2 pages named by real L1 entries [0, @nr), newest first. */
static void its_put_l2s(struct its_table *t, u64 nr)
{
	u64 ent;

	while (nr--) {
		ent = t->l1[nr];
		if (ent & GITS_LVL1_ENTRY_VALID)
			its_l2_give_back(t, ent);
	}
}

/*
 * Set up one table: donate it; for a two-level table borrow the host's L1
 * copy and donate every L2 page the *real* L1 names. Every table is taken,
 * Collection tables included: the ITS walks and writes them like any other,
 * so whatever it can reach must be the hyp's.
 */
static int its_take_table(struct its_batch *its, u32 n,
			  const struct its_baser_state *bs)
{
	struct its_table *t = &its->tables[n];
	u64 i, ent;
	int ret;

	ret = its_decode_table(its, t, n, bs);
	if (ret || !(t->val & GITS_BASER_VALID))
		return ret;

	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(t->pa), t->nr_pages);
	if (ret)
		return ret;
	t->l1 = __hyp_va(t->pa);
	if (!t->indirect)
		goto out_taken;

	ret = its_borrow(t->host_l1_pa, t->nr_pages);
	if (ret)
		goto err_give_back_table;
	t->host_l1 = __hyp_va(t->host_l1_pa);
	/*
	 * The real L1 is the hyp's now: the host cannot change what we read.
	 * Clean and invalidate it first, so that the hyp reads what a
	 * non-snooping ITS would, not lines left over from before.
	 */
	kvm_flush_dcache_to_poc(t->l1, t->bytes);
	for (i = 0; i < its_l1_entries(t); i++) {
		ent = t->l1[i];
		if (!(ent & GITS_LVL1_ENTRY_VALID))
			continue;
		ret = -EINVAL;
		if (!its_l1_canonical(t, ent))
			goto err_put_l2s;
		ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(ent & ITS_L1_ADDR),
					     its_l2_pages(t));
		if (ret)
			goto err_put_l2s;
	}
out_taken:
	t->taken = true;
	return 0;

err_put_l2s:
	its_put_l2s(t, i);
	its_unborrow(t->host_l1_pa, t->nr_pages);
err_give_back_table:
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(t->pa), t->nr_pages));
	memset(t, 0, sizeof(*t));
	return ret;
}

/* Tear down one table: L2 pages (read from the real L1), L1 copy, table. */
static void its_put_table(struct its_batch *its, u32 n)
{
	struct its_table *t = &its->tables[n];

	if (!t->taken)
		return;
	if (t->indirect) {
		its_put_l2s(t, its_l1_entries(t));
		its_unborrow(t->host_l1_pa, t->nr_pages);
	}
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(t->pa), t->nr_pages));
	memset(t, 0, sizeof(*t));
}

/*
 * P7: the ITS starts from empty tables the hyp wrote, and a non-snooping
 * ITS sees them (and the L1s the hyp checked) at the point of coherency.
 */
static void its_wipe_tables(struct its_batch *its)
{
	struct its_table *t;
	u64 i, ent;
	int n;

	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		t = &its->tables[n];
		if (!t->taken)
			continue;
		if (!t->indirect) {
			memset(t->l1, 0, t->bytes);
		} else {
			for (i = 0; i < its_l1_entries(t); i++) {
				ent = t->l1[i];
				if (ent & GITS_LVL1_ENTRY_VALID)
					memset(__hyp_va(ent & ITS_L1_ADDR), 0, t->psz);
			}
		}
		/* The ITS must see at PoC the wipe and the L1 the hyp checked. */
		its_clean_table(t);
	}
	dsb(ishst);
}

/*
 * Copy the host's state page once. It stays borrowed until setup ends, so
 * that a queue, table or copy the host places in the same page fails to
 * be taken: setup inputs must not overlap (SPEC 2.2).
 */
static int its_copy_host_state(void *host_state, struct its_host_state *hs)
{
	phys_addr_t pa = its_host_pa(host_state);
	int ret;

	ret = its_borrow(pa, 1);
	if (ret)
		return ret;
	memcpy(hs, __hyp_va(pa), sizeof(*hs));
	return 0;
}

int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
			   u64 priv_num_pages)
{
	struct pkvm_protected_reg *region;
	struct its_host_state hs;
	struct its_batch *its;
	hyp_spinlock_t *lock;
	phys_addr_t priv_pa;
	u64 creadr, cwriter;
	int ret;
	u32 i;

	if (!PAGE_ALIGNED(host_state) || !PAGE_ALIGNED(priv) ||
	    priv_num_pages < DIV_ROUND_UP(sizeof(*its), PAGE_SIZE))
		return -EINVAL;

	hyp_spin_lock(&its_setup_lock);
	region = its_find_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto err_unlock_setup;
	}
	lock = its_lock_of(region);
	hyp_spin_lock(lock);
	if (region->priv) {
		ret = -EBUSY;
		goto err_unlock;
	}

	ret = its_copy_host_state(host_state, &hs);
	if (ret)
		goto err_unlock;

	priv_pa = its_host_pa(priv);
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(priv_pa), priv_num_pages);
	if (ret)
		goto err_give_back_state;
	its = __hyp_va(priv_pa);
	memset(its, 0, sizeof(*its));
	its->priv_pa = priv_pa;
	its->priv_pages = priv_num_pages;
	its->base = __hyp_va(dev_addr);
	its->typer = readq_relaxed(its->base + GITS_TYPER);

	ret = its_take_queue(its, &hs);
	if (ret)
		goto err_give_back_priv;

	for (i = 0; i < GITS_BASER_NR_REGS; i++) {
		ret = its_take_table(its, i, &hs.tables[i]);
		if (ret)
			goto err_put_tables;
	}

	/* Commands the host queued before setup were never vetted. */
	creadr = readq_relaxed(its->base + GITS_CREADR);
	cwriter = readq_relaxed(its->base + GITS_CWRITER);
	if ((creadr & GITS_CREADR_STALLED) ||
	    (creadr & GITS_CMDQ_OFFSET) != (cwriter & GITS_CMDQ_OFFSET) ||
	    (creadr & GITS_CMDQ_OFFSET) >= its->cmdq_len) {
		ret = -EBUSY;
		goto err_put_tables;
	}
	its->rd_off = creadr & GITS_CMDQ_OFFSET;
	its->wr_off = its->rd_off;
	its->hw_wr = its->rd_off;
	its->cwriter = cwriter;

	its_wipe_tables(its);
	its_unborrow(its_host_pa(host_state), 1);
	smp_store_release(&region->priv, its);
	hyp_spin_unlock(lock);
	hyp_spin_unlock(&its_setup_lock);
	return 0;

err_put_tables:
	while (i--)
		its_put_table(its, i);
	its_put_queue(its);
err_give_back_priv:
	memset(its, 0, sizeof(*its));
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(priv_pa), priv_num_pages));
err_give_back_state:
	its_unborrow(its_host_pa(host_state), 1);
err_unlock:
	hyp_spin_unlock(lock);
err_unlock_setup:
	hyp_spin_unlock(&its_setup_lock);
	return ret;
}

/* --------------------------------------------------------------- teardown */

/* Disable the ITS and wait until it walks nothing any more. */
static int its_quiesce(struct its_batch *its)
{
	u32 ctlr = readl_relaxed(its->base + GITS_CTLR);
	int i;

	writel_relaxed(ctlr & ~GITS_CTLR_ENABLE, its->base + GITS_CTLR);
	for (i = 0; i < ITS_POLL_MAX; i++) {
		ctlr = readl_relaxed(its->base + GITS_CTLR);
		if (!(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT))
			return 0;
	}
	return -EBUSY;
}

int pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	struct pkvm_protected_reg *region;
	struct its_batch *its;
	hyp_spinlock_t *lock;
	phys_addr_t priv_pa;
	u64 priv_pages;
	int ret = 0;
	u32 i;

	hyp_spin_lock(&its_setup_lock);
	region = its_find_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto out_unlock_setup;
	}
	lock = its_lock_of(region);
	hyp_spin_lock(lock);
	its = region->priv;
	if (!its) {
		ret = -ENOENT;
		goto out_unlock;
	}
	ret = its_quiesce(its);
	if (ret)
		goto out_unlock;

	/* Quiescent: account for what ran; the rest never will. */
	its_sync(its);
	its->retired += its_distance(its, its->rd_off, its->hw_wr);
	its->rd_off = its->hw_wr;
	its_complete(its);
	smp_store_release(&region->priv, NULL);

	i = ITS_NR_RECS;
	while (i--) {
		if (its->recs[i].state != ITS_REC_FREE)
			its_itt_put(its, &its->recs[i]);
	}
	i = GITS_BASER_NR_REGS;
	while (i--)
		its_put_table(its, i);
	its_put_queue(its);

	priv_pa = its->priv_pa;
	priv_pages = its->priv_pages;
	memset(its, 0, sizeof(*its));
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(priv_pa), priv_pages));
out_unlock:
	hyp_spin_unlock(lock);
out_unlock_setup:
	hyp_spin_unlock(&its_setup_lock);
	return ret;
}
