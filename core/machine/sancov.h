/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sancov: the mediator's own memory accesses.
 *
 * Only the mediator's sources are compiled with SanitizerCoverage's
 * trace-loads and trace-stores (clang; see cmake/el2fuzz.cmake), which call
 * __sanitizer_cov_load<N>/store<N> before each access, and every build
 * routes the mediator's memcpy/memmove/memset/memcmp through the platform
 * (<linux/string.h>), so bulk copies are seen byte for byte under gcc too.
 * sancov.c maps each address back to a physical one, drops everything
 * outside simulated RAM, and hands the rest to the hooks: every load from
 * RAM the host can write (an interleaving point for the other CPU, and
 * O11's input), and every store to RAM (the reset must clear it, and the
 * oracle's view of the ITS tables may change).
 *
 * The other CPU's memory access lives here too: it writes what the host
 * may write (RAM in host state OWNED or SHARED_OWNED), directly, without
 * entering the hyp, since it runs while the hyp holds its locks.
 */
#ifndef EL2FUZZ_SANCOV_H
#define EL2FUZZ_SANCOV_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A mediator access of @len bytes at @pa: every load from host-writable
 * RAM (@host_writable true) and every store to RAM.
 */
typedef void (*sancov_hook_t)(uint64_t pa, unsigned int len, bool store, bool host_writable);

#define SANCOV_MAX_HOOKS	4

/* Register @hook (once; again is a no-op). */
void sancov_add_hook(sancov_hook_t hook);
/* Whether the hyp's plain loads are observed at all (false under gcc). */
bool sancov_active(void);
/*
 * Whether every store the mediator makes to RAM is seen, struct copies
 * included (clang with tracing, under ASan): the record of written RAM is
 * then exact, and a page the hyp maps need not count as written whole.
 */
bool machine_stores_exact(void);

/* RAM the host can write now: host state OWNED or SHARED_OWNED. */
bool machine_host_writable(uint64_t pa);
/*
 * A count that changes whenever the host's state of some page may have
 * changed: equal counts, equal machine_host_writable() answers, so a
 * caller polling a few pages at every interleaving point asks only then.
 */
uint64_t machine_host_state_epoch(void);
/* The other CPU's plain write: 0, or -1 if the host may not write there. */
int machine_cpu2_write(uint64_t pa, const void *buf, unsigned int len);
/* A read of RAM as the harness sees it (any owner): 0, or -1 if not RAM. */
int machine_ram_read(uint64_t pa, void *buf, unsigned int len);

#endif
