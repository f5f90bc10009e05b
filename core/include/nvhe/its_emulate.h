/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <nvhe/its_emulate.h>: the ITS emulation's entry points, with the
 * signatures of the series' v2 posting (docs/ITS_FACTS.md §4.2). The host
 * calls setup (and, where the mediator has one, teardown) by hypercall;
 * the hyp's MMIO trap path calls the handler for every host access to a
 * protected region's frame. See <el2fuzz/contract.h> for what the harness
 * expects of each.
 */
#ifndef __EL2FUZZ_NVHE_ITS_EMULATE_H
#define __EL2FUZZ_NVHE_ITS_EMULATE_H

#include <linux/types.h>
#include <asm/kvm_pkvm.h>

int pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
			   u64 priv_num_pages);
void pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			      bool write, u64 *reg, u8 reg_size);
/* Optional: a mediator declares in its profile whether it has one. */
int pkvm_its_emulate_teardown(phys_addr_t dev_addr);

#endif
