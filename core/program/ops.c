// SPDX-License-Identifier: GPL-2.0-only
/* Op names, operand types and the targets' op subsets. */
#include <string.h>

#include "program.h"

static const char *const op_names[NR_OPS] = {
#define OP(id, name, handler, args) [OP_##id] = name,
#include "ops.def"
#undef OP
};

static const char *const op_args[NR_OPS] = {
#define OP(id, name, handler, args) [OP_##id] = args,
#include "ops.def"
#undef OP
};

const char *prog_op_name(unsigned int op)
{
	return op < NR_OPS ? op_names[op] : "?";
}

const char *prog_op_args(unsigned int op)
{
	return op < NR_OPS ? op_args[op] : "";
}

int prog_op_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NR_OPS; i++)
		if (!strcmp(op_names[i], name))
			return (int)i;
	return -1;
}

static const uint8_t mmio_donate_ops[] = {
	OP_HVC_SHARE, OP_HVC_UNSHARE, OP_HVC_DONATE_MMIO, OP_HVC_RECLAIM_MMIO,
	OP_HVC_RAW, OP_DONATE, OP_GIVE_BACK, OP_PIN, OP_UNPIN, OP_HOST_READ,
	OP_HOST_WRITE, OP_PRESSURE, OP_FAIL, OP_CPU2_AT, OP_CPU2_HVC, OP_SBUF,
	OP_DONATE_PFN,
};

static const uint8_t realm_ripas_ops[] = {
	OP_REALM_CREATE, OP_REALM_MEM, OP_RTT_CREATE, OP_RIPAS_REQUEST, OP_FAIL,
};

static const uint8_t guest_abort_ops[] = {
	OP_VM_CREATE, OP_VCPU_SET, OP_GUEST_ABORT,
};

static uint8_t all_ops[NR_OPS];

static const uint8_t its_setup_ops[] = {
	OP_ITS_BRINGUP, OP_ITS_L2, OP_ITS_L1, OP_ITS_STATE, OP_ITS_PTR, OP_ITS_ARG,
	OP_ITS_REG, OP_ITS_SETUP, OP_ITS_TEARDOWN, OP_CPU2_WRITE, OP_CPU2_ON_REGAIN,
	OP_CPU2_ON_LOAD, OP_CPU2_HOSTILE, OP_FAIL, OP_HOST_WRITE, OP_HOST_READ,
	OP_HVC_SHARE, OP_HVC_UNSHARE, OP_ITS_TABLE, OP_ITS_QUEUE, OP_CPU2_REREAD,
	OP_CPU2_AT, OP_CPU2_MMIO_READ, OP_CPU2_MMIO_WRITE, OP_CPU2_HVC, OP_SBUF,
};

static const uint8_t its_mediator_ops[] = {
	OP_ITS_BRINGUP, OP_ITS_L2, OP_ITS_REG, OP_ITS_SETUP, OP_ITS_TEARDOWN,
	OP_ITS_MMIO_READ, OP_ITS_MMIO_WRITE, OP_ITS_CMD, OP_ITS_MAPD, OP_CPU2_WRITE,
	OP_CPU2_ON_REGAIN, OP_CPU2_ON_LOAD, OP_CPU2_HOSTILE, OP_HOST_WRITE, OP_HOST_READ,
	OP_FAIL, OP_CPU2_REREAD, OP_CPU2_AT, OP_CPU2_MMIO_READ, OP_CPU2_MMIO_WRITE,
	OP_CPU2_HVC, OP_SBUF, OP_ITS_DW3, OP_ITS_CMD_RAW, OP_ITS_L1,
};

/* Every ITS op: defects that need setup-time and run-time actions together. */
static const uint8_t its_ops[] = {
	OP_ITS_BRINGUP, OP_ITS_L2, OP_ITS_L1, OP_ITS_STATE, OP_ITS_PTR, OP_ITS_ARG,
	OP_ITS_REG, OP_ITS_SETUP, OP_ITS_TEARDOWN, OP_ITS_TABLE, OP_ITS_QUEUE,
	OP_ITS_MMIO_READ, OP_ITS_MMIO_WRITE, OP_ITS_CMD, OP_ITS_MAPD,
	OP_CPU2_WRITE, OP_CPU2_ON_REGAIN, OP_CPU2_ON_LOAD, OP_CPU2_HOSTILE, OP_CPU2_REREAD,
	OP_FAIL, OP_HOST_WRITE, OP_HOST_READ, OP_HVC_SHARE, OP_HVC_UNSHARE,
	OP_CPU2_AT, OP_CPU2_MMIO_READ, OP_CPU2_MMIO_WRITE, OP_CPU2_HVC, OP_SBUF,
	OP_ITS_DW3, OP_ITS_CMD_RAW,
};

static const struct prog_target targets[] = {
	{ "mmio_donate", mmio_donate_ops, sizeof(mmio_donate_ops) },
	{ "realm_ripas", realm_ripas_ops, sizeof(realm_ripas_ops) },
	{ "guest_abort", guest_abort_ops, sizeof(guest_abort_ops) },
	{ "its_setup", its_setup_ops, sizeof(its_setup_ops) },
	{ "its_mediator", its_mediator_ops, sizeof(its_mediator_ops) },
	{ "its", its_ops, sizeof(its_ops) },
};

const struct prog_target *prog_target_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (!strcmp(targets[i].name, name))
			return &targets[i];
	if (!strcmp(name, "all"))
		return prog_target_all();
	return NULL;
}

const struct prog_target *prog_target_all(void)
{
	static struct prog_target all = { "all", all_ops, NR_OPS };
	unsigned int i;

	for (i = 0; i < NR_OPS; i++)
		all_ops[i] = (uint8_t)i;
	return &all;
}
