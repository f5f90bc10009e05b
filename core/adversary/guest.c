// SPDX-License-Identifier: GPL-2.0-only
/*
 * The malicious guest, and the realm it runs in: RIPAS change requests
 * with any base, top and value; stage-2 aborts at any IPA, data or
 * instruction, from any execution state the guest can be in, against any
 * host PARange and VM IPA size. Configuration is by op, so a program can
 * change it as it goes: realm (RTT start level, IPA bits), realm_mem and
 * rtt (the realm's memory and RTTs before the request), vm (PARange, VM
 * type), vcpu (PSTATE, PC, VBAR and flags).
 */
#include <errno.h>

#include <asm/kvm_emulate.h>
#include <asm/kvm_rme.h>

#include "adversary.h"
#include "../machine/rmm.h"
#include "../machine/vcpu.h"
#include "../oracle/oracle.h"
#include "../trace/trace.h"

/* realm K I: RMI_REALM_CREATE with RTT start level K and I IPA bits. */
void op_realm_create(const uint64_t *v)
{
	int ret = rmm_realm_create(v[0], v[1]);

	if (ret)
		TRACE2("[adv]", "realm: start level %llu with %llu IPA bits refused", v[0], v[1]);
}

/* realm_mem base top kind: the realm's memory before the request. */
void op_realm_mem(const uint64_t *v)
{
	if (rmm_setup_mem(v[0], v[1], (enum rmm_mem_kind)(v[2] % RMM_NR_MEM_KINDS)))
		TRACE2("[adv]", "realm_mem: [0x%llx, 0x%llx) not protected granules, skipped",
		       v[0], v[1]);
}

/* rtt ipa level: RTTs the host created earlier, down to level. */
void op_rtt_create(const uint64_t *v)
{
	int ret = rmm_setup_rtt(v[0], v[1]);

	if (ret)
		TRACE3("[adv]", "rtt: ipa 0x%llx level %llu not created (%lld)", v[0], v[1],
		       (uint64_t)(int64_t)ret);
}

/*
 * ripas base top value: RSI_IPA_STATE_SET with value = RIPAS | flags << 8;
 * if the RMM accepts it the REC exits and the host completes the change.
 */
void op_ripas_request(const uint64_t *v)
{
	uint64_t ripas = v[2] & 0xff;
	struct oracle_entry e;
	unsigned long reached = 0;
	long ret;

	if (rmm_rsi_ipa_state_set(v[0], v[1], ripas, v[2] >> 8)) {
		TRACE2("[adv]", "ripas: RSI refused [0x%llx, 0x%llx)", v[0], v[1]);
		return;
	}
	e = (struct oracle_entry){ .kind = ENTRY_RIPAS, .name = "ripas",
				   .args = { v[0], v[1], ripas } };
	oracle_entry_begin(&e);
	ret = kvm_complete_ripas_change(rmm_host_realm(), rmm_host_rec(), &reached);
	TRACE2("[hyp]", "RIPAS change -> %lld, reached 0x%llx", (uint64_t)ret, reached);
	e.ret = ret;
	e.out = reached;
	oracle_entry_end(&e);
}

/* vm K I: the host's PARange field K, then a VM of type I (its IPA size). */
void op_vm_create(const uint64_t *v)
{
	unsigned int old = vcpu_parange();
	struct oracle_entry e;
	long ret;

	vcpu_set_parange((unsigned int)v[0]);
	e = (struct oracle_entry){ .kind = ENTRY_VM, .name = "vm", .args = { v[1] } };
	oracle_entry_begin(&e);
	ret = kvm_arm_setup_stage2(vcpu_model_kvm(), v[1]);
	e.ret = ret;
	oracle_entry_end(&e);
	if (ret) {
		/* No VM: the machine keeps the one it had. */
		vcpu_set_parange(old);
		TRACE2("[adv]", "vm: type 0x%llx refused (%lld)", v[1], (uint64_t)ret);
	}
}

/* vcpu pstate pc vbar|flags: the guest's execution state. */
void op_vcpu_set(const uint64_t *v)
{
	if (vcpu_set_state(v[0], v[1], v[2]))
		TRACE1("[adv]", "vcpu: PSTATE 0x%llx is no guest state, skipped", v[0]);
}

/* abort addr flags: the guest faults at stage 2 on addr. */
void op_guest_abort(const uint64_t *v)
{
	struct kvm_vcpu *vcpu = vcpu_model_vcpu();
	struct oracle_entry e;
	long ret;

	vcpu_take_abort(v[0], v[1]);
	e = (struct oracle_entry){ .kind = ENTRY_GUEST_ABORT, .name = "abort",
				   .args = { v[0], v[1] } };
	oracle_entry_begin(&e);
	ret = kvm_handle_guest_abort(vcpu);
	TRACE4("[hyp]", "guest abort -> %lld, PC 0x%llx PSTATE 0x%llx ESR_EL1 0x%llx",
	       (uint64_t)ret, vcpu->arch.pc, vcpu->arch.pstate, vcpu->arch.sys_regs[ESR_EL1]);
	e.ret = ret;
	oracle_entry_end(&e);
}
