// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host hypercalls: one thin handler per call, arguments decoded at the top
 * one register per line, the result in x1; policy lives in the mediator.
 * This is the platform's dispatch, not the mediator's: it calls the entry
 * points <el2fuzz/contract.h> names, and the ITS teardown only if the
 * mediator's profile says it has one.
 */
#include <linux/kernel.h>
#include <asm/kvm_asm.h>
#include <asm/kvm_pkvm.h>
#include <nvhe/its_emulate.h>
#include <nvhe/mem_protect.h>
#include <nvhe/trap_handler.h>

#include "el2fuzz_profile.h"

typedef void (*hcall_t)(struct kvm_cpu_context *);

static void handle___pkvm_host_share_hyp(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(u64, pfn, host_ctxt, 1);

	cpu_reg(host_ctxt, 1) = __pkvm_host_share_hyp(pfn);
}

static void handle___pkvm_host_unshare_hyp(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(u64, pfn, host_ctxt, 1);

	cpu_reg(host_ctxt, 1) = __pkvm_host_unshare_hyp(pfn);
}

static void handle___pkvm_host_donate_hyp_mmio(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(u64, pfn, host_ctxt, 1);

	cpu_reg(host_ctxt, 1) = __pkvm_host_donate_hyp_mmio(pfn);
}

static void handle___pkvm_host_reclaim_hyp_mmio(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(u64, pfn, host_ctxt, 1);

	cpu_reg(host_ctxt, 1) = __pkvm_host_reclaim_hyp_mmio(pfn);
}

static void handle___pkvm_its_emulate_setup(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(phys_addr_t, dev_addr, host_ctxt, 1);
	DECLARE_REG(void *, host_state, host_ctxt, 2);
	DECLARE_REG(void *, priv, host_ctxt, 3);
	DECLARE_REG(u64, priv_num_pages, host_ctxt, 4);

	cpu_reg(host_ctxt, 1) = pkvm_its_emulate_setup(dev_addr, host_state, priv,
						       priv_num_pages);
}

#if EL2FUZZ_PROFILE_TEARDOWN
static void handle___pkvm_its_emulate_teardown(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(phys_addr_t, dev_addr, host_ctxt, 1);

	cpu_reg(host_ctxt, 1) = pkvm_its_emulate_teardown(dev_addr);
}
#endif

#define HANDLE_FUNC(x)	[__KVM_HOST_SMCCC_FUNC_##x] = handle_##x

static const hcall_t host_hcall[] = {
	HANDLE_FUNC(__pkvm_host_share_hyp),
	HANDLE_FUNC(__pkvm_host_unshare_hyp),
	HANDLE_FUNC(__pkvm_host_donate_hyp_mmio),
	HANDLE_FUNC(__pkvm_host_reclaim_hyp_mmio),
	HANDLE_FUNC(__pkvm_its_emulate_setup),
#if EL2FUZZ_PROFILE_TEARDOWN
	HANDLE_FUNC(__pkvm_its_emulate_teardown),
#else
	[__KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown] = NULL,
#endif
};

BUILD_BUG_ON(ARRAY_SIZE(host_hcall) != __KVM_HOST_SMCCC_FUNC_MAX);

void handle_host_hcall(struct kvm_cpu_context *host_ctxt)
{
	DECLARE_REG(unsigned long, id, host_ctxt, 0);
	hcall_t hfn;

	if (id >= ARRAY_SIZE(host_hcall))
		goto inval;
	hfn = host_hcall[id];
	if (!hfn)
		goto inval;

	cpu_reg(host_ctxt, 0) = SMCCC_RET_SUCCESS;
	hfn(host_ctxt);
	return;
inval:
	cpu_reg(host_ctxt, 0) = SMCCC_RET_NOT_SUPPORTED;
}
