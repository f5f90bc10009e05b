/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpu: a second CPU in the hyp.
 *
 * CPU 0 runs the program; at an interleaving point of one of its entries
 * the program may have CPU 1 enter the hyp too (a trapped access, a
 * hypercall). CPU 1 runs on a stack of its own (a fiber) until its entry
 * is done or it would spin on a lock CPU 0 holds: then it yields, and CPU
 * 0 goes on. A blocked CPU 1 resumes at CPU 0's next interleaving point
 * once its lock is free, and at the latest when CPU 0's entry ends. CPU 0
 * never waits: a lock CPU 1 holds while blocked on one CPU 0 holds is a
 * deadlock (O4). Every switch happens at a point the program chose, so a
 * run is deterministic.
 */
#ifndef EL2FUZZ_CPU_H
#define EL2FUZZ_CPU_H

#include <stdbool.h>

#include <nvhe/spinlock.h>

/* Forget any entry CPU 1 had under way (machine_boot). */
void cpu_reset(void);

/*
 * From CPU 0, have CPU 1 run @fn(@arg) as one entry into the hyp. False if
 * CPU 1 is still in an earlier entry (it runs one at a time).
 */
bool cpu_start_other(void (*fn)(void *arg), void *arg);
/* From CPU 0: let a blocked CPU 1 go on if its lock is free now. */
void cpu_resume_other(void);
/* From CPU 0, at its entry's end: CPU 1's entry runs to its end. */
void cpu_finish_other(void);
/* Whether CPU 1 is in the hyp now (running or blocked). */
bool cpu_other_busy(void);

/*
 * @lock is held by the other CPU: wait for it. Returns when the current
 * CPU may retry; false if it never can (a deadlock).
 */
bool cpu_wait_lock(hyp_spinlock_t *lock);

#endif
