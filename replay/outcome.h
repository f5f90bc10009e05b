/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * outcome: run one program in a child process and name what happened.
 * A finding's signature comes from the oracle's VIOLATION line, or is made
 * from a sanitizer's SUMMARY line (kind and source line) or the signal,
 * with the op it happened in: "O9:<op>:asan_heap-buffer-overflow@f.c:329",
 * "O9:<op>:ubsan@f.c:76", "O9:<op>:signal_11", "O9:<op>:timeout". A run without a finding has an empty signature.
 */
#ifndef EL2FUZZ_OUTCOME_H
#define EL2FUZZ_OUTCOME_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/program/program.h"

#define SIGNATURE_MAX	160

struct outcome {
	bool finding;
	char signature[SIGNATURE_MAX];
	char line[512];		/* the report line the signature came from */
};

/* Runs @p in a fork; the child's stderr is parsed, not shown. */
int outcome_run(const struct program *p, unsigned int timeout_s, struct outcome *o);
/*
 * The same, and every trace line of the run is printed to @trace as it
 * happens, runs of lines of one kind folded into one (collapse.h).
 */
int outcome_run_traced(const struct program *p, unsigned int timeout_s, FILE *trace,
		       struct outcome *o);
/* What the last run's child wrote to stderr (a sanitizer's report, ...). */
const char *outcome_log(void);

#endif
