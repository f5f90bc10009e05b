// SPDX-License-Identifier: GPL-2.0-only
/*
 * Realm RIPAS change completion against a malicious guest: the realm's RTT
 * layout and memory, RIPAS requests with any base, top and value, failed
 * RTT creations and memory-cache top-ups.
 */
#include "../core/program/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	prog_run_bytes("realm_ripas", data, size);
	return 0;
}
