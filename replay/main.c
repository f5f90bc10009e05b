// SPDX-License-Identifier: GPL-2.0-only
/*
 * el2fuzz-replay: the triage tool. Every subcommand takes programs as text
 * (*.txt) or as a target's fuzzer bytes (anything else, with --target).
 *
 * Exit status: 0 done and nothing found (or, for convert/print, done);
 * 1 a finding (run, faults, reliable: the signature is printed);
 * 2 bad usage or an unreadable, unparsable file.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "el2.h"
#include "emit.h"
#include "minimise.h"
#include "outcome.h"
#include "../core/oracle/oracle.h"
#include "../core/program/interp.h"
#include "../core/program/program.h"
#include "../core/trace/trace.h"
#include "../core/util/file.h"
#include "../core/util/suppress.h"

#define PROG "el2fuzz-replay"

/* Limits of the numeric options: more is a typo, not a plan. */
#define RUNS_MAX	10000
#define RUNS_MAX_S	"10000"
#define MAX_RUNS_MAX	10000000
#define MAX_RUNS_MAX_S	"10000000"
#define TIMEOUT_MAX	86400
#define TIMEOUT_MAX_S	"86400"

struct opts {
	const char *target;
	unsigned int runs;
	unsigned int timeout;
	unsigned int max_runs;
	int err;
	bool quiet;
	bool each;
	bool no_minimise;
	const char *out;
	const char *root;
	struct el2_opts el2;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " COMMAND [OPTIONS] FILE...\n"
		"\n"
		"Commands:\n"
		"  run FILE          run with a readable trace of every step; print the signature\n"
		"  reliable FILE     run N times in fresh processes (-n, default 5); all must agree\n"
		"  triage FILE|DIR.. run each in a fresh process and bucket the findings by signature\n"
		"  faults FILE       exhaustive fail-nth: fail injectable call 1, 2, ... until none\n"
		"                    is left to fail, checking every invariant (O3 above all) each time\n"
		"  minimise FILE     shrink the program while it keeps its signature; print it\n"
		"                    as text (or write it to -o FILE)\n"
		"  emit FILE         minimise, then write a regression test: the text program to\n"
		"                    ROOT/corpora/TARGET/regress/ and a C test to ROOT/tests/regress/;\n"
		"                    the program is also an EL2 regression test (the el2 preset)\n"
		"  convert IN OUT    text (*.txt) <-> binary (by IN's name); OUT '-' is stdout\n"
		"  print FILE        print a program as text\n"
		"  suppressions FILE check a suppressions file (docs/TRIAGE.md): print its\n"
		"                    entries, or one line naming file, line and problem\n"
		"  el2 FILE...       run each as EL2 code in qemu-system-aarch64 (virt, GICv3 ITS):\n"
		"                    the trace and verdict as 'run' prints them (docs/EL2.md);\n"
		"                    'not reproducible at EL2' for what QEMU cannot be (a second\n"
		"                    hyp CPU, an RMM, a failed device transaction, another ITS)\n"
		"\n"
		"Options:\n"
		"  -t, --target NAME  the target whose op set decodes binary files (mmio_donate)\n"
		"  -n, --runs N       runs for 'reliable', 1 to " RUNS_MAX_S " (default 5)\n"
		"  -e, --errno NAME   error injected by 'faults' (default ENOMEM)\n"
		"  -m, --max N        run limit for 'faults', 1 to " MAX_RUNS_MAX_S " (default 100000)\n"
		"      --timeout S    seconds per run in a child process or QEMU, 1 to " TIMEOUT_MAX_S
		" (default 20)\n"
		"  -q, --quiet        'run', 'el2': no trace, only the verdict\n"
		"  -v, --each         'triage': also one line per file, 'FILE: FINDING SIG'\n"
		"  -o, --out FILE     'minimise': where to write the minimised text program\n"
		"      --root DIR     'emit': the source tree to write into (default .)\n"
		"      --no-minimise  'emit': keep the program as it is\n"
		"      --image ELF    'el2': the EL2 image (default $EL2FUZZ_EL2_IMAGE, else\n"
		"                     build/el2/core/el2/el2fuzz-el2.elf of the source tree)\n"
		"      --same         'el2': also run in the simulation; the verdicts must agree\n"
		"      --its-diff     'el2': the ITS state after each op, QEMU's against the model's\n"
		"\n"
		"'run' prints the program, then runs it in a child process with a trace of\n"
		"every step (runs of lines of one kind folded into one, with a count), and\n"
		"ends with 'FILE: FINDING <signature>' or 'FILE: no finding'.\n"
		"\n"
		"Exit status: 0 no finding, 1 finding, 2 bad usage or bad file; 'el2': 1 also\n"
		"for a disagreement, 2 for a program not reproducible at EL2, 77 without QEMU.\n");
}

/*
 * A whole number in [@min, @max], decimal digits only: strtoul alone takes
 * "-1" as ULONG_MAX and "abc" as 0, and a run count of either is a
 * silent hang or a silent no-op.
 */
static int parse_count(const char *opt, const char *arg, unsigned long min,
		       unsigned long max, unsigned int *out)
{
	unsigned long v = 0;
	const char *c;

	for (c = arg; *c; c++) {
		if (*c < '0' || *c > '9' || v > (ULONG_MAX - 9) / 10)
			break;
		v = v * 10 + (unsigned long)(*c - '0');
	}
	if (!*arg || *c || v < min || v > max) {
		fprintf(stderr, PROG ": %s takes a whole number from %lu to %lu, not '%s'\n",
			opt, min, max, arg);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int load(const char *path, const struct opts *o, struct program *p)
{
	const struct prog_target *t;
	struct file_buf f;
	char err[256];

	if (file_read(path, &f, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return -1;
	}
	if (file_is_text_program(path)) {
		if (prog_parse((const char *)f.data, p, err, sizeof(err))) {
			fprintf(stderr, "%s:%s\n", path, err);
			file_free(&f);
			return -1;
		}
	} else {
		t = prog_target_find(o->target ? o->target : "all");
		if (!t || !o->target) {
			fprintf(stderr, PROG ": %s: binary program needs --target NAME%s\n", path,
				o->target ? " (unknown target)" : "");
			file_free(&f);
			return -1;
		}
		prog_decode(f.data, f.size, t, p);
	}
	file_free(&f);
	return 0;
}

static struct program prog;

static const struct opts *el2_load_opts;

static int el2_load(const char *path, struct program *p)
{
	return load(path, el2_load_opts, p);
}

static void print_verdict(const char *path, const struct outcome *oc)
{
	if (oc->finding)
		printf("%s: FINDING %s [%s]\n", path, oc->signature,
		       oracle_class_name(oracle_signature_class(oc->signature)));
	else
		printf("%s: no finding\n", path);
}

/*
 * One run, in a child like every other command's: a finding ends the child,
 * never the tool, so the verdict line and exit status always follow.
 */
static int cmd_run(const char *path, const struct opts *o)
{
	struct outcome oc;
	int ret;

	if (load(path, o, &prog))
		return 2;
	if (o->quiet) {
		ret = outcome_run(&prog, o->timeout, &oc);
	} else {
		printf("# %s\n", path);
		prog_print(&prog, stdout);
		printf("# trace\n");
		ret = outcome_run_traced(&prog, o->timeout, stdout, &oc);
	}
	if (ret) {
		fprintf(stderr, PROG ": %s: could not run a child process\n", path);
		return 2;
	}
	if (!o->quiet && oc.finding) {
		/* A sanitizer's report is the finding's evidence: show all of it. */
		if (!strstr(outcome_log(), "el2fuzz: VIOLATION "))
			fputs(outcome_log(), stderr);
		printf("%s\n", oc.line);
	}
	print_verdict(path, &oc);
	return oc.finding ? 1 : 0;
}

static int cmd_reliable(const char *path, const struct opts *o)
{
	struct outcome first, oc;
	unsigned int i, agree = 0;

	if (load(path, o, &prog) || outcome_run(&prog, o->timeout, &first))
		return 2;
	for (i = 0; i < o->runs; i++) {
		if (outcome_run(&prog, o->timeout, &oc))
			return 2;
		agree += oc.finding == first.finding &&
			 !strcmp(oc.signature, first.signature);
	}
	printf("%s: %u/%u runs agree on %s\n", path, agree, o->runs,
	       first.finding ? first.signature : "no finding");
	if (agree != o->runs)
		return 1;
	return first.finding ? 1 : 0;
}

struct bucket {
	char signature[SIGNATURE_MAX];
	char example[512];
	unsigned int count;
};

static struct bucket buckets[256];
static unsigned int nr_buckets;
static unsigned int nr_clean, nr_bad;

static void triage_one(const char *path, const struct opts *o)
{
	struct outcome oc;
	unsigned int i;

	if (load(path, o, &prog) || outcome_run(&prog, o->timeout, &oc)) {
		nr_bad++;
		return;
	}
	if (o->each)
		print_verdict(path, &oc);
	if (!oc.finding) {
		nr_clean++;
		return;
	}
	for (i = 0; i < nr_buckets; i++)
		if (!strcmp(buckets[i].signature, oc.signature))
			break;
	if (i == nr_buckets) {
		if (nr_buckets == sizeof(buckets) / sizeof(buckets[0]))
			return;
		nr_buckets++;
		snprintf(buckets[i].signature, SIGNATURE_MAX, "%s", oc.signature);
		snprintf(buckets[i].example, sizeof(buckets[i].example), "%s", path);
	}
	buckets[i].count++;
}

static void triage_path(const char *path, const struct opts *o)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		triage_one(path, o);
		return;
	}
	d = opendir(path);
	if (!d) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		nr_bad++;
		return;
	}
	while ((de = readdir(d))) {
		char sub[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		triage_one(sub, o);
	}
	closedir(d);
}

static int cmd_triage(int argc, char **argv, const struct opts *o)
{
	unsigned int i;
	int a;

	for (a = 0; a < argc; a++)
		triage_path(argv[a], o);
	printf("%-60s %6s %-12s %s\n", "signature", "count", "class", "example");
	for (i = 0; i < nr_buckets; i++)
		printf("%-60s %6u %-12s %s\n", buckets[i].signature, buckets[i].count,
		       oracle_class_name(oracle_signature_class(buckets[i].signature)),
		       buckets[i].example);
	printf("%u unique signature(s); %u file(s) without a finding; %u unreadable\n",
	       nr_buckets, nr_clean, nr_bad);
	return nr_bad ? 2 : nr_buckets ? 1 : 0;
}

static int cmd_faults(const char *path, const struct opts *o)
{
	long runs;

	if (load(path, o, &prog))
		return 2;
	runs = prog_enumerate_faults(&prog, o->err, o->max_runs);
	/* The bound is the user's (-m): reaching it is no finding. */
	if (runs < 0) {
		printf("%s: stopped after %u runs (-m) with calls still left to fail: no finding up to there\n",
		       path, o->max_runs);
		return 0;
	}
	printf("%s: %ld runs, every injectable call failed once with -%d: no finding\n",
	       path, runs, o->err);
	return 0;
}

struct same_finding {
	const char *signature;
	unsigned int timeout;
};

static bool still_fails(const struct program *p, void *ctx)
{
	const struct same_finding *want = ctx;
	struct outcome oc;

	return !outcome_run(p, want->timeout, &oc) && oc.finding &&
	       !strcmp(oc.signature, want->signature);
}

/* Load @path and name its finding; -1 if it has none. */
static int load_finding(const char *path, const struct opts *o, struct outcome *oc)
{
	if (load(path, o, &prog) || outcome_run(&prog, o->timeout, oc))
		return -1;
	if (!oc->finding) {
		fprintf(stderr, PROG ": %s: no finding to work from\n", path);
		return -1;
	}
	return 0;
}

static unsigned int shrink(const struct outcome *oc, const struct opts *o)
{
	struct same_finding want = { oc->signature, o->timeout };
	unsigned int before = prog.nr_ops, calls;

	calls = minimise(&prog, still_fails, &want);
	fprintf(stderr, PROG ": %s: %u ops -> %u ops in %u runs\n", oc->signature, before,
		prog.nr_ops, calls);
	return calls;
}

static int cmd_minimise(const char *path, const struct opts *o)
{
	struct outcome oc;
	FILE *fp = stdout;

	if (load_finding(path, o, &oc))
		return 2;
	shrink(&oc, o);
	if (o->out && !(fp = fopen(o->out, "w"))) {
		fprintf(stderr, PROG ": %s: %s\n", o->out, strerror(errno));
		return 2;
	}
	fprintf(fp, "# %s, minimised from %s\n", oc.signature, path);
	prog_print(&prog, fp);
	if (fp != stdout)
		fclose(fp);
	return 1;
}

static FILE *create(const char *dir, const char *name, char *path, size_t cap)
{
	FILE *fp;

	snprintf(path, cap, "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp)
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
	return fp;
}

static int cmd_emit(const char *path, const struct opts *o)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char stem[SIGNATURE_MAX], origin[24], dir[4096], name[512], out[8192];
	const char *root = o->root ? o->root : ".";
	struct outcome oc;
	size_t i;
	FILE *fp;

	if (!o->target) {
		fprintf(stderr, PROG ": emit needs --target NAME (the corpus it belongs to)\n");
		return 2;
	}
	if (load_finding(path, o, &oc))
		return 2;
	if (!o->no_minimise)
		shrink(&oc, o);
	emit_file_stem(oc.signature, stem, sizeof(stem));
	/* The origin: the file's name, less an extension and a leading stem. */
	if (!strncmp(base, stem, strlen(stem)) && base[strlen(stem)] == '-')
		base += strlen(stem) + 1;
	for (i = 0; base[i] && base[i] != '.' && i < sizeof(origin) - 1; i++)
		origin[i] = isalnum((unsigned char)base[i]) ? base[i] : '_';
	origin[i] = 0;

	snprintf(dir, sizeof(dir), "%s/corpora/%s/regress", root, o->target);
	snprintf(name, sizeof(name), "%s-%s.txt", stem, origin);
	fp = create(dir, name, out, sizeof(out));
	if (!fp)
		return 2;
	fprintf(fp, "# %s, from %s\n", oc.signature, base);
	prog_print(&prog, fp);
	fclose(fp);
	printf("%s\n", out);

	for (i = 0; stem[i]; i++)
		if (!isalnum((unsigned char)stem[i]))
			stem[i] = '_';
	snprintf(dir, sizeof(dir), "%s/tests/regress", root);
	snprintf(name, sizeof(name), "test_%s_%s.c", stem, origin);
	fp = create(dir, name, out, sizeof(out));
	if (!fp)
		return 2;
	snprintf(name, sizeof(name), "test_%s_%s", stem, origin);
	emit_c_test(fp, &prog, name, oc.signature, base);
	fclose(fp);
	printf("%s\n", out);
	return 0;
}

static int cmd_convert(const char *in, const char *out, const struct opts *o)
{
	const struct prog_target *t;
	static uint8_t buf[PROG_HEADER_SIZE + PROG_MAX_OPS * 32];
	FILE *fp;
	long len;

	if (load(in, o, &prog))
		return 2;
	fp = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	if (!fp) {
		fprintf(stderr, PROG ": %s: %s\n", out, strerror(errno));
		return 2;
	}
	if (file_is_text_program(in)) {
		t = o->target ? prog_target_find(o->target) : NULL;
		if (!t) {
			fprintf(stderr, PROG ": %s: converting to binary needs --target NAME\n", in);
			return 2;
		}
		len = prog_encode(&prog, t, buf, sizeof(buf));
		if (len < 0) {
			fprintf(stderr, PROG ": %s: uses an op that target '%s' does not have\n",
				in, t->name);
			return 2;
		}
		fwrite(buf, 1, (size_t)len, fp);
	} else {
		prog_print(&prog, fp);
	}
	if (fp != stdout && fclose(fp)) {
		fprintf(stderr, PROG ": %s: write error\n", out);
		return 2;
	}
	return 0;
}

/* Text or binary in, canonical text out (convert would encode text). */
static int cmd_print(const char *path, const struct opts *o)
{
	if (load(path, o, &prog))
		return 2;
	prog_print(&prog, stdout);
	return 0;
}

static int cmd_suppressions(const char *path)
{
	struct file_buf f;
	char err[512];

	if (file_read(path, &f, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return 2;
	}
	if (memchr(f.data, 0, f.size)) {
		fprintf(stderr, PROG ": %s:1: not a text file\n", path);
		file_free(&f);
		return 2;
	}
	if (suppress_parse((const char *)f.data, path, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		file_free(&f);
		return 2;
	}
	file_free(&f);
	printf("%s: %u suppression(s)\n", path, suppress_count());
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "runs", required_argument, NULL, 'n' },
		{ "errno", required_argument, NULL, 'e' },
		{ "max", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "each", no_argument, NULL, 'v' },
		{ "out", required_argument, NULL, 'o' },
		{ "root", required_argument, NULL, 'R' },
		{ "no-minimise", no_argument, NULL, 'M' },
		{ "image", required_argument, NULL, 'I' },
		{ "same", no_argument, NULL, 'S' },
		{ "its-diff", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct opts o = { .runs = 5, .timeout = 20, .max_runs = 100000, .err = ENOMEM };
	const char *cmd;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "t:n:e:m:qvo:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.target = optarg;
			if (!prog_target_find(optarg)) {
				fprintf(stderr, PROG ": unknown target '%s'\n", optarg);
				return 2;
			}
			break;
		case 'n':
			if (parse_count("-n/--runs", optarg, 1, RUNS_MAX, &o.runs))
				return 2;
			break;
		case 'e':
			if (!strcmp(optarg, "ENOMEM"))
				o.err = ENOMEM;
			else if (!strcmp(optarg, "EPERM"))
				o.err = EPERM;
			else if (!strcmp(optarg, "EBUSY"))
				o.err = EBUSY;
			else {
				fprintf(stderr, PROG ": --errno takes ENOMEM, EPERM or EBUSY\n");
				return 2;
			}
			break;
		case 'm':
			if (parse_count("-m/--max", optarg, 1, MAX_RUNS_MAX, &o.max_runs))
				return 2;
			break;
		case 'T':
			if (parse_count("--timeout", optarg, 1, TIMEOUT_MAX, &o.timeout))
				return 2;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'v':
			o.each = true;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'R':
			o.root = optarg;
			break;
		case 'M':
			o.no_minimise = true;
			break;
		case 'I':
			o.el2.image = optarg;
			break;
		case 'S':
			o.el2.same = true;
			break;
		case 'D':
			o.el2.its_diff = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, PROG ": try '" PROG " --help'\n");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "triage") && argc >= 1)
		return cmd_triage(argc, argv, &o);
	if (!strcmp(cmd, "convert") && argc == 2)
		return cmd_convert(argv[0], argv[1], &o);
	if (!strcmp(cmd, "el2") && argc >= 1) {
		o.el2.timeout = o.timeout;
		o.el2.quiet = o.quiet;
		el2_load_opts = &o;
		return el2_replay(argc, argv, &o.el2, el2_load);
	}
	if (argc != 1) {
		fprintf(stderr, PROG ": '%s' needs %s; try '" PROG " --help'\n", cmd,
			!strcmp(cmd, "convert") ? "IN and OUT" :
			!strcmp(cmd, "el2") ? "one FILE or more" : "one FILE");
		return 2;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argv[0], &o);
	if (!strcmp(cmd, "reliable"))
		return cmd_reliable(argv[0], &o);
	if (!strcmp(cmd, "faults"))
		return cmd_faults(argv[0], &o);
	if (!strcmp(cmd, "minimise") || !strcmp(cmd, "minimize"))
		return cmd_minimise(argv[0], &o);
	if (!strcmp(cmd, "emit"))
		return cmd_emit(argv[0], &o);
	if (!strcmp(cmd, "print"))
		return cmd_print(argv[0], &o);
	if (!strcmp(cmd, "suppressions"))
		return cmd_suppressions(argv[0]);
	fprintf(stderr, PROG ": unknown command '%s'; try '" PROG " --help'\n", cmd);
	return 2;
}
