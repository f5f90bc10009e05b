// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one table of invariants, and the fan-out of every event to those
 * that asked for it. Models first (the ownership reference, what the host
 * set up, what the ITS reaches), so that an invariant sees them already
 * updated for the event it is judging.
 */
#include <string.h>

#include "invariant.h"
#include "../machine/cpu.h"
#include "../machine/its_hw.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

/* A benchmark build (EL2FUZZ_BENCH_CEILING=no-oracle): no invariant runs. */
#ifdef EL2FUZZ_BENCH_NO_ORACLE
#define BENCH_NO_ORACLE	1
#else
#define BENCH_NO_ORACLE	0
#endif

static const struct invariant *const invariants[] = {
	&o12_legality,		/* model: the reference of the ownership rules */
	&its_model,		/* model: what the host set up */
	&reach_model,		/* model: what the ITS reaches */
	&o9_budget,
	&o10_warn,
	&o4_balance,
	&o3_rollback,
	&o1_isolation,
	&o2_dma,
	/* The hyp's data and addresses: a security finding names the entry first. */
	&o15_no_hyp_data,
	&o5_forwarding,
	&o6_registers,
	&o7_abort,
	&o8_ripas,
	&o11_single_fetch,
	&o13_conservation,
	&o14_progress,
	&o16_visibility_inv,
	&o17_races,
	&o12_late,		/* last: what no other invariant explained */
};

#define NR_INVARIANTS	(sizeof(invariants) / sizeof(invariants[0]))

/*
 * Per event hook, the invariants that have it, in table order: built once,
 * so that an event costs the invariants that want it (the mediator's
 * every load and store is one).
 */
struct hook_list {
	const struct invariant *inv[NR_INVARIANTS];
	unsigned int nr;
};

#define HOOKS(X)	X(call) X(warn) X(prim_begin) X(prim_end) X(cpu2_write)	\
			X(host_write)						\
			X(access) X(dma) X(reg) X(cmd) X(visibility) X(shared)	\
			X(sync) X(end_of_program) X(reset)
#define DECLARE_LIST(hook)	static struct hook_list hook##_list;
HOOKS(DECLARE_LIST)

#define BUILD_LIST(hook)	do {					\
	unsigned int __i;						\
									\
	hook##_list.nr = 0;						\
	for (__i = 0; __i < NR_INVARIANTS; __i++)			\
		if (invariants[__i]->hook)				\
			hook##_list.inv[hook##_list.nr++] = invariants[__i]; \
} while (0);

/*
 * An event to those that want it: SCOPE_ENTRY invariants, CPU 0's only,
 * unless they take CPU 1's events too (cpu1_events).
 */
#define EACH(hook, ...)	do {						\
	bool __cpu1 = machine_cpu() != 0;				\
	const struct invariant *__inv;					\
	unsigned int __i;						\
									\
	for (__i = 0; __i < hook##_list.nr; __i++) {			\
		__inv = hook##_list.inv[__i];				\
		if (!__cpu1 || __inv->scope != SCOPE_ENTRY || __inv->cpu1_events) \
			__inv->hook(__VA_ARGS__);			\
	}								\
} while (0)

/* Entry hooks: an outermost entry for all, a nested one for SCOPE_EVERY. */
#define EACH_ENTRY(hook, nested, e)	do {				\
	unsigned int __i;						\
									\
	for (__i = 0; __i < NR_INVARIANTS; __i++)			\
		if (invariants[__i]->hook &&				\
		    (!(nested) || invariants[__i]->scope == SCOPE_EVERY))	\
			invariants[__i]->hook(e);			\
} while (0)

static const struct oracle_entry *current[SIM_NR_CPUS];

const struct oracle_entry *oracle_current(void)
{
	return current[machine_cpu()];
}

bool oracle_interleaved(void)
{
	return cpu_interleaved();
}

static void on_call(const char *what, uint64_t arg)
{
	EACH(call, what, arg);
}

static void on_warn(const char *file, int line, const char *cond)
{
	EACH(warn, file, line, cond);
}

static void on_prim_begin(const struct hyp_prim *p)
{
	EACH(prim_begin, p);
}

static void on_prim_end(const struct hyp_prim *p)
{
	EACH(prim_end, p);
}

/*
 * The host's other CPU writing its memory is the host's doing, not the
 * hyp's: every invariant that keeps what the host wrote hears of it,
 * whichever CPU's context the write happens in (a rewrite between the
 * hyp's reads may run on CPU 1, in the middle of CPU 0's entry).
 */
static void on_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < cpu2_write_list.nr; i++)
		cpu2_write_list.inv[i]->cpu2_write(pa, buf, len);
}

static void on_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	unsigned int i;

	for (i = 0; i < host_write_list.nr; i++)
		host_write_list.inv[i]->host_write(pa, width, val);
}

static void on_access(uint64_t pa, unsigned int len, bool store, bool host_writable)
{
	EACH(access, pa, len, store, host_writable);
}

static void on_dma(uint64_t pa, unsigned int len, bool write)
{
	EACH(dma, pa, len, write);
}

static void on_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	EACH(reg, off, width, write, val);
}

static void on_cmd(const uint64_t *cmd, uint64_t offset)
{
	EACH(cmd, cmd, offset);
}

static void on_visibility(enum cache_event ev, uint64_t pa, unsigned int len)
{
	EACH(visibility, ev, pa, len);
}

static void on_shared(uintptr_t addr, unsigned int len, unsigned int flags)
{
	EACH(shared, addr, len, flags);
}

static void on_sync(enum sync_kind kind, uintptr_t addr)
{
	EACH(sync, kind, addr);
}

static const struct platform_hooks oracle_hooks = {
	.call = on_call,
	.warn = on_warn,
	.prim_begin = on_prim_begin,
	.prim_end = on_prim_end,
	.cpu2_write = on_cpu2_write,
	.host_write = on_host_write,
	.shared = on_shared,
	.sync = on_sync,
};

static const char *classify(const char *inv, const char *what);

void oracle_reset(uint64_t step_budget)
{
	static bool built;

	/* The table is constant: the lists once, not at every run. */
	if (!built) {
		HOOKS(BUILD_LIST)
		built = true;
	}
	memset(current, 0, sizeof(current));
	/* bench/ceiling.sh: what an input costs without any invariant. */
	if (BENCH_NO_ORACLE)
		return;
	platform_add_hooks(&oracle_hooks);
	sancov_add_hook(on_access);
	its_hw_set_dma_hook(on_dma);
	its_hw_set_reg_hook(on_reg);
	its_hw_set_cmd_hook(on_cmd);
	cache_set_hook(on_visibility);
	report_set_classifier(classify);
	o9_set_budget(step_budget ? step_budget : ORACLE_STEP_BUDGET);
	EACH(reset);
}

/*
 * CPU 0's entry is the episode: the journal starts with it and an armed
 * second CPU starts counting its points. Before its end checks, the
 * second CPU's entry runs to its end, so that they judge the machine with
 * both CPUs out of the hyp.
 */
void oracle_entry_begin(const struct oracle_entry *e)
{
	bool nested = machine_cpu();

	if (!nested) {
		machine_step_begin();
		cpu_entry_begin();
	}
	current[machine_cpu()] = e;
	if (!BENCH_NO_ORACLE)
		EACH_ENTRY(entry_begin, nested, e);
}

void oracle_entry_end(const struct oracle_entry *e)
{
	bool nested = machine_cpu();

	if (!nested)
		cpu_finish_other();
	if (!BENCH_NO_ORACLE)
		EACH_ENTRY(entry_end, nested, e);
	current[machine_cpu()] = NULL;
}

void oracle_end_of_program(void)
{
	if (!BENCH_NO_ORACLE)
		EACH(end_of_program);
}

/* Classes ------------------------------------------------------------------ */

/*
 * Each invariant's findings are of one class, but for the named
 * exceptions. Policy findings exist only where the mediator's profile
 * declares the choice (the checks look at the profile before reporting).
 */
static const struct {
	const char *inv;
	const char *what;	/* NULL: every finding of the invariant */
	enum oracle_class cls;
} classes[] = {
	{ "O1", "host_maps_memory_as_device", CLASS_CORRECTNESS },
	{ "O5", "rejected_command_executed", CLASS_POLICY },
	{ "O5", "mapd_size_executed", CLASS_POLICY },
	{ "O5", "mapc_rdbase_executed", CLASS_POLICY },
	{ "O5", "misaligned_cwriter_processed", CLASS_POLICY },
	{ "O5", NULL, CLASS_CORRECTNESS },
	{ "O6", "cwriter_read", CLASS_POLICY },
	{ "O6", "creadr_moved_by_host", CLASS_SECURITY },
	{ "O6", NULL, CLASS_CORRECTNESS },
	{ "O7", "out_of_range_mmio", CLASS_SECURITY },
	{ "O7", NULL, CLASS_CORRECTNESS },
	{ "O8", "ripas_not_requested", CLASS_SECURITY },
	{ "O8", "unmap_inexact", CLASS_SECURITY },
	{ "O8", "reached_out_of_range", CLASS_SECURITY },
	{ "O8", NULL, CLASS_CORRECTNESS },
	{ "O12", "its_teardown_left_enabled", CLASS_POLICY },
	{ "O12", "spurious_refusal", CLASS_CORRECTNESS },
	{ "O12", "wrong_error", CLASS_CORRECTNESS },
	{ "O13", NULL, CLASS_CORRECTNESS },
	{ "O14", NULL, CLASS_CORRECTNESS },
};

static const char *const class_names[] = {
	[CLASS_SECURITY] = "security",
	[CLASS_CORRECTNESS] = "correctness",
	[CLASS_POLICY] = "policy",
};

const char *oracle_class_name(enum oracle_class c)
{
	return class_names[c];
}

/* Whether @what ends with @suffix ("share_spurious_refusal" ends with "spurious_refusal"). */
static bool ends_with(const char *what, const char *suffix)
{
	size_t a = strlen(what), b = strlen(suffix);

	return a >= b && !strcmp(what + a - b, suffix);
}

static enum oracle_class class_of(const char *inv, const char *what)
{
	unsigned int i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(classes[i].inv, inv))
			continue;
		if (!classes[i].what || ends_with(what, classes[i].what))
			return classes[i].cls;
	}
	return CLASS_SECURITY;
}

static const char *classify(const char *inv, const char *what)
{
	return class_names[class_of(inv, what)];
}

enum oracle_class oracle_signature_class(const char *signature)
{
	const char *c1 = strchr(signature, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	char inv[16];
	size_t n;

	if (!c2)
		return CLASS_SECURITY;
	n = (size_t)(c1 - signature);
	if (n >= sizeof(inv))
		return CLASS_SECURITY;
	memcpy(inv, signature, n);
	inv[n] = 0;
	return class_of(inv, c2 + 1);
}
