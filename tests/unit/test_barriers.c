// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each barrier the compat headers name orders, as the race check
 * (O17) and the store buffer are told: stores, loads, both or neither.
 * The host platform reads the kind string by hand, so every spelling the
 * headers and a user's mediator may use is pinned here.
 */
#include <asm/barrier.h>

#include "../test.h"
#include "../../core/machine/machine.h"
#include "../../core/machine/shared.h"

#define NONE	(-1)

static int last;

static void on_sync(enum sync_kind kind, uintptr_t addr)
{
	(void)addr;
	last = (int)kind;
}

static const struct platform_hooks hooks = { .sync = on_sync };

static int fence_of(const char *kind)
{
	last = NONE;
	__hyp_barrier(kind);
	return last;
}

/* The fence one of <asm/barrier.h>'s macros reports. */
#define FENCE_AFTER(barrier)	({ last = NONE; barrier; last; })

int main(void)
{
	static const struct {
		const char *kind;
		int fence;
	} table[] = {
		{ "dsb sy", SYNC_FENCE_FULL },
		{ "dsb ish", SYNC_FENCE_FULL },
		{ "dsb ishst", SYNC_FENCE_STORES },
		{ "dsb ishld", SYNC_FENCE_LOADS },
		{ "dsb st", SYNC_FENCE_STORES },
		{ "dsb ld", SYNC_FENCE_LOADS },
		{ "dsb osh", SYNC_FENCE_FULL },
		{ "dsb oshst", SYNC_FENCE_STORES },
		{ "dmb ish", SYNC_FENCE_FULL },
		{ "dmb ishst", SYNC_FENCE_STORES },
		{ "dmb ishld", SYNC_FENCE_LOADS },
		{ "dmb oshld", SYNC_FENCE_LOADS },
		{ "dmb oshst", SYNC_FENCE_STORES },
		{ "dmb sy", SYNC_FENCE_FULL },
		/* the non-shareable domain is the CPU itself */
		{ "dsb nsh", NONE },
		{ "dsb nshst", NONE },
		{ "dmb nshst", NONE },
		{ "mb", SYNC_FENCE_FULL },
		{ "wmb", SYNC_FENCE_STORES },
		{ "rmb", SYNC_FENCE_LOADS },
		{ "isb", NONE },
		{ "release", NONE },
		{ "acquire", NONE },
		/* near misses order nothing */
		{ "mbx", NONE },
		{ "wm", NONE },
		{ "dsx st", NONE },
		{ "", NONE },
	};
	struct machine_config cfg = { .page_shift = 12, .ram_size = 16 << 20, .nr_devices = 1 };
	unsigned int i;

	CHECK_EQ(machine_boot(&cfg), 0);
	platform_add_hooks(&hooks);
	/* Fences reach the hooks only while the second CPU could race. */
	CHECK_EQ(fence_of("dsb sy"), NONE);
	shared_on = true;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		int got = fence_of(table[i].kind);

		if (got != table[i].fence)
			fprintf(stderr, "barrier \"%s\": fence %d, want %d\n", table[i].kind, got,
				table[i].fence);
		CHECK_EQ(got, table[i].fence);
	}
	/* The headers' own spellings. */
	CHECK_EQ(FENCE_AFTER(dsb(ishst)), SYNC_FENCE_STORES);
	CHECK_EQ(FENCE_AFTER(wmb()), SYNC_FENCE_STORES);
	CHECK_EQ(FENCE_AFTER(rmb()), SYNC_FENCE_LOADS);
	CHECK_EQ(FENCE_AFTER(mb()), SYNC_FENCE_FULL);
	CHECK_EQ(FENCE_AFTER(isb()), NONE);
	shared_on = false;
	return test_done("test_barriers");
}
