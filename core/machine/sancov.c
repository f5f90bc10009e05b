// SPDX-License-Identifier: GPL-2.0-only
/* SanitizerCoverage load/store callbacks and the other CPU's memory; see sancov.h. */
#include <string.h>

#include <nvhe/memory.h>

#include "mem_internal.h"
#include "sancov.h"

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

/* Called on every traced access the mediator makes: kept to a range check
 * and one page-record lookup. */
bool machine_host_writable(uint64_t pa)
{
	const struct machine_config *cfg = machine_config();
	struct hyp_page *p;

	if (pa < SIM_RAM_BASE || pa - SIM_RAM_BASE >= cfg->ram_size)
		return false;
	p = page_get(pa >> cfg->page_shift);
	return p->rec.host_state == PKVM_PAGE_OWNED ||
	       p->rec.host_state == PKVM_PAGE_SHARED_OWNED;
}

int machine_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	if (!len || !machine_host_writable(pa) || !machine_host_writable(pa + len - 1))
		return -1;
	page_mark_written(pa, len);
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

static void on_access(const void *addr, unsigned int len, bool store)
{
	uint64_t pa = (uint64_t)(uintptr_t)addr + hyp_physvirt_offset;
	unsigned int i;

	/*
	 * Not the window (stack, harness data), or not RAM the host can write.
	 * The hooks live outside the mediator, so they never come back here.
	 */
	if (pa >= SIM_PA_LIMIT)
		return;
	seen_access = true;
	if (!machine_host_writable(pa))
		return;
	for (i = 0; i < nr_hooks; i++)
		hooks[i](pa, len, store);
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

void __sanitizer_cov_load1(void *addr) { on_access(addr, 1, false); }
void __sanitizer_cov_load2(void *addr) { on_access(addr, 2, false); }
void __sanitizer_cov_load4(void *addr) { on_access(addr, 4, false); }
void __sanitizer_cov_load8(void *addr) { on_access(addr, 8, false); }
void __sanitizer_cov_load16(void *addr) { on_access(addr, 16, false); }
void __sanitizer_cov_store1(void *addr) { on_access(addr, 1, true); }
void __sanitizer_cov_store2(void *addr) { on_access(addr, 2, true); }
void __sanitizer_cov_store4(void *addr) { on_access(addr, 4, true); }
void __sanitizer_cov_store8(void *addr) { on_access(addr, 8, true); }
void __sanitizer_cov_store16(void *addr) { on_access(addr, 16, true); }

/*
 * Load/store tracing needs a base coverage mode. Where no engine provides
 * one (plain runners, tests, tools), the mediator is built with
 * trace-pc-guard and these do nothing; weak, so that an engine's own
 * definitions (libFuzzer, AFL++) win when they are linked.
 */
__attribute__((weak)) void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop)
{
	(void)start;
	(void)stop;
}

__attribute__((weak)) void __sanitizer_cov_trace_pc_guard(uint32_t *guard)
{
	(void)guard;
}
