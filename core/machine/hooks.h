/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The platform's events, fanned out to the layers above (the hooks they
 * register with platform_add_hooks(), machine.h). One registry for both
 * platforms: the simulated one (core/machine) and the EL2 image
 * (core/el2), which also share the wrapped ownership calls (wrap.c).
 *
 * platform_hook_call() is each platform's own: it is an interleaving point
 * in the simulation, and only announces the call at EL2; both end in
 * hooks_call().
 */
#ifndef EL2FUZZ_MACHINE_HOOKS_H
#define EL2FUZZ_MACHINE_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"

void platform_hook_call(const char *what, uint64_t arg);

void hooks_call(const char *what, uint64_t arg);
/* False when no layer listens to WARN_ONs. */
bool hooks_warn(const char *file, int line, const char *cond);
void platform_hook_prim_begin(const struct hyp_prim *p);
void platform_hook_prim_end(const struct hyp_prim *p);
void platform_hook_cpu2_write(uint64_t pa, const void *buf, unsigned int len);
void platform_hook_host_write(uint64_t pa, unsigned int width, uint64_t val);
void platform_hook_shared(uintptr_t addr, unsigned int len, unsigned int flags);
void hooks_sync(enum sync_kind kind, uintptr_t addr);

#endif
