// SPDX-License-Identifier: GPL-2.0-only
/*
 * its_alt.c: a second GICv3 ITS mediator for pKVM, written from the
 * specification alone, in one file and in a shape of its own, so that
 * el2fuzz can show it fuzzes whichever mediator it is pointed at.
 *
 * The host prepares its ITS (command queue, GITS_BASER<n> tables), then
 * asks the hyp to take it over. From then on the hyp owns everything the
 * device walks: the real queue, every table and every L2 page a valid real
 * L1 entry names. The host writes commands into its own copy of the queue
 * and the hyp forwards, one at a time, those it accepts. The host's
 * description is hostile and the host runs on another CPU meanwhile.
 *
 * Policy: the choices this mediator makes where the specification leaves
 * room (each is declared in the profile beside this file as policy.*):
 *
 *  P1 One command per doorbell. An accepted command is written to the real
 *     queue, made visible, and handed to the device alone; the hyp polls
 *     GITS_CREADR until the device has passed it (ALT_POLL_LIMIT reads)
 *     before it reads the next. What a command took from the host is then
 *     committed or undone knowing whether that very command ran. A stall
 *     or a timeout undoes the command and stops.
 *  P2 A GITS_CWRITER write while the ITS is disabled is latched, not
 *     submitted: the device would not consume it. Enabling the ITS through
 *     GITS_CTLR drains what was latched.
 *  P3 A GITS_CWRITER read returns what the host last wrote (merged by
 *     halves), whatever the hyp did with it.
 *  P4 Tables the host filled before setup are cleared at setup. Their
 *     entries are IMPLEMENTATION DEFINED (a DTE names an ITT, a vPE entry
 *     its tables) and the hyp cannot vet them, so every flat table and
 *     every live L2 page is zeroed and every L1 entry rewritten as 0 or
 *     exactly PA | Valid. Devices mapped before setup must be mapped again.
 *     Commands the host left pending in the hardware are dropped.
 *  P5 GICv4 commands that only look up the vPE table (VSYNC, VINVALL,
 *     INVDB, VSGI) are forwarded: VMAPP is refused and the vPE table was
 *     cleared, so no vPE is ever valid and they do nothing. VMAPP, VMAPTI,
 *     VMAPI, VMOVI, VMOVP (which name memory or create vPE state) and
 *     unknown opcodes are refused.
 *  P6 MAPD V=1 for a device already mapped replaces its mapping, as the
 *     architecture does; the old ITT goes back once the device ran it.
 *  P7 MAPD or MAPC for an id beyond its table, MAPD for a DeviceID beyond
 *     TYPER.Devbits and MAPD V=1 under an L1 entry the host left invalid
 *     are refused: the device would drop the write, and the hyp would pin
 *     an ITT that no DTE names.
 *  P8 MAPD with Size above TYPER.IDbits is refused; MAPC RDbase is not
 *     checked (it names no memory and this API lists no redistributors).
 *  P9 An ITT above ALT_ITT_MAX_BYTES is refused: it bounds a command's work.
 *  P10 When a real L1 entry is retired, the ITTs of every device whose DTE
 *     lived in that L2 page go back with it.
 *  P11 A second setup of the same ITS returns -EEXIST; there is no teardown.
 *  P12 The state page is donated, parsed once into private memory and kept
 *     (as the posting does); nothing reads it after setup.
 *  P13 A table or queue whose attributes are not Inner Shareable and
 *     Inner Cacheable is cleaned to PoC after each hyp write; a
 *     dsb(ishst) always precedes the doorbell.
 *  P14 Collection tables are taken like the others, L2 pages included: the
 *     device writes collection entries wherever the L1 points.
 *  P15 Bounds: at most ALT_ITT_RECORDS_MAX mapped devices whatever the
 *     private pages hold (a MAPD beyond them is refused), and at most
 *     ALT_SEEN_MAX distinct host L1 entries read in one trap (processing
 *     stops before the command that needs one more; the host's next
 *     GITS_CWRITER write goes on from there).
 *
 * Locks: alt_setup_lock serialises setups and, until the private state is
 * published, every trapped access, so that a forwarded GITS_BASER<n> or
 * GITS_CBASER write cannot land between setup's checks and publication.
 * Once published (never retracted: there is no teardown) a trap takes
 * only the ITS's own lock.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_mmu.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>
#include <nvhe/spinlock.h>

#define BITS_PER_BYTE		8
#define ALT_POLL_LIMIT		1000
#define ALT_SEEN_MAX		32
#define ALT_ITT_MIN_BYTES	256ULL
#define ALT_ITT_MAX_BYTES	(4ULL << 20)
#define ALT_ITT_RECORDS_MAX	4096

/* Command fields, in the doubleword that holds them. */
#define ALT_CMD_OPCODE		GENMASK_ULL(7, 0)	/* DW0 */
#define ALT_CMD_DEVID		GENMASK_ULL(63, 32)	/* DW0 */
#define ALT_CMD_MAPD_SIZE	GENMASK_ULL(4, 0)	/* DW1 */
#define ALT_CMD_MAPD_ITT	GENMASK_ULL(51, 8)	/* DW2 */
#define ALT_CMD_ICID		GENMASK_ULL(15, 0)	/* DW2 */
#define ALT_CMD_VALID		BIT_ULL(63)		/* DW2 */

/* GICv4 opcodes (bit 5 set); the header names only the physical ones. */
#define ALT_CMD_VMOVI		0x21
#define ALT_CMD_VMOVP		0x22
#define ALT_CMD_VSGI		0x23
#define ALT_CMD_VSYNC		0x25
#define ALT_CMD_VMAPP		0x29
#define ALT_CMD_VMAPTI		0x2a
#define ALT_CMD_VMAPI		0x2b
#define ALT_CMD_VINVALL		0x2d
#define ALT_CMD_INVDB		0x2e

/* One GITS_BASER<n> as setup found it: the hyp's copy, never the host's. */
struct alt_tbl {
	u64 baser;		/* the hardware value at setup */
	phys_addr_t pa;		/* the real table, hyp-owned */
	u64 nr_pages;		/* host pages taken; 0: not taken */
	phys_addr_t host_l1;	/* the host's L1 copy, shared and pinned */
	u64 l1_nr;		/* entries of the real L1; 0: flat */
	u64 nr_ids;		/* ids a flat table holds */
	u32 psz;		/* ITS page size */
	u32 esz;		/* bytes per entry */
	u8 type;
	bool flush;		/* not Inner Shareable: clean to PoC */
};

/* The ITT of one mapped device: host pages shared with and pinned by the hyp. */
struct alt_itt {
	u64 pfn;
	u32 nr;			/* host pages; 0: a free record */
	u32 devid;
};

/* The hyp's private state: in the pages the host donated at setup. */
struct its_alt {
	hyp_spinlock_t lock;
	void __iomem *frame;
	phys_addr_t q_pa;	/* the real queue, hyp-owned */
	phys_addr_t q_host_pa;	/* the host's copy, shared and pinned */
	u64 q_len;		/* queue bytes */
	u64 q_nr_pages;
	u64 cbaser;		/* the hardware GITS_CBASER at setup */
	bool q_flush;
	u64 rd;			/* next slot the hyp hands to the device */
	u64 want;		/* the last offset the host asked for and the hyp took */
	u64 shadow_cwriter;	/* GITS_CWRITER as the host wrote it */
	u8 idbits;		/* TYPER.IDbits: largest MAPD Size */
	u8 devbits;		/* DeviceID bits */
	u8 ite_size;
	struct alt_tbl tbl[GITS_BASER_NR_REGS];
	u32 nr_itts;
	struct alt_itt itts[];
};

/* What one command changed before the device ran it: to commit or undo. */
struct alt_change {
	struct alt_tbl *t;	/* the table whose real L1 entry changed; NULL: none */
	u64 idx;
	u64 old;		/* the real L1 entry before */
	struct alt_itt *fresh;	/* ITT taken for this command */
	struct alt_itt *stale;	/* ITT to give back once it ran */
};

/* Host L1 entries read during one trap: a host byte is read once per entry. */
struct alt_seen {
	u32 nr;
	const u64 *at[ALT_SEEN_MAX];
	u64 val[ALT_SEEN_MAX];
};

static DEFINE_HYP_SPINLOCK(alt_setup_lock);

static phys_addr_t alt_host_pa(const void *host_va)
{
	return __hyp_pa(kern_hyp_va(host_va));
}

static void __iomem *alt_frame(const struct pkvm_protected_reg *region)
{
	return (void __iomem *)__hyp_va(hyp_pfn_to_phys(region->pfn));
}

/* Host pages one L2 page takes: an ITS page may be smaller than a host page. */
static u64 alt_l2_pages(const struct alt_tbl *t)
{
	return DIV_ROUND_UP((u64)t->psz, (u64)PAGE_SIZE);
}

/* Make a hyp write to device-read memory visible to the device. */
static void alt_publish(bool flush, void *va, u64 size)
{
	if (flush)
		kvm_flush_dcache_to_poc(va, size);
	dsb(ishst);
}

/* --- Ownership: set up one, tear down one ------------------------------ */

static void alt_unpin_unshare(phys_addr_t pa, u64 nr)
{
	void *va = __hyp_va(pa);
	u64 i = nr;

	hyp_unpin_shared_mem(va, va + nr * PAGE_SIZE);
	/* Another hyp user's pin refuses the unshare: host input, no WARN. */
	while (i--)
		__pkvm_host_unshare_hyp(hyp_phys_to_pfn(pa) + i);
}

/* Host memory the hyp reads later: shared, then pinned so it stays shared. */
static int alt_share_pin(phys_addr_t pa, u64 nr)
{
	void *va = __hyp_va(pa);
	int ret;
	u64 i;

	for (i = 0; i < nr; i++) {
		ret = __pkvm_host_share_hyp(hyp_phys_to_pfn(pa) + i);
		if (ret)
			goto err_unshare;
	}
	ret = hyp_pin_shared_mem(va, va + nr * PAGE_SIZE);
	if (ret)
		goto err_unshare;
	return 0;

err_unshare:
	/*
	 * The host, on another CPU, may have unshared a page since the share
	 * (why the pin failed): its unshare here is then refused. Host input,
	 * so no WARN.
	 */
	while (i--)
		__pkvm_host_unshare_hyp(hyp_phys_to_pfn(pa) + i);
	return ret;
}

static void alt_give_back(phys_addr_t pa, u64 nr)
{
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(pa), nr));
}

/*
 * The L2 page an L1 entry names. Only Valid and a page-aligned physical
 * address may be set: the device takes the address with its own mask, so
 * an entry with attribute or RES0 bits could name a page other than the
 * one the hyp took. Linux never writes one.
 */
static int alt_l1_entry_pa(u64 entry, const struct alt_tbl *t, phys_addr_t *pa)
{
	u64 addr = entry & ~GITS_LVL1_ENTRY_VALID;

	if (addr & ~PHYS_MASK)
		return -EINVAL;
	if (!IS_ALIGNED(addr, (u64)t->psz) || !PAGE_ALIGNED(addr))
		return -EINVAL;
	*pa = addr;
	return 0;
}

/* Give back the L2 pages of real L1 entries [0, @nr), last first. */
static void alt_put_l2s(const struct alt_tbl *t, u64 nr)
{
	const u64 *l1 = __hyp_va(t->pa);
	phys_addr_t pa;
	u64 entry;

	while (nr--) {
		entry = READ_ONCE(l1[nr]);
		if (!(entry & GITS_LVL1_ENTRY_VALID))
			continue;
		/* alt_get_table() took the page for this very entry. */
		if (WARN_ON(alt_l1_entry_pa(entry, t, &pa)))
			continue;
		alt_give_back(pa, alt_l2_pages(t));
	}
}

/*
 * Tear down one table, in the reverse order of alt_get_table(). The real
 * L1 is read while the hyp still owns it: once it is the host's again the
 * host may be rewriting it from another CPU.
 */
static void alt_put_table(const struct alt_tbl *t)
{
	if (!t->nr_pages)
		return;
	if (t->l1_nr) {
		alt_put_l2s(t, t->l1_nr);
		alt_unpin_unshare(t->host_l1, t->nr_pages);
	}
	alt_give_back(t->pa, t->nr_pages);
}

/*
 * Set up one table: take the real table; for a two-level one share and
 * pin the host's L1 copy (MAPD and MAPC read the host's updates there)
 * and take every L2 page a valid entry of the real L1 names, read only
 * now that the host can no longer write it.
 */
static int alt_get_table(const struct alt_tbl *t)
{
	const u64 *l1 = __hyp_va(t->pa);
	phys_addr_t pa;
	u64 entry;
	int ret;
	u64 i;

	if (!t->nr_pages)
		return 0;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(t->pa), t->nr_pages);
	if (ret)
		return ret;
	if (!t->l1_nr)
		return 0;
	ret = alt_share_pin(t->host_l1, t->nr_pages);
	if (ret)
		goto err_give_back_table;
	for (i = 0; i < t->l1_nr; i++) {
		entry = READ_ONCE(l1[i]);
		if (!(entry & GITS_LVL1_ENTRY_VALID))
			continue;
		ret = alt_l1_entry_pa(entry, t, &pa);
		if (ret)
			goto err_put_l2s;
		ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), alt_l2_pages(t));
		if (ret)
			goto err_put_l2s;
	}
	return 0;

err_put_l2s:
	alt_put_l2s(t, i);
	alt_unpin_unshare(t->host_l1, t->nr_pages);
err_give_back_table:
	alt_give_back(t->pa, t->nr_pages);
	return ret;
}

/* The queue: share and pin the host's copy, then take the real queue. */
static int alt_get_queue(const struct its_alt *its)
{
	int ret;

	ret = alt_share_pin(its->q_host_pa, its->q_nr_pages);
	if (ret)
		return ret;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(its->q_pa), its->q_nr_pages);
	if (ret)
		goto err_unshare_copy;
	return 0;

err_unshare_copy:
	alt_unpin_unshare(its->q_host_pa, its->q_nr_pages);
	return ret;
}

static void alt_put_queue(const struct its_alt *its)
{
	alt_give_back(its->q_pa, its->q_nr_pages);
	alt_unpin_unshare(its->q_host_pa, its->q_nr_pages);
}

/* --- Setup: the host's description against the hardware ---------------- */

static struct pkvm_protected_reg *alt_region(phys_addr_t dev_addr)
{
	unsigned int i;

	for (i = 0; i < pkvm_nr_protected_regs; i++)
		if (hyp_pfn_to_phys(pkvm_protected_regs[i].pfn) == dev_addr)
			return &pkvm_protected_regs[i];
	return NULL;
}

/*
 * P13: the device reads memory under @attrs without snooping the CPUs'
 * caches unless it is Inner Shareable and Inner Cacheable (Normal WT or
 * WB); Device and Non-cacheable attributes read the point of coherency.
 */
static bool alt_no_snoop(u64 attrs)
{
	return FIELD_GET(GIC_BASER_SHAREABILITY, attrs) != GIC_BASER_InnerShareable ||
	       FIELD_GET(GIC_BASER_INNER_CACHEABILITY, attrs) < 2;
}

/*
 * The queue must be the one GITS_CBASER names, or the hyp would guard a
 * decoy while the device reads commands from memory the host still owns.
 */
static int alt_parse_queue(struct its_alt *its, const struct its_host_state *desc)
{
	u64 cbaser = readq_relaxed(its->frame + GITS_CBASER);
	u64 creadr = readq_relaxed(its->frame + GITS_CREADR);

	if (!(cbaser & GITS_CBASER_VALID))
		return -EINVAL;
	its->q_len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	if (desc->cmdq_len != its->q_len)
		return -EINVAL;
	its->q_pa = alt_host_pa(desc->cmd_original);
	its->q_host_pa = alt_host_pa(desc->cmd_host_copy);
	if (its->q_pa != (cbaser & GITS_CBASER_ADDRESS))
		return -EINVAL;
	if (!PAGE_ALIGNED(its->q_pa) || !PAGE_ALIGNED(its->q_host_pa))
		return -EINVAL;
	if ((creadr & GITS_CMDQ_OFFSET) >= its->q_len)
		return -EINVAL;
	its->q_nr_pages = DIV_ROUND_UP(its->q_len, (u64)PAGE_SIZE);
	its->cbaser = cbaser;
	its->q_flush = alt_no_snoop(cbaser);
	its->rd = creadr & GITS_CMDQ_OFFSET;
	return 0;
}

static u32 alt_baser_psz(u64 baser)
{
	switch (FIELD_GET(GITS_BASER_PAGE_SIZE, baser)) {
	case GITS_BASER_PAGE_SIZE_4K:
		return SZ_4K;
	case GITS_BASER_PAGE_SIZE_16K:
		return SZ_16K;
	case GITS_BASER_PAGE_SIZE_64K:
		return SZ_64K;
	}
	return 0;
}

static phys_addr_t alt_baser_pa(u64 baser, u32 psz)
{
	if (psz == SZ_64K)
		return (baser & GITS_BASER_ADDRESS_64K) |
		       FIELD_GET(GITS_BASER_ADDRESS_64K_HI, baser) << 48;
	return baser & GITS_BASER_ADDRESS_4K;
}

/*
 * The host's allocation for a table must be the buddy block Linux makes
 * for it: 2^@order host pages, the fewest that hold @bytes. Computed in 64
 * bits: an order of 32 or more is simply too large.
 */
static int alt_check_order(u32 order, u64 bytes, u64 *nr_pages)
{
	u64 alloc;
	u64 nr;

	if (order >= 64)
		return -EINVAL;
	nr = BIT_ULL(order);
	if (check_mul_overflow(nr, (u64)PAGE_SIZE, &alloc))
		return -EINVAL;
	if (alloc < bytes || (nr > 1 && alloc / 2 >= bytes))
		return -EINVAL;
	*nr_pages = nr;
	return 0;
}

/* One GITS_BASER<n>: the hardware value, checked against the host's word. */
static int alt_parse_table(struct alt_tbl *t, u64 baser, const struct its_baser_state *desc)
{
	u64 bytes;
	int ret;

	memset(t, 0, sizeof(*t));
	t->baser = baser;
	t->type = FIELD_GET(GITS_BASER_TYPE, baser);
	if (desc->val != baser)
		return -EINVAL;
	if (!(baser & GITS_BASER_VALID))
		return 0;
	switch (t->type) {
	case GITS_BASER_TYPE_DEVICE:
	case GITS_BASER_TYPE_VCPU:
	case GITS_BASER_TYPE_COLLECTION:
		break;
	default:
		return -EINVAL;
	}
	t->psz = alt_baser_psz(baser);
	if (!t->psz || desc->psz != t->psz)
		return -EINVAL;
	t->esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, baser) + 1;
	bytes = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * t->psz;
	ret = alt_check_order(desc->order, bytes, &t->nr_pages);
	if (ret)
		return ret;
	t->pa = alt_baser_pa(baser, t->psz);
	if (alt_host_pa(desc->base) != t->pa)
		return -EINVAL;
	if (!IS_ALIGNED(t->pa, (u64)t->psz) || !PAGE_ALIGNED(t->pa))
		return -EINVAL;
	t->flush = alt_no_snoop(baser);
	t->nr_ids = bytes / t->esz;
	if (!(baser & GITS_BASER_INDIRECT))
		return 0;
	t->host_l1 = alt_host_pa(desc->base_snapshot);
	if (!PAGE_ALIGNED(t->host_l1))
		return -EINVAL;
	t->l1_nr = bytes / GITS_LVL1_ENTRY_SIZE;
	return 0;
}

static int alt_parse_tables(struct its_alt *its, const struct its_host_state *desc)
{
	unsigned int seen = 0;
	unsigned int n;
	u64 baser;
	int ret;

	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		baser = readq_relaxed(its->frame + GITS_BASER + n * sizeof(u64));
		ret = alt_parse_table(&its->tbl[n], baser, &desc->tables[n]);
		if (ret)
			return ret;
		if (!its->tbl[n].nr_pages)
			continue;
		/* MAPD and MAPC look a table up by type: one of each. */
		if (seen & BIT(its->tbl[n].type))
			return -EINVAL;
		seen |= BIT(its->tbl[n].type);
	}
	return 0;
}

/*
 * P4: the entries the host wrote before the hyp owned its tables are
 * IMPLEMENTATION DEFINED and cannot be vetted: clear them. Runs once every
 * transition succeeded, so that a failed setup leaves the host's tables
 * as they were.
 */
static void alt_scrub_table(const struct alt_tbl *t)
{
	u64 *l1 = __hyp_va(t->pa);
	phys_addr_t pa;
	u64 entry;
	u64 i;

	if (!t->nr_pages)
		return;
	if (!t->l1_nr) {
		memset(l1, 0, t->nr_ids * t->esz);
		alt_publish(t->flush, l1, t->nr_ids * t->esz);
		return;
	}
	for (i = 0; i < t->l1_nr; i++) {
		entry = READ_ONCE(l1[i]);
		if (!(entry & GITS_LVL1_ENTRY_VALID) || alt_l1_entry_pa(entry, t, &pa)) {
			WRITE_ONCE(l1[i], 0);
			continue;
		}
		memset(__hyp_va(pa), 0, t->psz);
		alt_publish(t->flush, __hyp_va(pa), t->psz);
		WRITE_ONCE(l1[i], pa | GITS_LVL1_ENTRY_VALID);
	}
	alt_publish(t->flush, l1, t->l1_nr * GITS_LVL1_ENTRY_SIZE);
}

/*
 * The host gave the table attributes under which the device no longer
 * snoops: what the hyp wrote there under the old ones may still be in a
 * cache. Clean all of it, the table and every L2 page, to PoC.
 */
static void alt_clean_table(const struct alt_tbl *t)
{
	u64 *l1 = __hyp_va(t->pa);
	phys_addr_t pa;
	u64 entry;
	u64 i;

	if (!t->l1_nr) {
		kvm_flush_dcache_to_poc(l1, t->nr_ids * t->esz);
		return;
	}
	for (i = 0; i < t->l1_nr; i++) {
		entry = READ_ONCE(l1[i]);
		if ((entry & GITS_LVL1_ENTRY_VALID) && !alt_l1_entry_pa(entry, t, &pa))
			kvm_flush_dcache_to_poc(__hyp_va(pa), t->psz);
	}
	kvm_flush_dcache_to_poc(l1, t->l1_nr * GITS_LVL1_ENTRY_SIZE);
}

static void alt_init(struct its_alt *its, void __iomem *frame, u64 size)
{
	u64 typer = readq_relaxed(frame + GITS_TYPER);

	memset(its, 0, size);
	hyp_spin_lock_init(&its->lock);
	its->frame = frame;
	its->idbits = FIELD_GET(GITS_TYPER_IDBITS, typer);
	its->devbits = FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1;
	its->ite_size = FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, typer) + 1;
	/* Bounds the scans a MAPD makes, however much the host donated (P15). */
	its->nr_itts = min_t(u64, (size - sizeof(*its)) / sizeof(its->itts[0]),
			     ALT_ITT_RECORDS_MAX);
}

/*
 * The device must run only what the hyp filtered: pull the hardware
 * GITS_CWRITER back to where the device stands, dropping what the host
 * left pending before setup (P4).
 */
static void alt_drop_pending(struct its_alt *its)
{
	writeq_relaxed(its->rd, its->frame + GITS_CWRITER);
	its->want = its->rd;
	its->shadow_cwriter = its->rd;
}

int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
			   u64 priv_num_pages)
{
	struct pkvm_protected_reg *region;
	struct its_host_state desc;
	phys_addr_t state_pa;
	phys_addr_t priv_pa;
	struct its_alt *its;
	unsigned int n;
	u64 priv_size;
	int ret;

	if (!PAGE_ALIGNED(host_state) || !PAGE_ALIGNED(priv) || !priv_num_pages)
		return -EINVAL;
	if (check_mul_overflow(priv_num_pages, (u64)PAGE_SIZE, &priv_size) ||
	    priv_size < sizeof(*its) + sizeof(its->itts[0]))
		return -EINVAL;
	state_pa = alt_host_pa(host_state);
	priv_pa = alt_host_pa(priv);

	hyp_spin_lock(&alt_setup_lock);
	region = alt_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto unlock;
	}
	if (region->priv) {
		ret = -EEXIST;
		goto unlock;
	}

	/* Taken before it is read: it cannot change under the checks (P12). */
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(state_pa), 1);
	if (ret)
		goto unlock;
	memcpy(&desc, __hyp_va(state_pa), sizeof(desc));
	/* Overlapping inputs fail here or below: a page cannot be taken twice. */
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(priv_pa), priv_num_pages);
	if (ret)
		goto err_give_back_state;
	its = __hyp_va(priv_pa);
	alt_init(its, alt_frame(region), priv_size);

	ret = alt_parse_queue(its, &desc);
	if (ret)
		goto err_give_back_priv;
	ret = alt_parse_tables(its, &desc);
	if (ret)
		goto err_give_back_priv;
	ret = alt_get_queue(its);
	if (ret)
		goto err_give_back_priv;
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		ret = alt_get_table(&its->tbl[n]);
		if (ret)
			goto err_put_tables;
	}

	for (n = 0; n < GITS_BASER_NR_REGS; n++)
		alt_scrub_table(&its->tbl[n]);
	alt_drop_pending(its);
	/* Traps load ->priv with acquire: they see it complete. */
	smp_store_release(&region->priv, its);
	goto unlock;

err_put_tables:
	while (n--)
		alt_put_table(&its->tbl[n]);
	alt_put_queue(its);
err_give_back_priv:
	/* Nothing of the hyp's (its addresses) goes back to the host. */
	memset(its, 0, priv_size);
	alt_give_back(priv_pa, priv_num_pages);
err_give_back_state:
	alt_give_back(state_pa, 1);
unlock:
	hyp_spin_unlock(&alt_setup_lock);
	return ret;
}

/* --- Commands ------------------------------------------------------------ */

static struct alt_tbl *alt_tbl_of(struct its_alt *its, u8 type)
{
	unsigned int n;

	for (n = 0; n < GITS_BASER_NR_REGS; n++)
		if (its->tbl[n].nr_pages && its->tbl[n].type == type)
			return &its->tbl[n];
	return NULL;
}

/* The host's L1 entry at @at, read at most once in this trap. */
static int alt_host_l1(struct alt_seen *seen, const u64 *at, u64 *val)
{
	u32 i;

	for (i = 0; i < seen->nr; i++) {
		if (seen->at[i] == at) {
			*val = seen->val[i];
			return 0;
		}
	}
	/* Out of room: stop here; the host's next CWRITER write goes on. */
	if (seen->nr == ALT_SEEN_MAX)
		return -EBUSY;
	*val = READ_ONCE(*at);
	seen->at[seen->nr] = at;
	seen->val[seen->nr++] = *val;
	return 0;
}

static void alt_l1_write(const struct alt_tbl *t, u64 idx, u64 entry)
{
	u64 *l1 = __hyp_va(t->pa);

	WRITE_ONCE(l1[idx], entry);
	alt_publish(t->flush, &l1[idx], sizeof(l1[idx]));
}

/*
 * Bring the real L1 entry for @id in line with the host's copy, for a
 * command about to make the device write the table entry of @id. A newly
 * valid entry has its L2 page taken and cleared (the host wrote it) before
 * the real L1 names it; a newly invalid one leaves the real L1 now and its
 * page goes back once the device ran the command. Only the Valid bit is
 * compared: the hyp never moves a live L2 page. With @need_l2, an entry
 * that stays or becomes invalid refuses the command (P7).
 */
static int alt_l1_sync(struct alt_seen *seen, struct alt_tbl *t, u64 id, bool need_l2,
		       struct alt_change *chg)
{
	const u64 *host_l1 = __hyp_va(t->host_l1);
	const u64 *l1 = __hyp_va(t->pa);
	phys_addr_t pa;
	u64 host;
	u64 idx;
	u64 cur;
	int ret;

	if (!t->l1_nr)
		return id < t->nr_ids ? 0 : -ERANGE;
	idx = id / (t->psz / t->esz);
	if (idx >= t->l1_nr)
		return -ERANGE;
	ret = alt_host_l1(seen, &host_l1[idx], &host);
	if (ret)
		return ret;
	cur = READ_ONCE(l1[idx]);
	if (need_l2 && !(host & GITS_LVL1_ENTRY_VALID))
		return -ENOENT;
	if (!(host & GITS_LVL1_ENTRY_VALID) == !(cur & GITS_LVL1_ENTRY_VALID))
		return 0;

	chg->t = t;
	chg->idx = idx;
	chg->old = cur;
	if (!(host & GITS_LVL1_ENTRY_VALID)) {
		alt_l1_write(t, idx, 0);
		return 0;
	}
	ret = alt_l1_entry_pa(host, t, &pa);
	if (ret)
		goto err_no_change;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), alt_l2_pages(t));
	if (ret)
		goto err_no_change;
	memset(__hyp_va(pa), 0, t->psz);
	alt_publish(t->flush, __hyp_va(pa), t->psz);
	alt_l1_write(t, idx, pa | GITS_LVL1_ENTRY_VALID);
	return 0;

err_no_change:
	chg->t = NULL;
	return ret;
}

/* The real L1 entry as it was; a page taken for it goes back after. */
static void alt_l1_undo(struct alt_change *chg)
{
	const struct alt_tbl *t = chg->t;
	const u64 *l1 = __hyp_va(t->pa);
	phys_addr_t pa;
	u64 now;

	now = READ_ONCE(l1[chg->idx]);
	alt_l1_write(t, chg->idx, chg->old);
	chg->t = NULL;
	if (!(now & GITS_LVL1_ENTRY_VALID))
		return;
	if (!WARN_ON(alt_l1_entry_pa(now, t, &pa)))
		alt_give_back(pa, alt_l2_pages(t));
}

/* Is @pfn part of a live ITT? Then the hyp shares it already. */
static bool alt_itt_covers(const struct its_alt *its, u64 pfn)
{
	u32 i;

	for (i = 0; i < its->nr_itts; i++)
		if (its->itts[i].nr && pfn - its->itts[i].pfn < its->itts[i].nr)
			return true;
	return false;
}

static struct alt_itt *alt_itt_find(struct its_alt *its, u32 devid)
{
	u32 i;

	for (i = 0; i < its->nr_itts; i++)
		if (its->itts[i].nr && its->itts[i].devid == devid)
			return &its->itts[i];
	return NULL;
}

/*
 * Share (unless a live ITT shares it already) and pin each host page of an
 * ITT, so that the host can neither take it back nor hand it to the hyp
 * or a guest while the device writes it.
 */
static int alt_itt_get(struct its_alt *its, u32 devid, u64 pfn, u64 nr, struct alt_itt **out)
{
	void *va = __hyp_va(hyp_pfn_to_phys(pfn));
	struct alt_itt *rec = NULL;
	int ret;
	u64 i;

	for (i = 0; i < its->nr_itts && !rec; i++)
		if (!its->itts[i].nr)
			rec = &its->itts[i];
	if (!rec)
		return -ENOSPC;
	for (i = 0; i < nr; i++) {
		if (alt_itt_covers(its, pfn + i))
			continue;
		ret = __pkvm_host_share_hyp(pfn + i);
		if (ret)
			goto err_unshare;
	}
	ret = hyp_pin_shared_mem(va, va + nr * PAGE_SIZE);
	if (ret)
		goto err_unshare;
	rec->pfn = pfn;
	rec->devid = devid;
	rec->nr = nr;
	*out = rec;
	return 0;

err_unshare:
	/* The host may have unshared a page meanwhile: no WARN (host input). */
	while (i--)
		if (!alt_itt_covers(its, pfn + i))
			__pkvm_host_unshare_hyp(pfn + i);
	return ret;
}

static void alt_itt_put(struct its_alt *its, struct alt_itt *rec)
{
	void *va = __hyp_va(hyp_pfn_to_phys(rec->pfn));
	u64 nr = rec->nr;
	u64 i = nr;

	rec->nr = 0;
	hyp_unpin_shared_mem(va, va + nr * PAGE_SIZE);
	/*
	 * The host may have shared and pinned the page for another hyp user
	 * too: the unshare is then refused, and the page stays shared until
	 * the host unshares it itself. Host input, so no WARN.
	 */
	while (i--)
		if (!alt_itt_covers(its, rec->pfn + i))
			__pkvm_host_unshare_hyp(rec->pfn + i);
}

/* P10: the DTEs of an L2 page that left the real L1 are gone with it. */
static void alt_itt_put_range(struct its_alt *its, u64 first, u64 nr_ids)
{
	u32 i;

	for (i = 0; i < its->nr_itts; i++)
		if (its->itts[i].nr && its->itts[i].devid - first < nr_ids)
			alt_itt_put(its, &its->itts[i]);
}

static int alt_mapd(struct its_alt *its, struct alt_seen *seen, const u64 *cmd,
		    struct alt_change *chg)
{
	struct alt_tbl *t = alt_tbl_of(its, GITS_BASER_TYPE_DEVICE);
	u64 size = FIELD_GET(ALT_CMD_MAPD_SIZE, cmd[1]);
	u32 devid = FIELD_GET(ALT_CMD_DEVID, cmd[0]);
	u64 itt = cmd[2] & ALT_CMD_MAPD_ITT;
	bool valid = cmd[2] & ALT_CMD_VALID;
	u64 bytes;
	int ret;

	if (!t || size > its->idbits || (u64)devid >> its->devbits)
		return -EINVAL;
	bytes = max_t(u64, BIT_ULL(size + 1) * its->ite_size, ALT_ITT_MIN_BYTES);
	if (valid && bytes > ALT_ITT_MAX_BYTES)
		return -E2BIG;
	ret = alt_l1_sync(seen, t, devid, valid, chg);
	if (ret)
		return ret;
	chg->stale = alt_itt_find(its, devid);
	if (!valid)
		return 0;
	ret = alt_itt_get(its, devid, hyp_phys_to_pfn(itt),
			  hyp_phys_to_pfn(itt + bytes - 1) - hyp_phys_to_pfn(itt) + 1,
			  &chg->fresh);
	if (ret)
		goto err_undo_l1;
	return 0;

err_undo_l1:
	chg->stale = NULL;
	if (chg->t)
		alt_l1_undo(chg);
	return ret;
}

/* 0: forward the command, with @chg to commit or undo; an error: refuse it. */
static int alt_filter(struct its_alt *its, struct alt_seen *seen, const u64 *cmd,
		      struct alt_change *chg)
{
	struct alt_tbl *t;

	memset(chg, 0, sizeof(*chg));
	switch (FIELD_GET(ALT_CMD_OPCODE, cmd[0])) {
	case GITS_CMD_MAPD:
		return alt_mapd(its, seen, cmd, chg);
	case GITS_CMD_MAPC:
		/* Without a table the collections live in the ITS itself. */
		t = alt_tbl_of(its, GITS_BASER_TYPE_COLLECTION);
		if (!t)
			return 0;
		return alt_l1_sync(seen, t, FIELD_GET(ALT_CMD_ICID, cmd[2]), false, chg);
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
	/* P5: vPE lookups only, and no vPE is ever mapped. */
	case ALT_CMD_VSGI:
	case ALT_CMD_VSYNC:
	case ALT_CMD_VINVALL:
	case ALT_CMD_INVDB:
		return 0;
	case ALT_CMD_VMOVI:
	case ALT_CMD_VMOVP:
	case ALT_CMD_VMAPP:
	case ALT_CMD_VMAPTI:
	case ALT_CMD_VMAPI:
		/* Named vPE state or memory the hyp does not track. */
		return -EPERM;
	}
	/* An opcode the hyp does not know may do anything. */
	return -EPERM;
}

/* The device ran the command: give back what it no longer uses. */
static void alt_commit(struct its_alt *its, struct alt_change *chg)
{
	const struct alt_tbl *t = chg->t;
	u64 epp;

	if (chg->stale)
		alt_itt_put(its, chg->stale);
	if (!t || !(chg->old & GITS_LVL1_ENTRY_VALID))
		return;
	if (t->type == GITS_BASER_TYPE_DEVICE) {
		epp = t->psz / t->esz;
		alt_itt_put_range(its, chg->idx * epp, epp);
	}
	alt_give_back(chg->old & ~GITS_LVL1_ENTRY_VALID, alt_l2_pages(t));
}

/* The device did not run it: undo what the filter took, last first. */
static void alt_undo(struct its_alt *its, struct alt_change *chg)
{
	if (chg->fresh)
		alt_itt_put(its, chg->fresh);
	if (chg->t)
		alt_l1_undo(chg);
}

/* Slots from @from up to @to, going round a queue of @len bytes. */
static u64 alt_slots(u64 from, u64 to, u64 len)
{
	return (to + len - from) % len / ITS_CMD_SIZE;
}

/*
 * P1: hand the one command at its->rd to the device and wait until it
 * has passed it. 0: it ran; -EIO: the device stalled on it; -EBUSY: it
 * did not get there in time.
 */
static int alt_submit_one(struct its_alt *its, u64 next, u64 retry)
{
	u64 creadr;
	int i;

	writeq_relaxed(next | retry, its->frame + GITS_CWRITER);
	for (i = 0; i < ALT_POLL_LIMIT; i++) {
		creadr = readq_relaxed(its->frame + GITS_CREADR);
		if (creadr & GITS_CREADR_STALLED)
			break;
		if ((creadr & GITS_CMDQ_OFFSET) == next)
			return 0;
	}
	/* Nothing past the slot may run later: its effects are about to go. */
	writeq_relaxed(its->rd, its->frame + GITS_CWRITER);
	return i < ALT_POLL_LIMIT ? -EIO : -EBUSY;
}

/* Filter, forward and run the command at its->rd. 0: go on; else stop. */
static int alt_step(struct its_alt *its, struct alt_seen *seen, u64 retry)
{
	void *host_slot = __hyp_va(its->q_host_pa + its->rd);
	void *slot = __hyp_va(its->q_pa + its->rd);
	struct alt_change chg;
	u64 cmd[4];
	u64 next;
	int ret;

	/* The only read of this slot: the host may be rewriting it. */
	memcpy(cmd, host_slot, sizeof(cmd));
	ret = alt_filter(its, seen, cmd, &chg);
	if (ret)
		return ret;
	memcpy(slot, cmd, sizeof(cmd));
	if (its->q_flush)
		kvm_flush_dcache_to_poc(slot, sizeof(cmd));
	/* The slot and any table change are visible before the doorbell. */
	dsb(ishst);
	next = its->rd + ITS_CMD_SIZE;
	if (next == its->q_len)
		next = 0;
	ret = alt_submit_one(its, next, retry);
	if (ret) {
		alt_undo(its, &chg);
		return ret;
	}
	alt_commit(its, &chg);
	its->rd = next;
	return 0;
}

static bool alt_enabled(const struct its_alt *its)
{
	return readl_relaxed(its->frame + GITS_CTLR) & GITS_CTLR_ENABLE;
}

/* Run what the host asked for, from its->rd up to its->want (P1, P2). */
static void alt_drain(struct its_alt *its, u64 retry)
{
	struct alt_seen seen = { .nr = 0 };
	u64 n;

	if (!alt_enabled(its))
		return;
	n = alt_slots(its->rd, its->want, its->q_len);
	while (n--)
		if (alt_step(its, &seen, retry))
			break;
}

/*
 * A host write of the low half of GITS_CWRITER. A misaligned offset
 * (bits [4:1]) or one at or beyond the queue names no slot: ignored. Bits
 * above 19 are RES0 and dropped; the device only ever sees the offset.
 */
static void alt_cwriter(struct its_alt *its, u64 val)
{
	u64 off = val & GITS_CMDQ_OFFSET;

	if (val & GENMASK_ULL(4, 1))
		return;
	if (off >= its->q_len)
		return;
	its->want = off;
	alt_drain(its, val & GITS_CWRITER_RETRY);
}

/* --- Trapped registers ---------------------------------------------------- */

static bool alt_idle(const struct its_alt *its)
{
	u32 ctlr = readl_relaxed(its->frame + GITS_CTLR);

	return !(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT);
}

/*
 * GITS_CTLR. An ITS disabled but not yet quiescent is still draining with
 * its old state: enabling it then is refused. Anything else is the host's
 * to do; an enable runs what was latched while disabled (P2).
 */
static void alt_ctlr(struct its_alt *its, bool write, u64 *reg)
{
	u32 ctlr = readl_relaxed(its->frame + GITS_CTLR);
	u32 val = *reg;

	if (!write) {
		*reg = ctlr;
		return;
	}
	if (!(ctlr & GITS_CTLR_ENABLE) && !(ctlr & GITS_CTLR_QUIESCENT) &&
	    (val & GITS_CTLR_ENABLE))
		return;
	writel_relaxed(val, its->frame + GITS_CTLR);
	if (!(ctlr & GITS_CTLR_ENABLE) && (val & GITS_CTLR_ENABLE))
		alt_drain(its, 0);
}

/*
 * GITS_CBASER: the queue stays the hyp's. Address, Size and Valid are
 * forced to setup's; the host picks attributes. The device restarts the
 * queue at 0, and so do the hyp and the emulated GITS_CWRITER.
 */
static void alt_cbaser_write(struct its_alt *its, u64 val)
{
	u64 fixed = GITS_CBASER_ADDRESS | GITS_CBASER_SIZE | GITS_CBASER_VALID;
	bool flush;

	if (!alt_idle(its))
		return;
	val = (val & ~fixed) | (its->cbaser & fixed);
	writeq_relaxed(val, its->frame + GITS_CBASER);
	/* What the device took: Shareability may be RAZ/WI. */
	val = readq_relaxed(its->frame + GITS_CBASER);
	flush = alt_no_snoop(val);
	if (flush && !its->q_flush)
		kvm_flush_dcache_to_poc(__hyp_va(its->q_pa), its->q_len);
	its->q_flush = flush;
	its->rd = 0;
	its->want = 0;
	its->shadow_cwriter = 0;
	writeq_relaxed(0, its->frame + GITS_CWRITER);
}

/*
 * GITS_BASER<n>: the table stays the one setup took. Everything that says
 * where and how big it is is forced to setup's; a different Indirect bit
 * (a flat table walked as an L1, or the reverse) refuses the write whole,
 * as does a register with no table behind it.
 */
static void alt_baser_write(struct its_alt *its, unsigned int n, u64 val)
{
	u64 fixed = GITS_BASER_VALID | GITS_BASER_INDIRECT | GITS_BASER_ADDRESS_4K |
		    GITS_BASER_PAGE_SIZE | GITS_BASER_SIZE | GITS_BASER_TYPE |
		    GITS_BASER_ENTRY_SIZE;
	struct alt_tbl *t = &its->tbl[n];
	bool flush;

	if (!alt_idle(its) || t->type == GITS_BASER_TYPE_NONE)
		return;
	if ((val ^ t->baser) & GITS_BASER_INDIRECT)
		return;
	val = (val & ~fixed) | (t->baser & fixed);
	writeq_relaxed(val, its->frame + GITS_BASER + n * sizeof(u64));
	val = readq_relaxed(its->frame + GITS_BASER + n * sizeof(u64));
	flush = alt_no_snoop(val);
	if (flush && !t->flush)
		alt_clean_table(t);
	t->flush = flush;
}

static u64 alt_reg64_read(struct its_alt *its, u64 reg_off)
{
	if (reg_off == GITS_CWRITER)
		return its->shadow_cwriter;
	return readq_relaxed(its->frame + reg_off);
}

/* @val is the whole register; @low: its low half was written. */
static void alt_reg64_write(struct its_alt *its, u64 reg_off, u64 val, bool low)
{
	switch (reg_off) {
	case GITS_CWRITER:
		its->shadow_cwriter = val;
		/* The offset is in the low half: only writing it runs commands. */
		if (low)
			alt_cwriter(its, val);
		return;
	case GITS_CBASER:
		alt_cbaser_write(its, val);
		return;
	}
	alt_baser_write(its, (reg_off - GITS_BASER) / sizeof(u64), val);
}

/*
 * An emulated 64-bit register takes 64-bit accesses and 32-bit ones to
 * either half, nothing narrower. A 32-bit write changes its half only:
 * the handler sees the whole register, the other half as it was.
 */
static void alt_reg64(struct its_alt *its, u64 offset, bool write, u64 *reg, u8 size)
{
	u64 mask = GENMASK_ULL(size * BITS_PER_BYTE - 1, 0);
	u32 shift = (offset % sizeof(u64)) * BITS_PER_BYTE;
	u64 reg_off = ALIGN_DOWN(offset, sizeof(u64));
	u64 cur;

	if (size != sizeof(u32) && size != sizeof(u64)) {
		if (!write)
			*reg = 0;
		return;
	}
	cur = alt_reg64_read(its, reg_off);
	if (!write) {
		*reg = (cur >> shift) & mask;
		return;
	}
	alt_reg64_write(its, reg_off, (cur & ~(mask << shift)) | ((*reg & mask) << shift),
			!shift);
}

static void alt_forward(void __iomem *addr, bool write, u64 *reg, u8 size)
{
	switch (size) {
	case 1:
		if (write)
			writeb_relaxed(*reg, addr);
		else
			*reg = readb_relaxed(addr);
		return;
	case 2:
		if (write)
			writew_relaxed(*reg, addr);
		else
			*reg = readw_relaxed(addr);
		return;
	case 4:
		if (write)
			writel_relaxed(*reg, addr);
		else
			*reg = readl_relaxed(addr);
		return;
	}
	if (write)
		writeq_relaxed(*reg, addr);
	else
		*reg = readq_relaxed(addr);
}

/* One access after setup, under its->lock. */
static void alt_trap(struct its_alt *its, u64 offset, bool write, u64 *reg, u8 size)
{
	switch (ALIGN_DOWN(offset, sizeof(u64))) {
	case GITS_CTLR:
		/* GITS_CTLR is the low word, 32-bit only; GITS_IIDR above it is forwarded. */
		if (offset >= GITS_CTLR + sizeof(u32))
			break;
		if (size == sizeof(u32))
			alt_ctlr(its, write, reg);
		else if (!write)
			*reg = 0;
		return;
	case GITS_CBASER:
	case GITS_CWRITER:
		alt_reg64(its, offset, write, reg, size);
		return;
	case GITS_CREADR:
		/*
		 * Read-only, except on an ITS beside a GIC with DS=1 (QEMU's),
		 * which would let the host move the read position the hyp keeps.
		 */
		if (write)
			return;
		break;
	default:
		if (offset >= GITS_BASER &&
		    offset < GITS_BASER + GITS_BASER_NR_REGS * sizeof(u64)) {
			alt_reg64(its, offset, write, reg, size);
			return;
		}
	}
	alt_forward(its->frame + offset, write, reg, size);
}

void pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			      bool write, u64 *reg, u8 reg_size)
{
	struct its_alt *its;

	/*
	 * The device takes 32- and 64-bit accesses in the control frame, 16-
	 * and 32-bit ones in the translation frame, aligned (another can
	 * abort: forwarding it would hand the host a panic).
	 */
	if ((offset < SZ_64K ? reg_size != 4 && reg_size != 8 : reg_size != 2 && reg_size != 4) ||
	    !IS_ALIGNED(offset, reg_size) || offset >= region->nr_pages * PAGE_SIZE) {
		if (!write)
			*reg = 0;
		return;
	}

	its = smp_load_acquire(&region->priv);
	if (!its) {
		/* Not set up: the device must keep working, so forward as it came. */
		hyp_spin_lock(&alt_setup_lock);
		its = smp_load_acquire(&region->priv);
		if (!its)
			alt_forward(alt_frame(region) + offset, write, reg, reg_size);
		hyp_spin_unlock(&alt_setup_lock);
		if (!its)
			return;
	}
	hyp_spin_lock(&its->lock);
	alt_trap(its, offset, write, reg, reg_size);
	hyp_spin_unlock(&its->lock);
}
