// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzzing dictionaries name each op by its opcode byte, its index in
 * the target's op set (targets/<target>.dict, "op_<name>"): every op of
 * every program target must be there, with the byte the decoder maps to
 * it, so that a new op or a reordered set cannot leave them stale.
 */
#include "../test.h"

static const char *const program_targets[] = {
	"mmio_donate", "realm_ripas", "guest_abort", "its_setup", "its_mediator", "its",
};

static void check_dict(const char *target)
{
	const struct prog_target *t = prog_target_find(target);
	char path[512], line[256], want[128];
	unsigned int i;
	bool found;
	FILE *f;

	snprintf(path, sizeof(path), "%s/targets/%s.dict", EL2FUZZ_SOURCE_DIR, target);
	CHECK(t != NULL);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!t || !f)
		return;
	for (i = 0; i < t->nr_ops; i++) {
		snprintf(want, sizeof(want), "op_%s=\"\\x%02x\"", prog_op_name(t->ops[i]), i);
		found = false;
		rewind(f);
		while (fgets(line, sizeof(line), f))
			found |= !strncmp(line, want, strlen(want));
		if (!found)
			fprintf(stderr, "%s: no line %s\n", path, want);
		CHECK(found);
	}
	fclose(f);
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(program_targets) / sizeof(program_targets[0]); i++)
		check_dict(program_targets[i]);
	return test_done("test_dicts");
}
