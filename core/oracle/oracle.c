// SPDX-License-Identifier: GPL-2.0-only
/*
 * O9 hangs (a step budget of platform calls per program) and O10
 * host-reachable WARNs. Sanitizer reports are O9's too; the replay tool
 * names them from the sanitizer's own line (replay/outcome.c).
 */
#include <stdio.h>
#include <string.h>

#include "invariant.h"
#include "../trace/trace.h"

static uint64_t steps;
static uint64_t budget = ORACLE_STEP_BUDGET;
static bool over_budget;

void o9_set_budget(uint64_t b)
{
	budget = b;
}

uint64_t oracle_steps(void)
{
	return steps;
}

static void o9_reset(void)
{
	steps = 0;
	over_budget = false;
}

static void o9_call(const char *what, uint64_t arg)
{
	(void)what;
	(void)arg;
	if (++steps <= budget || over_budget)
		return;
	over_budget = true;
	report_violation("O9", "hang", "step budget of %llu platform calls exhausted",
			 (unsigned long long)budget);
}

const struct invariant o9_budget = {
	.id = "O9",
	.name = "sanitizers and hangs",
	.reset = o9_reset,
	.call = o9_call,
};

static void o10_on_warn(const char *file, int line, const char *cond)
{
	const char *base = strrchr(file, '/');
	char what[96];

	snprintf(what, sizeof(what), "warn@%s:%d", base ? base + 1 : file, line);
	report_violation("O10", what, "WARN_ON(%s) reached from host input", cond);
}

const struct invariant o10_warn = {
	.id = "O10",
	.name = "host-reachable WARN",
	.warn = o10_on_warn,
};
