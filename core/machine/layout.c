// SPDX-License-Identifier: GPL-2.0-only
/*
 * What lies at a physical address: RAM, a device's frame (the ITS first),
 * or nothing. One rule for both platforms, the simulation and the EL2
 * image (QEMU virt's layout is the simulation's, core/el2/machine.c).
 */
#include "machine.h"

enum mem_kind machine_kind(uint64_t pa)
{
	if (pa >= SIM_RAM_BASE && pa < SIM_RAM_BASE + machine_config()->ram_size)
		return MEM_RAM;
	if (machine_device(pa) >= 0)
		return MEM_MMIO;
	return MEM_HOLE;
}

int machine_device(uint64_t pa)
{
	unsigned int nr_devices = machine_config()->nr_devices;

	if (pa >= SIM_ITS_BASE && pa < SIM_ITS_BASE + SIM_ITS_SIZE)
		return 0;
	if (pa >= SIM_DEV_BASE && pa < SIM_DEV_BASE + nr_devices * SIM_DEV_SIZE)
		return 1 + (int)((pa - SIM_DEV_BASE) / SIM_DEV_SIZE);
	return -1;
}
