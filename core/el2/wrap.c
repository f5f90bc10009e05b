// SPDX-License-Identifier: GPL-2.0-only
/*
 * The EL2 twin of core/machine/wrap.c. Calls from one mediator file into
 * the ownership API of another (and from the harness into it) are
 * platform calls: the image links with -Wl,--wrap for each of these
 * symbols (EL2_WRAPPED in core/el2/CMakeLists.txt), so such a call comes
 * here first. That makes it an interleaving point, lets a fault plan fail
 * it with the errors the real call can return before it has done
 * anything, and shows the layers above what was asked and what came back
 * (struct hyp_prim). Which calls may be failed is the simulation's rule,
 * call for call, so that a fault plan fails the same call in both.
 *
 * No doubles here: a broken mediator comes to the image as a whole
 * (EL2FUZZ_MEDIATOR_SOURCES), never as one replaced entry point.
 */
#include <linux/types.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "../fault/fault.h"
#include "../machine/machine.h"
#include "el2_internal.h"

#define WRAPPED(ret, name, ...)						\
	ret __real_##name(__VA_ARGS__);					\
	ret __wrap_##name(__VA_ARGS__)

WRAPPED(int, __pkvm_host_share_hyp, u64 pfn);
WRAPPED(int, __pkvm_host_unshare_hyp, u64 pfn);
WRAPPED(int, __pkvm_host_donate_hyp, u64 pfn, u64 nr_pages);
WRAPPED(int, __pkvm_hyp_donate_host, u64 pfn, u64 nr_pages);
WRAPPED(int, hyp_pin_shared_mem, void *from, void *to);
WRAPPED(void, hyp_unpin_shared_mem, void *from, void *to);
WRAPPED(int, __pkvm_host_donate_hyp_mmio, u64 pfn);
WRAPPED(int, __pkvm_host_reclaim_hyp_mmio, u64 pfn);
WRAPPED(int, handle_host_mem_abort, u64 fault_ipa);

static const char *const prim_names[NR_PRIMS] = {
	[PRIM_SHARE]		= "share",
	[PRIM_UNSHARE]		= "unshare",
	[PRIM_DONATE]		= "donate",
	[PRIM_GIVE_BACK]	= "give_back",
	[PRIM_PIN]		= "pin",
	[PRIM_UNPIN]		= "unpin",
	[PRIM_DONATE_MMIO]	= "donate_mmio",
	[PRIM_RECLAIM_MMIO]	= "reclaim_mmio",
	[PRIM_HOST_ABORT]	= "host_abort",
};

const char *machine_prim_name(enum hyp_prim_id id)
{
	return id < NR_PRIMS ? prim_names[id] : "?";
}

/*
 * Announce @p (an interleaving point), then ask the fault injector: -1
 * means the call cannot be failed for real. Returns the injected error,
 * or 0 to run the call.
 */
static int prim_begin(struct hyp_prim *p, int cls)
{
	el2_hook_call(prim_names[p->id], p->id == PRIM_PIN || p->id == PRIM_UNPIN ?
		      p->from : p->pfn);
	el2_hook_prim_begin(p);
	p->ret = cls < 0 ? 0 : fault_should_fail((enum fault_class)cls);
	p->injected = p->ret != 0;
	return p->ret;
}

static int prim_end(struct hyp_prim *p, int ret)
{
	p->ret = ret;
	el2_hook_prim_end(p);
	return ret;
}

int __wrap___pkvm_host_share_hyp(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_SHARE, .pfn = pfn };

	if (prim_begin(&p, FAULT_SHARE))
		return prim_end(&p, p.ret);
	return prim_end(&p, __real___pkvm_host_share_hyp(pfn));
}

/* The hyp undoing its own share under its own lock cannot fail (wrap.c). */
int __wrap___pkvm_host_unshare_hyp(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_UNSHARE, .pfn = pfn };

	if (prim_begin(&p, el2_locks_held() ? -1 : FAULT_UNSHARE))
		return prim_end(&p, p.ret);
	return prim_end(&p, __real___pkvm_host_unshare_hyp(pfn));
}

int __wrap___pkvm_host_donate_hyp(u64 pfn, u64 nr_pages)
{
	struct hyp_prim p = { .id = PRIM_DONATE, .pfn = pfn, .nr = nr_pages };

	if (prim_begin(&p, FAULT_DONATE))
		return prim_end(&p, p.ret);
	return prim_end(&p, __real___pkvm_host_donate_hyp(pfn, nr_pages));
}

int __wrap___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	struct hyp_prim p = { .id = PRIM_GIVE_BACK, .pfn = pfn, .nr = nr_pages };

	prim_begin(&p, -1);
	return prim_end(&p, __real___pkvm_hyp_donate_host(pfn, nr_pages));
}

int __wrap_hyp_pin_shared_mem(void *from, void *to)
{
	struct hyp_prim p = { .id = PRIM_PIN, .from = __hyp_pa(from), .to = __hyp_pa(to) };

	if (prim_begin(&p, FAULT_PIN))
		return prim_end(&p, p.ret);
	return prim_end(&p, __real_hyp_pin_shared_mem(from, to));
}

void __wrap_hyp_unpin_shared_mem(void *from, void *to)
{
	struct hyp_prim p = { .id = PRIM_UNPIN, .from = __hyp_pa(from), .to = __hyp_pa(to) };

	prim_begin(&p, -1);
	__real_hyp_unpin_shared_mem(from, to);
	prim_end(&p, 0);
}

int __wrap___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_DONATE_MMIO, .pfn = pfn };

	if (prim_begin(&p, FAULT_DONATE))
		return prim_end(&p, p.ret);
	return prim_end(&p, __real___pkvm_host_donate_hyp_mmio(pfn));
}

int __wrap___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_RECLAIM_MMIO, .pfn = pfn };

	prim_begin(&p, -1);
	return prim_end(&p, __real___pkvm_host_reclaim_hyp_mmio(pfn));
}

int __wrap_handle_host_mem_abort(u64 fault_ipa)
{
	struct hyp_prim p = { .id = PRIM_HOST_ABORT, .pfn = fault_ipa };

	prim_begin(&p, -1);
	return prim_end(&p, __real_handle_host_mem_abort(fault_ipa));
}
