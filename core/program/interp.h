/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * interp: runs a program. Boots the machine from the header, resets the
 * fault injector, oracle, adversary and trace, then executes each op: the
 * op's text is the step's trace line, its symbolic operands are resolved
 * to physical addresses, and its adversary handler runs. The oracle checks
 * after every entry into the hyp and once more at the end.
 */
#ifndef EL2FUZZ_INTERP_H
#define EL2FUZZ_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

struct run_opts {
	uint64_t step_budget;	/* 0: ORACLE_STEP_BUDGET */
	unsigned int fail_nth;	/* exhaustive mode: fail this injectable call */
	int fail_err;
	/*
	 * Called after each op (@n: its index) with @step_ctx: an observer of
	 * the machine between ops (the EL2 replay's differential check of the
	 * ITS model, replay/el2.c). It must not change the machine.
	 */
	void (*step)(unsigned int n, void *step_ctx);
	void *step_ctx;
};

struct run_result {
	unsigned int fault_calls;	/* injectable calls the run made */
	bool fault_fired;		/* the fail_nth fault fired */
	uint64_t steps;
};

int prog_run(const struct program *p, const struct run_opts *opts,
	     struct run_result *res);

/*
 * The kernel's fail-nth loop: run @p again and again, failing injectable
 * call 1, 2, ... with -@err, until a run makes fewer calls than n; O3 (and
 * every other invariant) is checked in every run. Returns the number of
 * runs, or -1 if @max_runs was reached first.
 */
long prog_enumerate_faults(const struct program *p, int err, unsigned int max_runs);

/*
 * A fuzz target's whole job: decode @data with the op set of @target_name
 * and run it. Any byte string is a program; findings abort via the oracle.
 * An unknown @target_name is one line on stderr and exit status 2.
 */
int prog_run_bytes(const char *target_name, const uint8_t *data, size_t size);

#endif
