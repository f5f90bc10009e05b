// SPDX-License-Identifier: GPL-2.0-only
/*
 * Physical memory: layout, page records, RAM backing, reset.
 *
 * The hyp's VA of a physical address is "window + pa": one reserved,
 * inaccessible 1 TiB region of which only RAM is made readable and
 * writable, so a hyp pointer into MMIO or a hole faults instead of
 * corrupting the harness. The window sits at one fixed address wherever
 * the system lets it, so that a hyp VA is the same number in every run:
 * traces that print one, and a host that writes one (a fuzzer learns them
 * from the mediator's comparisons), replay as they ran.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <asm/kvm_pgtable.h>
#include <asm/kvm_pkvm.h>
#include <linux/kernel.h>
#include <nvhe/memory.h>
#include <nvhe/mem_protect.h>

#include "cache.h"
#include "cpu.h"
#include "mem_internal.h"
#include "rmm.h"
#include "vcpu.h"
#include "../trace/trace.h"

#define WINDOW_SIZE	(1ULL << 40)
/*
 * In the application ranges of x86_64 Linux under no sanitizer, ASan
 * (high memory) and MSan (its second range, 0x510000000000 up to
 * 0x600000000000); elsewhere the kernel's choice if that one is taken.
 */
#define WINDOW_FIXED	0x520000000000ULL
#define MAX_PFNS	(SIM_PA_LIMIT >> SIM_MIN_PAGE_SHIFT)
#define JOURNAL_MAX	65536

unsigned int __hyp_page_shift = 12;
uint64_t mem_ram_size;
unsigned long hyp_physvirt_offset;

struct hyp_page outside_page;

static uint8_t *window;
struct hyp_page *page_records;
static uint32_t *touched;
static unsigned int nr_touched;
uint32_t page_run_epoch;
static uint32_t step_epoch;
static struct journal_entry *journal;
static unsigned int nr_journal;
static bool journal_overflow;
static struct machine_config cfg;

static int machine_init_once(void)
{
	if (window)
		return 0;
	window = MAP_FAILED;
#ifdef MAP_FIXED_NOREPLACE
	if (sizeof(void *) == 8)
		window = mmap((void *)(uintptr_t)WINDOW_FIXED, WINDOW_SIZE, PROT_NONE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
			      -1, 0);
#endif
	if (window == MAP_FAILED)
		window = mmap(NULL, WINDOW_SIZE, PROT_NONE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (window == MAP_FAILED) {
		window = NULL;
		return -ENOMEM;
	}
	if (mprotect(window + SIM_RAM_BASE, SIM_RAM_MAX, PROT_READ | PROT_WRITE))
		return -ENOMEM;
	page_records = calloc(MAX_PFNS, sizeof(*page_records));
	touched = calloc(MAX_PFNS, sizeof(*touched));
	journal = calloc(JOURNAL_MAX, sizeof(*journal));
	if (!page_records || !touched || !journal)
		return -ENOMEM;
	hyp_physvirt_offset = -(unsigned long)window;
	return 0;
}

const struct machine_config *machine_config(void)
{
	return &cfg;
}

void mem_boot_ranges(uint64_t boot[MEM_BOOT_RANGES][2])
{
	boot[0][0] = SIM_ITS_BASE >> cfg.page_shift;
	boot[0][1] = DIV_ROUND_UP(SIM_ITS_BASE + SIM_ITS_SIZE, 1ULL << cfg.page_shift);
	boot[1][0] = SIM_RAM_BASE >> cfg.page_shift;
	boot[1][1] = DIV_ROUND_UP(SIM_RAM_BASE + SIM_HYP_CARVEOUT, 1ULL << cfg.page_shift);
}

/* The boot state of a page: what page_get() starts every run from. */
static void page_default(uint64_t pfn, struct hyp_page *p)
{
	uint64_t owned_by_hyp = FIELD_PREP(KVM_INVALID_PTE_OWNER_MASK, PKVM_ID_HYP);
	uint64_t pa = pfn << cfg.page_shift;
	uint64_t boot[MEM_BOOT_RANGES][2];

	memset(&p->rec, 0, sizeof(p->rec));
	p->rec.host_state = PKVM_PAGE_OWNED;
	p->rec.hyp_state = PKVM_NOPAGE;
	p->oracle = 0;
	p->data_dirty = 0;
	mem_boot_ranges(boot);
	if (mem_boot_page(pfn, boot)) {
		p->rec.host_pte = owned_by_hyp;
		p->rec.hyp_pte = KVM_PTE_VALID | (pa & KVM_PTE_ADDR_MASK) |
				 KVM_PTE_LEAF_ATTR_R | KVM_PTE_LEAF_ATTR_W |
				 (machine_device(pa) == 0 ? KVM_PTE_LEAF_ATTR_DEVICE : 0);
		p->rec.host_state = PKVM_NOPAGE;
		p->rec.hyp_state = PKVM_PAGE_OWNED;
	}
}

bool machine_pfn_valid(uint64_t pfn)
{
	return pfn < (SIM_PA_LIMIT >> cfg.page_shift);
}

struct hyp_page *page_first_get(uint64_t pfn)
{
	struct hyp_page *p;

	if (!machine_pfn_valid(pfn))
		return NULL;
	p = &page_records[pfn];
	if (p->run_epoch != page_run_epoch) {
		page_default(pfn, p);
		p->run_epoch = page_run_epoch;
		p->step_epoch = 0;
		touched[nr_touched++] = (uint32_t)pfn;
	}
	return p;
}

uint64_t touched_pfn(unsigned int i)
{
	return touched[i];
}

bool page_touched(uint64_t pfn)
{
	return page_records[pfn].run_epoch == page_run_epoch;
}

uint64_t page_pfn(const struct hyp_page *p)
{
	return (uint64_t)(p - page_records);
}

void page_journal(struct hyp_page *p)
{
	if (p == &outside_page || p->step_epoch == step_epoch)
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

uint64_t mem_writes;

/* Granule @g's bit in its page's data_dirty mask. */
static uint16_t granule_bit(uint64_t g)
{
	return (uint16_t)(1u << (g & ((1u << (cfg.page_shift - MEM_GRANULE_SHIFT)) - 1)));
}

void page_mark_data_dirty(uint64_t pfn)
{
	struct hyp_page *p = page_get(pfn);

	/* Only RAM has contents to clear; device state lives in mmio.c. */
	if (p && ram_ptr(pfn << cfg.page_shift))
		p->data_dirty = (uint16_t)((1u << (1u << (cfg.page_shift - MEM_GRANULE_SHIFT))) - 1);
}

void page_mark_written(uint64_t pa, uint64_t len)
{
	uint64_t g, last = (pa + len - 1) >> MEM_GRANULE_SHIFT;
	struct hyp_page *p;

	if (!len || !ram_ptr(pa) || !ram_ptr(pa + len - 1))
		return;
	mem_writes++;
	for (g = pa >> MEM_GRANULE_SHIFT; g <= last; g++) {
		p = page_get((g << MEM_GRANULE_SHIFT) >> cfg.page_shift);
		p->data_dirty |= granule_bit(g);
	}
}

void page_mark_zeroed(uint64_t pa, uint64_t len)
{
	uint64_t g = (pa + (1ULL << MEM_GRANULE_SHIFT) - 1) >> MEM_GRANULE_SHIFT;
	uint64_t end = (pa + len) >> MEM_GRANULE_SHIFT;
	struct hyp_page *p;

	if (!len || !ram_ptr(pa) || !ram_ptr(pa + len - 1))
		return;
	for (; g < end; g++) {
		p = page_get((g << MEM_GRANULE_SHIFT) >> cfg.page_shift);
		p->data_dirty &= (uint16_t)~granule_bit(g);
	}
}

uint8_t *ram_ptr(uint64_t pa)
{
	if (machine_kind(pa) != MEM_RAM)
		return NULL;
	return window + pa;
}

int machine_boot(const struct machine_config *new_cfg)
{
	unsigned int i;
	int ret;

	ret = machine_init_once();
	if (ret)
		return ret;
	if (new_cfg->page_shift != 12 && new_cfg->page_shift != 14 &&
	    new_cfg->page_shift != 16)
		return -EINVAL;
	if (!new_cfg->ram_size || new_cfg->ram_size > SIM_RAM_MAX ||
	    new_cfg->ram_size % SIM_DEV_SIZE || new_cfg->nr_devices > SIM_MAX_DEVICES)
		return -EINVAL;

	/* Clear what the last run wrote, under the last run's page size. */
	for (i = 0; i < nr_touched; i++) {
		uint8_t *base = window + ((uint64_t)touched[i] << cfg.page_shift);
		struct hyp_page *p = &page_records[touched[i]];

		/* Clear the granules written, not the whole (up to 64 KiB) page. */
		while (p->data_dirty) {
			unsigned int g = (unsigned int)__builtin_ctz(p->data_dirty);

			memset(base + ((size_t)g << MEM_GRANULE_SHIFT), 0, 1u << MEM_GRANULE_SHIFT);
			p->data_dirty &= (uint16_t)(p->data_dirty - 1);
		}
	}
	nr_touched = 0;
	if (++page_run_epoch == 0) {
		/* Epoch wrapped: every record must look untouched again. */
		memset(page_records, 0, MAX_PFNS * sizeof(*page_records));
		page_run_epoch = 1;
	}
	cfg = *new_cfg;
	__hyp_page_shift = cfg.page_shift;
	mem_ram_size = cfg.ram_size;
	memset(&outside_page, 0, sizeof(outside_page));
	mmio_reset();
	cache_reset();
	rmm_reset();
	vcpu_reset();
	cpu_reset();
	machine_locks_clear();
	host_mmu.lock.__val = 0;
	pkvm_pgd_lock.__val = 0;
	memset(pkvm_protected_regs, 0, sizeof(pkvm_protected_regs));
	pkvm_protected_regs[0].pfn = SIM_ITS_BASE >> cfg.page_shift;
	pkvm_protected_regs[0].nr_pages = SIM_ITS_SIZE >> cfg.page_shift;
	if (!pkvm_protected_regs[0].nr_pages)
		pkvm_protected_regs[0].nr_pages = 1;
	pkvm_nr_protected_regs = 1;
	machine_step_begin();
	return 0;
}

void machine_step_begin(void)
{
	if (++step_epoch == 0)
		step_epoch = 1;
	nr_journal = 0;
	journal_overflow = false;
}

const struct journal_entry *machine_step_journal(unsigned int *nr, bool *overflow)
{
	*nr = nr_journal;
	*overflow = journal_overflow;
	return journal;
}

unsigned int machine_touched(void)
{
	return nr_touched;
}

uint64_t machine_touched_pfn(unsigned int i)
{
	return touched[i];
}

struct page_rec machine_page(uint64_t pfn)
{
	struct hyp_page *p = page_get(pfn);

	if (!p)
		return outside_page.rec;
	return p->rec;
}

uint64_t *machine_oracle_word(uint64_t pfn)
{
	struct hyp_page *p = page_get(pfn);

	return p ? &p->oracle : NULL;
}

/*
 * The mediator is linked into this process: its statics and code are the
 * process image's, from the linker's first byte to its last (the harness's
 * too, which never writes its addresses where the host can read).
 */
extern char __executable_start[], _end[];

void machine_hyp_image(uint64_t *start, uint64_t *end)
{
	*start = (uintptr_t)__executable_start;
	*end = (uintptr_t)_end;
}

const void *machine_ram_view(uint64_t pa, uint64_t len)
{
	if (!len || !ram_ptr(pa) || pa + len < pa || !ram_ptr(pa + len - 1))
		return NULL;
	return ram_ptr(pa);
}

bool machine_granule_written(uint64_t pa)
{
	struct hyp_page *p;

	if (!ram_ptr(pa))
		return false;
	p = &page_records[pa >> cfg.page_shift];
	/* A record the run has not touched: the page is as it booted. */
	if (p->run_epoch != page_run_epoch)
		return false;
	return p->data_dirty & granule_bit(pa >> MEM_GRANULE_SHIFT);
}

uint64_t machine_host_va(uint64_t pa)
{
	return 0xffff000000000000ULL + pa;
}

static int host_access_check(uint64_t pa, unsigned int width)
{
	kvm_pte_t pte;

	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -EINVAL;
	if (pa & (width - 1))
		return -EINVAL;
	if (pa >= SIM_PA_LIMIT)
		return -EFAULT;
	pte = page_get(pa >> cfg.page_shift)->rec.host_pte;
	if (!kvm_pte_valid(pte))
		return -EFAULT;
	return 0;
}

int machine_host_read(uint64_t pa, unsigned int width, uint64_t *val)
{
	uint8_t *ram;
	int ret;

	ret = host_access_check(pa, width);
	if (ret)
		return ret;
	ram = ram_ptr(pa);
	*val = 0;
	if (ram)
		memcpy(val, ram, width);
	else if (machine_kind(pa) == MEM_MMIO)
		*val = mmio_read(pa, width);
	return 0;
}

int machine_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	uint8_t *ram;
	int ret;

	ret = host_access_check(pa, width);
	if (ret)
		return ret;
	ram = ram_ptr(pa);
	if (ram) {
		/* Before the store: an observer may keep what the bytes held. */
		platform_hook_host_write(pa, width, val);
		page_mark_written(pa, width);
		cache_host_store(pa, width);
		memcpy(ram, &val, width);
	} else if (machine_kind(pa) == MEM_MMIO) {
		mmio_write(pa, width, val);
	}
	return 0;
}
