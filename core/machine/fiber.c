// SPDX-License-Identifier: GPL-2.0-only
/* Stack switching for the second CPU; see fiber.h. */
#include <stdint.h>
#include <string.h>

#include "fiber.h"

#if defined(__x86_64__)
/*
 * el2fuzz_stack_switch(&from->sp, to->sp): push the System V callee-saved
 * registers, swap stack pointers, pop the other side's, return into it.
 */
void el2fuzz_stack_switch(void **from_sp, void *to_sp);
__asm__(
	".text\n"
	".globl el2fuzz_stack_switch\n"
	".type el2fuzz_stack_switch, @function\n"
	"el2fuzz_stack_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size el2fuzz_stack_switch, .-el2fuzz_stack_switch\n");

#define SAVED_WORDS	6	/* rbp rbx r12-r15 */

void fiber_init(struct fiber *f, void *stack, size_t size, void (*entry)(void))
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uintptr_t *sp = (uintptr_t *)top;

	/* entry's own "return address" slot: it is entered as if called. */
	*--sp = 0;
	*--sp = (uintptr_t)entry;
	sp -= SAVED_WORDS;
	memset(sp, 0, SAVED_WORDS * sizeof(*sp));
	f->sp = sp;
}

void fiber_switch(struct fiber *from, struct fiber *to)
{
	el2fuzz_stack_switch(&from->sp, to->sp);
}

#elif defined(__aarch64__)
/* The AAPCS64 callee-saved registers: x19-x30 and d8-d15, 20 words. */
void el2fuzz_stack_switch(void **from_sp, void *to_sp);
__asm__(
	".text\n"
	".globl el2fuzz_stack_switch\n"
	".type el2fuzz_stack_switch, %function\n"
	"el2fuzz_stack_switch:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x9, sp\n"
	"	str x9, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".size el2fuzz_stack_switch, .-el2fuzz_stack_switch\n");

#define SAVED_WORDS	20

void fiber_init(struct fiber *f, void *stack, size_t size, void (*entry)(void))
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uintptr_t *sp = (uintptr_t *)top - SAVED_WORDS;

	memset(sp, 0, SAVED_WORDS * sizeof(*sp));
	sp[11] = (uintptr_t)entry;	/* x30: where the first switch returns */
	f->sp = sp;
}

void fiber_switch(struct fiber *from, struct fiber *to)
{
	el2fuzz_stack_switch(&from->sp, to->sp);
}

#else
void fiber_init(struct fiber *f, void *stack, size_t size, void (*entry)(void))
{
	getcontext(&f->uc);
	f->uc.uc_stack.ss_sp = stack;
	f->uc.uc_stack.ss_size = size;
	f->uc.uc_link = NULL;
	makecontext(&f->uc, entry, 0);
}

void fiber_switch(struct fiber *from, struct fiber *to)
{
	swapcontext(&from->uc, &to->uc);
}
#endif
