/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <string.h> of the EL2 image's libc shim: what the portable layers
 * (core/program, adversary, oracle, fault, trace) use, implemented in
 * core/el2/libc.c. No locale, no allocation.
 */
#ifndef EL2FUZZ_EL2_LIBC_STRING_H
#define EL2FUZZ_EL2_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif
