/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sancov: the mediator's loads and stores to memory the host can write.
 *
 * Only the mediator's sources are compiled with SanitizerCoverage's
 * trace-loads and trace-stores (clang; see cmake/el2fuzz.cmake), which call
 * __sanitizer_cov_load<N>/store<N> before each access. sancov.c maps the
 * address back to a physical one, drops everything outside simulated RAM
 * and every page the host cannot write, and hands the rest to the hooks:
 * the other CPU's scheduler (an interleaving point) and O11 (single fetch).
 * Under gcc nothing calls the callbacks: the harness runs without these
 * points, and the platform calls remain the only interleaving points.
 *
 * The other CPU's memory access lives here too: it writes what the host
 * may write (RAM in host state OWNED or SHARED_OWNED), directly, without
 * entering the hyp, since it runs while the hyp holds its locks.
 */
#ifndef EL2FUZZ_SANCOV_H
#define EL2FUZZ_SANCOV_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*sancov_hook_t)(uint64_t pa, unsigned int len, bool store);

#define SANCOV_MAX_HOOKS	4

/* Register @hook for host-writable accesses (once; again is a no-op). */
void sancov_add_hook(sancov_hook_t hook);
/* Whether the hyp's accesses are observed at all (false under gcc). */
bool sancov_active(void);

/* RAM the host can write now: host state OWNED or SHARED_OWNED. */
bool machine_host_writable(uint64_t pa);
/* The other CPU's plain write: 0, or -1 if the host may not write there. */
int machine_cpu2_write(uint64_t pa, const void *buf, unsigned int len);
/* A read of RAM as the harness sees it (any owner): 0, or -1 if not RAM. */
int machine_ram_read(uint64_t pa, void *buf, unsigned int len);

#endif
