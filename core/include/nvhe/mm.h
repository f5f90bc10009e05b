/* SPDX-License-Identifier: GPL-2.0-only */
/* <nvhe/mm.h>: the hyp's own stage-1 mappings. */
#ifndef __EL2FUZZ_NVHE_MM_H
#define __EL2FUZZ_NVHE_MM_H

#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>

int pkvm_create_mappings_locked(void *from, void *to, enum kvm_pgtable_prot prot);

#endif
