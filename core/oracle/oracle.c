// SPDX-License-Identifier: GPL-2.0-only
/* Entry bracketing, the step budget (O9) and host-reachable WARNs (O10). */
#include <stdio.h>
#include <string.h>

#include "oracle.h"
#include "../machine/machine.h"
#include "../trace/trace.h"

static uint64_t steps;
static uint64_t budget = ORACLE_STEP_BUDGET;
static bool over_budget;

static void on_call(const char *what, uint64_t arg)
{
	(void)what;
	(void)arg;
	if (++steps <= budget || over_budget)
		return;
	over_budget = true;
	report_violation("O9", "hang", "step budget of %llu platform calls exhausted",
			 (unsigned long long)budget);
}

static void on_warn(const char *file, int line, const char *cond)
{
	const char *base = strrchr(file, '/');
	char what[96];

	snprintf(what, sizeof(what), "warn@%s:%d", base ? base + 1 : file, line);
	report_violation("O10", what, "WARN_ON(%s) reached from host input", cond);
}

static const struct platform_hooks oracle_hooks = {
	.call = on_call,
	.warn = on_warn,
};

void oracle_reset(uint64_t step_budget)
{
	platform_add_hooks(&oracle_hooks);
	steps = 0;
	budget = step_budget ? step_budget : ORACLE_STEP_BUDGET;
	over_budget = false;
	o6_reset();
	o5_reset();
	o2_reset();
}

uint64_t oracle_steps(void)
{
	return steps;
}

void oracle_entry_begin(void)
{
	machine_step_begin();
	o11_entry_begin();
}

void oracle_entry_end(const char *entry, long ret)
{
	o4_check_balance(entry);
	o3_check_rollback(entry, ret);
	o1_check_journal();
	o6_entry_end(entry, ret);
}

void oracle_end_of_program(void)
{
	unsigned int i;

	for (i = 0; i < machine_touched(); i++)
		o1_check_page(machine_touched_pfn(i));
}
