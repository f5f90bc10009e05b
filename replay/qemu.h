/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qemu: run one program as EL2 code in qemu-system-aarch64 (virt, EL2,
 * GICv3 ITS) with the EL2 image (core/el2/run.c), and name what happened
 * as the simulation's replay names it.
 *
 * The program goes to the image as a canonical text file (semihosting
 * reads it), so QEMU runs exactly what the simulation runs; QEMU gets
 * -m EL2_QEMU_RAM_MIB, -smp 2 (two redistributors, as the simulation's two
 * CPUs; the second stays off) and gic-version=4 when the program's ITS
 * has a vPE table. The image prints every trace line as it happens, then
 * a verdict: a VIOLATION line (an oracle, or the vector table's
 * O9:<op>:el2_exception with ESR/FAR/ELR), "not reproducible at EL2", an
 * error, or nothing but its exit. A run that outlives the timeout is
 * killed and is O9:<op>:hang, <op> the last op the trace began.
 */
#ifndef EL2FUZZ_REPLAY_QEMU_H
#define EL2FUZZ_REPLAY_QEMU_H

#include <stdbool.h>
#include <stdio.h>

#include "outcome.h"
#include "../core/program/program.h"

#define QEMU_MISSING	77	/* exit status: no QEMU here (CTest SKIP_RETURN_CODE) */

enum qemu_verdict {
	QEMU_CLEAN,
	QEMU_FINDING,		/* a VIOLATION line, an exception, or a hang */
	QEMU_NOT_REPRODUCIBLE,	/* the program needs what QEMU at EL2 is not */
	QEMU_ERROR,		/* QEMU or the image failed: see the line */
};

struct qemu_run {
	enum qemu_verdict verdict;
	struct outcome oc;	/* a finding's signature and its line */
	char why[512];		/* not reproducible, the error; an exception's ELR as source */
	char regs[256];		/* an exception's registers (the vector table's second line) */
	double seconds;		/* QEMU's wall time, boot included */
	/* With states: each "its ..." line, after "el2fuzz-el2: its step <n> <op>". */
	char *states;
	size_t states_len;
};

/* Where the image is: @image, else $EL2FUZZ_EL2_IMAGE, else the source tree's build/el2. */
const char *qemu_image(const char *image);
/* Whether qemu-system-aarch64 ($QEMU) can be found; if not, one line on stderr. */
bool qemu_present(void);

/*
 * Run @p in QEMU with @image. Trace lines go to @trace as they come,
 * folded as run's (NULL: none); @states asks the image for the ITS state
 * after each op (--its-state --raw) into r->states (free it). 0, or -1
 * with one line on stderr when QEMU could not be run at all.
 */
int qemu_run(const struct program *p, const char *image, unsigned int timeout_s,
	     FILE *trace, bool states, struct qemu_run *r);

#endif
