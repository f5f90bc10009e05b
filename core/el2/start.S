/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry at EL2 (QEMU virt, virtualization=on: MMU off, DAIF masked),
 * stacks, the exception vector table and the semihosting trap.
 *
 * Two stacks: the image runs on SP_EL0 (SPSel = 0) and SP_EL2 is kept for
 * exceptions only, so that an exception taken because the program stack
 * overflowed into its guard page (or any other state the program broke)
 * still has a good stack to report from. An exception taken while the
 * handler itself runs arrives at the "current EL, SP_ELx" vectors: it is
 * reported by a fixed message from assembly and exits with
 * EL2_EXIT_NESTED, without touching memory the first one may have broken.
 */
#define EL2_EXIT_ERROR		2
#define EL2_EXIT_NESTED		4
#define SEMIHOST_SYS_WRITE0	0x04
#define SEMIHOST_SYS_EXIT	0x18
#define SEMIHOST_ADP_EXIT	0x20026
#define CURRENTEL_EL2		(2 << 2)

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.ne	not_el2

	ldr	x0, =el2_vectors
	msr	vbar_el2, x0
	ldr	x0, =__exc_stack_top
	mov	sp, x0
	msr	spsel, #0
	ldr	x0, =__stack_top
	mov	sp, x0
	/* SErrors reach the vector table; interrupts stay masked (none used). */
	msr	daifclr, #4
	isb

	/* The MMU is off: stores are Device-nGnRnE, so 16-byte aligned only. */
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	bl	el2_boot
	b	.

not_el2:
	ldr	x1, =msg_not_el2
	mov	x0, #SEMIHOST_SYS_WRITE0
	hlt	#0xf000
	mov	x2, #EL2_EXIT_ERROR
	b	semihost_exit

/* x2: exit code. */
semihost_exit:
	ldr	x1, =exit_block
	ldr	x0, =SEMIHOST_ADP_EXIT
	stp	x0, x2, [x1]
	mov	x0, #SEMIHOST_SYS_EXIT
	hlt	#0xf000
	b	.

/* long el2_semihost(unsigned long op, const void *arg) */
	.text
	.global el2_semihost
el2_semihost:
	hlt	#0xf000
	ret

/*
 * Vectors. Saved frame (struct el2_regs, exception.c): x0..x30, then
 * SP_EL0 (the program's SP), ELR_EL2, SPSR_EL2, ESR_EL2, FAR_EL2.
 */
#define FRAME_SIZE	(36 * 8)

.macro	vector kind
	.align	7
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	exc_common
.endm

.macro	vector_nested
	.align	7
	b	exc_nested
.endm

	.section .text.vectors, "ax"
	.align	11
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: the program's own exceptions. */
	vector	0
	vector	1
	vector	2
	vector	3
	/* Current EL with SP_ELx: inside the handler. */
	vector_nested
	vector_nested
	vector_nested
	vector_nested
	/* Lower EL, AArch64 and AArch32: nothing runs there; report as ours. */
	vector	4
	vector	5
	vector	6
	vector	7
	vector	8
	vector	9
	vector	10
	vector	11

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x1, sp_el0
	stp	x30, x1, [sp, #240]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #256]
	mrs	x1, esr_el2
	mrs	x2, far_el2
	stp	x1, x2, [sp, #272]
	mov	x1, sp
	mov	x29, #0
	bl	el2_exception
	b	.

exc_nested:
	ldr	x1, =msg_nested
	mov	x0, #SEMIHOST_SYS_WRITE0
	hlt	#0xf000
	mov	x2, #EL2_EXIT_NESTED
	b	semihost_exit

	.section .rodata
msg_not_el2:
	.asciz	"el2fuzz-el2: not entered at EL2 (run QEMU with -M virt,virtualization=on)\n"
msg_nested:
	.asciz	"el2fuzz: VIOLATION O9:el2:nested_exception exception inside the EL2 exception handler\n"

	.section .bss.stacks, "aw", %nobits
	.align	12
	.global	__stack_guard
__stack_guard:
	.space	4096
	.global	__stack_bottom
__stack_bottom:
	.space	65536
	.global	__stack_top
__stack_top:
	.space	16384
	.global	__exc_stack_top
__exc_stack_top:
	.align	4
exit_block:
	.space	16
