/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * collapse: a trace printer that folds a run of lines of one kind into one.
 *
 * Setting up an ITS maps each table page by itself, so about half of a
 * raw trace is "[own] hyp map pa 0x40fd1000 size 0x1000 prot 0x6" with the
 * address going up a page at a time. Lines join a run when they are the
 * run's first line again, or differ from it in one numeric word only, the
 * same word all along, going up or down by the same step each line (so
 * that "first..last" names every value in between and nothing else); the
 * run prints as its first line with that word shown as "first..last" and a
 * count:
 *
 *     [own]   hyp map pa 0x40fd0000..0x40fdf000 size 0x1000 prot 0x6  (x16)
 *
 * Words that are not numbers (an op, a tag, a verdict) never fold, so two
 * different events never share a line. Runs shorter than COLLAPSE_MIN
 * print in full: a register probed three times is worth three lines.
 */
#ifndef EL2FUZZ_COLLAPSE_H
#define EL2FUZZ_COLLAPSE_H

#include <stdio.h>

#define COLLAPSE_LINE_MAX	512
#define COLLAPSE_MIN		4

struct collapse {
	FILE *out;
	char first[COLLAPSE_LINE_MAX];
	char last[COLLAPSE_LINE_MAX];
	char held[COLLAPSE_MIN - 1][COLLAPSE_LINE_MAX];	/* a short run, line by line */
	unsigned int count;	/* lines in the run; 0: no run */
	int vary;		/* the word that differs, or -1 */
	unsigned long long prev;	/* its value in the last line */
	unsigned long long step;	/* and the step between lines */
};

void collapse_init(struct collapse *c, FILE *out);
/* One line, without its newline. */
void collapse_line(struct collapse *c, const char *line);
/* Print the pending run. */
void collapse_flush(struct collapse *c);

#endif
