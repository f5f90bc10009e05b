/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal test harness: CHECK records a failure and goes on; every test
 * binary ends with test_done(), which prints "N passed, M failed" (the
 * closing line CI reads) and returns the exit status.
 *
 * expect_violation() runs a program with the oracle's report handler
 * swapped for one that records the signature and jumps back, so a test can
 * assert that an invariant fired, and which.
 */
#ifndef EL2FUZZ_TEST_H
#define EL2FUZZ_TEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine/cpu.h"
#include "../core/program/interp.h"
#include "../core/program/program.h"
#include "../core/trace/trace.h"

static unsigned int test_passed, test_failed;

#define CHECK(cond) do {							\
	if (cond) {								\
		test_passed++;							\
	} else {								\
		test_failed++;							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
	}									\
} while (0)

#define CHECK_EQ(a, b) do {							\
	long long __a = (long long)(a), __b = (long long)(b);			\
	if (__a == __b) {							\
		test_passed++;							\
	} else {								\
		test_failed++;							\
		fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, expected %s == %lld\n", \
			__FILE__, __LINE__, #a, __a, #b, __b);			\
	}									\
} while (0)

#define CHECK_STR(a, b) do {							\
	const char *__a = (a), *__b = (b);					\
	if (!strcmp(__a, __b)) {						\
		test_passed++;							\
	} else {								\
		test_failed++;							\
		fprintf(stderr, "%s:%d: CHECK_STR failed: got '%s', expected '%s'\n", \
			__FILE__, __LINE__, __a, __b);				\
	}									\
} while (0)

static inline int test_done(const char *name)
{
	printf("%s: %u passed, %u failed\n", name, test_passed, test_failed);
	return test_failed ? 1 : 0;
}

/* Parse a text program or fail the whole test binary: a typo in a test. */
static inline void test_parse(const char *text, struct program *p)
{
	char err[256];

	if (prog_parse(text, p, err, sizeof(err))) {
		fprintf(stderr, "test program does not parse: %s\n", err);
		exit(2);
	}
}

static jmp_buf test_jmp;
static char test_signature[256];

static inline void test_on_violation(const char *signature, const char *detail)
{
	/* TEST_VERBOSE=1: every violation a test catches, with its detail. */
	if (getenv("TEST_VERBOSE"))
		fprintf(stderr, "caught %s: %s\n", signature, detail);
	snprintf(test_signature, sizeof(test_signature), "%s", signature);
	/* From the hyp's second CPU too: by way of the first CPU's stack. */
	cpu_longjmp(&test_jmp);
}

/*
 * Run @text; return the first violation's signature, or "" if none. The
 * machine is rebooted by the next run, so jumping out mid-entry is safe.
 */
static inline const char *run_for_violation(const char *text)
{
	static struct program prog;
	report_handler_t old;

	test_parse(text, &prog);
	test_signature[0] = 0;
	old = report_set_handler(test_on_violation);
	if (!setjmp(test_jmp))
		prog_run(&prog, NULL, NULL);
	report_set_handler(old);
	return test_signature;
}

#endif
