/* SPDX-License-Identifier: GPL-2.0-only */
/* <linux/string.h>: the few string routines the hyp links against. */
#ifndef __EL2FUZZ_LINUX_STRING_H
#define __EL2FUZZ_LINUX_STRING_H

#include <linux/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#ifdef EL2FUZZ_OBSERVE_BULK
/*
 * Built for el2fuzz (the build defines EL2FUZZ_OBSERVE_BULK for mediator
 * sources), bulk copies and compares go through the platform, which sees
 * every byte they read and write: a copy from host memory is a fetch of
 * each byte like a plain load, and an interleaving point for the other CPU.
 * Struct copies the compiler expands inline are seen in ASan builds (the
 * build renames ASan's mem-intrinsic callbacks to the platform's).
 */
void *__hyp_memcpy(void *dst, const void *src, size_t n);
void *__hyp_memmove(void *dst, const void *src, size_t n);
void *__hyp_memset(void *dst, int c, size_t n);
int __hyp_memcmp(const void *a, const void *b, size_t n);

#define memcpy(d, s, n)		__hyp_memcpy((d), (s), (n))
#define memmove(d, s, n)	__hyp_memmove((d), (s), (n))
#define memset(d, c, n)		__hyp_memset((d), (c), (n))
#define memcmp(a, b, n)		__hyp_memcmp((a), (b), (n))
#endif

#endif
