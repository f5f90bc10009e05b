// SPDX-License-Identifier: GPL-2.0-only
/*
 * Determinism and reset: the same program gives the same trace, byte for
 * byte, whatever ran before it in the same process. Every seed program
 * named on the command line runs once in order and once in reverse order
 * (so each follows different predecessors, with other page sizes, layouts
 * and devices); both traces of each must be identical.
 *
 * Two built-in programs go first: a reader, which in order runs in a fresh
 * process, and a writer that writes RAM and device registers under 64 KiB
 * pages where the reader reads under 4 KiB pages; in the reverse order the
 * reader runs right after the writer, so any state a reset leaves behind
 * shows up in its trace.
 *
 * usage: unit_test_determinism SEED.txt...
 */
#include <stdio.h>
#include <stdlib.h>

#include "../test.h"
#include "../../core/util/file.h"

#define MAX_SEEDS	256

static const char writer[] =
	"config page=64K ram=16M devices=2\n"
	"write ram(3)+0x10 8 0x1122334455667788\n"
	"write mmio(1,0)+0x20 4 0xabcd\n"
	"share ram(4)\n"
	"donate ram(5) 2\n"
	"donate_mmio mmio(0,0)\n"
	"pin ram(4) 1\n";

/* ram(48) under 4 KiB pages is ram(3) under 64 KiB ones. */
static const char reader[] =
	"config page=4K ram=16M devices=2\n"
	"read ram(48)+0x10 8\n"
	"read mmio(1,0)+0x20 4\n"
	"read ram(64) 8\n"
	"unshare ram(64)\n"
	"read ram(80) 8\n"
	"donate_mmio mmio(0,0)\n";

static struct program progs[MAX_SEEDS];
static char *traces[MAX_SEEDS];

static char *trace_of(const struct program *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem)
		exit(2);
	trace_set_stream(mem);
	prog_run(p, NULL, NULL);
	trace_set_stream(NULL);
	fclose(mem);
	return buf;
}

int main(int argc, char **argv)
{
	int n = argc - 1, i;

	if (n < 1 || n > MAX_SEEDS - 2) {
		fprintf(stderr, "usage: %s SEED.txt... (1 to %d)\n", argv[0], MAX_SEEDS - 2);
		return 2;
	}
	test_parse(reader, &progs[0]);
	test_parse(writer, &progs[1]);
	for (i = 0; i < n; i++) {
		struct file_buf f;
		char err[256];

		if (file_read(argv[i + 1], &f, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		test_parse((const char *)f.data, &progs[i + 2]);
		file_free(&f);
	}
	n += 2;
	for (i = 0; i < n; i++)
		traces[i] = trace_of(&progs[i]);
	for (i = n; i--;) {
		char *again = trace_of(&progs[i]);

		if (strcmp(again, traces[i])) {
			test_failed++;
			fprintf(stderr, "%s: the trace differs when other programs ran first\n",
				i == 0 ? "reader" : i == 1 ? "writer" : argv[i - 1]);
		} else {
			test_passed++;
		}
		CHECK(strlen(again) > 0);
		free(again);
		free(traces[i]);
	}
	return test_done("test_determinism");
}
