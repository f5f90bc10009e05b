// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text form's parser and printer (core/program/text.c) on their own:
 * every tool reads text programs that people wrote or edited by hand. Any
 * text either fails with an error that names line and column, or parses
 * into a program that prints, parses back to the same program, prints the
 * same again, and goes through the binary form and back unchanged.
 * Whatever breaks one of these ends the input with one line and abort().
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/program/program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *text)
{
	fprintf(stderr, "el2fuzz: VIOLATION text:parser:%s\n%s\n", what, text ? text : "");
	abort();
}

static bool same_program(const struct program *a, const struct program *b)
{
	unsigned int i, k;

	if (memcmp(&a->hdr, &b->hdr, sizeof(a->hdr)) || a->nr_ops != b->nr_ops)
		return false;
	for (i = 0; i < a->nr_ops; i++) {
		if (a->ops[i].op != b->ops[i].op)
			return false;
		for (k = 0; k < PROG_MAX_ARGS; k++)
			if (a->ops[i].args[k].kind != b->ops[i].args[k].kind ||
			    a->ops[i].args[k].val != b->ops[i].args[k].val)
				return false;
	}
	return true;
}

/* The printed form of @p, in a buffer the caller frees. */
static char *print(const struct program *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	if (!fp)
		abort();
	prog_print(p, fp);
	fclose(fp);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bin[PROG_HEADER_SIZE + PROG_MAX_OPS * 32];
	static struct program p, q, r;
	unsigned int line, col;
	char *text, *once, *twice;
	char err[256];
	long len;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (prog_parse(text, &p, err, sizeof(err))) {
		if (sscanf(err, "%u:%u: error: ", &line, &col) != 2 || !line || !col ||
		    !strstr(err, ": error: "))
			broken("error_without_position", err);
		free(text);
		return 0;
	}
	free(text);

	once = print(&p);
	if (prog_parse(once, &q, err, sizeof(err)))
		broken("printed_form_does_not_parse", once);
	if (!same_program(&p, &q))
		broken("printed_form_parses_differently", once);
	twice = print(&q);
	if (strcmp(once, twice))
		broken("print_not_canonical", twice);

	len = prog_encode(&p, prog_target_all(), bin, sizeof(bin));
	if (len < 0)
		broken("binary_form_refused", once);
	prog_decode(bin, (size_t)len, prog_target_all(), &r);
	if (!same_program(&p, &r))
		broken("binary_form_differs", once);
	free(once);
	free(twice);
	return 0;
}
