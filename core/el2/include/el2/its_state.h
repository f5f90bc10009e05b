/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * el2/its_state: the state visible through an ITS, as text, for the
 * differential check of the project's ITS model against QEMU's.
 *
 * Portable C11 (stdint/stdbool/stddef only, no libc, no platform call):
 * the same file builds into the EL2 image, where it reads QEMU's ITS and
 * RAM, and into a host program, where it reads the simulated ITS
 * (its_hw_read, machine_ram_read). Both produce the same lines for the
 * same state, so comparing two runs is a text diff.
 *
 * Lines, in this order (numbers in hex, 0x-prefixed):
 *   its reg ctlr=.. typer=.. cbaser=.. cwriter=.. creadr=.. stalled=0|1
 *   its baser n=N val=..                          every BASER, as read
 *   its l1 t=N idx=.. val=..                      valid L1 entries (architected)
 *   its dte dev=.. size=.. itt=..                 valid device entries
 *   its cte icid=.. rdbase=..                     valid collection entries
 *   its ite dev=.. ev=.. intid=.. icid=..         valid physical ITEs
 *   its vite dev=.. ev=.. vintid=.. vpe=.. db=..  valid virtual ITEs
 *   its mem pa=.. val=..                          (raw only) non-zero u64s
 *   its bad what=.. pa=..                         memory the walk could not read
 *
 * Normalised: DTE, CTE and ITE layouts are implementation defined; they
 * are decoded (QEMU 7.2's layouts, which the simulated ITS also uses,
 * docs/QEMU_ITS.md §10) and printed as fields. A physical ITE's doorbell
 * word (QEMU writes 1023, the architecture leaves it unspecified) and
 * GITS_IIDR are left out. ctlr has only Enabled and Quiescent.
 */
#ifndef EL2FUZZ_EL2_ITS_STATE_H
#define EL2FUZZ_EL2_ITS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct its_state_src {
	/* A register of the real ITS at @off (no side effects: CTLR..BASER7). */
	uint64_t (*reg)(void *ctx, uint64_t off);
	/* @len bytes of memory at @pa as the device reads them: 0, or -1. */
	int (*mem)(void *ctx, uint64_t pa, void *buf, unsigned int len);
	/* One line, without its newline. */
	void (*emit)(void *ctx, const char *line);
	void *ctx;
	bool raw;		/* also every non-zero u64 of the tables and ITTs */
	uint32_t max_events;	/* per device, ITEs looked at (0: 4096) */
};

void its_state_dump(const struct its_state_src *src);

#endif
