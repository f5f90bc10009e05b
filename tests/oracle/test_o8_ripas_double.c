// SPDX-License-Identifier: GPL-2.0-only
/*
 * O8 fires on a mediator broken on purpose: a double of
 * kvm_complete_ripas_change() that takes one successful RTT_SET_RIPAS for
 * the whole range (catalogue defect 10), continues from an address the RMM
 * did not return, retries a failed call with nothing changed, unmaps
 * more than became EMPTY, gives up for want of memory the RMM still
 * has, or gives up when the RMM asks for a deeper RTT; the same programs
 * pass when it forwards to the real one, and giving up at a DESTROYED
 * granule is no defect.
 */
#include <errno.h>

#include <asm/kvm_rme.h>
#include <asm/rmi_cmds.h>

#include "break_on_purpose.h"

enum breakage {
	FORWARD,
	TRUST_ONE_CALL,
	SKIP_AHEAD,
	RETRY_UNCHANGED,
	UNMAP_TOO_MUCH,
	GIVE_UP,
	STOP_AT_RTT,
	POSITIVE,
};

static int mode;

int __real_kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
				     unsigned long *top_ipa);
int __wrap_kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
				     unsigned long *top_ipa);

int __wrap_kvm_complete_ripas_change(struct realm *realm, struct realm_rec *rec,
				     unsigned long *top_ipa)
{
	unsigned long base = rec->run->exit.ripas_base;
	unsigned long top = rec->run->exit.ripas_top;
	unsigned long next = base;
	int ret;

	switch (mode) {
	case TRUST_ONE_CALL:
		rmi_rtt_set_ripas(realm->rd, rec->rec, base, top, &next);
		*top_ipa = top;
		return 0;
	case SKIP_AHEAD:
		rmi_rtt_set_ripas(realm->rd, rec->rec, base, top, &next);
		rmi_rtt_set_ripas(realm->rd, rec->rec, next + 0x1000, top, &next);
		*top_ipa = base;
		return -ENXIO;
	case RETRY_UNCHANGED:
		rmi_rtt_set_ripas(realm->rd, rec->rec, base, top, &next);
		rmi_rtt_set_ripas(realm->rd, rec->rec, base, top, &next);
		*top_ipa = base;
		return -ENXIO;
	case UNMAP_TOO_MUCH:
		ret = __real_kvm_complete_ripas_change(realm, rec, top_ipa);
		kvm_realm_unmap_range(realm, *top_ipa, 0x1000);
		return ret;
	case GIVE_UP:
		*top_ipa = base;
		return -ENOMEM;
	case STOP_AT_RTT:
		ret = (int)rmi_rtt_set_ripas(realm->rd, rec->rec, base, top, &next);
		*top_ipa = ret ? base : next;
		return ret ? -EINVAL : 0;
	case POSITIVE:
		/* An RMI status handed on as the result: not -errno. */
		ret = __real_kvm_complete_ripas_change(realm, rec, top_ipa);
		return ret ? 1 : 0;
	default:
		return __real_kvm_complete_ripas_change(realm, rec, top_ipa);
	}
}

/* Two existing level-3 RTTs: the RMM stops at the end of the first. */
static const char across[] =
	"rtt 0x0 3\n"
	"rtt 0x200000 3\n"
	"ripas 0x1ff000 0x201000 0x1\n";

static const char needs_rtts[] =
	"ripas 0x1000 0x3000 0x1\n";

static const char to_empty[] =
	"realm_mem 0x0 0x400000 1\n"
	"ripas 0x1000 0x3000 0x0\n";

int main(void)
{
	expect_broken(&mode, TRUST_ONE_CALL, across, "O8:ripas:ripas_not_requested");
	expect_broken(&mode, SKIP_AHEAD, across, "O8:ripas:invalid_rmi_call");
	expect_broken(&mode, RETRY_UNCHANGED, needs_rtts, "O8:ripas:no_progress");
	expect_broken(&mode, UNMAP_TOO_MUCH, to_empty, "O8:ripas:unmap_inexact");
	expect_broken(&mode, GIVE_UP, needs_rtts, "O8:ripas:enomem_with_memory");
	expect_broken(&mode, STOP_AT_RTT, needs_rtts, "O8:ripas:gave_up_on_rtt");
	expect_broken(&mode, POSITIVE, "fail rtt_create 1 ENOMEM\nripas 0x1000 0x3000 0x1\n",
		      "O8:ripas:result_not_errno");
	/* One call that covers everything is no defect. */
	expect_harmless(&mode, TRUST_ONE_CALL, "rtt 0x0 3\nripas 0x1000 0x3000 0x1\n");
	/* Nor is stopping at a DESTROYED block the RMM refuses at level 2. */
	expect_harmless(&mode, STOP_AT_RTT,
			"realm_mem 0x400000 0x600000 2\nripas 0x400000 0x800000 0x1\n");
	return test_done("test_o8_ripas_double");
}
