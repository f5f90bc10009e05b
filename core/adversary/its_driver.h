/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The choices Linux's ITS driver makes when it brings a table up
 * (ITS_FACTS 1.7 and 1.9), which both hosts copy: the simulation's
 * (its_host.c here) and the EL2 image's (core/el2/its_host.c). The register
 * accesses stay each host's own; the arithmetic lives here once.
 */
#ifndef EL2FUZZ_ADVERSARY_ITS_DRIVER_H
#define EL2FUZZ_ADVERSARY_ITS_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "../machine/its_hw.h"

/* Both hosts cap a table at 1 MiB: a run's RAM is 16 MiB by default. */
#define ITS_DRIVER_TABLE_MAX	(1ULL << 20)

/* Two levels if one would take more than two pages (and the bit sticks). */
static inline bool its_driver_wants_indirect(uint64_t esz, unsigned int ids, uint64_t psz)
{
	return (esz << ids) > 2 * psz;
}

/* The bytes of a table of @ids id bits: the L1 if @indirect, else the table. */
static inline uint64_t its_driver_table_bytes(uint64_t esz, unsigned int ids, uint64_t psz,
					      bool indirect)
{
	unsigned int l2_bits = (unsigned int)__builtin_ctzll(psz / esz);
	uint64_t bytes;

	if (indirect)
		bytes = ids > l2_bits ? GITS_LVL1_ENTRY_SIZE << (ids - l2_bits) :
					GITS_LVL1_ENTRY_SIZE;
	else
		bytes = esz << ids;
	bytes = (bytes + psz - 1) & ~(psz - 1);
	if (bytes > ITS_DRIVER_TABLE_MAX)
		bytes = ITS_DRIVER_TABLE_MAX;
	if (bytes > GITS_BASER_PAGES_MAX * psz)
		bytes = GITS_BASER_PAGES_MAX * psz;
	return bytes;
}

/*
 * The BASER value the driver programs for a table of @bytes at @pa, from
 * the value the probe left in the register (@val: Type, Entry_Size and
 * Page_Size kept): valid, inner shareable, write-back.
 */
static inline uint64_t its_driver_baser(uint64_t val, bool indirect, uint64_t pa, uint64_t psz,
					uint64_t bytes)
{
	return (val & (GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE | GITS_BASER_PAGE_SIZE)) |
	       GITS_BASER_VALID | (indirect ? GITS_BASER_INDIRECT : 0) |
	       FIELD_PREP(GIC_BASER_SHAREABILITY, GIC_BASER_InnerShareable) |
	       FIELD_PREP(GIC_BASER_INNER_CACHEABILITY, GIC_BASER_RaWaWb) |
	       its_hw_baser_addr(pa, psz) | FIELD_PREP(GITS_BASER_SIZE, bytes / psz - 1);
}

#endif
