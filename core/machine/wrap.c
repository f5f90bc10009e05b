// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls from one mediator file into the ownership API of another are
 * platform calls too: the build links with -Wl,--wrap for each of these
 * symbols, so a call made across files comes here first. That makes it an
 * interleaving point and lets a fault plan fail it with the errors the
 * real call can return, before the call has done anything.
 *
 * The wrappers are weak: a test links a double of one entry point (a
 * mediator broken on purpose) by defining the wrapper itself.
 */
#include <linux/types.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>

#include "mem_internal.h"
#include "../fault/fault.h"

#define __weak __attribute__((weak))

int __real___pkvm_host_share_hyp(u64 pfn);
int __real___pkvm_host_unshare_hyp(u64 pfn);
int __real___pkvm_host_donate_hyp(u64 pfn, u64 nr_pages);
int __real___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages);
int __real_hyp_pin_shared_mem(void *from, void *to);
void __real_hyp_unpin_shared_mem(void *from, void *to);
int __real___pkvm_host_donate_hyp_mmio(u64 pfn);
int __real___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __real_handle_host_mem_abort(u64 fault_ipa);

int __wrap___pkvm_host_share_hyp(u64 pfn);
int __wrap___pkvm_host_unshare_hyp(u64 pfn);
int __wrap___pkvm_host_donate_hyp(u64 pfn, u64 nr_pages);
int __wrap___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages);
int __wrap_hyp_pin_shared_mem(void *from, void *to);
void __wrap_hyp_unpin_shared_mem(void *from, void *to);
int __wrap___pkvm_host_donate_hyp_mmio(u64 pfn);
int __wrap___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __wrap_handle_host_mem_abort(u64 fault_ipa);

static int call_point(const char *what, u64 arg, int cls)
{
	platform_hook_call(what, arg);
	return cls < 0 ? 0 : fault_should_fail((enum fault_class)cls);
}

__weak int __wrap___pkvm_host_share_hyp(u64 pfn)
{
	return call_point("share", pfn, FAULT_SHARE) ?: __real___pkvm_host_share_hyp(pfn);
}

/*
 * An unshare fails for real only when a pin races with it: the host's
 * unshare hypercall (no hyp lock held). The hyp undoing its own share
 * under its own lock, after dropping its own pin, cannot fail: injecting
 * there would report a rollback the real primitive never forces.
 */
__weak int __wrap___pkvm_host_unshare_hyp(u64 pfn)
{
	return call_point("unshare", pfn, machine_locks_held() ? -1 : FAULT_UNSHARE) ?:
	       __real___pkvm_host_unshare_hyp(pfn);
}

__weak int __wrap___pkvm_host_donate_hyp(u64 pfn, u64 nr_pages)
{
	return call_point("donate", pfn, FAULT_DONATE) ?:
	       __real___pkvm_host_donate_hyp(pfn, nr_pages);
}

__weak int __wrap___pkvm_hyp_donate_host(u64 pfn, u64 nr_pages)
{
	call_point("give_back", pfn, -1);
	return __real___pkvm_hyp_donate_host(pfn, nr_pages);
}

__weak int __wrap_hyp_pin_shared_mem(void *from, void *to)
{
	return call_point("pin", __hyp_pa(from), FAULT_PIN) ?:
	       __real_hyp_pin_shared_mem(from, to);
}

__weak void __wrap_hyp_unpin_shared_mem(void *from, void *to)
{
	call_point("unpin", __hyp_pa(from), -1);
	__real_hyp_unpin_shared_mem(from, to);
}

__weak int __wrap___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	return call_point("donate_mmio", pfn, FAULT_DONATE) ?:
	       __real___pkvm_host_donate_hyp_mmio(pfn);
}

__weak int __wrap___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	call_point("reclaim_mmio", pfn, -1);
	return __real___pkvm_host_reclaim_hyp_mmio(pfn);
}

__weak int __wrap_handle_host_mem_abort(u64 fault_ipa)
{
	call_point("host_abort", fault_ipa, -1);
	return __real_handle_host_mem_abort(fault_ipa);
}

int __real_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages);
int __real_pkvm_its_emulate_teardown(phys_addr_t dev_addr);
int __wrap_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
				  u64 priv_num_pages);
int __wrap_pkvm_its_emulate_teardown(phys_addr_t dev_addr);

/* The ITS entry points: wrapped so that a test can link a broken double. */
__weak int __wrap_pkvm_its_emulate_setup(phys_addr_t dev_addr, void *host_state, void *priv,
					 u64 priv_num_pages)
{
	return __real_pkvm_its_emulate_setup(dev_addr, host_state, priv, priv_num_pages);
}

__weak int __wrap_pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	return __real_pkvm_its_emulate_teardown(dev_addr);
}

void __real_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);
void __wrap_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
				     bool write, u64 *reg, u8 reg_size);

__weak void __wrap_pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
					    bool write, u64 *reg, u8 reg_size)
{
	__real_pkvm_its_emulate_handler(region, offset, write, reg, reg_size);
}
