/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For tests that link a double of a mediator entry point: the double
 * reads *mode (0 forwards to the real function) and breaks the mediator
 * the way the mode says. expect_broken() asserts that @prog raises @sig
 * when broken and passes when forwarded.
 */
#ifndef EL2FUZZ_TEST_BREAK_ON_PURPOSE_H
#define EL2FUZZ_TEST_BREAK_ON_PURPOSE_H

#include "../test.h"

static inline void expect_broken(int *mode, int broken, const char *prog, const char *sig)
{
	*mode = broken;
	CHECK_STR(run_for_violation(prog), sig);
	*mode = 0;
	CHECK_STR(run_for_violation(prog), "");
}

/* A program that passes even when broken: the breakage is not a defect there. */
static inline void expect_harmless(int *mode, int broken, const char *prog)
{
	*mode = broken;
	CHECK_STR(run_for_violation(prog), "");
	*mode = 0;
}

#endif
