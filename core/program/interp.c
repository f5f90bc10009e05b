// SPDX-License-Identifier: GPL-2.0-only
/* The interpreter and the fail-nth enumeration; see interp.h. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "layout.h"
#include "../adversary/adversary.h"
#include "../fault/fault.h"
#include "../machine/machine.h"
#include "../oracle/oracle.h"
#include "../trace/trace.h"
#include "../util/suppress.h"

/* Benchmark builds (EL2FUZZ_BENCH_CEILING, bench/ceiling.sh). */
#if defined(EL2FUZZ_BENCH_DECODE_ONLY)
#define BENCH_CEILING		"decode only"
#define BENCH_DECODE_ONLY	1
#elif defined(EL2FUZZ_BENCH_NO_ORACLE)
#define BENCH_CEILING		"no oracle"
#define BENCH_DECODE_ONLY	0
#else
#define BENCH_CEILING		""
#define BENCH_DECODE_ONLY	0
#endif

static const op_handler_t op_handlers[NR_OPS] = {
#define OP(id, name, handler, args) [OP_##id] = handler,
#include "ops.def"
#undef OP
};

_Static_assert(sizeof(op_handlers) / sizeof(op_handlers[0]) == NR_OPS,
	       "every op has a handler");

static uint64_t resolve_addr(const struct prog_layout *l, const struct prog_arg *a)
{
	uint64_t off = a->val >> 32;
	uint32_t idx = (uint32_t)a->val;
	uint64_t pa;

	switch (a->kind) {
	case ADDR_RAM:
		return SIM_RAM_BASE + SIM_HYP_CARVEOUT + idx * l->page_size + off;
	case ADDR_HYP:
		return SIM_RAM_BASE + idx * l->page_size + off;
	case ADDR_MMIO:
		return SIM_DEV_BASE + (idx & 0xff) * SIM_DEV_SIZE +
		       (idx >> 8) * l->page_size + off;
	case ADDR_ITS:
		return SIM_ITS_BASE + idx * l->page_size + off;
	case ADDR_HOLE:
		return hole_addr(idx, l) + off;
	case ADDR_DONATED:
	case ADDR_SHARED:
		/* Nothing there yet: the name falls on a hole. */
		if (!adversary_list_pa(a->kind == ADDR_DONATED ? ADV_DONATED : ADV_SHARED,
				       idx, &pa))
			pa = hole_addr(0, l);
		return pa + off;
	default:
		return a->val;
	}
}

static void format_step(const void *ctx, unsigned long idx, char *buf, size_t cap)
{
	const struct program *p = ctx;

	prog_format_op(p, &p->ops[idx], buf, cap);
}

int prog_run(const struct program *p, const struct run_opts *opts,
	     struct run_result *res)
{
	struct machine_config cfg = {
		.page_shift = p->hdr.page_shift,
		.ram_size = (uint64_t)p->hdr.ram_mib << 20,
		.nr_devices = p->hdr.nr_devices,
		.its = {
			.psz_shift = { p->hdr.its_psz[0], p->hdr.its_psz[1], p->hdr.its_psz[2] },
			.indirect = p->hdr.its_indirect,
			.devbits = p->hdr.its_devbits,
			.idbits = p->hdr.its_idbits,
			.cidbits = p->hdr.its_cidbits,
			.ite_size = p->hdr.its_ite,
			.queue_pages = p->hdr.its_queue,
			.coherent = p->hdr.its_coherent,
			.qemu = p->hdr.its_qemu,
		},
	};
	static jmp_buf suppressed;
	struct prog_layout l;
	unsigned int n, i;
	int ret;

	suppress_load_env();
	trace_reset();
	fault_reset();
	oracle_reset(opts ? opts->step_budget : 0);
	if (opts && opts->fail_nth)
		fault_fail_global_nth(opts->fail_nth, opts->fail_err);
	ret = machine_boot(&cfg);
	if (ret)
		return ret;
	adversary_reset();
	prog_layout(&p->hdr, &l);
	/* A suppressed violation lands here and ends the input quietly. */
	if (setjmp(suppressed))
		goto out;
	suppress_arm(&suppressed);

	for (n = 0; n < p->nr_ops; n++) {
		const struct prog_op *op = &p->ops[n];
		const char *types = prog_op_args(op->op);
		uint64_t v[PROG_MAX_ARGS] = { 0 };

		report_set_where(prog_op_name(op->op));
		trace_lazy("op", format_step, p, n);
		for (i = 0; types[i]; i++)
			v[i] = types[i] == 'A' ? resolve_addr(&l, &op->args[i]) : op->args[i].val;
		op_handlers[op->op](v);
		if (opts && opts->step)
			opts->step(n, opts->step_ctx);
	}
	report_set_where("end");
	oracle_end_of_program();
out:
	suppress_disarm();
	if (res) {
		res->fault_calls = fault_calls();
		res->fault_fired = fault_fired();
		res->steps = oracle_steps();
	}
	return 0;
}

long prog_enumerate_faults(const struct program *p, int err, unsigned int max_runs)
{
	struct run_opts opts = { .fail_err = err };
	struct run_result res;
	unsigned int nth;

	for (nth = 1; nth <= max_runs; nth++) {
		opts.fail_nth = nth;
		if (prog_run(p, &opts, &res))
			return -1;
		if (!res.fault_fired)
			return nth;
	}
	return -1;
}

int prog_run_bytes(const char *target_name, const uint8_t *data, size_t size)
{
	static const struct prog_target *target;
	static struct program prog;

	if (!target || strcmp(target->name, target_name)) {
		target = prog_target_find(target_name);
		if (BENCH_CEILING[0])
			fprintf(stderr, "el2fuzz: a benchmark build (%s): it finds nothing\n",
				BENCH_CEILING);
	}
	if (!target) {
		/* A mistyped name in a fuzz target: stop at once, no input runs. */
		fprintf(stderr, "el2fuzz: unknown target '%s'\n", target_name);
		exit(2);
	}
	prog_decode(data, size, target, &prog);
	if (BENCH_DECODE_ONLY)
		return 0;
	return prog_run(&prog, NULL, NULL);
}
