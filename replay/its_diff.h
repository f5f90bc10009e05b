/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * its_diff: the differential check of the project's ITS model
 * (core/machine/its_hw.c) against QEMU's ITS, program by program and op
 * by op. After every op, both runs print the state visible through their
 * ITS (core/el2/its_state.c: registers, CREADR and Stalled, every valid
 * L1, DTE, CTE and ITE decoded, every non-zero word of the tables, L2
 * pages and ITTs), normalised where entry formats are implementation
 * defined; the two must be the same text.
 *
 * The model runs in its QEMU mode (its_hw_follow_qemu()): where the
 * architecture leaves a choice and QEMU makes another than the model's
 * default, the model makes QEMU's (docs/EL2.md lists them), so that what
 * remains is a disagreement.
 */
#ifndef EL2FUZZ_REPLAY_ITS_DIFF_H
#define EL2FUZZ_REPLAY_ITS_DIFF_H

#include <stddef.h>
#include <stdio.h>

#include "../core/program/program.h"

/*
 * The model's states for @p, in the image's format ("el2fuzz-el2: its
 * step <n> <op>" and "its ..." lines), from a run in a child process (a
 * finding ends it where the oracle stopped it). Returns a malloc'ed
 * string, or NULL with one line on stderr.
 */
char *its_diff_sim_states(const struct program *p, unsigned int timeout_s);

/*
 * Compare QEMU's states with the model's. 0 if the same for every op
 * both ran; else 1, with the first op that differs and its lines printed
 * to @out. A run that stopped early is compared as far as it got.
 */
int its_diff_compare(const char *qemu, const char *sim, FILE *out);

#endif
