// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program image (el2fuzz-el2.elf): one program per QEMU boot, passed
 * by semihosting, run by the same interpreter, adversary and oracle as in
 * the simulation (core/program/interp.c), on the EL2 platform.
 *
 * Command line (semihosting arguments after the image's name):
 *
 *   PROGRAM [-t TARGET] [--its-state] [--raw]
 *
 *   PROGRAM      a text program (*.txt), or a binary one with -t TARGET
 *   --its-state  after each op, "el2fuzz-el2: its step <n> <op>" and the
 *                state visible through the ITS (el2/its_state.h), for the
 *                differential check of the ITS model (replay/el2.c)
 *   --raw        with --its-state, every non-zero word of the tables too
 *
 * Every trace line is printed as it happens, in the simulation's words;
 * the last line is "el2fuzz-el2: exit <code>". Exit codes (el2/el2.h): 0
 * clean, 1 finding (a VIOLATION line), 2 bad input or harness error, 3 and
 * 4 an exception (a VIOLATION line from the vector table), 5 not
 * reproducible at EL2 (one line saying why).
 */
#include <stdio.h>
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>

#include <el2/el2.h>
#include <el2/its_state.h>

#include "../fault/fault.h"
#include "../machine/its_hw.h"
#include "../machine/machine.h"
#include "../machine/sancov.h"
#include "../program/interp.h"
#include "../program/program.h"
#include "../trace/trace.h"

#define CMDLINE_MAX	1024
#define FILE_MAX	(64u << 10)
#define MAX_ARGS	8

static char cmdline[CMDLINE_MAX];
static char file[FILE_MAX + 1];
static struct program prog;

/* Ops whose models QEMU's virt board at EL2 does not have. */
static const char *op_not_reproducible(const struct prog_op *op)
{
	switch (op->op) {
	case OP_CPU2_AT:
	case OP_CPU2_MMIO_READ:
	case OP_CPU2_MMIO_WRITE:
	case OP_CPU2_HVC:
	case OP_SBUF:
		return "the hyp's second CPU and its store order: QEMU runs the hyp on one CPU";
	case OP_REALM_CREATE:
	case OP_REALM_MEM:
	case OP_RTT_CREATE:
	case OP_RIPAS_REQUEST:
		return "a realm: there is no RMM at EL2 under QEMU";
	case OP_VM_CREATE:
	case OP_VCPU_SET:
	case OP_GUEST_ABORT:
		return "a guest's stage-2 abort: there is no vCPU model at EL2";
	case OP_FAIL:
		if (op->args[0].val == FAULT_DMA)
			return "fail dma: a memory transaction of QEMU's ITS cannot be failed from the CPU";
		if (op->args[0].val == FAULT_DRAIN)
			return "fail drain: QEMU's ITS is quiescent the moment it is disabled";
		if (op->args[0].val == FAULT_HANG)
			return "fail hang: QEMU's ITS runs its queue the moment CWRITER is written";
		return NULL;
	}
	return NULL;
}

static void check_reproducible(void)
{
	const char *why;
	unsigned int i;

	for (i = 0; i < prog.nr_ops; i++) {
		why = op_not_reproducible(&prog.ops[i]);
		if (why)
			el2_not_reproducible("op %u (%s): %s", i + 1, prog_op_name(prog.ops[i].op),
					     why);
	}
}

/* The state visible through the ITS, as the device reads it. */
static uint64_t state_reg(void *ctx, uint64_t off)
{
	(void)ctx;
	return its_hw_peek(off, off == GITS_CTLR ? 4 : 8);
}

static int state_mem(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	(void)ctx;
	return machine_ram_read(pa, buf, len);
}

static void state_emit(void *ctx, const char *line)
{
	(void)ctx;
	el2_puts(line);
	el2_putc('\n');
}

static void its_step(unsigned int n, void *ctx)
{
	struct its_state_src src = {
		.reg = state_reg,
		.mem = state_mem,
		.emit = state_emit,
		.raw = *(const bool *)ctx,
	};

	el2_printf("el2fuzz-el2: its step %u %s\n", n + 1, prog_op_name(prog.ops[n].op));
	its_state_dump(&src);
}

/* The semihosting command line, split at blanks: argv[0] is the image. */
static int split(char *s, char **argv)
{
	int argc = 0;

	while (*s && argc < MAX_ARGS) {
		while (*s == ' ')
			*s++ = '\0';
		if (!*s)
			break;
		argv[argc++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return argc;
}

static bool is_text(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".txt");
}

int el2_main(void)
{
	const struct prog_target *target = NULL;
	struct run_opts opts = { 0 };
	const char *path = NULL;
	char *argv[MAX_ARGS];
	bool states = false;
	bool raw = false;
	char err[256];
	long len;
	int argc;
	int i;

	if (el2_cmdline(cmdline, sizeof(cmdline)))
		el2_fatal("no semihosting command line");
	argc = split(cmdline, argv);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-t") && i + 1 < argc) {
			target = prog_target_find(argv[++i]);
			if (!target)
				el2_fatal("unknown target '%s'", argv[i]);
		} else if (!strcmp(argv[i], "--its-state")) {
			states = true;
		} else if (!strcmp(argv[i], "--raw")) {
			raw = true;
		} else if (argv[i][0] == '-' || path) {
			el2_fatal("usage: %s PROGRAM [-t TARGET] [--its-state] [--raw]", argv[0]);
		} else {
			path = argv[i];
		}
	}
	if (!path)
		el2_fatal("usage: %s PROGRAM [-t TARGET] [--its-state] [--raw]",
			  argc ? argv[0] : "el2fuzz-el2.elf");

	len = el2_read_file(path, file, FILE_MAX);
	if (len < 0)
		el2_fatal("%s: cannot read it (missing, or over %u KiB)", path, FILE_MAX >> 10);
	file[len] = '\0';
	if (is_text(path)) {
		if (prog_parse(file, &prog, err, sizeof(err)))
			el2_fatal("%s:%s", path, err);
	} else if (target) {
		prog_decode((const uint8_t *)file, (size_t)len, target, &prog);
	} else {
		el2_fatal("%s: a binary program needs -t TARGET", path);
	}
	check_reproducible();

	trace_set_stream(stdout);
	if (states) {
		opts.step = its_step;
		opts.step_ctx = &raw;
	}
	if (prog_run(&prog, &opts, NULL))
		el2_fatal("%s: the machine refused the program's configuration", path);
	el2_printf("el2fuzz-el2: %u ops, no finding\n", prog.nr_ops);
	return EL2_EXIT_CLEAN;
}
