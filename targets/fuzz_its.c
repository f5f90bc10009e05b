// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS mediator whole: every ITS op in one target (bring-up, hostile
 * host state and placements, setup and teardown, trapped register
 * accesses, commands, fault plans and device stalls, the other CPU), so
 * that defects needing setup-time and run-time actions together are
 * reachable. its_setup and its_mediator stay for speed.
 */
#include "../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("its", data, size);
	return 0;
}
