// SPDX-License-Identifier: GPL-2.0-only
/*
 * Adversary-side coverage for the engine; see feedback.h.
 *
 * Why: a CWRITER write at the queue's length, one at its last slot and one
 * that wraps behind the last all run the same filter in a correct mediator,
 * so they earn no edge; the defects that live at those boundaries (a bound
 * off by one, an unsigned wrap distance, an unsanitised value) then need
 * the whole chain to come in one mutation. Naming the boundary makes each
 * step a kept input.
 */
#include <string.h>

#include <linux/irqchip/arm-gic-v3.h>

#include "feedback.h"

/* CWRITER bits [4:1]: no slot boundary; RES0 in the architecture. */
#define CWRITER_MISALIGNED	GENMASK_ULL(4, 1)
/* The register words apart: CTLR to TYPER, CBASER to CREADR, the BASERs. */
#define ID_END			(GITS_TYPER + 8)
#define QUEUE_END		(GITS_CREADR + 8)
#define BASER_END		(GITS_BASER + 8 * GITS_BASER_NR_REGS)

enum cw_pos { POS_ZERO, POS_LAST, POS_LEN, POS_BEYOND, POS_INSIDE, NR_POS };
enum cw_step { STEP_SAME, STEP_ONE, STEP_AHEAD, STEP_BEHIND, NR_STEP };
enum cw_staged { STAGED_NONE, STAGED_COVERED, STAGED_OTHER, NR_STAGED };
#define NR_FLAGS	8

#define NR_CWRITER	(2 * NR_STAGED * NR_STEP * NR_POS * NR_FLAGS)

/*
 * Host accesses to the ITS frame: each 32-bit word of GITS_CTLR to
 * GITS_TYPER and of the queue registers, the low and the high words of
 * the GITS_BASER<n> (any n), then the rest of the frame and the alias
 * past it; by width, direction, alignment, and setup or not.
 */
enum reg_slot {
	SLOT_ID = 0,				/* CTLR, IIDR, TYPER: 4 words */
	SLOT_QUEUE = 4,				/* CBASER, CWRITER, CREADR: 6 words */
	SLOT_BASER = 10,			/* low word, high word */
	SLOT_OTHER = 12,
	SLOT_ALIAS,
	NR_REG_SLOTS,
};
#define NR_ACCESS	(NR_REG_SLOTS * 4 * 2 * 2 * 2)

/*
 * Where the other CPU entered: the kind of platform call CPU 0 had just
 * made (its name, hashed), whether CPU 0 held a lock then (a point inside
 * an entry with no lock held is where a lock was dropped too early or
 * taken too late), and what CPU 1 did. A correct mediator and one that
 * drops its lock around a device poll reach different ones.
 */
#define NR_CALL_KINDS	64
#define NR_INTERLEAVE	(NR_CALL_KINDS * 2 * FEEDBACK_NR_CPU2_KINDS)
#define NR_COUNTERS	(NR_CWRITER + NR_ACCESS + NR_INTERLEAVE)

/*
 * libFuzzer clears and reads this section around every input, on Linux
 * only; elsewhere (the EL2 image) a plain array, where a section the
 * linker script does not place would land wherever the linker likes.
 */
#ifdef __linux__
#define EXTRA_COUNTERS	__attribute__((used, section("__libfuzzer_extra_counters")))
#else
#define EXTRA_COUNTERS
#endif

static uint8_t counters[NR_COUNTERS] EXTRA_COUNTERS;

static bool enabled = true;

void feedback_enable(bool on)
{
	enabled = on;
}

/*
 * A state reached, not how often: libFuzzer turns a counter's count into
 * up to eight features, and a program new only in how many times it
 * wrote a register would crowd out the ones that reach a new state.
 */
static void hit(unsigned int i)
{
	if (enabled)
		counters[i] = 1;
}

void feedback_clear(void)
{
	memset(counters, 0, sizeof(counters));
}

static enum cw_pos cw_pos(uint64_t off, uint64_t len)
{
	if (!off)
		return POS_ZERO;
	if (!len)
		return POS_INSIDE;
	if (off + ITS_CMD_SIZE == len)
		return POS_LAST;
	if (off == len)
		return POS_LEN;
	return off > len ? POS_BEYOND : POS_INSIDE;
}

static enum cw_step cw_step(uint64_t prev, uint64_t off, uint64_t len)
{
	if (off == prev)
		return STEP_SAME;
	if (off == prev + ITS_CMD_SIZE || (len && off == (prev + ITS_CMD_SIZE) % len))
		return STEP_ONE;
	return off > prev ? STEP_AHEAD : STEP_BEHIND;
}

unsigned int feedback_count(unsigned int i)
{
	return i < NR_COUNTERS ? counters[i] : 0;
}

unsigned int feedback_cwriter_index(uint64_t prev, uint64_t tail, uint64_t val,
				    uint64_t len, bool emulated)
{
	uint64_t off = val & GITS_CMDQ_OFFSET;
	enum cw_staged staged;
	unsigned int flags;
	unsigned int i;

	prev &= GITS_CMDQ_OFFSET;
	tail &= GITS_CMDQ_OFFSET;
	if (tail == prev)
		staged = STAGED_NONE;
	else
		staged = off == tail ? STAGED_COVERED : STAGED_OTHER;
	flags = (val & CWRITER_MISALIGNED) ? 1 : 0;
	flags |= (val & GITS_CWRITER_RETRY) ? 2 : 0;
	flags |= (val & ~(GITS_CMDQ_OFFSET | CWRITER_MISALIGNED | GITS_CWRITER_RETRY)) ? 4 : 0;
	i = emulated;
	i = i * NR_STAGED + staged;
	i = i * NR_STEP + cw_step(prev, off, len);
	i = i * NR_POS + cw_pos(off, len);
	return i * NR_FLAGS + flags;
}

void feedback_cwriter(uint64_t prev, uint64_t tail, uint64_t val, uint64_t len,
		      bool emulated)
{
	hit(feedback_cwriter_index(prev, tail, val, len, emulated));
}

unsigned int feedback_its_access_index(uint64_t off, unsigned int width, bool write,
				       uint64_t frame_size, bool emulated)
{
	unsigned int slot;
	unsigned int w;
	unsigned int i;

	if (off < ID_END)
		slot = SLOT_ID + (unsigned int)((off - GITS_CTLR) / 4);
	else if (off >= GITS_CBASER && off < QUEUE_END)
		slot = SLOT_QUEUE + (unsigned int)((off - GITS_CBASER) / 4);
	else if (off >= GITS_BASER && off < BASER_END)
		slot = SLOT_BASER + (unsigned int)((off / 4) & 1);
	else
		slot = off < frame_size ? SLOT_OTHER : SLOT_ALIAS;
	w = width == 8 ? 3 : width == 4 ? 2 : width == 2 ? 1 : 0;
	i = slot;
	i = i * 4 + w;
	i = i * 2 + write;
	i = i * 2 + !!(off & (width - 1));
	return NR_CWRITER + i * 2 + emulated;
}

void feedback_its_access(uint64_t off, unsigned int width, bool write, uint64_t frame_size,
			 bool emulated)
{
	hit(feedback_its_access_index(off, width, write, frame_size, emulated));
}

unsigned int feedback_interleave_index(const char *what, unsigned int locks, unsigned int kind)
{
	uint32_t h = 2166136261u;	/* FNV-1a: the same name, the same counter */
	unsigned int i;

	while (*what)
		h = (h ^ (uint8_t)*what++) * 16777619u;
	i = h % NR_CALL_KINDS;
	i = i * 2 + !!locks;
	i = i * FEEDBACK_NR_CPU2_KINDS + kind % FEEDBACK_NR_CPU2_KINDS;
	return NR_CWRITER + NR_ACCESS + i;
}

void feedback_interleave(const char *what, unsigned int locks, unsigned int kind)
{
	hit(feedback_interleave_index(what, locks, kind));
}
