// SPDX-License-Identifier: GPL-2.0-only
/* O4 balance: no hyp lock is held when control returns to the host. */
#include "oracle.h"
#include "../machine/machine.h"
#include "../trace/trace.h"

void o4_check_balance(const char *entry)
{
	unsigned int held = machine_locks_held();

	if (held)
		report_violation("O4", "lock_held", "%u lock(s) held after %s returned",
				 held, entry);
}
