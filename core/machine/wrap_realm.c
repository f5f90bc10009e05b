// SPDX-License-Identifier: GPL-2.0-only
/*
 * The realm and guest-abort entry points, linked with -Wl,--wrap like the
 * ownership API (wrap.c): each call from the harness passes here first,
 * an interleaving point, and a test can link a double of one entry point
 * (a mediator broken on purpose) by defining the wrapper itself.
 */
#include <asm/kvm_emulate.h>
#include <asm/kvm_rme.h>

#include "mem_internal.h"

#define __weak __attribute__((weak))

int __real_kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
				     unsigned long *top_ipa);
int __real_kvm_handle_guest_abort(struct kvm_vcpu *vcpu);
int __real_kvm_arm_setup_stage2(struct kvm *kvm, unsigned long type);

int __wrap_kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
				     unsigned long *top_ipa);
int __wrap_kvm_handle_guest_abort(struct kvm_vcpu *vcpu);
int __wrap_kvm_arm_setup_stage2(struct kvm *kvm, unsigned long type);

__weak int __wrap_kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
					    unsigned long *top_ipa)
{
	platform_hook_call("complete_ripas_change", 0);
	return __real_kvm_complete_ripas_change(realm, rec, top_ipa);
}

__weak int __wrap_kvm_handle_guest_abort(struct kvm_vcpu *vcpu)
{
	platform_hook_call("guest_abort", 0);
	return __real_kvm_handle_guest_abort(vcpu);
}

__weak int __wrap_kvm_arm_setup_stage2(struct kvm *kvm, unsigned long type)
{
	platform_hook_call("setup_stage2", type);
	return __real_kvm_arm_setup_stage2(kvm, type);
}
