// SPDX-License-Identifier: GPL-2.0-only
/*
 * <stdio.h> and <stdlib.h> of the EL2 image's libc shim (core/el2/libc/
 * include): every stream is the semihosting console (console.c), and the
 * process ends the way the image ends: abort() is a finding (the portable
 * layers abort on a violation, as every fuzzing engine expects), exit()
 * leaves QEMU with the code.
 */
#include <stdio.h>
#include <stdlib.h>

#include <el2/el2.h>

struct el2_file {
	const char *name;
};

static struct el2_file out = { "stdout" };
static struct el2_file err = { "stderr" };

FILE *const stdout = &out;
FILE *const stderr = &err;

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	(void)f;
	return el2_vprintf(fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = el2_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
	return el2_vsnprintf(buf, cap, fmt, ap);
}

int snprintf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = el2_vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

int fputs(const char *s, FILE *f)
{
	(void)f;
	el2_puts(s);
	return 0;
}

int fputc(int c, FILE *f)
{
	(void)f;
	el2_putc((char)c);
	return (unsigned char)c;
}

int puts(const char *s)
{
	el2_puts(s);
	el2_putc('\n');
	return 0;
}

int fflush(FILE *f)
{
	(void)f;
	el2_flush();
	return 0;
}

void abort(void)
{
	el2_exit(EL2_EXIT_FINDING);
}

void exit(int code)
{
	el2_exit(code);
}
