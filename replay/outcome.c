// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collapse.h"
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

/* The trace goes out line by line, so nothing is lost when the run dies. */
static void child(const struct program *p, int err_fd, int trace_fd, unsigned int timeout_s)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGALRM };
	unsigned int i;

	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], on_fatal_signal);
	dup2(err_fd, STDERR_FILENO);
	close(err_fd);
	if (trace_fd >= 0) {
		dup2(trace_fd, STDOUT_FILENO);
		close(trace_fd);
		setvbuf(stdout, NULL, _IOLBF, 0);
		trace_set_stream(stdout);
	} else if (!freopen("/dev/null", "w", stdout)) {
		_exit(125);
	}
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_where);
	alarm(timeout_s);
	prog_run(p, NULL, NULL);
	_exit(0);
}

/* What the child wrote to stderr: the first LOG_MAX - 1 bytes. */
#define LOG_MAX	(1 << 16)
static char log_buf[LOG_MAX];
static size_t log_len;

/* The trace line being assembled, and the printer that folds runs. */
struct trace_in {
	char line[COLLAPSE_LINE_MAX];
	size_t len;
	struct collapse out;
};

static void trace_bytes(struct trace_in *t, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (t->len + 1 < sizeof(t->line))
				t->line[t->len++] = buf[i];
			continue;
		}
		t->line[t->len] = 0;
		collapse_line(&t->out, t->line);
		t->len = 0;
	}
}

/* Read both pipes until the child closes them; -1 on a read error. */
static int drain(int err_fd, int trace_fd, FILE *trace)
{
	struct pollfd fds[2] = { { .fd = err_fd, .events = POLLIN },
				 { .fd = trace_fd, .events = POLLIN } };
	static struct trace_in t;
	char buf[4096];
	ssize_t n;
	int open_fds = trace_fd >= 0 ? 2 : 1;

	log_len = 0;
	t.len = 0;
	if (trace)
		collapse_init(&t.out, trace);
	while (open_fds) {
		unsigned int i;

		if (poll(fds, trace_fd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 1) {
				trace_bytes(&t, buf, (size_t)n);
			} else if (log_len + 1 < LOG_MAX) {
				size_t keep = (size_t)n < LOG_MAX - 1 - log_len ?
					      (size_t)n : LOG_MAX - 1 - log_len;

				memcpy(log_buf + log_len, buf, keep);
				log_len += keep;
			}
		}
	}
	log_buf[log_len] = 0;
	if (trace) {
		if (t.len) {
			t.line[t.len] = 0;
			collapse_line(&t.out, t.line);
		}
		collapse_flush(&t.out);
		fflush(trace);
	}
	return 0;
}

const char *outcome_log(void)
{
	return log_buf;
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

int outcome_run_traced(const struct program *p, unsigned int timeout_s, FILE *trace,
		       struct outcome *o)
{
	int err_fds[2], trace_fds[2] = { -1, -1 }, status, ret;
	const char *log = log_buf;
	const char *v;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	log_buf[0] = 0;
	if (pipe(err_fds))
		return -1;
	if (trace && pipe(trace_fds)) {
		close(err_fds[0]);
		close(err_fds[1]);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(err_fds[0]);
		if (trace)
			close(trace_fds[0]);
		child(p, err_fds[1], trace_fds[1], timeout_s);
	}
	close(err_fds[1]);
	if (trace)
		close(trace_fds[1]);
	ret = drain(err_fds[0], trace_fds[0], trace);
	close(err_fds[0]);
	if (trace)
		close(trace_fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (ret)
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

int outcome_run(const struct program *p, unsigned int timeout_s, struct outcome *o)
{
	return outcome_run_traced(p, timeout_s, NULL, o);
}
