// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the simulation models and QEMU's virt board at EL2 cannot be:
 * the hyp's second CPU (core/machine/cpu.h), the cache and store-buffer
 * models (cache.h, sbuf.h: QEMU models no caches, and runs the ITS's
 * reads inside the CWRITER store), the RMM (rmm.h) and the guest's vCPU
 * (vcpu.h). The layers above link against these headers; here each
 * entry point a program can reach ends the run with "not reproducible at
 * EL2" (run.c refuses such programs before they start, so reaching one
 * is the second line of defence), and the observers the oracle installs
 * never hear anything: O16 and O17 are not checked at EL2 (docs/EL2.md).
 */
#include <stddef.h>

#include <asm/kvm_emulate.h>

#include "../machine/cache.h"
#include "../machine/cpu.h"
#include "../machine/rmm.h"
#include "../machine/sbuf.h"
#include "../machine/vcpu.h"
#include "el2_internal.h"

/* The other hyp CPU: never armed, never in the hyp. */
bool cpu_arm_other(void (*fn)(const uint64_t *arg), const uint64_t *arg, uint64_t call,
		   uint64_t access, const char *where)
{
	(void)fn;
	(void)arg;
	(void)call;
	(void)access;
	el2_not_reproducible("%s: QEMU runs the hyp on one CPU", where);
}

void cpu_entry_begin(void)
{
}

void cpu_finish_other(void)
{
}

bool cpu_interleaved(void)
{
	return false;
}

/* No cache model: nothing is ever pending, no event ever fires. */
void cache_set_hook(cache_hook_t hook)
{
	(void)hook;
}

void cache_pending(unsigned int cpu, bool (*fn)(uint64_t pa, void *arg), void *arg)
{
	(void)cpu;
	(void)fn;
	(void)arg;
}

void sbuf_set_order(uint64_t mask)
{
	(void)mask;
	el2_not_reproducible("sbuf: no store buffer to reorder with one CPU");
}

/* The realm and the guest. */
#define NO_RMM()	el2_not_reproducible("%s: no RMM at EL2 under QEMU", __func__)
#define NO_VCPU()	el2_not_reproducible("%s: no guest vCPU model at EL2", __func__)

void rmm_set_hooks(const struct rmm_hooks *hooks)
{
	(void)hooks;
	NO_RMM();
}

int rmm_realm_create(uint64_t start_level, uint64_t ia_bits)
{
	(void)start_level;
	(void)ia_bits;
	NO_RMM();
}

struct realm *rmm_host_realm(void)
{
	NO_RMM();
}

struct realm_rec *rmm_host_rec(void)
{
	NO_RMM();
}

int rmm_setup_rtt(uint64_t ipa, uint64_t level)
{
	(void)ipa;
	(void)level;
	NO_RMM();
}

int rmm_setup_mem(uint64_t base, uint64_t top, enum rmm_mem_kind kind)
{
	(void)base;
	(void)top;
	(void)kind;
	NO_RMM();
}

int rmm_rsi_ipa_state_set(uint64_t base, uint64_t top, uint64_t ripas, uint64_t flags)
{
	(void)base;
	(void)top;
	(void)ripas;
	(void)flags;
	NO_RMM();
}

int rmm_ripas_at(uint64_t ipa, bool *assigned)
{
	(void)ipa;
	(void)assigned;
	NO_RMM();
}

uint64_t rmm_first_not(uint64_t base, uint64_t end, int ripas)
{
	(void)base;
	(void)end;
	(void)ripas;
	NO_RMM();
}

uint64_t rmm_first_locked(uint64_t base, uint64_t end)
{
	(void)base;
	(void)end;
	NO_RMM();
}

unsigned int rmm_free_granules(void)
{
	NO_RMM();
}

void rmm_entry_begin(void)
{
	NO_RMM();
}

const struct rmm_entry_log *rmm_entry_log(void)
{
	NO_RMM();
}

/*
 * Asked for on every entry: O7 reads the vCPU (its run structure, its
 * stage-2) before it looks at the entry's kind, so there is one, empty,
 * that no guest ever runs on.
 */
static struct kvm_pgtable no_pgt;
static struct kvm no_vm = { .arch.mmu.pgt = &no_pgt };
static struct kvm_run no_run;
static struct kvm_vcpu no_vcpu = {
	.kvm = &no_vm,
	.arch.hw_mmu = &no_vm.arch.mmu,
	.run = &no_run,
};

struct kvm *vcpu_model_kvm(void)
{
	return &no_vm;
}

struct kvm_vcpu *vcpu_model_vcpu(void)
{
	return &no_vcpu;
}

void vcpu_set_parange(unsigned int parange)
{
	(void)parange;
	NO_VCPU();
}

unsigned int vcpu_parange(void)
{
	NO_VCPU();
}

int vcpu_set_state(uint64_t pstate, uint64_t pc, uint64_t vbar_flags)
{
	(void)pstate;
	(void)pc;
	(void)vbar_flags;
	NO_VCPU();
}

void vcpu_take_abort(uint64_t addr, uint64_t flags)
{
	(void)addr;
	(void)flags;
	NO_VCPU();
}
