// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS mediator's trap side against a malicious host: trapped accesses
 * to the ITS frame at any offset and width, before and after setup, with
 * the benign bring-up, teardown and the other CPU around them.
 */
#include "../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("its_mediator", data, size);
	return 0;
}
