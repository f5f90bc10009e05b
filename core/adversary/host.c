// SPDX-License-Identifier: GPL-2.0-only
/*
 * The malicious host: hypercalls with any argument, host reads and writes
 * through the host stage-2, reclaim under memory pressure, and the
 * hyp-side actions (donate, give back, pin, unpin) that hypercalls make.
 */
#include <errno.h>
#include <string.h>

#include <asm/kvm_asm.h>
#include <nvhe/mem_protect.h>
#include <nvhe/trap_handler.h>

#include "adversary.h"
#include "../fault/fault.h"
#include "../machine/machine.h"
#include "../oracle/oracle.h"
#include "../trace/trace.h"

#define ADV_LIST_MAX	16

struct adv_range {
	uint64_t pfn;
	uint64_t nr;
	bool mmio;
};

static struct adv_range donated[ADV_LIST_MAX];
static unsigned int nr_donated;
static uint64_t shared[ADV_LIST_MAX];
static unsigned int nr_shared;
/* A pin the hyp holds: the range as pinned, so that unpin drops exactly it. */
struct adv_pin {
	uint64_t pa;
	uint64_t size;
};

static struct adv_pin pins[ADV_LIST_MAX];
static unsigned int nr_pins;

void adversary_reset(void)
{
	nr_donated = 0;
	nr_shared = 0;
	nr_pins = 0;
	its_host_reset();
	its_trap_reset();
	hyp_cpu2_reset();
}

bool adversary_list_pa(enum adv_list list, unsigned int k, uint64_t *pa)
{
	if (list == ADV_DONATED && k < nr_donated)
		*pa = donated[k].pfn << machine_page_shift();
	else if (list == ADV_SHARED && k < nr_shared)
		*pa = shared[k] << machine_page_shift();
	else
		return false;
	return true;
}

static uint64_t pfn_of(uint64_t pa)
{
	return pa >> machine_page_shift();
}

/* The host's record of what it gave the hyp: what give_back may return. */
static void add_donated(uint64_t pfn, uint64_t nr, bool mmio)
{
	if (nr_donated < ADV_LIST_MAX)
		donated[nr_donated++] = (struct adv_range){ pfn, nr, mmio };
}

static void remove_donated(uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < nr_donated; i++) {
		if (donated[i].pfn == pfn) {
			donated[i] = donated[--nr_donated];
			return;
		}
	}
}

static void after_hcall(unsigned long id, uint64_t pfn, long ret)
{
	unsigned int i;

	if (ret)
		return;
	switch (id) {
	case __KVM_HOST_SMCCC_FUNC___pkvm_host_share_hyp:
		if (nr_shared < ADV_LIST_MAX)
			shared[nr_shared++] = pfn;
		break;
	case __KVM_HOST_SMCCC_FUNC___pkvm_host_unshare_hyp:
		for (i = 0; i < nr_shared; i++)
			if (shared[i] == pfn)
				shared[i] = shared[--nr_shared];
		break;
	case __KVM_HOST_SMCCC_FUNC___pkvm_host_donate_hyp_mmio:
		add_donated(pfn, 1, true);
		break;
	case __KVM_HOST_SMCCC_FUNC___pkvm_host_reclaim_hyp_mmio:
		remove_donated(pfn);
		break;
	}
}

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Hypercalls this file makes, named in the trace. */
static const char *const hcall_fmt[] = {
	[__KVM_HOST_SMCCC_FUNC___pkvm_host_share_hyp]		= "__pkvm_host_share_hyp(pfn 0x%llx) -> %lld",
	[__KVM_HOST_SMCCC_FUNC___pkvm_host_unshare_hyp]		= "__pkvm_host_unshare_hyp(pfn 0x%llx) -> %lld",
	[__KVM_HOST_SMCCC_FUNC___pkvm_host_donate_hyp_mmio]	= "__pkvm_host_donate_hyp_mmio(pfn 0x%llx) -> %lld",
	[__KVM_HOST_SMCCC_FUNC___pkvm_host_reclaim_hyp_mmio]	= "__pkvm_host_reclaim_hyp_mmio(pfn 0x%llx) -> %lld",
};

static long hcall(unsigned long id, uint64_t x1)
{
	struct oracle_entry e = { .kind = ENTRY_HCALL, .name = "hvc", .id = id, .args = { x1 } };
	struct kvm_cpu_context ctxt;

	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.regs[0] = id;
	ctxt.regs[1] = x1;
	oracle_entry_begin(&e);
	handle_host_hcall(&ctxt);
	e.ret = ctxt.regs[0] == SMCCC_RET_SUCCESS ? (long)ctxt.regs[1] : -EOPNOTSUPP;
	if (id < ARRAY_LEN(hcall_fmt) && hcall_fmt[id])
		TRACE2("[hvc]", hcall_fmt[id], x1, (uint64_t)e.ret);
	else
		TRACE3("[hvc]", "hypercall %llu (x1 0x%llx) -> %lld", id, x1, (uint64_t)e.ret);
	oracle_entry_end(&e);
	after_hcall(id, x1, e.ret);
	return e.ret;
}

void op_hvc_share(const uint64_t *v)
{
	hcall(__KVM_HOST_SMCCC_FUNC___pkvm_host_share_hyp, pfn_of(v[0]));
}

void op_hvc_unshare(const uint64_t *v)
{
	hcall(__KVM_HOST_SMCCC_FUNC___pkvm_host_unshare_hyp, pfn_of(v[0]));
}

void op_hvc_donate_mmio(const uint64_t *v)
{
	hcall(__KVM_HOST_SMCCC_FUNC___pkvm_host_donate_hyp_mmio, pfn_of(v[0]));
}

void op_hvc_reclaim_mmio(const uint64_t *v)
{
	hcall(__KVM_HOST_SMCCC_FUNC___pkvm_host_reclaim_hyp_mmio, pfn_of(v[0]));
}

void op_hvc_raw(const uint64_t *v)
{
	hcall((unsigned long)v[0], v[1]);
}

/* Hyp-side actions: each runs as one entry, as inside a hypercall. */

static void entry_begin(struct oracle_entry *e, const char *what, uint64_t a0, uint64_t a1)
{
	*e = (struct oracle_entry){ .kind = ENTRY_HYP, .name = what, .args = { a0, a1 } };
	oracle_entry_begin(e);
}

static void entry_end(struct oracle_entry *e, long ret)
{
	TRACE1("[hyp]", "-> %lld", (uint64_t)ret);
	e->ret = ret;
	oracle_entry_end(e);
}

static void donate(uint64_t pfn, uint64_t nr)
{
	struct oracle_entry e;
	long ret;

	entry_begin(&e, "donate", pfn, nr);
	ret = __pkvm_host_donate_hyp(pfn, nr);
	entry_end(&e, ret);
	/* An empty range may succeed and gives the hyp nothing to give back. */
	if (!ret && nr)
		add_donated(pfn, nr, false);
}

void op_donate(const uint64_t *v)
{
	donate(pfn_of(v[0]), v[1]);
}

/*
 * The host computes what a hypercall that consumes its memory passes on:
 * any pfn, any count. The API must refuse a range that leaves the IPA
 * space or wraps (HYP_API_FACTS §0, pfn_range_is_valid) before it looks
 * at a page.
 */
void op_donate_pfn(const uint64_t *v)
{
	donate(v[0], v[1]);
}

void op_give_back(const uint64_t *v)
{
	struct oracle_entry e;
	struct adv_range r;
	long ret;

	/* The hyp only gives back what it was given and holds privately. */
	if (v[0] >= nr_donated || donated[v[0]].mmio) {
		TRACE0("[adv]", "give_back: no such donated memory range, skipped");
		return;
	}
	r = donated[v[0]];
	entry_begin(&e, "give_back", r.pfn, r.nr);
	ret = __pkvm_hyp_donate_host(r.pfn, r.nr);
	entry_end(&e, ret);
	if (!ret)
		remove_donated(r.pfn);
}

/*
 * The hyp pins a range it borrowed from the host: @v[1] pages from the
 * address (rounded out to pages by the API, so an unaligned start takes
 * one more; none is mainline's empty range, HYP_API_FACTS §0 and §7). A
 * pin is all or nothing: a range whose last page is not shared must leave
 * no count behind.
 */
void op_pin(const uint64_t *v)
{
	uint64_t size = v[1] << machine_page_shift();
	void *va = __hyp_va(v[0]);
	struct oracle_entry e;
	long ret;

	if (nr_pins == ADV_LIST_MAX) {
		TRACE0("[adv]", "pin: the hyp holds enough pins, skipped");
		return;
	}
	entry_begin(&e, "pin", v[0], v[1]);
	ret = hyp_pin_shared_mem(va, (char *)va + size);
	entry_end(&e, ret);
	/* The other CPU may have pinned too meanwhile: the list may be full now. */
	if (!ret && nr_pins < ADV_LIST_MAX)
		pins[nr_pins++] = (struct adv_pin){ v[0], size };
}

void op_unpin(const uint64_t *v)
{
	struct oracle_entry e;
	struct adv_pin pin;
	void *va;

	/* The hyp only drops pins it holds, each as it took it. */
	if (v[0] >= nr_pins) {
		TRACE0("[adv]", "unpin: no such pin, skipped");
		return;
	}
	pin = pins[v[0]];
	va = __hyp_va(pin.pa);
	entry_begin(&e, "unpin", pin.pa, pin.size >> machine_page_shift());
	pins[v[0]] = pins[--nr_pins];
	hyp_unpin_shared_mem(va, (char *)va + pin.size);
	entry_end(&e, 0);
}

/*
 * A host access: on a stage-2 fault the hyp handles the abort; then the
 * host retries, or takes the abort the hyp injected.
 */
static void host_access(uint64_t pa, unsigned int width, bool write, uint64_t val)
{
	struct oracle_entry e;
	unsigned int tries;
	long ret;

	for (tries = 0; tries < 3; tries++) {
		ret = write ? machine_host_write(pa, width, val)
			    : machine_host_read(pa, width, &val);
		if (!ret) {
			if (write)
				TRACE2("[host]", "write 0x%llx = 0x%llx", pa, val);
			else
				TRACE2("[host]", "read 0x%llx = 0x%llx", pa, val);
			return;
		}
		if (ret == -EINVAL) {
			TRACE2("[host]", "access at 0x%llx width %llu not aligned, dropped", pa, width);
			return;
		}
		e = (struct oracle_entry){ .kind = ENTRY_HOST_ABORT, .name = "host_abort",
					   .args = { pa } };
		oracle_entry_begin(&e);
		ret = handle_host_mem_abort(pa);
		TRACE2("[hyp]", "host stage-2 fault at 0x%llx -> %lld", pa, (uint64_t)ret);
		e.ret = ret;
		oracle_entry_end(&e);
		if (ret == -EPERM) {
			TRACE1("[host]", "abort injected: 0x%llx is not the host's", pa);
			return;
		}
	}
	TRACE1("[host]", "access to 0x%llx still faulting, given up", pa);
}

void op_host_read(const uint64_t *v)
{
	host_access(v[0], (unsigned int)v[1], false, 0);
}

void op_host_write(const uint64_t *v)
{
	host_access(v[0], (unsigned int)v[1], true, v[2]);
}

/* The host faults at @addr while the table pool is empty: the hyp must
 * recycle mappings to make room, and keep every owner annotation. */
void op_pressure(const uint64_t *v)
{
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	host_access(v[0], 4, false, 0);
}

void op_fail(const uint64_t *v)
{
	if (fault_plan((enum fault_class)v[0], (unsigned int)v[1], (int)v[2]))
		TRACE0("[adv]", "fail: too many fault plans, ignored");
}
