// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's side at EL2 (el2/host.h): what the harness, playing the host
 * and the other CPU, does to memory and devices. The simulation's
 * counterpart is core/machine/mem.c's host accesses and mmio.c.
 *
 * RAM is reached through the host alias (el2_host_ptr()), after the host
 * stage-2 record says the host may; the ITS frame goes to the ITS as a
 * CPU reaches it (its_hw.c). The other device frames are plain register
 * files, as in the simulation, for the hyp and the host alike: they
 * stand for devices the host owns (MMIO donation), and QEMU's UART, RTC,
 * fw_cfg and GPIO at those addresses would answer reads of unimplemented
 * offsets with an external abort and writes with DMA.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/kvm_pgtable.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include <el2/host.h>

#include "el2_internal.h"

static uint8_t *dev_regs;	/* EL2_MAX_DEVICES frames of EL2_DEV_SIZE */

void el2_devices_init(void)
{
	dev_regs = el2_alloc(EL2_MAX_DEVICES * EL2_DEV_SIZE, 64);
}

/* The register file behind @pa, or NULL if @pa is in no device frame. */
static uint8_t *dev_reg(uint64_t pa, unsigned int width)
{
	uint64_t end = EL2_DEV_BASE + el2_platform_config()->nr_devices * EL2_DEV_SIZE;

	if (pa < EL2_DEV_BASE || pa >= end || width > end - pa)
		return NULL;
	return dev_regs + (pa - EL2_DEV_BASE);
}

uint64_t el2_device_read(uint64_t pa, unsigned int width)
{
	const uint8_t *reg;
	uint64_t val = 0;

	if (el2_in_its(pa))
		return el2_its_access(pa - EL2_ITS_BASE, width, false, 0);
	reg = dev_reg(pa, width);
	if (reg)
		memcpy(&val, reg, width);
	return val;
}

void el2_device_write(uint64_t pa, unsigned int width, uint64_t val)
{
	uint8_t *reg;

	if (el2_in_its(pa)) {
		el2_its_access(pa - EL2_ITS_BASE, width, true, val);
		return;
	}
	reg = dev_reg(pa, width);
	if (reg)
		memcpy(reg, &val, width);
}

bool el2_host_writable(uint64_t pa)
{
	const struct hyp_page *p;

	if (!addr_is_memory(pa))
		return false;
	p = el2_page_get(pa >> PAGE_SHIFT);
	return p->rec.host_state == PKVM_PAGE_OWNED ||
	       p->rec.host_state == PKVM_PAGE_SHARED_OWNED;
}

static int host_access_check(uint64_t pa, unsigned int width)
{
	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -EINVAL;
	if (pa & (width - 1))
		return -EINVAL;
	if (pa >= EL2_PA_LIMIT)
		return -EFAULT;
	if (!kvm_pte_valid(el2_page_get(pa >> PAGE_SHIFT)->rec.host_pte))
		return -EFAULT;
	return 0;
}

/*
 * A host access through the host stage-2. A mapped page that is neither
 * RAM nor a device frame (a hole the host faulted in as MMIO) reads as
 * zero and drops writes, as in the simulation.
 */
int el2_host_read(uint64_t pa, unsigned int width, uint64_t *val)
{
	int ret = host_access_check(pa, width);

	if (ret)
		return ret;
	*val = 0;
	if (addr_is_memory(pa))
		memcpy(val, el2_host_ptr(pa), width);
	else
		*val = el2_device_read(pa, width);
	return 0;
}

int el2_host_write(uint64_t pa, unsigned int width, uint64_t val)
{
	int ret = host_access_check(pa, width);

	if (ret)
		return ret;
	if (addr_is_memory(pa)) {
		el2_mark_written(pa, width);
		memcpy(el2_host_ptr(pa), &val, width);
	} else {
		el2_device_write(pa, width, val);
	}
	return 0;
}

int el2_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	if (!len || !el2_host_writable(pa) || !el2_host_writable(pa + len - 1))
		return -1;
	platform_hook_cpu2_write(pa, buf, len);
	el2_mark_written(pa, len);
	memcpy(el2_host_ptr(pa), buf, len);
	return 0;
}

int el2_ram_read(uint64_t pa, void *buf, unsigned int len)
{
	if (!len || !addr_is_memory(pa) || !addr_is_memory(pa + len - 1))
		return -1;
	memcpy(buf, el2_host_ptr(pa), len);
	return 0;
}

