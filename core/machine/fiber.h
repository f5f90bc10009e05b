/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fiber: a stack of its own for the hyp's second CPU, and the switch
 * between stacks. On x86-64 and arm64 the switch saves and restores the
 * callee-saved registers only: no system call (swapcontext() saves the
 * signal mask with one, every switch) and no ASan interceptor, whose
 * warning would be in every sanitizer build's output. Elsewhere it is
 * ucontext.
 */
#ifndef EL2FUZZ_FIBER_H
#define EL2FUZZ_FIBER_H

#include <stddef.h>

#if defined(__x86_64__) || defined(__aarch64__)
struct fiber {
	void *sp;
};
#else
#include <ucontext.h>
struct fiber {
	ucontext_t uc;
};
#endif

/* @f will run @entry (which must never return) on [@stack, @stack + @size). */
void fiber_init(struct fiber *f, void *stack, size_t size, void (*entry)(void));
/* Save the running context in @from and run @to. */
void fiber_switch(struct fiber *from, struct fiber *to);

#endif
