/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sbuf: CPU 0's store buffer, as the hyp's second CPU sees memory.
 *
 * Arm lets a CPU's plain stores become visible to other CPUs in any order
 * until something orders them: a barrier that orders stores, a release
 * (smp_store_release, an unlock). While the second CPU is armed or in the
 * hyp (cpu.h), CPU 0's stores to shared state pass through here: the
 * program's drain order, a 64-bit mask, says of the i-th one (bit i % 64)
 * whether it is visible at once (set) or waits in the buffer (clear) until
 * CPU 0 orders its stores, ends its entry, or the buffer is full (its
 * oldest goes first). A store to bytes a buffered one covers drains that
 * one first: one location's stores never overtake each other.
 *
 * The buffer is made real at each switch: going to CPU 1, memory gets back
 * the bytes each buffered store replaced (what CPU 1 may still see);
 * coming back, CPU 0's bytes return (a CPU reads its own stores). A store
 * CPU 1 made meanwhile to such bytes comes before CPU 0's in their order,
 * which is what CPU 0's, draining later, will overwrite.
 *
 * The default order, all ones, is the sequentially consistent machine:
 * every store visible at once, as before there was a second CPU.
 */
#ifndef EL2FUZZ_SBUF_H
#define EL2FUZZ_SBUF_H

#include <stdbool.h>
#include <stdint.h>

#define SBUF_DEPTH		8
#define SBUF_MAX_STORE		16	/* wider stores (bulk copies) are visible at once */
#define SBUF_ORDER_SC		(~0ULL)

void sbuf_reset(void);
void sbuf_set_order(uint64_t mask);
/* CPU 0 is about to store @len bytes at @addr (shared state, in an episode). */
void sbuf_store(uintptr_t addr, uint64_t len, bool release);
/* Make every buffered store visible. */
void sbuf_drain(void);
/* Switching to CPU 1 (hide CPU 0's buffered bytes), and back (show them). */
void sbuf_hide(void);
void sbuf_show(void);

#endif
