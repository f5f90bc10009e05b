// SPDX-License-Identifier: GPL-2.0-only
/*
 * O5 forwarding integrity, while the hyp emulates the ITS. Observed at the
 * device, never taken from the mediator:
 *
 *  - every command the ITS runs is, byte for byte, what the host wrote at
 *    that slot of its queue copy: as it is, or as it was before the other
 *    CPU rewrote it since the device last ran the slot (a hyp may fetch a
 *    command in one entry and the device run it in a later one; a command
 *    the device stalled on runs again from the same copy)
 *    (`command_not_from_host`);
 *  - every hardware GITS_CWRITER write holds only an offset below the
 *    queue's length and Retry (`cwriter_not_sanitised`,
 *    `cwriter_out_of_range`);
 *  - a trapped GITS_CWRITER value that names no slot (an offset at or
 *    beyond the queue, bits [4:1] set) runs nothing and writes no hardware
 *    CWRITER (`rejected_cwriter_processed`), then or later: no trap (a
 *    CWRITER write, the GITS_CTLR write that enables the ITS, any other)
 *    moves the hardware CWRITER past the last offset the host wrote that
 *    named a slot (`cwriter_beyond_host`).
 *
 * And the mediator's own documented choices, only where its profile
 * declares them (class policy): unknown opcodes, GICv4 commands, or the
 * GICv4 commands that map, never run;
 * MAPD with Size above TYPER.IDbits never runs, MAPC never names an
 * RDbase beyond the CPUs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_asm.h>

#include "el2fuzz_profile.h"
#include "invariant.h"
#include "../machine/its_hw.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

#define O5_SAVED	64	/* slot values kept until the device runs the slot */

static struct {
	bool in_trap;
	bool rejected;		/* the trapped value must be rejected */
	bool target_known;
	uint64_t target;	/* the last offset the host asked for */
	uint64_t creadr;	/* the device's read position before the trap */
	uint64_t handed;	/* the hardware's CWRITER before the trap */
	unsigned int cmds;	/* commands run during the trap */
	unsigned int cwriter_writes;
	/*
	 * Slots of the host's queue copy as they were before the other CPU
	 * wrote them, kept until the device runs the slot: a hyp may fetch a
	 * command in one entry and the device run it in a later one (a batch
	 * handed to a disabled ITS), and either value is the host's.
	 */
	struct {
		uint64_t off;
		uint64_t cmd[4];
	} saved[O5_SAVED];
	unsigned int nr_saved;
	bool saved_lost;	/* more rewrites than kept: judge no slot till setup */
	/*
	 * The slot the device last began: forgotten once the device is past
	 * it. A command that stalls (a failed table access) is run again from
	 * the same copy when the ITS restarts, whatever the host wrote since.
	 */
	bool began;
	uint64_t began_off;
	/*
	 * CPU 0 is in a teardown: the hyp may let go of the ITS there, and the
	 * other CPU's trap then reaches the device as the host's own. What it
	 * does waits for the teardown's return: reported if it failed.
	 */
	bool teardown;
	const char *pending;
	char pending_detail[160];
} o5;

/* A finding of one event, either CPU's; see o5.teardown. */
static void event_violation(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void event_violation(const char *what, const char *fmt, ...)
{
	char detail[sizeof(o5.pending_detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (machine_cpu() && o5.teardown) {
		if (!o5.pending) {
			o5.pending = what;
			memcpy(o5.pending_detail, detail, sizeof(detail));
		}
		return;
	}
	report_violation("O5", what, "%s", detail);
}

static bool from_host(const uint64_t *cmd, uint64_t off)
{
	uint64_t copy, len, now[4];
	unsigned int i;

	if (its_ref_queue_copy(&copy, &len) || off + ITS_CMD_SIZE > len)
		return true;	/* no copy to compare with: nothing to say */
	if (!machine_ram_read(copy + off, now, sizeof(now)) && !memcmp(now, cmd, sizeof(now)))
		return true;
	if (o5.saved_lost)
		return true;
	for (i = 0; i < o5.nr_saved; i++)
		if (o5.saved[i].off == off && !memcmp(o5.saved[i].cmd, cmd, sizeof(now)))
			return true;
	return false;
}

/* The GICv4 commands that map something (a vPE, a virtual interrupt). */
static bool gicv4_map(uint8_t op)
{
	switch (op) {
	case 0x21:	/* VMOVI */
	case 0x22:	/* VMOVP */
	case 0x29:	/* VMAPP */
	case 0x2a:	/* VMAPTI */
	case 0x2b:	/* VMAPI */
		return true;
	}
	return false;
}

static bool gicv4(uint8_t op)
{
	switch (op) {
	case 0x21:	/* VMOVI */
	case 0x22:	/* VMOVP */
	case 0x23:	/* VSGI */
	case 0x25:	/* VSYNC */
	case 0x29:	/* VMAPP */
	case 0x2a:	/* VMAPTI */
	case 0x2b:	/* VMAPI */
	case 0x2d:	/* VINVALL */
	case 0x2e:	/* INVDB */
		return true;
	}
	return false;
}

static bool known_opcode(uint8_t op)
{
	if (gicv4(op))
		return true;
	switch (op) {
	case GITS_CMD_MOVI:
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_SYNC:
	case GITS_CMD_MAPD:
	case GITS_CMD_MAPC:
	case GITS_CMD_MAPTI:
	case GITS_CMD_MAPI:
	case GITS_CMD_INV:
	case GITS_CMD_INVALL:
	case GITS_CMD_MOVALL:
	case GITS_CMD_DISCARD:
		return true;
	}
	return false;
}

/* The policies a profile may declare, on one command about to run. */
static void check_policy(const uint64_t *cmd)
{
	uint64_t idbits = FIELD_GET(GITS_TYPER_IDBITS, its_hw_peek(GITS_TYPER, 8));
	uint8_t op = cmd[0] & 0xff;
	uint64_t rdbase;

	if ((EL2FUZZ_PROFILE_POLICY_REJECT_UNKNOWN_COMMANDS && !known_opcode(op)) ||
	    (EL2FUZZ_PROFILE_POLICY_REJECT_GICV4_COMMANDS && gicv4(op)) ||
	    (EL2FUZZ_PROFILE_POLICY_REJECT_GICV4_MAPS && gicv4_map(op)))
		event_violation("rejected_command_executed",
				 "opcode 0x%x ran; the mediator's profile says it never does", op);
	if (EL2FUZZ_PROFILE_POLICY_REJECT_MAPD_SIZE && op == GITS_CMD_MAPD &&
	    (cmd[1] & 0x1f) > idbits)
		event_violation("mapd_size_executed", "MAPD Size %llu above IDbits %llu ran",
				 (unsigned long long)(cmd[1] & 0x1f), (unsigned long long)idbits);
	rdbase = FIELD_GET(GENMASK_ULL(51, 16), cmd[2]);
	if (EL2FUZZ_PROFILE_POLICY_REJECT_MAPC_RDBASE && op == GITS_CMD_MAPC &&
	    (cmd[2] >> 63) && !(its_hw_peek(GITS_TYPER, 8) & GITS_TYPER_PTA) &&
	    rdbase >= SIM_NR_CPUS)
		event_violation("mapc_rdbase_executed",
				 "MAPC with RDbase %llu ran on a machine of %u CPUs",
				 (unsigned long long)rdbase, SIM_NR_CPUS);
}

/* The device ran the slot: what it held before is no longer the host's. */
static void forget_slot(uint64_t off)
{
	unsigned int i, n = 0;

	for (i = 0; i < o5.nr_saved; i++)
		if (o5.saved[i].off != off)
			o5.saved[n++] = o5.saved[i];
	o5.nr_saved = n;
}

static void forget_all(void)
{
	o5.nr_saved = 0;
	o5.saved_lost = false;
	o5.began = false;
}

/* The device left the slot it began (it runs another, or is not stalled). */
static void forget_begun(bool moved_on)
{
	if (o5.began && moved_on) {
		forget_slot(o5.began_off);
		o5.began = false;
	}
}

static void o5_cmd(const uint64_t *cmd, uint64_t off)
{
	const struct oracle_entry *e = oracle_current();

	if (!its_ref_emulated() || !e || e->kind != ENTRY_ITS_TRAP)
		return;
	if (!machine_cpu())
		o5.cmds++;
	if (!from_host(cmd, off))
		event_violation("command_not_from_host",
				 "the ITS ran opcode 0x%llx from slot 0x%llx, which the host never wrote there",
				 (unsigned long long)(cmd[0] & 0xff), (unsigned long long)off);
	check_policy(cmd);
	forget_begun(o5.began_off != off);
	o5.began = true;
	o5.began_off = off;
}

/*
 * Judged by the whole register the write leaves (ITS_FACTS 1.2: either
 * half may be written alone, and a driver without 64-bit accessors writes
 * the low half, then the high one): called before the write lands.
 */
static void o5_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	uint64_t ok = GITS_CMDQ_OFFSET | GITS_CWRITER_RETRY;
	unsigned int shift = (unsigned int)(off & 7) * 8;
	uint64_t mask, merged, len;

	if (!write || off / 8 != GITS_CWRITER / 8 || !its_ref_emulated())
		return;
	if (!machine_cpu())
		o5.cwriter_writes++;
	len = its_ref_queue_len();
	if (!(off == GITS_CWRITER && (width == 8 || width == 4)) &&
	    !(off == GITS_CWRITER + 4 && width == 4)) {
		event_violation("cwriter_not_sanitised",
				 "hardware CWRITER written with 0x%llx (%u bytes at 0x%llx)",
				 (unsigned long long)val, width, (unsigned long long)off);
		return;
	}
	mask = width == 8 ? ~0ULL : 0xffffffffULL << shift;
	merged = (its_hw_peek(GITS_CWRITER, 8) & ~mask) | ((val << shift) & mask);
	if (merged & ~ok)
		event_violation("cwriter_not_sanitised",
				 "hardware CWRITER written with 0x%llx (%u bytes at 0x%llx), holding 0x%llx",
				 (unsigned long long)val, width, (unsigned long long)off,
				 (unsigned long long)merged);
	else if ((merged & GITS_CMDQ_OFFSET) >= len)
		event_violation("cwriter_out_of_range",
				 "hardware CWRITER 0x%llx, queue 0x%llx bytes",
				 (unsigned long long)merged, (unsigned long long)len);
}

/* Keep the slots about to be rewritten, as the host had them. */
static void save_slots(uint64_t pa, unsigned int len)
{
	uint64_t copy, qlen, off, end;
	uint64_t cmd[4];
	unsigned int i;

	if (its_ref_queue_copy(&copy, &qlen) || its_ref_queue_slots(pa, len, &off, &end))
		return;
	for (; off < end; off += ITS_CMD_SIZE) {
		if (machine_ram_read(copy + off, cmd, ITS_CMD_SIZE))
			return;
		for (i = 0; i < o5.nr_saved; i++)
			if (o5.saved[i].off == off && !memcmp(o5.saved[i].cmd, cmd, sizeof(cmd)))
				break;
		if (i < o5.nr_saved)
			continue;
		if (o5.nr_saved == O5_SAVED) {
			o5.saved_lost = true;
			return;
		}
		o5.saved[o5.nr_saved].off = off;
		memcpy(o5.saved[o5.nr_saved].cmd, cmd, sizeof(cmd));
		o5.nr_saved++;
	}
}

static void o5_cpu2_write(uint64_t pa, const void *buf __maybe_unused, unsigned int len)
{
	save_slots(pa, len);
}

/*
 * The host's own CPU rewrites a slot it published, or that the device
 * holds, and the device has not run (from its read position to the last
 * CWRITER the host wrote, or to the hardware's): a hyp may have fetched
 * it already.
 */
static void o5_host_write(uint64_t pa, unsigned int width, uint64_t val __maybe_unused)
{
	uint64_t copy, qlen, off, end;

	if (its_ref_queue_copy(&copy, &qlen) || its_ref_queue_slots(pa, width, &off, &end))
		return;
	if (its_ref_slot_unrun(off, qlen))
		save_slots(pa, width);
}

static void o5_reset(void)
{
	memset(&o5, 0, sizeof(o5));
}

static void o5_entry_begin(const struct oracle_entry *e)
{
	bool cwriter_write = e->write && e->off / 8 == GITS_CWRITER / 8 && e->off % 8 == 0 &&
			     e->width >= 4;

	o5.cmds = 0;
	o5.cwriter_writes = 0;
	o5.teardown = e->kind == ENTRY_HCALL &&
		      e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown;
	o5.pending = NULL;
	/* A CBASER write may restart the queue: no offset before it counts. */
	o5.in_trap = its_ref_emulated() && e->kind == ENTRY_ITS_TRAP &&
		     !(e->write && e->off / 8 == GITS_CBASER / 8);
	if (!o5.in_trap)
		return;
	/* The model noted this write already: the host's CWRITER as it now is. */
	o5.rejected = cwriter_write && its_ref_cwriter_known() &&
		      !its_ref_cwriter_names_slot(its_ref_cwriter());
	o5.target_known = its_ref_published(&o5.target);
	o5.creadr = its_hw_peek(GITS_CREADR, 8) & GITS_CMDQ_OFFSET;
	o5.handed = its_hw_peek(GITS_CWRITER, 8) & GITS_CMDQ_OFFSET;
}

static void o5_entry_end(const struct oracle_entry *e)
{
	uint64_t creadr = its_hw_peek(GITS_CREADR, 8);
	uint64_t ahead;
	uint64_t now;
	uint64_t len;

	if (o5.pending && e->ret)
		report_violation("O5", o5.pending, "%s", o5.pending_detail);
	o5.pending = NULL;
	o5.teardown = false;
	forget_begun(!(creadr & GITS_CREADR_STALLED) ||
		     (creadr & GITS_CMDQ_OFFSET) != o5.began_off);
	/* A setup or teardown that succeeded starts the queue afresh. */
	if (e->kind == ENTRY_HCALL && !e->ret &&
	    (e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup ||
	     e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown))
		forget_all();
	if (!o5.in_trap)
		return;
	o5.in_trap = false;
	/*
	 * The other CPU may have published more since: not this entry's
	 * doing; unless what the host asked for is the same offset still
	 * (both CPUs wrote the one value), a bound whatever their order.
	 */
	if (oracle_interleaved() &&
	    (o5.rejected || !o5.target_known || !its_ref_published(&now) || now != o5.target))
		return;
	if (o5.rejected) {
		if (o5.cmds || o5.cwriter_writes)
			report_violation("O5", its_ref_cwriter_misaligned(its_ref_cwriter()) ?
					 "misaligned_cwriter_processed" : "rejected_cwriter_processed",
					 "CWRITER 0x%llx names no slot; %u commands ran",
					 (unsigned long long)its_ref_cwriter(), o5.cmds);
		return;
	}
	/*
	 * Judged where the hyp hands commands over: a host that moves its
	 * CWRITER back over commands handed earlier does not make that
	 * hand-over wrong, nor a doorbell that hands the same again (the
	 * device may have them already: a retracted command may still run).
	 */
	if (!o5.target_known || !o5.cwriter_writes)
		return;
	now = its_hw_peek(GITS_CWRITER, 8) & GITS_CMDQ_OFFSET;
	len = its_ref_queue_len();
	if (o5.creadr >= len || o5.handed >= len)
		return;
	ahead = (now + len - o5.creadr) % len;
	if (ahead > (o5.target + len - o5.creadr) % len &&
	    ahead > (o5.handed + len - o5.creadr) % len)
		report_violation("O5", "cwriter_beyond_host",
				 "hardware CWRITER 0x%llx went past the host's 0x%llx",
				 (unsigned long long)now, (unsigned long long)o5.target);
}

const struct invariant o5_forwarding = {
	.id = "O5",
	.name = "forwarding integrity",
	.scope = SCOPE_ENTRY,
	/* What the device runs and the hardware CWRITER holds: either CPU's doing. */
	.cpu1_events = true,
	.reset = o5_reset,
	.entry_begin = o5_entry_begin,
	.entry_end = o5_entry_end,
	.cmd = o5_cmd,
	.reg = o5_reg,
	.cpu2_write = o5_cpu2_write,
	.host_write = o5_host_write,
};
