// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RMM model; see rmm.h. RMI_RTT_SET_RIPAS follows the specification's
 * steps: check the range and that the host continues exactly where the
 * RMM stopped, walk towards level 3, refuse a base not aligned to the
 * level the walk ended at, then change whole entries of that one RTT
 * while they fit below top, stopping at the first entry that cannot
 * change. No entry changed is RMI_ERROR_RTT with the walk level.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <asm/kvm_rme.h>
#include <asm/rmi_smc.h>

#include "mem_internal.h"
#include "rmm.h"
#include "../fault/fault.h"
#include "../trace/trace.h"

struct rtt {
	uint64_t base;		/* IPA the table covers from */
	uint64_t granule;
	int level;
};

struct ival {
	uint64_t start;
	uint64_t end;
	uint8_t ripas;
	uint8_t assigned;
};

enum granule_state {
	GRANULE_FREE,		/* delegated, unused */
	GRANULE_CACHED,		/* in the host's memory cache */
	GRANULE_RTT,
};

static struct rmm_state {
	int start_level;
	unsigned int ia_bits;
	struct rtt rtts[RMM_MAX_RTTS];
	unsigned int nr_rtts;
	uint8_t pool[RMM_MAX_RTTS];
	unsigned int nr_iv;
	struct {
		uint64_t top;
		uint64_t addr;
		uint8_t ripas;
		bool change_destroyed;
		bool pending;
	} set_ripas;
	struct rmm_entry_log log;
	/* Last, and read only below nr_iv: a new realm does not clear it (48 KiB). */
	struct ival iv[RMM_MAX_IVALS];
} rmm;

static struct realm host_realm;
static struct rec_run host_run;
static struct realm_rec host_rec = { .rec = RMM_REC, .run = &host_run };
static const struct rmm_hooks *hooks;

void rmm_set_hooks(const struct rmm_hooks *h)
{
	hooks = h;
}

static uint64_t mapsize(int level)
{
	return 1ULL << RMM_RTT_LEVEL_SHIFT(level);
}

uint64_t rmm_protected_limit(void)
{
	return 1ULL << (rmm.ia_bits - 1);
}

/* The interval map -------------------------------------------------------- */

static unsigned int ival_find(uint64_t ipa)
{
	unsigned int lo = 0, hi = rmm.nr_iv;

	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if (rmm.iv[mid].start <= ipa)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Make @at the start of an interval; false if the map is full. */
static bool ival_split(uint64_t at)
{
	unsigned int i;

	if (at >= rmm_protected_limit())
		return true;
	i = ival_find(at);
	if (rmm.iv[i].start == at)
		return true;
	if (rmm.nr_iv == RMM_MAX_IVALS) {
		report_violation("O9", "model_full", "RIPAS interval map full");
		return false;
	}
	memmove(&rmm.iv[i + 2], &rmm.iv[i + 1], (rmm.nr_iv - i - 1) * sizeof(rmm.iv[0]));
	rmm.iv[i + 1] = rmm.iv[i];
	rmm.iv[i + 1].start = at;
	rmm.iv[i].end = at;
	rmm.nr_iv++;
	return true;
}

static void ival_merge(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < rmm.nr_iv; i++) {
		if (n && rmm.iv[n - 1].ripas == rmm.iv[i].ripas &&
		    rmm.iv[n - 1].assigned == rmm.iv[i].assigned)
			rmm.iv[n - 1].end = rmm.iv[i].end;
		else
			rmm.iv[n++] = rmm.iv[i];
	}
	rmm.nr_iv = n;
}

/* Set [start, end) (inside the protected space); -1 leaves a field alone. */
static void ival_set(uint64_t start, uint64_t end, int ripas, int assigned)
{
	unsigned int i;

	if (start >= end || !ival_split(start) || !ival_split(end))
		return;
	for (i = ival_find(start); i < rmm.nr_iv && rmm.iv[i].start < end; i++) {
		if (ripas >= 0)
			rmm.iv[i].ripas = (uint8_t)ripas;
		if (assigned >= 0)
			rmm.iv[i].assigned = (uint8_t)assigned;
	}
	ival_merge();
}

int rmm_ripas_at(uint64_t ipa, bool *assigned)
{
	const struct ival *v;

	if (ipa >= rmm_protected_limit())
		return -1;
	v = &rmm.iv[ival_find(ipa)];
	if (assigned)
		*assigned = v->assigned;
	return v->ripas;
}

/* First granule in [base, end) whose interval @match()es, or @end. */
static uint64_t first_where(uint64_t base, uint64_t end,
			    bool (*match)(const struct ival *v, int arg), int arg)
{
	unsigned int i;

	if (end > rmm_protected_limit())
		end = rmm_protected_limit();
	for (i = ival_find(base); base < end && i < rmm.nr_iv && rmm.iv[i].start < end; i++)
		if (match(&rmm.iv[i], arg))
			return rmm.iv[i].start > base ? rmm.iv[i].start : base;
	return end;
}

static bool ripas_is_not(const struct ival *v, int ripas)
{
	return v->ripas != ripas;
}

static bool ripas_is(const struct ival *v, int ripas)
{
	return v->ripas == ripas;
}

static bool is_assigned(const struct ival *v, int unused)
{
	(void)unused;
	return v->assigned;
}

uint64_t rmm_first_not(uint64_t base, uint64_t end, int ripas)
{
	return first_where(base, end, ripas_is_not, ripas);
}

uint64_t rmm_first_assigned(uint64_t base, uint64_t end)
{
	return first_where(base, end, is_assigned, 0);
}

uint64_t rmm_first_locked(uint64_t base, uint64_t end)
{
	if (rmm.set_ripas.change_destroyed)
		return end;
	return first_where(base, end, ripas_is, RMI_DESTROYED);
}

/* RTTs --------------------------------------------------------------------- */

static bool rtt_exists(int level, uint64_t base)
{
	unsigned int i;

	for (i = 0; i < rmm.nr_rtts; i++)
		if (rmm.rtts[i].level == level && rmm.rtts[i].base == base)
			return true;
	return false;
}

int rmm_rtt_walk(uint64_t ipa)
{
	int level = rmm.start_level;

	while (level < RMM_RTT_MAX_LEVEL &&
	       rtt_exists(level + 1, ipa & ~(mapsize(level) - 1)))
		level++;
	return level;
}

unsigned int rmm_nr_rtts(void)
{
	return rmm.nr_rtts;
}

unsigned int rmm_free_granules(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < RMM_MAX_RTTS; i++)
		n += rmm.pool[i] == GRANULE_FREE;
	return n;
}

static int pool_index(uint64_t granule)
{
	uint64_t i = (granule - RMM_POOL_BASE) / RMM_PAGE_SIZE;

	if (granule < RMM_POOL_BASE || granule % RMM_PAGE_SIZE || i >= RMM_MAX_RTTS)
		return -1;
	return (int)i;
}

static void rtt_add(int level, uint64_t base, int granule)
{
	rmm.pool[granule] = GRANULE_RTT;
	rmm.rtts[rmm.nr_rtts++] = (struct rtt){
		.base = base,
		.granule = RMM_POOL_BASE + (uint64_t)granule * RMM_PAGE_SIZE,
		.level = level,
	};
	TRACE2("[rmm]", "RTT level %llu created at ipa 0x%llx", level, base);
}

/* RMI ------------------------------------------------------------------------ */

static unsigned long invalid(const char *why, unsigned long fid, uint64_t arg)
{
	TRACE2("[rmm]", "invalid RMI call 0x%llx (arg 0x%llx)", fid, arg);
	if (hooks && hooks->invalid)
		hooks->invalid(why, fid, arg);
	return RMI_RETURN(RMI_ERROR_INPUT, 0);
}

static unsigned long rtt_create(unsigned long rd, unsigned long rtt, unsigned long addr,
				unsigned long level)
{
	int granule = pool_index(rtt);
	int walk;

	/* An injected failure: the RMM could not take the granule. */
	if (fault_should_fail(FAULT_RTT_CREATE))
		return RMI_RETURN(RMI_ERROR_INPUT, 0);
	if (rd != RMM_RD || !rmm.ia_bits)
		return invalid("rtt_create_rd", SMC_RMI_RTT_CREATE, rd);
	if ((long)level <= rmm.start_level || level > RMM_RTT_MAX_LEVEL)
		return invalid("rtt_create_level", SMC_RMI_RTT_CREATE, level);
	if (addr % mapsize((int)level - 1) || addr >= (1ULL << rmm.ia_bits))
		return invalid("rtt_create_addr", SMC_RMI_RTT_CREATE, addr);
	if (granule < 0 || rmm.pool[granule] == GRANULE_RTT)
		return invalid("rtt_create_granule", SMC_RMI_RTT_CREATE, rtt);
	/*
	 * The walk must end exactly at the parent: above it a parent is
	 * missing, below it the RTT exists. Both are the host's mistake
	 * here, and the RMM says which with RMI_ERROR_RTT and the level the
	 * walk reached (never deeper than the parent's).
	 */
	walk = rmm_rtt_walk(addr);
	if (walk < (int)level - 1) {
		invalid("rtt_create_no_parent", SMC_RMI_RTT_CREATE, addr);
		return RMI_RETURN(RMI_ERROR_RTT, walk);
	}
	if (walk > (int)level - 1) {
		invalid("rtt_create_exists", SMC_RMI_RTT_CREATE, addr);
		return RMI_RETURN(RMI_ERROR_RTT, level - 1);
	}
	rtt_add((int)level, addr, granule);
	rmm.log.rtt_creates++;
	return RMI_SUCCESS;
}

static unsigned long set_ripas(unsigned long rd, unsigned long rec, unsigned long base,
			       unsigned long top, unsigned long *next)
{
	uint64_t size, limit, end, stop, table_end;
	int level;

	if (top <= base || top % RMM_PAGE_SIZE)
		return invalid("set_ripas_range", SMC_RMI_RTT_SET_RIPAS, top);
	if (rd != RMM_RD || !rmm.ia_bits)
		return invalid("set_ripas_rd", SMC_RMI_RTT_SET_RIPAS, rd);
	if (rec != RMM_REC)
		return RMI_RETURN(RMI_ERROR_REC, 0);
	if (!rmm.set_ripas.pending || base != rmm.set_ripas.addr || top > rmm.set_ripas.top)
		return invalid("set_ripas_not_where_stopped", SMC_RMI_RTT_SET_RIPAS, base);

	level = rmm_rtt_walk(base);
	size = mapsize(level);
	if (base % size)
		return RMI_RETURN(RMI_ERROR_RTT, level);

	/* Whole entries of this one RTT that fit below top. */
	table_end = level == rmm.start_level ? 1ULL << rmm.ia_bits :
		    (base & ~(mapsize(level - 1) - 1)) + mapsize(level - 1);
	limit = top < table_end ? top : table_end;
	end = base + (limit - base) / size * size;
	/* The first entry holding a granule that may not change stops it. */
	stop = rmm_first_locked(base, end);
	stop = stop == end ? end : stop & ~(size - 1);
	if (stop <= base)
		return RMI_RETURN(RMI_ERROR_RTT, level);

	ival_set(base, stop, rmm.set_ripas.ripas, -1);
	rmm.set_ripas.addr = stop;
	*next = stop;
	TRACE3("[rmm]", "RIPAS %llu on [0x%llx, 0x%llx)", rmm.set_ripas.ripas, base, stop);
	return RMI_SUCCESS;
}

void arm_smccc_1_1_invoke(unsigned long fid, unsigned long a1, unsigned long a2,
			  unsigned long a3, unsigned long a4, struct arm_smccc_res *res)
{
	platform_hook_call("rmi", fid);
	memset(res, 0, sizeof(*res));
	switch (fid) {
	case SMC_RMI_RTT_CREATE:
		res->a0 = rtt_create(a1, a2, a3, a4);
		TRACE4("[rmi]", "RTT_CREATE ipa 0x%llx level %llu rtt 0x%llx -> 0x%llx",
		       a3, a4, a2, res->a0);
		break;
	case SMC_RMI_RTT_SET_RIPAS:
		rmm.log.set_ripas_calls++;
		res->a0 = set_ripas(a1, a2, a3, a4, &res->a1);
		TRACE4("[rmi]", "RTT_SET_RIPAS [0x%llx, 0x%llx) -> 0x%llx next 0x%llx",
		       a3, a4, res->a0, res->a1);
		if (hooks && hooks->set_ripas)
			hooks->set_ripas(a3, a4, res->a0, res->a1);
		break;
	default:
		res->a0 = invalid("unknown_fid", fid, a1);
		break;
	}
}

/* Host services -------------------------------------------------------------- */

int kvm_mmu_topup_memory_cache(struct kvm_mmu_memory_cache *mc, int min)
{
	unsigned int i = 0;
	int ret;

	platform_hook_call("memcache_topup", (uint64_t)min);
	rmm.log.topups++;
	ret = fault_should_fail(FAULT_MEMCACHE);
	if (ret)
		return ret;
	if (min > KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE)
		min = KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE;
	while (mc->nobjs < min) {
		while (i < RMM_MAX_RTTS && rmm.pool[i] != GRANULE_FREE)
			i++;
		if (i == RMM_MAX_RTTS)
			return -ENOMEM;
		rmm.pool[i] = GRANULE_CACHED;
		mc->objects[mc->nobjs++] = RMM_POOL_BASE + (uint64_t)i * RMM_PAGE_SIZE;
	}
	return 0;
}

void kvm_realm_unmap_range(struct realm *realm, unsigned long start, unsigned long size)
{
	unsigned int i;
	uint64_t end;

	platform_hook_call("realm_unmap", start);
	(void)realm;
	if (__builtin_add_overflow(start, size, &end))
		end = UINT64_MAX;
	TRACE2("[rmm]", "host unmaps protected [0x%llx, 0x%llx)", start, end);
	if (rmm.log.nr_unmaps && rmm.log.unmaps[rmm.log.nr_unmaps - 1][1] == start) {
		rmm.log.unmaps[rmm.log.nr_unmaps - 1][1] = end;
	} else if (rmm.log.nr_unmaps < RMM_MAX_UNMAPS) {
		rmm.log.unmaps[rmm.log.nr_unmaps][0] = start;
		rmm.log.unmaps[rmm.log.nr_unmaps][1] = end;
		rmm.log.nr_unmaps++;
	} else {
		rmm.log.unmap_overflow = true;
	}
	if (start >= rmm_protected_limit())
		return;
	if (end > rmm_protected_limit())
		end = rmm_protected_limit();
	/* Destroying data leaves RAM granules DESTROYED, as RMI_DATA_DESTROY does. */
	if (!ival_split(start) || !ival_split(end))
		return;
	for (i = ival_find(start); i < rmm.nr_iv && rmm.iv[i].start < end; i++) {
		if (!rmm.iv[i].assigned)
			continue;
		rmm.iv[i].assigned = 0;
		if (rmm.iv[i].ripas == RMI_RAM)
			rmm.iv[i].ripas = RMI_DESTROYED;
	}
	ival_merge();
}

/* Setup and the realm's side -------------------------------------------------- */

static bool ia_bits_fit(int start_level, uint64_t ia_bits)
{
	/* More than the levels below resolve, at most 16 concatenated roots. */
	return ia_bits > (uint64_t)RMM_RTT_LEVEL_SHIFT(start_level) &&
	       ia_bits <= (uint64_t)RMM_RTT_LEVEL_SHIFT(start_level) + 9 + 4 &&
	       ia_bits <= 48;
}

int rmm_realm_create(uint64_t start_level, uint64_t ia_bits)
{
	if (start_level > RMM_RTT_MAX_LEVEL || !ia_bits_fit((int)start_level, ia_bits))
		return RMI_ERROR_INPUT;
	memset(&rmm, 0, offsetof(struct rmm_state, iv));
	rmm.start_level = (int)start_level;
	rmm.ia_bits = (unsigned int)ia_bits;
	rmm.nr_iv = 1;
	rmm.iv[0] = (struct ival){ .start = 0, .end = rmm_protected_limit(), .ripas = RMI_EMPTY };
	memset(&host_realm, 0, sizeof(host_realm));
	host_realm.rd = RMM_RD;
	host_realm.ia_bits = rmm.ia_bits;
	host_realm.rtt_start_level = rmm.start_level;
	memset(&host_run, 0, sizeof(host_run));
	TRACE2("[rmm]", "realm created: start level %llu, %llu IPA bits", start_level, ia_bits);
	return RMI_SUCCESS;
}

void rmm_reset(void)
{
	/* Observers stay registered across runs. */
	rmm_realm_create(1, 33);
}

struct realm *rmm_host_realm(void)
{
	return &host_realm;
}

struct realm_rec *rmm_host_rec(void)
{
	return &host_rec;
}

int rmm_start_level(void)
{
	return rmm.start_level;
}

unsigned int rmm_ia_bits(void)
{
	return rmm.ia_bits;
}

uint64_t rmm_rec_addr(void)
{
	return rmm.set_ripas.addr;
}

static bool protected_range(uint64_t base, uint64_t top)
{
	return !(base % RMM_PAGE_SIZE) && !(top % RMM_PAGE_SIZE) && base < top &&
	       top <= rmm_protected_limit();
}

int rmm_setup_rtt(uint64_t ipa, uint64_t level)
{
	int l;

	if (level > RMM_RTT_MAX_LEVEL || ipa >= rmm_protected_limit())
		return -EINVAL;
	for (l = rmm_rtt_walk(ipa) + 1; l <= (int)level; l++) {
		unsigned int g = 0;

		while (g < RMM_MAX_RTTS && rmm.pool[g] != GRANULE_FREE)
			g++;
		if (g == RMM_MAX_RTTS)
			return -ENOMEM;
		rtt_add(l, ipa & ~(mapsize(l - 1) - 1), (int)g);
	}
	return 0;
}

int rmm_setup_mem(uint64_t base, uint64_t top, enum rmm_mem_kind kind)
{
	static const int8_t ripas[RMM_NR_MEM_KINDS] = {
		[RMM_MEM_RAM] = RMI_RAM, [RMM_MEM_DATA] = RMI_RAM,
		[RMM_MEM_DESTROYED] = RMI_DESTROYED, [RMM_MEM_EMPTY] = RMI_EMPTY,
	};

	uint64_t ends[2] = { base, top };
	unsigned int i;
	int level;

	if ((unsigned int)kind >= RMM_NR_MEM_KINDS || !protected_range(base, top))
		return -EINVAL;
	/*
	 * As the RMM keeps it, every entry has one RIPAS: split down to the
	 * level where both ends of the range fall on entry boundaries.
	 */
	for (i = 0; i < 2; i++) {
		while ((level = rmm_rtt_walk(ends[i])) < RMM_RTT_MAX_LEVEL &&
		       ends[i] % mapsize(level) && ends[i] < rmm_protected_limit())
			if (rmm_setup_rtt(ends[i], (uint64_t)level + 1))
				return -ENOMEM;
	}
	ival_set(base, top, ripas[kind], kind == RMM_MEM_DATA);
	return 0;
}

int rmm_rsi_ipa_state_set(uint64_t base, uint64_t top, uint64_t ripas, uint64_t flags)
{
	if (ripas > RMI_RAM || !protected_range(base, top))
		return RSI_ERROR_INPUT;
	rmm.set_ripas.top = top;
	rmm.set_ripas.addr = base;
	rmm.set_ripas.ripas = (uint8_t)ripas;
	rmm.set_ripas.change_destroyed = flags & RSI_CHANGE_DESTROYED;
	rmm.set_ripas.pending = true;
	host_run.exit = (struct rec_exit){
		.exit_reason = RMI_EXIT_RIPAS_CHANGE,
		.ripas_base = base,
		.ripas_top = top,
		.ripas_value = ripas,
	};
	return RSI_SUCCESS;
}

void rmm_entry_begin(void)
{
	memset(&rmm.log, 0, sizeof(rmm.log));
}

const struct rmm_entry_log *rmm_entry_log(void)
{
	return &rmm.log;
}
