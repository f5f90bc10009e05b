/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * minimise: shrink a program while it keeps its signature. Knows nothing
 * but a program and a predicate ("does this candidate still report
 * <signature>?"): remove runs of ops (halving, down to one), then simplify
 * what is left (default header, smaller operands), keeping every change
 * the predicate accepts. A different finding does not count as the same.
 */
#ifndef EL2FUZZ_MINIMISE_H
#define EL2FUZZ_MINIMISE_H

#include <stdbool.h>

#include "../core/program/program.h"

typedef bool (*minimise_pred_t)(const struct program *p, void *ctx);

/* Returns the number of predicate calls; @p is minimised in place. */
unsigned int minimise(struct program *p, minimise_pred_t still_fails, void *ctx);

#endif
