// SPDX-License-Identifier: GPL-2.0-only
/*
 * The empty target: built with the same engine and flags as the real ones,
 * it is the ceiling their throughput is measured against (bench/).
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
