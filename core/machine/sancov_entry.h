/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the mediator's memory accesses enter the harness, the same on
 * both platforms: SanitizerCoverage's load/store callbacks (clang's
 * trace-loads and trace-stores) and the bulk helpers <linux/string.h>
 * routes copies and compares to. Not a header of declarations: each
 * platform's sancov.c (core/machine, core/el2) includes it once, after
 * defining what one access is there:
 *
 *	static bool seen_access;
 *	static void on_access(const void *addr, uint64_t len, bool store);
 *
 * and defines __hyp_memset itself (a zero fill is the simulation's to
 * spare). Bulk bytes are seen before they move, so the other CPU acts
 * before the hyp reads, and every byte read counts as a fetch.
 */
#ifndef EL2FUZZ_MACHINE_SANCOV_ENTRY_H
#define EL2FUZZ_MACHINE_SANCOV_ENTRY_H

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
 * A plain access: only these say the hyp's plain loads and stores are
 * observed (sancov_active()); bulk copies are seen in every build.
 */
static void on_plain(void *addr, uint64_t len, bool store)
{
	seen_access = true;
	on_access(addr, len, store);
}

void __sanitizer_cov_load1(void *addr) { on_plain(addr, 1, false); }
void __sanitizer_cov_load2(void *addr) { on_plain(addr, 2, false); }
void __sanitizer_cov_load4(void *addr) { on_plain(addr, 4, false); }
void __sanitizer_cov_load8(void *addr) { on_plain(addr, 8, false); }
void __sanitizer_cov_load16(void *addr) { on_plain(addr, 16, false); }
void __sanitizer_cov_store1(void *addr) { on_plain(addr, 1, true); }
void __sanitizer_cov_store2(void *addr) { on_plain(addr, 2, true); }
void __sanitizer_cov_store4(void *addr) { on_plain(addr, 4, true); }
void __sanitizer_cov_store8(void *addr) { on_plain(addr, 8, true); }
void __sanitizer_cov_store16(void *addr) { on_plain(addr, 16, true); }

/*
 * Load/store tracing needs a base coverage mode. Where no engine provides
 * one (the EL2 image, plain runners, tests, tools), the mediator is built
 * with trace-pc-guard and these do nothing; weak, so that an engine's own
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

void *__hyp_memcpy(void *dst, const void *src, size_t n);
void *__hyp_memmove(void *dst, const void *src, size_t n);
void *__hyp_memset(void *dst, int c, size_t n);
int __hyp_memcmp(const void *a, const void *b, size_t n);

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

int __hyp_memcmp(const void *a, const void *b, size_t n)
{
	on_access(a, n, false);
	on_access(b, n, false);
	return memcmp(a, b, n);
}

#endif
