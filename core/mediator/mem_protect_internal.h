/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the mediator's ownership files (mem_protect.c,
 * mmio_donate.c, host_stage2.c). The _locked helpers need the host lock.
 */
#ifndef __EL2FUZZ_MEM_PROTECT_INTERNAL_H
#define __EL2FUZZ_MEM_PROTECT_INTERNAL_H

#include <linux/types.h>

void host_lock_component(void);
void host_unlock_component(void);
void hyp_lock_component(void);
void hyp_unlock_component(void);

int pkvm_range_size(u64 phys, u64 nr_pages, u64 *size);
int host_stage2_set_owner_locked(u64 addr, u64 size, u8 owner_id);

#endif
