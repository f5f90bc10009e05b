// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer's custom mutator and crossover for one program target: the
 * input is decoded, edited as a program and encoded again by the program
 * layer's mutator (core/program/mutate.h), which hands one operand's bytes,
 * or now and then the whole input, to LLVMFuzzerMutate so that libFuzzer's
 * comparison log and dictionary keep working.
 *
 * targets/CMakeLists.txt links this file into every fuzz_<t> of a libFuzzer
 * (or external) build, compiled with EL2FUZZ_TARGET="<t>"; fuzz_<t>.c stays
 * one LLVMFuzzerTestOneInput. A name that is no program target gets
 * libFuzzer's own mutations only.
 *
 * Environment:
 *   EL2FUZZ_MUTATOR=0         off: every mutation is LLVMFuzzerMutate's and
 *                             crossover is libFuzzer's, as without this file
 *   EL2FUZZ_MUTATOR_STATS=1   print how often each kind of edit ran, at exit
 *   EL2FUZZ_FEEDBACK=0        no adversary-side coverage (core/adversary/
 *                             feedback.h): the engine sees the mediator's
 *                             edges only, for before/after figures
 * The dictionary given with -dict= also feeds operand values and ops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/adversary/feedback.h"
#include "../../core/program/mutate.h"

#ifndef EL2FUZZ_TARGET
#error "compile with -DEL2FUZZ_TARGET=\"<target name>\""
#endif

/* Weak: engines other than libFuzzer (OSS-Fuzz's AFL++ driver) lack it. */
__attribute__((weak)) size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
				 size_t size2, uint8_t *out, size_t max, unsigned int seed);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#if defined(__has_feature)
#if __has_feature(memory_sanitizer)
#include <sanitizer/msan_interface.h>
#define EL2FUZZ_MSAN 1
#endif
#endif

/*
 * libFuzzer is not instrumented under MSan: bytes its mutations write past
 * the old size keep the shadow of the buffer's allocation, uninitialised,
 * though they are not. Tell MSan what the engine wrote.
 */
static size_t engine_mutate(uint8_t *data, size_t size, size_t max)
{
	size_t n = LLVMFuzzerMutate(data, size, max);

#ifdef EL2FUZZ_MSAN
	__msan_unpoison(data, n);
#endif
	return n;
}

static struct prog_mutator mutator;
static const char *dict_path;
static bool enabled;
static bool ready;

static void print_stats(void)
{
	unsigned int k;

	fprintf(stderr, "el2fuzz mutator (%s):", EL2FUZZ_TARGET);
	for (k = 0; k < NR_MUT_KINDS; k++)
		fprintf(stderr, " %s=%lu", prog_mut_kind_name(k), mutator.applied[k]);
	fprintf(stderr, " kept=%lu\n", mutator.credited);
	for (k = 0; k < NR_OPS; k++) {
		unsigned int a, c;

		for (a = 0; a < PROG_MAX_ARGS; a++) {
			unsigned long sum = 0;

			for (c = 0; c < NR_VALUE_CLASSES; c++)
				sum += mutator.class_credit[k][a][c];
			if (!sum)
				continue;
			fprintf(stderr, "  %s[%u]:", prog_op_name(k), a);
			for (c = 0; c < NR_VALUE_CLASSES; c++)
				fprintf(stderr, " %u", mutator.class_credit[k][a][c]);
			fprintf(stderr, " values:");
			for (c = 0; c < mutator.nr_slot_values[k][a]; c++)
				fprintf(stderr, " %llx", (unsigned long long)mutator.slot_values[k][a][c]);
			fputc('\n', stderr);
		}
	}
}

static void setup(void)
{
	const char *env = getenv("EL2FUZZ_MUTATOR");
	char err[256];
	int n;

	ready = true;
	enabled = !env || strcmp(env, "0");
	if (prog_mutator_init(&mutator, EL2FUZZ_TARGET, engine_mutate) || !LLVMFuzzerMutate)
		enabled = false;
	if (enabled && dict_path) {
		n = prog_mutator_load_dict(&mutator, dict_path, err, sizeof(err));
		if (n < 0)
			fprintf(stderr, "el2fuzz mutator: %s (dictionary not used for operands)\n", err);
	}
	env = getenv("EL2FUZZ_MUTATOR_STATS");
	if (env && strcmp(env, "0"))
		atexit(print_stats);
}

/*
 * Weak, so that a target with its own initialiser keeps it (the
 * dictionary then serves libFuzzer's byte mutations only).
 */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *feedback = getenv("EL2FUZZ_FEEDBACK");
	int i;

	feedback_enable(!feedback || strcmp(feedback, "0"));
	for (i = 1; i < *argc; i++)
		if (!strncmp((*argv)[i], "-dict=", 6))
			dict_path = (*argv)[i] + 6;
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed)
{
	if (!ready)
		setup();
	if (!enabled)
		return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max) : 0;
	return prog_mutate(&mutator, data, size, max, seed);
}

/* Returning 0 makes libFuzzer pick another mutation for this round. */
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
				 size_t size2, uint8_t *out, size_t max, unsigned int seed)
{
	if (!ready)
		setup();
	if (!enabled)
		return 0;
	return prog_crossover(&mutator, data1, size1, data2, size2, out, max, seed);
}
