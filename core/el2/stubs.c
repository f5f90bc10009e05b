// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the realm (ripas.c) and guest-abort (abort.c) mediator files need
 * from a host kernel and an RMM, which QEMU's virt board at EL2 does not
 * have: just enough for them to link. The EL2 replay is about the ITS
 * targets; a call that reaches these is reported, so that a program of
 * another target can never pass for clean here.
 */
#include <linux/errno.h>
#include <asm/kvm_emulate.h>
#include <asm/kvm_rme.h>
#include <asm/rmi_smc.h>

#include <el2/el2.h>

/* No RMM at EL2 under QEMU virt: every RMI call fails its input check. */
void arm_smccc_1_1_invoke(unsigned long fid, unsigned long a1, unsigned long a2,
			  unsigned long a3, unsigned long a4, struct arm_smccc_res *res)
{
	(void)a1;
	(void)a2;
	(void)a3;
	(void)a4;
	el2_printf("  [hyp]   RMI call 0x%lx: no RMM at EL2\n", fid);
	res->a0 = RMI_ERROR_INPUT;
	res->a1 = 0;
	res->a2 = 0;
	res->a3 = 0;
}

int kvm_mmu_topup_memory_cache(struct kvm_mmu_memory_cache *mc, int min)
{
	(void)mc;
	(void)min;
	return -ENOMEM;
}

void kvm_realm_unmap_range(struct realm *realm, unsigned long start, unsigned long size)
{
	(void)realm;
	(void)start;
	(void)size;
}

/* No VMM: no memslots, every guest abort looks like MMIO to it. */
struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, u64 gfn)
{
	(void)kvm;
	(void)gfn;
	return NULL;
}
