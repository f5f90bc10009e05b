/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * el2/its_host: the host's side of the ITS at EL2. A benign bring-up as
 * Linux does it (and as the simulation's benign host does it, allocation
 * for allocation, so both start programs from the same state), the
 * struct its_host_state page the setup hypercall takes, and command
 * submission: a command into the host's copy of the queue, then a
 * trapped 64-bit GITS_CWRITER write. Every register access of the host
 * goes through the mediator's trap handler (el2_its_trap()), which before
 * setup forwards it to QEMU's ITS.
 */
#ifndef EL2FUZZ_EL2_ITS_HOST_H
#define EL2FUZZ_EL2_ITS_HOST_H

#include <el2/el2.h>

#define EL2_ITS_QUEUE_PAGES	16		/* 4 KiB pages: Linux's 64 KiB queue */
#define EL2_ITS_PRIV_BYTES	(8ULL << 10)	/* private state the host hands over */

struct el2_its_table {
	uint64_t pa;		/* the real table; 0: none */
	uint64_t copy_pa;	/* the host's copy of the L1; 0: flat */
	uint64_t bytes;		/* (Size + 1) ITS pages */
	uint64_t psz;		/* ITS page size */
	unsigned int order;	/* 2^order host pages allocated */
};

/* The host's own record of what it did. */
struct el2_its_host {
	uint64_t alloc_top;
	uint64_t state_pa;	/* struct its_host_state */
	uint64_t priv_pa;
	uint64_t priv_pages;
	uint64_t cmdq_pa;
	uint64_t cmdq_copy_pa;
	uint64_t cmdq_len;
	uint64_t cwriter;	/* the host's next free slot (its CWRITER) */
	struct el2_its_table tables[8];
};

/*
 * Bring the ITS up: disable, queue and copy, probe and program every
 * BASER (page size 64K, 16K, 4K: the first that sticks; two levels when a
 * flat table would take more than two pages and Indirect sticks), an L2
 * page for each of the first @nr_l2 L1 entries, enable; fill the state
 * page. 0, or -ENOMEM / -ENODEV with a line on the console.
 */
int el2_its_bringup(struct el2_its_host *h, unsigned int nr_l2);

/* Host memory, from the top of the arena down, naturally aligned, zeroed. */
uint64_t el2_its_alloc(struct el2_its_host *h, uint64_t size, uint64_t align);

/* pkvm_its_emulate_setup() with what the bring-up prepared (host VAs). */
int el2_its_setup(struct el2_its_host *h);

/*
 * Append @cmd at the host's write offset in its queue copy, then write
 * GITS_CWRITER past it (trapped, 64-bit). With @kick false only stage it.
 */
void el2_its_submit(struct el2_its_host *h, const uint64_t cmd[4], bool kick);

/*
 * The state visible through QEMU's ITS (registers, L1, DTE, CTE, ITE
 * lines; with @raw every non-zero u64 of the tables and ITTs), read
 * directly from the device and RAM, not through the mediator; see
 * el2/its_state.h for the format.
 */
void el2_its_dump(bool raw);

/* Command encodings (docs/ITS_FACTS.md §2.1). */
void el2_its_cmd_mapd(uint64_t cmd[4], uint32_t devid, unsigned int size, uint64_t itt, bool valid);
void el2_its_cmd_mapc(uint64_t cmd[4], uint16_t icid, uint64_t rdbase, bool valid);
void el2_its_cmd_mapti(uint64_t cmd[4], uint32_t devid, uint32_t eventid, uint32_t intid,
		       uint16_t icid);
void el2_its_cmd_int(uint64_t cmd[4], uint32_t devid, uint32_t eventid);
void el2_its_cmd_sync(uint64_t cmd[4], uint64_t rdbase);

#endif
