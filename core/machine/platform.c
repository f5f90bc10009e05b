// SPDX-License-Identifier: GPL-2.0-only
/*
 * The platform: the kernel's hyp API as the mediator calls it, implemented
 * on the simulated machine. Every entry point first tells the layers above
 * (platform_hook_call), which makes it an interleaving point and a step
 * against the budget. Map and annotate may fail with -ENOMEM (fault class
 * "pgtable"), as a page-table allocation from an empty pool does.
 */
#include <errno.h>
#include <string.h>

#include <asm/cacheflush.h>
#include <asm/io.h>
#include <asm/kvm_hyp.h>
#include <asm/kvm_pkvm.h>
#include <linux/bug.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <nvhe/mem_protect.h>
#include <nvhe/spinlock.h>

#include "cache.h"
#include "cpu.h"
#include "its_hw.h"
#include "mem_internal.h"
#include "pgtable_rules.h"
#include "sancov.h"
#include "sbuf.h"
#include "shared.h"
#include "../fault/fault.h"
#include "../trace/trace.h"
#include "../util/sort.h"

#define MAX_HELD_LOCKS	16

struct host_mmu host_mmu = { .pgt = { .id = PKVM_ID_HOST, .ia_bits = 32 } };
struct kvm_pgtable pkvm_pgtable = { .id = PKVM_ID_HYP };
hyp_spinlock_t pkvm_pgd_lock;
struct pkvm_protected_reg pkvm_protected_regs[PKVM_PROTECTED_REGS_NUM];
unsigned int pkvm_nr_protected_regs;
unsigned int hyp_nr_cpus = SIM_NR_CPUS;

static hyp_spinlock_t *held[SIM_NR_CPUS][MAX_HELD_LOCKS];
static unsigned int nr_held[SIM_NR_CPUS];
static const char *last_call[SIM_NR_CPUS];

/* Every platform call is an interleaving point: the second CPU's too. */
void platform_hook_call(const char *what, uint64_t arg)
{
	last_call[machine_cpu()] = what;
	if (shared_on)
		cpu_point(true);
	hooks_call(what, arg);
}

void platform_hook_sync(enum sync_kind kind, uintptr_t addr)
{
	if (shared_on)
		hooks_sync(kind, addr);
}

void __hyp_warn(const char *file, int line, const char *cond)
{
	TRACE1("[hyp]", "WARN_ON at line %llu", (unsigned long long)line);
	hooks_warn(file, line, cond);
}

/* vmemmap ---------------------------------------------------------------- */

struct hyp_page *hyp_phys_to_page(phys_addr_t phys)
{
	struct hyp_page *p = page_get(phys >> machine_page_shift());

	if (!p) {
		report_violation("O9", "hyp_panic",
				 "vmemmap used for pa 0x%llx outside memory",
				 (unsigned long long)phys);
		return &outside_page;
	}
	return p;
}

phys_addr_t hyp_page_to_phys(const struct hyp_page *p)
{
	return page_pfn(p) << machine_page_shift();
}

/*
 * The vmemmap is hyp memory both CPUs use, under the locks that guard
 * ownership: each accessor is a shared access in an episode (shared.h).
 */
#define VMEMMAP_ACCESS(p, field, store)					\
	do {								\
		if (shared_on)						\
			shared_vmemmap(SHARED_VMEMMAP_KEY(page_pfn(p),	\
							  field), store); \
	} while (0)

enum pkvm_page_state get_host_state(const struct hyp_page *p)
{
	VMEMMAP_ACCESS(p, VMEMMAP_HOST_STATE, false);
	return (enum pkvm_page_state)p->rec.host_state;
}

enum pkvm_page_state get_hyp_state(const struct hyp_page *p)
{
	VMEMMAP_ACCESS(p, VMEMMAP_HYP_STATE, false);
	return (enum pkvm_page_state)p->rec.hyp_state;
}

static uint64_t host_state_epoch;

void set_host_state(struct hyp_page *p, enum pkvm_page_state state)
{
	VMEMMAP_ACCESS(p, VMEMMAP_HOST_STATE, true);
	page_journal(p);
	p->rec.host_state = (uint8_t)state;
	host_state_epoch++;
}

/* Records set up lazily (page_get) take their boot state: no change seen. */
uint64_t machine_host_state_epoch(void)
{
	return host_state_epoch;
}

void set_hyp_state(struct hyp_page *p, enum pkvm_page_state state)
{
	VMEMMAP_ACCESS(p, VMEMMAP_HYP_STATE, true);
	page_journal(p);
	p->rec.hyp_state = (uint8_t)state;
}

unsigned short hyp_page_count(const struct hyp_page *p)
{
	VMEMMAP_ACCESS(p, VMEMMAP_REFCOUNT, false);
	return p->rec.refcount;
}

void hyp_page_ref_inc(struct hyp_page *p)
{
	if (p->rec.refcount == 0xffff) {
		report_violation("O9", "hyp_panic", "refcount overflow at pfn 0x%llx",
				 (unsigned long long)page_pfn(p));
		return;
	}
	VMEMMAP_ACCESS(p, VMEMMAP_REFCOUNT, true);
	page_journal(p);
	p->rec.refcount++;
}

void hyp_page_ref_dec(struct hyp_page *p)
{
	if (p->rec.refcount == 0) {
		report_violation("O9", "hyp_panic", "refcount underflow at pfn 0x%llx",
				 (unsigned long long)page_pfn(p));
		return;
	}
	VMEMMAP_ACCESS(p, VMEMMAP_REFCOUNT, true);
	page_journal(p);
	p->rec.refcount--;
}

bool addr_is_memory(phys_addr_t phys)
{
	return machine_kind(phys) == MEM_RAM;
}

bool addr_is_mmio(phys_addr_t phys)
{
	return machine_kind(phys) == MEM_MMIO;
}

/* Memory regions --------------------------------------------------------- */

static struct memblock_region memblock_regions[1];
unsigned int hyp_memblock_nr = ARRAY_SIZE(memblock_regions);

/*
 * The hyp's memblock list: RAM is one region, the hyp's carve-out at its
 * start included (memory the hyp keeps is still memory), and every MMIO
 * frame lies in a hole. Filled in when read, since RAM size is per run.
 */
struct memblock_region *__hyp_memblock_regions(void)
{
	memblock_regions[0].base = SIM_RAM_BASE;
	memblock_regions[0].size = machine_config()->ram_size;
	memblock_regions[0].flags = 0;
	return memblock_regions;
}

/* Page tables -------------------------------------------------------------- */

static bool is_host(struct kvm_pgtable *pgt)
{
	return pgt == &host_mmu.pgt;
}

/*
 * A table page for a map or an annotation of @nr > 0 pages. The hyp sizes
 * both pools at boot to map all of memory page by page (host stage-2 and
 * hyp stage-1), so only a range reaching outside memory can find its pool
 * dry: only there does the fault class "pgtable" apply. RAM is one region,
 * so its two ends decide.
 */
static int table_alloc(uint64_t pfn, uint64_t nr)
{
	unsigned int shift = machine_page_shift();

	if (machine_kind(pfn << shift) == MEM_RAM &&
	    machine_kind((pfn + nr - 1) << shift) == MEM_RAM)
		return 0;
	return fault_should_fail(FAULT_PGTABLE);
}

static void set_pte(uint64_t pfn, bool host, kvm_pte_t pte)
{
	struct hyp_page *p = page_get(pfn);

	page_journal(p);
	if (host)
		p->rec.host_pte = pte;
	else
		p->rec.hyp_pte = pte;
}

static bool pfn_less(const void *a, const void *b)
{
	return *(const uint32_t *)a < *(const uint32_t *)b;
}

/*
 * Only pages this run touched and the boot-time hyp pages can have a
 * non-empty entry: @fn is called on those of [pfn, pfn + nr) in ascending
 * order, as the kernel's walker visits leaves, and stops at @fn's first
 * error. A short range is scanned page by page; a long one (an unmap of
 * every hole of the address space is how mainline recycles device
 * mappings) costs what the run touched, not the size of the range: its
 * touched pages outside the boot ranges are sorted and merged with those.
 */
static int each_live(uint64_t pfn, uint64_t nr, int (*fn)(uint64_t pfn, void *arg), void *arg)
{
	/*
	 * Distinct pfns, so one range's candidates always fit; a callback may
	 * walk or unmap again, so each call takes the room above its caller's.
	 */
	static uint32_t live[2 * (SIM_PA_LIMIT >> SIM_MIN_PAGE_SHIFT)];
	static uint32_t live_epoch;
	static size_t live_top;
	size_t base, n = 0, i = 0;
	uint64_t boot[MEM_BOOT_RANGES][2];
	uint64_t p, end;
	unsigned int b;
	int ret;

	/* A finding that ended the last run inside a walk left its room taken. */
	if (live_epoch != page_run_epoch) {
		live_epoch = page_run_epoch;
		live_top = 0;
	}
	base = live_top;
	mem_boot_ranges(boot);
	if (nr <= 64 || machine_touched() > ARRAY_SIZE(live) - base) {
		for (p = pfn; p < pfn + nr; p++)
			if ((page_touched(p) || mem_boot_page(p, boot)) && (ret = fn(p, arg)))
				return ret;
		return 0;
	}
	for (i = 0; i < machine_touched(); i++) {
		p = touched_pfn(i);
		if (p - pfn < nr && !mem_boot_page(p, boot))
			live[base + n++] = (uint32_t)p;
	}
	sort_heap(live + base, n, sizeof(*live), pfn_less);
	live_top = base + n;
	ret = 0;
	i = 0;
	for (b = 0; b <= ARRAY_SIZE(boot) && !ret; b++) {
		/* Touched pages below boot range @b (all that are left after the last). */
		end = b < ARRAY_SIZE(boot) ? boot[b][0] : pfn + nr;
		for (; i < n && live[base + i] < end && !ret; i++)
			ret = fn(live[base + i], arg);
		if (b == ARRAY_SIZE(boot))
			break;
		end = min(boot[b][1], pfn + nr);
		for (p = max(boot[b][0], pfn); p < end && !ret; p++)
			ret = fn(p, arg);
	}
	live_top = base;
	return ret;
}

static int unmap_one(uint64_t pfn, void *arg)
{
	(void)arg;
	if (page_get(pfn)->rec.host_pte)
		set_pte(pfn, true, 0);
	return 0;
}

int kvm_pgtable_get_leaf(struct kvm_pgtable *pgt, u64 addr, kvm_pte_t *ptep, s8 *level)
{
	uint64_t pa = is_host(pgt) ? addr : __hyp_pa(addr);
	struct hyp_page *p;

	platform_hook_call("get_leaf", pa);
	if (level)
		*level = 3;
	p = pa < SIM_PA_LIMIT ? page_get(pa >> machine_page_shift()) : NULL;
	*ptep = p ? (is_host(pgt) ? p->rec.host_pte : p->rec.hyp_pte) : 0;
	return 0;
}

/*
 * The kernel's page-table updates end with a DSB once they changed an
 * entry (stage 2 and hyp maps: dsb(ishst); unmaps and annotations: the
 * TLB invalidation's dsb(ish)): the calling CPU's earlier stores are
 * complete after an ownership change, as after the mediator's own dsb.
 */
static void pgtable_dsb(void)
{
	cache_dsb(machine_cpu());
	sbuf_drain();
}

int kvm_pgtable_stage2_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			   enum kvm_pgtable_prot prot, void *mc, int flags)
{
	uint64_t pfn, nr, i;
	int ret;

	(void)mc;
	(void)flags;
	platform_hook_call("stage2_map", addr);
	if (!is_host(pgt) || addr != phys)
		return -EINVAL;
	ret = pgtable_walk_range(addr, size, machine_page_shift(), &pfn, &nr);
	if (ret || !nr)
		return ret;
	ret = table_alloc(pfn, nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		set_pte(pfn + i, true,
			pgtable_prot_to_pte((pfn + i) << machine_page_shift(), prot));
	pgtable_dsb();
	TRACE3("[own]", "host stage-2 map pa 0x%llx size 0x%llx prot 0x%llx", addr, size, prot);
	return 0;
}

int kvm_pgtable_stage2_set_owner(struct kvm_pgtable *pgt, u64 addr, u64 size,
				 void *mc, u8 owner_id)
{
	uint64_t pfn, nr, i;
	int ret;

	(void)mc;
	platform_hook_call("stage2_set_owner", addr);
	if (!is_host(pgt))
		return -EINVAL;
	ret = pgtable_walk_range(addr, size, machine_page_shift(), &pfn, &nr);
	if (ret || !nr)
		return ret;
	/* Handing pages back to the host frees table entries, never allocates. */
	ret = owner_id == PKVM_ID_HOST ? 0 : table_alloc(pfn, nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		set_pte(pfn + i, true, FIELD_PREP(KVM_INVALID_PTE_OWNER_MASK, owner_id));
	pgtable_dsb();
	TRACE3("[own]", "host stage-2 owner pa 0x%llx size 0x%llx -> id %llu", addr, size, owner_id);
	return 0;
}

/* Clears every leaf in range, annotations included: what may be unmapped is
 * the caller's decision. */
int kvm_pgtable_stage2_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size)
{
	uint64_t pfn, nr;
	int ret;

	platform_hook_call("stage2_unmap", addr);
	if (!is_host(pgt))
		return -EINVAL;
	ret = pgtable_walk_range(addr, size, machine_page_shift(), &pfn, &nr);
	if (ret || !nr)
		return ret;
	each_live(pfn, nr, unmap_one, NULL);
	pgtable_dsb();
	TRACE2("[own]", "host stage-2 unmap pa 0x%llx size 0x%llx", addr, size);
	return 0;
}

int kvm_pgtable_hyp_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			enum kvm_pgtable_prot prot)
{
	uint64_t pfn, nr, i;
	int ret;

	platform_hook_call("hyp_map", phys);
	if (is_host(pgt) || addr != (u64)__hyp_va(phys))
		return -EINVAL;
	ret = pgtable_walk_range(phys, size, machine_page_shift(), &pfn, &nr);
	if (ret || !nr)
		return ret;
	ret = table_alloc(pfn, nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		set_pte(pfn + i, false,
			pgtable_prot_to_pte((pfn + i) << machine_page_shift(), prot));
		/* Stores we may not see could land anywhere in it: it must be cleared. */
		if (!machine_stores_exact())
			page_mark_data_dirty(pfn + i);
	}
	pgtable_dsb();
	TRACE3("[own]", "hyp map pa 0x%llx size 0x%llx prot 0x%llx", phys, size, prot);
	return 0;
}

/*
 * The bytes unmapped. As the kernel's hyp unmap walker does, it stops at
 * the first page not mapped, so a short count says where it stopped.
 */
u64 kvm_pgtable_hyp_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size)
{
	uint64_t pfn, nr, i, unmapped = 0;

	platform_hook_call("hyp_unmap", __hyp_pa(addr));
	if (is_host(pgt) ||
	    pgtable_walk_range(__hyp_pa(addr), size, machine_page_shift(), &pfn, &nr))
		return 0;
	for (i = 0; i < nr; i++) {
		if (!kvm_pte_valid(page_get(pfn + i)->rec.hyp_pte))
			break;
		set_pte(pfn + i, false, 0);
		unmapped += machine_page_size();
	}
	if (unmapped)
		pgtable_dsb();
	TRACE2("[own]", "hyp unmap pa 0x%llx size 0x%llx", __hyp_pa(addr), unmapped);
	return unmapped;
}

struct walk_ctx {
	struct kvm_pgtable_walker *walker;
	bool host;
};

static int walk_one(uint64_t pfn, void *arg)
{
	const struct walk_ctx *w = arg;
	uint64_t pa = pfn << machine_page_shift();
	struct hyp_page *p = page_get(pfn);
	kvm_pte_t pte = w->host ? p->rec.host_pte : p->rec.hyp_pte;

	return pte ? w->walker->cb(w->host ? pa : (u64)__hyp_va(pa), pte, w->walker->arg) : 0;
}

/* Only touched pages and the boot-time hyp pages can be non-empty. */
int kvm_pgtable_walk(struct kvm_pgtable *pgt, u64 addr, u64 size,
		     struct kvm_pgtable_walker *walker)
{
	uint64_t pa = is_host(pgt) ? addr : __hyp_pa(addr);
	struct walk_ctx w = { .walker = walker, .host = is_host(pgt) };
	uint64_t pfn, nr;
	int ret;

	platform_hook_call("walk", pa);
	ret = pgtable_walk_range(pa, size, machine_page_shift(), &pfn, &nr);
	if (ret || !nr)
		return ret;
	return each_live(pfn, nr, walk_one, &w);
}

/* Locks ------------------------------------------------------------------ */

/*
 * A lock word holds its owner, CPU + 1. A CPU that finds it held by the
 * other waits as the other CPU's model allows (core/machine/cpu.h): CPU 1
 * yields to CPU 0; CPU 0 lets CPU 1 run until it lets go.
 */
void hyp_spin_lock(hyp_spinlock_t *lock)
{
	unsigned int me = machine_cpu();

	platform_hook_call("lock", (uint64_t)(uintptr_t)lock);
	while (lock->__val) {
		if (lock->__val == me + 1) {
			report_violation("O4", "deadlock", "lock taken twice on one CPU");
			return;
		}
		if (!cpu_wait_lock(lock)) {
			report_violation("O4", "deadlock",
					 "CPU %u waits for a lock CPU %u holds, which waits for CPU %u",
					 me, lock->__val - 1, me);
			return;
		}
	}
	if (nr_held[me] == MAX_HELD_LOCKS) {
		report_violation("O4", "too_many_locks", "more than %d locks held", MAX_HELD_LOCKS);
		return;
	}
	lock->__val = me + 1;
	held[me][nr_held[me]++] = lock;
	platform_hook_sync(SYNC_LOCK, (uintptr_t)lock);
}

void hyp_spin_unlock(hyp_spinlock_t *lock)
{
	unsigned int me = machine_cpu();
	unsigned int i;

	platform_hook_call("unlock", (uint64_t)(uintptr_t)lock);
	for (i = nr_held[me]; i--;) {
		if (held[me][i] != lock)
			continue;
		/* A release: the CPU's earlier stores are visible before the lock is free. */
		sbuf_drain();
		platform_hook_sync(SYNC_UNLOCK, (uintptr_t)lock);
		held[me][i] = held[me][--nr_held[me]];
		lock->__val = 0;
		return;
	}
	report_violation("O4", "unlock_unheld", "unlock of a lock not held");
}

bool hyp_spin_is_locked(hyp_spinlock_t *lock)
{
	return lock->__val != 0;
}

void hyp_assert_lock_held(hyp_spinlock_t *lock)
{
	if (lock->__val != machine_cpu() + 1)
		report_violation("O4", "lock_not_held", "a _locked helper ran unlocked");
}

unsigned int machine_locks_held(void)
{
	return nr_held[machine_cpu()];
}

void machine_locks_clear(void)
{
	unsigned int c;

	for (c = 0; c < SIM_NR_CPUS; c++) {
		while (nr_held[c])
			held[c][--nr_held[c]]->__val = 0;
		last_call[c] = NULL;
	}
}

const char *machine_cpu_at(unsigned int cpu, unsigned int *locks)
{
	cpu %= SIM_NR_CPUS;
	*locks = nr_held[cpu];
	return last_call[cpu] ? last_call[cpu] : "";
}

/* Device access and barriers --------------------------------------------- */

static uint64_t hyp_mmio(const volatile void *addr, unsigned int width, bool write,
			 uint64_t val)
{
	uint64_t pa = __hyp_pa((unsigned long)addr);
	kvm_pte_t pte = 0;

	platform_hook_call(write ? "mmio_write" : "mmio_read", pa);
	if (pa < SIM_PA_LIMIT)
		pte = page_get(pa >> machine_page_shift())->rec.hyp_pte;
	if (!kvm_pte_valid(pte) || !(pte & KVM_PTE_LEAF_ATTR_DEVICE) || (pa & (width - 1))) {
		report_violation("O9", "hyp_panic",
				 "hyp device access to pa 0x%llx not mapped as device",
				 (unsigned long long)pa);
		return 0;
	}
	/* Another width is an external abort from the ITS, a hyp panic at EL2. */
	if (machine_device(pa) == 0 && !its_hw_width_ok(pa - SIM_ITS_BASE, width)) {
		report_violation("O9", width < 4 ? "its_subword_access" : "its_access_width",
				 "a %u-byte hyp access to ITS register 0x%llx: the ITS takes %s accesses there only",
				 width, (unsigned long long)(pa - SIM_ITS_BASE),
				 pa - SIM_ITS_BASE < SZ_64K ? "32- and 64-bit" : "16- and 32-bit");
		return 0;
	}
	shared_device(pa, width, write);
	if (write) {
		mmio_write(pa, width, val);
		return 0;
	}
	return mmio_read(pa, width);
}

u8 __raw_readb(const volatile void __iomem *a) { return (u8)hyp_mmio(a, 1, false, 0); }
u16 __raw_readw(const volatile void __iomem *a) { return (u16)hyp_mmio(a, 2, false, 0); }
u32 __raw_readl(const volatile void __iomem *a) { return (u32)hyp_mmio(a, 4, false, 0); }
u64 __raw_readq(const volatile void __iomem *a) { return hyp_mmio(a, 8, false, 0); }
void __raw_writeb(u8 v, volatile void __iomem *a) { hyp_mmio(a, 1, true, v); }
void __raw_writew(u16 v, volatile void __iomem *a) { hyp_mmio(a, 2, true, v); }
void __raw_writel(u32 v, volatile void __iomem *a) { hyp_mmio(a, 4, true, v); }
void __raw_writeq(u64 v, volatile void __iomem *a) { hyp_mmio(a, 8, true, v); }

/*
 * What a barrier orders, read from its kind ("dsb ishst", "wmb", ...):
 *   stores  the CPU's earlier stores before its later accesses: dsb and
 *           dmb of stores or of everything, and the io accessors' wmb/mb;
 *   loads   its earlier loads: dsb and dmb of loads or of everything, rmb, mb;
 *   device  also for a device (the doorbell that makes the ITS read what
 *           the hyp stored): a dsb in the inner-shareable domain or wider
 *           completes the stores (the v2 series and Linux's ITS driver use
 *           dsb(ishst)); a dmb orders them for the device only in the
 *           outer-shareable domain or the full system (Linux's dma_wmb()
 *           and writel()'s __iowmb() are dmb(oshst)); a dmb ish orders
 *           them for the other CPUs only.
 * A barrier in the non-shareable domain (nsh) orders nothing beyond the
 * CPU itself. isb orders nothing; release and acquire are told apart by
 * their caller. Parsed by hand: this runs at every barrier of every
 * input, and libc's string functions there are ASan's interceptors and
 * libFuzzer's hooks.
 */
#define BARRIER_STORES	BIT(0)
#define BARRIER_LOADS	BIT(1)
#define BARRIER_DEVICE	BIT(2)

static bool kind_is(const char *kind, const char *name)
{
	while (*name && *kind == *name) {
		kind++;
		name++;
	}
	return *kind == *name;
}

static bool option_has(const char *opt, const char *domain)
{
	for (; *opt; opt++)
		if (opt[0] == domain[0] && opt[1] == domain[1] && opt[2] == domain[2])
			return true;
	return false;
}

static unsigned int barrier_option(const char *opt, bool dsb)
{
	unsigned int orders = BARRIER_STORES | BARRIER_LOADS;
	const char *p;

	if (option_has(opt, "nsh"))
		return 0;
	for (p = opt; *p; p++) {
		if (p[0] == 's' && p[1] == 't') {
			orders = BARRIER_STORES;
			break;
		}
		if (p[0] == 'l' && p[1] == 'd') {
			orders = BARRIER_LOADS;
			break;
		}
	}
	if ((orders & BARRIER_STORES) && (dsb || !option_has(opt, "ish")))
		orders |= BARRIER_DEVICE;
	return orders;
}

static unsigned int barrier_orders(const char *kind)
{
	if (kind_is(kind, "mb"))
		return BARRIER_STORES | BARRIER_LOADS | BARRIER_DEVICE;
	if (kind_is(kind, "wmb"))
		return BARRIER_STORES | BARRIER_DEVICE;
	if (kind_is(kind, "rmb"))
		return BARRIER_LOADS;
	if (kind[0] == 'd' && (kind[1] == 's' || kind[1] == 'm') && kind[2] == 'b')
		return barrier_option(kind + 3, kind[1] == 's');
	return 0;
}

void __hyp_barrier(const char *kind)
{
	unsigned int orders;
	bool st, ld;

	platform_hook_call(kind, 0);
	if (kind_is(kind, "release")) {
		shared_release_next();
		return;
	}
	if (kind_is(kind, "acquire")) {
		shared_acquire();
		return;
	}
	orders = barrier_orders(kind);
	st = orders & BARRIER_STORES;
	ld = orders & BARRIER_LOADS;
	if (orders & BARRIER_DEVICE)
		cache_dsb(machine_cpu());
	if (st)
		sbuf_drain();
	if (st || ld)
		platform_hook_sync(st && ld ? SYNC_FENCE_FULL : st ? SYNC_FENCE_STORES :
				   SYNC_FENCE_LOADS, 0);
}

void dcache_clean_inval_poc(unsigned long start, unsigned long end)
{
	platform_hook_call("clean_poc", __hyp_pa(start));
	if (end > start)
		cache_clean_inval(machine_cpu(), __hyp_pa(start), end - start);
}
