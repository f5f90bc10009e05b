/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cache: what the hyp's stores look like to a device, and the device's
 * writes to the hyp.
 *
 * A CPU's store lands in its cache; a device that snoops sees it at once,
 * one that does not sees memory at the point of coherency (PoC), which
 * holds the line as it was until the hyp cleans it there. A store is
 * ordered before a later device access (the doorbell) only once a barrier
 * (dsb) has completed it. A device that does not snoop writes PoC, and a
 * CPU that cached the line reads its stale copy until it invalidates.
 *
 * The machine keeps, per 64-byte line: whether the hyp stored to it and
 * has not cleaned it; per CPU, whether it stored to it since its last dsb;
 * whether a non-snooping device wrote it and the hyp has not invalidated
 * it since. The ITS model's accesses go through it, and the events that
 * break the rules (a non-snooping device read of lines the hyp has not
 * cleaned, whatever their bytes; a hyp read of stale device-written ones)
 * go to one hook; the oracle judges the doorbell's order itself from the
 * pending stores (cache_pending).
 */
#ifndef EL2FUZZ_CACHE_H
#define EL2FUZZ_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#define CACHE_LINE	64ULL

enum cache_event {
	CACHE_DEVICE_READ_UNCLEAN,	/* a non-snooping device read bytes the hyp had not cleaned */
	CACHE_HYP_READ_STALE,		/* the hyp read bytes a non-snooping device wrote, not invalidated */
	CACHE_DEVICE_READ_HOST_DIRTY,	/* a non-snooping device read bytes the host wrote, not cleaned */
};

typedef void (*cache_hook_t)(enum cache_event ev, uint64_t pa, unsigned int len);
void cache_set_hook(cache_hook_t hook);

void cache_reset(void);

/* The hyp on @cpu is about to store to [pa, pa + len) of RAM. */
void cache_hyp_store(unsigned int cpu, uint64_t pa, uint64_t len);
/* The hyp on @cpu is about to load [pa, pa + len) of RAM. */
void cache_hyp_load(unsigned int cpu, uint64_t pa, uint64_t len);
/*
 * A store by the host's CPUs, coherent with the hyp's caches: the line is
 * now dirty in the coherent domain, which every CPU reads and whose
 * write-back will cover what a non-snooping device left at PoC there; a
 * non-snooping device reads PoC's older bytes until someone cleans it
 * (the hyp must, for memory it took and has the device read).
 */
void cache_host_store(uint64_t pa, uint64_t len);
/* A dsb on @cpu: its stores so far are complete. */
void cache_dsb(unsigned int cpu);
/* A clean and invalidate to PoC of [pa, pa + len) on @cpu (and its dsb). */
void cache_clean_inval(unsigned int cpu, uint64_t pa, uint64_t len);

/* A device access of @len bytes at @pa, snooping the CPUs' caches or not. */
void cache_device_access(uint64_t pa, void *buf, unsigned int len, bool write, bool snoop);

/* Each line @cpu stored to since its last dsb; true from @fn stops. */
void cache_pending(unsigned int cpu, bool (*fn)(uint64_t pa, void *arg), void *arg);

#endif
