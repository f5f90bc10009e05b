/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmm: the Realm Management Monitor, as far as one realm with one REC
 * needs it. The realm's RTT tree (root at a configurable start level,
 * levels down to 3, 4 KiB granules), the RIPAS of every granule of the
 * protected space, RMI_RTT_CREATE and RMI_RTT_SET_RIPAS as the RMM
 * specification has them, the RSI_IPA_STATE_SET checks on the realm's
 * request, and the pool of delegated granules that the host's memory
 * cache draws RTTs from.
 *
 * State is sparse: created RTTs live in a small fixed table, RIPAS in a
 * sorted list of intervals; a reset costs a few stores. The oracle (O8)
 * observes every RMI call through hooks and reads the state back.
 */
#ifndef EL2FUZZ_RMM_H
#define EL2FUZZ_RMM_H

#include <stdbool.h>
#include <stdint.h>

#define RMM_MAX_RTTS		64	/* non-root RTTs, and the granule pool */
#define RMM_MAX_IVALS		2048
#define RMM_MAX_UNMAPS		16
#define RMM_POOL_BASE		0x100000000ULL	/* delegated granules (handles only) */
#define RMM_RD			0x0fff0000ULL
#define RMM_REC			0x0fff1000ULL

#define RSI_SUCCESS		0
#define RSI_ERROR_INPUT		1
#define RSI_CHANGE_DESTROYED	(1ULL << 0)

struct realm;
struct realm_rec;

/* Realm memory kinds a setup op can give a range (realm_mem). */
enum rmm_mem_kind {
	RMM_MEM_RAM,		/* RIPAS RAM, no data */
	RMM_MEM_DATA,		/* RIPAS RAM, data granules assigned */
	RMM_MEM_DESTROYED,	/* RIPAS DESTROYED (data was destroyed) */
	RMM_MEM_EMPTY,
	RMM_NR_MEM_KINDS,
};

/* What the host did in one entry, for O8. */
struct rmm_entry_log {
	unsigned int set_ripas_calls;
	unsigned int rtt_creates;
	unsigned int topups;
	unsigned int nr_unmaps;
	bool unmap_overflow;
	uint64_t unmaps[RMM_MAX_UNMAPS][2];	/* [start, end), contiguous calls merged */
};

/* Observers of RMI calls (the oracle); NULL members are skipped. */
struct rmm_hooks {
	/* Every RMI_RTT_SET_RIPAS, after the RMM decided. */
	void (*set_ripas)(uint64_t base, uint64_t top, uint64_t ret, uint64_t next);
	/* An RMI call the host should never have made (why: stable word). */
	void (*invalid)(const char *why, uint64_t fid, uint64_t arg);
};

void rmm_reset(void);
void rmm_set_hooks(const struct rmm_hooks *hooks);

/* RMI_REALM_CREATE with these RTT parameters: an RMI status. */
int rmm_realm_create(uint64_t start_level, uint64_t ia_bits);
struct realm *rmm_host_realm(void);
struct realm_rec *rmm_host_rec(void);
int rmm_start_level(void);
unsigned int rmm_ia_bits(void);
uint64_t rmm_protected_limit(void);

/* Host setup outside the path under test: 0 or -errno. */
int rmm_setup_rtt(uint64_t ipa, uint64_t level);
int rmm_setup_mem(uint64_t base, uint64_t top, enum rmm_mem_kind kind);

/* The realm's request: an RSI status; on success the REC exits to the host. */
int rmm_rsi_ipa_state_set(uint64_t base, uint64_t top, uint64_t ripas, uint64_t flags);

/* Reading the state back. */
int rmm_rtt_walk(uint64_t ipa);			/* level the walk ends at */
unsigned int rmm_nr_rtts(void);
/* Delegated granules no cache and no RTT holds: what a top-up can still take. */
unsigned int rmm_free_granules(void);
int rmm_ripas_at(uint64_t ipa, bool *assigned);	/* -1 outside protected space */
/* First granule in [base, end) whose RIPAS is not @ripas, or @end. */
uint64_t rmm_first_not(uint64_t base, uint64_t end, int ripas);
/*
 * First granule in [base, end) the pending RIPAS change may not touch (a
 * DESTROYED one, unless the realm asked to change those too), or @end.
 */
uint64_t rmm_first_locked(uint64_t base, uint64_t end);
/* First assigned granule in [base, end), or @end. */
uint64_t rmm_first_assigned(uint64_t base, uint64_t end);
uint64_t rmm_rec_addr(void);			/* where the RMM expects the host */

void rmm_entry_begin(void);
const struct rmm_entry_log *rmm_entry_log(void);

#endif
