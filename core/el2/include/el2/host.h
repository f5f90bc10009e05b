/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * el2/host: the machine as the layers above the mediator see it at EL2:
 * the page records (read only), the host's memory accesses through its
 * stage-2, the other CPU's plain writes, the harness's own reads, and the
 * host's trapped accesses to the ITS frame. Each mirrors a call of the
 * simulated machine (core/machine/machine.h, sancov.h), with the same
 * meaning, so that the adversary and the oracle can be ported by
 * swapping one header for the other.
 */
#ifndef EL2FUZZ_EL2_HOST_H
#define EL2FUZZ_EL2_HOST_H

#include <el2/el2.h>

/* One page's record, leaves rebuilt as kvm_pte_t (as struct page_rec). */
struct el2_page_rec {
	uint64_t host_pte;
	uint64_t hyp_pte;
	uint16_t refcount;
	uint8_t host_state;
	uint8_t hyp_state;
};

/* The journal: a record as it was before its first change in an entry. */
struct el2_journal_entry {
	uint64_t pfn;
	struct el2_page_rec old;
};

/* machine_page(): the record of @pfn; false if beyond EL2_PA_LIMIT. */
bool el2_page(uint64_t pfn, struct el2_page_rec *rec);
uint64_t el2_page_size(void);
unsigned int el2_page_shift(void);

/*
 * machine_host_read/write(): an access by the host CPU through its
 * stage-2: 0, -EINVAL (width or alignment), or -EFAULT (a stage-2 fault:
 * the caller lets the hyp handle it and retries, as the host would).
 * RAM through the host alias, the device window as device memory.
 */
int el2_host_read(uint64_t pa, unsigned int width, uint64_t *val);
int el2_host_write(uint64_t pa, unsigned int width, uint64_t val);

/* machine_host_writable(): RAM in host state OWNED or SHARED_OWNED. */
bool el2_host_writable(uint64_t pa);
/* machine_cpu2_write(): the other CPU's plain write; 0 or -1. */
int el2_cpu2_write(uint64_t pa, const void *buf, unsigned int len);
/* machine_ram_read(): the harness reads RAM, whoever owns it; 0 or -1. */
int el2_ram_read(uint64_t pa, void *buf, unsigned int len);

/* machine_step_begin(), machine_step_journal(): the journal of an entry. */
void el2_step_begin(void);
const struct el2_journal_entry *el2_step_journal(unsigned int *nr, bool *overflow);
/* machine_touched*(): records the run used, in the order of first use. */
unsigned int el2_touched(void);
uint64_t el2_touched_pfn(unsigned int i);
/* machine_oracle_word(): the oracle's word beside the record; NULL beyond memory. */
uint64_t *el2_oracle_word(uint64_t pfn);
/*
 * machine_granule_written(): whether the 4 KiB granule at @pa may have
 * been written since boot (RAM starts zeroed): by the host, the other
 * CPU, the hyp (every page it maps counts), or QEMU loading the image.
 */
bool el2_granule_written(uint64_t pa);
void el2_mark_written(uint64_t pa, uint64_t len);

/*
 * A host access to the ITS frame at @off, trapped to the mediator:
 * pkvm_its_emulate_handler() on region 0 with the width and value the
 * host chose; returns what a read gave the host. Checks O4 (no hyp lock
 * held on return) as the simulation's oracle does after every entry.
 */
uint64_t el2_its_trap(uint64_t off, unsigned int width, bool write, uint64_t val);

#endif
