// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hyp's caches against a device's view of memory; see cache.h.
 *
 * Each state is a set of 64-byte lines kept as one 64-bit mask per 4 KiB
 * granule (a hash of granules, reset in O(granules touched)): the lines
 * the hyp stored to and did not clean, per CPU the lines stored to since
 * its last dsb, and the lines a non-snooping device wrote that the hyp did
 * not invalidate. Whole-page clears of tables cost a mask each, not a copy.
 */
#include <string.h>

#include "cache.h"
#include "machine.h"

#define NR_CPUS		SIM_NR_CPUS
#define GRANULE		4096ULL
#define SLOTS		32768		/* a power of two: 128 MiB of granules */
#define MAX_USED	(SLOTS / 2)

struct gran_set {
	uint64_t key[SLOTS];		/* granule + 1; 0: empty */
	uint64_t mask[SLOTS];		/* a bit per line */
	uint32_t used[MAX_USED];
	unsigned int nr;
	bool full;
};

static struct gran_set unclean;
static struct gran_set pending[NR_CPUS];
static struct gran_set device_written;
static struct gran_set host_dirty;
static cache_hook_t hook;

static uint32_t slot_of(uint64_t granule)
{
	return (uint32_t)(((granule + 1) * 0x9e3779b97f4a7c15ULL) >> 49) & (SLOTS - 1);
}

/* The slot of @granule, inserted if @create; -1 if absent (or full). */
static int lookup(struct gran_set *s, uint64_t granule, bool create)
{
	uint32_t i = slot_of(granule);

	while (s->key[i]) {
		if (s->key[i] == granule + 1)
			return (int)i;
		i = (i + 1) & (SLOTS - 1);
	}
	if (!create)
		return -1;
	if (s->nr == MAX_USED) {
		s->full = true;
		return -1;
	}
	s->key[i] = granule + 1;
	s->mask[i] = 0;
	s->used[s->nr++] = i;
	return (int)i;
}

static void clear(struct gran_set *s)
{
	while (s->nr) {
		s->key[s->used[--s->nr]] = 0;
	}
	s->full = false;
}

/* The lines of [pa, pa + len) within the granule at @g. */
static uint64_t lines_in(uint64_t g, uint64_t pa, uint64_t len)
{
	uint64_t lo = pa > g ? pa : g;
	uint64_t hi = pa + len < g + GRANULE ? pa + len : g + GRANULE;
	unsigned int first = (unsigned int)((lo - g) / CACHE_LINE);
	unsigned int last = (unsigned int)((hi - 1 - g) / CACHE_LINE);

	return (last == 63 ? ~0ULL : (1ULL << (last + 1)) - 1) & ~((1ULL << first) - 1);
}

#define EACH_GRANULE(g, pa, len)					\
	for (g = (pa) & ~(GRANULE - 1); g < (pa) + (len); g += GRANULE)

static void set_lines(struct gran_set *s, uint64_t pa, uint64_t len)
{
	uint64_t g;
	int i;

	EACH_GRANULE(g, pa, len) {
		i = lookup(s, g, true);
		if (i >= 0)
			s->mask[i] |= lines_in(g, pa, len);
	}
}

static void clear_lines(struct gran_set *s, uint64_t pa, uint64_t len)
{
	uint64_t g;
	int i;

	if (!s->nr)
		return;
	EACH_GRANULE(g, pa, len) {
		i = lookup(s, g, false);
		if (i >= 0)
			s->mask[i] &= ~lines_in(g, pa, len);
	}
}

/* clear_lines() for the lines [pa, pa + len) covers whole, none if it covers none. */
static void clear_whole_lines(struct gran_set *s, uint64_t pa, uint64_t len)
{
	uint64_t lo = (pa + CACHE_LINE - 1) & ~(uint64_t)(CACHE_LINE - 1);
	uint64_t hi = (pa + len) & ~(uint64_t)(CACHE_LINE - 1);

	if (hi > lo)
		clear_lines(s, lo, hi - lo);
}

/* The first line of [pa, pa + len) in @s, or ~0. */
static uint64_t first_line(struct gran_set *s, uint64_t pa, uint64_t len)
{
	uint64_t g, m;
	int i;

	if (!s->nr)
		return ~0ULL;
	EACH_GRANULE(g, pa, len) {
		i = lookup(s, g, false);
		if (i < 0)
			continue;
		m = s->mask[i] & lines_in(g, pa, len);
		if (m)
			return g + (uint64_t)__builtin_ctzll(m) * CACHE_LINE;
	}
	return ~0ULL;
}

void cache_set_hook(cache_hook_t h)
{
	hook = h;
}

void cache_reset(void)
{
	unsigned int c;

	clear(&unclean);
	clear(&device_written);
	clear(&host_dirty);
	for (c = 0; c < NR_CPUS; c++)
		clear(&pending[c]);
}

void cache_hyp_store(unsigned int cpu, uint64_t pa, uint64_t len)
{
	unsigned int c;

	set_lines(&unclean, pa, len);
	set_lines(&pending[cpu % NR_CPUS], pa, len);
	/*
	 * A line this store covers whole supersedes what another CPU stored
	 * there and has not yet ordered: in a hyp free of races (O17) the
	 * lock that orders the two puts the other CPU's store first, so the
	 * device can only see this one (a page scrubbed for the ITS that was
	 * once the hyp's private state, stored to on the other CPU).
	 */
	for (c = 0; c < NR_CPUS; c++)
		if (c != cpu % NR_CPUS)
			clear_whole_lines(&pending[c], pa, len);
	/*
	 * The hyp's own write makes its copy the current one, for the lines it
	 * covers whole: the rest of a line it stores into in part is still
	 * what its cache held before the device wrote.
	 */
	clear_whole_lines(&device_written, pa, len);
}

void cache_hyp_load(unsigned int cpu, uint64_t pa, uint64_t len)
{
	uint64_t line;

	(void)cpu;
	line = first_line(&device_written, pa, len);
	if (line != ~0ULL && hook)
		hook(CACHE_HYP_READ_STALE, line, CACHE_LINE);
}

void cache_host_store(uint64_t pa, uint64_t len)
{
	clear_lines(&device_written, pa, len);
	set_lines(&host_dirty, pa, len);
}

void cache_dsb(unsigned int cpu)
{
	clear(&pending[cpu % NR_CPUS]);
}

void cache_clean_inval(unsigned int cpu, uint64_t pa, uint64_t len)
{
	clear_lines(&unclean, pa, len);
	clear_lines(&device_written, pa, len);
	clear_lines(&host_dirty, pa, len);
	/* The kernel's clean ends with a dsb: everything before it is complete. */
	cache_dsb(cpu);
}

/*
 * The model does not keep what PoC holds (a copy per line stored to would
 * cost a page per page cleared): a non-snooping read of a line the hyp has
 * not cleaned is reported, whatever the bytes, and the read goes on with
 * the hyp's values.
 */
void cache_device_access(uint64_t pa, void *buf, unsigned int len, bool write, bool snoop)
{
	uint64_t line;

	(void)buf;
	if (snoop)
		return;
	if (write) {
		set_lines(&device_written, pa, len);
		/*
		 * Only lines the write covers whole are PoC's own now: the
		 * rest of a line the hyp dirtied is still older bytes at PoC
		 * (an 8-byte DTE written into a zeroed but uncleaned L2 line
		 * leaves the host's junk around it for the next read).
		 */
		clear_whole_lines(&unclean, pa, len);
		clear_whole_lines(&host_dirty, pa, len);
		return;
	}
	line = first_line(&unclean, pa, len);
	if (line != ~0ULL && hook) {
		hook(CACHE_DEVICE_READ_UNCLEAN, line < pa ? pa : line, len);
		return;
	}
	line = first_line(&host_dirty, pa, len);
	if (line != ~0ULL && hook)
		hook(CACHE_DEVICE_READ_HOST_DIRTY, line < pa ? pa : line, len);
}

void cache_pending(unsigned int cpu, bool (*fn)(uint64_t pa, void *arg), void *arg)
{
	const struct gran_set *s = &pending[cpu % NR_CPUS];
	unsigned int i, b;
	uint64_t m, g;

	for (i = 0; i < s->nr; i++) {
		g = s->key[s->used[i]] - 1;
		m = s->mask[s->used[i]];
		while (m) {
			b = (unsigned int)__builtin_ctzll(m);
			m &= m - 1;
			if (fn(g + (uint64_t)b * CACHE_LINE, arg))
				return;
		}
	}
}
