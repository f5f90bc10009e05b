// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device frames. The ITS frame is the ITS model (its_hw.c); until another
 * device has a model of its own, its frame is a plain register file: a
 * read returns what was last written at that offset.
 */
#include <string.h>

#include "mem_internal.h"

#define CHUNK_SHIFT	12

/* Plain device frames; dirty[] has a bit per 4 KiB chunk written. */
static uint8_t regs[SIM_MAX_DEVICES][SIM_DEV_SIZE];
static uint32_t dirty[SIM_MAX_DEVICES];

_Static_assert(SIM_DEV_SIZE >> CHUNK_SHIFT <= 32, "one dirty bit per chunk");

static uint8_t *reg_ptr(uint64_t pa, int *dev)
{
	uint64_t off;

	*dev = machine_device(pa) - 1;
	if (*dev < 0)
		return NULL;
	off = pa - SIM_DEV_BASE - (uint64_t)*dev * SIM_DEV_SIZE;
	return &regs[*dev][off];
}

uint64_t mmio_read(uint64_t pa, unsigned int width)
{
	uint64_t val = 0;
	uint8_t *reg;
	int dev;

	if (machine_device(pa) == 0)
		return its_hw_read(pa - SIM_ITS_BASE, width);
	reg = reg_ptr(pa, &dev);
	if (reg)
		memcpy(&val, reg, width);
	return val;
}

void mmio_write(uint64_t pa, unsigned int width, uint64_t val)
{
	uint8_t *reg;
	int dev;

	if (machine_device(pa) == 0) {
		its_hw_write(pa - SIM_ITS_BASE, width, val);
		return;
	}
	reg = reg_ptr(pa, &dev);
	if (!reg)
		return;
	dirty[dev] |= 1u << ((reg - regs[dev]) >> CHUNK_SHIFT);
	memcpy(reg, &val, width);
}

void mmio_reset(void)
{
	unsigned int i;

	/* Clear only the chunks the last run wrote. */
	for (i = 0; i < SIM_MAX_DEVICES; i++) {
		while (dirty[i]) {
			unsigned int c = (unsigned int)__builtin_ctz(dirty[i]);

			memset(regs[i] + ((size_t)c << CHUNK_SHIFT), 0, 1u << CHUNK_SHIFT);
			dirty[i] &= dirty[i] - 1;
		}
	}
	its_hw_reset(&machine_config()->its);
}
