// SPDX-License-Identifier: GPL-2.0-only
/* el2fuzz-replay el2: programs as EL2 code in QEMU; see el2.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "el2.h"
#include "its_diff.h"
#include "outcome.h"
#include "qemu.h"
#include "../core/oracle/oracle.h"

#define PROG "el2fuzz-replay"

enum status {
	ST_OK,
	ST_FINDING,		/* a finding, or a disagreement */
	ST_BAD,			/* bad input, an error, not reproducible */
};

static struct program prog;

/* Invariants the simulation checks and EL2 cannot (docs/EL2.md). */
static bool unchecked_at_el2(const char *signature)
{
	return !strncmp(signature, "O16:", 4) || !strncmp(signature, "O17:", 4);
}

/* The part of a signature after "<inv>:<op>:", and whether "<inv>:<op>:" is @prefix's. */
static const char *what_of(const char *signature, size_t *prefix_len)
{
	const char *c = strchr(signature, ':');

	c = c ? strchr(c + 1, ':') : NULL;
	*prefix_len = c ? (size_t)(c - signature) + 1 : 0;
	return c ? c + 1 : "";
}

/*
 * The same finding under the name each machine gives it: a wild access
 * is a fatal signal in the simulation (SIGSEGV, SIGBUS, or ASan's SEGV
 * report) and a data abort at EL2; a loop the step budget cannot see is
 * the child's timeout in the one and QEMU's in the other.
 */
static bool same_finding(const char *sim, const char *el2)
{
	size_t ns, ne;
	const char *ws = what_of(sim, &ns), *we = what_of(el2, &ne);

	if (!strcmp(sim, el2))
		return true;
	if (strncmp(sim, "O9:", 3) || ns != ne || strncmp(sim, el2, ns))
		return false;
	if (!strcmp(we, "el2_exception"))
		return !strcmp(ws, "signal_11") || !strcmp(ws, "signal_7") ||
		       !strncmp(ws, "asan_SEGV", 9);
	if (!strcmp(we, "hang"))
		return !strcmp(ws, "timeout");
	return false;
}

static const char *class_of(const char *signature)
{
	return oracle_class_name(oracle_signature_class(signature));
}

/* The simulation's verdict next to EL2's: agree or not. */
static enum status compare_sim(const char *path, const struct qemu_run *r, unsigned int timeout)
{
	const char *el2 = r->verdict == QEMU_FINDING ? r->oc.signature : "no finding";
	struct outcome oc;

	if (outcome_run(&prog, timeout, &oc)) {
		fprintf(stderr, PROG ": %s: could not run the simulation\n", path);
		return ST_BAD;
	}
	if (!oc.finding && r->verdict == QEMU_CLEAN) {
		printf("%s: same verdict in the simulation: no finding\n", path);
		return ST_OK;
	}
	if (oc.finding && r->verdict == QEMU_FINDING && same_finding(oc.signature, r->oc.signature)) {
		if (strcmp(oc.signature, r->oc.signature))
			printf("%s: same verdict in the simulation: %s (at EL2 %s)\n", path,
			       oc.signature, r->oc.signature);
		else
			printf("%s: same verdict in the simulation: %s\n", path, oc.signature);
		return ST_OK;
	}
	if (oc.finding && r->verdict == QEMU_CLEAN && unchecked_at_el2(oc.signature)) {
		printf("%s: same verdict on what EL2 checks: the simulation's %s [%s] is not checked at EL2\n",
		       path, oc.signature, class_of(oc.signature));
		return ST_OK;
	}
	printf("%s: DIFFERENT verdicts: the simulation says %s, EL2 says %s\n", path,
	       oc.finding ? oc.signature : "no finding", el2);
	return ST_FINDING;
}

static enum status its_diff(const char *path, const struct qemu_run *r, unsigned int timeout)
{
	char *sim = its_diff_sim_states(&prog, timeout);
	int ret;

	if (!sim)
		return ST_BAD;
	ret = its_diff_compare(r->states ? r->states : "", sim, stdout);
	free(sim);
	printf("%s: %s\n", path, ret ? "DIFFERENT ITS state in QEMU and in the model" :
	       "the same ITS state in QEMU and in the model after every op");
	return ret ? ST_FINDING : ST_OK;
}

static enum status replay_one(const char *path, const char *image, const struct el2_opts *o,
			      int (*load)(const char *, struct program *))
{
	enum status st = ST_OK, more;
	struct qemu_run r;

	if (load(path, &prog))
		return ST_BAD;
	if (!o->quiet) {
		printf("# %s\n", path);
		prog_print(&prog, stdout);
		printf("# trace at EL2 (QEMU virt, GICv3 ITS)\n");
	}
	if (qemu_run(&prog, image, o->timeout, o->quiet ? NULL : stdout, o->its_diff, &r))
		return ST_BAD;

	switch (r.verdict) {
	case QEMU_CLEAN:
		printf("%s: no finding at EL2 (%.2f s)\n", path, r.seconds);
		break;
	case QEMU_FINDING:
		if (!o->quiet) {
			printf("%s\n", r.oc.line);
			if (r.regs[0])
				printf("%s\n", r.regs);
			if (r.why[0])
				printf("el2fuzz-replay: %s\n", r.why);
		}
		printf("%s: FINDING %s [%s] at EL2 (%.2f s)\n", path, r.oc.signature,
		       class_of(r.oc.signature), r.seconds);
		st = ST_FINDING;
		break;
	case QEMU_NOT_REPRODUCIBLE:
		printf("%s: not reproducible at EL2: %s\n", path, r.why);
		free(r.states);
		return ST_BAD;
	case QEMU_ERROR:
		fprintf(stderr, PROG ": %s: %s\n", path, r.why);
		free(r.states);
		return ST_BAD;
	}
	/* With --same, agreeing is what counts. */
	if (o->same)
		st = compare_sim(path, &r, o->timeout);
	if (o->its_diff) {
		more = its_diff(path, &r, o->timeout);
		if (more > st)
			st = more;
	}
	free(r.states);
	return st;
}

int el2_replay(int argc, char **argv, const struct el2_opts *o,
	       int (*load)(const char *path, struct program *p))
{
	const char *image = qemu_image(o->image);
	enum status worst = ST_OK, st;
	struct stat sb;
	int i;

	if (!qemu_present())
		return QEMU_MISSING;
	if (stat(image, &sb) || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, PROG ": %s: no EL2 image there: build one with 'cmake --workflow --preset el2', or name it with --image\n",
			image);
		return 2;
	}
	for (i = 0; i < argc; i++) {
		st = replay_one(argv[i], image, o, load);
		if (st > worst)
			worst = st;
	}
	return worst == ST_BAD ? 2 : worst == ST_FINDING ? 1 : 0;
}
