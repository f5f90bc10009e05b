/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared between ITS emulation setup (its_emulate.c) and the trap side
 * (its_trap.c): setup and teardown publish and retract region->priv under
 * its_setup_lock, and a trap takes the same lock to use it, so that a
 * teardown cannot free the private state under a trap.
 */
#ifndef __EL2FUZZ_MEDIATOR_ITS_INTERNAL_H
#define __EL2FUZZ_MEDIATOR_ITS_INTERNAL_H

#include <nvhe/spinlock.h>

extern hyp_spinlock_t its_setup_lock;

#endif
