// SPDX-License-Identifier: GPL-2.0-only
/*
 * O14 progress: once the host has published commands (a GITS_CWRITER
 * write naming a slot of the queue, or an enable with commands pending),
 * the enabled ITS processes them up to the host's offset before the trap
 * returns, unless it stalled (Stalled set: the host must restart it, by
 * the architecture's means, and then the same holds), did not start at
 * all (a hung ITS, which a fault plan makes: the same, with nothing in
 * the registers to show it) or the hyp refused a command it may refuse.
 * Commands run synchronously in this machine (and in QEMU's ITS), so the
 * bound is the entry itself.
 *
 * What the hyp may refuse is the reference's, not the mediator's: a
 * command that maps memory (MAPD, MAPC), a GICv4 or unknown opcode, and
 * anything in an entry in which the fault plan failed an ownership call
 * (a hyp out of memory may give up on the whole doorbell). The commands
 * that move no memory and name nothing new (INT, CLEAR, DISCARD, INV,
 * INVALL, MOVI, MOVALL, MAPTI, MAPI, SYNC) must run, and so must those
 * before a command the hyp refused because the host's memory did not
 * pass (an ownership call that failed with no fault injected: SPEC 2.5,
 * processing stops at the rejected command), whether the hyp vets one
 * command at a time or the whole doorbell first.
 *
 * Each slot is judged once, by the write that published it: a queue that
 * stopped at a slot published earlier (and refused then, as it may be)
 * stays where it stopped, whatever the host writes into that slot later,
 * since the architecture leaves a published command's rewrite UNPREDICTABLE.
 * A restart (CWRITER with Retry, or an enable) publishes again from where
 * the ITS stands; an enable publishes nothing while the ITS stands past
 * the host's CWRITER (commands handed before the host moved it back ran).
 * An entry in which the host, on another CPU, rewrote its queue copy is
 * not judged: what the hyp read is then the host's race; nor is a slot it
 * so rewrote, when a restart publishes it again (which bytes the hyp
 * vetted is the host's race too), nor a slot the host had published, or
 * the device held, and neither had run when the host rewrote it on its
 * own CPU.
 */
#include <stddef.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "invariant.h"
#include "../machine/its_hw.h"
#include "../machine/sancov.h"
#include "../trace/trace.h"

static bool must_run(uint8_t op)
{
	switch (op) {
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_DISCARD:
	case GITS_CMD_INV:
	case GITS_CMD_INVALL:
	case GITS_CMD_MOVI:
	case GITS_CMD_MOVALL:
	case GITS_CMD_MAPTI:
	case GITS_CMD_MAPI:
	case GITS_CMD_SYNC:
		return true;
	}
	return false;
}

static struct o14_state {
	bool emulated;		/* as last seen: a new setup starts afresh */
	uint64_t judged;	/* slots before this were judged when published */
	bool judged_unknown;	/* an entry left unjudged published up to we know not where */
	uint64_t creadr;	/* at the entry's start */
	unsigned int hangs;	/* doorbells the ITS ignored, at the entry's start */
	bool restart;		/* the entry restarts the queue */
	bool rewritten;		/* the other CPU wrote the queue copy during the entry */
	bool behind;		/* the device ran past the host's CWRITER since it was written */
	bool any_raced;
	/* Last: slots the other CPU rewrote since setup, a bit per slot (4 KiB). */
	uint64_t raced[GITS_CMDQ_MAX_SIZE / ITS_CMD_SIZE / 64];
} o14;

static void clear_raced(void)
{
	if (o14.any_raced)
		memset(o14.raced, 0, sizeof(o14.raced));
	o14.any_raced = false;
}

static bool raced(uint64_t off)
{
	uint64_t slot = off / ITS_CMD_SIZE;

	return o14.any_raced && slot / 64 < ARRAY_SIZE(o14.raced) &&
	       (o14.raced[slot / 64] & BIT_ULL(slot % 64));
}

/* The bitmap only if a run raced a slot: most never do. */
static void o14_reset(void)
{
	clear_raced();
	memset(&o14, 0, offsetof(struct o14_state, raced));
}

/* A trapped access that publishes commands: CWRITER, or an enable. */
static bool publishes(const struct oracle_entry *e)
{
	if (e->kind != ENTRY_ITS_TRAP || !e->write || e->off % e->width || e->width < 4)
		return false;
	if (e->off / 8 == GITS_CWRITER / 8)
		return e->off == GITS_CWRITER;	/* the high half only stores */
	return e->off == GITS_CTLR && e->width == 4 && (e->val & GITS_CTLR_ENABLE);
}

static void o14_entry_begin(const struct oracle_entry *e)
{
	uint64_t creadr = its_hw_peek(GITS_CREADR, 8);

	if (!its_ref_emulated()) {
		o14.emulated = false;
		return;
	}
	if (!o14.emulated) {
		o14.emulated = true;
		o14.judged = creadr & GITS_CMDQ_OFFSET;
		o14.judged_unknown = false;
		o14.behind = false;
		clear_raced();
	}
	o14.creadr = creadr & GITS_CMDQ_OFFSET;
	o14.hangs = its_hw_hangs();
	o14.rewritten = false;
	/*
	 * After a hang only a doorbell asks the ITS to start again: writing
	 * Enable to an ITS already enabled changes nothing it must act on.
	 */
	o14.restart = publishes(e) && ((creadr & GITS_CREADR_STALLED) ||
				       (e->off == GITS_CWRITER &&
					((e->val & GITS_CWRITER_RETRY) || its_hw_hung())) ||
				       (e->off == GITS_CTLR &&
					!(its_hw_peek(GITS_CTLR, 4) & GITS_CTLR_ENABLE)));
}

/* Whether @at lies in [@from, @to) going forward round a queue of @len. */
static bool in_window(uint64_t at, uint64_t from, uint64_t to, uint64_t len)
{
	return (at + len - from) % len < (to + len - from) % len;
}

static void mark_raced(uint64_t off, uint64_t end)
{
	o14.any_raced = true;
	/* The copy is at most GITS_CMDQ_MAX_SIZE: every slot has its bit. */
	for (; off < end; off += ITS_CMD_SIZE)
		o14.raced[off / ITS_CMD_SIZE / 64] |= BIT_ULL(off / ITS_CMD_SIZE % 64);
}

/* The host rewriting its published commands while the hyp reads them. */
static void o14_cpu2_write(uint64_t pa, const void *buf __maybe_unused, unsigned int len)
{
	uint64_t off, end;

	if (its_ref_queue_slots(pa, len, &off, &end))
		return;
	o14.rewritten = true;
	mark_raced(off, end);
}

/*
 * The host rewriting, on its own CPU, a slot it published or the device
 * holds, and neither has run (the host may have moved CWRITER back over
 * it since): the architecture leaves that rewrite UNPREDICTABLE (the hyp
 * may have vetted the old bytes, the device may have read them), as for
 * the other CPU's.
 */
static void o14_host_write(uint64_t pa, unsigned int width, uint64_t val __maybe_unused)
{
	uint64_t len = its_ref_queue_len();
	uint64_t off, end;

	if (!its_ref_emulated() || its_ref_queue_slots(pa, width, &off, &end) || end > len)
		return;
	if (its_ref_slot_unrun(off, len))
		mark_raced(off, end);
}

static void judge(const struct oracle_entry *e)
{
	uint64_t cbaser = its_hw_peek(GITS_CBASER, 8);
	uint64_t len = its_ref_queue_len();
	uint64_t cwriter = its_ref_cwriter();
	uint64_t target = cwriter & GITS_CMDQ_OFFSET;
	uint64_t creadr, copy, qlen, at, from;
	uint64_t cmd[4];

	if (!its_ref_emulated() || !publishes(e))
		return;
	/*
	 * Not judged: what the other CPU did in the episode, or a command the
	 * host rewrote while the hyp read it (the host's race). What this
	 * entry published is still past: the next entry that is no restart
	 * owes only what it publishes itself.
	 */
	if (oracle_interleaved() || !its_ref_cwriter_known() || o14.rewritten) {
		o14.judged_unknown = true;
		return;
	}
	/* A value naming no slot publishes nothing. */
	if ((cwriter & GENMASK_ULL(4, 1)) || target >= len || !(cbaser & GITS_CBASER_VALID))
		return;
	from = o14.restart ? o14.creadr : o14.judged;
	/*
	 * An enable while the device stands past the host's CWRITER (it ran
	 * commands handed before the host moved CWRITER back over them)
	 * publishes nothing: the queue as the host sees it is inconsistent,
	 * and reading it as the whole ring around is a guess.
	 */
	if ((o14.judged_unknown && !o14.restart) ||
	    (o14.restart && o14.behind && e->off == GITS_CTLR))
		from = target;
	o14.judged_unknown = false;
	o14.judged = target;
	if (!(its_hw_peek(GITS_CTLR, 4) & GITS_CTLR_ENABLE))
		return;
	creadr = its_hw_peek(GITS_CREADR, 8);
	/* A doorbell the ITS ignored in this entry: the restart is judged. */
	if ((creadr & GITS_CREADR_STALLED) || (creadr & GITS_CMDQ_OFFSET) == target ||
	    its_hw_hangs() != o14.hangs)
		return;
	if (ref_entry_fault_injected())
		return;
	at = creadr & GITS_CMDQ_OFFSET;
	if (!in_window(at, from, target, len) || raced(at))
		return;
	if (its_ref_queue_copy(&copy, &qlen) || at + ITS_CMD_SIZE > qlen ||
	    machine_ram_read(copy + at, cmd, sizeof(cmd)))
		return;
	if (!must_run(cmd[0] & 0xff))
		return;
	report_violation("O14", "not_drained",
			 "the host published up to 0x%llx; the ITS stopped at 0x%llx, before opcode 0x%llx, which must run",
			 (unsigned long long)target, (unsigned long long)at,
			 (unsigned long long)(cmd[0] & 0xff));
}

/*
 * Whether the device went past the host's CWRITER in the entry: from where
 * it stood, beyond the offset the host last wrote. Until the host writes
 * CWRITER again (or resets the queue), its offset is behind the device.
 */
static void note_behind(const struct oracle_entry *e)
{
	uint64_t target = its_ref_cwriter() & GITS_CMDQ_OFFSET;
	uint64_t len, end;

	if (!its_ref_emulated())
		return;
	len = its_ref_queue_len();
	end = its_hw_peek(GITS_CREADR, 8) & GITS_CMDQ_OFFSET;
	if (e->kind == ENTRY_ITS_TRAP && e->write &&
	    (e->off == GITS_CWRITER || e->off / 8 == GITS_CBASER / 8))
		o14.behind = false;
	if (its_ref_cwriter_known() && target < len && end < len && o14.creadr < len &&
	    in_window(target, o14.creadr, end, len))
		o14.behind = true;
}

static void o14_entry_end(const struct oracle_entry *e)
{
	judge(e);
	note_behind(e);
}

const struct invariant o14_progress = {
	.id = "O14",
	.name = "progress",
	.scope = SCOPE_ENTRY,
	.reset = o14_reset,
	.entry_begin = o14_entry_begin,
	.entry_end = o14_entry_end,
	.cpu2_write = o14_cpu2_write,
	.host_write = o14_host_write,
};
