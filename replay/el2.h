/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * el2: "el2fuzz-replay el2 FILE...", programs replayed as EL2 code in
 * QEMU (qemu.h), with the same trace and verdict lines as "run"; with
 * --same also in the simulation, whose verdict must be the same; with
 * --its-diff the ITS state after every op compared with the model's
 * (its_diff.h).
 *
 * Exit status: 0 every file ran clean (and agreed), 1 a finding or a
 * disagreement, 2 bad input, a harness error, or a program that cannot
 * be reproduced at EL2 (its line says why), 77 no QEMU here.
 */
#ifndef EL2FUZZ_REPLAY_EL2_H
#define EL2FUZZ_REPLAY_EL2_H

#include <stdbool.h>

#include "../core/program/program.h"

struct el2_opts {
	const char *image;	/* NULL: qemu_image()'s default */
	unsigned int timeout;	/* seconds per QEMU run: longer is a hang */
	bool quiet;		/* the verdict lines only */
	bool same;		/* also the simulation's verdict, which must agree */
	bool its_diff;		/* the ITS state after each op against the model's */
};

/* @load reads one FILE (text, or binary with the target) into @p: 0 or -1. */
int el2_replay(int argc, char **argv, const struct el2_opts *o,
	       int (*load)(const char *path, struct program *p));

#endif
