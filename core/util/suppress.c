// SPDX-License-Identifier: GPL-2.0-only
/* Known findings set aside; see suppress.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "suppress.h"

struct suppression {
	char pattern[SUPPRESS_PATTERN_MAX];
	char reason[SUPPRESS_REASON_MAX];
};

static struct suppression list[SUPPRESS_MAX];
static unsigned int nr_list;

/* Signatures already written to the log by this process, and the hits. */
static char logged[SUPPRESS_MAX][SUPPRESS_PATTERN_MAX];
static unsigned int nr_logged;
static unsigned long hits;

static jmp_buf *armed;

__attribute__((format(printf, 5, 6)))
static int bad_line(char *err, size_t errcap, const char *path, unsigned int lineno,
		    const char *fmt, ...)
{
	size_t n;
	va_list ap;

	nr_list = 0;
	n = (size_t)snprintf(err, errcap, "%s:%u: ", path, lineno);
	if (n < errcap) {
		va_start(ap, fmt);
		vsnprintf(err + n, errcap - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * Signatures are made of letters, digits and "_:@.-+/" (docs/INVARIANTS.md,
 * replay/outcome.c); a pattern adds the glob characters. Anything else is
 * a typo that would silently match nothing.
 */
static bool pattern_char(char c)
{
	return isalnum((unsigned char)c) || strchr("_:@.-+/*?[]!", c);
}

/* One [...] set per '[', closed on the same pattern: fnmatch would take a
 * lone '[' literally, and the entry would never match. */
static bool brackets_balanced(const char *p)
{
	for (; *p; p++) {
		if (*p != '[')
			continue;
		p = strchr(p + 1, ']');
		if (!p)
			return false;
	}
	return true;
}

static int parse_line(const char *line, size_t len, const char *path, unsigned int lineno,
		      char *err, size_t errcap)
{
	struct suppression *s = &list[nr_list];
	size_t i = 0, start, plen, rlen;

	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == len || line[i] == '#')
		return 0;
	start = i;
	while (i < len && !isspace((unsigned char)line[i])) {
		if (!pattern_char(line[i]))
			return bad_line(err, errcap, path, lineno,
					"'%c' cannot occur in a signature pattern", line[i]);
		i++;
	}
	plen = i - start;
	if (plen >= SUPPRESS_PATTERN_MAX)
		return bad_line(err, errcap, path, lineno, "pattern longer than %d characters",
				SUPPRESS_PATTERN_MAX - 1);
	while (i < len && isspace((unsigned char)line[i]))
		i++;
	rlen = len - i;
	while (rlen && isspace((unsigned char)line[i + rlen - 1]))
		rlen--;
	if (!rlen || line[i] == '#')
		return bad_line(err, errcap, path, lineno,
				"'%.*s' has no reason: say why it is known, after the pattern",
				(int)plen, line + start);
	if (nr_list == SUPPRESS_MAX)
		return bad_line(err, errcap, path, lineno, "more than %d suppressions",
				SUPPRESS_MAX);
	memcpy(s->pattern, line + start, plen);
	s->pattern[plen] = 0;
	if (!brackets_balanced(s->pattern))
		return bad_line(err, errcap, path, lineno, "'[' without a closing ']' in '%s'",
				s->pattern);
	if (rlen >= SUPPRESS_REASON_MAX)
		rlen = SUPPRESS_REASON_MAX - 1;
	memcpy(s->reason, line + i, rlen);
	s->reason[rlen] = 0;
	nr_list++;
	return 0;
}

int suppress_parse(const char *text, const char *path, char *err, size_t errcap)
{
	unsigned int lineno = 0;

	nr_list = 0;
	while (*text) {
		size_t len = strcspn(text, "\n");

		if (parse_line(text, len, path, ++lineno, err, errcap))
			return -1;
		text += len;
		if (*text)
			text++;
	}
	return 0;
}

unsigned int suppress_count(void)
{
	return nr_list;
}

void suppress_load_env(void)
{
	static bool loaded;
	const char *path;
	struct file_buf f;
	char err[512];

	if (loaded)
		return;
	loaded = true;
	path = getenv("EL2FUZZ_SUPPRESSIONS");
	if (!path || !*path)
		return;
	if (file_read(path, &f, err, sizeof(err)))
		goto bad_file;
	if (memchr(f.data, 0, f.size)) {
		snprintf(err, sizeof(err), "%s:1: not a text file", path);
		goto bad_file;
	}
	if (suppress_parse((const char *)f.data, path, err, sizeof(err)))
		goto bad_file;
	file_free(&f);
	return;

bad_file:
	/* Fuzzing on with a list half read would report "known" findings. */
	fprintf(stderr, "el2fuzz: %s\n", err);
	exit(2);
}

const char *suppress_match(const char *signature)
{
	unsigned int i;

	for (i = 0; i < nr_list; i++)
		if (!fnmatch(list[i].pattern, signature, 0))
			return list[i].reason;
	return NULL;
}

unsigned long suppress_hits(void)
{
	return hits;
}

void suppress_arm(jmp_buf *env)
{
	armed = env;
}

void suppress_disarm(void)
{
	armed = NULL;
}

/* Once per process and signature: a campaign counts processes, not inputs. */
static void record(const char *signature, const char *reason)
{
	const char *path = getenv("EL2FUZZ_SUPPRESSED_LOG");
	char line[SUPPRESS_PATTERN_MAX + SUPPRESS_REASON_MAX + 2];
	unsigned int i;
	int fd, n;

	if (!path || !*path)
		return;
	for (i = 0; i < nr_logged; i++)
		if (!strcmp(logged[i], signature))
			return;
	if (nr_logged == SUPPRESS_MAX)
		return;
	snprintf(logged[nr_logged++], SUPPRESS_PATTERN_MAX, "%s", signature);
	n = snprintf(line, sizeof(line), "%s\t%s\n", signature, reason);
	if (n <= 0)
		return;
	/* One write on an O_APPEND file: parallel fuzzing jobs do not interleave. */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0)
		errno = 0;
	close(fd);
}

static void (*unwind)(jmp_buf *env);

void suppress_violation(const char *signature)
{
	const char *reason;

	if (!armed || !nr_list)
		return;
	reason = suppress_match(signature);
	if (!reason)
		return;
	hits++;
	record(signature, reason);
	/* From the hyp's second CPU, the jump goes by way of the first's stack. */
	if (unwind)
		unwind(armed);
	longjmp(*armed, 1);
}

void suppress_set_unwind(void (*fn)(jmp_buf *env))
{
	unwind = fn;
}
