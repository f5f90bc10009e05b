// SPDX-License-Identifier: GPL-2.0-only
/* The model's ITS states, and comparing them with QEMU's; see its_diff.h. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <el2/its_state.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "its_diff.h"
#include "../core/machine/its_hw.h"
#include "../core/machine/machine.h"
#include "../core/machine/sancov.h"
#include "../core/program/interp.h"

#define PROG "el2fuzz-replay"

static uint64_t sim_reg(void *ctx, uint64_t off)
{
	(void)ctx;
	return its_hw_peek(off, off == GITS_CTLR ? 4 : 8);
}

static int sim_mem(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	(void)ctx;
	return machine_ram_read(pa, buf, len);
}

static void sim_emit(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

/* After each op: exactly what the image's run.c prints. */
static void sim_step(unsigned int n, void *ctx)
{
	const struct program *p = ((void **)ctx)[0];
	struct its_state_src src = {
		.reg = sim_reg,
		.mem = sim_mem,
		.emit = sim_emit,
		.ctx = ((void **)ctx)[1],
		.raw = true,
	};

	fprintf(src.ctx, "el2fuzz-el2: its step %u %s\n", n + 1, prog_op_name(p->ops[n].op));
	its_state_dump(&src);
	fflush(src.ctx);
}

char *its_diff_sim_states(const struct program *p, unsigned int timeout_s)
{
	struct run_opts opts = { .step = sim_step };
	FILE *tmp = tmpfile();
	void *ctx[2];
	char *text;
	int status;
	long len;
	pid_t pid;

	if (!tmp) {
		fprintf(stderr, PROG ": tmpfile: %s\n", strerror(errno));
		return NULL;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, PROG ": fork: %s\n", strerror(errno));
		fclose(tmp);
		return NULL;
	}
	if (!pid) {
		/* The oracle's report and trace tail are the verdict's, not ours. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(125);
		ctx[0] = (void *)p;
		ctx[1] = tmp;
		opts.step_ctx = ctx;
		its_hw_follow_qemu(true);
		alarm(timeout_s);
		prog_run(p, &opts, NULL);
		fflush(tmp);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	if (fseek(tmp, 0, SEEK_END) || (len = ftell(tmp)) < 0 || fseek(tmp, 0, SEEK_SET)) {
		fclose(tmp);
		return NULL;
	}
	text = malloc((size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, tmp) != (size_t)len) {
		free(text);
		fclose(tmp);
		fprintf(stderr, PROG ": reading the model's states failed\n");
		return NULL;
	}
	text[len] = 0;
	fclose(tmp);
	return text;
}

/* The next step of @s: its header line and the lines up to the next one. */
struct step {
	const char *head;
	size_t head_len;
	const char *body;
	size_t body_len;
};

static bool next_step(const char **s, struct step *st)
{
	const char *p = strstr(*s, "el2fuzz-el2: its step ");
	const char *end;

	if (!p)
		return false;
	st->head = p;
	st->head_len = strcspn(p, "\n");
	st->body = p + st->head_len + (p[st->head_len] ? 1 : 0);
	end = strstr(st->body, "el2fuzz-el2: its step ");
	st->body_len = end ? (size_t)(end - st->body) : strlen(st->body);
	*s = st->body + st->body_len;
	return true;
}

/* Whether @line (@len bytes) is one of the lines of @body. */
static bool has_line(const char *body, size_t body_len, const char *line, size_t len)
{
	const char *p = body, *end = body + body_len;
	size_t n;

	while (p < end) {
		n = strcspn(p, "\n");
		if (n == len && !memcmp(p, line, len))
			return true;
		p += n + 1;
	}
	return false;
}

static void print_only(FILE *out, const char *tag, const struct step *a, const struct step *b)
{
	const char *p = a->body, *end = a->body + a->body_len;
	size_t n;

	while (p < end) {
		n = strcspn(p, "\n");
		if (!has_line(b->body, b->body_len, p, n))
			fprintf(out, "  %s %.*s\n", tag, (int)n, p);
		p += n + 1;
	}
}

int its_diff_compare(const char *qemu, const char *sim, FILE *out)
{
	struct step q, s;
	unsigned int n = 0;
	bool more_q, more_s;

	for (;;) {
		more_q = next_step(&qemu, &q);
		more_s = next_step(&sim, &s);
		if (!more_q || !more_s)
			break;
		n++;
		if (q.head_len != s.head_len || memcmp(q.head, s.head, q.head_len)) {
			fprintf(out, "its-diff: step %u: QEMU's run says '%.*s', the model's '%.*s'\n",
				n, (int)q.head_len, q.head, (int)s.head_len, s.head);
			return 1;
		}
		if (q.body_len == s.body_len && !memcmp(q.body, s.body, q.body_len))
			continue;
		fprintf(out, "its-diff: after %.*s, the ITS state differs:\n",
			(int)(q.head_len - strlen("el2fuzz-el2: its step ")),
			q.head + strlen("el2fuzz-el2: its step "));
		print_only(out, "qemu: ", &q, &s);
		print_only(out, "model:", &s, &q);
		return 1;
	}
	if (more_q != more_s)
		fprintf(out, "its-diff: %s run stopped after %u ops, the other went on (same up to there)\n",
			more_q ? "the model's" : "QEMU's", n);
	fprintf(out, "its-diff: %u ops, the ITS state the same after each\n", n);
	return 0;
}
