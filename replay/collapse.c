// SPDX-License-Identifier: GPL-2.0-only
/* Folding runs of similar trace lines; see collapse.h. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "collapse.h"

void collapse_init(struct collapse *c, FILE *out)
{
	c->out = out;
	c->count = 0;
	c->vary = -1;
}

/* The start and length of word @k of @s (words are split by blanks). */
static const char *word_at(const char *s, int k, size_t *len)
{
	int i = -1;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return NULL;
		*len = strcspn(s, " \t");
		if (++i == k)
			return s;
		s += *len;
	}
}

static bool is_number(const char *w, size_t len)
{
	if (len && *w == '-') {
		w++;
		len--;
	}
	return len && isdigit((unsigned char)*w);
}

/*
 * The one word in which @a and @b differ, if both have the same words
 * otherwise and it is a number in both: its index. -1 if they are the
 * same line, -2 if they do not fold.
 */
static int differing_word(const char *a, const char *b)
{
	const char *wa, *wb;
	size_t la, lb;
	int k, found = -1;

	for (k = 0;; k++) {
		wa = word_at(a, k, &la);
		wb = word_at(b, k, &lb);
		if (!wa || !wb)
			return wa == wb ? found : -2;
		if (la == lb && !memcmp(wa, wb, la))
			continue;
		if (found >= 0 || !is_number(wa, la) || !is_number(wb, lb))
			return -2;
		found = k;
	}
}

void collapse_flush(struct collapse *c)
{
	size_t len = 0, last_len = 0;
	const char *w, *last;
	unsigned int i;

	if (!c->count)
		return;
	if (c->count < COLLAPSE_MIN) {
		for (i = 0; i < c->count; i++)
			fprintf(c->out, "%s\n", c->held[i]);
	} else if (c->vary < 0) {
		fprintf(c->out, "%s  (x%u)\n", c->first, c->count);
	} else {
		w = word_at(c->first, c->vary, &len);
		last = word_at(c->last, c->vary, &last_len);
		fprintf(c->out, "%.*s..%.*s%s  (x%u)\n", (int)(w - c->first + len), c->first,
			(int)last_len, last, w + len, c->count);
	}
	c->count = 0;
	c->vary = -1;
}

/* Word @k of @s as a number (decimal or 0x hex). */
static unsigned long long word_value(const char *s, int k)
{
	size_t len;

	return strtoull(word_at(s, k, &len), NULL, 0);
}

/* Whether @line, differing from the run's first line in word @k, extends it. */
static bool extends_run(struct collapse *c, const char *line, int k)
{
	unsigned long long v = word_value(line, k);

	if (c->vary < 0 && c->count == 1) {
		c->prev = word_value(c->first, k);
		c->step = v - c->prev;
	} else if (c->vary != k || v - c->prev != c->step) {
		return false;
	}
	c->prev = v;
	return true;
}

void collapse_line(struct collapse *c, const char *line)
{
	int k;

	if (c->count) {
		k = differing_word(c->first, line);
		/* Exact repeats join a run of repeats; one word in steps, its own run. */
		if ((k == -1 && c->vary < 0) || (k >= 0 && extends_run(c, line, k))) {
			if (k >= 0)
				c->vary = k;
			snprintf(c->last, sizeof(c->last), "%s", line);
			if (c->count < COLLAPSE_MIN - 1)
				snprintf(c->held[c->count], sizeof(c->held[0]), "%s", line);
			c->count++;
			return;
		}
		collapse_flush(c);
	}
	snprintf(c->first, sizeof(c->first), "%s", line);
	snprintf(c->last, sizeof(c->last), "%s", line);
	snprintf(c->held[0], sizeof(c->held[0]), "%s", line);
	c->count = 1;
	c->vary = -1;
}
