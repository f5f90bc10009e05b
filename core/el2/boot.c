// SPDX-License-Identifier: GPL-2.0-only
/*
 * From start.S to el2_main(): the MMU on, a banner that tells the runner
 * the image started, and the exit with el2_main()'s code.
 */
#include <el2/el2.h>

#include "el2_internal.h"

void el2_boot(void)
{
	el2_mmu_init();
	el2_printf("el2fuzz-el2: boot, MMU on, QEMU RAM %llu MiB\n",
		   (unsigned long long)(el2_qemu_ram_size() >> 20));
	el2_exit(el2_main());
}
