/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <asm/barrier.h>: barriers are platform calls because the simulated device
 * only sees the hyp's stores to its memory after the barrier (or clean to
 * PoC) that makes them visible; each is also an interleaving point.
 */
#ifndef __EL2FUZZ_ASM_BARRIER_H
#define __EL2FUZZ_ASM_BARRIER_H

#include <linux/compiler.h>

void __hyp_barrier(const char *kind);

#define dsb(opt)	__hyp_barrier("dsb " #opt)
#define dmb(opt)	__hyp_barrier("dmb " #opt)
#define isb()		__hyp_barrier("isb")
#define wmb()		dsb(st)
#define rmb()		dsb(ld)
#define mb()		dsb(sy)

#define smp_store_release(p, v) do {					\
	__hyp_barrier("release");					\
	WRITE_ONCE(*(p), (v));						\
} while (0)

#define smp_load_acquire(p) ({						\
	__typeof__(*(p)) ___v = READ_ONCE(*(p));			\
	__hyp_barrier("acquire");					\
	___v;								\
})

#endif
