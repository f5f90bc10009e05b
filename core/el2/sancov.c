// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/machine/sancov.h at EL2: the mediator's own memory accesses. With
 * clang the mediator is built with SanitizerCoverage's trace-loads and
 * trace-stores, as in the simulation, and <linux/string.h> routes its
 * bulk copies and compares here (EL2FUZZ_OBSERVE_BULK); READ_ONCE and
 * WRITE_ONCE name their address first (__hyp_once), which matters only
 * to a second hyp CPU and so does nothing here.
 *
 * A hyp VA is PA + EL2_HYP_VA_BASE, as the simulation's is PA + its
 * window: the image's own addresses (its text, data, bss and stacks, the
 * mediator's globals among them) are not hyp VAs of memory and are
 * dropped, as the simulation drops what lies outside its window. The callbacks
 * run before the access, so O11 names a load from a page given back
 * before the strict stage-1 faults on it, as the simulation names it.
 */
#include <linux/string.h>
#include <linux/types.h>
#include <nvhe/memory.h>

#include <el2/host.h>

#include "../machine/sancov.h"
#include "el2_internal.h"

#undef memcpy
#undef memmove
#undef memset
#undef memcmp

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

static bool in_ram(uint64_t pa)
{
	return pa >= EL2_RAM_BASE && pa < el2_ram_end();
}

/* One access within one page of RAM. */
static void notify(uint64_t pa, unsigned int len, bool store)
{
	bool writable = el2_host_writable(pa);
	unsigned int i;

	if (store)
		el2_mark_written(pa, len);
	else if (!writable)
		return;
	for (i = 0; i < nr_hooks; i++)
		hooks[i](pa, len, store, writable);
}

static void on_access(const void *addr, uint64_t len, bool store)
{
	uint64_t pa = __hyp_pa(addr);
	uint64_t ps = el2_page_size();
	uint64_t chunk;

	if (!len || !el2_ram_end() || pa >= EL2_PA_LIMIT)
		return;
	while (len && in_ram(pa)) {
		chunk = ps - (pa & (ps - 1));
		if (chunk > len)
			chunk = len;
		notify(pa, (unsigned int)chunk, store);
		pa += chunk;
		len -= chunk;
	}
}

/* The callbacks: prototypes first, the compiler calls them by name. */
void __sanitizer_cov_load1(void *addr);
void __sanitizer_cov_load2(void *addr);
void __sanitizer_cov_load4(void *addr);
void __sanitizer_cov_load8(void *addr);
void __sanitizer_cov_load16(void *addr);
void __sanitizer_cov_store1(void *addr);
void __sanitizer_cov_store2(void *addr);
void __sanitizer_cov_store4(void *addr);
void __sanitizer_cov_store8(void *addr);
void __sanitizer_cov_store16(void *addr);
void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop);
void __sanitizer_cov_trace_pc_guard(uint32_t *guard);

/*
 * A traced plain access: only these say the hyp's plain loads and stores
 * are observed (sancov_active()); bulk copies are seen in every build.
 */
static void on_traced(const void *addr, uint64_t len, bool store)
{
	seen_access = true;
	on_access(addr, len, store);
}

void __sanitizer_cov_load1(void *addr) { on_traced(addr, 1, false); }
void __sanitizer_cov_load2(void *addr) { on_traced(addr, 2, false); }
void __sanitizer_cov_load4(void *addr) { on_traced(addr, 4, false); }
void __sanitizer_cov_load8(void *addr) { on_traced(addr, 8, false); }
void __sanitizer_cov_load16(void *addr) { on_traced(addr, 16, false); }
void __sanitizer_cov_store1(void *addr) { on_traced(addr, 1, true); }
void __sanitizer_cov_store2(void *addr) { on_traced(addr, 2, true); }
void __sanitizer_cov_store4(void *addr) { on_traced(addr, 4, true); }
void __sanitizer_cov_store8(void *addr) { on_traced(addr, 8, true); }
void __sanitizer_cov_store16(void *addr) { on_traced(addr, 16, true); }

/* Load/store tracing needs a base coverage mode; nobody counts edges here. */
void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop)
{
	(void)start;
	(void)stop;
}

void __sanitizer_cov_trace_pc_guard(uint32_t *guard)
{
	(void)guard;
}

/*
 * The mediator's bulk helpers (<linux/string.h>): the bytes are seen
 * before they move, and every byte read counts as a fetch.
 */
void *__hyp_memcpy(void *dst, const void *src, size_t n);
void *__hyp_memmove(void *dst, const void *src, size_t n);
void *__hyp_memset(void *dst, int c, size_t n);
int __hyp_memcmp(const void *a, const void *b, size_t n);
const volatile void *__hyp_once(const volatile void *p);

void *__hyp_memcpy(void *dst, const void *src, size_t n)
{
	on_access(src, n, false);
	on_access(dst, n, true);
	return memcpy(dst, src, n);
}

void *__hyp_memmove(void *dst, const void *src, size_t n)
{
	on_access(src, n, false);
	on_access(dst, n, true);
	return memmove(dst, src, n);
}

void *__hyp_memset(void *dst, int c, size_t n)
{
	on_access(dst, n, true);
	return memset(dst, c, n);
}

int __hyp_memcmp(const void *a, const void *b, size_t n)
{
	on_access(a, n, false);
	on_access(b, n, false);
	return memcmp(a, b, n);
}

/* One hyp CPU: a marked access is a plain one (O17 needs a second CPU). */
const volatile void *__hyp_once(const volatile void *p)
{
	return p;
}
