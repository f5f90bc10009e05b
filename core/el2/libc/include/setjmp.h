/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <setjmp.h> of the EL2 image's libc shim (core/el2/setjmp.S): the
 * callee-saved general registers, the frame pointer, the link register
 * and the stack pointer. No FP/SIMD registers: the image is built
 * -mgeneral-regs-only.
 */
#ifndef EL2FUZZ_EL2_LIBC_SETJMP_H
#define EL2FUZZ_EL2_LIBC_SETJMP_H

typedef unsigned long jmp_buf[14];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

#endif
