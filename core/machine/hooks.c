// SPDX-License-Identifier: GPL-2.0-only
/*
 * The platform's hook registry and its fan-outs; see hooks.h.
 */
#include "hooks.h"

/* Each fan-out: every registered hook that listens to @event, in order. */
#define FAN_OUT(event, ...)						\
	do {								\
		unsigned int i;						\
									\
		for (i = 0; i < nr_hooks; i++)				\
			if (hooks[i]->event)				\
				hooks[i]->event(__VA_ARGS__);		\
	} while (0)

static const struct platform_hooks *hooks[PLATFORM_MAX_HOOKS];
static unsigned int nr_hooks;

void platform_add_hooks(const struct platform_hooks *h)
{
	unsigned int i;

	for (i = 0; i < nr_hooks; i++)
		if (hooks[i] == h)
			return;
	if (nr_hooks < PLATFORM_MAX_HOOKS)
		hooks[nr_hooks++] = h;
}

void hooks_call(const char *what, uint64_t arg)
{
	FAN_OUT(call, what, arg);
}

bool hooks_warn(const char *file, int line, const char *cond)
{
	bool heard = false;
	unsigned int i;

	for (i = 0; i < nr_hooks; i++) {
		if (hooks[i]->warn) {
			hooks[i]->warn(file, line, cond);
			heard = true;
		}
	}
	return heard;
}

void platform_hook_prim_begin(const struct hyp_prim *p)
{
	FAN_OUT(prim_begin, p);
}

void platform_hook_prim_end(const struct hyp_prim *p)
{
	FAN_OUT(prim_end, p);
}

void platform_hook_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	FAN_OUT(cpu2_write, pa, buf, len);
}

void platform_hook_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	FAN_OUT(host_write, pa, width, val);
}

void platform_hook_shared(uintptr_t addr, unsigned int len, unsigned int flags)
{
	FAN_OUT(shared, addr, len, flags);
}

void hooks_sync(enum sync_kind kind, uintptr_t addr)
{
	FAN_OUT(sync, kind, addr);
}
