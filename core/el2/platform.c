// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hyp API of core/include, implemented at EL2 (the simulated machine's
 * counterpart is core/machine/platform.c; this file shares no code with
 * it, but follows its semantics call for call, so that a program gets the
 * same verdict in both).
 *
 * Page records. Every page of RAM has a vmemmap record (struct hyp_page):
 * the host's and the hyp's page state, the pin count, and the two leaves
 * the mediator's page-table calls read and write: the host stage-2 (there
 * is no host at EL2, so its stage-2 is only this record) and the hyp
 * stage-1. A leaf is kept in 16 bits: mappings are identity (host IPA ==
 * PA, hyp VA == PA), so the address is implied and only the valid bit,
 * the permissions and the device attribute, or an owner annotation,
 * remain; the kvm_pte_t the mediator sees is rebuilt from them. Pages
 * below 4 GiB that are not RAM (MMIO, holes) get the same record in a
 * small hash table on first use, as the simulation gives every page one.
 *
 * The hyp stage-1 is real as well as recorded: mapping an arena page into
 * the hyp writes the EL2 translation table (mmu.c), unmapping it removes
 * it and invalidates the TLB. So the mediator can only touch arena pages
 * it owns or borrows, as on hardware.
 *
 * Every entry point first calls el2_hook_call(): an interleaving point and
 * a step, for the layers above (struct el2_hooks).
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#include <asm/io.h>
#include <asm/kvm_hyp.h>
#include <asm/kvm_pgtable.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>
#include <nvhe/spinlock.h>

#include <el2/host.h>

#include "el2_internal.h"

#define MAX_HELD_LOCKS	16
#define OTHERS_MAX	8192	/* records of non-RAM pages: a power of two */

#define LEAF_VALID	BIT(15)
#define LEAF_R		BIT(0)
#define LEAF_W		BIT(1)
#define LEAF_X		BIT(2)
#define LEAF_DEVICE	BIT(3)
#define LEAF_OWNER	GENMASK(7, 0)

/* The record behind the hyp's opaque struct hyp_page. */
struct hyp_page {
	u16 host_leaf;
	u16 hyp_leaf;
	u16 refcount;
	u8 host_state;
	u8 hyp_state;
};

struct other_page {
	u64 pfn_plus1;		/* 0: free slot */
	struct hyp_page page;
};

unsigned int __hyp_page_shift = 12;
unsigned long hyp_physvirt_offset;	/* 0: hyp VA == PA */
struct host_mmu host_mmu = { .pgt = { .id = PKVM_ID_HOST, .ia_bits = 32 } };
struct kvm_pgtable pkvm_pgtable = { .id = PKVM_ID_HYP };
hyp_spinlock_t pkvm_pgd_lock;
struct pkvm_protected_reg pkvm_protected_regs[PKVM_PROTECTED_REGS_NUM];
unsigned int pkvm_nr_protected_regs;

static struct el2_config cfg;
static bool initialised;
static uint64_t ram_end;
static uint64_t priv_next;
static uint64_t priv_end;
static struct hyp_page *vmemmap;
static uint64_t vmemmap_first_pfn;
static uint64_t vmemmap_nr;
static struct other_page *others;
static unsigned int nr_others;
static const struct el2_hooks *hooks;
static hyp_spinlock_t *held[MAX_HELD_LOCKS];
static unsigned int nr_held;

/* Configuration, allocation, hooks ------------------------------------------ */

void el2_default_config(struct el2_config *c)
{
	c->page_shift = 12;
	c->ram_size = EL2_RAM_MIN;
	c->nr_devices = 1;
	c->strict_stage1 = true;
}

const struct el2_config *el2_platform_config(void)
{
	return &cfg;
}

uint64_t el2_ram_end(void)
{
	return ram_end;
}

void *el2_alloc(size_t size, size_t align)
{
	uint64_t p;
	uint64_t *w;
	size_t i;

	if (!initialised)
		el2_fatal("el2_alloc before el2_platform_init");
	if (align < 16)
		align = 16;
	p = ALIGN(priv_next, (uint64_t)align);
	if (p + size > priv_end || p + size < p)
		el2_fatal("private region exhausted (%llu bytes asked)", (unsigned long long)size);
	priv_next = p + size;
	w = (uint64_t *)(uintptr_t)p;
	for (i = 0; i < DIV_ROUND_UP(size, sizeof(*w)); i++)
		w[i] = 0;
	return w;
}

void el2_set_hooks(const struct el2_hooks *h)
{
	hooks = h;
}

void el2_hook_call(const char *what, uint64_t arg)
{
	if (hooks && hooks->call)
		hooks->call(what, arg);
}

int el2_hook_should_fail(const char *what)
{
	return hooks && hooks->should_fail ? hooks->should_fail(what) : 0;
}

/* With no hooks, a WARN is what the simulation's oracle makes of it: O10. */
void __hyp_warn(const char *file, int line, const char *cond)
{
	const char *base = file;
	const char *p;
	char what[96];

	el2_printf("  [hyp]   WARN_ON at line %d\n", line);
	if (hooks && hooks->warn) {
		hooks->warn(file, line, cond);
		return;
	}
	for (p = file; *p; p++)
		if (*p == '/')
			base = p + 1;
	el2_snprintf(what, sizeof(what), "warn@%s:%d", base, line);
	el2_report("O10", what, "WARN_ON(%s) reached from host input", cond);
}

/* Leaves -------------------------------------------------------------------- */

static u16 prot_to_leaf(enum kvm_pgtable_prot prot)
{
	u16 leaf = LEAF_VALID;

	if (prot & KVM_PGTABLE_PROT_R)
		leaf |= LEAF_R;
	if (prot & KVM_PGTABLE_PROT_W)
		leaf |= LEAF_W;
	if (prot & KVM_PGTABLE_PROT_X)
		leaf |= LEAF_X;
	if (prot & KVM_PGTABLE_PROT_DEVICE)
		leaf |= LEAF_DEVICE;
	return leaf;
}

static kvm_pte_t leaf_to_pte(u64 pa, u16 leaf)
{
	kvm_pte_t pte;

	if (!(leaf & LEAF_VALID))
		return FIELD_PREP(KVM_INVALID_PTE_OWNER_MASK, leaf & LEAF_OWNER);
	pte = KVM_PTE_VALID | (pa & KVM_PTE_ADDR_MASK);
	if (leaf & LEAF_R)
		pte |= KVM_PTE_LEAF_ATTR_R;
	if (leaf & LEAF_W)
		pte |= KVM_PTE_LEAF_ATTR_W;
	if (leaf & LEAF_X)
		pte |= KVM_PTE_LEAF_ATTR_X;
	if (leaf & LEAF_DEVICE)
		pte |= KVM_PTE_LEAF_ATTR_DEVICE;
	return pte;
}

/* Page records ------------------------------------------------------------ */

static bool in_its(u64 pa)
{
	return pa >= EL2_ITS_BASE && pa < EL2_ITS_BASE + EL2_ITS_SIZE;
}

bool addr_is_memory(phys_addr_t phys)
{
	return phys >= EL2_RAM_BASE && phys < ram_end;
}

/* The hyp's memblock list: RAM the mediator sees is one region. */
static struct memblock_region memblock_regions[1];
unsigned int hyp_memblock_nr = ARRAY_SIZE(memblock_regions);
/* One CPU boots in the image: the ITS collections' RDbase range. */
unsigned int hyp_nr_cpus = 1;

struct memblock_region *__hyp_memblock_regions(void)
{
	memblock_regions[0].base = EL2_RAM_BASE;
	memblock_regions[0].size = ram_end - EL2_RAM_BASE;
	return memblock_regions;
}

bool addr_is_mmio(phys_addr_t phys)
{
	return in_its(phys) ||
	       (phys >= EL2_DEV_BASE && phys < EL2_DEV_BASE + cfg.nr_devices * EL2_DEV_SIZE);
}

/* The boot state: the carve-out and the ITS frame the hyp's, the rest the host's. */
static void page_default(u64 pfn, struct hyp_page *p)
{
	u64 pa = pfn << PAGE_SHIFT;

	p->refcount = 0;
	p->host_state = PKVM_PAGE_OWNED;
	p->hyp_state = PKVM_NOPAGE;
	p->host_leaf = 0;
	p->hyp_leaf = 0;
	if ((pa >= EL2_RAM_BASE && pa < EL2_RAM_BASE + EL2_CARVEOUT) || in_its(pa)) {
		p->host_leaf = PKVM_ID_HYP;
		p->hyp_leaf = LEAF_VALID | LEAF_R | LEAF_W | (in_its(pa) ? LEAF_DEVICE : 0);
		p->host_state = PKVM_NOPAGE;
		p->hyp_state = PKVM_PAGE_OWNED;
	}
}

static bool pfn_valid(u64 pfn)
{
	return pfn < (EL2_PA_LIMIT >> PAGE_SHIFT);
}

/* The record of @pfn (below EL2_PA_LIMIT), created at its boot state. */
static struct hyp_page *page_get(u64 pfn)
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

static u64 page_pfn(const struct hyp_page *p)
{
	const struct other_page *o;

	if (p >= vmemmap && p < vmemmap + vmemmap_nr)
		return vmemmap_first_pfn + (u64)(p - vmemmap);
	o = (const struct other_page *)((const char *)p - offsetof(struct other_page, page));
	return o->pfn_plus1 - 1;
}

struct hyp_page *hyp_phys_to_page(phys_addr_t phys)
{
	u64 pfn = phys >> PAGE_SHIFT;

	if (!pfn_valid(pfn))
		el2_report("O9", "hyp_panic", "vmemmap used for pa 0x%llx outside memory",
			   (unsigned long long)phys);
	return page_get(pfn);
}

phys_addr_t hyp_page_to_phys(const struct hyp_page *p)
{
	return page_pfn(p) << PAGE_SHIFT;
}

enum pkvm_page_state get_host_state(const struct hyp_page *p)
{
	return (enum pkvm_page_state)p->host_state;
}

enum pkvm_page_state get_hyp_state(const struct hyp_page *p)
{
	return (enum pkvm_page_state)p->hyp_state;
}

void set_host_state(struct hyp_page *p, enum pkvm_page_state state)
{
	p->host_state = (u8)state;
}

void set_hyp_state(struct hyp_page *p, enum pkvm_page_state state)
{
	p->hyp_state = (u8)state;
}

unsigned short hyp_page_count(const struct hyp_page *p)
{
	return p->refcount;
}

void hyp_page_ref_inc(struct hyp_page *p)
{
	if (p->refcount == 0xffff)
		el2_report("O9", "hyp_panic", "refcount overflow at pfn 0x%llx",
			   (unsigned long long)page_pfn(p));
	p->refcount++;
}

void hyp_page_ref_dec(struct hyp_page *p)
{
	if (!p->refcount)
		el2_report("O9", "hyp_panic", "refcount underflow at pfn 0x%llx",
			   (unsigned long long)page_pfn(p));
	p->refcount--;
}

/* Page tables ---------------------------------------------------------------- */

static bool is_host(struct kvm_pgtable *pgt)
{
	return pgt == &host_mmu.pgt;
}

/* The pages of [pa, pa + size), or -EINVAL/-ERANGE if not a page range. */
static int range_pfns(u64 pa, u64 size, u64 *pfn, u64 *nr)
{
	u64 end;

	if (!size || pa % PAGE_SIZE || size % PAGE_SIZE)
		return -EINVAL;
	if (check_add_overflow(pa, size, &end) || end > EL2_PA_LIMIT)
		return -ERANGE;
	*pfn = pa >> PAGE_SHIFT;
	*nr = size >> PAGE_SHIFT;
	return 0;
}

/* The real stage-1 follows the hyp's record (arena pages only, mmu.c). */
static void hyp_leaf_set(u64 pfn, u16 leaf)
{
	struct hyp_page *p = page_get(pfn);
	unsigned int attr = 0;

	p->hyp_leaf = leaf;
	if (!cfg.strict_stage1)
		return;
	if (leaf & LEAF_VALID)
		attr = (leaf & LEAF_DEVICE ? 2 : 1) | (leaf & LEAF_X ? 4 : 0);
	el2_mmu_set(pfn << PAGE_SHIFT, PAGE_SIZE, attr);
}

int kvm_pgtable_get_leaf(struct kvm_pgtable *pgt, u64 addr, kvm_pte_t *ptep, s8 *level)
{
	u64 pa = is_host(pgt) ? addr : __hyp_pa(addr);
	struct hyp_page *p;

	el2_hook_call("get_leaf", pa);
	if (level)
		*level = 3;
	*ptep = 0;
	if (pa >= EL2_PA_LIMIT)
		return 0;
	p = page_get(pa >> PAGE_SHIFT);
	*ptep = leaf_to_pte(pa & PAGE_MASK, is_host(pgt) ? p->host_leaf : p->hyp_leaf);
	return 0;
}

int kvm_pgtable_stage2_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			   enum kvm_pgtable_prot prot, void *mc, int flags)
{
	u64 pfn;
	u64 nr;
	u64 i;
	int ret;

	(void)mc;
	(void)flags;
	el2_hook_call("stage2_map", addr);
	if (!is_host(pgt) || addr != phys)
		return -EINVAL;
	ret = range_pfns(addr, size, &pfn, &nr);
	if (ret)
		return ret;
	ret = el2_hook_should_fail("pgtable");
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		page_get(pfn + i)->host_leaf = prot_to_leaf(prot);
	return 0;
}

int kvm_pgtable_stage2_set_owner(struct kvm_pgtable *pgt, u64 addr, u64 size,
				 void *mc, u8 owner_id)
{
	u64 pfn;
	u64 nr;
	u64 i;
	int ret;

	(void)mc;
	el2_hook_call("stage2_set_owner", addr);
	if (!is_host(pgt))
		return -EINVAL;
	ret = range_pfns(addr, size, &pfn, &nr);
	if (ret)
		return ret;
	/* Handing pages back to the host frees table entries, never allocates. */
	ret = owner_id == PKVM_ID_HOST ? 0 : el2_hook_should_fail("pgtable");
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		page_get(pfn + i)->host_leaf = owner_id;
	return 0;
}

/* Clears every leaf in range, annotations included. */
int kvm_pgtable_stage2_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size)
{
	u64 pfn;
	u64 nr;
	u64 i;
	int ret;

	el2_hook_call("stage2_unmap", addr);
	if (!is_host(pgt))
		return -EINVAL;
	ret = range_pfns(addr, size, &pfn, &nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		page_get(pfn + i)->host_leaf = 0;
	return 0;
}

int kvm_pgtable_hyp_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			enum kvm_pgtable_prot prot)
{
	u64 pfn;
	u64 nr;
	u64 i;
	int ret;

	el2_hook_call("hyp_map", phys);
	if (is_host(pgt) || addr != (u64)__hyp_va(phys))
		return -EINVAL;
	ret = range_pfns(phys, size, &pfn, &nr);
	if (ret)
		return ret;
	ret = el2_hook_should_fail("pgtable");
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		hyp_leaf_set(pfn + i, prot_to_leaf(prot));
	return 0;
}

u64 kvm_pgtable_hyp_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size)
{
	u64 pfn;
	u64 nr;
	u64 i;
	u64 unmapped = 0;

	el2_hook_call("hyp_unmap", __hyp_pa(addr));
	if (is_host(pgt) || range_pfns(__hyp_pa(addr), size, &pfn, &nr))
		return 0;
	for (i = 0; i < nr; i++) {
		if (page_get(pfn + i)->hyp_leaf & LEAF_VALID)
			unmapped += PAGE_SIZE;
		hyp_leaf_set(pfn + i, 0);
	}
	return unmapped;
}

static int walk_one(u64 pfn, struct hyp_page *p, u64 start, u64 end, bool host,
		    struct kvm_pgtable_walker *walker)
{
	u64 pa = pfn << PAGE_SHIFT;
	u16 leaf = host ? p->host_leaf : p->hyp_leaf;

	if (pa < start || pa >= end || !leaf)
		return 0;
	return walker->cb(host ? pa : (u64)__hyp_va(pa), leaf_to_pte(pa, leaf), walker->arg);
}

/* Every non-empty leaf in range: RAM in address order, then the rest. */
int kvm_pgtable_walk(struct kvm_pgtable *pgt, u64 addr, u64 size,
		     struct kvm_pgtable_walker *walker)
{
	u64 start = is_host(pgt) ? addr : __hyp_pa(addr);
	u64 end;
	u64 i;
	int ret;

	el2_hook_call("walk", start);
	if (check_add_overflow(start, size, &end) || end > EL2_PA_LIMIT)
		end = EL2_PA_LIMIT;
	for (i = 0; i < vmemmap_nr; i++) {
		ret = walk_one(vmemmap_first_pfn + i, &vmemmap[i], start, end, is_host(pgt),
			       walker);
		if (ret)
			return ret;
	}
	for (i = 0; i < OTHERS_MAX; i++) {
		if (!others[i].pfn_plus1)
			continue;
		ret = walk_one(others[i].pfn_plus1 - 1, &others[i].page, start, end,
			       is_host(pgt), walker);
		if (ret)
			return ret;
	}
	return 0;
}

/* Locks ------------------------------------------------------------------- */

/*
 * Load-acquire/store-exclusive. There is one CPU: a lock found held can
 * only be held by the caller, and spinning on it would hang, so it is
 * reported at once, as the simulation reports it.
 */
void hyp_spin_lock(hyp_spinlock_t *lock)
{
	u32 busy;
	u32 fail;

	el2_hook_call("lock", (u64)(uintptr_t)lock);
	if (nr_held == MAX_HELD_LOCKS)
		el2_report("O4", "too_many_locks", "more than %d locks held", MAX_HELD_LOCKS);
	__asm__ volatile(
		"1:	ldaxr	%w0, [%2]\n"
		"	cbnz	%w0, 2f\n"
		"	stxr	%w1, %w3, [%2]\n"
		"	cbnz	%w1, 1b\n"
		"	b	3f\n"
		"2:	clrex\n"
		"3:\n"
		: "=&r"(busy), "=&r"(fail)
		: "r"(&lock->__val), "r"(1U)
		: "memory");
	if (busy)
		el2_report("O4", "deadlock", "lock taken twice on one CPU");
	held[nr_held++] = lock;
}

void hyp_spin_unlock(hyp_spinlock_t *lock)
{
	unsigned int i;

	el2_hook_call("unlock", (u64)(uintptr_t)lock);
	for (i = nr_held; i--;) {
		if (held[i] != lock)
			continue;
		held[i] = held[--nr_held];
		__asm__ volatile("stlr wzr, [%0]" : : "r"(&lock->__val) : "memory");
		return;
	}
	el2_report("O4", "unlock_unheld", "unlock of a lock not held");
}

bool hyp_spin_is_locked(hyp_spinlock_t *lock)
{
	return READ_ONCE(lock->__val) != 0;
}

void hyp_assert_lock_held(hyp_spinlock_t *lock)
{
	if (!READ_ONCE(lock->__val))
		el2_report("O4", "lock_not_held", "a _locked helper ran unlocked");
}

unsigned int el2_locks_held(void)
{
	return nr_held;
}

/* Device access, barriers, cache maintenance ---------------------------- */

/*
 * A device access is a real load or store to the device window, which the
 * stage-1 maps Device-nGnRE. First, as the simulation does, the hyp's own
 * record must map the page as device and the access be aligned: else the
 * hyp would be using a mapping it never made.
 */
static u64 hyp_mmio_pa(const volatile void *addr, unsigned int width, bool write)
{
	u64 pa = __hyp_pa((unsigned long)addr);
	u16 leaf = 0;

	el2_hook_call(write ? "mmio_write" : "mmio_read", pa);
	if (pa < EL2_PA_LIMIT)
		leaf = page_get(pa >> PAGE_SHIFT)->hyp_leaf;
	if (!(leaf & LEAF_VALID) || !(leaf & LEAF_DEVICE) || (pa & (width - 1)))
		el2_report("O9", "hyp_panic", "hyp device access to pa 0x%llx not mapped as device",
			   (unsigned long long)pa);
	return pa;
}

static void mmio_hook(u64 pa, unsigned int width, bool write, u64 val)
{
	if (hooks && hooks->mmio)
		hooks->mmio(pa, width, write, val);
}

u8 __raw_readb(const volatile void __iomem *addr)
{
	u64 pa = hyp_mmio_pa(addr, 1, false);
	u8 v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	mmio_hook(pa, 1, false, v);
	return v;
}

u16 __raw_readw(const volatile void __iomem *addr)
{
	u64 pa = hyp_mmio_pa(addr, 2, false);
	u16 v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	mmio_hook(pa, 2, false, v);
	return v;
}

u32 __raw_readl(const volatile void __iomem *addr)
{
	u64 pa = hyp_mmio_pa(addr, 4, false);
	u32 v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	mmio_hook(pa, 4, false, v);
	return v;
}

u64 __raw_readq(const volatile void __iomem *addr)
{
	u64 pa = hyp_mmio_pa(addr, 8, false);
	u64 v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	mmio_hook(pa, 8, false, v);
	return v;
}

void __raw_writeb(u8 val, volatile void __iomem *addr)
{
	mmio_hook(hyp_mmio_pa(addr, 1, true), 1, true, val);
	__asm__ volatile("strb %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

void __raw_writew(u16 val, volatile void __iomem *addr)
{
	mmio_hook(hyp_mmio_pa(addr, 2, true), 2, true, val);
	__asm__ volatile("strh %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

void __raw_writel(u32 val, volatile void __iomem *addr)
{
	mmio_hook(hyp_mmio_pa(addr, 4, true), 4, true, val);
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

void __raw_writeq(u64 val, volatile void __iomem *addr)
{
	mmio_hook(hyp_mmio_pa(addr, 8, true), 8, true, val);
	__asm__ volatile("str %x0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static bool str_is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * <asm/barrier.h> names the barrier as a string; each becomes the
 * instruction the kernel uses for it. An unknown one gets the strongest.
 */
void __hyp_barrier(const char *kind)
{
	el2_hook_call(kind, 0);
	if (str_is(kind, "dsb ishst"))
		__asm__ volatile("dsb ishst" : : : "memory");
	else if (str_is(kind, "dsb ish"))
		__asm__ volatile("dsb ish" : : : "memory");
	else if (str_is(kind, "dsb ishld"))
		__asm__ volatile("dsb ishld" : : : "memory");
	else if (str_is(kind, "dsb st"))
		__asm__ volatile("dsb st" : : : "memory");
	else if (str_is(kind, "dsb ld"))
		__asm__ volatile("dsb ld" : : : "memory");
	else if (str_is(kind, "dmb ish") || str_is(kind, "release") || str_is(kind, "acquire"))
		__asm__ volatile("dmb ish" : : : "memory");
	else if (str_is(kind, "dmb ishst"))
		__asm__ volatile("dmb ishst" : : : "memory");
	else if (str_is(kind, "dmb ishld"))
		__asm__ volatile("dmb ishld" : : : "memory");
	else if (str_is(kind, "rmb"))		/* readl(): dma_rmb() */
		__asm__ volatile("dmb oshld" : : : "memory");
	else if (str_is(kind, "wmb"))		/* writel(): dma_wmb() */
		__asm__ volatile("dmb oshst" : : : "memory");
	else if (str_is(kind, "isb"))
		__asm__ volatile("isb" : : : "memory");
	else
		__asm__ volatile("dsb sy" : : : "memory");
}

/* Clean and invalidate to the point of coherency, by the smallest D-line. */
void dcache_clean_inval_poc(unsigned long start, unsigned long end)
{
	unsigned long line;
	unsigned long a;
	u64 ctr;

	el2_hook_call("clean_poc", __hyp_pa(start));
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << ((ctr >> 16) & 0xf);
	for (a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

/*
 * The sanitised ID registers: the CPU's own (QEMU's -cpu max). Only
 * ID_AA64MMFR0_EL1 is asked for (the abort path's PARange).
 */
u64 read_sanitised_ftr_reg(u32 id)
{
	u64 v = 0;

	if (id == SYS_ID_AA64MMFR0_EL1)
		__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v));
	return v;
}

/* Set-up ------------------------------------------------------------------ */

static void check_config(const struct el2_config *c, uint64_t qemu_ram)
{
	if (c->page_shift != 12 && c->page_shift != 14 && c->page_shift != 16)
		el2_fatal("page_shift %u: not 12, 14 or 16", c->page_shift);
	if (c->ram_size < EL2_RAM_MIN || c->ram_size > EL2_RAM_MAX ||
	    c->ram_size % EL2_RAM_MIN)
		el2_fatal("ram_size %llu MiB: not 16..128 in steps of 16",
			  (unsigned long long)(c->ram_size >> 20));
	if (c->nr_devices > EL2_MAX_DEVICES)
		el2_fatal("%u devices: at most %d", c->nr_devices, EL2_MAX_DEVICES);
	if (qemu_ram && qemu_ram < c->ram_size + EL2_PRIV_SIZE)
		el2_fatal("QEMU has %llu MiB of RAM; %llu MiB needs -m %lluM or more",
			  (unsigned long long)(qemu_ram >> 20),
			  (unsigned long long)(c->ram_size >> 20),
			  (unsigned long long)((c->ram_size + EL2_PRIV_SIZE) >> 20));
}

void el2_platform_init(const struct el2_config *c)
{
	u64 i;

	if (initialised)
		el2_fatal("el2_platform_init called twice");
	check_config(c, el2_qemu_ram_size());
	cfg = *c;
	__hyp_page_shift = c->page_shift;
	ram_end = EL2_RAM_BASE + c->ram_size;

	el2_mmu_map_private(ram_end);
	priv_next = ram_end;
	priv_end = ram_end + EL2_PRIV_SIZE;
	initialised = true;
	el2_mmu_arena_init(ram_end, c->strict_stage1);

	vmemmap_first_pfn = EL2_RAM_BASE >> PAGE_SHIFT;
	vmemmap_nr = c->ram_size >> PAGE_SHIFT;
	vmemmap = el2_alloc(vmemmap_nr * sizeof(*vmemmap), 64);
	for (i = 0; i < vmemmap_nr; i++)
		page_default(vmemmap_first_pfn + i, &vmemmap[i]);
	others = el2_alloc(OTHERS_MAX * sizeof(*others), 64);
	for (i = EL2_ITS_BASE; i < EL2_ITS_BASE + EL2_ITS_SIZE; i += PAGE_SIZE)
		page_get(i >> PAGE_SHIFT);

	pkvm_protected_regs[0].pfn = EL2_ITS_BASE >> PAGE_SHIFT;
	pkvm_protected_regs[0].nr_pages = DIV_ROUND_UP(EL2_ITS_SIZE, PAGE_SIZE);
	pkvm_protected_regs[0].priv = NULL;
	pkvm_nr_protected_regs = 1;
}

/* The host's side (el2/host.h) ------------------------------------------- */

bool el2_page(uint64_t pfn, struct el2_page_rec *rec)
{
	struct hyp_page *p;

	if (!pfn_valid(pfn))
		return false;
	p = page_get(pfn);
	rec->host_pte = leaf_to_pte(pfn << PAGE_SHIFT, p->host_leaf);
	rec->hyp_pte = leaf_to_pte(pfn << PAGE_SHIFT, p->hyp_leaf);
	rec->refcount = p->refcount;
	rec->host_state = p->host_state;
	rec->hyp_state = p->hyp_state;
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

bool el2_host_writable(uint64_t pa)
{
	struct hyp_page *p;

	if (!addr_is_memory(pa))
		return false;
	p = page_get(pa >> PAGE_SHIFT);
	return p->host_state == PKVM_PAGE_OWNED || p->host_state == PKVM_PAGE_SHARED_OWNED;
}

static int host_access_check(uint64_t pa, unsigned int width)
{
	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -EINVAL;
	if (pa & (width - 1))
		return -EINVAL;
	if (pa >= EL2_PA_LIMIT)
		return -EFAULT;
	if (!(page_get(pa >> PAGE_SHIFT)->host_leaf & LEAF_VALID))
		return -EFAULT;
	return 0;
}

static uint64_t dev_read(uint64_t pa, unsigned int width)
{
	const volatile void *a = (const volatile void *)(uintptr_t)pa;
	uint64_t v = 0;

	switch (width) {
	case 1:
		__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
		break;
	case 2:
		__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
		break;
	case 4:
		__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
		break;
	default:
		__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
		break;
	}
	return v;
}

static void dev_write(uint64_t pa, unsigned int width, uint64_t v)
{
	volatile void *a = (volatile void *)(uintptr_t)pa;

	switch (width) {
	case 1:
		__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 2:
		__asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 4:
		__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	default:
		__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	}
}

/*
 * A mapped page that is neither RAM nor in the device window (a hole the
 * host faulted in as MMIO) reads as zero and drops writes, as in the
 * simulation; QEMU would raise an external abort.
 */
int el2_host_read(uint64_t pa, unsigned int width, uint64_t *val)
{
	int ret = host_access_check(pa, width);

	if (ret)
		return ret;
	*val = 0;
	if (addr_is_memory(pa))
		memcpy(val, el2_host_ptr(pa), width);
	else if (pa >= EL2_DEVWIN_BASE && pa < EL2_DEVWIN_END)
		*val = dev_read(pa, width);
	return 0;
}

int el2_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	int ret = host_access_check(pa, width);

	if (ret)
		return ret;
	if (addr_is_memory(pa))
		memcpy(el2_host_ptr(pa), &val, width);
	else if (pa >= EL2_DEVWIN_BASE && pa < EL2_DEVWIN_END)
		dev_write(pa, width, val);
	return 0;
}

int el2_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	if (!len || !el2_host_writable(pa) || !el2_host_writable(pa + len - 1))
		return -1;
	memcpy(el2_host_ptr(pa), buf, len);
	return 0;
}

int el2_ram_read(uint64_t pa, void *buf, unsigned int len)
{
	if (!len || !addr_is_memory(pa) || !addr_is_memory(pa + len - 1))
		return -1;
	memcpy(buf, el2_host_ptr(pa), len);
	return 0;
}
