// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hyp API of core/include, implemented at EL2. The simulated machine's
 * counterpart is core/machine/platform.c + mem.c; this file shares no code
 * with them but follows their semantics call for call (range rounding,
 * which allocations a fault plan may fail, the journal, the order of a
 * walk, the platform calls announced), so that a program gets the same
 * verdict in both. Here: the page tables (on the page records of
 * records.c), locks, device access, barriers, cache maintenance, and the
 * platform's set-up; the host's side is host.c.
 *
 * The hyp stage-1 is real as well as recorded: mapping an arena page into
 * the hyp writes the EL2 translation table (mmu.c), unmapping it removes
 * it and invalidates the TLB. So the mediator can only touch arena pages
 * it owns or borrows, as on hardware.
 *
 * Every entry point first announces itself (platform_hook_call(): a step and an
 * interleaving point for the layers above, core/el2/machine.c).
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
#include "../machine/pgtable_rules.h"

#define MAX_HELD_LOCKS	16

unsigned int __hyp_page_shift = 12;
/* hyp VA = PA + EL2_HYP_VA_BASE (el2/el2.h) */
unsigned long hyp_physvirt_offset = (unsigned long)-EL2_HYP_VA_BASE;
struct host_mmu host_mmu = { .pgt = { .id = PKVM_ID_HOST, .ia_bits = 32 } };
struct kvm_pgtable pkvm_pgtable = { .id = PKVM_ID_HYP };
hyp_spinlock_t pkvm_pgd_lock;
struct pkvm_protected_reg pkvm_protected_regs[PKVM_PROTECTED_REGS_NUM];
unsigned int pkvm_nr_protected_regs;
/* As many CPUs as the simulation (QEMU runs with -smp 2; the second stays off). */
unsigned int hyp_nr_cpus = EL2_NR_CPUS;

static struct el2_config cfg;
static bool initialised;
static uint64_t ram_end;
static uint64_t priv_next;
static uint64_t priv_end;
static hyp_spinlock_t *held[MAX_HELD_LOCKS];
static unsigned int nr_held;

/* Configuration, allocation ----------------------------------------------- */

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

/* With nobody listening, a WARN is what the simulation's oracle makes of it: O10. */
void __hyp_warn(const char *file, int line, const char *cond)
{
	const char *base = file;
	const char *p;
	char what[96];

	el2_trace_warn(line);
	if (hooks_warn(file, line, cond))
		return;
	for (p = file; *p; p++)
		if (*p == '/')
			base = p + 1;
	el2_snprintf(what, sizeof(what), "warn@%s:%d", base, line);
	el2_report("O10", what, "WARN_ON(%s) reached from host input", cond);
}

/* Page tables ---------------------------------------------------------------- */

static bool is_host(struct kvm_pgtable *pgt)
{
	return pgt == &host_mmu.pgt;
}

/*
 * A table page for a map or an annotation of @nr > 0 pages. The hyp sizes
 * both pools at boot to map all of memory page by page, so only a range
 * reaching outside RAM can find its pool dry: only there may a fault plan
 * (class "pgtable") fail it.
 */
static int table_alloc(u64 pfn, u64 nr)
{
	if (addr_is_memory(pfn << PAGE_SHIFT) && addr_is_memory((pfn + nr - 1) << PAGE_SHIFT))
		return 0;
	return el2_hook_should_fail_pgtable();
}

/* The real stage-1 follows the hyp's record (arena pages only, mmu.c). */
static void hyp_stage1_set(u64 pfn, kvm_pte_t pte)
{
	unsigned int attr = 0;

	if (!cfg.strict_stage1)
		return;
	if (kvm_pte_valid(pte))
		attr = (pte & KVM_PTE_LEAF_ATTR_DEVICE ? 2 : 1) |
		       (pte & KVM_PTE_LEAF_ATTR_X ? 4 : 0);
	el2_mmu_set(pfn << PAGE_SHIFT, PAGE_SIZE, attr);
}

static void set_pte(u64 pfn, bool host, kvm_pte_t pte)
{
	struct hyp_page *p = el2_page_get(pfn);

	el2_page_journal(p);
	if (host) {
		p->rec.host_pte = pte;
		return;
	}
	p->rec.hyp_pte = pte;
	hyp_stage1_set(pfn, pte);
}

int kvm_pgtable_get_leaf(struct kvm_pgtable *pgt, u64 addr, kvm_pte_t *ptep, s8 *level)
{
	u64 pa = is_host(pgt) ? addr : __hyp_pa(addr);
	struct hyp_page *p;

	platform_hook_call("get_leaf", pa);
	if (level)
		*level = 3;
	p = pa < EL2_PA_LIMIT ? el2_page_get(pa >> PAGE_SHIFT) : NULL;
	*ptep = p ? (is_host(pgt) ? p->rec.host_pte : p->rec.hyp_pte) : 0;
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
	platform_hook_call("stage2_map", addr);
	if (!is_host(pgt) || addr != phys)
		return -EINVAL;
	ret = pgtable_walk_range(addr, size, PAGE_SHIFT, &pfn, &nr);
	if (ret || !nr)
		return ret;
	ret = table_alloc(pfn, nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		set_pte(pfn + i, true, pgtable_prot_to_pte((pfn + i) << PAGE_SHIFT, prot));
	el2_trace_own("host stage-2 map pa 0x%llx size 0x%llx prot 0x%llx", addr, size, prot);
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
	platform_hook_call("stage2_set_owner", addr);
	if (!is_host(pgt))
		return -EINVAL;
	ret = pgtable_walk_range(addr, size, PAGE_SHIFT, &pfn, &nr);
	if (ret || !nr)
		return ret;
	/* Handing pages back to the host frees table entries, never allocates. */
	ret = owner_id == PKVM_ID_HOST ? 0 : table_alloc(pfn, nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		set_pte(pfn + i, true, FIELD_PREP(KVM_INVALID_PTE_OWNER_MASK, owner_id));
	el2_trace_own("host stage-2 owner pa 0x%llx size 0x%llx -> id %llu", addr, size, owner_id);
	return 0;
}

/* Clears every leaf in range, annotations included. */
int kvm_pgtable_stage2_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size)
{
	u64 pfn;
	u64 nr;
	u64 i;
	int ret;

	platform_hook_call("stage2_unmap", addr);
	if (!is_host(pgt))
		return -EINVAL;
	ret = pgtable_walk_range(addr, size, PAGE_SHIFT, &pfn, &nr);
	if (ret || !nr)
		return ret;
	for (i = 0; i < nr; i++)
		set_pte(pfn + i, true, 0);
	el2_trace_own("host stage-2 unmap pa 0x%llx size 0x%llx", addr, size, 0);
	return 0;
}

int kvm_pgtable_hyp_map(struct kvm_pgtable *pgt, u64 addr, u64 size, u64 phys,
			enum kvm_pgtable_prot prot)
{
	u64 pfn;
	u64 nr;
	u64 i;
	int ret;

	platform_hook_call("hyp_map", phys);
	if (is_host(pgt) || addr != (u64)__hyp_va(phys))
		return -EINVAL;
	ret = pgtable_walk_range(phys, size, PAGE_SHIFT, &pfn, &nr);
	if (ret || !nr)
		return ret;
	ret = table_alloc(pfn, nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		set_pte(pfn + i, false, pgtable_prot_to_pte((pfn + i) << PAGE_SHIFT, prot));
		/* The hyp may write anything it maps, seen or not. */
		el2_mark_written((pfn + i) << PAGE_SHIFT, PAGE_SIZE);
	}
	el2_trace_own("hyp map pa 0x%llx size 0x%llx prot 0x%llx", phys, size, prot);
	return 0;
}

/*
 * The bytes unmapped. As the kernel's hyp unmap walker does, it stops at
 * the first page not mapped, so a short count says where it stopped.
 */
u64 kvm_pgtable_hyp_unmap(struct kvm_pgtable *pgt, u64 addr, u64 size)
{
	u64 pfn;
	u64 nr;
	u64 i;
	u64 unmapped = 0;

	platform_hook_call("hyp_unmap", __hyp_pa(addr));
	if (is_host(pgt) || pgtable_walk_range(__hyp_pa(addr), size, PAGE_SHIFT, &pfn, &nr))
		return 0;
	for (i = 0; i < nr; i++) {
		if (!kvm_pte_valid(el2_page_get(pfn + i)->rec.hyp_pte))
			break;
		set_pte(pfn + i, false, 0);
		unmapped += PAGE_SIZE;
	}
	el2_trace_own("hyp unmap pa 0x%llx size 0x%llx", __hyp_pa(addr), unmapped, 0);
	return unmapped;
}

static int walk_one(u64 pfn, u64 start, u64 end, bool host, struct kvm_pgtable_walker *walker)
{
	u64 pa = pfn << PAGE_SHIFT;
	struct hyp_page *p;
	kvm_pte_t pte;

	if (pa < start || pa >= end)
		return 0;
	p = el2_page_get(pfn);
	pte = host ? p->rec.host_pte : p->rec.hyp_pte;
	return pte ? walker->cb(host ? pa : (u64)__hyp_va(pa), pte, walker->arg) : 0;
}

/*
 * Only touched pages and the boot-time hyp pages can be non-empty: those,
 * in the simulation's order (touched first, in the order of first use).
 */
int kvm_pgtable_walk(struct kvm_pgtable *pgt, u64 addr, u64 size,
		     struct kvm_pgtable_walker *walker)
{
	u64 pa = is_host(pgt) ? addr : __hyp_pa(addr);
	u64 start, end, pfn, nr;
	unsigned int i;
	int ret;

	platform_hook_call("walk", pa);
	ret = pgtable_walk_range(pa, size, PAGE_SHIFT, &pfn, &nr);
	if (ret || !nr)
		return ret;
	start = pfn << PAGE_SHIFT;
	end = (pfn + nr) << PAGE_SHIFT;
	for (i = 0; i < el2_touched(); i++) {
		ret = walk_one(el2_touched_pfn(i), start, end, is_host(pgt), walker);
		if (ret)
			return ret;
	}
	for (pfn = EL2_RAM_BASE >> PAGE_SHIFT; pfn < (EL2_RAM_BASE + EL2_CARVEOUT) >> PAGE_SHIFT;
	     pfn++) {
		if (el2_page_lookup(pfn)->touched)
			continue;
		ret = walk_one(pfn, start, end, is_host(pgt), walker);
		if (ret)
			return ret;
	}
	for (pfn = EL2_ITS_BASE >> PAGE_SHIFT;
	     pfn < DIV_ROUND_UP(EL2_ITS_BASE + EL2_ITS_SIZE, PAGE_SIZE); pfn++) {
		if (el2_page_lookup(pfn)->touched)
			continue;
		ret = walk_one(pfn, start, end, is_host(pgt), walker);
		if (ret)
			return ret;
	}
	return 0;
}

/* Locks ------------------------------------------------------------------- */

/*
 * Load-acquire/store-exclusive. One CPU runs the hyp: a lock found held
 * can only be held by the caller, and spinning on it would hang, so it is
 * reported at once, as the simulation reports it.
 */
void hyp_spin_lock(hyp_spinlock_t *lock)
{
	u32 busy;
	u32 fail;

	platform_hook_call("lock", (u64)(uintptr_t)lock);
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
	if (nr_held == MAX_HELD_LOCKS)
		el2_report("O4", "too_many_locks", "more than %d locks held", MAX_HELD_LOCKS);
	held[nr_held++] = lock;
}

void hyp_spin_unlock(hyp_spinlock_t *lock)
{
	unsigned int i;

	platform_hook_call("unlock", (u64)(uintptr_t)lock);
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
 * hyp would be using a mapping it never made. The ITS frame is the ITS's
 * (its_hw.c: the device as the layers above see it); other frames are
 * register files (host.c).
 */
static u64 hyp_mmio(const volatile void *addr, unsigned int width, bool write, u64 val)
{
	u64 pa = __hyp_pa((unsigned long)addr);
	kvm_pte_t pte = 0;

	platform_hook_call(write ? "mmio_write" : "mmio_read", pa);
	if (pa < EL2_PA_LIMIT)
		pte = el2_page_get(pa >> PAGE_SHIFT)->rec.hyp_pte;
	if (!kvm_pte_valid(pte) || !(pte & KVM_PTE_LEAF_ATTR_DEVICE) || (pa & (width - 1)))
		el2_report("O9", "hyp_panic", "hyp device access to pa 0x%llx not mapped as device",
			   (unsigned long long)pa);
	if (write) {
		el2_device_write(pa, width, val);
		return 0;
	}
	return el2_device_read(pa, width);
}

u8 __raw_readb(const volatile void __iomem *a) { return (u8)hyp_mmio(a, 1, false, 0); }
u16 __raw_readw(const volatile void __iomem *a) { return (u16)hyp_mmio(a, 2, false, 0); }
u32 __raw_readl(const volatile void __iomem *a) { return (u32)hyp_mmio(a, 4, false, 0); }
u64 __raw_readq(const volatile void __iomem *a) { return hyp_mmio(a, 8, false, 0); }
void __raw_writeb(u8 v, volatile void __iomem *a) { hyp_mmio(a, 1, true, v); }
void __raw_writew(u16 v, volatile void __iomem *a) { hyp_mmio(a, 2, true, v); }
void __raw_writel(u32 v, volatile void __iomem *a) { hyp_mmio(a, 4, true, v); }
void __raw_writeq(u64 v, volatile void __iomem *a) { hyp_mmio(a, 8, true, v); }

uint64_t el2_dev_read(uint64_t pa, unsigned int width)
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

void el2_dev_write(uint64_t pa, unsigned int width, uint64_t v)
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
	platform_hook_call(kind, 0);
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

	platform_hook_call("clean_poc", __hyp_pa(start));
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

static void check_config(const struct el2_config *c)
{
	if (c->page_shift != 12 && c->page_shift != 14 && c->page_shift != 16)
		el2_fatal("page_shift %u: not 12, 14 or 16", c->page_shift);
	if (c->ram_size < EL2_RAM_MIN || c->ram_size > EL2_RAM_MAX ||
	    c->ram_size % EL2_RAM_MIN)
		el2_fatal("ram_size %llu MiB: not 16..128 in steps of 16",
			  (unsigned long long)(c->ram_size >> 20));
	if (c->nr_devices > EL2_MAX_DEVICES)
		el2_fatal("%u devices: at most %d", c->nr_devices, EL2_MAX_DEVICES);
}

void el2_platform_init(const struct el2_config *c)
{
	if (initialised)
		el2_fatal("el2_platform_init called twice");
	check_config(c);
	cfg = *c;
	__hyp_page_shift = c->page_shift;
	ram_end = EL2_RAM_BASE + c->ram_size;

	priv_next = EL2_PRIV_BASE;
	priv_end = EL2_PRIV_BASE + EL2_PRIV_SIZE;
	initialised = true;
	el2_mmu_arena_init(ram_end, c->strict_stage1);

	el2_records_init(c->ram_size);
	el2_devices_init();

	pkvm_protected_regs[0].pfn = EL2_ITS_BASE >> PAGE_SHIFT;
	pkvm_protected_regs[0].nr_pages = DIV_ROUND_UP(EL2_ITS_SIZE, PAGE_SIZE);
	pkvm_protected_regs[0].priv = NULL;
	pkvm_nr_protected_regs = 1;
}

