// SPDX-License-Identifier: GPL-2.0-only
/* A fuzz target with a mistyped name: one clear line and exit 2, no crash. */
#include "../../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("mmio_donat", data, size);
	return 0;
}
