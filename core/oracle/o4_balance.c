// SPDX-License-Identifier: GPL-2.0-only
/* O4 balance: no hyp lock is held when control returns to the host. */
#include "invariant.h"
#include "../trace/trace.h"

static void o4_entry_end(const struct oracle_entry *e)
{
	unsigned int held = machine_locks_held();

	if (held)
		report_violation("O4", "lock_held", "%u lock(s) held after %s returned",
				 held, e->name);
}

const struct invariant o4_balance = {
	.id = "O4",
	.name = "balance",
	.scope = SCOPE_EVERY,
	.entry_end = o4_entry_end,
};
