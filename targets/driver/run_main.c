// SPDX-License-Identifier: GPL-2.0-only
/*
 * The plain runner: links one target and runs the files named on the
 * command line through it, without a fuzzing engine. A file ending in .txt
 * is a text program and runs directly; anything else is fuzzer bytes.
 *
 * Exit: 0 all ran without a finding; 2 bad usage or a file that cannot be
 * read or parsed. A finding aborts (the oracle's one line, then SIGABRT).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../core/program/interp.h"
#include "../../core/util/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void usage(FILE *out, const char *argv0)
{
	fprintf(out,
		"usage: %s [-q] FILE...\n"
		"Run each FILE through this fuzz target once, without a fuzzing engine.\n"
		"FILE.txt is a text program (docs/PROGRAM_FORMAT.md); any other file is\n"
		"raw fuzzer input. A finding prints one VIOLATION line and aborts.\n"
		"  -q   do not print 'FILE: ok' per file\n"
		"Exit status: 0 no finding, 2 bad usage or unreadable/unparsable file.\n",
		argv0);
}

int main(int argc, char **argv)
{
	bool quiet = false;
	int i, first = 1;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout, argv[0]);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-q")) {
		quiet = true;
		first = 2;
	}
	if (first >= argc) {
		usage(stderr, argv[0]);
		return 2;
	}
	for (i = first; i < argc; i++) {
		struct file_buf f;
		char err[256];

		if (file_read(argv[i], &f, err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", argv[0], err);
			return 2;
		}
		if (file_is_text_program(argv[i])) {
			static struct program prog;

			if (prog_parse((const char *)f.data, &prog, err, sizeof(err))) {
				fprintf(stderr, "%s:%s\n", argv[i], err);
				file_free(&f);
				return 2;
			}
			prog_run(&prog, NULL, NULL);
		} else {
			LLVMFuzzerTestOneInput(f.data, f.size);
		}
		file_free(&f);
		if (!quiet)
			printf("%s: ok\n", argv[i]);
	}
	return 0;
}
