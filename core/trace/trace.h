/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace: one line per step, plus tagged lines for what happened inside it
 * ([hyp], [own], [adv], [fault], [dma], [host]). Events are stored raw in a
 * ring and formatted only when printed, so tracing costs almost nothing
 * while fuzzing; replay prints every line as it happens.
 *
 * report: a violation prints one line with its stable signature
 * "<invariant>:<where>:<what>" and the trace tail, then aborts so every
 * engine records it. Tests install a handler to catch it instead.
 */
#ifndef EL2FUZZ_TRACE_H
#define EL2FUZZ_TRACE_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#define TRACE_RING	64

void trace_reset(void);
/* Print every event to @out as it is recorded (NULL: ring only). */
void trace_set_stream(FILE *out);
/* Events from now on happen on hyp CPU @cpu (0 unless the second CPU runs). */
void trace_set_cpu(unsigned int cpu);
/* fmt takes up to four unsigned long long arguments, nothing else. */
void trace_ev(const char *tag, const char *fmt, uint64_t a0, uint64_t a1,
	      uint64_t a2, uint64_t a3);
void trace_print_tail(FILE *out, unsigned int n);
/* A line of text, copied. */
void trace_text(const char *tag, const char *text);

/*
 * A line made by @fmt from (@ctx, @idx) only when printed: one per executed
 * op, whose text form costs more than the op while fuzzing. @ctx must live
 * until the next trace_reset().
 */
typedef void (*trace_formatter_t)(const void *ctx, unsigned long idx, char *buf, size_t cap);
void trace_lazy(const char *tag, trace_formatter_t fmt, const void *ctx, unsigned long idx);

#define TRACE0(tag, fmt)		trace_ev(tag, fmt, 0, 0, 0, 0)
#define TRACE1(tag, fmt, a)		trace_ev(tag, fmt, (a), 0, 0, 0)
#define TRACE2(tag, fmt, a, b)		trace_ev(tag, fmt, (a), (b), 0, 0)
#define TRACE3(tag, fmt, a, b, c)	trace_ev(tag, fmt, (a), (b), (c), 0)
#define TRACE4(tag, fmt, a, b, c, d)	trace_ev(tag, fmt, (a), (b), (c), (d))

/* Where a violation is attributed: the op being executed. */
void report_set_where(const char *where);
const char *report_where(void);

/*
 * The oracle names each finding's class ("security", "correctness",
 * "policy") from its invariant and what; the VIOLATION line shows it.
 */
typedef const char *(*report_classifier_t)(const char *inv, const char *what);
void report_set_classifier(report_classifier_t classifier);

typedef void (*report_handler_t)(const char *signature, const char *detail);
/* NULL restores the default (print + abort). Returns the previous one. */
report_handler_t report_set_handler(report_handler_t handler);

/*
 * Signature = "<inv>:<where>:<what>"; detail is free text after it. The
 * line reads "el2fuzz: VIOLATION <signature> [<class>] <detail>".
 */
void report_violation(const char *inv, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
