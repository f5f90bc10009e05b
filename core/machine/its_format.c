// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS's formats, as the device reads them: its default configuration
 * (QEMU's virt board), the TYPER a configuration gives, BASER fields, and
 * the entry formats the architecture leaves to the implementation (QEMU's,
 * docs/QEMU_ITS.md §10). One reading for both platforms: the model
 * (its_hw.c) and the EL2 image's view of QEMU's ITS (core/el2/its_hw.c),
 * each of which keeps the configuration (its_hw_config()).
 */
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "its_hw.h"

void its_hw_default_config(struct its_hw_config *c)
{
	memset(c, 0, sizeof(*c));
	c->psz_shift[ITS_HW_DEVICE] = 16;
	c->psz_shift[ITS_HW_COLLECTION] = 16;
	c->indirect = 1u << ITS_HW_DEVICE | 1u << ITS_HW_COLLECTION;
	c->devbits = 16;
	c->idbits = 16;
	c->cidbits = 16;
	c->ite_size = 12;
	c->queue_pages = 16;
	c->coherent = 1;
}

uint64_t its_hw_typer(const struct its_hw_config *c)
{
	uint64_t v = GITS_TYPER_PLPIS;

	v |= FIELD_PREP(GITS_TYPER_ITT_ENTRY_SIZE, c->ite_size - 1);
	v |= FIELD_PREP(GITS_TYPER_IDBITS, c->idbits - 1);
	v |= FIELD_PREP(GITS_TYPER_DEVBITS, c->devbits - 1);
	if (c->cidbits)
		v |= GITS_TYPER_CIL | FIELD_PREP(GITS_TYPER_CIDBITS, c->cidbits - 1);
	return v;
}

uint64_t its_hw_baser_psz(uint64_t baser)
{
	switch (FIELD_GET(GITS_BASER_PAGE_SIZE, baser)) {
	case GITS_BASER_PAGE_SIZE_4K:	return SZ_4K;
	case GITS_BASER_PAGE_SIZE_16K:	return SZ_16K;
	default:			return SZ_64K;
	}
}

uint64_t its_hw_baser_pa(uint64_t baser)
{
	if (its_hw_baser_psz(baser) == SZ_64K)
		return (baser & GITS_BASER_ADDRESS_64K) |
		       FIELD_GET(GITS_BASER_ADDRESS_64K_HI, baser) << 48;
	return baser & GITS_BASER_ADDRESS_4K;
}

uint64_t its_hw_baser_addr(uint64_t pa, uint64_t psz)
{
	if (psz == SZ_64K)
		return (pa & GITS_BASER_ADDRESS_64K) |
		       FIELD_PREP(GITS_BASER_ADDRESS_64K_HI, pa >> 48);
	return pa & GITS_BASER_ADDRESS_4K;
}

unsigned int its_hw_typer_id_bits(uint64_t typer, uint64_t type)
{
	switch (type) {
	case GITS_BASER_TYPE_DEVICE:
		return (unsigned int)FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1;
	case GITS_BASER_TYPE_COLLECTION:
		if (typer & GITS_TYPER_CIL)
			return (unsigned int)FIELD_GET(GITS_TYPER_CIDBITS, typer) + 1;
		return 16;
	default:
		return 16;
	}
}

bool its_hw_l1_l2(uint64_t l1_entry, uint64_t *pa)
{
	/* QEMU takes the L2 address from bits [50:0]. */
	*pa = l1_entry & GENMASK_ULL(50, 0);
	return l1_entry & GITS_LVL1_ENTRY_VALID;
}

bool its_hw_dte_itt(uint64_t dte, uint64_t *itt, uint64_t *bytes)
{
	uint64_t size = (dte >> 1) & 0x1f;

	*itt = ((dte >> 6) & GENMASK_ULL(43, 0)) << 8;
	*bytes = (2ULL << size) * its_hw_config()->ite_size;
	return dte & 1;
}

uint64_t its_hw_table_ids(enum its_hw_table table)
{
	const struct its_hw_config *c = its_hw_config();

	switch (table) {
	case ITS_HW_DEVICE:
		return 1ULL << c->devbits;
	case ITS_HW_COLLECTION:
		return c->cidbits ? 1ULL << c->cidbits : 1ULL << 16;
	default:
		return 1ULL << 16;
	}
}
