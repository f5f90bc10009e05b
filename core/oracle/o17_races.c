// SPDX-License-Identifier: GPL-2.0-only
/*
 * O17 races: when the hyp's two CPUs touch the same state, the accessors
 * they used must order the accesses (the kernel's memory model, in the
 * small). Happens-before is computed with vector clocks from what the
 * platform reports (core/machine/shared.h): a lock taken sees everything
 * before the last unlock of it; a load-acquire sees everything before the
 * store-release it read; a store fence then a marked store, and a marked
 * load then a load fence, pair the same way. Two accesses to the same
 * bytes, at least one a store, that happens-before does not order, are a
 * data race when either is plain (memory), or a device race when they hit
 * one device register (a register the hyp programs in steps, such as the
 * ITS's, is only consistent under the hyp's serialisation; not the ITS's
 * MSI doorbell, where each write is an event of its own).
 *
 * An auditor needs no mediator knowledge for it: only which accessors the
 * code used, which the compat headers report as the code runs. State is
 * per episode: CPU 0's entry and the second CPU's entry in it.
 */
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>

#include "invariant.h"
#include "../trace/trace.h"

#define O17_SLOTS	262144	/* shadow granules; a power of two */
#define O17_SYNCS	65536	/* locks and publishing stores; a power of two */
#define O17_GRANULE	8
#define O17_MAX_GRANULES 64	/* of one bulk access */
#define O17_CELLS	4	/* accesses remembered per granule */

typedef uint32_t vclock_t[SIM_NR_CPUS];

/*
 * An access to some bytes of a granule: which (@mask, a bit a byte; a
 * device register is its whole granule: one register), by which CPU, at
 * its clock then. Different bytes never race (the kernel's memory model:
 * each field is its own location), so a granule keeps a few such cells,
 * as ThreadSanitizer's shadow does; a cell of the same CPU and kind at the
 * same clock takes in the new bytes, and with no cell left the oldest
 * goes (a race it was part of may then be missed, never invented).
 */
struct cell {
	uint32_t clock;		/* 0: free */
	uint8_t cpu;
	uint8_t flags;
	uint8_t mask;
};

struct shadow {
	uintptr_t key;		/* 0: free */
	struct cell cell[O17_CELLS];
};

struct sync_var {
	uintptr_t key;
	vclock_t vc;
};

static struct {
	vclock_t vc[SIM_NR_CPUS];
	vclock_t fence_release[SIM_NR_CPUS];	/* at the CPU's last store fence */
	vclock_t acquire_pending[SIM_NR_CPUS];	/* what its marked loads read */
	/*
	 * What its last marked load read, for the acquire that follows it: the
	 * acquire is named after the load, and the other CPU may publish again
	 * in between, which the load did not see.
	 */
	vclock_t load_read[SIM_NR_CPUS];
	uintptr_t load_addr[SIM_NR_CPUS];
	unsigned int nr_syncs;
	bool lost_sync;		/* no room for a sync: stop judging this episode */
	bool lost_shadow;	/* no room for a granule: the same */
	bool reported;
} o17;

static struct shadow shadow[O17_SLOTS];
static uint32_t used[O17_SLOTS];
static unsigned int nr_used;
static struct sync_var syncs[O17_SYNCS];
static uint32_t syncs_used[O17_SYNCS];

static void join(vclock_t into, const vclock_t from)
{
	unsigned int c;

	for (c = 0; c < SIM_NR_CPUS; c++)
		if (from[c] > into[c])
			into[c] = from[c];
}

static void o17_reset(void)
{
	unsigned int c;

	while (nr_used)
		shadow[used[--nr_used]].key = 0;
	while (o17.nr_syncs)
		syncs[syncs_used[--o17.nr_syncs]].key = 0;
	memset(&o17, 0, sizeof(o17));
	for (c = 0; c < SIM_NR_CPUS; c++)
		o17.vc[c][c] = 1;
}

/* Each of CPU 0's entries starts an episode afresh. */
static void o17_entry_begin(const struct oracle_entry *e)
{
	(void)e;
	if (!machine_cpu() && (nr_used || o17.nr_syncs || o17.reported))
		o17_reset();
}

/*
 * What a lock's unlock or a publishing store left for its acquirer
 * (@create), or NULL if nothing did. Losing one would lose an order and
 * invent races, so a full table ends the episode's judging instead.
 */
static struct sync_var *sync_var(uintptr_t key, bool create)
{
	unsigned int i = (unsigned int)((key * 0x9e3779b97f4a7c15ULL) >> 48) & (O17_SYNCS - 1);
	unsigned int n;

	for (n = 0; n < O17_SYNCS; n++, i = (i + 1) & (O17_SYNCS - 1)) {
		if (syncs[i].key == key)
			return &syncs[i];
		if (syncs[i].key)
			continue;
		if (!create)
			return NULL;
		if (o17.nr_syncs == O17_SYNCS / 2) {
			o17.lost_sync = true;
			return NULL;
		}
		syncs[i].key = key;
		memset(syncs[i].vc, 0, sizeof(vclock_t));
		syncs_used[o17.nr_syncs++] = i;
		return &syncs[i];
	}
	return NULL;
}

static bool any(const vclock_t vc)
{
	unsigned int c;

	for (c = 0; c < SIM_NR_CPUS; c++)
		if (vc[c])
			return true;
	return false;
}

/*
 * The granule's shadow, or NULL once the table is half full. Keys are
 * host addresses, which ASLR moves: a table that evicted on collision
 * would forget different granules in different processes, and the same
 * program would race in one and not in another. Probing keeps every
 * granule; an episode that touches more (1 MiB) stops being judged, in
 * every process alike.
 */
static struct shadow *shadow_of(uintptr_t key)
{
	unsigned int i = (unsigned int)(((key >> 3) * 0x9e3779b97f4a7c15ULL) >> 46) &
			 (O17_SLOTS - 1);

	while (shadow[i].key) {
		if (shadow[i].key == key)
			return &shadow[i];
		i = (i + 1) & (O17_SLOTS - 1);
	}
	if (nr_used == O17_SLOTS / 2) {
		o17.lost_shadow = true;
		return NULL;
	}
	used[nr_used++] = i;
	memset(&shadow[i], 0, sizeof(shadow[i]));
	shadow[i].key = key;
	return &shadow[i];
}

static const char *kind_of(unsigned int flags)
{
	if (flags & SHARED_DEVICE)
		return flags & SHARED_STORE ? "device write" : "device read";
	if (flags & SHARED_RELEASE)
		return "store-release";
	if (flags & SHARED_MARKED)
		return flags & SHARED_STORE ? "marked store" : "marked load";
	return flags & SHARED_STORE ? "plain store" : "plain load";
}

static void report(uintptr_t key, unsigned int cpu, unsigned int flags, unsigned int other,
		   unsigned int oflags)
{
	static const char *const fields[] = {
		[VMEMMAP_REFCOUNT] = "refcount",
		[VMEMMAP_HOST_STATE] = "host state",
		[VMEMMAP_HYP_STATE] = "hyp state",
	};
	unsigned int field = (unsigned int)(key >> 3) & 3;
	bool device = flags & SHARED_DEVICE;

	if (o17.reported || o17.lost_sync || o17.lost_shadow)
		return;
	o17.reported = true;
	if (!device && (key & SHARED_VMEMMAP_ADDR) && field < sizeof(fields) / sizeof(fields[0])) {
		report_violation("O17", "data_race",
				 "CPU %u's %s of the vmemmap's %s of pfn 0x%llx and CPU %u's %s, in one episode, with nothing ordering them",
				 cpu, kind_of(flags), fields[field],
				 (unsigned long long)((key & ~SHARED_VMEMMAP_ADDR) >> 5), other,
				 kind_of(oflags));
		return;
	}
	report_violation("O17", device ? "device_race" : "data_race",
			 "CPU %u's %s of %s 0x%llx and CPU %u's %s, in one episode, with nothing ordering them",
			 cpu, kind_of(flags), device ? "register at pa" : "address",
			 (unsigned long long)(device ? key & ~SHARED_DEVICE_ADDR : key), other,
			 kind_of(oflags | (flags & SHARED_DEVICE)));
}

/* Whether two unordered accesses race: a plain one, or both on a device. */
static bool races(unsigned int a, unsigned int b)
{
	return (a & SHARED_DEVICE) || !(a & SHARED_MARKED) || !(b & SHARED_MARKED);
}

/* Remember this access in the granule's cells. */
static void remember(struct shadow *s, unsigned int cpu, unsigned int flags, uint8_t mask)
{
	uint32_t now = o17.vc[cpu][cpu];
	struct cell *c, *free = NULL, *oldest = NULL;
	unsigned int i;

	for (i = 0; i < O17_CELLS; i++) {
		c = &s->cell[i];
		if (!c->clock) {
			if (!free)
				free = c;
			continue;
		}
		/* The same CPU and kind since its last release: one cell. */
		if (c->cpu == cpu && c->flags == flags && c->clock == now) {
			c->mask |= mask;
			return;
		}
		/* Bytes this CPU now stores: its older access to them is ordered before. */
		if (c->cpu == cpu && (flags & SHARED_STORE) && !(c->mask & ~mask)) {
			c->clock = 0;
			if (!free)
				free = c;
			continue;
		}
		if (!oldest || c->clock < oldest->clock)
			oldest = c;
	}
	c = free ? free : oldest;
	*c = (struct cell){ .clock = now, .cpu = (uint8_t)cpu, .flags = (uint8_t)flags,
			    .mask = mask };
}

static void check_granule(uintptr_t key, unsigned int cpu, unsigned int flags, uint8_t mask)
{
	struct shadow *s = shadow_of(key);
	unsigned int o = 1 - cpu;
	const struct cell *c;
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < O17_CELLS; i++) {
		c = &s->cell[i];
		if (!c->clock || c->cpu != o || !(c->mask & mask) ||
		    !((flags | c->flags) & SHARED_STORE) || c->clock <= o17.vc[cpu][o] ||
		    !races(flags, c->flags))
			continue;
		report(key, cpu, flags, o, c->flags);
		break;
	}
	remember(s, cpu, flags, mask);
}

/* The bytes of granule @g that [@addr, @end) covers, a bit each. */
static uint8_t bytes_of(uintptr_t g, uintptr_t addr, uintptr_t end)
{
	uintptr_t lo = addr > g ? addr : g;
	uintptr_t hi = end < g + O17_GRANULE ? end : g + O17_GRANULE;

	return (uint8_t)(((1u << (hi - lo)) - 1) << (lo - g));
}

/*
 * The ITS's translation frame (its second 64 KiB: GITS_TRANSLATER) takes
 * MSIs, each write an event of its own that any number of agents make at
 * once (ITS_FACTS 1.1): nothing there is programmed in steps, so nothing
 * there races.
 */
static bool translation_frame(uintptr_t key)
{
	uint64_t pa = key & ~SHARED_DEVICE_ADDR;

	return machine_device(pa) == 0 && pa - SIM_ITS_BASE >= SZ_64K;
}

static void o17_shared(uintptr_t addr, unsigned int len, unsigned int flags)
{
	unsigned int cpu = machine_cpu();
	uintptr_t g = addr & ~(uintptr_t)(O17_GRANULE - 1);
	uintptr_t end = addr + (len ? len : 1);
	struct sync_var *v;
	unsigned int n;

	if ((flags & SHARED_DEVICE) && translation_frame(addr))
		return;
	for (n = 0; g < end && n < O17_MAX_GRANULES; g += O17_GRANULE, n++)
		check_granule(g, cpu, flags,
			      (flags & SHARED_DEVICE) ? 0xff : bytes_of(g, addr, end));
	if (flags & SHARED_DEVICE)
		return;
	/* What a marked store publishes (a release, or after a store fence). */
	if ((flags & (SHARED_STORE | SHARED_MARKED)) == (SHARED_STORE | SHARED_MARKED)) {
		if (!(flags & SHARED_RELEASE) && !any(o17.fence_release[cpu]))
			return;
		v = sync_var(addr, true);
		if (!v)
			return;
		join(v->vc, o17.fence_release[cpu]);
		if (flags & SHARED_RELEASE) {
			join(v->vc, o17.vc[cpu]);
			o17.vc[cpu][cpu]++;
		}
	} else if (flags & SHARED_MARKED) {
		/* And what a marked load may acquire at the next load fence. */
		v = sync_var(addr, false);
		if (v)
			join(o17.acquire_pending[cpu], v->vc);
		if (v)
			memcpy(o17.load_read[cpu], v->vc, sizeof(vclock_t));
		else
			memset(o17.load_read[cpu], 0, sizeof(vclock_t));
		o17.load_addr[cpu] = addr;
	}
}

static void o17_sync(enum sync_kind kind, uintptr_t addr)
{
	unsigned int cpu = machine_cpu();
	struct sync_var *v;

	switch (kind) {
	case SYNC_ACQUIRE:
		/* What the load it follows read, not what was published since. */
		if (addr == o17.load_addr[cpu]) {
			join(o17.vc[cpu], o17.load_read[cpu]);
			break;
		}
		/* fall through */
	case SYNC_LOCK:
		v = sync_var(addr, false);
		if (v)
			join(o17.vc[cpu], v->vc);
		break;
	case SYNC_UNLOCK:
		v = sync_var(addr, true);
		if (v)
			join(v->vc, o17.vc[cpu]);
		o17.vc[cpu][cpu]++;
		break;
	case SYNC_FENCE_FULL:
		join(o17.vc[cpu], o17.acquire_pending[cpu]);
		/* fall through */
	case SYNC_FENCE_STORES:
		memcpy(o17.fence_release[cpu], o17.vc[cpu], sizeof(vclock_t));
		o17.vc[cpu][cpu]++;
		break;
	case SYNC_FENCE_LOADS:
		join(o17.vc[cpu], o17.acquire_pending[cpu]);
		break;
	}
}

const struct invariant o17_races = {
	.id = "O17",
	.name = "races between the hyp's CPUs",
	.scope = SCOPE_EVERY,
	.reset = o17_reset,
	.entry_begin = o17_entry_begin,
	.shared = o17_shared,
	.sync = o17_sync,
};
