/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <stdio.h> of the EL2 image's libc shim. There is one output, the
 * semihosting console (core/el2/console.c): stdout and stderr both write
 * to it, line-buffered, so a trace line and a VIOLATION line keep their
 * order. The printf family takes the subset of conversions console.c
 * formats (%c %s %d %i %u %x %X %p, flags - 0 #, width, precision,
 * h hh l ll z j t). No files: programs come in through semihosting
 * (el2_read_file()).
 */
#ifndef EL2FUZZ_EL2_LIBC_STDIO_H
#define EL2FUZZ_EL2_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

typedef struct el2_file FILE;

extern FILE *const stdout;
extern FILE *const stderr;

#define EOF	(-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
int snprintf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int fputs(const char *s, FILE *f);
int fputc(int c, FILE *f);
int puts(const char *s);
int fflush(FILE *f);

#endif
