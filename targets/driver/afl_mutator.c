// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator (core/program/mutate.h) as an AFL++ custom
 * mutator library (AFL++ 4.04c API: afl_custom_init, afl_custom_fuzz,
 * afl_custom_describe, afl_custom_deinit). targets/CMakeLists.txt builds
 * one per program target, afl_mutator_<t>.so, with EL2FUZZ_TARGET="<t>":
 *
 *   AFL_CUSTOM_MUTATOR_LIBRARY=build/afl/targets/afl_mutator_its_mediator.so \
 *   EL2FUZZ_DICT=targets/its_mediator.dict \
 *   afl-fuzz -i seeds -o out -- build/afl/targets/fuzz_its_mediator
 *
 * AFL++ runs it as a stage of its own besides havoc (AFL_CUSTOM_MUTATOR_ONLY=1
 * leaves only this one). When AFL++ offers a second queue entry, part of
 * the rounds splice with it. Environment:
 *   EL2FUZZ_TARGET   another program target than the one built in
 *   EL2FUZZ_DICT     a dictionary whose words become operand values and ops
 * Deterministic for AFL++'s seed (-s).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/program/mutate.h"

#ifndef EL2FUZZ_TARGET
#error "compile with -DEL2FUZZ_TARGET=\"<target name>\""
#endif

struct afl_mutator {
	struct prog_mutator m;
	uint64_t calls;
	unsigned int seed;
	uint8_t out[MUT_MAX_BYTES];
};

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size);
const char *afl_custom_describe(void *data, size_t max_description_len);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	const char *target = getenv("EL2FUZZ_TARGET");
	const char *dict = getenv("EL2FUZZ_DICT");
	struct afl_mutator *am;
	char err[256];

	(void)afl;
	am = calloc(1, sizeof(*am));
	if (!am)
		return NULL;
	if (!target || !*target)
		target = EL2FUZZ_TARGET;
	if (prog_mutator_init(&am->m, target, NULL))
		fprintf(stderr, "el2fuzz mutator: '%s' is no program target: byte mutation only\n",
			target);
	if (dict && *dict && prog_mutator_load_dict(&am->m, dict, err, sizeof(err)) < 0) {
		fprintf(stderr, "el2fuzz mutator: %s\n", err);
		free(am);
		return NULL;
	}
	am->seed = seed;
	return am;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
	struct afl_mutator *am = data;
	/* One seed per call, from AFL++'s seed and the call count. */
	unsigned int seed = (unsigned int)(am->seed * 2654435761u + am->calls++);
	size_t max = max_size < sizeof(am->out) ? max_size : sizeof(am->out);
	size_t size = buf_size < max ? buf_size : max;
	size_t n = 0;

	if (add_buf && add_buf_size && seed % 3 == 0)
		n = prog_crossover(&am->m, buf, size, add_buf, add_buf_size, am->out, max, seed);
	if (!n) {
		memcpy(am->out, buf, size);
		n = prog_mutate(&am->m, am->out, size, max, seed);
	}
	*out_buf = am->out;
	return n;
}

/* Names AFL++'s queue entries after the edit that made them. */
const char *afl_custom_describe(void *data, size_t max_description_len)
{
	struct afl_mutator *am = data;
	static char desc[32];

	snprintf(desc, sizeof(desc) < max_description_len ? sizeof(desc) : max_description_len,
		 "el2-%s", prog_mut_kind_name(am->m.last));
	return desc;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
