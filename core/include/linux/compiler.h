/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <linux/compiler.h>: READ_ONCE / WRITE_ONCE. A host-writable field must be
 * read once into a local; the volatile access makes each read a real load
 * that the single-fetch oracle (O11) can see.
 *
 * Built for el2fuzz (EL2FUZZ_OBSERVE_BULK, as for <linux/string.h>), each
 * marked access first names its address to the platform, so that a second
 * hyp CPU's race check (O17) tells a marked access from a plain one, as
 * the kernel's memory model does. Elsewhere (the EL2 image) they are the
 * plain volatile accesses they always were.
 */
#ifndef __EL2FUZZ_LINUX_COMPILER_H
#define __EL2FUZZ_LINUX_COMPILER_H

#ifdef EL2FUZZ_OBSERVE_BULK
const volatile void *__hyp_once(const volatile void *p);
#define __ONCE_ADDR(x)		__hyp_once(&(x))
#else
#define __ONCE_ADDR(x)		(&(x))
#endif

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)__ONCE_ADDR(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)__ONCE_ADDR(x) = (val); } while (0)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")

#endif
