// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulation's side of the differential check, for diff_with_sim.sh:
 * run one text program on the simulated machine, then print the state
 * visible through the simulated ITS with the same its_state.c the EL2
 * image uses (registers through its_hw_read, memory as the device reads
 * it through machine_ram_read). Built against a host build's
 * libel2_core.a; "raw" as a second argument adds the raw words.
 */
#include <stdio.h>

#include <el2/its_state.h>

#include "machine/its_hw.h"
#include "machine/machine.h"
#include "machine/sancov.h"
#include "program/interp.h"
#include "program/program.h"
#include "util/file.h"

static uint64_t sim_reg(void *ctx, uint64_t off)
{
	(void)ctx;
	return its_hw_read(off, off == 0 ? 4 : 8);
}

static int sim_mem(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	(void)ctx;
	return machine_ram_read(pa, buf, len);
}

static void sim_emit(void *ctx, const char *line)
{
	(void)ctx;
	puts(line);
}

int main(int argc, char **argv)
{
	struct its_state_src src = {
		.reg = sim_reg,
		.mem = sim_mem,
		.emit = sim_emit,
		.raw = argc > 2,
	};
	static struct program prog;
	struct file_buf f;
	char err[256];

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROGRAM.txt [raw]\n", argv[0]);
		return 2;
	}
	if (file_read(argv[1], &f, err, sizeof(err)) ||
	    prog_parse((const char *)f.data, &prog, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	if (prog_run(&prog, NULL, NULL))
		return 1;
	/* The oracle's hooks would count the dump's own reads. */
	its_hw_set_reg_hook(NULL);
	its_hw_set_dma_hook(NULL);
	its_state_dump(&src);
	return 0;
}
