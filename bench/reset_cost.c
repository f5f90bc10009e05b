// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reset cost (SPEC §3): the time to reset the machine between two inputs,
 * after an input that touched 1, 10, 100 or 1,000 pages, against what a
 * reset of the whole memory would cost. A benchmark, not a test: it prints
 * figures for docs/BENCHMARKS.md and asserts nothing.
 *
 * usage: bench_reset [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvhe/mem_protect.h>

#include "../core/machine/machine.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* An input's worth of work: fault in, write and share @n pages. */
static void touch(unsigned int n, unsigned int shift)
{
	uint64_t base = SIM_RAM_BASE + SIM_HYP_CARVEOUT;
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint64_t pa = base + ((uint64_t)i << shift);

		handle_host_mem_abort(pa);
		machine_host_write(pa, 8, i + 1);
		if (i % 2)
			__pkvm_host_share_hyp(pa >> shift);
	}
}

int main(int argc, char **argv)
{
	static const unsigned int pages[] = { 0, 1, 10, 100, 1000 };
	struct machine_config cfg = { .page_shift = 12, .ram_size = 128 << 20, .nr_devices = 4 };
	unsigned int rounds = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 2000;
	unsigned int p, r;
	double t0, total;
	char *ram;

	if (machine_boot(&cfg))
		return 1;
	printf("%-14s %14s %10s\n", "pages touched", "reset (ns)", "touched");
	for (p = 0; p < sizeof(pages) / sizeof(pages[0]); p++) {
		unsigned int n = 0;

		total = 0;
		for (r = 0; r < rounds; r++) {
			touch(pages[p], cfg.page_shift);
			n = machine_touched();
			t0 = now_ns();
			machine_boot(&cfg);
			total += now_ns() - t0;
		}
		printf("%-14u %14.0f %10u\n", pages[p], total / rounds, n);
	}
	/* The counterfactual: clearing all RAM and every page record. */
	ram = malloc(cfg.ram_size);
	if (!ram)
		return 1;
	total = 0;
	for (r = 0; r < 20; r++) {
		t0 = now_ns();
		memset(ram, r, cfg.ram_size);
		__asm__ volatile("" : : "r"(ram) : "memory");	/* keep the stores */
		total += now_ns() - t0;
	}
	printf("%-14s %14.0f %10s\n", "whole memory", total / 20, "-");
	free(ram);
	return 0;
}
