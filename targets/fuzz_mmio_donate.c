// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO donation and memory ownership against a malicious host: donate and
 * reclaim device pages with any pfn, share and unshare, host reads and
 * writes, reclaim under memory pressure, fault plans.
 */
#include "../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("mmio_donate", data, size);
	return 0;
}
