/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedule: the other CPU. The host runs on a second CPU while the hyp
 * works; the program says what it does and when, so every run is
 * deterministic. Interleaving points are the mediator's platform calls and
 * its loads and stores to host-writable memory (sancov.h); at them the
 * scheduler runs what is due:
 *   - a write of a value at an address, at the k-th point of the run;
 *   - an action on a page, each time it becomes host-accessible again;
 *   - an action on a page, the first time the hyp loads from it while the
 *     host can write it;
 *   - the targeted strategy: when the host regains a page holding table
 *     pointers (a real L1), its valid entries are pointed at hyp-private
 *     pages, optionally with attribute and RES0 bits set;
 *   - the reread strategy: right after the hyp's k-th load of host-writable
 *     memory (plain or in a bulk copy), the bytes it just read change, so
 *     that every read-check-reread window in the mediator is tried, found
 *     from the hyp's own loads rather than from a list of known places.
 * The other CPU writes only what the host may write, without entering the
 * hyp (machine_cpu2_write).
 */
#ifndef EL2FUZZ_SCHEDULE_H
#define EL2FUZZ_SCHEDULE_H

#include <stdint.h>

enum sched_action {
	SCHED_HOSTILE_PTRS,	/* valid entries -> hyp-private pages */
	SCHED_HOSTILE_ATTRS,	/* the same, with attribute and RES0 bits */
	SCHED_CLEAR_VALID,	/* valid entries -> invalid */
	SCHED_FLIP,		/* invert the word (at the load, or the first) */
	SCHED_NR_ACTIONS,
};

void schedule_reset(void);
/* Points so far in this run. */
uint64_t schedule_points(void);

void schedule_write_at(uint64_t k, uint64_t pa, uint64_t val);
void schedule_on_regain(uint64_t pa, enum sched_action action);
void schedule_on_load(uint64_t pa, enum sched_action action);
/*
 * A page holding table pointers (a real L1 page; @align: the alignment a
 * hostile pointer needs). The targeted strategy watches every one of them
 * from the moment it is enabled.
 */
void schedule_add_table_page(uint64_t pa, uint64_t align);
void schedule_targeted(enum sched_action action);
/* After the @k-th host-writable load of the run (from 1), xor @mask into it. */
void schedule_reread(uint64_t k, uint64_t mask);

#endif
