/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <linux/compiler.h>: READ_ONCE / WRITE_ONCE. A host-writable field must be
 * read once into a local; the volatile access makes each read a real load
 * that the single-fetch oracle (O11) can see.
 */
#ifndef __EL2FUZZ_LINUX_COMPILER_H
#define __EL2FUZZ_LINUX_COMPILER_H

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")

#endif
