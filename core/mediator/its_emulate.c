// SPDX-License-Identifier: GPL-2.0-only
/*
 * ITS emulation setup and teardown.
 *
 * The host describes the ITS state it prepared (the real command queue and
 * its own copy of it, each GITS_BASER<n> value with its table and, for a
 * two-level table, its own copy of the L1) and hands over pages for the
 * hyp's private state. From then on the hyp owns everything the device
 * walks: the queue, every table and every L2 page a valid L1 entry names,
 * so that the host, which can only reach the device through the hyp's
 * command filter, can no longer steer the device's DMA into hyp memory.
 *
 * The description is hostile and the host runs on another CPU while the
 * hyp works. Hence:
 *  - the state page is donated before it is read, so it cannot change
 *    under the checks, and everything the hardware can tell (addresses,
 *    sizes, page sizes, layout) is checked against the hardware;
 *  - memory is read only while the hyp owns it: the real L1 is read after
 *    its donation, and before it is given back (rollback and teardown
 *    return the L2 pages first), since once the host owns a page it may
 *    be rewriting it;
 *  - every transition is undone in reverse on error, through one "set up
 *    one" / "tear down one" pair per object.
 */
#include <linux/bitfield.h>
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

#include "its_internal.h"

/* The queue or one table, as checked against the hardware. */
struct its_table {
	u64 pa;			/* the real table or queue */
	u64 nr_pages;		/* host pages of it; 0: nothing to set up */
	u64 host_pa;		/* the host's copy (queue, or indirect L1) */
	u64 host_nr_pages;
	u64 l1_entries;		/* entries of the real L1; 0: flat */
	u64 psz;		/* ITS page size */
	bool needs_flush;	/* the device does not snoop: clean to PoC */
};

/* Inputs that must not overlap: priv, state, queue + copy, tables + L1s. */
#define ITS_MAX_RANGES		(2 + 2 + 2 * GITS_BASER_NR_REGS)

DEFINE_HYP_SPINLOCK(its_setup_lock);

u64 host_va_to_phys(const void *host_va)
{
	return __hyp_pa(kern_hyp_va(host_va));
}

static struct pkvm_protected_reg *its_find_region(phys_addr_t dev_addr)
{
	unsigned int i;

	for (i = 0; i < pkvm_nr_protected_regs; i++) {
		struct pkvm_protected_reg *reg = &pkvm_protected_regs[i];

		if (hyp_pfn_to_phys(reg->pfn) == dev_addr)
			return reg;
	}
	return NULL;
}

/* Share then pin @nr_pages host pages at @pa: the hyp reads them later. */
static int its_share_pin(u64 pa, u64 nr_pages)
{
	void *va = __hyp_va(pa);
	int ret;
	u64 i;

	for (i = 0; i < nr_pages; i++) {
		ret = __pkvm_host_share_hyp(hyp_phys_to_pfn(pa) + i);
		if (ret)
			goto err_unshare;
	}
	ret = hyp_pin_shared_mem(va, va + nr_pages * PAGE_SIZE);
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

static void its_unpin_unshare(u64 pa, u64 nr_pages)
{
	void *va = __hyp_va(pa);
	u64 i = nr_pages;

	hyp_unpin_shared_mem(va, va + nr_pages * PAGE_SIZE);
	/* Refused only while another hyp user pins the page: it stays shared. */
	while (i--)
		__pkvm_host_unshare_hyp(hyp_phys_to_pfn(pa) + i);
}

/*
 * The L2 page a valid L1 entry names. The address is taken with the
 * physical-address mask so that attribute or RES0 bits never reach a page
 * number; a host that sets them, or names a page the hyp cannot donate
 * whole, described no table Linux builds, and is refused.
 */
int its_l1_entry_pa(u64 entry, u64 psz, u64 *pa)
{
	u64 addr = entry & GITS_LVL1_ENTRY_ADDR;

	if (entry & ~(GITS_LVL1_ENTRY_VALID | GITS_LVL1_ENTRY_ADDR))
		return -EINVAL;
	if (addr & ~PHYS_MASK)
		return -EINVAL;
	*pa = addr & PHYS_MASK;
	if (!IS_ALIGNED(*pa, psz) || !PAGE_ALIGNED(*pa))
		return -EINVAL;
	return 0;
}

static int its_l2_pa(const struct its_table *t, u64 entry, u64 *pa)
{
	return its_l1_entry_pa(entry, t->psz, pa);
}

/* Host pages per L2 page: an ITS page may be smaller than a host page. */
static u64 its_l2_nr_pages(const struct its_table *t)
{
	return DIV_ROUND_UP(t->psz, (u64)PAGE_SIZE);
}

/* Give back the L2 pages of the first @nr entries of the real L1, last first. */
/*
 * What the host left in a table it hands over is the host's word, in a
 * format the architecture leaves to the implementation: entries naming
 * ITTs anywhere. The hyp clears it; the host maps its devices again
 * through the command filter. The device must see the zeros.
 */
static void its_clear_table(const struct its_table *t, u64 pa, u64 size)
{
	void *va = __hyp_va(pa);

	memset(va, 0, size);
	if (t->needs_flush)
		dcache_clean_inval_poc((unsigned long)va, (unsigned long)va + size);
	else
		dsb(ishst);
}

static void its_give_back_l2s(const struct its_table *t, u64 nr)
{
	const u64 *l1 = __hyp_va(t->pa);
	u64 entry;
	u64 pa;

	while (nr--) {
		entry = READ_ONCE(l1[nr]);
		if (!(entry & GITS_LVL1_ENTRY_VALID))
			continue;
		/* Donated by its_setup_table() from this very entry. */
		if (WARN_ON(its_l2_pa(t, entry, &pa)))
			continue;
		WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(pa), its_l2_nr_pages(t)));
	}
}

/*
 * Tear down one table, in the reverse order of its set-up. The L2 pages go
 * back while the hyp still owns the L1 that names them; the real table
 * goes back last, because from then on the host may rewrite it.
 */
static void its_teardown_table(const struct its_table *t)
{
	if (!t->nr_pages)
		return;
	if (t->l1_entries) {
		its_give_back_l2s(t, t->l1_entries);
		its_unpin_unshare(t->host_pa, t->host_nr_pages);
	}
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(t->pa), t->nr_pages));
}

/*
 * Set up one table: donate the real table; for a two-level one, share and
 * pin the host's L1 copy (the command filter reads the host's updates from
 * it) and donate every L2 page a valid entry of the *real* L1 names, read
 * only now that the host can no longer write it.
 */
static int its_setup_table(const struct its_table *t)
{
	const u64 *l1 = __hyp_va(t->pa);
	u64 entry;
	int ret;
	u64 pa;
	u64 i;

	if (!t->nr_pages)
		return 0;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(t->pa), t->nr_pages);
	if (ret)
		return ret;
	if (!t->l1_entries) {
		its_clear_table(t, t->pa, t->nr_pages * PAGE_SIZE);
		return 0;
	}
	ret = its_share_pin(t->host_pa, t->host_nr_pages);
	if (ret)
		goto err_give_back_table;
	/*
	 * A device that did not snoop may have written this memory before
	 * the hyp took it (an L2 or a table of an earlier setup, under other
	 * attributes than the table's now): drop any line the hyp holds of it
	 * before reading the entries, whatever the attributes are today.
	 */
	dcache_clean_inval_poc((unsigned long)l1, (unsigned long)l1 + t->l1_entries * sizeof(*l1));
	for (i = 0; i < t->l1_entries; i++) {
		entry = READ_ONCE(l1[i]);
		if (!(entry & GITS_LVL1_ENTRY_VALID))
			continue;
		ret = its_l2_pa(t, entry, &pa);
		if (ret)
			goto err_give_back_l2s;
		ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(pa), its_l2_nr_pages(t));
		if (ret)
			goto err_give_back_l2s;
		its_clear_table(t, pa, t->psz);
	}
	return 0;

err_give_back_l2s:
	its_give_back_l2s(t, i);
	its_unpin_unshare(t->host_pa, t->host_nr_pages);
err_give_back_table:
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(t->pa), t->nr_pages));
	return ret;
}

/* The queue: share and pin the host's copy, then donate the real queue. */
static int its_setup_queue(const struct its_table *q)
{
	int ret;

	ret = its_share_pin(q->host_pa, q->host_nr_pages);
	if (ret)
		return ret;
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(q->pa), q->nr_pages);
	if (ret)
		goto err_unshare;
	return 0;

err_unshare:
	its_unpin_unshare(q->host_pa, q->host_nr_pages);
	return ret;
}

static void its_teardown_queue(const struct its_table *q)
{
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(q->pa), q->nr_pages));
	its_unpin_unshare(q->host_pa, q->host_nr_pages);
}

/*
 * The command queue the host describes must be the one GITS_CBASER names:
 * otherwise the hyp would guard a decoy while the device reads commands
 * from memory the host still owns. The device's read position must lie
 * in it: the hyp takes it for its own (QEMU's ITS lets the host write
 * GITS_CREADR, and the device only ever moves it within the queue).
 */
static int its_parse_queue(u64 cbaser, u64 creadr, const struct its_host_state *state,
			   struct its_table *q)
{
	void *cmd_host_copy = READ_ONCE(state->cmd_host_copy);
	void *cmd_original = READ_ONCE(state->cmd_original);
	u64 cmdq_len = READ_ONCE(state->cmdq_len);
	u64 len;

	if (!(cbaser & GITS_CBASER_VALID))
		return -EINVAL;
	len = (FIELD_GET(GITS_CBASER_SIZE, cbaser) + 1) * GITS_CBASER_PAGE_SIZE;
	if (cmdq_len != len || (creadr & GITS_CMDQ_OFFSET) >= len)
		return -EINVAL;
	q->pa = host_va_to_phys(cmd_original);
	q->host_pa = host_va_to_phys(cmd_host_copy);
	if (q->pa != (cbaser & GITS_CBASER_ADDRESS))
		return -EINVAL;
	if (!PAGE_ALIGNED(q->pa) || !PAGE_ALIGNED(q->host_pa))
		return -EINVAL;
	q->nr_pages = DIV_ROUND_UP(len, (u64)PAGE_SIZE);
	q->host_nr_pages = q->nr_pages;
	q->l1_entries = 0;
	q->psz = GITS_CBASER_PAGE_SIZE;
	return 0;
}

static int its_baser_psz(u64 baser, u64 *psz)
{
	switch (FIELD_GET(GITS_BASER_PAGE_SIZE, baser)) {
	case GITS_BASER_PAGE_SIZE_4K:
		*psz = SZ_4K;
		return 0;
	case GITS_BASER_PAGE_SIZE_16K:
		*psz = SZ_16K;
		return 0;
	case GITS_BASER_PAGE_SIZE_64K:
		*psz = SZ_64K;
		return 0;
	}
	return -EINVAL;
}

u64 its_baser_pa(u64 baser, u64 psz)
{
	if (psz == SZ_64K)
		return (baser & GITS_BASER_ADDRESS_64K) |
		       FIELD_GET(GITS_BASER_ADDRESS_64K_HI, baser) << 48;
	return baser & GITS_BASER_ADDRESS_4K;
}

/*
 * One table as the hyp's copy of the host state describes it, each field
 * consistent with the BASER value and with an allocation Linux makes:
 * exactly the 2^order host pages that hold (Size + 1) ITS pages.
 *
 * Collection tables are taken like the others, L2 pages included: the
 * device writes collection entries wherever the L1 points, so a table the
 * host kept would let it aim MAPC's writes at hyp memory.
 */
/* IDs of the table's type the device takes. */
static u64 its_table_ids(u64 typer, u64 baser)
{
	switch (FIELD_GET(GITS_BASER_TYPE, baser)) {
	case GITS_BASER_TYPE_DEVICE:
		return BIT_ULL(FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1);
	case GITS_BASER_TYPE_COLLECTION:
		if (typer & GITS_TYPER_CIL)
			return BIT_ULL(FIELD_GET(GITS_TYPER_CIDBITS, typer) + 1);
		return BIT_ULL(16);
	default:
		return BIT_ULL(16);
	}
}

/*
 * The L1 entries of a two-level table the device indexes: those past the
 * last ID name L2 pages it never walks, so the hyp takes none for them
 * (at setup, or for a command) and teardown looks no further.
 */
u64 its_l1_entries(u64 typer, u64 baser, u64 psz)
{
	u64 esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, baser) + 1;
	u64 bytes = (FIELD_GET(GITS_BASER_SIZE, baser) + 1) * psz;

	return min(bytes / GITS_LVL1_ENTRY_SIZE,
		   DIV_ROUND_UP(its_table_ids(typer, baser), psz / esz));
}

static int its_parse_table(const struct its_baser_state *desc, u64 typer, struct its_table *t)
{
	void *base_snapshot = READ_ONCE(desc->base_snapshot);
	void *base = READ_ONCE(desc->base);
	u32 order = READ_ONCE(desc->order);
	u64 val = READ_ONCE(desc->val);
	u32 psz = READ_ONCE(desc->psz);
	u64 nr_pages;
	u64 bytes;
	u64 alloc;
	int ret;

	memset(t, 0, sizeof(*t));
	if (!(val & GITS_BASER_VALID))
		return 0;
	switch (FIELD_GET(GITS_BASER_TYPE, val)) {
	case GITS_BASER_TYPE_DEVICE:
	case GITS_BASER_TYPE_VCPU:
	case GITS_BASER_TYPE_COLLECTION:
		break;
	default:
		return -EINVAL;
	}
	ret = its_baser_psz(val, &t->psz);
	if (ret)
		return ret;
	if (psz != t->psz)
		return -EINVAL;
	bytes = (FIELD_GET(GITS_BASER_SIZE, val) + 1) * t->psz;

	/* 64-bit arithmetic: an order of 32 or more is just too large. */
	nr_pages = order < 64 ? BIT_ULL(order) : 0;
	if (!nr_pages || check_mul_overflow(nr_pages, (u64)PAGE_SIZE, &alloc))
		return -EINVAL;
	if (alloc < bytes || (nr_pages > 1 && alloc / 2 >= bytes))
		return -EINVAL;

	t->pa = its_baser_pa(val, t->psz);
	t->needs_flush = its_attrs_need_clean(val);
	if (host_va_to_phys(base) != t->pa)
		return -EINVAL;
	if (!IS_ALIGNED(t->pa, t->psz) || !PAGE_ALIGNED(t->pa))
		return -EINVAL;
	t->nr_pages = nr_pages;
	if (!(val & GITS_BASER_INDIRECT))
		return 0;
	t->host_pa = host_va_to_phys(base_snapshot);
	if (!PAGE_ALIGNED(t->host_pa))
		return -EINVAL;
	t->host_nr_pages = nr_pages;
	t->l1_entries = its_l1_entries(typer, val, t->psz);
	return 0;
}

static bool its_ranges_overlap(const u64 (*r)[2], unsigned int nr)
{
	unsigned int i;
	unsigned int j;

	for (i = 0; i < nr; i++)
		for (j = 0; j < i; j++)
			if (r[i][0] < r[j][0] + r[j][1] && r[j][0] < r[i][0] + r[i][1])
				return true;
	return false;
}

/*
 * Check the hyp's copy of the host state against the hardware; fill @q and
 * @tables. Every size is bounded by the hardware's own fields (at most
 * 256 pages of 64 KiB), so the byte ranges below cannot overflow.
 */
static int its_parse_state(void __iomem *base, const struct its_host_state *state,
			   u64 priv_pa, u64 priv_size, u64 state_pa,
			   struct its_table *q, struct its_table *tables)
{
	u64 typer = readq_relaxed(base + GITS_TYPER);
	u64 ranges[ITS_MAX_RANGES][2];
	unsigned int nr = 0;
	unsigned int i;
	u64 baser;
	int ret;

	ret = its_parse_queue(readq_relaxed(base + GITS_CBASER),
			      readq_relaxed(base + GITS_CREADR), state, q);
	if (ret)
		return ret;
	ranges[nr][0] = priv_pa;
	ranges[nr++][1] = priv_size;
	ranges[nr][0] = state_pa;
	ranges[nr++][1] = PAGE_SIZE;
	ranges[nr][0] = q->pa;
	ranges[nr++][1] = q->nr_pages * PAGE_SIZE;
	ranges[nr][0] = q->host_pa;
	ranges[nr++][1] = q->host_nr_pages * PAGE_SIZE;

	for (i = 0; i < GITS_BASER_NR_REGS; i++) {
		baser = readq_relaxed(base + GITS_BASER + i * sizeof(baser));
		/* The layout the device walks is the hardware's, not the host's word. */
		if (READ_ONCE(state->tables[i].val) != baser)
			return -EINVAL;
		ret = its_parse_table(&state->tables[i], typer, &tables[i]);
		if (ret)
			return ret;
		if (!tables[i].nr_pages)
			continue;
		ranges[nr][0] = tables[i].pa;
		ranges[nr++][1] = tables[i].nr_pages * PAGE_SIZE;
		if (!tables[i].l1_entries)
			continue;
		ranges[nr][0] = tables[i].host_pa;
		ranges[nr++][1] = tables[i].host_nr_pages * PAGE_SIZE;
	}
	return its_ranges_overlap(ranges, nr) ? -EINVAL : 0;
}

static void its_init_priv(struct its_priv_state *priv, void __iomem *base,
			  const struct its_table *q, struct its_host_state *state,
			  u64 priv_num_pages)
{
	u64 cbaser = readq_relaxed(base + GITS_CBASER);
	u64 size = priv_num_pages * PAGE_SIZE;

	memset(priv, 0, size);
	priv->base = base;
	priv->cmd_original = __hyp_va(q->pa);
	priv->cmd_host_copy = __hyp_va(q->host_pa);
	priv->cmd_offset = readq_relaxed(base + GITS_CREADR) & GITS_CMDQ_OFFSET;
	/*
	 * From now on the device runs only what the hyp filtered: drop what
	 * the host left pending (or out of range) in the hardware CWRITER.
	 */
	priv->cwriter = priv->cmd_offset;
	writeq_relaxed(priv->cmd_offset, base + GITS_CWRITER);
	priv->needs_flush = its_attrs_need_clean(cbaser);
	hyp_spin_lock_init(&priv->its_lock);
	priv->host_state = state;
	priv->nr_pages = priv_num_pages;
	priv->num_tracked_entries = (size - sizeof(*priv)) / sizeof(priv->tracked_entries[0]);
}

int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
			   u64 priv_num_pages)
{
	struct its_table tables[GITS_BASER_NR_REGS];
	struct pkvm_protected_reg *region;
	struct its_priv_state *hyp_priv;
	struct its_host_state *state;
	void __iomem *base;
	struct its_table q;
	unsigned int i;
	u64 priv_size;
	u64 priv_end;
	u64 state_pa;
	u64 priv_pa;
	int ret;

	if (!PAGE_ALIGNED(host_state) || !PAGE_ALIGNED(priv) || !priv_num_pages)
		return -EINVAL;
	if (check_mul_overflow(priv_num_pages, (u64)PAGE_SIZE, &priv_size) ||
	    priv_size < sizeof(*hyp_priv))
		return -EINVAL;
	state_pa = host_va_to_phys(host_state);
	priv_pa = host_va_to_phys(priv);
	if (check_add_overflow(priv_pa, priv_size, &priv_end))
		return -EINVAL;
	if (state_pa >= priv_pa && state_pa < priv_end)
		return -EINVAL;

	hyp_spin_lock(&its_setup_lock);

	region = its_find_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto unlock;
	}
	if (region->priv) {
		ret = -EBUSY;
		goto unlock;
	}
	base = (void __iomem *)__hyp_va(dev_addr);

	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(priv_pa), priv_num_pages);
	if (ret)
		goto unlock;
	/* Donated before it is read: the host cannot change it under the checks. */
	ret = __pkvm_host_donate_hyp(hyp_phys_to_pfn(state_pa), 1);
	if (ret)
		goto err_give_back_priv;
	state = __hyp_va(state_pa);
	hyp_priv = __hyp_va(priv_pa);

	ret = its_parse_state(base, state, priv_pa, priv_size, state_pa, &q, tables);
	if (ret)
		goto err_give_back_state;
	ret = its_setup_queue(&q);
	if (ret)
		goto err_give_back_state;
	for (i = 0; i < GITS_BASER_NR_REGS; i++) {
		ret = its_setup_table(&tables[i]);
		if (ret)
			goto err_teardown_tables;
	}

	its_init_priv(hyp_priv, base, &q, state, priv_num_pages);
	/* Trap handlers read ->priv with acquire: they see it complete. */
	smp_store_release(&region->priv, hyp_priv);
	goto unlock;

err_teardown_tables:
	while (i--)
		its_teardown_table(&tables[i]);
	its_teardown_queue(&q);
err_give_back_state:
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(state_pa), 1));
err_give_back_priv:
	WARN_ON(__pkvm_hyp_donate_host(hyp_phys_to_pfn(priv_pa), priv_num_pages));
unlock:
	hyp_spin_unlock(&its_setup_lock);
	return ret;
}

/*
 * Undo a complete setup, for a host that resets its ITS (kexec, driver
 * unbind). Not in the reviewed series: it exists so that the fuzzer runs
 * "tear down one table" on every layout a setup accepted, not only on the
 * prefixes an error path reaches. The ITS must be disabled and quiescent,
 * or the device would go on walking tables the host is about to own. The
 * private state is cleared before it goes back; the host's description
 * goes back as it came, so the host may set up again.
 */
int pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	struct its_table tables[GITS_BASER_NR_REGS];
	struct pkvm_protected_reg *region;
	struct its_priv_state *hyp_priv;
	struct its_host_state *state;
	struct its_table q;
	unsigned int i;
	int ret = 0;
	u64 nr_pages;
	u32 ctlr;

	hyp_spin_lock(&its_setup_lock);

	region = its_find_region(dev_addr);
	if (!region) {
		ret = -ENODEV;
		goto unlock;
	}
	hyp_priv = region->priv;
	if (!hyp_priv) {
		ret = -ENOENT;
		goto unlock;
	}
	ctlr = readl_relaxed(hyp_priv->base + GITS_CTLR);
	if ((ctlr & GITS_CTLR_ENABLE) || !(ctlr & GITS_CTLR_QUIESCENT)) {
		ret = -EBUSY;
		goto unlock;
	}

	/* Checked at setup and private since: parsing again cannot fail. */
	state = hyp_priv->host_state;
	memset(&q, 0, sizeof(q));
	q.pa = __hyp_pa(hyp_priv->cmd_original);
	q.host_pa = __hyp_pa(hyp_priv->cmd_host_copy);
	q.nr_pages = DIV_ROUND_UP(state->cmdq_len, (u64)PAGE_SIZE);
	q.host_nr_pages = q.nr_pages;
	for (i = 0; i < GITS_BASER_NR_REGS; i++) {
		if (WARN_ON(its_parse_table(&state->tables[i],
					    readq_relaxed(hyp_priv->base + GITS_TYPER), &tables[i]))) {
			ret = -EINVAL;
			goto unlock;
		}
	}

	hyp_spin_lock(&hyp_priv->its_lock);
	WRITE_ONCE(region->priv, NULL);
	hyp_spin_unlock(&hyp_priv->its_lock);

	/* The device no longer walks the ITTs: unpin and unshare them. */
	its_cmdq_teardown(hyp_priv);

	i = GITS_BASER_NR_REGS;
	while (i--)
		its_teardown_table(&tables[i]);
	its_teardown_queue(&q);
	nr_pages = hyp_priv->nr_pages;
	WARN_ON(__pkvm_hyp_donate_host(hyp_virt_to_pfn(state), 1));
	memset(hyp_priv, 0, nr_pages * PAGE_SIZE);
	WARN_ON(__pkvm_hyp_donate_host(hyp_virt_to_pfn(hyp_priv), nr_pages));

unlock:
	hyp_spin_unlock(&its_setup_lock);
	return ret;
}
