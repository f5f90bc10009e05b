// SPDX-License-Identifier: GPL-2.0-only
/*
 * O8 RIPAS: completing a realm's RIPAS change request.
 *
 * While the host works (live, from the RMM's view of each RMI call): only
 * valid RMI calls, bases that never go backwards, and no call repeated
 * after a failure at the same address unless something changed in
 * between (an RTT created, the memory cache topped up); at most
 * O8_MAX_CALLS calls per request. When the host is done, with [base, top)
 * the request and reached what the host says it completed:
 * base <= reached <= top, the requested RIPAS holds on all of
 * [base, reached), success means reached == top, and for EMPTY the host
 * unmapped exactly [base, reached) (nothing at all for RAM). A request
 * that fails for want of memory while the RMM still has granules a top-up
 * could take, with no fault injected, gave up early: one top-up covers a
 * walk from the start level to the last (RMM_RTT_MAX_LEVEL - start RTTs).
 * So did one that fails otherwise right after the RMM answered
 * RMI_ERROR_RTT at a level above the last for a granule it may change,
 * with no such granule's neighbour in that entry locked: the answer means
 * "this entry is too big for the range", and an RTT one level down is
 * the cure the specification prescribes.
 */
#include <errno.h>

#include <asm/rmi_smc.h>

#include "invariant.h"
#include "../fault/fault.h"
#include "../machine/rmm.h"
#include "../trace/trace.h"

#define O8_MAX_CALLS	1024
#define RMI_STATUS(ret)	((ret) & 0xff)

static struct {
	bool active;
	uint64_t base;
	uint64_t top;
	int ripas;
	uint64_t last_base;
	bool stalled;
	uint64_t stall_base;
	int stall_level;	/* RMI_ERROR_RTT's walk level, or -1 */
	unsigned int stall_changes;
	unsigned int faults;	/* fault_injected() when the request began */
} o8;

/* Things that let a failed call succeed when repeated. */
static unsigned int changes(void)
{
	const struct rmm_entry_log *log = rmm_entry_log();

	return log->rtt_creates + log->topups;
}

static void on_set_ripas(uint64_t base, uint64_t top, uint64_t ret, uint64_t next)
{
	const struct rmm_entry_log *log = rmm_entry_log();

	(void)top;
	(void)next;
	if (!o8.active)
		return;
	if (log->set_ripas_calls > 1 && base < o8.last_base)
		report_violation("O8", "not_monotonic",
				 "RTT_SET_RIPAS from 0x%llx after a call from 0x%llx",
				 (unsigned long long)base, (unsigned long long)o8.last_base);
	o8.last_base = base;
	if (log->set_ripas_calls > O8_MAX_CALLS)
		report_violation("O8", "unbounded", "more than %u RTT_SET_RIPAS calls for one request",
				 O8_MAX_CALLS);
	if (RMI_STATUS(ret) == 0) {
		o8.stalled = false;
		return;
	}
	if (o8.stalled && o8.stall_base == base && o8.stall_changes == changes())
		report_violation("O8", "no_progress",
				 "RTT_SET_RIPAS from 0x%llx repeated with nothing changed (0x%llx)",
				 (unsigned long long)base, (unsigned long long)ret);
	o8.stalled = true;
	o8.stall_base = base;
	o8.stall_level = RMI_STATUS(ret) == RMI_ERROR_RTT ? (int)RMI_RETURN_INDEX(ret) : -1;
	o8.stall_changes = changes();
}

static void on_invalid(const char *why, uint64_t fid, uint64_t arg)
{
	if (o8.active)
		report_violation("O8", "invalid_rmi_call", "RMI 0x%llx refused (%s, 0x%llx)",
				 (unsigned long long)fid, why, (unsigned long long)arg);
}

static const struct rmm_hooks o8_hooks = {
	.set_ripas = on_set_ripas,
	.invalid = on_invalid,
};

static void o8_entry_begin(const struct oracle_entry *e)
{
	if (e->kind != ENTRY_RIPAS)
		return;
	rmm_set_hooks(&o8_hooks);
	rmm_entry_begin();
	o8.active = true;
	o8.base = e->args[0];
	o8.top = e->args[1];
	o8.ripas = (int)e->args[2];
	o8.stalled = false;
	o8.faults = fault_injected();
}

static void check_unmaps(uint64_t reached)
{
	const struct rmm_entry_log *log = rmm_entry_log();
	uint64_t want_end = o8.ripas == 0 ? reached : o8.base;
	uint64_t at = o8.base;
	unsigned int i;

	for (i = 0; i < log->nr_unmaps; i++) {
		if (log->unmaps[i][0] != at)
			break;
		at = log->unmaps[i][1];
	}
	if (i < log->nr_unmaps || log->unmap_overflow || at != want_end)
		report_violation("O8", "unmap_inexact",
				 "request [0x%llx, 0x%llx) reached 0x%llx: unmapped up to 0x%llx (%u calls)",
				 (unsigned long long)o8.base, (unsigned long long)o8.top,
				 (unsigned long long)reached, (unsigned long long)at, log->nr_unmaps);
}

/*
 * The RMM's last word at @at was RMI_ERROR_RTT at a level an RTT can be
 * created below, and nothing in that entry's part of the request is
 * locked: the refusal was about the entry's size, not its contents.
 */
static bool deeper_rtt_would_do(uint64_t at)
{
	uint64_t size, end;

	if (!o8.stalled || o8.stall_base != at || o8.stall_level < 0 ||
	    o8.stall_level >= RMM_RTT_MAX_LEVEL)
		return false;
	size = 1ULL << RMM_RTT_LEVEL_SHIFT(o8.stall_level);
	end = (at | (size - 1)) + 1;
	if (end > o8.top || end < at)
		end = o8.top;
	return rmm_first_locked(at, end) == end;
}

static void o8_entry_end(const struct oracle_entry *e)
{
	uint64_t reached = e->out;
	long ret = e->ret;
	uint64_t bad;

	if (e->kind != ENTRY_RIPAS)
		return;
	o8.active = false;
	if (reached < o8.base || reached > o8.top) {
		report_violation("O8", "reached_out_of_range",
				 "request [0x%llx, 0x%llx), host says it reached 0x%llx",
				 (unsigned long long)o8.base, (unsigned long long)o8.top,
				 (unsigned long long)reached);
		return;
	}
	/*
	 * <asm/kvm_rme.h>: 0 or -errno (at most 4095, as the kernel's
	 * IS_ERR_VALUE); a positive value reads as success to `ret < 0`.
	 */
	if (ret > 0 || ret < -4095) {
		report_violation("O8", "result_not_errno",
				 "RIPAS change of [0x%llx, 0x%llx) returned %ld, reached 0x%llx",
				 (unsigned long long)o8.base, (unsigned long long)o8.top, ret,
				 (unsigned long long)reached);
		return;
	}
	bad = rmm_first_not(o8.base, reached, o8.ripas);
	if (bad < reached)
		report_violation("O8", "ripas_not_requested",
				 "RIPAS at 0x%llx is %d, not %d, below reached 0x%llx",
				 (unsigned long long)bad, rmm_ripas_at(bad, NULL), o8.ripas,
				 (unsigned long long)reached);
	if (!ret && reached != o8.top)
		report_violation("O8", "incomplete_success",
				 "success with [0x%llx, 0x%llx) left undone",
				 (unsigned long long)reached, (unsigned long long)o8.top);
	if (ret == -ENOMEM && fault_injected() == o8.faults && rmm_free_granules())
		report_violation("O8", "enomem_with_memory",
				 "-ENOMEM at 0x%llx of [0x%llx, 0x%llx) with %u granules free",
				 (unsigned long long)reached, (unsigned long long)o8.base,
				 (unsigned long long)o8.top, rmm_free_granules());
	if (ret && ret != -ENOMEM && fault_injected() == o8.faults && deeper_rtt_would_do(reached))
		report_violation("O8", "gave_up_on_rtt",
				 "%ld at 0x%llx of [0x%llx, 0x%llx) after RMI_ERROR_RTT at level %d",
				 ret, (unsigned long long)reached, (unsigned long long)o8.base,
				 (unsigned long long)o8.top, o8.stall_level);
	check_unmaps(reached);
}

const struct invariant o8_ripas = {
	.id = "O8",
	.name = "RIPAS",
	.scope = SCOPE_ENTRY,
	.entry_begin = o8_entry_begin,
	.entry_end = o8_entry_end,
};
