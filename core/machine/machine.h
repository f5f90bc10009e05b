/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * machine: the simulated physical machine below the mediator.
 *
 * Owns the physical address space (RAM, device frames, holes), the per-page
 * records behind the hyp's vmemmap and the two page tables (host stage-2,
 * hyp stage-1), the RAM contents, the hyp locks, and the device register
 * files. It knows nothing of programs, the oracle or fuzzing: the layers
 * above read it through this header and hook into it through callbacks.
 *
 * Cost model: a page record is initialised from the boot layout the first
 * time a run touches it (a per-run epoch says whether it has been), and a
 * reset only bumps the epoch and clears the RAM pages the run wrote. So a
 * reset costs what the previous input touched, not the size of memory.
 *
 * Journal: the first change to a page record within a step saves the old
 * record; the oracle compares against it (O3 exact rollback, O1 on exactly
 * the pages a step changed).
 */
#ifndef EL2FUZZ_MACHINE_H
#define EL2FUZZ_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "its_hw.h"


#define SIM_PA_LIMIT		(1ULL << 32)
#define SIM_RAM_BASE		0x40000000ULL
#define SIM_RAM_MAX		(256ULL << 20)
#define SIM_HYP_CARVEOUT	(1ULL << 20)	/* hyp-private RAM at RAM base */
#define SIM_ITS_BASE		0x08080000ULL
#define SIM_ITS_SIZE		0x20000ULL
#define SIM_DEV_BASE		0x09000000ULL
#define SIM_DEV_SIZE		0x10000ULL
#define SIM_MAX_DEVICES		4
#define SIM_MIN_PAGE_SHIFT	12
#define SIM_NR_CPUS		2	/* the host's and the other CPU */

enum mem_kind {
	MEM_HOLE,
	MEM_RAM,
	MEM_MMIO,
};

struct machine_config {
	unsigned int page_shift;	/* 12, 14 or 16 */
	uint64_t ram_size;		/* bytes, multiple of 64 KiB, <= SIM_RAM_MAX */
	unsigned int nr_devices;	/* device frames besides the ITS */
	struct its_hw_config its;	/* the ITS model; zeroed: the default */
};

/* One page: what the vmemmap and both page tables say about it. */
struct page_rec {
	uint64_t host_pte;
	uint64_t hyp_pte;
	uint16_t refcount;
	uint8_t host_state;
	uint8_t hyp_state;
};

struct journal_entry {
	uint64_t pfn;
	struct page_rec old;
};

/*
 * The ownership calls the mediator makes from one file into another
 * (core/machine/wrap.c): what was asked, and what came back. The oracle
 * judges each against its own reference of the ownership rules.
 */
enum hyp_prim_id {
	PRIM_SHARE,		/* __pkvm_host_share_hyp(pfn) */
	PRIM_UNSHARE,		/* __pkvm_host_unshare_hyp(pfn) */
	PRIM_DONATE,		/* __pkvm_host_donate_hyp(pfn, nr) */
	PRIM_GIVE_BACK,		/* __pkvm_hyp_donate_host(pfn, nr) */
	PRIM_PIN,		/* hyp_pin_shared_mem(from, to), as PAs */
	PRIM_UNPIN,		/* hyp_unpin_shared_mem(from, to), as PAs */
	PRIM_DONATE_MMIO,	/* __pkvm_host_donate_hyp_mmio(pfn) */
	PRIM_RECLAIM_MMIO,	/* __pkvm_host_reclaim_hyp_mmio(pfn) */
	PRIM_HOST_ABORT,	/* handle_host_mem_abort(ipa): pfn holds the IPA */
	NR_PRIMS,
};

/* "share", "give_back", ...: the call's name in traces and signatures. */
const char *machine_prim_name(enum hyp_prim_id id);

struct hyp_prim {
	enum hyp_prim_id id;
	uint64_t pfn;		/* as passed, before any shift */
	uint64_t nr;
	uint64_t from;		/* pin/unpin: physical addresses of the VAs */
	uint64_t to;
	int ret;
	bool injected;		/* a fault plan failed it before it ran */
};

/* A shared access (struct platform_hooks.shared). */
#define SHARED_STORE		0x1u
#define SHARED_MARKED		0x2u	/* READ_ONCE, WRITE_ONCE, acquire, release, device */
#define SHARED_RELEASE		0x4u	/* smp_store_release's store */
#define SHARED_DEVICE		0x8u
#define SHARED_DEVICE_ADDR	(1ULL << 63)	/* or'ed into a device register's pa */
/*
 * The vmemmap's fields of one page as shared-access keys: a granule each,
 * as the kernel's memory model has no races between different bytes, and
 * a page's state and count sit in one word under different locks.
 */
#define SHARED_VMEMMAP_ADDR	(1ULL << 62)
enum vmemmap_field { VMEMMAP_REFCOUNT, VMEMMAP_HOST_STATE, VMEMMAP_HYP_STATE };
#define SHARED_VMEMMAP_KEY(pfn, field) \
	(SHARED_VMEMMAP_ADDR | ((uint64_t)(pfn) << 5) | ((uint64_t)(field) << 3))

/* What orders shared accesses between the hyp's CPUs. */
enum sync_kind {
	SYNC_LOCK,		/* a lock taken (addr: the lock) */
	SYNC_UNLOCK,		/* a lock about to be let go */
	SYNC_ACQUIRE,		/* smp_load_acquire of addr, just done */
	SYNC_FENCE_STORES,	/* dmb/dsb of stores, wmb */
	SYNC_FENCE_LOADS,	/* dmb/dsb of loads, rmb */
	SYNC_FENCE_FULL,	/* dmb/dsb of both, mb */
};

/*
 * Callbacks into the layers above: the oracle registers one (step budget,
 * WARNs, ownership calls), the adversary's scheduler another (interleaving
 * points). Each layer registers once; NULL members are skipped.
 */
struct platform_hooks {
	/* Every platform call the mediator makes: an interleaving point. */
	void (*call)(const char *what, uint64_t arg);
	/* A WARN_ON fired in the hyp. */
	void (*warn)(const char *file, int line, const char *cond);
	/* An ownership call: before it runs (ret unset), and with its result. */
	void (*prim_begin)(const struct hyp_prim *p);
	void (*prim_end)(const struct hyp_prim *p);
	/* The other CPU is about to write @buf to [pa, pa + len) of host memory. */
	void (*cpu2_write)(uint64_t pa, const void *buf, unsigned int len);
	/* The host stored @val, @width bytes, at @pa of RAM. */
	void (*host_write)(uint64_t pa, unsigned int width, uint64_t val);
	/*
	 * While the hyp's second CPU is armed or in the hyp (core/machine/
	 * cpu.h): every access by the hyp to shared state (anything but a
	 * CPU's stack; a device register is SHARED_DEVICE | its pa), and what
	 * orders them. The race check (O17) is built on these.
	 */
	void (*shared)(uintptr_t addr, unsigned int len, unsigned int flags);
	void (*sync)(enum sync_kind kind, uintptr_t addr);
};

#define PLATFORM_MAX_HOOKS	8

/* Register @hooks (once per pointer; registering again is a no-op). */
void platform_add_hooks(const struct platform_hooks *hooks);

/* Boot (or reset to boot) with @cfg; cost proportional to the last run. */
int machine_boot(const struct machine_config *cfg);
const struct machine_config *machine_config(void);
/* This boot's page shift (the compat headers' PAGE_SHIFT): every check asks. */
extern unsigned int __hyp_page_shift;

static inline unsigned int machine_page_shift(void)
{
	return __hyp_page_shift;
}

static inline uint64_t machine_page_size(void)
{
	return 1ULL << __hyp_page_shift;
}

enum mem_kind machine_kind(uint64_t pa);
/* Device frame index for @pa: -1 none, 0 the ITS, 1.. other devices. */
int machine_device(uint64_t pa);

/* Page records, for the oracle and the adversary (read only). */
bool machine_pfn_valid(uint64_t pfn);
struct page_rec machine_page(uint64_t pfn);
/*
 * One word per page that the oracle owns (its own reference of who owns
 * the page), kept beside the record for speed and zeroed, like the record,
 * the first time a run touches the page. NULL outside the machine.
 */
uint64_t *machine_oracle_word(uint64_t pfn);
/*
 * Whether anything may have written the 4 KiB granule at @pa since the
 * machine booted: false means it reads as zeros (RAM starts zeroed), so a
 * scan of tables can skip it.
 */
#define MACHINE_GRANULE		4096ULL
bool machine_granule_written(uint64_t pa);
/* RAM at [@pa, @pa + @len) to read in place; NULL if any of it is not RAM. */
const void *machine_ram_view(uint64_t pa, uint64_t len);
/*
 * The hyp's image (its code, its statics), [@start, @end) in VAs: a hyp
 * address as much as one of RAM is, and as much a leak in host memory.
 */
void machine_hyp_image(uint64_t *start, uint64_t *end);

/*
 * Whether the @len bytes at @p (RAM read in place) are all zeros. One pass
 * with no early exit, which the compiler turns into vector ORs: the scans
 * of tables and returned pages meet mostly zeros, granules the hyp wrote
 * only to clear them.
 */
static inline bool ram_is_zero(const void *p, uint64_t len)
{
	const uint8_t *b = p;
	uint64_t i;
	uint8_t acc = 0;

	for (i = 0; i < len; i++)
		acc |= b[i];
	return !acc;
}

/*
 * Whether the granule at @pa may hold anything but zeros: written since
 * boot, and not all zeros now (the hyp clears what it takes). What a scan
 * for data asks first.
 */
static inline bool machine_granule_has_data(uint64_t pa)
{
	const void *p;

	pa &= ~(MACHINE_GRANULE - 1);
	if (!machine_granule_written(pa))
		return false;
	p = machine_ram_view(pa, MACHINE_GRANULE);
	return p && !ram_is_zero(p, MACHINE_GRANULE);
}

/* The journal of the current step. */
void machine_step_begin(void);
const struct journal_entry *machine_step_journal(unsigned int *nr, bool *overflow);

/* Pages the current run touched (for O1 sweeps and the reset bench). */
unsigned int machine_touched(void);
uint64_t machine_touched_pfn(unsigned int i);

/* Host CPU access through the host stage-2: 0, or -EFAULT on a fault. */
int machine_host_read(uint64_t pa, unsigned int width, uint64_t *val);
int machine_host_write(uint64_t pa, unsigned int width, uint64_t val);

/* The CPU the hyp runs on now (0, or 1 while the other CPU is in the hyp). */
extern unsigned int machine_cur_cpu;

static inline unsigned int machine_cpu(void)
{
	return machine_cur_cpu;
}

/* Locks the hyp holds now (O4). */
unsigned int machine_locks_held(void);
/*
 * Where CPU @cpu stands in the hyp: the platform call it made last (a
 * constant string; "" before any) and the locks it holds. Read when the
 * other CPU enters, to tell the engine which kind of point it raced.
 */
const char *machine_cpu_at(unsigned int cpu, unsigned int *locks);
void machine_locks_clear(void);

/* Host kernel VA of a physical address (the linear map). */
uint64_t machine_host_va(uint64_t pa);

#endif
