// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

void emit_file_stem(const char *signature, char *out, size_t cap)
{
	size_t i;

	for (i = 0; signature[i] && i + 1 < cap; i++)
		out[i] = isalnum((unsigned char)signature[i]) || signature[i] == '_' ?
			 signature[i] : '-';
	out[i] = 0;
}

void emit_c_test(FILE *out, const struct program *p, const char *name,
		 const char *signature, const char *origin)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *mem;

	fprintf(out,
		"// SPDX-License-Identifier: GPL-2.0-only\n"
		"/*\n"
		" * Regression test emitted by el2fuzz-replay from %s.\n"
		" * The defective mediator reported: %s\n"
		" * The corrected mediator must run this program without a finding.\n"
		" */\n"
		"#include \"../test.h\"\n\n"
		"static const char program[] =\n", origin, signature);
	/* The text form, one op per line: the program reads as it runs. */
	mem = open_memstream(&text, &len);
	if (mem) {
		prog_print(p, mem);
		fclose(mem);
	}
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(out, "\t\"%s\\n\"\n", line);
	free(text);
	fprintf(out,
		"\t;\n\n"
		"int main(void)\n"
		"{\n"
		"\tCHECK_STR(run_for_violation(program), \"\");\n"
		"\treturn test_done(\"%s\");\n"
		"}\n", name);
}
