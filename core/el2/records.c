// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page records at EL2: the vmemmap behind the hyp's struct hyp_page, and
 * what the layers above read of it (el2/host.h; core/machine's
 * machine_page(), journal and touched pages). The simulation's
 * counterpart is core/machine/mem.c.
 *
 * Every page below 4 GiB has a record: the host's and the hyp's page
 * state, the pin count, and the two leaves the mediator's page-table
 * calls read and write (the host stage-2, which at EL2 is only this
 * record, and the hyp stage-1). Pages of RAM have theirs in a vmemmap;
 * others (MMIO, holes) in a small hash table, created at their boot state
 * on first use. A record the run looked at is "touched" (in the order of
 * first use, as the simulation keeps it), and the first change to one
 * within an entry saves the old record in the journal (O3). Beside the
 * records: the oracle's word per page, and a bit per 4 KiB granule of RAM
 * that may have been written since boot.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/kvm_pgtable.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include <el2/host.h>

#include "el2_internal.h"

#define OTHERS_MAX	8192	/* records of non-RAM pages: a power of two */
#define JOURNAL_MAX	65536	/* as the simulation's */
#define GRANULE_SHIFT	12

struct other_page {
	u64 pfn_plus1;		/* 0: free slot */
	struct hyp_page page;
};

static struct hyp_page *vmemmap;
static uint64_t vmemmap_first_pfn;
static uint64_t vmemmap_nr;
static struct other_page *others;
static unsigned int nr_others;
static uint32_t *touched;
static unsigned int nr_touched;
static struct el2_journal_entry *journal;
static unsigned int nr_journal;
static bool journal_overflow;
static uint32_t step_epoch = 1;
static uint8_t *written;	/* a bit per 4 KiB granule of RAM */

bool addr_is_memory(phys_addr_t phys)
{
	return phys >= EL2_RAM_BASE && phys < el2_ram_end();
}

bool addr_is_mmio(phys_addr_t phys)
{
	return el2_in_its(phys) ||
	       (phys >= EL2_DEV_BASE &&
		phys < EL2_DEV_BASE + el2_platform_config()->nr_devices * EL2_DEV_SIZE);
}

/* The hyp's memblock list: RAM, the carve-out included, is one region. */
static struct memblock_region memblock_regions[1];
unsigned int hyp_memblock_nr = ARRAY_SIZE(memblock_regions);

struct memblock_region *__hyp_memblock_regions(void)
{
	memblock_regions[0].base = EL2_RAM_BASE;
	memblock_regions[0].size = el2_ram_end() - EL2_RAM_BASE;
	memblock_regions[0].flags = 0;
	return memblock_regions;
}

/* The boot state: the carve-out and the ITS frame the hyp's, the rest the host's. */
static void page_default(u64 pfn, struct hyp_page *p)
{
	u64 pa = pfn << PAGE_SHIFT;

	memset(p, 0, sizeof(*p));
	p->rec.host_state = PKVM_PAGE_OWNED;
	p->rec.hyp_state = PKVM_NOPAGE;
	if ((pa >= EL2_RAM_BASE && pa < EL2_RAM_BASE + EL2_CARVEOUT) || el2_in_its(pa)) {
		p->rec.host_pte = FIELD_PREP(KVM_INVALID_PTE_OWNER_MASK, PKVM_ID_HYP);
		p->rec.hyp_pte = KVM_PTE_VALID | (pa & KVM_PTE_ADDR_MASK) |
				 KVM_PTE_LEAF_ATTR_R | KVM_PTE_LEAF_ATTR_W |
				 (el2_in_its(pa) ? KVM_PTE_LEAF_ATTR_DEVICE : 0);
		p->rec.host_state = PKVM_NOPAGE;
		p->rec.hyp_state = PKVM_PAGE_OWNED;
	}
}

static bool pfn_valid(u64 pfn)
{
	return pfn < (EL2_PA_LIMIT >> PAGE_SHIFT);
}

/* The record of a valid @pfn, created at its boot state; not touched. */
struct hyp_page *el2_page_lookup(u64 pfn)
{
	u64 mask = OTHERS_MAX - 1;
	struct other_page *o;
	u64 i;

	if (pfn - vmemmap_first_pfn < vmemmap_nr)
		return &vmemmap[pfn - vmemmap_first_pfn];
	for (i = (pfn * 0x9e3779b97f4a7c15ULL) >> 51 & mask;; i = (i + 1) & mask) {
		o = &others[i];
		if (o->pfn_plus1 == pfn + 1)
			return &o->page;
		if (!o->pfn_plus1)
			break;
	}
	/* Half full at most: probes stay short and always end. */
	if (++nr_others > OTHERS_MAX / 2)
		el2_fatal("more than %d non-RAM page records", OTHERS_MAX / 2);
	o->pfn_plus1 = pfn + 1;
	page_default(pfn, &o->page);
	return &o->page;
}

/* The record of a valid @pfn, as the run uses it: the first use touches it. */
struct hyp_page *el2_page_get(u64 pfn)
{
	struct hyp_page *p = el2_page_lookup(pfn);

	if (!p->touched) {
		p->touched = true;
		touched[nr_touched++] = (uint32_t)pfn;
	}
	return p;
}

static u64 page_pfn(const struct hyp_page *p)
{
	const struct other_page *o;

	if (p >= vmemmap && p < vmemmap + vmemmap_nr)
		return vmemmap_first_pfn + (u64)(p - vmemmap);
	o = (const struct other_page *)((const char *)p - offsetof(struct other_page, page));
	return o->pfn_plus1 - 1;
}

/* Save the record before its first change in this entry (O3). */
void el2_page_journal(struct hyp_page *p)
{
	if (p->step_epoch == step_epoch)
		return;
	p->step_epoch = step_epoch;
	if (nr_journal == JOURNAL_MAX) {
		journal_overflow = true;
		return;
	}
	journal[nr_journal].pfn = page_pfn(p);
	journal[nr_journal].old = p->rec;
	nr_journal++;
}

void el2_mark_written(uint64_t pa, uint64_t len)
{
	uint64_t g;

	if (!len || !addr_is_memory(pa) || !addr_is_memory(pa + len - 1))
		return;
	for (g = (pa - EL2_RAM_BASE) >> GRANULE_SHIFT;
	     g <= (pa + len - 1 - EL2_RAM_BASE) >> GRANULE_SHIFT; g++)
		written[g / 8] |= (uint8_t)(1u << (g % 8));
}

bool el2_granule_written(uint64_t pa)
{
	uint64_t g;

	if (!addr_is_memory(pa))
		return false;
	g = (pa - EL2_RAM_BASE) >> GRANULE_SHIFT;
	return written[g / 8] & (1u << (g % 8));
}

struct hyp_page *hyp_phys_to_page(phys_addr_t phys)
{
	u64 pfn = phys >> PAGE_SHIFT;

	if (!pfn_valid(pfn))
		el2_report("O9", "hyp_panic", "vmemmap used for pa 0x%llx outside memory",
			   (unsigned long long)phys);
	return el2_page_get(pfn);
}

phys_addr_t hyp_page_to_phys(const struct hyp_page *p)
{
	return page_pfn(p) << PAGE_SHIFT;
}

enum pkvm_page_state get_host_state(const struct hyp_page *p)
{
	return (enum pkvm_page_state)p->rec.host_state;
}

enum pkvm_page_state get_hyp_state(const struct hyp_page *p)
{
	return (enum pkvm_page_state)p->rec.hyp_state;
}

void set_host_state(struct hyp_page *p, enum pkvm_page_state state)
{
	el2_page_journal(p);
	p->rec.host_state = (u8)state;
}

void set_hyp_state(struct hyp_page *p, enum pkvm_page_state state)
{
	el2_page_journal(p);
	p->rec.hyp_state = (u8)state;
}

unsigned short hyp_page_count(const struct hyp_page *p)
{
	return p->rec.refcount;
}

void hyp_page_ref_inc(struct hyp_page *p)
{
	if (p->rec.refcount == 0xffff)
		el2_report("O9", "hyp_panic", "refcount overflow at pfn 0x%llx",
			   (unsigned long long)page_pfn(p));
	el2_page_journal(p);
	p->rec.refcount++;
}

void hyp_page_ref_dec(struct hyp_page *p)
{
	if (!p->rec.refcount)
		el2_report("O9", "hyp_panic", "refcount underflow at pfn 0x%llx",
			   (unsigned long long)page_pfn(p));
	el2_page_journal(p);
	p->rec.refcount--;
}

/* Set-up: every page at its boot state, nothing touched, nothing written. */
void el2_records_init(uint64_t ram_size)
{
	u64 i;

	vmemmap_first_pfn = EL2_RAM_BASE >> PAGE_SHIFT;
	vmemmap_nr = ram_size >> PAGE_SHIFT;
	vmemmap = el2_alloc(vmemmap_nr * sizeof(*vmemmap), 64);
	for (i = 0; i < vmemmap_nr; i++)
		page_default(vmemmap_first_pfn + i, &vmemmap[i]);
	others = el2_alloc(OTHERS_MAX * sizeof(*others), 64);
	touched = el2_alloc((vmemmap_nr + OTHERS_MAX / 2) * sizeof(*touched), 64);
	journal = el2_alloc(JOURNAL_MAX * sizeof(*journal), 64);
	written = el2_alloc(DIV_ROUND_UP(ram_size >> GRANULE_SHIFT, 8), 64);
	/* QEMU loaded the image into the carve-out: the only RAM not zero at boot. */
	el2_mark_written(EL2_RAM_BASE, EL2_CARVEOUT);
}

/* The journal and the touched pages (el2/host.h) ------------------------- */

void el2_step_begin(void)
{
	if (++step_epoch == 0)
		step_epoch = 1;
	nr_journal = 0;
	journal_overflow = false;
}

const struct el2_journal_entry *el2_step_journal(unsigned int *nr, bool *overflow)
{
	*nr = nr_journal;
	*overflow = journal_overflow;
	return journal;
}

unsigned int el2_touched(void)
{
	return nr_touched;
}

uint64_t el2_touched_pfn(unsigned int i)
{
	return touched[i];
}

uint64_t *el2_oracle_word(uint64_t pfn)
{
	return pfn_valid(pfn) ? &el2_page_get(pfn)->oracle : NULL;
}

/* The host's side (el2/host.h) ------------------------------------------- */

bool el2_page(uint64_t pfn, struct el2_page_rec *rec)
{
	if (!pfn_valid(pfn))
		return false;
	*rec = el2_page_get(pfn)->rec;
	return true;
}

uint64_t el2_page_size(void)
{
	return PAGE_SIZE;
}

unsigned int el2_page_shift(void)
{
	return PAGE_SHIFT;
}

