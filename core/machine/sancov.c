// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mediator's memory accesses (SanitizerCoverage callbacks and the bulk
 * helpers) and the other CPU's memory; see sancov.h.
 */
#include <string.h>

#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>

#include "cache.h"
#include "mem_internal.h"
#include "sancov.h"
#include "shared.h"
#include "../trace/trace.h"

/*
 * ASan builds: the mediator's struct copies come here too (below), so with
 * load/store tracing every store it makes to RAM is seen.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EL2FUZZ_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(EL2FUZZ_MEDIATOR_ASAN)
#define EL2FUZZ_ASAN	1
#endif

static sancov_hook_t hooks[SANCOV_MAX_HOOKS];
static unsigned int nr_hooks;
static bool seen_access;

void sancov_add_hook(sancov_hook_t hook)
{
	unsigned int i;

	for (i = 0; i < nr_hooks; i++)
		if (hooks[i] == hook)
			return;
	if (nr_hooks < SANCOV_MAX_HOOKS)
		hooks[nr_hooks++] = hook;
}

bool sancov_active(void)
{
	return seen_access;
}

bool machine_stores_exact(void)
{
#ifdef EL2FUZZ_ASAN
	return seen_access;
#else
	return false;
#endif
}

static bool writable_state(const struct hyp_page *p)
{
	return p->rec.host_state == PKVM_PAGE_OWNED ||
	       p->rec.host_state == PKVM_PAGE_SHARED_OWNED;
}

/* Called on every traced access the mediator makes: kept to a range check
 * and one page-record lookup. */
bool machine_host_writable(uint64_t pa)
{
	if (!mem_in_ram(pa))
		return false;
	return writable_state(page_get(pa >> machine_page_shift()));
}

int machine_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	if (!len || !machine_host_writable(pa) || !machine_host_writable(pa + len - 1))
		return -1;
	platform_hook_cpu2_write(pa, buf, len);
	page_mark_written(pa, len);
	cache_host_store(pa, len);
	memcpy(ram_ptr(pa), buf, len);
	return 0;
}

int machine_ram_read(uint64_t pa, void *buf, unsigned int len)
{
	if (!len || !ram_ptr(pa) || !ram_ptr(pa + len - 1))
		return -1;
	memcpy(buf, ram_ptr(pa), len);
	return 0;
}

/*
 * The hyp's stage 1 maps RAM only where it owns a page or pins a shared
 * one (and its own carve-out): an access anywhere else is a translation
 * fault at EL2, a hyp panic, whatever the page holds. Checked after the
 * hooks, so that an invariant naming the cause (a load after the page
 * went back) speaks first.
 */
static void check_mapped(const struct hyp_page *p, uint64_t pa, bool store)
{
	if (kvm_pte_valid(p->rec.hyp_pte))
		return;
	report_violation("O9", "hyp_unmapped_access",
			 "hyp %s at pa 0x%llx, which the hyp does not map: an EL2 translation fault",
			 store ? "store" : "load", (unsigned long long)pa);
}

/* One access within one page of RAM. */
static void notify(uint64_t pa, unsigned int len, bool store)
{
	const struct hyp_page *p = page_get(pa >> machine_page_shift());
	bool writable = writable_state(p);
	unsigned int i;

	if (store) {
		cache_hyp_store(machine_cpu(), pa, len);
		page_mark_written(pa, len);
	} else {
		cache_hyp_load(machine_cpu(), pa, len);
	}
	if (store || writable)
		for (i = 0; i < nr_hooks; i++)
			hooks[i](pa, len, store, writable);
	check_mapped(p, pa, store);
}

/*
 * An access by the mediator to [@addr, @addr + @len). Not the window (the
 * stack, harness data) or not RAM: nothing to see. The hooks live outside
 * the mediator, so they never come back here.
 */
static void on_access(const void *addr, uint64_t len, bool store)
{
	uint64_t pa = (uint64_t)(uintptr_t)addr + hyp_physvirt_offset;
	uint64_t ps = 1ULL << machine_page_shift();
	uint64_t chunk;

	/* An episode with the second CPU: every shared access is a point too. */
	if (shared_on && len)
		shared_access((uintptr_t)addr, len, store);
	if (pa >= SIM_PA_LIMIT || !len)
		return;
	while (len && mem_in_ram(pa)) {
		chunk = ps - (pa & (ps - 1));
		if (chunk > len)
			chunk = len;
		notify(pa, (unsigned int)chunk, store);
		pa += chunk;
		len -= chunk;
	}
}

#include "sancov_entry.h"

/* A page cleared to zeros is as it booted: scans and the reset skip it. */
static void zeroed(void *dst, size_t n)
{
	if (machine_stores_exact())
		page_mark_zeroed((uint64_t)(uintptr_t)dst + hyp_physvirt_offset, n);
}

#define ZERO_FILL_GRANULES	1024	/* 4 MiB; a larger fill writes everything */

/*
 * A zero fill: the hooks see the whole store first, as the hyp made it;
 * then only the granules that may hold something are written. A whole
 * granule nobody wrote since boot, or since it was last zeroed, holds
 * zeros already (exact only where every store is seen); if anyone but
 * this fill wrote RAM while the hooks ran (the other CPU, a device),
 * everything is written. Tables the hyp clears at setup are mostly such
 * granules: their pages, and the reset, are spared the writes.
 */
static void zero_fill(void *dst, size_t n, void *(*fill)(void *, int, size_t))
{
	uint64_t pa = (uint64_t)(uintptr_t)dst + hyp_physvirt_offset;
	uint64_t first = (pa + (1ULL << MEM_GRANULE_SHIFT) - 1) >> MEM_GRANULE_SHIFT;
	uint64_t end = (pa + n) >> MEM_GRANULE_SHIFT;
	uint64_t clean[ZERO_FILL_GRANULES / 64] = { 0 };
	uint64_t nr = 0, pages = 0, before = 0, g;
	uint8_t *va = dst;
	bool skip;

	skip = machine_stores_exact() && n && mem_in_ram(pa) && mem_in_ram(pa + n - 1) &&
	       first < end && end - first <= ZERO_FILL_GRANULES;
	if (skip) {
		nr = end - first;
		for (g = 0; g < nr; g++)
			if (!machine_granule_written((first + g) << MEM_GRANULE_SHIFT))
				clean[g / 64] |= 1ULL << (g % 64);
		pages = ((pa + n - 1) >> machine_page_shift()) - (pa >> machine_page_shift()) + 1;
		before = mem_writes;
	}
	on_access(dst, n, true);
	/* One mark per page is this fill's own (notify); more, someone else's. */
	if (!skip || mem_writes - before != pages) {
		fill(dst, 0, n);
	} else {
		fill(va, 0, (first << MEM_GRANULE_SHIFT) - pa);
		for (g = 0; g < nr; g++)
			if (!(clean[g / 64] & (1ULL << (g % 64))))
				fill(va + ((first + g) << MEM_GRANULE_SHIFT) - pa, 0,
				     1ULL << MEM_GRANULE_SHIFT);
		fill(va + (end << MEM_GRANULE_SHIFT) - pa, 0, pa + n - (end << MEM_GRANULE_SHIFT));
	}
	zeroed(dst, n);
}

void *__hyp_memset(void *dst, int c, size_t n)
{
	if (!c) {
		zero_fill(dst, n, memset);
		return dst;
	}
	on_access(dst, n, true);
	memset(dst, c, n);
	return dst;
}


/*
 * ASan builds: the mediator is compiled with ASan's callback prefix set to
 * __el2fuzz_asan_, so the copies the compiler emits for struct assignment
 * (which no load tracing sees) call these; they are seen, then handed to
 * ASan's own checks.
 */

#ifdef EL2FUZZ_ASAN
void *__asan_memcpy(void *dst, const void *src, size_t n);
void *__asan_memmove(void *dst, const void *src, size_t n);
void *__asan_memset(void *dst, int c, size_t n);
void __asan_loadN(uintptr_t addr, size_t n);
void __asan_storeN(uintptr_t addr, size_t n);

void *__el2fuzz_asan_memcpy(void *dst, const void *src, size_t n);
void *__el2fuzz_asan_memmove(void *dst, const void *src, size_t n);
void *__el2fuzz_asan_memset(void *dst, int c, size_t n);

void *__el2fuzz_asan_memcpy(void *dst, const void *src, size_t n)
{
	on_access(src, n, false);
	on_access(dst, n, true);
	return __asan_memcpy(dst, src, n);
}

void *__el2fuzz_asan_memmove(void *dst, const void *src, size_t n)
{
	on_access(src, n, false);
	on_access(dst, n, true);
	return __asan_memmove(dst, src, n);
}

void *__el2fuzz_asan_memset(void *dst, int c, size_t n)
{
	if (!c) {
		zero_fill(dst, n, __asan_memset);
		return dst;
	}
	on_access(dst, n, true);
	__asan_memset(dst, c, n);
	return dst;
}

/* The access callbacks ASan uses past its per-function inline threshold. */
#define EL2FUZZ_ASAN_ACCESS(kind, n)						\
	void __el2fuzz_asan_##kind##n(uintptr_t addr);				\
	void __el2fuzz_asan_##kind##n(uintptr_t addr)				\
	{									\
		__asan_##kind##N(addr, n);					\
	}
EL2FUZZ_ASAN_ACCESS(load, 1)
EL2FUZZ_ASAN_ACCESS(load, 2)
EL2FUZZ_ASAN_ACCESS(load, 4)
EL2FUZZ_ASAN_ACCESS(load, 8)
EL2FUZZ_ASAN_ACCESS(load, 16)
EL2FUZZ_ASAN_ACCESS(store, 1)
EL2FUZZ_ASAN_ACCESS(store, 2)
EL2FUZZ_ASAN_ACCESS(store, 4)
EL2FUZZ_ASAN_ACCESS(store, 8)
EL2FUZZ_ASAN_ACCESS(store, 16)

void __el2fuzz_asan_loadN(uintptr_t addr, size_t n);
void __el2fuzz_asan_storeN(uintptr_t addr, size_t n);

void __el2fuzz_asan_loadN(uintptr_t addr, size_t n)
{
	__asan_loadN(addr, n);
}

void __el2fuzz_asan_storeN(uintptr_t addr, size_t n)
{
	__asan_storeN(addr, n);
}
#endif
