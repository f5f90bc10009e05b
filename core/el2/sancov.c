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

#include "../machine/sancov_entry.h"

void *__hyp_memset(void *dst, int c, size_t n)
{
	on_access(dst, n, true);
	return memset(dst, c, n);
}

const volatile void *__hyp_once(const volatile void *p);

/* One hyp CPU: a marked access is a plain one (O17 needs a second CPU). */
const volatile void *__hyp_once(const volatile void *p)
{
	return p;
}
