// SPDX-License-Identifier: GPL-2.0-only
/*
 * ITS emulation setup and rollback against a malicious host on another
 * CPU: benign and hostile bring-ups, hostile setup arguments and state,
 * fault plans in every primitive setup uses, L1 rewrites at interleaving
 * points, teardown of complete setups.
 */
#include "../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("its_setup", data, size);
	return 0;
}
