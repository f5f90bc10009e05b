// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device frames. The ITS frame is the ITS model (its_hw.c); until another
 * device has a model of its own, its frame is a plain register file: a
 * read returns what was last written at that offset.
 */
#include <string.h>

#include "mem_internal.h"

static uint8_t regs[1 + SIM_MAX_DEVICES][SIM_ITS_SIZE];
static bool dirty[1 + SIM_MAX_DEVICES];

static uint8_t *reg_ptr(uint64_t pa, int *dev)
{
	uint64_t base;

	*dev = machine_device(pa);
	if (*dev < 0)
		return NULL;
	base = *dev ? SIM_DEV_BASE + (uint64_t)(*dev - 1) * SIM_DEV_SIZE : SIM_ITS_BASE;
	return &regs[*dev][pa - base];
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
	dirty[dev] = true;
	memcpy(reg, &val, width);
}

void mmio_reset(void)
{
	unsigned int i;

	for (i = 0; i < 1 + SIM_MAX_DEVICES; i++) {
		if (dirty[i])
			memset(regs[i], 0, sizeof(regs[i]));
		dirty[i] = false;
	}
	its_hw_reset(&machine_config()->its);
}
