// SPDX-License-Identifier: GPL-2.0-only
/* Running a program in QEMU at EL2 and naming what happened; see qemu.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collapse.h"
#include "qemu.h"

#define PROG "el2fuzz-replay"
#define QEMU_RAM_MIB	256	/* EL2_QEMU_RAM_MIB of core/el2/include/el2/el2.h */
#define LINE_MAX_LEN	COLLAPSE_LINE_MAX

#ifndef EL2FUZZ_SOURCE_DIR
#define EL2FUZZ_SOURCE_DIR "."
#endif

const char *qemu_image(const char *image)
{
	const char *env = getenv("EL2FUZZ_EL2_IMAGE");

	if (image)
		return image;
	if (env && *env)
		return env;
	return EL2FUZZ_SOURCE_DIR "/build/el2/core/el2/el2fuzz-el2.elf";
}

static const char *qemu_binary(void)
{
	const char *q = getenv("QEMU");

	return q && *q ? q : "qemu-system-aarch64";
}

/* Whether @name runs: a path, or a name found in $PATH. */
static bool executable(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	const char *p, *end;

	if (strchr(name, '/'))
		return !access(name, X_OK);
	for (p = path ? path : ""; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), p, name);
		if (!access(buf, X_OK))
			return true;
	}
	return false;
}

bool qemu_present(void)
{
	if (executable(qemu_binary()))
		return true;
	fprintf(stderr, PROG ": %s not found: EL2 replay skipped (scripts/setup.sh installs qemu-system-arm)\n",
		qemu_binary());
	return false;
}

/* A scratch directory whose path semihosting and QEMU's options can carry. */
static int scratch_dir(char *dir, size_t cap)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp || strpbrk(tmp, " ,\t\n"))
		tmp = "/tmp";
	snprintf(dir, cap, "%s/el2fuzz-el2.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		fprintf(stderr, PROG ": %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_program(const struct program *p, const char *path)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	prog_print(p, fp);
	if (fclose(fp)) {
		fprintf(stderr, PROG ": %s: write error\n", path);
		return -1;
	}
	return 0;
}

static void child(const char *image, const char *semi, bool gicv4, int out_fd)
{
	char machine[64], mem[16];
	int in = open("/dev/null", O_RDONLY);
	const char *argv[] = {
		qemu_binary(), "-M", machine, "-cpu", "max", "-smp", "2", "-m", mem,
		"-nographic", "-nic", "none", "-monitor", "none", "-serial", "none",
		"-semihosting-config", semi, "-kernel", image, NULL,
	};

	snprintf(machine, sizeof(machine), "virt,virtualization=on,gic-version=%d", gicv4 ? 4 : 3);
	snprintf(mem, sizeof(mem), "%dM", QEMU_RAM_MIB);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	close(out_fd);
	if (in < 0 || dup2(in, STDIN_FILENO) < 0)
		_exit(126);
	close(in);
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, PROG ": %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* What the image said, line by line. */
struct reader {
	struct qemu_run *r;
	struct collapse trace;
	bool tracing;
	bool states;
	bool booted;
	char last_op[64];
	char first_line[LINE_MAX_LEN];	/* QEMU's own complaint, if it never booted */
	char line[LINE_MAX_LEN];
	size_t len;
	size_t states_cap;
};

static void states_add(struct reader *rd, const char *line)
{
	size_t n = strlen(line) + 1;
	char *grown;

	if (rd->r->states_len + n + 1 > rd->states_cap) {
		rd->states_cap = (rd->states_cap + n) * 2;
		grown = realloc(rd->r->states, rd->states_cap);
		if (!grown)
			return;
		rd->r->states = grown;
	}
	memcpy(rd->r->states + rd->r->states_len, line, n - 1);
	rd->r->states[rd->r->states_len + n - 1] = '\n';
	rd->r->states_len += n;
	rd->r->states[rd->r->states_len] = 0;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void take_line(struct reader *rd, const char *line)
{
	struct qemu_run *r = rd->r;

	if (!rd->first_line[0] && *line)
		snprintf(rd->first_line, sizeof(rd->first_line), "%s", line);
	if (starts(line, "el2fuzz-el2: boot")) {
		rd->booted = true;
		return;
	}
	if (starts(line, "el2fuzz-el2: its step ") || (rd->states && starts(line, "its "))) {
		if (rd->states)
			states_add(rd, line);
		return;
	}
	if (starts(line, "el2fuzz: VIOLATION ")) {
		if (!r->oc.finding) {
			r->oc.finding = true;
			snprintf(r->oc.line, sizeof(r->oc.line), "%s", line);
			sscanf(line, "el2fuzz: VIOLATION %159s", r->oc.signature);
		}
		return;
	}
	if (starts(line, "el2fuzz-el2: SPSR=")) {
		snprintf(r->regs, sizeof(r->regs), "%s", line);
		return;
	}
	if (starts(line, "el2fuzz-el2: not reproducible at EL2: ")) {
		snprintf(r->why, sizeof(r->why), "%s", line + strlen("el2fuzz-el2: not reproducible at EL2: "));
		return;
	}
	if (starts(line, "el2fuzz-el2: error: ")) {
		snprintf(r->why, sizeof(r->why), "%s", line + strlen("el2fuzz-el2: "));
		return;
	}
	if (starts(line, "el2fuzz-el2: exit ") || starts(line, "el2fuzz: where ") ||
	    (starts(line, "el2fuzz-el2: ") && strstr(line, " ops, no finding")))
		return;
	if (starts(line, "op ")) {
		size_t n = strcspn(line + 3 + strspn(line + 3, " "), " ");

		snprintf(rd->last_op, sizeof(rd->last_op), "%.*s", (int)n,
			 line + 3 + strspn(line + 3, " "));
	}
	if (rd->tracing && rd->booted)
		collapse_line(&rd->trace, line);
}

static void take_bytes(struct reader *rd, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (rd->len + 1 < sizeof(rd->line))
				rd->line[rd->len++] = buf[i];
			continue;
		}
		rd->line[rd->len] = 0;
		take_line(rd, rd->line);
		rd->len = 0;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read the child's output until it closes it or @deadline passes: true if timed out. */
static bool drain(int fd, struct reader *rd, double deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[4096];
	ssize_t n;
	int ms, ret;

	for (;;) {
		ms = (int)((deadline - now()) * 1000);
		if (ms <= 0)
			return true;
		ret = poll(&pfd, 1, ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return ret == 0;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		take_bytes(rd, buf, (size_t)n);
	}
}

/* "ELR 0x... is <function> <file>:<line>", when a symbolizer is around. */
static void symbolize(const char *image, const char *violation, char *out, size_t cap)
{
	const char *elr = strstr(violation, "ELR=");
	const char *tools[] = { "llvm-symbolizer-14", "llvm-symbolizer" };
	char cmd[PATH_MAX + 128], fn[256] = "", loc[512] = "";
	unsigned int i;
	FILE *fp;

	if (!elr || strpbrk(image, "'\\"))
		return;
	for (i = 0; i < 2 && !executable(tools[i]); i++)
		;
	if (i == 2)
		return;
	snprintf(cmd, sizeof(cmd), "%s --obj='%s' %.*s 2>/dev/null", tools[i], image,
		 (int)strspn(elr + 4, "0123456789abcdefx"), elr + 4);
	fp = popen(cmd, "r");
	if (!fp)
		return;
	if (fgets(fn, sizeof(fn), fp) && fgets(loc, sizeof(loc), fp)) {
		fn[strcspn(fn, "\n")] = 0;
		loc[strcspn(loc, "\n")] = 0;
		snprintf(out, cap, "ELR %.*s is %s %s", (int)strspn(elr + 4, "0123456789abcdefx"),
			 elr + 4, fn, loc);
	}
	pclose(fp);
}

int qemu_run(const struct program *p, const char *image, unsigned int timeout_s,
	     FILE *trace, bool states, struct qemu_run *r)
{
	static struct reader rd;
	char dir[PATH_MAX], path[PATH_MAX + 16], semi[2 * PATH_MAX];
	int fds[2], status = 0, rc = -1;
	bool timed_out;
	double start;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	memset(&rd, 0, sizeof(rd));
	rd.r = r;
	rd.states = states;
	rd.tracing = trace != NULL;
	if (trace)
		collapse_init(&rd.trace, trace);
	if (scratch_dir(dir, sizeof(dir)))
		return -1;
	snprintf(path, sizeof(path), "%s/program.txt", dir);
	if (write_program(p, path))
		goto out;
	snprintf(semi, sizeof(semi), "enable=on,target=native,arg=el2fuzz-el2.elf,arg=%s%s", path,
		 states ? ",arg=--its-state,arg=--raw" : "");
	if (pipe(fds)) {
		fprintf(stderr, PROG ": pipe: %s\n", strerror(errno));
		goto out;
	}
	fflush(NULL);
	start = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, PROG ": fork: %s\n", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		goto out;
	}
	if (!pid) {
		close(fds[0]);
		child(image, semi, p->hdr.its_psz[2] != 0, fds[1]);
	}
	close(fds[1]);
	timed_out = drain(fds[0], &rd, start + timeout_s);
	if (timed_out)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			goto out;
	r->seconds = now() - start;
	if (rd.len) {
		rd.line[rd.len] = 0;
		take_line(&rd, rd.line);
	}
	if (trace) {
		collapse_flush(&rd.trace);
		fflush(trace);
	}
	rc = 0;

	if (timed_out) {
		r->verdict = QEMU_FINDING;
		r->oc.finding = true;
		snprintf(r->oc.signature, sizeof(r->oc.signature), "O9:%s:hang",
			 rd.last_op[0] ? rd.last_op : "init");
		snprintf(r->oc.line, sizeof(r->oc.line), "el2fuzz: VIOLATION %s [security] no exit within %u s",
			 r->oc.signature, timeout_s);
	} else if (!WIFEXITED(status)) {
		r->verdict = QEMU_ERROR;
		snprintf(r->why, sizeof(r->why), "QEMU was killed by signal %d", WTERMSIG(status));
	} else if (!rd.booted) {
		r->verdict = QEMU_ERROR;
		snprintf(r->why, sizeof(r->why), "QEMU did not start the image (exit %d): %.400s",
			 WEXITSTATUS(status), rd.first_line);
	} else if (WEXITSTATUS(status) == 5 && r->why[0]) {
		r->verdict = QEMU_NOT_REPRODUCIBLE;
	} else if (r->oc.finding && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 2) {
		r->verdict = QEMU_FINDING;
		if (strstr(r->oc.signature, ":el2_exception"))
			symbolize(image, r->oc.line, r->why, sizeof(r->why));
	} else if (WEXITSTATUS(status) == 0 && !r->oc.finding) {
		r->verdict = QEMU_CLEAN;
	} else {
		r->verdict = QEMU_ERROR;
		if (!r->why[0])
			snprintf(r->why, sizeof(r->why), "the image exited %d without a verdict",
				 WEXITSTATUS(status));
	}
out:
	unlink(path);
	rmdir(dir);
	return rc;
}
