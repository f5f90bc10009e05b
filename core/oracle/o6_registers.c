// SPDX-License-Identifier: GPL-2.0-only
/*
 * O6 register semantics, around one trapped host access to the ITS frame.
 *
 * A reference of its own, written from the specification rather than from
 * the mediator: which accesses are ignored, which are forwarded, and what
 * an emulated register must read and hold afterwards. The hardware side is
 * observed, not trusted to the mediator's word: every register access the
 * mediator makes during the trap is logged by the ITS model's hook, and the
 * registers are compared before and after.
 *
 *  - ignored (unaligned, bad width, beyond the frame): nothing reaches the
 *    hardware and a read returns 0;
 *  - before setup, or at an offset the mediator does not emulate: exactly
 *    the host's access reaches the hardware, and a read returns its value;
 *  - emulated: a 32-bit access addresses one half; GITS_CWRITER reads back
 *    what the host wrote (where the profile declares that choice: the
 *    architecture would read the hardware's); GITS_CBASER and GITS_BASER<n> change only while
 *    the ITS is disabled and quiescent, never in the fields setup fixed
 *    (address, size, page size, Valid, Type, Entry_Size, Indirect);
 *    GITS_CREADR reads the hardware's, and a write, forwarded or not,
 *    leaves the hardware's where it was (QEMU's ITS would take it).
 */
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <asm/kvm_asm.h>

#include "el2fuzz_profile.h"
#include "invariant.h"
#include "../machine/its_hw.h"
#include "../trace/trace.h"

#define O6_LOG		8

struct o6_access {
	uint64_t off;
	uint64_t val;
	unsigned int width;
	bool write;
};

/* The registers the reference keeps, as slots of 8 bytes. */
#define O6_NR_SLOTS	((GITS_BASER + 8 * GITS_BASER_NR_REGS) / 8)

static struct {
	bool armed;
	unsigned int nr;
	struct o6_access log[O6_LOG];
	/* The access under way. */
	uint64_t off;
	uint64_t val;
	unsigned int width;
	bool write;
	bool published;
	uint64_t before[O6_NR_SLOTS];
	/* Since setup: the hardware as setup left it, the host's CWRITER before. */
	bool set_up;
	uint64_t at_setup[O6_NR_SLOTS];
	uint64_t cwriter;
} o6;

static void o6_reg(uint64_t off, unsigned int width, bool write, uint64_t val)
{
	if (!o6.armed)
		return;
	if (o6.nr < O6_LOG)
		o6.log[o6.nr] = (struct o6_access){ off, val, width, write };
	o6.nr++;
}

static void o6_reset(void)
{
	memset(&o6, 0, sizeof(o6));
}

static void o6_entry_begin(const struct oracle_entry *e)
{
	if (e->kind != ENTRY_ITS_TRAP)
		return;
	o6.published = its_ref_emulated();
	if (!o6.published)
		o6.set_up = false;
	its_hw_peek_slots(o6.before, O6_NR_SLOTS);
	/* After setup only the hyp writes these: the first trap sees setup's state. */
	if (o6.published && !o6.set_up) {
		memcpy(o6.at_setup, o6.before, sizeof(o6.at_setup));
		o6.set_up = true;
	}
	o6.off = e->off;
	o6.width = e->width;
	o6.write = e->write;
	o6.val = e->val;
	o6.nr = 0;
	o6.armed = true;
}

static uint64_t width_mask(unsigned int width)
{
	return width == 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
}

static uint64_t half(uint64_t reg)
{
	return (reg >> (o6.off & 7) * 8) & width_mask(o6.width);
}

static uint64_t merged(uint64_t reg)
{
	unsigned int shift = (unsigned int)(o6.off & 7) * 8;
	uint64_t mask = width_mask(o6.width) << shift;

	return (reg & ~mask) | (o6.val << shift & mask);
}

/*
 * Hardware writes during the trap. An enable through CTLR may first pull
 * the hardware CWRITER back to what the hyp filtered (O5 judges that
 * value), so for a CTLR write CWRITER writes do not count.
 */
static unsigned int hw_writes(void)
{
	unsigned int i;
	unsigned int n = 0;

	for (i = 0; i < o6.nr && i < O6_LOG; i++)
		n += o6.log[i].write &&
		     !(o6.off == GITS_CTLR && o6.log[i].off == GITS_CWRITER);
	return n;
}

static void check_ignored(uint64_t reg)
{
	if (hw_writes())
		report_violation("O6", "ignored_access_reached_hw",
				 "an ignored %u-byte access at 0x%llx wrote the hardware",
				 o6.width, (unsigned long long)o6.off);
	else if (!o6.write && reg)
		report_violation("O6", "ignored_read_not_zero",
				 "an ignored %u-byte read at 0x%llx returned 0x%llx",
				 o6.width, (unsigned long long)o6.off, (unsigned long long)reg);
}

/* The access the host made, and nothing else that changes the device. */
static void check_forwarded(uint64_t reg)
{
	const struct o6_access *hit = NULL;
	unsigned int i;

	for (i = 0; i < o6.nr && i < O6_LOG; i++) {
		const struct o6_access *a = &o6.log[i];

		if (a->write == o6.write && a->off == o6.off && a->width == o6.width &&
		    (!o6.write || a->val == o6.val))
			hit = a;
	}
	if (!hit || hw_writes() != o6.write) {
		report_violation("O6", o6.published ? "not_forwarded" : "not_forwarded_before_setup",
				 "a %u-byte %s at 0x%llx did not reach the hardware unchanged (%u accesses)",
				 o6.width, o6.write ? "write" : "read", (unsigned long long)o6.off,
				 o6.nr);
		return;
	}
	if (!o6.write && reg != hit->val)
		report_violation("O6", "forwarded_read_changed",
				 "read at 0x%llx returned 0x%llx, the hardware 0x%llx",
				 (unsigned long long)o6.off, (unsigned long long)reg,
				 (unsigned long long)hit->val);
}

/*
 * GITS_CTLR as the hyp last read it in this entry, else as it was: a
 * draining ITS sets Quiescent at a read, so the hyp may act on that read.
 */
static uint64_t ctlr_seen(void)
{
	uint64_t ctlr = o6.before[GITS_CTLR / 8];
	unsigned int i;

	for (i = 0; i < o6.nr && i < O6_LOG; i++)
		if (!o6.log[i].write && o6.log[i].off == GITS_CTLR)
			ctlr = (ctlr & ~0xffffffffULL) | (o6.log[i].val & 0xffffffffULL);
	return ctlr;
}

static bool disabled_quiescent(void)
{
	uint64_t ctlr = ctlr_seen();

	return !(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT);
}

static void check_reg(unsigned int slot, uint64_t want, const char *what)
{
	uint64_t now = its_hw_peek(slot * 8, 8);

	if (now != want)
		report_violation("O6", what, "register 0x%x holds 0x%llx, expected 0x%llx",
				 slot * 8, (unsigned long long)now, (unsigned long long)want);
}

/*
 * Shareability and the cacheability fields are IMPLEMENTATION DEFINED as
 * writable or fixed (a device that cannot snoop makes Shareability RAZ/WI).
 */
static const uint64_t impdef_fields[] = {
	GIC_BASER_SHAREABILITY, GIC_BASER_INNER_CACHEABILITY, GIC_BASER_OUTER_CACHEABILITY,
};

/* What the hyp last wrote to the hardware's register @slot in this entry. */
static uint64_t hyp_wrote(unsigned int slot)
{
	uint64_t v = o6.before[slot];
	unsigned int i, shift;
	uint64_t mask;

	for (i = 0; i < o6.nr && i < O6_LOG; i++) {
		const struct o6_access *a = &o6.log[i];

		if (!a->write || a->off / 8 != slot)
			continue;
		shift = (unsigned int)(a->off & 7) * 8;
		mask = a->width == 8 ? ~0ULL : ((1ULL << (a->width * 8)) - 1) << shift;
		v = (v & ~mask) | ((a->val << shift) & mask);
	}
	return v;
}

/*
 * CBASER or BASER<n> after a write: @fixed are the fields setup fixed. An
 * IMPLEMENTATION DEFINED field may keep its old value, but only where the
 * hyp did write the hardware the value asked for: the device refused it.
 * Valid the hyp may keep as setup left it or take from the host: SPEC
 * §2.4 and the v2 series force only the address, size and page size, and
 * what a table the host made invalid lets the device do is O2's to judge.
 */
static void check_table_reg(unsigned int slot, uint64_t fixed, uint64_t kept, bool accept,
			    uint64_t valid)
{
	uint64_t now = its_hw_peek(slot * 8, 8);
	uint64_t setup = o6.at_setup[slot];
	uint64_t want = o6.before[slot];
	uint64_t asked = hyp_wrote(slot);
	unsigned int i;
	uint64_t f;

	if (accept) {
		want = ((merged(want) & ~fixed) | (setup & fixed)) & kept;
		for (i = 0; i < ARRAY_SIZE(impdef_fields); i++) {
			f = impdef_fields[i];
			if ((asked & f) == (want & f) && (now & f) == (o6.before[slot] & f))
				want = (want & ~f) | (now & f);
		}
		if ((now & valid) == (setup & valid))
			want = (want & ~valid) | (now & valid);
	}
	check_reg(slot, want, accept ? "table_reg_write" : "table_reg_changed_while_live");
}

static void check_emulated(unsigned int slot, uint64_t reg)
{
	uint64_t baser_fixed = GITS_BASER_ADDRESS_4K | GITS_BASER_PAGE_SIZE | GITS_BASER_SIZE |
			       GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE | GITS_BASER_INDIRECT;
	uint64_t cbaser_kept = GITS_CBASER_VALID | GIC_BASER_INNER_CACHEABILITY |
			       GIC_BASER_OUTER_CACHEABILITY | GITS_CBASER_ADDRESS |
			       GIC_BASER_SHAREABILITY | GITS_CBASER_SIZE;
	uint64_t cbaser_fixed = GITS_CBASER_ADDRESS | GITS_CBASER_SIZE;
	uint64_t val = slot == GITS_CWRITER / 8 ? its_ref_cwriter() :
		       slot == GITS_CTLR / 8 ? ctlr_seen() : o6.before[slot];
	bool accept, quiet;

	if (!o6.write) {
		if (slot == GITS_CWRITER / 8 &&
		    (!EL2FUZZ_PROFILE_POLICY_CWRITER_READ_WRITTEN || !its_ref_cwriter_known()))
			return;
		if (reg != half(val))
			report_violation("O6", slot == GITS_CWRITER / 8 ? "cwriter_read" : "emulated_read",
					 "a %u-byte read at 0x%llx returned 0x%llx, expected 0x%llx",
					 o6.width, (unsigned long long)o6.off,
					 (unsigned long long)reg, (unsigned long long)half(val));
		return;
	}
	switch (slot * 8) {
	case GITS_CTLR:
		/* Enabling a disabled ITS that is not yet quiescent is refused. */
		if (!(val & (GITS_CTLR_ENABLE | GITS_CTLR_QUIESCENT)) &&
		    (o6.val & GITS_CTLR_ENABLE))
			check_ignored(reg);
		else
			check_forwarded(reg);
		return;
	case GITS_CWRITER:
		return;
	/*
	 * Read-only by the architecture, but an ITS beside a GIC with DS=1
	 * (QEMU's) takes a write: the host would move the device's read
	 * position onto slots of the real queue the hyp filtered long ago.
	 * Forwarded or dropped, the write must leave it where it was.
	 */
	case GITS_CREADR:
		check_reg(slot, o6.before[slot], "creadr_moved_by_host");
		return;
	case GITS_CBASER:
		accept = disabled_quiescent();
		check_table_reg(slot, cbaser_fixed, cbaser_kept, accept, GITS_CBASER_VALID);
		/* Taken, the queue restarts at 0; ignored, it does not move. */
		if (accept)
			check_reg(GITS_CWRITER / 8, 0, "cbaser_write_cwriter");
		else
			check_reg(GITS_CWRITER / 8, o6.before[GITS_CWRITER / 8],
				  "cwriter_moved_by_ignored_cbaser");
		return;
	}
	/*
	 * A table setup did not take: the device never walks it, so what
	 * it names (Indirect included) is no one's business while Valid is
	 * clear; a hyp may take the write (any field, Valid kept clear) or
	 * ignore it whole.
	 */
	quiet = disabled_quiescent();
	if (quiet && !(o6.at_setup[slot] & GITS_BASER_VALID)) {
		uint64_t now = its_hw_peek(slot * 8, 8);

		if (now & GITS_BASER_VALID)
			report_violation("O6", "table_reg_write",
					 "register 0x%x names a table setup did not take, Valid set (0x%llx)",
					 slot * 8, (unsigned long long)now);
		return;
	}
	accept = quiet &&
		 !((merged(val) ^ o6.at_setup[slot]) & GITS_BASER_INDIRECT) &&
		 FIELD_GET(GITS_BASER_TYPE, o6.at_setup[slot]);
	check_table_reg(slot, baser_fixed, ~0ULL, accept, GITS_BASER_VALID);
}

static void o6_entry_end(const struct oracle_entry *e)
{
	unsigned int slot = (unsigned int)(o6.off / 8);
	uint64_t reg = e->out;
	bool emulated;

	if (e->kind == ENTRY_HCALL && !e->ret &&
	    (e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup ||
	     e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown))
		o6.set_up = false;
	if (e->kind != ENTRY_ITS_TRAP)
		return;
	o6.armed = false;
	/* The registers may have moved under the other CPU's entry. */
	if (oracle_interleaved())
		return;
	/* A width the ITS does not take there (an abort) must not reach it. */
	if (o6.off >= SIM_ITS_SIZE || !its_hw_width_ok(o6.off, o6.width) ||
	    (o6.off & (o6.width - 1))) {
		check_ignored(reg);
		return;
	}
	emulated = o6.off < 4 || o6.off / 8 == GITS_CBASER / 8 || o6.off / 8 == GITS_CWRITER / 8 ||
		   o6.off / 8 == GITS_CREADR / 8 ||
		   (o6.off >= GITS_BASER && o6.off < GITS_BASER + 8 * GITS_BASER_NR_REGS);
	if (!o6.published || !emulated) {
		check_forwarded(reg);
		return;
	}
	/* CTLR is a 32-bit register; the others take 32- and 64-bit accesses. */
	if (o6.off < 4 ? o6.width != 4 : o6.width < 4) {
		check_ignored(reg);
		return;
	}
	check_emulated(slot, reg);
}

const struct invariant o6_registers = {
	.id = "O6",
	.name = "register semantics",
	.scope = SCOPE_ENTRY,
	.reset = o6_reset,
	.entry_begin = o6_entry_begin,
	.entry_end = o6_entry_end,
	.reg = o6_reg,
};
