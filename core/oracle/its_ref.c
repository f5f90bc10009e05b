// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the host set up, from what the host did and was told: the setup
 * hypercall's arguments and its return value, the state page as the host
 * wrote it when it made the call, and every GITS_CWRITER value it wrote.
 * The ITS is emulated from a setup that returned 0 until a teardown that
 * returned 0. Nothing here comes from the mediator.
 */
#include <string.h>

#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_asm.h>
#include <asm/kvm_pkvm.h>

#include "el2fuzz_profile.h"
#include "invariant.h"
#include "../machine/its_hw.h"
#include "../machine/sancov.h"

#define HOST_PAGE_OFFSET	0xffff000000000000ULL
#define ITS_COPY_MAX		(1ULL << 24)	/* bounds a hostile length */

static struct {
	bool emulated;
	/* The setup under way. */
	uint64_t args[4];
	/*
	 * The state page as the hyp reads it: a byte the hyp has not loaded
	 * yet follows the host's other CPU, which may store there until the
	 * hyp takes the page (a hyp that copies it first has its copy's bytes).
	 */
	struct its_host_state desc;
	bool desc_read;
	bool in_setup;
	unsigned int setup_cpu;
	uint64_t desc_pa;
	bool desc_seen[sizeof(struct its_host_state)];
	/* GITS_BASER<n> as the hardware held them when the setup was called. */
	uint64_t hw_baser[GITS_BASER_NR_REGS];
	uint64_t accepted_hw_baser[GITS_BASER_NR_REGS];
	uint8_t taken;			/* BASER<n> valid at setup's end: bit n */
	bool queue_taken;		/* and CBASER */
	/* The setup that returned 0. */
	uint64_t priv_pa;
	uint64_t priv_len;
	uint64_t state_pa;
	struct its_host_state accepted;
	uint64_t cwriter;
	/*
	 * The host wrote CWRITER from both CPUs in one episode: which write the
	 * hyp took last is its lock's business, not the host's to say, so the
	 * value is unknown until the host next writes all of it.
	 */
	bool cwriter_unknown;
	/*
	 * The offset of the host's last CWRITER that named a slot: how far
	 * the host has asked the device to run. A value naming none (beyond
	 * the queue, bits [4:1] set) asks nothing, whenever it is acted on.
	 * Unknown, as the CWRITER is, after both CPUs wrote it, until CPU 0
	 * next writes the offset (the low half) alone.
	 */
	uint64_t published;
	bool published_unknown;
	/*
	 * Teardowns that returned 0, and their count and whether an emulation
	 * was up when the setup under way began: the other CPU's teardown may
	 * run inside the setup's entry, before it (taking down the session
	 * there was, or the setup could not succeed) or after it published
	 * (taking down the new one, when there was none before).
	 */
	unsigned int teardowns;
	unsigned int teardowns_at_setup;
	bool emulated_at_setup;
	/*
	 * The other CPU wrote CWRITER inside the setup under way: its write
	 * may reach the hyp after the setup, whose end reads the hardware's.
	 */
	bool other_cwriter_in_setup;
} its;

/* A host kernel VA as kern_hyp_va() takes it: the hyp's own arithmetic. */
static uint64_t host_va_pa(uint64_t va)
{
	return (va - HOST_PAGE_OFFSET) & GENMASK_ULL(47, 0);
}

static bool is_setup(const struct oracle_entry *e)
{
	return e->kind == ENTRY_HCALL && e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup;
}

static bool is_teardown(const struct oracle_entry *e)
{
	return e->kind == ENTRY_HCALL && e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown;
}

static void its_reset(void)
{
	memset(&its, 0, sizeof(its));
}

bool its_ref_idle(void)
{
	uint64_t ctlr = its_hw_peek(GITS_CTLR, 4);

	return !(ctlr & GITS_CTLR_ENABLE) && (ctlr & GITS_CTLR_QUIESCENT);
}

uint64_t its_ref_queue_len(void)
{
	return (FIELD_GET(GITS_CBASER_SIZE, its_hw_peek(GITS_CBASER, 8)) + 1) *
	       GITS_CBASER_PAGE_SIZE;
}

/* CWRITER's bits [4:1]: RES0, no slot boundary. */
static bool cwriter_res0(uint64_t cwriter)
{
	return cwriter & GENMASK_ULL(4, 1);
}

bool its_ref_cwriter_misaligned(uint64_t cwriter)
{
	return EL2FUZZ_PROFILE_POLICY_REJECT_MISALIGNED_CWRITER && cwriter_res0(cwriter);
}

bool its_ref_caught_up(uint64_t creadr)
{
	return !(creadr & GITS_CREADR_STALLED) &&
	       (creadr & GITS_CMDQ_OFFSET) == (its_hw_peek(GITS_CWRITER, 8) & GITS_CMDQ_OFFSET);
}

/*
 * Bits [4:1] are RES0: the hardware's CWRITER ignores them, and so may a
 * mediator; its profile says whether it refuses such a value instead
 * (else either is right: note_cwriter()).
 */
bool its_ref_cwriter_names_slot(uint64_t cwriter)
{
	return !its_ref_cwriter_misaligned(cwriter) &&
	       (cwriter & GITS_CMDQ_OFFSET) < its_ref_queue_len();
}

/*
 * The host's CWRITER is @cwriter from here on, and it asked for that much;
 * unless @known is false (a write of the other CPU may come after).
 */
static void set_cwriter(uint64_t cwriter, bool known)
{
	its.cwriter = cwriter;
	its.published = cwriter & GITS_CMDQ_OFFSET;
	its.cwriter_unknown = !known;
	its.published_unknown = !known;
}

/* Both CPUs wrote CWRITER in one episode: neither value is known to be last. */
static void cwriter_raced(void)
{
	its.cwriter_unknown = true;
	its.published_unknown = true;
}

static void note_cwriter(const struct oracle_entry *e)
{
	unsigned int shift = (unsigned int)(e->off & 7) * 8;
	uint64_t mask;
	uint64_t now;

	/* The architecture takes 32- and 64-bit accesses to 64-bit registers. */
	if (!e->write || e->off / 8 != GITS_CWRITER / 8 || e->off % e->width || e->width < 4)
		return;
	mask = (e->width == 8 ? ~0ULL : (1ULL << (e->width * 8)) - 1) << shift;
	now = (its.cwriter & ~mask) | ((e->val << shift) & mask);
	if (machine_cpu())
		its.other_cwriter_in_setup = true;
	/*
	 * The other CPU wrote what the host's CWRITER already held: in either
	 * order the last value is that one, and so is what was asked for
	 * (unless a setup under way replaces it: its_entry_end).
	 */
	if (machine_cpu() && now == its.cwriter && !its.cwriter_unknown)
		return;
	its.cwriter = now;
	if (machine_cpu()) {
		cwriter_raced();
		return;
	}
	if (e->width == 8)
		its.cwriter_unknown = false;
	/*
	 * RES0 bits [4:1] set, and the profile does not say the mediator
	 * refuses such a value: taking its offset (the hardware, KVM, v2) and
	 * refusing it (SPEC 2.4) are both right, so what was asked is unknown.
	 */
	if (!shift && its_ref_cwriter_names_slot(its.cwriter)) {
		its.published = its.cwriter & GITS_CMDQ_OFFSET;
		its.published_unknown = !EL2FUZZ_PROFILE_POLICY_REJECT_MISALIGNED_CWRITER &&
					cwriter_res0(its.cwriter);
	}
}

/*
 * A CBASER write the ITS takes (disabled and quiescent) restarts the queue
 * at 0, read and write offsets alike (as KVM does): the host's CWRITER
 * with it, while the hyp emulates the ITS. Judged after the write: a
 * draining ITS may turn quiescent at the hyp's own read of GITS_CTLR.
 */
static void note_cbaser(const struct oracle_entry *e)
{
	if (!its.emulated || !e->write || e->off / 8 != GITS_CBASER / 8 || e->width < 4 ||
	    e->off % e->width)
		return;
	if (its_ref_idle())
		set_cwriter(0, !machine_cpu());
}

/*
 * The other CPU enables the ITS: the device runs to the host's CWRITER as
 * it is then, before or after a write of CPU 0's in the same episode, so
 * neither value is known to bound what runs.
 */
static void note_other_enable(const struct oracle_entry *e)
{
	if (machine_cpu() && e->write && e->off == GITS_CTLR && e->width >= 4 &&
	    (e->val & GITS_CTLR_ENABLE))
		cwriter_raced();
}

static void its_entry_begin(const struct oracle_entry *e)
{
	unsigned int n;

	if (e->kind == ENTRY_ITS_TRAP) {
		note_cwriter(e);
		note_other_enable(e);
		return;
	}
	if (!is_setup(e))
		return;
	its.teardowns_at_setup = its.teardowns;
	its.emulated_at_setup = its.emulated;
	its.other_cwriter_in_setup = false;
	memcpy(its.args, e->args, sizeof(its.args));
	for (n = 0; n < GITS_BASER_NR_REGS; n++)
		its.hw_baser[n] = its_hw_peek(GITS_BASER + 8 * n, 8);
	its.desc_pa = host_va_pa(e->args[1]);
	its.desc_read = !machine_ram_read(its.desc_pa, &its.desc, sizeof(its.desc));
	if (!its.desc_read)
		memset(&its.desc, 0, sizeof(its.desc));
	memset(its.desc_seen, 0, sizeof(its.desc_seen));
	its.in_setup = true;
	its.setup_cpu = machine_cpu();
	/* A frame that traps only once set up: the host wrote the hardware. */
	if (!EL2FUZZ_PROFILE_TRAP_FROM_BOOT && !its.emulated)
		set_cwriter(its_hw_peek(GITS_CWRITER, 8), !its.cwriter_unknown);
}

static void its_entry_end(const struct oracle_entry *e)
{
	uint64_t ps = machine_page_size();
	unsigned int n;

	/*
	 * The other CPU ran inside a CBASER write: a CTLR write of its may
	 * have come before the hyp's check or after, so the write may have
	 * been taken or not. Either is right; the CWRITER is not known.
	 */
	if (e->kind == ENTRY_ITS_TRAP) {
		note_cbaser(e);
		if (its.emulated && e->write && e->off / 8 == GITS_CBASER / 8 &&
		    oracle_interleaved())
			cwriter_raced();
		return;
	}
	if (is_teardown(e) && !e->ret) {
		its.emulated = false;
		its.teardowns++;
		return;
	}
	if (is_setup(e))
		its.in_setup = false;
	if (!is_setup(e) || e->ret ||
	    its.teardowns - its.teardowns_at_setup > its.emulated_at_setup)
		return;
	its.emulated = true;
	its.accepted = its.desc;
	memcpy(its.accepted_hw_baser, its.hw_baser, sizeof(its.hw_baser));
	/*
	 * The host's CWRITER from here on is what it writes next; until then
	 * the hardware's as setup left it (what a read before setup returned).
	 */
	/*
	 * The other CPU's CWRITER write inside the setup may be taken after
	 * it, whatever value the host's CWRITER held before.
	 */
	set_cwriter(its_hw_peek(GITS_CWRITER, 8),
		    !its.cwriter_unknown && !its.other_cwriter_in_setup);
	its.state_pa = host_va_pa(its.args[1]) & ~(ps - 1);
	its.priv_pa = host_va_pa(its.args[2]) & ~(ps - 1);
	/*
	 * Every private page the setup took, however many: no copy is made,
	 * and a setup that succeeded took them all from RAM.
	 */
	its.priv_len = its.args[3] < SIM_RAM_MAX / ps ? its.args[3] * ps : SIM_RAM_MAX;
	its.queue_taken = its_hw_peek(GITS_CBASER, 8) & GITS_CBASER_VALID;
	its.taken = 0;
	for (n = 0; n < GITS_BASER_NR_REGS; n++)
		if (its_hw_peek(GITS_BASER + 8 * n, 8) & GITS_BASER_VALID)
			its.taken |= BIT(n);
}

bool its_ref_emulated(void)
{
	return its.emulated;
}

bool its_ref_table_taken(unsigned int n)
{
	return its.emulated && n < GITS_BASER_NR_REGS && (its.taken & BIT(n));
}

bool its_ref_queue_taken(void)
{
	return its.emulated && its.queue_taken;
}

static bool in(uint64_t pa, uint64_t base, uint64_t len)
{
	return pa >= base && pa - base < len;
}

/* In a host page that [base, base + len) overlaps. */
static bool in_pages(uint64_t pa, uint64_t base, uint64_t len)
{
	uint64_t ps = machine_page_size();
	uint64_t start = base & ~(ps - 1);
	uint64_t end = (base + len + ps - 1) & ~(ps - 1);

	return len && pa >= start && pa < end;
}

/* Whether @pa is in the state page the accepted setup was passed. */
bool its_ref_state_page(uint64_t pa)
{
	return its.emulated && in(pa, its.state_pa, machine_page_size());
}

/*
 * The state page is private while the hyp owns it: a mediator that copies
 * it at setup and lets it go leaves the host a page like any other, which
 * it may hand over again (as an ITT, say).
 */
bool its_ref_private(uint64_t pa)
{
	if (!its.emulated)
		return false;
	return in(pa, its.priv_pa, its.priv_len) ||
	       (its_ref_state_page(pa) && ref_hyp_owned(pa >> machine_page_shift()));
}

bool its_ref_host_copy(uint64_t pa)
{
	const struct its_host_state *d = &its.accepted;
	uint64_t ps = machine_page_size();
	uint64_t len;

	unsigned int n;

	if (!its.emulated)
		return false;
	len = d->cmdq_len < ITS_COPY_MAX ? d->cmdq_len : ITS_COPY_MAX;
	if (in_pages(pa, host_va_pa((uintptr_t)d->cmd_host_copy), len))
		return true;
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		const struct its_baser_state *t = &d->tables[n];
		uint64_t two_level = GITS_BASER_VALID | GITS_BASER_INDIRECT;

		/*
		 * Two-level by the host's word or by the hardware's register:
		 * a hyp that believes the register (the tables are what
		 * GITS_BASER<n> names) still reads the L1 copy the host named.
		 */
		if ((t->val & two_level) != two_level &&
		    (its.accepted_hw_baser[n] & two_level) != two_level)
			continue;
		len = t->order < 24 ? ps << t->order : ITS_COPY_MAX;
		if (in_pages(pa, host_va_pa((uintptr_t)t->base_snapshot), len))
			return true;
	}
	return false;
}

bool its_ref_table_alloc(uint64_t pa)
{
	const struct its_host_state *d = &its.accepted;
	uint64_t ps = machine_page_size();
	unsigned int n;

	if (!its.emulated)
		return false;
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		const struct its_baser_state *t = &d->tables[n];

		if (!(t->val & GITS_BASER_VALID) || t->order >= 24)
			continue;
		if (in_pages(pa, host_va_pa((uintptr_t)t->base), ps << t->order))
			return true;
	}
	return false;
}

int its_ref_queue_copy(uint64_t *pa, uint64_t *len)
{
	uint64_t l = its.accepted.cmdq_len;

	if (!its.emulated || !l || l > GITS_CMDQ_MAX_SIZE || l % ITS_CMD_SIZE)
		return -1;
	*pa = host_va_pa((uintptr_t)its.accepted.cmd_host_copy);
	*len = l;
	return 0;
}

int its_ref_queue_slots(uint64_t pa, uint64_t len, uint64_t *first, uint64_t *end)
{
	uint64_t copy, qlen;

	if (its_ref_queue_copy(&copy, &qlen) || pa >= copy + qlen || pa + len <= copy)
		return -1;
	*first = (pa > copy ? pa - copy : 0) & ~(uint64_t)(ITS_CMD_SIZE - 1);
	*end = pa + len - copy < qlen ? pa + len - copy : qlen;
	return 0;
}

uint64_t its_ref_cwriter(void)
{
	return its.cwriter;
}

bool its_ref_cwriter_known(void)
{
	return !its.cwriter_unknown;
}

bool its_ref_published(uint64_t *off)
{
	*off = its.published;
	return !its.published_unknown;
}

bool its_ref_slot_unrun(uint64_t off, uint64_t len)
{
	uint64_t rd = its_hw_peek(GITS_CREADR, 8) & GITS_CMDQ_OFFSET;
	uint64_t hw = its_hw_peek(GITS_CWRITER, 8) & GITS_CMDQ_OFFSET;
	uint64_t ahead = (off + len - rd) % len;

	if (rd >= len)
		return false;
	if (its.published_unknown)
		return true;
	return (its.published < len && ahead < (its.published + len - rd) % len) ||
	       (hw < len && ahead < (hw + len - rd) % len);
}

/* The byte range of [@pa, @pa + @len) inside the state page's description. */
static bool desc_overlap(uint64_t pa, uint64_t len, uint64_t *from, uint64_t *to)
{
	uint64_t lo = its.desc_pa, hi = its.desc_pa + sizeof(its.desc);

	if (!its.in_setup || !its.desc_read || pa >= hi || pa + len <= lo)
		return false;
	*from = (pa > lo ? pa : lo) - lo;
	*to = (pa + len < hi ? pa + len : hi) - lo;
	return true;
}

/* The setup's CPU loads from the state page while it is still the host's. */
static void its_access(uint64_t pa, unsigned int len, bool store, bool host_writable)
{
	uint64_t from, to;

	if (!its.in_setup || store || !host_writable || machine_cpu() != its.setup_cpu ||
	    !desc_overlap(pa, len, &from, &to))
		return;
	memset(its.desc_seen + from, 1, to - from);
}

static void its_cpu2_write(uint64_t pa, const void *buf, unsigned int len)
{
	const uint8_t *bytes = buf;
	uint64_t from, to, i;

	if (!desc_overlap(pa, len, &from, &to))
		return;
	for (i = from; i < to; i++)
		if (!its.desc_seen[i])
			((uint8_t *)&its.desc)[i] = bytes[its.desc_pa + i - pa];
}

const struct invariant its_model = {
	.name = "what the host set up",
	.scope = SCOPE_EVERY,
	.reset = its_reset,
	.entry_begin = its_entry_begin,
	.entry_end = its_entry_end,
	.access = its_access,
	.cpu2_write = its_cpu2_write,
};
