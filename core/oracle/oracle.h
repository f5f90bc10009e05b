/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * oracle: the invariants, checked after every entry into the hyp and at the
 * end of every program. Each lives in its own file and reports through
 * report_violation() with a stable signature "<id>:<where>:<what>":
 *
 *   O1  isolation       o1_isolation.c   the host never maps a page the hyp
 *                                        owns; donated pages come back only
 *                                        through the inverse call
 *   O3  exact rollback  o3_rollback.c    an error leaves every page record
 *                                        as it was before the entry
 *   O4  balance         o4_balance.c     no hyp lock held on return to host
 *   O9  budget / hang   oracle.c         a step budget per input
 *   O10 host WARN       oracle.c         a WARN_ON reached from host input
 *   O11 single fetch    o11_single_fetch.c  no host-writable byte loaded
 *                                        twice in an entry, no load from a
 *                                        page given back in that entry
 *
 * The oracle keeps its own expectation of who owns what (the ledger),
 * updated only from the adversary's view of successful calls, so it does
 * not trust the mediator's bookkeeping.
 */
#ifndef EL2FUZZ_ORACLE_H
#define EL2FUZZ_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#define ORACLE_STEP_BUDGET	2000000u

/* Install the platform hooks (once) and reset per-program state. */
void oracle_reset(uint64_t step_budget);
uint64_t oracle_steps(void);

/* Bracket one entry into the hyp (a hypercall or a trap). */
void oracle_entry_begin(void);
void oracle_entry_end(const char *entry, long ret);

/* Expectations from successful calls, as the adversary saw them. */
void oracle_expect_donated(uint64_t pfn, uint64_t nr_pages);
void oracle_expect_returned(uint64_t pfn, uint64_t nr_pages);

/* A sweep over every page the program touched. */
void oracle_end_of_program(void);

/* The checks, for the entry points above and for tests. */
void o1_check_page(uint64_t pfn);
void o1_check_journal(void);
void o3_check_rollback(const char *entry, long ret);
void o4_check_balance(const char *entry);
/* O11: start a new entry's record of host-writable loads. */
void o11_entry_begin(void);
/*
 * After a successful ITS setup: every page the device uses (queue, tables,
 * L2 pages named by the real L1s) is the hyp's, and each host copy the
 * host described is shared with the hyp and pinned (o1_its_setup.c).
 */
void o1_check_its_setup(void);
void o1_check_its_host_copy(uint64_t pa, uint64_t len);

/*
 * O5 forwarding integrity (o5_forwarding.c): the commands the device runs
 * and the hardware CWRITER values, after setup; bracket one trapped
 * access. O2 DMA confinement (o2_dma.c): every device access, after setup.
 */
void o5_reset(void);
void o5_on_reg(uint64_t off, unsigned int width, bool write, uint64_t val);
void o5_trap_begin(uint64_t off, unsigned int width, bool write, uint64_t val);
void o5_trap_end(void);
void o2_reset(void);

/*
 * O6 register semantics (o6_registers.c): bracket one trapped host access
 * to the ITS frame; @reg is the value a read returned.
 */
void o6_reset(void);
void o6_trap_begin(uint64_t off, unsigned int width, bool write, uint64_t val);
void o6_trap_end(uint64_t reg);
/* A setup or teardown succeeded: the next trap takes the reference afresh. */
void o6_entry_end(const char *entry, long ret);

/*
 * O7 abort architecture (o7_abort.c): bracket one guest stage-2 abort; the
 * result must equal the reference, and out-of-range faults never reach the
 * VMM. O8 RIPAS (o8_ripas.c): bracket one RIPAS change completion for the
 * request [base, top) to @ripas; @reached is what the host says it did.
 */
void o7_abort_begin(void);
void o7_abort_check(long ret);
void o8_ripas_begin(uint64_t base, uint64_t top, int ripas);
void o8_ripas_check(long ret, uint64_t reached);

#endif
