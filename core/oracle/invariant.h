/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal to the oracle: what an invariant looks like, and the models the
 * invariants share. Nothing outside core/oracle includes this.
 *
 * An invariant is a table of hooks (struct invariant); registry.c lists
 * every one and fans each machine event out to those that asked for it,
 * in table order. The models come first in that table, so that an
 * invariant's hook sees them already updated for the same event:
 *
 *   ref     the reference of the ownership rules (o12_legality.c, which
 *           is also O12, legality: every call must agree with it): who
 *           owns each page, computed from the rules and the calls the
 *           mediator made, never read back from the mediator's records
 *   its     what the host set up (its_ref.c): whether the ITS is
 *           emulated (the setup hypercall returned 0, no teardown since),
 *           the private pages and the host's copies it described
 *   reach   every byte the ITS can read or write (its_reach.c), from the
 *           ITS's registers and the memory it walks
 */
#ifndef EL2FUZZ_ORACLE_INVARIANT_H
#define EL2FUZZ_ORACLE_INVARIANT_H

#include <stdbool.h>
#include <stdint.h>

#include "oracle.h"
#include "../machine/cache.h"
#include "../machine/machine.h"

/*
 * Whose events an invariant sees when the hyp's second CPU enters it
 * during an entry of CPU 0 (core/machine/cpu.h). The outermost entry, CPU
 * 0's, is the episode; CPU 1's entry is nested in it.
 */
enum inv_scope {
	/* Default: events from both CPUs; entry hooks for CPU 0's entries only,
	 * so end-of-entry checks judge the machine once both are out. */
	SCOPE_EPISODE,
	/* Judges what one entry of CPU 0 did: CPU 1's events are not seen,
	 * and end checks skip an episode CPU 1 took part in (oracle_interleaved). */
	SCOPE_ENTRY,
	/* Every event and every entry of either CPU; per-CPU state inside. */
	SCOPE_EVERY,
};

struct invariant {
	const char *id;		/* "O1"; NULL for a model */
	const char *name;
	enum inv_scope scope;
	/*
	 * SCOPE_ENTRY, yet its event hooks hear CPU 1's events too: checks
	 * that hold of one event whichever CPU's entry it is in (its per-entry
	 * counts are then its own to keep to CPU 0).
	 */
	bool cpu1_events;
	void (*reset)(void);
	void (*entry_begin)(const struct oracle_entry *e);
	void (*entry_end)(const struct oracle_entry *e);
	/* Platform calls (interleaving points), WARNs, ownership calls. */
	void (*call)(const char *what, uint64_t arg);
	void (*warn)(const char *file, int line, const char *cond);
	void (*prim_begin)(const struct hyp_prim *p);
	void (*prim_end)(const struct hyp_prim *p);
	/* The other CPU is about to write host memory. */
	void (*cpu2_write)(uint64_t pa, const void *buf, unsigned int len);
	/* The host is about to store @val at @pa: what it knows, whoever copies it later. */
	void (*host_write)(uint64_t pa, unsigned int width, uint64_t val);
	/* Accesses to state both hyp CPUs reach, and what orders them. */
	void (*shared)(uintptr_t addr, unsigned int len, unsigned int flags);
	void (*sync)(enum sync_kind kind, uintptr_t addr);
	/* The mediator's loads of host-writable RAM and stores to any RAM. */
	void (*access)(uint64_t pa, unsigned int len, bool store, bool host_writable);
	/* The ITS: every memory access, register access and fetched command. */
	void (*dma)(uint64_t pa, unsigned int len, bool write);
	void (*reg)(uint64_t off, unsigned int width, bool write, uint64_t val);
	void (*cmd)(const uint64_t *cmd, uint64_t offset);
	/* What the machine's cache model saw break (core/machine/cache.h). */
	void (*visibility)(enum cache_event ev, uint64_t pa, unsigned int len);
	void (*end_of_program)(void);
};

/* The entry under way on the current CPU (NULL between entries). */
const struct oracle_entry *oracle_current(void);
/* Whether the second CPU entered the hyp during CPU 0's current entry. */
bool oracle_interleaved(void);
/* O9: platform calls one program may make before it is a hang. */
void o9_set_budget(uint64_t budget);

/* ref: the reference of the ownership rules ------------------------------ */

/* Per page, as the rules say it must be. */
struct ref_page {
	uint8_t host;		/* enum pkvm_page_state */
	uint8_t hyp;
	uint16_t pins;
	uint8_t its_pins;	/* of those, taken inside an ITS entry */
	bool boot_hyp;		/* the hyp's since boot (carve-out, protected MMIO) */
	bool mmio_donated;	/* MMIO the host donated */
	bool its;		/* taken (donated or shared) by an ITS entry */
};

struct ref_page ref_page(uint64_t pfn);
/* Host may map it: RAM or MMIO the host owns or shares. */
bool ref_host_accessible(uint64_t pfn);
/* The hyp owns it outright (host NOPAGE, hyp OWNED). */
bool ref_hyp_owned(uint64_t pfn);
/* Shared by the host with the hyp and pinned. */
bool ref_shared_pinned(uint64_t pfn);
/* The fault plan failed an ownership call in the current entry. */
bool ref_entry_fault_injected(void);
/* Whether the current entry changed who owns @pfn. */
bool ref_changed_in_entry(uint64_t pfn);

/* its: what the host set up ----------------------------------------------- */

bool its_ref_emulated(void);
/*
 * GITS_BASER<n> (GITS_CBASER) named a table (the queue) when setup
 * ended: the device's while the ITS is emulated, Valid or not (the host
 * may set it again).
 */
bool its_ref_table_taken(unsigned int n);
bool its_ref_queue_taken(void);
/* The hyp's private pages for the ITS: the setup's priv pages, and its state page while the hyp owns it. */
bool its_ref_private(uint64_t pa);
/* Whether @pa is in the state page the accepted setup was passed. */
bool its_ref_state_page(uint64_t pa);
/* The host's copies it described: its queue copy and L1 copies. */
bool its_ref_host_copy(uint64_t pa);
/*
 * The allocation the host described for a table (2^order host pages):
 * the hyp takes all of it, though the device may use less.
 */
bool its_ref_table_alloc(uint64_t pa);
/* The host's queue copy: 0, or -1 if there is none to speak of. */
int its_ref_queue_copy(uint64_t *pa, uint64_t *len);
/*
 * The slots of the host's queue copy a host write of [@pa, @pa + @len)
 * touches, as offsets [*first, *end) (*first slot-aligned): 0, or -1 if
 * the write misses the copy or there is none.
 */
int its_ref_queue_slots(uint64_t pa, uint64_t len, uint64_t *first, uint64_t *end);
/* What the host last wrote to GITS_CWRITER (the whole register). */
uint64_t its_ref_cwriter(void);
/* False while racing writes from both CPUs leave it undetermined. */
bool its_ref_cwriter_known(void);
/* The ITS is disabled and quiescent now: it walks nothing, runs nothing. */
bool its_ref_idle(void);
/* The command queue's length, as the ITS has it (GITS_CBASER.Size). */
uint64_t its_ref_queue_len(void);
/*
 * A CWRITER value that names a slot: an offset inside the queue, with
 * bits [4:1] clear if the profile says the mediator rejects them
 * (policy.reject_misaligned_cwriter; its_ref_cwriter_misaligned()).
 */
bool its_ref_cwriter_names_slot(uint64_t cwriter);
bool its_ref_cwriter_misaligned(uint64_t cwriter);
/*
 * @creadr, a GITS_CREADR value, says the device ran all it was handed:
 * not stalled, and at the hardware's GITS_CWRITER.
 */
bool its_ref_caught_up(uint64_t creadr);
/*
 * The offset of the last CWRITER the host wrote that named a slot: how
 * far it has asked the device to run. False while racing writes from both
 * CPUs leave it undetermined.
 */
bool its_ref_published(uint64_t *off);
/*
 * Whether the slot at @off of a queue @len bytes long is one the host
 * published, or the device holds, and the device has not run: from
 * GITS_CREADR to the host's last offset or to the hardware's GITS_CWRITER
 * (a host may move its own back over commands handed already). True when
 * what the host published is unknown.
 */
bool its_ref_slot_unrun(uint64_t off, uint64_t len);

/* reach: every byte the ITS can reach --------------------------------------- */

enum reach_kind {
	REACH_QUEUE,
	REACH_TABLE,		/* a flat table */
	REACH_L1,		/* a two-level table's first level */
	REACH_L2,		/* a page a valid L1 entry names */
	REACH_ITT,		/* the ITT a valid DTE names */
	/*
	 * A page a valid L1 entry past the last ID names: the host described
	 * it as an L2, the device never walks it. A hyp may hold it (O13);
	 * it need not (O2), and the device must not touch it.
	 */
	REACH_L2_IDLE,
	NR_REACH_KINDS,
};

struct reach_range {
	uint64_t pa;
	uint64_t len;
	uint8_t kind;		/* enum reach_kind */
	uint8_t baser;		/* the GITS_BASER<n> it hangs off */
	uint32_t id;		/* REACH_ITT: the DeviceID; REACH_L2: the L1 index */
};

const char *reach_kind_name(enum reach_kind k);
#define REACH_MAX_RANGES 8192
/* The ranges as of now; NULL with *nr 0 if the ITS reaches nothing. */
const struct reach_range *reach_get(unsigned int *nr, bool *overflow);
/* Whether @pa is in a range of @kind (any kind if @kind is NR_REACH_KINDS). */
bool reach_contains(uint64_t pa, enum reach_kind kind);
/* Whether @pa is in a range of any kind in @kinds (BIT(kind) ORed). */
bool reach_contains_any(uint64_t pa, unsigned int kinds);
/* The memory the hyp hands the ITS itself: its queue, tables, L1s and L2s. */
#define REACH_HYP_HANDS	(1u << REACH_QUEUE | 1u << REACH_TABLE | 1u << REACH_L1 | 1u << REACH_L2)
/* A generation that changes whenever the reach may have changed. */
uint64_t reach_generation(void);
/*
 * Whether the device holds commands it was handed and has not run (an
 * ITS disabled, or rung and not started): they run later.
 */
bool reach_queue_pending(void);
/* Whether [@pa, @pa + @len) meets the ITT of a MAPD V=1 among those commands. */
bool reach_pending_itt(uint64_t pa, uint64_t len);

/* The invariants' tables, in registry.c order. */
extern const struct invariant o12_legality, its_model, reach_model;
extern const struct invariant o1_isolation, o2_dma, o3_rollback, o4_balance;
extern const struct invariant o5_forwarding, o6_registers, o7_abort, o8_ripas;
extern const struct invariant o9_budget, o10_warn, o11_single_fetch;
extern const struct invariant o13_conservation, o14_progress, o15_no_hyp_data;
extern const struct invariant o12_late, o16_visibility_inv, o17_races;

#endif
