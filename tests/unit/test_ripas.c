// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RMM model (RMI_RTT_SET_RIPAS step rules and return packing, RTT
 * creation, RSI_IPA_STATE_SET checks) and the mediator's RIPAS change
 * completion on every RTT start level, aligned and unaligned ranges,
 * DESTROYED entries, and failing RTT creation and memory-cache top-ups.
 */
#include <errno.h>

#include <asm/kvm_rme.h>
#include <asm/rmi_cmds.h>

#include "../test.h"
#include "../../core/fault/fault.h"
#include "../../core/machine/machine.h"
#include "../../core/machine/rmm.h"

static void boot(uint64_t start_level, uint64_t ia_bits)
{
	struct machine_config cfg = { .page_shift = 12, .ram_size = 16 << 20, .nr_devices = 1 };

	CHECK_EQ(machine_boot(&cfg), 0);
	fault_reset();
	CHECK_EQ(rmm_realm_create(start_level, ia_bits), RMI_SUCCESS);
}

static int set_ripas(uint64_t base, uint64_t top, unsigned long *next)
{
	return rmi_rtt_set_ripas(RMM_RD, RMM_REC, base, top, next);
}

static void test_return_packing_and_step_rules(void)
{
	unsigned long next = 0;
	int ret;

	boot(1, 33);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x1000, 0x3000, RMI_RAM, 0), RSI_SUCCESS);
	/* Only the root exists: the walk ends at level 1. */
	ret = set_ripas(0x1000, 0x3000, &next);
	CHECK_EQ(RMI_RETURN_STATUS(ret), RMI_ERROR_RTT);
	CHECK_EQ(RMI_RETURN_INDEX(ret), 1);
	CHECK_EQ(ret, 0x104);
	/* Not where the RMM stopped, beyond the request, a bad range. */
	CHECK_EQ(set_ripas(0x2000, 0x3000, &next), RMI_ERROR_INPUT);
	CHECK_EQ(set_ripas(0x1000, 0x4000, &next), RMI_ERROR_INPUT);
	CHECK_EQ(set_ripas(0x1000, 0x2800, &next), RMI_ERROR_INPUT);
	CHECK_EQ(set_ripas(0x1000, 0x1000, &next), RMI_ERROR_INPUT);
	CHECK_EQ(rmi_rtt_set_ripas(RMM_RD, RMM_REC + 0x1000, 0x1000, 0x3000, &next),
		 RMI_ERROR_REC);
	/* A level-2 RTT: base is not aligned to the 2 MiB of level 2. */
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0, 2), RMI_SUCCESS);
	CHECK_EQ(set_ripas(0x1000, 0x3000, &next), 0x204);
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE + 0x1000, 0, 3), RMI_SUCCESS);
	next = 0;
	CHECK_EQ(set_ripas(0x1000, 0x3000, &next), RMI_SUCCESS);
	CHECK_EQ(next, 0x3000);
	CHECK_EQ(rmm_rec_addr(), 0x3000);
	CHECK_EQ(rmm_ripas_at(0x0, NULL), RMI_EMPTY);
	CHECK_EQ(rmm_ripas_at(0x1000, NULL), RMI_RAM);
	CHECK_EQ(rmm_ripas_at(0x2fff, NULL), RMI_RAM);
	CHECK_EQ(rmm_ripas_at(0x3000, NULL), RMI_EMPTY);
	/* Done: the same call again is not where the RMM stopped. */
	CHECK_EQ(set_ripas(0x1000, 0x3000, &next), RMI_ERROR_INPUT);
}

static void test_stops_at_end_of_rtt(void)
{
	unsigned long next = 0;

	boot(1, 33);
	CHECK_EQ(rmm_setup_rtt(0x0, 3), 0);
	CHECK_EQ(rmm_setup_rtt(0x200000, 3), 0);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x1ff000, 0x401000, RMI_RAM, 0), RSI_SUCCESS);
	CHECK_EQ(set_ripas(0x1ff000, 0x401000, &next), RMI_SUCCESS);
	CHECK_EQ(next, 0x200000);
	CHECK_EQ(set_ripas(0x200000, 0x401000, &next), RMI_SUCCESS);
	CHECK_EQ(next, 0x400000);
	/* [0x400000, 0x401000) has no level-3 RTT: a 2 MiB entry does not fit. */
	CHECK_EQ(set_ripas(0x400000, 0x401000, &next), 0x204);
}

static void test_rtt_create_rules(void)
{
	boot(1, 33);
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0, 1), RMI_ERROR_INPUT);	/* root */
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0, 4), RMI_ERROR_INPUT);
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0x1000, 2), RMI_ERROR_INPUT);
	/* No parent: RMI_ERROR_RTT at the level the walk reached (1). */
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0, 3), RMI_RETURN(RMI_ERROR_RTT, 1));
	CHECK_EQ(rmi_rtt_create(RMM_RD, 0x40000000, 0, 2), RMI_ERROR_INPUT);	/* not delegated */
	CHECK_EQ(rmi_rtt_create(RMM_RD + 1, RMM_POOL_BASE, 0, 2), RMI_ERROR_INPUT);
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0, 2), RMI_SUCCESS);
	/* It exists: RMI_ERROR_RTT at the parent's level. */
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE + 0x1000, 0, 2), RMI_RETURN(RMI_ERROR_RTT, 1));
	CHECK_EQ(rmi_rtt_create(RMM_RD, RMM_POOL_BASE, 0x200000, 2), RMI_ERROR_INPUT);
	CHECK_EQ(rmm_rtt_walk(0x1000), 2);
	CHECK_EQ(rmm_nr_rtts(), 1);
	/* An injected failure. */
	fault_fail_next(FAULT_RTT_CREATE, ENOMEM);
	CHECK(rmi_rtt_create(RMM_RD, RMM_POOL_BASE + 0x1000, 0, 3) != RMI_SUCCESS);
	CHECK_EQ(rmm_nr_rtts(), 1);
}

static void test_rsi_checks(void)
{
	boot(1, 33);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x1000, 0x2000, RMI_DESTROYED, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x1000, 0x2000, 3, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x1001, 0x2000, RMI_RAM, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x1000, 0x2001, RMI_RAM, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x2000, 0x2000, RMI_RAM, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x3000, 0x2000, RMI_RAM, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0xfffff000, 0x100001000, RMI_RAM, 0), RSI_ERROR_INPUT);
	CHECK_EQ(rmm_rsi_ipa_state_set(0xfffff000, 0x100000000, RMI_RAM, 0), RSI_SUCCESS);
	CHECK_EQ(rmm_rsi_ipa_state_set(0x0, 0x100000000, RMI_EMPTY, 0), RSI_SUCCESS);
}

static void test_realm_geometry(void)
{
	static const unsigned int lo[] = { 40, 31, 22, 13 }, hi[] = { 48, 43, 34, 25 };
	unsigned int s;

	for (s = 0; s < 4; s++) {
		CHECK_EQ(rmm_realm_create(s, lo[s]), RMI_SUCCESS);
		CHECK_EQ(rmm_realm_create(s, hi[s]), RMI_SUCCESS);
		CHECK_EQ(rmm_realm_create(s, lo[s] - 1), RMI_ERROR_INPUT);
		CHECK_EQ(rmm_realm_create(s, hi[s] + 1), RMI_ERROR_INPUT);
	}
	CHECK_EQ(rmm_realm_create(4, 30), RMI_ERROR_INPUT);
}

/* Complete [base, top) to @ripas through the mediator. */
static int complete(uint64_t base, uint64_t top, uint64_t ripas, uint64_t flags,
		    unsigned long *reached)
{
	CHECK_EQ(rmm_rsi_ipa_state_set(base, top, ripas, flags), RSI_SUCCESS);
	rmm_entry_begin();
	return kvm_complete_ripas_change(rmm_host_realm(), rmm_host_rec(), reached);
}

static void test_every_start_level(void)
{
	static const unsigned int ia[] = { 40, 33, 30, 24 };
	unsigned long reached;
	unsigned int s;

	for (s = 0; s < 4; s++) {
		boot(s, ia[s]);
		CHECK_EQ(complete(0x1000, 0x3000, RMI_RAM, 0, &reached), 0);
		CHECK_EQ(reached, 0x3000);
		CHECK_EQ(rmm_nr_rtts(), 3 - s);
		CHECK_EQ(rmm_first_not(0x1000, 0x3000, RMI_RAM), 0x3000);
		CHECK_EQ(rmm_ripas_at(0x3000, NULL), RMI_EMPTY);
		CHECK_EQ(rmm_entry_log()->nr_unmaps, 0);
	}
}

static void test_block_levels(void)
{
	unsigned long reached;

	boot(1, 33);
	CHECK_EQ(complete(0x40000000, 0x80000000, RMI_RAM, 0, &reached), 0);
	CHECK_EQ(reached, 0x80000000);
	CHECK_EQ(rmm_nr_rtts(), 0);
	CHECK_EQ(complete(0x200000, 0x600000, RMI_RAM, 0, &reached), 0);
	CHECK_EQ(rmm_nr_rtts(), 1);
	CHECK_EQ(rmm_rtt_walk(0x200000), 2);
	/* Ends in the middle of a block: level 3 for the tail only. */
	CHECK_EQ(complete(0x800000, 0xa01000, RMI_RAM, 0, &reached), 0);
	CHECK_EQ(reached, 0xa01000);
	CHECK_EQ(rmm_nr_rtts(), 2);
	CHECK_EQ(rmm_rtt_walk(0x800000), 2);
	CHECK_EQ(rmm_rtt_walk(0xa00000), 3);
	CHECK_EQ(rmm_ripas_at(0xa01000, NULL), RMI_EMPTY);
}

static void test_empty_unmaps_exactly(void)
{
	const struct rmm_entry_log *log = rmm_entry_log();
	unsigned long reached;
	bool assigned;

	boot(1, 33);
	CHECK_EQ(rmm_setup_mem(0x200000, 0x400000, RMM_MEM_DATA), 0);
	CHECK_EQ(complete(0x201000, 0x3ff000, RMI_EMPTY, 0, &reached), 0);
	CHECK_EQ(reached, 0x3ff000);
	CHECK_EQ(log->nr_unmaps, 1);
	CHECK_EQ(log->unmaps[0][0], 0x201000);
	CHECK_EQ(log->unmaps[0][1], 0x3ff000);
	CHECK_EQ(rmm_ripas_at(0x200000, &assigned), RMI_RAM);
	CHECK(assigned);
	CHECK_EQ(rmm_ripas_at(0x3ff000, &assigned), RMI_RAM);
	CHECK(assigned);
	CHECK_EQ(rmm_ripas_at(0x201000, &assigned), RMI_EMPTY);
	CHECK(!assigned);
	CHECK_EQ(rmm_first_assigned(0x201000, 0x3ff000), 0x3ff000);
}

static void test_destroyed_stops(void)
{
	unsigned long reached;

	boot(1, 33);
	CHECK_EQ(rmm_setup_mem(0x300000, 0x301000, RMM_MEM_DESTROYED), 0);
	CHECK_EQ(complete(0x200000, 0x400000, RMI_RAM, 0, &reached), -EINVAL);
	CHECK_EQ(reached, 0x300000);
	CHECK_EQ(rmm_first_not(0x200000, 0x300000, RMI_RAM), 0x300000);
	CHECK_EQ(rmm_ripas_at(0x300000, NULL), RMI_DESTROYED);
	/* Allowed to change DESTROYED: the whole range. */
	CHECK_EQ(complete(0x200000, 0x400000, RMI_RAM, RSI_CHANGE_DESTROYED, &reached), 0);
	CHECK_EQ(reached, 0x400000);
	CHECK_EQ(rmm_ripas_at(0x300000, NULL), RMI_RAM);
}

static void test_injected_failures(void)
{
	unsigned long reached;

	boot(0, 40);
	fault_plan(FAULT_RTT_CREATE, 2, ENOMEM);
	CHECK_EQ(complete(0x1000, 0x3000, RMI_RAM, 0, &reached), -ENXIO);
	CHECK_EQ(reached, 0x1000);
	CHECK_EQ(rmm_nr_rtts(), 1);
	CHECK_EQ(rmm_ripas_at(0x1000, NULL), RMI_EMPTY);

	boot(1, 33);
	fault_plan(FAULT_MEMCACHE, 1, ENOMEM);
	CHECK_EQ(complete(0x1000, 0x3000, RMI_RAM, 0, &reached), -ENOMEM);
	CHECK_EQ(reached, 0x1000);
	CHECK_EQ(rmm_nr_rtts(), 0);

	/* The cache runs dry midway and the top-up after progress fails. */
	boot(0, 40);
	CHECK_EQ(rmm_setup_mem(0x0, 0x8000000000, RMM_MEM_DATA), 0);
	CHECK_EQ(rmm_nr_rtts(), 0);
	fault_plan(FAULT_MEMCACHE, 2, ENOMEM);
	CHECK_EQ(complete(0x1000, 0x201000, RMI_EMPTY, 0, &reached), -ENOMEM);
	CHECK_EQ(reached, 0x200000);
	CHECK_EQ(rmm_entry_log()->unmaps[0][0], 0x1000);
	CHECK_EQ(rmm_entry_log()->unmaps[0][1], 0x200000);
	CHECK_EQ(rmm_ripas_at(0x200000, NULL), RMI_RAM);
}

static void test_pool_exhaustion(void)
{
	unsigned long reached;
	uint64_t ipa;

	boot(1, 33);
	/* Use up the pool but one granule: the next change stops after progress. */
	for (ipa = 0; rmm_nr_rtts() < RMM_MAX_RTTS - 1; ipa += 0x200000)
		CHECK_EQ(rmm_setup_rtt(ipa + 0x40000000, ipa ? 3 : 2), 0);
	CHECK_EQ(complete(0x1000, 0x201000, RMI_RAM, 0, &reached), -ENOMEM);
	CHECK(reached == 0x1000);
}

int main(void)
{
	test_return_packing_and_step_rules();
	test_stops_at_end_of_rtt();
	test_rtt_create_rules();
	test_rsi_checks();
	test_realm_geometry();
	test_every_start_level();
	test_block_levels();
	test_empty_unmaps_exactly();
	test_destroyed_stops();
	test_injected_failures();
	test_pool_exhaustion();
	return test_done("test_ripas");
}
