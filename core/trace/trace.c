// SPDX-License-Identifier: GPL-2.0-only
/* Trace ring and violation reporting; see trace.h. */
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "../util/suppress.h"

#define TRACE_TEXT	112

struct trace_event {
	const char *tag;
	unsigned int cpu;	/* the hyp CPU it happened on */
	const char *fmt;	/* NULL: the event is text, or made by lazy */
	uint64_t a[4];
	trace_formatter_t lazy;
	const void *ctx;
	char text[TRACE_TEXT];
};

static struct trace_event ring[TRACE_RING];
static unsigned long long nr_events;
static FILE *stream;
static const char *where = "init";
static unsigned int cur_cpu;
static report_handler_t handler;
static report_classifier_t classifier;

void trace_reset(void)
{
	nr_events = 0;
	where = "init";
}

void trace_set_cpu(unsigned int cpu)
{
	cur_cpu = cpu;
}

void trace_set_stream(FILE *out)
{
	stream = out;
}

static void print_event(FILE *out, const struct trace_event *ev)
{
	const char *tag = ev->tag;
	char line[256];
	char tagged[16];

	/* Lines from the hyp's second CPU: the tag says so, "[own]@1". */
	if (ev->cpu) {
		snprintf(tagged, sizeof(tagged), "%s@%u", ev->tag, ev->cpu);
		tag = tagged;
	}
	if (ev->lazy) {
		ev->lazy(ev->ctx, (unsigned long)ev->a[0], line, sizeof(line));
		fprintf(out, "%-7s %s\n", tag, line);
		return;
	}
	if (!ev->fmt) {
		fprintf(out, "%-7s %s\n", tag, ev->text);
		return;
	}
	/* The format strings are the project's own literals with u64 args. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(line, sizeof(line), ev->fmt, (unsigned long long)ev->a[0],
		 (unsigned long long)ev->a[1], (unsigned long long)ev->a[2],
		 (unsigned long long)ev->a[3]);
#pragma GCC diagnostic pop
	fprintf(out, "  %-7s %s\n", tag, line);
}

void trace_ev(const char *tag, const char *fmt, uint64_t a0, uint64_t a1,
	      uint64_t a2, uint64_t a3)
{
	struct trace_event *ev = &ring[nr_events++ % TRACE_RING];

	ev->tag = tag;
	ev->cpu = cur_cpu;
	ev->fmt = fmt;
	ev->lazy = NULL;
	ev->a[0] = a0;
	ev->a[1] = a1;
	ev->a[2] = a2;
	ev->a[3] = a3;
	if (stream)
		print_event(stream, ev);
}

void trace_text(const char *tag, const char *text)
{
	struct trace_event *ev = &ring[nr_events++ % TRACE_RING];

	ev->tag = tag;
	ev->cpu = cur_cpu;
	ev->fmt = NULL;
	ev->lazy = NULL;
	snprintf(ev->text, sizeof(ev->text), "%s", text);
	if (stream)
		print_event(stream, ev);
}

void trace_lazy(const char *tag, trace_formatter_t fmt, const void *ctx, unsigned long idx)
{
	struct trace_event *ev = &ring[nr_events++ % TRACE_RING];

	ev->tag = tag;
	ev->cpu = cur_cpu;
	ev->fmt = NULL;
	ev->lazy = fmt;
	ev->ctx = ctx;
	ev->a[0] = idx;
	if (stream)
		print_event(stream, ev);
}

void trace_print_tail(FILE *out, unsigned int n)
{
	unsigned long long first;

	if (n > TRACE_RING)
		n = TRACE_RING;
	first = nr_events > n ? nr_events - n : 0;
	fprintf(out, "el2fuzz: last %llu trace lines:\n", nr_events - first);
	for (; first < nr_events; first++)
		print_event(out, &ring[first % TRACE_RING]);
}

void report_set_where(const char *w)
{
	where = w;
}

const char *report_where(void)
{
	return where;
}

void report_set_classifier(report_classifier_t c)
{
	classifier = c;
}

report_handler_t report_set_handler(report_handler_t h)
{
	report_handler_t old = handler;

	handler = h;
	return old;
}

void report_violation(const char *inv, const char *what, const char *fmt, ...)
{
	char signature[160];
	char detail[512];
	va_list ap;

	snprintf(signature, sizeof(signature), "%s:%s:%s", inv, where, what);
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);

	if (handler) {
		handler(signature, detail);
		return;
	}
	/* A known finding ($EL2FUZZ_SUPPRESSIONS) ends the input quietly: no return. */
	suppress_violation(signature);
	fflush(stdout);
	if (!stream)
		trace_print_tail(stderr, 32);
	fprintf(stderr, "el2fuzz: VIOLATION %s [%s] %s\n", signature,
		classifier ? classifier(inv, what) : "security", detail);
	fflush(stderr);
	abort();
}
