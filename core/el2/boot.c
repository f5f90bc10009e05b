// SPDX-License-Identifier: GPL-2.0-only
/*
 * From start.S to el2_main(): the MMU on, a banner that tells the runner
 * the image started, and the exit with el2_main()'s code.
 */
#include <string.h>

#include <el2/el2.h>

#include "el2_internal.h"

extern char __far_start[], __far_end[];

volatile bool el2_probing_ram;

/*
 * The private region and the far bss lie past any program's RAM: QEMU
 * must have RAM up to their end. Neither semihosting (HEAPINFO answers
 * the largest gap between loaded segments) nor virt's fw_cfg says how
 * much it has, so the last word is read: without RAM there, the access
 * aborts and the vector table, seeing el2_probing_ram, says so in one
 * line (exception.c).
 */
static void probe_ram(void)
{
	el2_probing_ram = true;
	(void)*(volatile uint64_t *)(uintptr_t)(EL2_FAR_BASE + EL2_FAR_SIZE - 8);
	el2_probing_ram = false;
}

void el2_boot(void)
{
	el2_mmu_init();
	el2_printf("el2fuzz-el2: boot, MMU on\n");
	probe_ram();
	memset(__far_start, 0, (size_t)(__far_end - __far_start));
	el2_exit(el2_main());
}
