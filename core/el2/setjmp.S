/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * setjmp/longjmp of the EL2 image's libc shim (<setjmp.h>): x19..x28,
 * the frame pointer, the link register and the stack pointer. The image
 * is built -mgeneral-regs-only, so no FP/SIMD register is live across a
 * call to save.
 */
	.text
	.global	setjmp
	.type	setjmp, %function
setjmp:
	mov	x16, sp
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	str	x16, [x0, #96]
	mov	w0, #0
	ret
	.size	setjmp, . - setjmp

	.global	longjmp
	.type	longjmp, %function
longjmp:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x16, [x0, #96]
	mov	sp, x16
	cmp	w1, #0
	csinc	w0, w1, wzr, ne		/* longjmp(env, 0) returns 1 */
	ret
	.size	longjmp, . - longjmp
