/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * oracle: the invariants, checked around every entry into the hyp and at
 * the end of every program.
 *
 * The rule behind every one: it is what an auditor computes without
 * reading the mediator, from the architecture, the ownership rules, the
 * hardware's registers and memory, what the host did and the return
 * values. Nothing a mediator computes or stores is an input to its own
 * verdict; the oracle never reads a mediator's private state.
 *
 * The adversary brackets each entry with oracle_entry_begin() and
 * oracle_entry_end(), describing what the host asked for (struct
 * oracle_entry); everything else the oracle learns by watching the
 * machine: the ownership calls the mediator makes (core/machine/wrap.c),
 * its loads and stores of RAM, the ITS's DMA, commands and registers.
 * The invariants and the hooks each uses are listed in one table,
 * core/oracle/registry.c; docs/INVARIANTS.md describes them.
 */
#ifndef EL2FUZZ_ORACLE_H
#define EL2FUZZ_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#define ORACLE_STEP_BUDGET	2000000u

enum oracle_entry_kind {
	ENTRY_HCALL,		/* a host hypercall: id, args = x1..x4 */
	ENTRY_HYP,		/* the hyp acting inside a hypercall (donate, pin, ...) */
	ENTRY_HOST_ABORT,	/* a host stage-2 fault: args[0] = the address */
	ENTRY_ITS_TRAP,		/* a host access to the ITS frame, trapped */
	ENTRY_GUEST_ABORT,	/* a guest's stage-2 abort */
	ENTRY_RIPAS,		/* a realm's RIPAS change: args = base, top, ripas */
	ENTRY_VM,		/* VM creation: args[0] = type */
};

/* One entry into the hyp, as the host (or guest) made it. */
struct oracle_entry {
	enum oracle_entry_kind kind;
	const char *name;	/* what signatures call it: "hvc", "its_mmio_write", ... */
	uint64_t id;		/* hypercall number */
	uint64_t args[4];
	/* ENTRY_ITS_TRAP */
	uint64_t off;
	unsigned int width;
	bool write;
	uint64_t val;		/* a write's value (its low @width bytes) */
	/* The outcome, filled in before oracle_entry_end(). */
	long ret;
	uint64_t out;		/* a trapped read's value; RIPAS: the address reached */
};

/* Install the hooks (once) and reset per-program state. */
void oracle_reset(uint64_t step_budget);
uint64_t oracle_steps(void);

void oracle_entry_begin(const struct oracle_entry *e);
void oracle_entry_end(const struct oracle_entry *e);

/* A sweep over every page the program touched. */
void oracle_end_of_program(void);

/*
 * Classes of findings: security (the host gains access or control, DMA
 * leaves its allowed pages, hyp state corrupted, hang, panic, sanitizer
 * report, lock left held), correctness (the architecture says otherwise),
 * policy (a documented choice of one mediator, checked only when its
 * profile declares it).
 */
enum oracle_class {
	CLASS_SECURITY,
	CLASS_CORRECTNESS,
	CLASS_POLICY,
};

const char *oracle_class_name(enum oracle_class c);
/* The class of a signature "<invariant>:<where>:<what>". */
enum oracle_class oracle_signature_class(const char *signature);

#endif
