// SPDX-License-Identifier: GPL-2.0-only
/*
 * sync_its: a GICv3 ITS mediator for pKVM with a synchronous doorbell.
 *
 * Shape. A host write of GITS_CWRITER vets and copies each new command into
 * the real queue, rings the hardware once and then waits, with a bounded
 * poll of GITS_CREADR, until the ITS has consumed everything it was given.
 * Only then are the pages the batch retired (old ITTs, dropped L2 pages)
 * given back. If the bound runs out or the ITS reports Stalled, the ITS is
 * WEDGED: no further command is forwarded until a CWRITER write's re-ring
 * of what the device already holds sees it run all of it, the host
 * disables the ITS and Quiescent is seen, or resets the queue through
 * GITS_CBASER.
 * What was handed to the device stays held while the device may run it.
 *
 * State (enum its_sync_state): UNINIT (no private state published: every
 * access is forwarded), READY (set up, ITS disabled: CWRITER writes are
 * recorded and run at the enable), ENABLED, WEDGED, TORN_DOWN (set while
 * teardown takes the state down; never seen by a handler, since the
 * pointer is cleared first).
 *
 * Lock discipline. There is exactly one lock, its_sync_lock, a hyp global
 * (never in host-donated memory, so that a CPU waiting for it can never
 * wait on a page that teardown gives back). It is taken by setup, by
 * teardown and by every trapped access, including the accesses forwarded
 * before setup (so a host write on another CPU cannot land between setup's
 * own register accesses). Everything in struct its_sync is read and
 * written only under it; region->priv is additionally published with
 * release and read with acquire. The lock is held across the bounded
 * CREADR poll: the other CPU's trap waits for the doorbell to finish. No
 * ownership call is made without it, and it is released on every path
 * before control returns to the host.
 *
 * Ownership. Setup donates the private pages, the real command queue, every
 * table a valid GITS_BASER<n> names (Device, Collection and vPE alike: the
 * ITS writes all of them), and every L2 page the real L1 of an indirect
 * table names within the IDs the ITS can reach; it shares and pins the
 * host's queue copy and each host L1 copy. The host state page is only
 * borrowed (shared, pinned, copied once, released) during setup. ITT pages
 * are shared and pinned once per page and reference counted across
 * devices. L2 pages for L1 entries that become valid later are taken when
 * a MAPD/MAPC for that entry is vetted, and the real L1 entry is written
 * by the hyp.
 *
 * Cache maintenance: every hyp store the ITS may read (queue slots, L1
 * entries, zeroed tables and L2 pages) is cleaned to PoC whatever the
 * attributes say, then a dsb precedes the doorbell; the attributes the
 * host programs can change under us and are never trusted for this.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/bits.h>
#include <linux/bitfield.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/stddef.h>
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

#define ITS_FRAME_SIZE		SZ_64K
#define ITS_POLL_MAX		256
#define ITS_JOURNAL_MAX		64
#define ITS_L1_SEEN_MAX		256
#define ITS_TRACK_MAX		65536ULL
#define ITS_PRIV_MAX_PAGES	65536ULL
#define ITS_MIN_TRACKED		16
#define ITS_L1_ADDR		GENMASK_ULL(47, 0)
#define ITS_CMD_ITT_ADDR	GENMASK_ULL(51, 8)
#define ITS_CMD_V		BIT_ULL(63)

enum its_sync_state {
	ITS_UNINIT,
	ITS_READY,
	ITS_ENABLED,
	ITS_WEDGED,
	ITS_TORN_DOWN,
};

struct its_table {
	u64 val;		/* GITS_BASER<n> as setup found it */
	u64 *l1;		/* the real table (an L1 when indirect) */
	u64 *l1_copy;		/* the host's L1 copy, shared and pinned */
	phys_addr_t pa;
	u64 bytes;		/* (Size + 1) * psz */
	u64 psz;
	u64 esz;
	u64 per_l2;		/* entries per L2 page */
	u64 reach;		/* IDs the ITS can reach through this table */
	u64 nr_l1;		/* L1 entries those IDs index */
	u8 type;
	bool taken;
	bool indirect;
};

/* One ITT page: shared and pinned once, whatever the number of users. */
struct its_itt_page {
	u64 pfn;
	u64 refs;
};

/* A device as it will be once the ITS has run every vetted command. */
struct its_dev {
	phys_addr_t itt;
	u64 bytes;
	u32 devid;
};

enum its_jrec_kind {
	ITS_JREC_ITT,		/* a MAPD changed a device's ITT */
	ITS_JREC_L2,		/* an L1 entry was cleared: its L2 page goes back */
};

/* What a command handed to the device, and not yet seen run, changed. */
struct its_jrec {
	phys_addr_t old_itt;	/* ITT: the mapping the MAPD replaced */
	u64 old_bytes;
	phys_addr_t l2_pa;	/* L2: the page the cleared entry named */
	u64 l2_psz;
	u32 kind;
	u32 slot;		/* queue offset of the command */
	u32 devid;
	bool had_old;
};

/* A host L1 copy entry read in this trap: never read twice in one entry. */
struct its_l1_seen {
	u64 idx;
	u64 val;
	u32 table;
};

struct its_sync {
	enum its_sync_state state;
	void __iomem *base;
	struct its_host_state hs;	/* the host's state, copied once */
	u64 typer;

	/* Command queue. */
	void *cmd_real;
	void *cmd_copy;
	phys_addr_t cmd_pa;
	u64 cmdq_len;
	u64 cmd_offset;		/* what the hardware CWRITER was last given */
	u64 conf;		/* up to here the ITS is known to have run */
	u64 target;		/* the host's last accepted CWRITER offset */
	u64 retry;
	u8 cmd[ITS_CMD_SIZE];

	struct its_table tables[GITS_BASER_NR_REGS];

	struct its_jrec journal[ITS_JOURNAL_MAX];
	u32 jnr;
	struct its_l1_seen l1_seen[ITS_L1_SEEN_MAX];
	u32 l1_seen_nr;

	struct its_itt_page *itt;
	u64 itt_nr;
	u64 itt_cap;
	struct its_dev *devs;
	u64 dev_nr;
	u64 dev_cap;

	void *priv;
	u64 priv_pages;
	u64 priv_used;
};

static DEFINE_HYP_SPINLOCK(its_sync_lock);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static void its_clean(void *va, u64 size)
{
	kvm_flush_dcache_to_poc(va, size);
}

static void __iomem *its_reg(struct its_sync *its, u64 offset)
{
	return (u8 __iomem *)its->base + offset;
}

static struct pkvm_protected_reg *its_find_region(phys_addr_t dev_addr)
{
	unsigned int i;

	for (i = 0; i < pkvm_nr_protected_regs && i < PKVM_PROTECTED_REGS_NUM; i++) {
		if (hyp_pfn_to_phys(pkvm_protected_regs[i].pfn) == dev_addr)
			return &pkvm_protected_regs[i];
	}
	return NULL;
}

static u64 its_dist(struct its_sync *its, u64 from, u64 to)
{
	return (to + its->cmdq_len - from) % its->cmdq_len;
}

/* Share and pin @nr host pages at the hyp VA @va; all or nothing. */
static int its_share_pin(void *va, u64 nr)
{
	u64 pfn = hyp_virt_to_pfn(va);
	int ret;
	u64 i;

	for (i = 0; i < nr; i++) {
		ret = __pkvm_host_share_hyp(pfn + i);
		if (ret)
			goto err_unshare;
	}
	ret = hyp_pin_shared_mem(va, (u8 *)va + nr * PAGE_SIZE);
	if (ret)
		goto err_unshare;
	return 0;

err_unshare:
	/* The host may have unshared a page itself meanwhile: not ours to warn. */
	while (i--)
		__pkvm_host_unshare_hyp(pfn + i);
	return ret;
}

static void its_unpin_unshare(void *va, u64 nr)
{
	u64 pfn = hyp_virt_to_pfn(va);
	u64 i;

	hyp_unpin_shared_mem(va, (u8 *)va + nr * PAGE_SIZE);
	for (i = 0; i < nr; i++)
		__pkvm_host_unshare_hyp(pfn + i);
}

/* ------------------------------------------------------------------ */
/* ITT pages: (pfn, refcount)                                          */
/* ------------------------------------------------------------------ */

static struct its_itt_page *its_itt_find(struct its_sync *its, u64 pfn)
{
	u64 i;

	for (i = 0; i < its->itt_nr; i++) {
		if (its->itt[i].pfn == pfn)
			return &its->itt[i];
	}
	return NULL;
}

static int its_itt_get(struct its_sync *its, u64 pfn)
{
	struct its_itt_page *p = its_itt_find(its, pfn);
	void *va;
	int ret;

	if (p) {
		p->refs++;
		return 0;
	}
	if (its->itt_nr >= its->itt_cap)
		return -ENOSPC;

	ret = __pkvm_host_share_hyp(pfn);
	if (ret)
		return ret;
	va = __hyp_va(hyp_pfn_to_phys(pfn));
	ret = hyp_pin_shared_mem(va, (u8 *)va + PAGE_SIZE);
	if (ret) {
		/* The host's other CPU may have unshared it already. */
		__pkvm_host_unshare_hyp(pfn);
		return ret;
	}
	p = &its->itt[its->itt_nr++];
	p->pfn = pfn;
	p->refs = 1;
	return 0;
}

static void its_itt_drop(struct its_sync *its, struct its_itt_page *p)
{
	void *va = __hyp_va(hyp_pfn_to_phys(p->pfn));

	hyp_unpin_shared_mem(va, (u8 *)va + PAGE_SIZE);
	/* -EBUSY: another hyp user pinned it too; it stays shared for it. */
	__pkvm_host_unshare_hyp(p->pfn);
	*p = its->itt[--its->itt_nr];
}

static void its_itt_put(struct its_sync *its, u64 pfn)
{
	struct its_itt_page *p = its_itt_find(its, pfn);

	if (WARN_ON(!p || !p->refs))
		return;
	if (--p->refs)
		return;
	its_itt_drop(its, p);
}

static void its_itt_range(phys_addr_t itt, u64 bytes, u64 *first, u64 *nr)
{
	*first = hyp_phys_to_pfn(itt);
	*nr = hyp_phys_to_pfn(itt + bytes - 1) - *first + 1;
}

/* Take one reference on every page of [itt, itt + bytes): all or nothing. */
static int its_itt_ref(struct its_sync *its, phys_addr_t itt, u64 bytes)
{
	u64 first;
	int ret;
	u64 nr;
	u64 i;

	its_itt_range(itt, bytes, &first, &nr);
	if (nr > its->itt_cap)
		return -ENOSPC;
	for (i = 0; i < nr; i++) {
		ret = its_itt_get(its, first + i);
		if (ret)
			goto err_put;
	}
	return 0;

err_put:
	while (i--)
		its_itt_put(its, first + i);
	return ret;
}

static void its_itt_unref(struct its_sync *its, phys_addr_t itt, u64 bytes)
{
	u64 first;
	u64 nr;
	u64 i;

	its_itt_range(itt, bytes, &first, &nr);
	for (i = 0; i < nr; i++)
		its_itt_put(its, first + i);
}

/* ------------------------------------------------------------------ */
/* Devices                                                             */
/* ------------------------------------------------------------------ */

static struct its_dev *its_dev_find(struct its_sync *its, u32 devid)
{
	u64 i;

	for (i = 0; i < its->dev_nr; i++) {
		if (its->devs[i].devid == devid)
			return &its->devs[i];
	}
	return NULL;
}

static void its_dev_remove(struct its_sync *its, struct its_dev *d)
{
	*d = its->devs[--its->dev_nr];
}

/* Set @devid to map @itt (bytes 0: unmapped). Room was checked before. */
static void its_dev_set(struct its_sync *its, u32 devid, phys_addr_t itt,
			u64 bytes)
{
	struct its_dev *d = its_dev_find(its, devid);

	if (!bytes) {
		if (d)
			its_dev_remove(its, d);
		return;
	}
	if (!d) {
		if (WARN_ON(its->dev_nr >= its->dev_cap))
			return;
		d = &its->devs[its->dev_nr++];
		d->devid = devid;
	}
	d->itt = itt;
	d->bytes = bytes;
}

/* ------------------------------------------------------------------ */
/* Tables: set up one / tear down one                                  */
/* ------------------------------------------------------------------ */

static u64 its_baser_psz(u64 val)
{
	switch (FIELD_GET(GITS_BASER_PAGE_SIZE, val)) {
	case GITS_BASER_PAGE_SIZE_4K:
		return SZ_4K;
	case GITS_BASER_PAGE_SIZE_16K:
		return SZ_16K;
	default:
		return SZ_64K;
	}
}

static phys_addr_t its_baser_pa(u64 val, u64 psz)
{
	if (psz == SZ_64K)
		return (val & GITS_BASER_ADDRESS_64K) |
		       (FIELD_GET(GITS_BASER_ADDRESS_64K_HI, val) << 48);
	return val & GITS_BASER_ADDRESS_4K;
}

/* IDs the ITS can name for a table of this type (TYPER's ID widths). */
static u64 its_type_ids(struct its_sync *its, u8 type)
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

static u64 its_l2_pages(struct its_table *t)
{
	return DIV_ROUND_UP(t->psz, PAGE_SIZE);
}

/*
 * Take the L2 page an L1 entry names and write the entry, sanitised, into
 * the real L1. The page is zeroed: the host wrote it, and the ITS would
 * take its bytes for table entries.
 */
static int its_l2_take(struct its_table *t, u64 idx, u64 entry)
{
	phys_addr_t pa = entry & ITS_L1_ADDR;
	void *va;
	int ret;

	if (entry & ~(GITS_LVL1_ENTRY_VALID | ITS_L1_ADDR))
		return -EINVAL;
	if (!IS_ALIGNED(pa, t->psz))
		return -EINVAL;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), its_l2_pages(t));
	if (ret)
		return ret;
	va = __hyp_va(pa);
	memset(va, 0, t->psz);
	its_clean(va, t->psz);
	WRITE_ONCE(t->l1[idx], pa | GITS_LVL1_ENTRY_VALID);
	its_clean(&t->l1[idx], sizeof(*t->l1));
	return 0;
}

static void its_l2_give_back(phys_addr_t pa, u64 psz)
{
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(pa),
				       DIV_ROUND_UP(psz, PAGE_SIZE)));
}

/* Give back the L2 page a real L1 entry (ours) names. */
static void its_l2_release(struct its_table *t, u64 idx)
{
	u64 entry = READ_ONCE(t->l1[idx]);

	if (entry & GITS_LVL1_ENTRY_VALID)
		its_l2_give_back(entry & ITS_L1_ADDR, t->psz);
}

/*
 * Set up one table. Every valid BASER is taken, whatever its Type:
 * Collection tables too, and their L2 pages, because the ITS writes
 * collection entries there by DMA (MAPC) and reads them back, so a
 * Collection table left in host memory would let the host feed the ITS
 * entries the hyp never vetted and receive its writes; the cost is a few
 * pages. The vPE table is taken the same way although no GICv4 command is
 * ever forwarded: its contents are zeroed, so the ITS finds no vPE.
 */
static int its_table_take(struct its_sync *its, int n)
{
	struct its_baser_state *hb = &its->hs.tables[n];
	struct its_table *t = &its->tables[n];
	void *copy = NULL;
	u64 nr_pages;
	int ret;
	u64 val;
	u64 i;

	memset(t, 0, sizeof(*t));
	val = readq_relaxed(its_reg(its, GITS_BASER + n * sizeof(u64)));
	if (!(val & GITS_BASER_VALID))
		return 0;

	t->val = val;
	t->psz = its_baser_psz(val);
	t->pa = its_baser_pa(val, t->psz);
	t->bytes = (FIELD_GET(GITS_BASER_SIZE, val) + 1) * t->psz;
	t->esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, val) + 1;
	t->type = FIELD_GET(GITS_BASER_TYPE, val);
	t->indirect = val & GITS_BASER_INDIRECT;
	t->per_l2 = t->psz / t->esz;

	/* The host's description must be the table the hardware walks. */
	if (__hyp_pa(kern_hyp_va(hb->base)) != t->pa || hb->psz != t->psz)
		return -EINVAL;
	if (hb->order >= 32 || (PAGE_SIZE << hb->order) < t->bytes)
		return -EINVAL;
	if (!PAGE_ALIGNED(t->pa))
		return -EINVAL;
	nr_pages = DIV_ROUND_UP(t->bytes, PAGE_SIZE);

	if (t->indirect) {
		t->reach = min(t->bytes / GITS_LVL1_ENTRY_SIZE * t->per_l2,
			       its_type_ids(its, t->type));
		t->nr_l1 = DIV_ROUND_UP(t->reach, t->per_l2);
		copy = kern_hyp_va(hb->base_snapshot);
		if (!PAGE_ALIGNED(__hyp_pa(copy)))
			return -EINVAL;
		ret = its_share_pin(copy, nr_pages);
		if (ret)
			return ret;
		t->l1_copy = copy;
	} else {
		t->reach = min(t->bytes / t->esz, its_type_ids(its, t->type));
	}

	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(t->pa), nr_pages);
	if (ret)
		goto err_unpin_copy;
	t->l1 = __hyp_va(t->pa);

	if (t->indirect) {
		/* The host wrote the L1 through its cache, or the ITS at PoC. */
		dcache_clean_inval_poc((unsigned long)t->l1,
				       (unsigned long)t->l1 + t->bytes);
		for (i = 0; i < t->nr_l1; i++) {
			u64 entry = READ_ONCE(t->l1[i]);

			if (!(entry & GITS_LVL1_ENTRY_VALID))
				continue;
			ret = its_l2_take(t, i, entry);
			if (ret)
				goto err_release_l2;
		}
	} else {
		/* Entries the host left would name memory we never vetted. */
		memset(t->l1, 0, t->bytes);
		its_clean(t->l1, t->bytes);
	}
	dsb(sy);
	t->taken = true;
	return 0;

err_release_l2:
	while (i--)
		its_l2_release(t, i);
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(t->pa), nr_pages));
err_unpin_copy:
	if (copy)
		its_unpin_unshare(copy, nr_pages);
	t->l1_copy = NULL;
	t->l1 = NULL;
	return ret;
}

static void its_table_release(struct its_sync *its, int n)
{
	struct its_table *t = &its->tables[n];
	u64 nr_pages;
	u64 i;

	if (!t->taken)
		return;
	nr_pages = DIV_ROUND_UP(t->bytes, PAGE_SIZE);
	/* Read the L1 and return its L2 pages while the L1 is still ours. */
	if (t->indirect) {
		for (i = 0; i < t->nr_l1; i++)
			its_l2_release(t, i);
		its_unpin_unshare(t->l1_copy, nr_pages);
	}
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(t->pa), nr_pages));
	t->taken = false;
}

static struct its_table *its_table_of(struct its_sync *its, u8 type)
{
	int n;

	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		if (its->tables[n].taken && its->tables[n].type == type)
			return &its->tables[n];
	}
	return NULL;
}

/* Whether the real Device table still leads the ITS to @devid's entry. */
static bool its_dev_reachable(struct its_sync *its, u32 devid)
{
	struct its_table *t = its_table_of(its, GITS_BASER_TYPE_DEVICE);

	if (!t)
		return false;
	if (!t->indirect)
		return true;
	return READ_ONCE(t->l1[devid / t->per_l2]) & GITS_LVL1_ENTRY_VALID;
}

/* ------------------------------------------------------------------ */
/* Journal: what the commands handed to the device changed             */
/* ------------------------------------------------------------------ */

static struct its_jrec *its_jrec_new(struct its_sync *its, u32 kind, u64 slot)
{
	struct its_jrec *r = &its->journal[its->jnr++];

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->slot = slot;
	return r;
}

/* The device ran the command: release what it retired. */
static void its_jrec_commit(struct its_sync *its, struct its_jrec *r)
{
	switch (r->kind) {
	case ITS_JREC_ITT:
		if (r->had_old)
			its_itt_unref(its, r->old_itt, r->old_bytes);
		break;
	case ITS_JREC_L2:
		its_l2_give_back(r->l2_pa, r->l2_psz);
		break;
	}
}

/* The device will never run the command: undo what it took. */
static void its_jrec_undo(struct its_sync *its, struct its_jrec *r)
{
	struct its_dev *d;

	switch (r->kind) {
	case ITS_JREC_ITT:
		d = its_dev_find(its, r->devid);
		if (d)
			its_itt_unref(its, d->itt, d->bytes);
		if (r->had_old && !its_dev_reachable(its, r->devid)) {
			/* A later, unrun command dropped its L1 entry: unreachable. */
			its_itt_unref(its, r->old_itt, r->old_bytes);
			its_dev_set(its, r->devid, 0, 0);
			break;
		}
		its_dev_set(its, r->devid, r->old_itt,
			    r->had_old ? r->old_bytes : 0);
		break;
	case ITS_JREC_L2:
		/* The real L1 no longer names it and the ITS is quiescent. */
		its_l2_give_back(r->l2_pa, r->l2_psz);
		break;
	}
}

/* Everything handed to the device ran: commit the journal. */
static void its_confirm(struct its_sync *its)
{
	u32 i;

	for (i = 0; i < its->jnr; i++)
		its_jrec_commit(its, &its->journal[i]);
	its->jnr = 0;
	its->conf = its->cmd_offset;
}

/*
 * The queue is being reset (disabled, quiescent ITS): the device ran the
 * commands before @stop and will never run the rest. Undo the unrun ones,
 * last first, then commit the ones that ran.
 */
static void its_discard(struct its_sync *its, u64 stop)
{
	u64 ran = its_dist(its, its->conf, stop);
	u32 i = its->jnr;

	if (ran > its_dist(its, its->conf, its->cmd_offset))
		ran = 0;
	while (i--) {
		if (its_dist(its, its->conf, its->journal[i].slot) >= ran)
			its_jrec_undo(its, &its->journal[i]);
	}
	for (i = 0; i < its->jnr; i++) {
		if (its_dist(its, its->conf, its->journal[i].slot) < ran)
			its_jrec_commit(its, &its->journal[i]);
	}
	its->jnr = 0;
}

/* ------------------------------------------------------------------ */
/* Command filter                                                      */
/* ------------------------------------------------------------------ */

/* The host's L1 copy entry, read at most once per trap. */
static int its_l1_copy_read(struct its_sync *its, struct its_table *t,
			    u64 idx, u64 *val)
{
	u32 table = t - its->tables;
	struct its_l1_seen *s;
	u32 i;

	for (i = 0; i < its->l1_seen_nr; i++) {
		s = &its->l1_seen[i];
		if (s->table == table && s->idx == idx) {
			*val = s->val;
			return 0;
		}
	}
	if (its->l1_seen_nr >= ITS_L1_SEEN_MAX)
		return -ENOSPC;
	s = &its->l1_seen[its->l1_seen_nr++];
	s->table = table;
	s->idx = idx;
	s->val = READ_ONCE(t->l1_copy[idx]);
	*val = s->val;
	return 0;
}

enum its_l1_act {
	ITS_L1_KEEP,		/* copy and real agree on Valid */
	ITS_L1_TAKE,		/* newly valid: take the L2 page, write the entry */
	ITS_L1_DROP,		/* newly invalid: clear the entry, page back later */
};

/* What a command's L1 entry asks for, decided before anything changes. */
struct its_l1_plan {
	enum its_l1_act act;
	u64 idx;
	u64 copy;
	u64 real;
	bool valid;		/* the entry is valid once the plan is applied */
};

/*
 * Compare the host's copy of the L1 entry for @id with the real one and
 * decide, without side effects, what bringing them in line takes: the
 * command is refused whole (nothing changed) if any of it cannot be done.
 */
static int its_l1_plan(struct its_sync *its, struct its_table *t, u64 id,
		       struct its_l1_plan *plan)
{
	u64 i;
	int ret;

	memset(plan, 0, sizeof(*plan));
	plan->valid = true;
	if (!t->indirect)
		return 0;

	plan->idx = id / t->per_l2;
	if (plan->idx >= t->nr_l1)
		return -EINVAL;
	ret = its_l1_copy_read(its, t, plan->idx, &plan->copy);
	if (ret)
		return ret;
	plan->real = READ_ONCE(t->l1[plan->idx]);
	plan->valid = plan->real & GITS_LVL1_ENTRY_VALID;
	if (!(plan->copy & GITS_LVL1_ENTRY_VALID) == !plan->valid)
		return 0;

	if (plan->copy & GITS_LVL1_ENTRY_VALID) {
		if ((plan->copy & ~(GITS_LVL1_ENTRY_VALID | ITS_L1_ADDR)) ||
		    !IS_ALIGNED(plan->copy & ITS_L1_ADDR, t->psz))
			return -EINVAL;
		plan->act = ITS_L1_TAKE;
		plan->valid = true;
		return 0;
	}

	/* Never strand a device's ITT behind an entry the ITS cannot walk. */
	if (t->type == GITS_BASER_TYPE_DEVICE) {
		for (i = 0; i < its->dev_nr; i++) {
			if (its->devs[i].devid / t->per_l2 == plan->idx)
				return -EBUSY;
		}
	}
	plan->act = ITS_L1_DROP;
	plan->valid = false;
	return 0;
}

/*
 * Apply a plan: a newly valid entry gets its L2 page taken now (the only
 * step that can fail, and the last one of a command); a newly invalid one
 * is cleared now and its page given back once the device has run the
 * batch (the journal record).
 */
static int its_l1_apply(struct its_sync *its, struct its_table *t,
			struct its_l1_plan *plan, u64 slot)
{
	struct its_jrec *r;

	switch (plan->act) {
	case ITS_L1_TAKE:
		return its_l2_take(t, plan->idx, plan->copy);
	case ITS_L1_DROP:
		WRITE_ONCE(t->l1[plan->idx], 0);
		its_clean(&t->l1[plan->idx], sizeof(*t->l1));
		r = its_jrec_new(its, ITS_JREC_L2, slot);
		r->l2_pa = plan->real & ITS_L1_ADDR;
		r->l2_psz = t->psz;
		return 0;
	default:
		return 0;
	}
}

static int its_vet_mapd(struct its_sync *its, const u64 *dw, u64 slot)
{
	u64 ite_size = FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, its->typer) + 1;
	struct its_table *t = its_table_of(its, GITS_BASER_TYPE_DEVICE);
	u64 idbits = FIELD_GET(GITS_TYPER_IDBITS, its->typer);
	u64 size = FIELD_GET(GENMASK_ULL(4, 0), dw[1]);
	phys_addr_t itt = dw[2] & ITS_CMD_ITT_ADDR;
	bool v = dw[2] & ITS_CMD_V;
	u32 devid = dw[0] >> 32;
	struct its_l1_plan plan;
	struct its_jrec *r;
	struct its_dev *d;
	u64 bytes = 0;
	int ret;

	if (!t || size > idbits || devid >= t->reach)
		return -EINVAL;
	ret = its_l1_plan(its, t, devid, &plan);
	if (ret)
		return ret;
	d = its_dev_find(its, devid);
	if (!plan.valid) {
		/* The ITS skips it; no device can be tracked behind it. */
		if (v || WARN_ON(d))
			return -EINVAL;
		return its_l1_apply(its, t, &plan, slot);
	}
	if (v) {
		if (!d && its->dev_nr >= its->dev_cap)
			return -ENOSPC;
		bytes = BIT_ULL(size + 1) * ite_size;
		ret = its_itt_ref(its, itt, bytes);
		if (ret)
			return ret;
	}
	ret = its_l1_apply(its, t, &plan, slot);
	if (ret)
		goto err_unref;
	if (!d && !v)
		return 0;

	r = its_jrec_new(its, ITS_JREC_ITT, slot);
	r->devid = devid;
	if (d) {
		r->had_old = true;
		r->old_itt = d->itt;
		r->old_bytes = d->bytes;
	}
	its_dev_set(its, devid, itt, bytes);
	return 0;

err_unref:
	if (v)
		its_itt_unref(its, itt, bytes);
	return ret;
}

static int its_vet_mapc(struct its_sync *its, const u64 *dw, u64 slot)
{
	struct its_table *t = its_table_of(its, GITS_BASER_TYPE_COLLECTION);
	u64 icid = FIELD_GET(GENMASK_ULL(15, 0), dw[2]);
	struct its_l1_plan plan;
	int ret;

	/* No Collection table: the ITS skips it, and it holds nothing. */
	if (!t)
		return 0;
	if (icid >= t->reach)
		return -EINVAL;
	ret = its_l1_plan(its, t, icid, &plan);
	if (ret)
		return ret;
	return its_l1_apply(its, t, &plan, slot);
}

static int its_vet(struct its_sync *its, const u64 *dw, u64 slot)
{
	switch (FIELD_GET(GENMASK_ULL(7, 0), dw[0])) {
	case GITS_CMD_MAPD:
		return its_vet_mapd(its, dw, slot);
	case GITS_CMD_MAPC:
		return its_vet_mapc(its, dw, slot);
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
	default:
		/* GICv4 commands and opcodes the architecture does not define. */
		return -EPERM;
	}
}

/* ------------------------------------------------------------------ */
/* The doorbell                                                        */
/* ------------------------------------------------------------------ */

/* Bounded wait for the ITS to consume everything up to cmd_offset. */
static bool its_wait_idle(struct its_sync *its)
{
	u64 creadr;
	int i;

	for (i = 0; i < ITS_POLL_MAX; i++) {
		creadr = readq_relaxed(its_reg(its, GITS_CREADR));
		if (creadr & GITS_CREADR_STALLED)
			return false;
		if ((creadr & GITS_CMDQ_OFFSET) == its->cmd_offset)
			return true;
	}
	return false;
}

static void its_ring(struct its_sync *its)
{
	dsb(sy);
	writeq_relaxed(its->cmd_offset | its->retry, its_reg(its, GITS_CWRITER));
}

/* Ring again for what the device already holds; commit if it finished. */
static bool its_kick(struct its_sync *its)
{
	if (its->cmd_offset == its->conf && !its->jnr)
		return true;
	its_ring(its);
	if (!its_wait_idle(its))
		return false;
	its_confirm(its);
	return true;
}

/* Copy one slot from the host's queue once, vet it, write the real queue. */
static int its_take_slot(struct its_sync *its, u64 pos)
{
	u64 dw[4];
	int ret;

	memcpy(its->cmd, (u8 *)its->cmd_copy + pos, ITS_CMD_SIZE);
	memcpy(dw, its->cmd, sizeof(dw));
	ret = its_vet(its, dw, pos);
	if (ret)
		return ret;
	memcpy((u8 *)its->cmd_real + pos, its->cmd, ITS_CMD_SIZE);
	its_clean((u8 *)its->cmd_real + pos, ITS_CMD_SIZE);
	return 0;
}

/*
 * Vet, copy, ring, wait: the synchronous doorbell (state ENABLED).
 * Returns true if it stopped at a slot it refused, which it has then read.
 */
static bool its_run(struct its_sync *its)
{
	bool stop = false;
	u64 start;
	u64 pos;

	if (!its_kick(its)) {
		its->state = ITS_WEDGED;
		return false;
	}
	while (!stop && its->cmd_offset != its->target) {
		start = its->cmd_offset;
		pos = start;
		while (pos != its->target) {
			/* Room for what one command may record, before reading it. */
			if (its->jnr + 2 > ITS_JOURNAL_MAX ||
			    its->l1_seen_nr >= ITS_L1_SEEN_MAX)
				break;
			if (its_take_slot(its, pos)) {
				stop = true;
				break;
			}
			pos = (pos + ITS_CMD_SIZE) % its->cmdq_len;
		}
		if (pos == start) {
			/* Nothing handed: the ITS was idle, an L1 drop is final. */
			its_confirm(its);
			break;
		}
		its->cmd_offset = pos;
		its_ring(its);
		if (!its_wait_idle(its)) {
			its->state = ITS_WEDGED;
			return stop;
		}
		its_confirm(its);
	}
	return stop;
}

/* ------------------------------------------------------------------ */
/* Emulated registers                                                  */
/* ------------------------------------------------------------------ */

static bool its_quiescent(struct its_sync *its)
{
	u32 ctlr = readl_relaxed(its_reg(its, GITS_CTLR));

	return !(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT);
}

/* Follow the hardware's enable: a wedge ends once disabled and quiescent. */
static void its_follow_ctlr(struct its_sync *its, u32 ctlr)
{
	if (ctlr & GITS_CTLR_ENABLE) {
		if (its->state == ITS_READY)
			its->state = ITS_ENABLED;
		return;
	}
	if (its->state == ITS_ENABLED)
		its->state = ITS_READY;
	else if (its->state == ITS_WEDGED && (ctlr & GITS_CTLR_QUIESCENT))
		its->state = ITS_READY;
}

static void its_ctlr_write(struct its_sync *its, u32 val)
{
	u32 hw = readl_relaxed(its_reg(its, GITS_CTLR));
	enum its_sync_state was = its->state;
	bool refused = false;

	/* An ITS still draining from a disable may not be enabled again. */
	if ((val & GITS_CTLR_ENABLE) && !(hw & GITS_CTLR_ENABLE) &&
	    !(hw & GITS_CTLR_QUIESCENT))
		return;
	writel_relaxed(val, its_reg(its, GITS_CTLR));
	hw = readl_relaxed(its_reg(its, GITS_CTLR));
	its_follow_ctlr(its, hw);
	if (was == ITS_READY && its->state == ITS_ENABLED)
		refused = its_run(its);
	/*
	 * An enable restarts a hung ITS as a CWRITER write does: once it has
	 * run what it holds, the wedge is over and what the host published
	 * since runs, unless this entry already read and refused the next
	 * slot (each slot is read once per entry; the next CWRITER retries).
	 */
	if (its->state == ITS_WEDGED && (hw & GITS_CTLR_ENABLE) && its_kick(its)) {
		its->state = ITS_ENABLED;
		if (!refused)
			its_run(its);
	}
}

static void its_cwriter_write(struct its_sync *its, u64 val)
{
	u64 off = val & GITS_CMDQ_OFFSET;
	u64 rd;

	/* Bits [4:1] set or an offset past the queue: names no slot. */
	if ((val & GENMASK_ULL(4, 1)) || off >= its->cmdq_len)
		return;
	/*
	 * Read against where the device stands now, before any re-ring: an
	 * offset behind what the hyp already handed retracts (nothing new
	 * is published), it does not publish the whole ring around.
	 */
	rd = readq_relaxed(its_reg(its, GITS_CREADR)) & GITS_CMDQ_OFFSET;
	if (rd < its->cmdq_len &&
	    (off + its->cmdq_len - rd) % its->cmdq_len <
	    (its->cmd_offset + its->cmdq_len - rd) % its->cmdq_len)
		off = its->cmd_offset;
	its->target = off;
	its->retry = val & GITS_CWRITER_RETRY;

	switch (its->state) {
	case ITS_ENABLED:
		its_run(its);
		break;
	case ITS_WEDGED:
		/*
		 * Restart what the device holds; once it has run all of it,
		 * the wedge is over and what the host published since runs.
		 * (Waiting for a disable instead left an enabled, idle ITS
		 * without its SYNCs for good: Linux never disables to recover.)
		 */
		if (!its_kick(its))
			break;
		its->state = ITS_ENABLED;
		its_run(its);
		break;
	default:
		/* READY: run at the enable. */
		break;
	}
	its->retry = 0;
}

static u64 its_merge(u64 cur, u64 offset, u64 val, u8 size)
{
	if (size == 8)
		return val;
	if (offset & 4)
		return (cur & GENMASK_ULL(31, 0)) | (val << 32);
	return (cur & GENMASK_ULL(63, 32)) | (val & GENMASK_ULL(31, 0));
}

static void its_cbaser_write(struct its_sync *its, u64 offset, u64 val,
			     u8 size)
{
	u64 nr_4k = its->cmdq_len / SZ_4K;
	u64 stop;
	u64 cur;

	if (!its_quiescent(its))
		return;
	stop = readq_relaxed(its_reg(its, GITS_CREADR)) & GITS_CMDQ_OFFSET;
	cur = readq_relaxed(its_reg(its, GITS_CBASER));
	val = its_merge(cur, offset, val, size);
	val &= ~(GITS_CBASER_ADDRESS | GITS_CBASER_SIZE);
	val |= its->cmd_pa | FIELD_PREP(GITS_CBASER_SIZE, nr_4k - 1) |
	       GITS_CBASER_VALID;
	writeq_relaxed(val, its_reg(its, GITS_CBASER));
	writeq_relaxed(0, its_reg(its, GITS_CWRITER));

	its_discard(its, stop);
	its->cmd_offset = 0;
	its->conf = 0;
	its->target = 0;
	if (its->state == ITS_WEDGED)
		its->state = ITS_READY;
}

static void its_baser_write(struct its_sync *its, u64 offset, u64 val, u8 size)
{
	u64 fixed = GITS_BASER_ADDRESS_4K | GITS_BASER_PAGE_SIZE | GITS_BASER_SIZE;
	u64 reg = ALIGN_DOWN(offset, sizeof(u64));
	struct its_table *t;
	u64 cur;

	t = &its->tables[(reg - GITS_BASER) / sizeof(u64)];

	if (!its_quiescent(its))
		return;
	cur = readq_relaxed(its_reg(its, reg));
	val = its_merge(cur, offset, val, size);
	if (!t->taken) {
		val &= ~GITS_BASER_VALID;
	} else {
		if ((val & GITS_BASER_INDIRECT) != (t->val & GITS_BASER_INDIRECT))
			return;
		val = (val & ~fixed) | (t->val & fixed) | GITS_BASER_VALID;
	}
	writeq_relaxed(val, its_reg(its, reg));
}

static u64 its_half(u64 v, u64 offset, u8 size)
{
	if (size == 8)
		return v;
	return (offset & 4) ? v >> 32 : v & GENMASK_ULL(31, 0);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */
/* ------------------------------------------------------------------ */

/*
 * Widths the ITS takes: 32/64-bit in the control frame, 16/32-bit in the
 * translation frame; nothing beyond the frames. (The emulated GITS_CTLR is
 * narrower still: see its_dispatch.)
 */
static bool its_access_ok(u64 offset, u8 size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	if (offset & (size - 1))
		return false;
	if (offset < ITS_FRAME_SIZE)
		return size == 4 || size == 8;
	if (offset < 2 * ITS_FRAME_SIZE)
		return size == 2 || size == 4;
	return false;
}

static void its_forward(void __iomem *base, u64 offset, bool write, u64 *reg,
			u8 size)
{
	void __iomem *addr = (u8 __iomem *)base + offset;

	if (write) {
		switch (size) {
		case 2:
			writew_relaxed(*reg, addr);
			break;
		case 4:
			writel_relaxed(*reg, addr);
			break;
		case 8:
			writeq_relaxed(*reg, addr);
			break;
		}
		return;
	}
	switch (size) {
	case 2:
		*reg = readw_relaxed(addr);
		break;
	case 4:
		*reg = readl_relaxed(addr);
		break;
	case 8:
		*reg = readq_relaxed(addr);
		break;
	}
}

static void its_dispatch(struct its_sync *its, u64 offset, bool write, u64 *reg,
			 u8 size)
{
	u64 v;

	switch (offset) {
	case GITS_CTLR:
		/* GITS_CTLR is 32-bit only: a wider access is ignored. */
		if (size != 4) {
			if (!write)
				*reg = 0;
			return;
		}
		if (write) {
			its_ctlr_write(its, *reg);
		} else {
			its_forward(its->base, offset, false, reg, size);
			its_follow_ctlr(its, *reg);
		}
		return;
	case GITS_CBASER ... GITS_CBASER + 7:
		if (write)
			its_cbaser_write(its, offset, *reg, size);
		else
			its_forward(its->base, offset, false, reg, size);
		return;
	case GITS_CWRITER ... GITS_CWRITER + 7:
		if (!write) {
			*reg = its_half(its->target, offset, size);
			return;
		}
		/* The high half only holds RES0 bits: nothing to run. */
		if (!(offset & 4))
			its_cwriter_write(its, *reg & GENMASK_ULL(31, 0));
		return;
	case GITS_CREADR ... GITS_CREADR + 7:
		/* Read-only here: the hyp owns the queue position. */
		if (write)
			return;
		v = readq_relaxed(its_reg(its, GITS_CREADR));
		/* Seen idle at what it was given: settle what it retired. */
		if ((its->jnr || its->conf != its->cmd_offset) &&
		    !(v & GITS_CREADR_STALLED) &&
		    (v & GITS_CMDQ_OFFSET) == its->cmd_offset)
			its_confirm(its);
		*reg = its_half(v, offset, size);
		return;
	case GITS_BASER ... GITS_BASER + GITS_BASER_NR_REGS * 8 - 1:
		if (write)
			its_baser_write(its, offset, *reg, size);
		else
			its_forward(its->base, offset, false, reg, size);
		return;
	default:
		its_forward(its->base, offset, write, reg, size);
		return;
	}
}

void pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			      bool write, u64 *reg, u8 reg_size)
{
	struct its_sync *its;

	if (!its_access_ok(offset, reg_size)) {
		if (!write)
			*reg = 0;
		return;
	}

	hyp_spin_lock(&its_sync_lock);
	its = smp_load_acquire(&region->priv);
	if (!its) {
		its_forward(__hyp_va(hyp_pfn_to_phys(region->pfn)), offset,
			    write, reg, reg_size);
	} else {
		its->l1_seen_nr = 0;
		its_dispatch(its, offset, write, reg, reg_size);
	}
	hyp_spin_unlock(&its_sync_lock);
}

/* ------------------------------------------------------------------ */
/* Setup and teardown                                                  */
/* ------------------------------------------------------------------ */

static u64 its_priv_fixed(void)
{
	return sizeof(struct its_sync) +
	       ITS_MIN_TRACKED * (sizeof(struct its_itt_page) + sizeof(struct its_dev));
}

static void its_priv_layout(struct its_sync *its)
{
	u64 avail = its->priv_pages * PAGE_SIZE - sizeof(*its);

	its->itt_cap = min(avail / 2 / sizeof(*its->itt), ITS_TRACK_MAX);
	its->dev_cap = min(avail / 2 / sizeof(*its->devs), ITS_TRACK_MAX);
	its->itt = (void *)(its + 1);
	its->devs = (void *)(its->itt + its->itt_cap);
	its->priv_used = (u8 *)(its->devs + its->dev_cap) - (u8 *)its;
}

/* Copy the host's state page once, holding it only while it is read. */
static int its_copy_host_state(struct its_sync *its, void *hs)
{
	int ret;

	ret = its_share_pin(hs, 1);
	if (ret)
		return ret;
	memcpy(&its->hs, hs, sizeof(its->hs));
	its_unpin_unshare(hs, 1);
	return 0;
}

static int its_queue_take(struct its_sync *its)
{
	u64 cbaser = readq_relaxed(its_reg(its, GITS_CBASER));
	u64 creadr = readq_relaxed(its_reg(its, GITS_CREADR));
	u64 nr_pages;
	int ret;

	if (!(cbaser & GITS_CBASER_VALID))
		return -EINVAL;
	its->cmd_pa = cbaser & GITS_CBASER_ADDRESS;
	its->cmdq_len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * SZ_4K;
	if (its->hs.cmdq_len != its->cmdq_len ||
	    __hyp_pa(kern_hyp_va(its->hs.cmd_original)) != its->cmd_pa ||
	    !PAGE_ALIGNED(its->cmd_pa))
		return -EINVAL;
	its->cmd_copy = kern_hyp_va(its->hs.cmd_host_copy);
	if (!PAGE_ALIGNED(__hyp_pa(its->cmd_copy)))
		return -EINVAL;
	if (creadr & GITS_CREADR_STALLED)
		return -EBUSY;
	if ((creadr & GITS_CMDQ_OFFSET) >= its->cmdq_len)
		return -EINVAL;

	nr_pages = DIV_ROUND_UP(its->cmdq_len, PAGE_SIZE);
	ret = its_share_pin(its->cmd_copy, nr_pages);
	if (ret)
		return ret;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(its->cmd_pa), nr_pages);
	if (ret)
		goto err_unpin_copy;
	its->cmd_real = __hyp_va(its->cmd_pa);

	/* Commands the host queued before setup were never vetted: drop them. */
	its->cmd_offset = creadr & GITS_CMDQ_OFFSET;
	its->conf = its->cmd_offset;
	its->target = its->cmd_offset;
	writeq_relaxed(its->cmd_offset, its_reg(its, GITS_CWRITER));
	return 0;

err_unpin_copy:
	its_unpin_unshare(its->cmd_copy, nr_pages);
	return ret;
}

static void its_queue_release(struct its_sync *its)
{
	u64 nr_pages = DIV_ROUND_UP(its->cmdq_len, PAGE_SIZE);

	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(its->cmd_pa), nr_pages));
	its_unpin_unshare(its->cmd_copy, nr_pages);
}

static void its_priv_release(void *priv, u64 nr_pages, u64 used)
{
	/* Nothing of the hyp's (its pointers, copies) goes back to the host. */
	memset(priv, 0, used);
	its_clean(priv, used);
	WARN_ON(__pkvm_hyp_donate_host(hyp_virt_to_pfn(priv), nr_pages));
}

int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
			   u64 priv_num_pages)
{
	struct pkvm_protected_reg *region;
	struct its_sync *its;
	void *hs;
	u64 used;
	u32 ctlr;
	int ret;
	int n;

	if (!PAGE_ALIGNED(host_state) || !PAGE_ALIGNED(priv) || !priv_num_pages ||
	    priv_num_pages > ITS_PRIV_MAX_PAGES ||
	    priv_num_pages * PAGE_SIZE < its_priv_fixed())
		return -EINVAL;
	hs = kern_hyp_va(host_state);
	priv = kern_hyp_va(priv);

	hyp_spin_lock(&its_sync_lock);
	region = its_find_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (smp_load_acquire(&region->priv)) {
		ret = -EBUSY;
		goto out_unlock;
	}

	ret = __pkvm_host_donate_hyp(hyp_virt_to_pfn(priv), priv_num_pages);
	if (ret)
		goto out_unlock;
	its = priv;
	memset(its, 0, sizeof(*its));
	its->priv = priv;
	its->priv_pages = priv_num_pages;
	its_priv_layout(its);
	used = its->priv_used;
	memset(its + 1, 0, used - sizeof(*its));
	its->base = __hyp_va(dev_addr);
	its->state = ITS_UNINIT;

	ret = its_copy_host_state(its, hs);
	if (ret)
		goto err_release_priv;
	its->typer = readq_relaxed(its_reg(its, GITS_TYPER));

	ret = its_queue_take(its);
	if (ret)
		goto err_release_priv;

	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		ret = its_table_take(its, n);
		if (ret)
			goto err_release_tables;
	}

	ctlr = readl_relaxed(its_reg(its, GITS_CTLR));
	its->state = (ctlr & GITS_CTLR_ENABLE) ? ITS_ENABLED : ITS_READY;
	smp_store_release(&region->priv, its);
	hyp_spin_unlock(&its_sync_lock);
	return 0;

err_release_tables:
	while (n--)
		its_table_release(its, n);
	its_queue_release(its);
err_release_priv:
	its_priv_release(priv, priv_num_pages, used);
out_unlock:
	hyp_spin_unlock(&its_sync_lock);
	return ret;
}

int pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	struct pkvm_protected_reg *region;
	struct its_sync *its;
	u64 nr_pages;
	int ret = 0;
	void *priv;
	u64 used;
	u32 i;
	int n;

	hyp_spin_lock(&its_sync_lock);
	region = its_find_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto out_unlock;
	}
	its = smp_load_acquire(&region->priv);
	if (!its) {
		ret = -EINVAL;
		goto out_unlock;
	}
	/* Nothing goes back while the ITS may still walk it. */
	if (!its_quiescent(its)) {
		ret = -EBUSY;
		goto out_unlock;
	}

	its->state = ITS_TORN_DOWN;
	smp_store_release(&region->priv, NULL);

	for (i = 0; i < its->jnr; i++) {
		if (its->journal[i].kind == ITS_JREC_L2)
			its_jrec_commit(its, &its->journal[i]);
	}
	its->jnr = 0;
	while (its->itt_nr)
		its_itt_drop(its, &its->itt[its->itt_nr - 1]);
	n = GITS_BASER_NR_REGS;
	while (n--)
		its_table_release(its, n);
	its_queue_release(its);

	priv = its->priv;
	nr_pages = its->priv_pages;
	used = its->priv_used;
	its_priv_release(priv, nr_pages, used);

out_unlock:
	hyp_spin_unlock(&its_sync_lock);
	return ret;
}
