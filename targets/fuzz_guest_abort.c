// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 aborts from a malicious guest: any IPA, data or instruction,
 * AArch64 EL0/EL1 or AArch32 with or without LPAE, against every PARange
 * encoding and VM IPA size.
 */
#include "../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("guest_abort", data, size);
	return 0;
}
