// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outcome.h"
#include "../core/program/interp.h"
#include "../core/trace/trace.h"

extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void say_where(void)
{
	fprintf(stderr, "el2fuzz: during %s\n", report_where());
}

static void on_fatal_signal(int sig)
{
	const char *w = report_where();

	if (write(STDERR_FILENO, "el2fuzz: during ", 16) < 0 ||
	    write(STDERR_FILENO, w, strlen(w)) < 0 || write(STDERR_FILENO, "\n", 1) < 0)
		_exit(126);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void child(const struct program *p, int fd, unsigned int timeout_s)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGALRM };
	unsigned int i;

	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], on_fatal_signal);
	dup2(fd, STDERR_FILENO);
	close(fd);
	if (!freopen("/dev/null", "w", stdout))
		_exit(125);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_where);
	alarm(timeout_s);
	prog_run(p, NULL, NULL);
	_exit(0);
}

/* Read everything the child wrote to stderr; keep the first @cap - 1 bytes. */
static void slurp(int fd, char *buf, size_t cap)
{
	char sink[4096];
	size_t len = 0;
	ssize_t n;

	for (;;) {
		bool room = len + 1 < cap;

		n = read(fd, room ? buf + len : sink, room ? cap - 1 - len : sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (room)
			len += (size_t)n;
	}
	buf[len] = 0;
}

static void copy_line(char *dst, size_t cap, const char *src)
{
	size_t n = strcspn(src, "\n");

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* "el2fuzz: during <op>" from the death callback, or the last "op" line. */
static void find_where(const char *log, char *where, size_t cap)
{
	const char *w = strstr(log, "el2fuzz: during ");

	snprintf(where, cap, "unknown");
	if (w)
		copy_line(where, cap, w + strlen("el2fuzz: during "));
}

/*
 * "SUMMARY: AddressSanitizer: heap-buffer-overflow /x/its_emulate.c:329:7 in f"
 * becomes "O9:<op>:asan_heap-buffer-overflow@its_emulate.c:329", and UBSan's
 * "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /x/f.c:76:14 in"
 * becomes "O9:<op>:ubsan@f.c:76": the site buckets, the column does not.
 */
static void sanitizer_signature(const char *log, struct outcome *o)
{
	char where[64], san[48] = "", kind[64] = "", loc[256] = "", site[96] = "";
	const char *s = strstr(log, "SUMMARY: ");
	const char *base, *tag;
	char *colon;

	find_where(log, where, sizeof(where));
	copy_line(o->line, sizeof(o->line), s);
	sscanf(s, "SUMMARY: %47[^:]: %63s %255s", san, kind, loc);
	base = strrchr(loc, '/') ? strrchr(loc, '/') + 1 : loc;
	colon = strchr(base, ':');
	if (colon && (colon = strchr(colon + 1, ':')))
		*colon = 0;	/* drop the column */
	if (*base)
		snprintf(site, sizeof(site), "@%s", base);
	tag = !strncmp(san, "Address", 7) ? "asan" : !strncmp(san, "Undefined", 9) ? "ubsan" :
	      !strncmp(san, "Leak", 4) ? "lsan" : "san";
	if (!strcmp(tag, "ubsan") || !*kind)
		snprintf(o->signature, sizeof(o->signature), "O9:%s:%s%s", where, tag, site);
	else
		snprintf(o->signature, sizeof(o->signature), "O9:%s:%s_%s%s", where, tag, kind,
			 site);
}

int outcome_run(const struct program *p, unsigned int timeout_s, struct outcome *o)
{
	static char log[1 << 16];
	const char *v;
	int fds[2], status;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		child(p, fds[1], timeout_s);
	}
	close(fds[1]);
	slurp(fds[0], log, sizeof(log));
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;

	o->finding = true;
	v = strstr(log, "el2fuzz: VIOLATION ");
	if (v) {
		copy_line(o->line, sizeof(o->line), v);
		sscanf(v, "el2fuzz: VIOLATION %159s", o->signature);
	} else if (strstr(log, "SUMMARY: ")) {
		sanitizer_signature(log, o);
	} else {
		char where[64];

		find_where(log, where, sizeof(where));
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			snprintf(o->signature, sizeof(o->signature), "O9:%s:timeout", where);
		else if (WIFSIGNALED(status))
			snprintf(o->signature, sizeof(o->signature), "O9:%s:signal_%d",
				 where, WTERMSIG(status));
		else
			snprintf(o->signature, sizeof(o->signature), "O9:%s:exit_%d",
				 where, WEXITSTATUS(status));
		snprintf(o->line, sizeof(o->line), "%s", o->signature);
	}
	return 0;
}
