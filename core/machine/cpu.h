/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpu: a second CPU in the hyp.
 *
 * CPU 0 runs the program. Before one of its entries into the hyp the
 * program may arm an entry for CPU 1 (a trapped access, a hypercall) and
 * the interleaving point at which it begins: the k-th of CPU 0's entry
 * (every platform call and every mediator access to RAM the interleaving
 * hooks see is one). CPU 1 then runs on a stack of its own (a fiber) until
 * its entry is done or it would spin on a lock CPU 0 holds: then it
 * yields, and CPU 0 goes on. A blocked CPU 1 resumes at CPU 0's next point
 * once its lock is free, and at the latest when CPU 0's entry ends; an
 * armed entry whose point never came runs then too. CPU 0 waits for a
 * lock CPU 1 holds only by letting CPU 1 run; when neither can (each holds
 * what the other wants) it is a deadlock, which the caller reports (O4).
 * Every switch happens at a point the program chose, so a run is
 * deterministic.
 *
 * While an entry for CPU 1 is armed or under way (an episode), the hyp's
 * accesses to memory that is not a CPU's own stack are shared accesses:
 * the store buffer (sbuf.h) and the race check (O17) see them.
 */
#ifndef EL2FUZZ_CPU_H
#define EL2FUZZ_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include <nvhe/spinlock.h>

/* Forget any entry CPU 1 had armed or under way (machine_boot). */
void cpu_reset(void);

/*
 * Arm CPU 1's next entry: @fn(@arg), begun in CPU 0's next entry at its
 * @call-th platform call (from 1), or @access shared accesses after it if
 * @access is not 0: a coarse address that reaches the end of a long entry,
 * and a fine one between two calls. @where names it in signatures.
 * Replaces an armed one; false while CPU 1 is still in an earlier entry.
 */
bool cpu_arm_other(void (*fn)(const uint64_t *arg), const uint64_t *arg, uint64_t call,
		   uint64_t access, const char *where);

/* CPU 0's entry begins (the outermost one): an armed CPU 1 starts counting. */
void cpu_entry_begin(void);
/* An interleaving point (@call: a platform call, else a shared access). */
void cpu_point(bool call);
/* From CPU 0, at its entry's end: CPU 1's entry runs to its end if it can. */
void cpu_finish_other(void);
/* Whether CPU 1 is armed or in the hyp in the current episode. */
bool cpu_episode(void);
/* Whether CPU 1 entered the hyp during CPU 0's current entry. */
bool cpu_interleaved(void);

/*
 * @lock is held by the other CPU: wait for it. Returns when the current
 * CPU may retry; false if it never can (a deadlock).
 */
bool cpu_wait_lock(hyp_spinlock_t *lock);

/*
 * longjmp(@env) from either CPU (a finding ends the run): from CPU 1 it
 * first goes back to CPU 0's stack, where @env was set. Does not return.
 */
void cpu_longjmp(jmp_buf *env) __attribute__((noreturn));

/* Whether @addr is on a CPU's stack (not shared state). */
bool cpu_on_stack(uintptr_t addr);

#endif
