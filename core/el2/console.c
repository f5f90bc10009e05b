// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output, files and exit through semihosting (QEMU -semihosting).
 *
 * Semihosting rather than the PL011: a wild ITS DMA can land on the
 * UART's registers (docs/QEMU_ITS.md §9), but not on QEMU's semihosting
 * channel. Output is line-buffered and written with SYS_WRITE0, one trap
 * per line; it reaches QEMU's stderr. Nothing here reads time or any
 * other source of nondeterminism: the same image prints the same bytes.
 */
#include <el2/el2.h>

#include "../trace/trace.h"

#define LINE_MAX	256

static char line[LINE_MAX + 1];
static unsigned int line_len;

void el2_flush(void)
{
	if (!line_len)
		return;
	line[line_len] = '\0';
	el2_semihost(SEMIHOST_SYS_WRITE0, line);
	line_len = 0;
}

void el2_putc(char c)
{
	/* SYS_WRITE0 stops at a NUL: never let one into the buffer. */
	if (!c)
		return;
	line[line_len++] = c;
	if (c == '\n' || line_len == LINE_MAX)
		el2_flush();
}

void el2_puts(const char *s)
{
	while (*s)
		el2_putc(*s++);
}

/* printf ------------------------------------------------------------------ */

struct fmt_out {
	char *buf;		/* NULL: to the console */
	size_t cap;
	size_t len;		/* what would have been written */
};

static void out_c(struct fmt_out *o, char c)
{
	if (!o->buf)
		el2_putc(c);
	else if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

static void out_str(struct fmt_out *o, const char *s, int width, int prec, bool left)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (prec < 0 || n < prec))
		n++;
	if (!left)
		out_pad(o, ' ', width - n);
	while (n--) {
		out_c(o, *s++);
		width--;
	}
	if (left)
		out_pad(o, ' ', width);
}

static void out_num(struct fmt_out *o, uint64_t v, bool neg, unsigned int base, bool upper,
		    int width, bool left, bool zero, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int plen = 0;
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		prefix = "-";
	while (prefix && prefix[plen])
		plen++;
	width -= n + plen;
	if (!left && !zero)
		out_pad(o, ' ', width);
	while (prefix && *prefix)
		out_c(o, *prefix++);
	if (!left && zero)
		out_pad(o, '0', width);
	while (n--)
		out_c(o, tmp[n]);
	if (left)
		out_pad(o, ' ', width);
}

/*
 * The subset the harness uses: %% %c %s %d %i %u %x %X %p, flags '-', '0'
 * and '#', a width and a precision (both may be '*'), length h, hh, l,
 * ll, z, j, t.
 */
static void vformat(struct fmt_out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		unsigned int base = 10;
		bool upper = false;
		bool left = false;
		bool zero = false;
		bool alt = false;
		int width = 0;
		int prec = -1;
		int lng = 0;
		uint64_t v;
		int64_t s;

		if (*fmt != '%') {
			out_c(o, *fmt);
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z' || *fmt == 'j' || *fmt == 't')
				lng++;
			else if (*fmt != 'h')
				break;
		}
		switch (*fmt) {
		case '\0':
			return;
		case '%':
			out_c(o, '%');
			break;
		case 'c':
			out_c(o, (char)va_arg(ap, int));
			break;
		case 's':
			out_str(o, va_arg(ap, const char *), width, prec, left);
			break;
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, long) : va_arg(ap, int);
			v = s < 0 ? -(uint64_t)s : (uint64_t)s;
			out_num(o, v, s < 0, 10, false, width, left, zero, NULL);
			break;
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			out_num(o, v, false, 16, false, width, left, zero, "0x");
			break;
		case 'X':
			upper = true;
			/* fall through */
		case 'x':
			base = 16;
			/* fall through */
		case 'u':
			v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			out_num(o, v, false, base, upper, width, left, zero,
				alt && base == 16 && v ? "0x" : NULL);
			break;
		default:
			out_c(o, '%');
			out_c(o, *fmt);
			break;
		}
	}
}

int el2_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct fmt_out o = { .buf = buf, .cap = cap };

	vformat(&o, fmt, ap);
	if (cap)
		buf[o.len < cap ? o.len : cap - 1] = '\0';
	return (int)o.len;
}

int el2_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = el2_vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

int el2_vprintf(const char *fmt, va_list ap)
{
	struct fmt_out o = { 0 };

	vformat(&o, fmt, ap);
	return (int)o.len;
}

int el2_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = el2_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* Exit and reports ---------------------------------------------------------- */

void el2_exit(int code)
{
	uint64_t block[2] = { SEMIHOST_ADP_EXIT, (uint64_t)code };

	el2_flush();
	el2_printf("el2fuzz-el2: exit %d\n", code);
	el2_semihost(SEMIHOST_SYS_EXIT, block);
	for (;;)
		;
}

/* Attribution is the trace's (report_where()): the op the program runs. */
void el2_set_where(const char *w)
{
	report_set_where(w);
	el2_printf("el2fuzz: where %s\n", w);
}

const char *el2_where(void)
{
	return report_where();
}

/*
 * A finding of the platform's own (a hyp panic, a lock left held): the
 * simulation's report_violation(), which prints the VIOLATION line with
 * its class and ends the run as a finding.
 */
void el2_report(const char *inv, const char *what, const char *fmt, ...)
{
	char detail[256];
	va_list ap;

	va_start(ap, fmt);
	el2_vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	report_violation(inv, what, "%s", detail);
	el2_exit(EL2_EXIT_FINDING);
}

void el2_fatal(const char *fmt, ...)
{
	va_list ap;

	el2_flush();
	el2_puts("el2fuzz-el2: error: ");
	va_start(ap, fmt);
	el2_vprintf(fmt, ap);
	va_end(ap);
	el2_putc('\n');
	el2_exit(EL2_EXIT_ERROR);
}

void el2_not_reproducible(const char *fmt, ...)
{
	va_list ap;

	el2_flush();
	el2_puts("el2fuzz-el2: not reproducible at EL2: ");
	va_start(ap, fmt);
	el2_vprintf(fmt, ap);
	va_end(ap);
	el2_putc('\n');
	el2_exit(EL2_EXIT_NOT_REPRODUCIBLE);
}

/* Files --------------------------------------------------------------------- */

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Semihosting open modes: 1 is "rb", 5 is "wb" (fopen's, in that order). */
#define SEMIHOST_MODE_RB	1
#define SEMIHOST_MODE_WB	5

static long semihost_open(const char *path, unsigned long mode)
{
	uint64_t args[3] = { (uintptr_t)path, mode, str_len(path) };

	return el2_semihost(SEMIHOST_SYS_OPEN, args);
}

static void semihost_close(long fd)
{
	uint64_t args[1] = { (uint64_t)fd };

	el2_semihost(SEMIHOST_SYS_CLOSE, args);
}

long el2_read_file(const char *path, void *buf, size_t cap)
{
	uint64_t args[3];
	long len;
	long fd;

	fd = semihost_open(path, SEMIHOST_MODE_RB);
	if (fd < 0)
		return -1;
	args[0] = (uint64_t)fd;
	len = el2_semihost(SEMIHOST_SYS_FLEN, args);
	if (len < 0 || (size_t)len > cap) {
		semihost_close(fd);
		return -1;
	}
	args[1] = (uintptr_t)buf;
	args[2] = (uint64_t)len;
	/* SYS_READ returns the number of bytes *not* read. */
	if (el2_semihost(SEMIHOST_SYS_READ, args) != 0)
		len = -1;
	semihost_close(fd);
	return len;
}

int el2_write_file(const char *path, const void *buf, size_t len)
{
	uint64_t args[3];
	long fd;
	long ret;

	fd = semihost_open(path, SEMIHOST_MODE_WB);
	if (fd < 0)
		return -1;
	args[0] = (uint64_t)fd;
	args[1] = (uintptr_t)buf;
	args[2] = len;
	ret = el2_semihost(SEMIHOST_SYS_WRITE, args);
	semihost_close(fd);
	return ret ? -1 : 0;
}

/*
 * The command line QEMU passes (-semihosting-config arg=...): the image
 * name first, then the arguments, separated by spaces. 0, or -1.
 */
int el2_cmdline(char *buf, size_t cap)
{
	uint64_t args[2] = { (uintptr_t)buf, cap };

	if (!cap)
		return -1;
	buf[0] = '\0';
	if (el2_semihost(SEMIHOST_SYS_GET_CMDLINE, args))
		return -1;
	buf[args[1] < cap ? args[1] : cap - 1] = '\0';
	return 0;
}
