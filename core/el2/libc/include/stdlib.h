/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <stdlib.h> of the EL2 image's libc shim. abort() is how a finding ends
 * a run in every engine (core/trace's report_violation()): here it leaves
 * QEMU with the image's "finding" exit code. exit() leaves with @code. No
 * allocation: the image's buffers are static or el2_alloc()'s.
 */
#ifndef EL2FUZZ_EL2_LIBC_STDLIB_H
#define EL2FUZZ_EL2_LIBC_STDLIB_H

#include <stddef.h>

void abort(void) __attribute__((noreturn));
void exit(int code) __attribute__((noreturn));

#endif
