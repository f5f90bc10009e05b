/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * emit: write a regression test for a program: the text program, kept in
 * corpora/<target>/regress/, and a C test, kept in tests/regress/, that
 * runs it through the interpreter and asserts that no invariant fires
 * (it fails on the defective mediator with the recorded signature and
 * passes on the corrected one). Both are picked up by the build by glob.
 */
#ifndef EL2FUZZ_EMIT_H
#define EL2FUZZ_EMIT_H

#include <stdio.h>

#include "../core/program/program.h"

/* "O1:reclaim_mmio:returned_not_donated" -> "O1-reclaim_mmio-returned_not_donated" */
void emit_file_stem(const char *signature, char *out, size_t cap);
void emit_c_test(FILE *out, const struct program *p, const char *name,
		 const char *signature, const char *origin);

#endif
