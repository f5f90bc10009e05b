// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls from one mediator file into the ownership API of another are
 * platform calls too: the build links with -Wl,--wrap for each of these
 * symbols, so a call made across files comes here first. That makes it an
 * interleaving point, lets a fault plan fail it with the errors the real
 * call can return before it has done anything, and shows the layers above
 * what was asked and what came back (struct hyp_prim).
 *
 * A test links a double of one entry point (a mediator broken on purpose)
 * by defining __double_<symbol>: the wrapper calls it instead of the real
 * function, so the double is observed like the real thing. A double
 * forwards with __real_<symbol>.
 *
 * The EL2 image links this file too (core/el2/CMakeLists.txt): which call
 * a fault plan may fail is one rule on both machines, and a double works
 * there the same way (tests/el2/broken_handler.c).
 */
#include <linux/types.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>

#include "el2fuzz_profile.h"
#include "hooks.h"
#include "../fault/fault.h"

#define __weak __attribute__((weak))

/*
 * Each wrapped symbol: its real definition (in the mediator), the wrapper
 * the linker routes calls to, and an optional double.
 */
#define WRAPPED(ret, name, ...)						\
	ret __real_##name(__VA_ARGS__);					\
	ret __wrap_##name(__VA_ARGS__);					\
	__weak ret __double_##name(__VA_ARGS__)

WRAPPED(int, __pkvm_host_share_hyp, u64 pfn);
WRAPPED(int, __pkvm_host_unshare_hyp, u64 pfn);
WRAPPED(int, __pkvm_host_donate_hyp, u64 pfn, u64 nr_pages);
WRAPPED(int, __pkvm_hyp_donate_host, u64 pfn, u64 nr_pages);
WRAPPED(int, hyp_pin_shared_mem, void *from, void *to);
WRAPPED(void, hyp_unpin_shared_mem, void *from, void *to);
WRAPPED(int, __pkvm_host_donate_hyp_mmio, u64 pfn);
WRAPPED(int, __pkvm_host_reclaim_hyp_mmio, u64 pfn);
WRAPPED(int, handle_host_mem_abort, u64 fault_ipa);
WRAPPED(int, pkvm_its_emulate_setup, phys_addr_t dev_addr, void *host_state, void *priv,
	u64 priv_num_pages);
#if EL2FUZZ_PROFILE_TEARDOWN
WRAPPED(int, pkvm_its_emulate_teardown, phys_addr_t dev_addr);
#endif
WRAPPED(void, pkvm_its_emulate_handler, struct pkvm_protected_reg *region, u64 offset,
	bool write, u64 *reg, u8 reg_size);

/* Pick the double if a test linked one. */
#define CALL(name, ...)							\
	(__double_##name ? __double_##name(__VA_ARGS__) : __real_##name(__VA_ARGS__))

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
 * means the call cannot be failed for real (the hyp giving pages back, or
 * undoing its own share under its own lock). Returns the injected error,
 * or 0 to run the call.
 */
static int prim_begin(struct hyp_prim *p, int cls)
{
	platform_hook_call(prim_names[p->id], p->id == PRIM_PIN || p->id == PRIM_UNPIN ?
			   p->from : p->pfn);
	platform_hook_prim_begin(p);
	p->ret = cls < 0 ? 0 : fault_should_fail((enum fault_class)cls);
	p->injected = p->ret != 0;
	return p->ret;
}

static int prim_end(struct hyp_prim *p, int ret)
{
	p->ret = ret;
	platform_hook_prim_end(p);
	return ret;
}

int __wrap___pkvm_host_share_hyp(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_SHARE, .pfn = pfn };

	if (prim_begin(&p, FAULT_SHARE))
		return prim_end(&p, p.ret);
	return prim_end(&p, CALL(__pkvm_host_share_hyp, pfn));
}

/*
 * An unshare fails for real only when a pin races with it: the host's
 * unshare hypercall (no hyp lock held). The hyp undoing its own share
 * under its own lock, after dropping its own pin, cannot fail: injecting
 * there would report a rollback the real primitive never forces.
 */
int __wrap___pkvm_host_unshare_hyp(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_UNSHARE, .pfn = pfn };

	if (prim_begin(&p, machine_locks_held() ? -1 : FAULT_UNSHARE))
		return prim_end(&p, p.ret);
	return prim_end(&p, CALL(__pkvm_host_unshare_hyp, pfn));
}

int __wrap___pkvm_host_donate_hyp(u64 pfn, u64 nr_pages)
{
	struct hyp_prim p = { .id = PRIM_DONATE, .pfn = pfn, .nr = nr_pages };

	if (prim_begin(&p, FAULT_DONATE))
		return prim_end(&p, p.ret);
	return prim_end(&p, CALL(__pkvm_host_donate_hyp, pfn, nr_pages));
}

int __wrap___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	struct hyp_prim p = { .id = PRIM_GIVE_BACK, .pfn = pfn, .nr = nr_pages };

	prim_begin(&p, -1);
	return prim_end(&p, CALL(__pkvm_hyp_donate_host, pfn, nr_pages));
}

int __wrap_hyp_pin_shared_mem(void *from, void *to)
{
	struct hyp_prim p = { .id = PRIM_PIN, .from = __hyp_pa(from), .to = __hyp_pa(to) };

	if (prim_begin(&p, FAULT_PIN))
		return prim_end(&p, p.ret);
	return prim_end(&p, CALL(hyp_pin_shared_mem, from, to));
}

void __wrap_hyp_unpin_shared_mem(void *from, void *to)
{
	struct hyp_prim p = { .id = PRIM_UNPIN, .from = __hyp_pa(from), .to = __hyp_pa(to) };

	prim_begin(&p, -1);
	CALL(hyp_unpin_shared_mem, from, to);
	prim_end(&p, 0);
}

int __wrap___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_DONATE_MMIO, .pfn = pfn };

	if (prim_begin(&p, FAULT_DONATE))
		return prim_end(&p, p.ret);
	return prim_end(&p, CALL(__pkvm_host_donate_hyp_mmio, pfn));
}

int __wrap___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	struct hyp_prim p = { .id = PRIM_RECLAIM_MMIO, .pfn = pfn };

	prim_begin(&p, -1);
	return prim_end(&p, CALL(__pkvm_host_reclaim_hyp_mmio, pfn));
}

int __wrap_handle_host_mem_abort(u64 fault_ipa)
{
	struct hyp_prim p = { .id = PRIM_HOST_ABORT, .pfn = fault_ipa };

	prim_begin(&p, -1);
	return prim_end(&p, CALL(handle_host_mem_abort, fault_ipa));
}

/* The ITS entry points: wrapped so that a test can link a broken double. */
int __wrap_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages)
{
	return CALL(pkvm_its_emulate_setup, dev_addr, host_state, priv, priv_num_pages);
}

#if EL2FUZZ_PROFILE_TEARDOWN
int __wrap_pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	return CALL(pkvm_its_emulate_teardown, dev_addr);
}
#endif

void __wrap_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size)
{
	CALL(pkvm_its_emulate_handler, region, offset, write, reg, reg_size);
}
