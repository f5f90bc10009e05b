// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AFL++ custom mutator library (targets/driver/afl_mutator.c), loaded
 * as afl-fuzz loads it: dlopen, then afl_custom_init / fuzz / describe /
 * deinit by name. Its outputs decode to programs and stay within the size
 * limit, splicing brings ops of the second buffer in, and the same AFL++
 * seed gives the same outputs.
 *
 * The library is built only without sanitizers (afl-fuzz is not built
 * with them); in sanitizer builds this test finds none and says so.
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <unistd.h>

#include "../test.h"
#include "../../core/program/mutate.h"

typedef void *(*init_fn)(void *afl, unsigned int seed);
typedef size_t (*fuzz_fn)(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
			  uint8_t *add_buf, size_t add_buf_size, size_t max_size);
typedef const char *(*describe_fn)(void *data, size_t max);
typedef void (*deinit_fn)(void *data);

static init_fn init;
static fuzz_fn fuzz;
static describe_fn describe;
static deinit_fn deinit;

static size_t encode(const char *text, uint8_t *buf)
{
	static struct program p;

	test_parse(text, &p);
	return (size_t)prog_encode(&p, prog_target_find("its_mediator"), buf, MUT_MAX_BYTES);
}

static void run(unsigned int seed, uint8_t *outs, size_t *sizes, unsigned int n)
{
	static uint8_t a[MUT_MAX_BYTES], b[MUT_MAX_BYTES];
	size_t alen = encode("its_bringup 2\nits_setup\nits_cmd 11 0x0 0x0\n", a);
	size_t blen = encode("its_mmio_write 0x88 8 0x20\nits_teardown\n", b);
	void *state = init(NULL, seed);
	unsigned int i;
	uint8_t *out;

	CHECK(state != NULL);
	if (!state)
		return;
	for (i = 0; i < n; i++) {
		sizes[i] = fuzz(state, a, alen, &out, i % 2 ? b : NULL, i % 2 ? blen : 0, 300);
		memcpy(outs + i * 300, out, sizes[i] <= 300 ? sizes[i] : 300);
	}
	CHECK(strncmp(describe(state, 64), "el2-", 4) == 0);
	deinit(state);
}

int main(void)
{
	const struct prog_target *t = prog_target_find("its_mediator");
	static uint8_t outs1[300 * 400], outs2[300 * 400];
	char exe[PATH_MAX], lib[PATH_MAX + 64];
	unsigned int i, k, big = 0, spliced = 0;
	static size_t sizes1[400], sizes2[400];
	static struct program p;
	ssize_t n;
	void *h;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	CHECK(n > 0);
	exe[n > 0 ? n : 0] = 0;
	snprintf(lib, sizeof(lib), "%s/../targets/afl_mutator_its_mediator.so", dirname(exe));
	if (access(lib, R_OK)) {
		printf("test_afl_mutator: no %s in this build (sanitizers): skipped\n", lib);
		return test_done("test_afl_mutator");
	}
	h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	CHECK(h != NULL);
	if (!h) {
		fprintf(stderr, "%s\n", dlerror());
		return test_done("test_afl_mutator");
	}
	*(void **)&init = dlsym(h, "afl_custom_init");
	*(void **)&fuzz = dlsym(h, "afl_custom_fuzz");
	*(void **)&describe = dlsym(h, "afl_custom_describe");
	*(void **)&deinit = dlsym(h, "afl_custom_deinit");
	CHECK(init && fuzz && describe && deinit);
	if (!init || !fuzz || !describe || !deinit)
		return test_done("test_afl_mutator");

	run(7, outs1, sizes1, 400);
	run(7, outs2, sizes2, 400);
	CHECK(!memcmp(sizes1, sizes2, sizeof(sizes1)) && !memcmp(outs1, outs2, sizeof(outs1)));
	for (i = 0; i < 400; i++) {
		if (sizes1[i] > 300) {
			big++;
			continue;
		}
		prog_decode(outs1 + i * 300, sizes1[i], t, &p);
		for (k = 0; k < p.nr_ops; k++)
			if (p.ops[k].op == OP_ITS_TEARDOWN)
				spliced++;
	}
	CHECK_EQ(big, 0);
	CHECK(spliced > 0);	/* only the second buffer has a teardown */
	dlclose(h);
	return test_done("test_afl_mutator");
}
