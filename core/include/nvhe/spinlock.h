/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <nvhe/spinlock.h>: hyp spinlocks. Every lock and unlock is a platform
 * call: the oracle checks that none is held when control returns to the
 * host (O4), and each is an interleaving point for the other CPU.
 */
#ifndef __EL2FUZZ_NVHE_SPINLOCK_H
#define __EL2FUZZ_NVHE_SPINLOCK_H

#include <linux/types.h>

typedef struct {
	u32 __val;
} hyp_spinlock_t;

#define __HYP_SPIN_LOCK_UNLOCKED	{ .__val = 0 }
#define DEFINE_HYP_SPINLOCK(x)		hyp_spinlock_t x = __HYP_SPIN_LOCK_UNLOCKED
#define hyp_spin_lock_init(l)		do { (l)->__val = 0; } while (0)

void hyp_spin_lock(hyp_spinlock_t *lock);
void hyp_spin_unlock(hyp_spinlock_t *lock);
bool hyp_spin_is_locked(hyp_spinlock_t *lock);
void hyp_assert_lock_held(hyp_spinlock_t *lock);

#endif
