// SPDX-License-Identifier: GPL-2.0-only
/*
 * O12 legality, and the reference of the ownership rules the other
 * invariants read (ref_page() and friends in invariant.h).
 *
 * The reference is the oracle's own record of who owns every page, kept
 * from the boot layout and from the rules of mainline's ownership API
 * (docs/HYP_API.md, from ../shared/docs/HYP_API_FACTS.md), written here
 * without reading the mediator. Every ownership call the mediator makes
 * (core/machine/wrap.c shows each with its arguments and result) is judged
 * against it before it updates it:
 *
 *  - a call that succeeded where the rules say it must fail is a
 *    violation (`<call>_must_fail`); a page the host never donated that
 *    the hyp hands back, or a page that was not the host's that it takes,
 *    is O1's (`returned_not_donated`, `donated_not_host_page`);
 *  - a call refused where the rules say it must succeed, with no fault
 *    injected inside it, is `<call>_spurious_refusal` (correctness); one
 *    of mainline's calls refused with another error than the first of
 *    mainline's checks to fail gives is `<call>_wrong_error` (correctness);
 *  - after a call that succeeded, the machine's records of its pages must
 *    say what the rules say (`<call>_wrong_effect`);
 *  - at the end of every entry, every page record the entry changed must
 *    agree with the reference (`page_changed`): nothing changes ownership
 *    except through a call the rules allow;
 *  - a host stage-2 fault ends mapped or refused (`host_abort_unresolved`),
 *    and is refused only where the host may not map the page
 *    (`host_abort_spurious_refusal`).
 *
 * The rule table, one row per call and page state, is in
 * docs/INVARIANTS.md; tests/oracle/test_o12_legality.c breaks each row.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_asm.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/memory.h>
#include <nvhe/mem_protect.h>

#include "el2fuzz_profile.h"
#include "invariant.h"
#include "../fault/fault.h"
#include "../machine/its_hw.h"
#include "../trace/trace.h"

/* The host's stage-2 IPA space (host_mmu.pgt.ia_bits on this machine). */
#define REF_IA_BITS	32

/* The reference's word per page (machine_oracle_word). */
#define W_HOST		0x3ULL
#define W_HYP_SHIFT	2
#define W_HYP		(0x3ULL << W_HYP_SHIFT)
#define W_PINS_SHIFT	4
#define W_PINS		(0xffffULL << W_PINS_SHIFT)
#define W_BOOT_HYP	(1ULL << 20)
#define W_MMIO_DONATED	(1ULL << 21)
#define W_ITS		(1ULL << 22)
/* The entry (numbered from the run's start) that last changed it. */
#define W_STAMP_SHIFT	24
#define W_STAMP		(0xffffffffULL << W_STAMP_SHIFT)
#define W_ITS_PINS_SHIFT	56
#define W_ITS_PINS	(0x7fULL << W_ITS_PINS_SHIFT)
#define W_INIT		(1ULL << 63)


/*
 * What one CPU's entry has seen so far: with a second hyp CPU, the other's
 * entry (and its primitives, and the faults injected in them) may run in
 * the middle of this one's.
 */
struct ref_entry {
	unsigned int faults_at_begin;
	bool faulted;		/* an ownership call of the entry failed by the fault plan */
	/* An ITS setup or teardown the rules say must fail, and why. */
	const char *its_must_fail;
	uint64_t priv_pa;
	uint64_t priv_pages;
	/* The first refusal the rules do not explain, reported last. */
	bool spurious;
	char spurious_what[48];
	char spurious_detail[160];
};

static struct {
	struct ref_entry cpu[SIM_NR_CPUS];
	uint32_t entry;		/* the current entry's number, from 1 */
} ref;

static struct ref_entry *cur(void)
{
	return &ref.cpu[machine_cpu() % SIM_NR_CPUS];
}

static uint64_t pfn_pa(uint64_t pfn)
{
	return pfn << machine_page_shift();
}

/* The boot layout: the hyp's carve-out and the ITS frame are the hyp's. */
static uint64_t boot_word(uint64_t pfn)
{
	uint64_t pa = pfn_pa(pfn);
	enum mem_kind kind = machine_kind(pa);

	if ((kind == MEM_RAM && pa - SIM_RAM_BASE < SIM_HYP_CARVEOUT) ||
	    (kind == MEM_MMIO && machine_device(pa) == 0))
		return W_INIT | W_BOOT_HYP | PKVM_NOPAGE |
		       (uint64_t)PKVM_PAGE_OWNED << W_HYP_SHIFT;
	return W_INIT | PKVM_PAGE_OWNED | (uint64_t)PKVM_NOPAGE << W_HYP_SHIFT;
}

static uint64_t *word(uint64_t pfn)
{
	uint64_t *w = machine_oracle_word(pfn);

	if (w && !(*w & W_INIT))
		*w = boot_word(pfn);
	return w;
}

struct ref_page ref_page(uint64_t pfn)
{
	uint64_t *w = word(pfn);
	uint64_t v = w ? *w : PKVM_NOPAGE | (uint64_t)PKVM_NOPAGE << W_HYP_SHIFT;

	return (struct ref_page){
		.host = (uint8_t)(v & W_HOST),
		.hyp = (uint8_t)((v & W_HYP) >> W_HYP_SHIFT),
		.pins = (uint16_t)((v & W_PINS) >> W_PINS_SHIFT),
		.its_pins = (uint8_t)((v & W_ITS_PINS) >> W_ITS_PINS_SHIFT),
		.boot_hyp = v & W_BOOT_HYP,
		.mmio_donated = v & W_MMIO_DONATED,
		.its = v & W_ITS,
	};
}

static void set_page(uint64_t pfn, const struct ref_page *r)
{
	uint64_t *w = word(pfn);

	if (!w)
		return;
	*w = W_INIT | r->host | (uint64_t)r->hyp << W_HYP_SHIFT |
	     (uint64_t)r->pins << W_PINS_SHIFT | (r->boot_hyp ? W_BOOT_HYP : 0) |
	     ((uint64_t)(r->its_pins & 0x7f) << W_ITS_PINS_SHIFT) |
	     (r->mmio_donated ? W_MMIO_DONATED : 0) | (r->its ? W_ITS : 0) |
	     (uint64_t)ref.entry << W_STAMP_SHIFT;
}

bool ref_host_accessible(uint64_t pfn)
{
	struct ref_page r = ref_page(pfn);

	return (r.host == PKVM_PAGE_OWNED || r.host == PKVM_PAGE_SHARED_OWNED) &&
	       r.hyp != PKVM_PAGE_OWNED;
}

bool ref_hyp_owned(uint64_t pfn)
{
	struct ref_page r = ref_page(pfn);

	return r.host == PKVM_NOPAGE && r.hyp == PKVM_PAGE_OWNED;
}

bool ref_shared_pinned(uint64_t pfn)
{
	struct ref_page r = ref_page(pfn);

	return r.host == PKVM_PAGE_SHARED_OWNED && r.hyp == PKVM_PAGE_SHARED_BORROWED && r.pins;
}

bool ref_entry_fault_injected(void)
{
	return cur()->faulted;
}

bool ref_changed_in_entry(uint64_t pfn)
{
	uint64_t *w = machine_oracle_word(pfn);

	return w && (*w & W_INIT) && ((*w & W_STAMP) >> W_STAMP_SHIFT) == ref.entry;
}

/* The rules ------------------------------------------------------------------ */

/*
 * Memblock: RAM is one region; below and above it, holes. The last hole
 * ends at ULONG_MAX, exclusive (HYP_API_FACTS §0), so the top byte is in
 * none: a range whose end wraps to 0 ends outside its start's hole.
 */
static int region_of(uint64_t pa)
{
	uint64_t end = SIM_RAM_BASE + machine_config()->ram_size;

	return pa < SIM_RAM_BASE ? 0 : pa < end ? 1 : pa < ~0ULL ? 2 : 3;
}

/*
 * check_range_allowed_memory: [start, end) within one region, and that
 * region memory. end - 1 is taken modulo 2^64, which is what makes a
 * zero-length range at a region's base, or a wrapped end, -EINVAL.
 */
static int memory_check(uint64_t start, uint64_t end)
{
	if (region_of(start) != region_of(end - 1))
		return -EINVAL;
	return region_of(start) == 1 ? 0 : -EPERM;
}

static bool pfn_range_valid(uint64_t pfn, uint64_t nr)
{
	uint64_t limit = 1ULL << (REF_IA_BITS - machine_page_shift());

	return pfn < limit && limit - pfn >= nr;
}

struct verdict {
	int err;		/* 0: the call must succeed */
	const char *why;
	const char *o1;		/* an O1 finding rather than an O12 one */
	uint64_t pfn;		/* the pages it concerns */
	uint64_t nr;
};

static struct verdict refuse(int err, const char *why, uint64_t pfn)
{
	return (struct verdict){ .err = err, .why = why, .pfn = pfn };
}

/* Every page of [pfn, pfn + nr) in these states, or the first that is not. */
static bool all_in(uint64_t pfn, uint64_t nr, int host, int hyp, uint64_t *bad)
{
	struct ref_page r;
	uint64_t i;

	for (i = 0; i < nr; i++) {
		r = ref_page(pfn + i);
		if ((host >= 0 && r.host != host) || (hyp >= 0 && r.hyp != hyp)) {
			*bad = pfn + i;
			return false;
		}
	}
	return true;
}

static struct verdict rule_share(uint64_t pfn)
{
	uint64_t pa = pfn << machine_page_shift();	/* wraps, as mainline's does */
	uint64_t p = pa >> machine_page_shift();
	uint64_t bad;
	int err;

	err = memory_check(pa, pa + machine_page_size());
	if (err)
		return refuse(err, "not a page of memory", p);
	/* Host: OWNED => SHARED_OWNED / hyp: NOPAGE => SHARED_BORROWED */
	if (!all_in(p, 1, PKVM_PAGE_OWNED, -1, &bad))
		return refuse(-EPERM, "the host does not own the page", bad);
	if (!all_in(p, 1, -1, PKVM_NOPAGE, &bad))
		return refuse(-EPERM, "the hyp already has the page", bad);
	return (struct verdict){ .pfn = p, .nr = 1 };
}

static struct verdict rule_unshare(uint64_t pfn)
{
	uint64_t pa = pfn << machine_page_shift();
	uint64_t p = pa >> machine_page_shift();
	uint64_t bad;
	int err;

	err = memory_check(pa, pa + machine_page_size());
	if (err)
		return refuse(err, "not a page of memory", p);
	/* Host: SHARED_OWNED => OWNED / hyp: SHARED_BORROWED => NOPAGE */
	if (!all_in(p, 1, PKVM_PAGE_SHARED_OWNED, PKVM_PAGE_SHARED_BORROWED, &bad))
		return refuse(-EPERM, "the page is not shared with the hyp", bad);
	if (ref_page(p).pins)
		return refuse(-EBUSY, "the hyp holds a pin on the page", p);
	return (struct verdict){ .pfn = p, .nr = 1 };
}

static struct verdict rule_donate(uint64_t pfn, uint64_t nr)
{
	uint64_t pa = pfn << machine_page_shift();
	uint64_t bad;
	int err;

	if (!pfn_range_valid(pfn, nr))
		return refuse(-EINVAL, "pfn range beyond the host's IPA space", pfn);
	err = memory_check(pa, pa + (nr << machine_page_shift()));
	if (err)
		return refuse(err, "not a range of memory within one region", pfn);
	/* Host: OWNED => NOPAGE / hyp: NOPAGE => OWNED */
	if (!all_in(pfn, nr, PKVM_PAGE_OWNED, -1, &bad)) {
		struct verdict v = refuse(-EPERM, "a page the host does not own", bad);

		v.o1 = "donated_not_host_page";
		return v;
	}
	if (!all_in(pfn, nr, -1, PKVM_NOPAGE, &bad))
		return refuse(-EPERM, "a page the hyp already has", bad);
	return (struct verdict){ .pfn = pfn, .nr = nr };
}

/* Whether the entry under way is the ITS emulation's (a trap, its setup or teardown). */
static bool its_entry(void)
{
	const struct oracle_entry *e = oracle_current();

	return e && (e->kind == ENTRY_ITS_TRAP ||
		     (e->kind == ENTRY_HCALL &&
		      (e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup ||
		       e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown)));
}

static struct verdict rule_give_back(uint64_t pfn, uint64_t nr)
{
	uint64_t pa = pfn << machine_page_shift();
	uint64_t bad;
	uint64_t i;
	int err;

	if (!pfn_range_valid(pfn, nr))
		return refuse(-EINVAL, "pfn range beyond the host's IPA space", pfn);
	/* Hyp: OWNED => NOPAGE / host: NOPAGE => OWNED; the hyp's check first. */
	if (!all_in(pfn, nr, -1, PKVM_PAGE_OWNED, &bad))
		return refuse(-EPERM, "a page the hyp does not own", bad);
	err = memory_check(pa, pa + (nr << machine_page_shift()));
	if (err)
		return refuse(err, "not a range of memory within one region", pfn);
	if (!all_in(pfn, nr, PKVM_NOPAGE, -1, &bad))
		return refuse(-EPERM, "a page the host still has", bad);
	/* Legal for the API, but the hyp's own memory is never the host's. */
	for (i = 0; i < nr; i++) {
		if (ref_page(pfn + i).boot_hyp) {
			struct verdict v = refuse(-EPERM, "the hyp's memory since boot", pfn + i);

			v.o1 = "returned_not_donated";
			return v;
		}
	}
	/*
	 * Legal for the API too, which moves any page the hyp owns: but the
	 * ITS emulation gives back only what an ITS entry took, never a page
	 * the host donated for another use (a hostile L1 copy entry naming
	 * one, walked at teardown, would have it handed over).
	 */
	for (i = 0; its_entry() && i < nr; i++) {
		if (!ref_page(pfn + i).its) {
			struct verdict v = refuse(-EPERM, "a page no ITS entry took", pfn + i);

			v.o1 = "returned_not_held";
			return v;
		}
	}
	return (struct verdict){ .pfn = pfn, .nr = nr };
}

static struct verdict rule_pin(uint64_t from, uint64_t to)
{
	uint64_t ps = machine_page_size();
	uint64_t start = from & ~(ps - 1);
	uint64_t end = (to + ps - 1) & ~(ps - 1);
	uint64_t pfn = start >> machine_page_shift();
	uint64_t nr = (end - start) >> machine_page_shift();
	uint64_t bad;
	int err;

	err = memory_check(start, end);
	if (err)
		return refuse(err, "not a range of memory within one region", pfn);
	if (!all_in(pfn, nr, PKVM_PAGE_SHARED_OWNED, PKVM_PAGE_SHARED_BORROWED, &bad))
		return refuse(-EPERM, "a page not shared with the hyp", bad);
	return (struct verdict){ .pfn = pfn, .nr = nr };
}

/* A pfn that names a device page (and no more than one): the MMIO calls' first rule. */
static bool device_page(uint64_t pfn)
{
	uint64_t pa = pfn << machine_page_shift();

	return machine_kind(pa) == MEM_MMIO && pa >> machine_page_shift() == pfn;
}

static struct verdict rule_donate_mmio(uint64_t pfn)
{
	uint64_t p = (pfn << machine_page_shift()) >> machine_page_shift();
	struct ref_page r;

	if (!device_page(pfn))
		return refuse(-EINVAL, "not a device page", p);
	r = ref_page(p);
	if (r.host != PKVM_PAGE_OWNED || r.hyp != PKVM_NOPAGE) {
		struct verdict v = refuse(-EPERM, "the hyp already owns the device page", p);

		v.o1 = "donated_not_host_page";
		return v;
	}
	return (struct verdict){ .pfn = p, .nr = 1 };
}

static struct verdict rule_reclaim_mmio(uint64_t pfn)
{
	uint64_t p = (pfn << machine_page_shift()) >> machine_page_shift();
	struct verdict v;

	if (!device_page(pfn))
		return refuse(-EINVAL, "not a device page", p);
	if (!ref_page(p).mmio_donated) {
		v = refuse(-EPERM, "a device page the host never donated", p);
		v.o1 = "returned_not_donated";
		return v;
	}
	return (struct verdict){ .pfn = p, .nr = 1 };
}

static struct verdict rule(const struct hyp_prim *p)
{
	switch (p->id) {
	case PRIM_SHARE:
		return rule_share(p->pfn);
	case PRIM_UNSHARE:
		return rule_unshare(p->pfn);
	case PRIM_DONATE:
		return rule_donate(p->pfn, p->nr);
	case PRIM_GIVE_BACK:
		return rule_give_back(p->pfn, p->nr);
	case PRIM_PIN:
		return rule_pin(p->from, p->to);
	case PRIM_DONATE_MMIO:
		return rule_donate_mmio(p->pfn);
	case PRIM_RECLAIM_MMIO:
		return rule_reclaim_mmio(p->pfn);
	default:
		/* Unpin checks nothing; a host fault changes no ownership. */
		return (struct verdict){ 0 };
	}
}

/* Applying a call that succeeded --------------------------------------------- */

static void apply(const struct hyp_prim *p, const struct verdict *v)
{
	struct ref_page r;
	uint64_t i;

	for (i = 0; i < v->nr; i++) {
		r = ref_page(v->pfn + i);
		switch (p->id) {
		case PRIM_SHARE:
			r.host = PKVM_PAGE_SHARED_OWNED;
			r.hyp = PKVM_PAGE_SHARED_BORROWED;
			r.its = its_entry();
			break;
		case PRIM_UNSHARE:
		case PRIM_GIVE_BACK:
		case PRIM_RECLAIM_MMIO:
			r.host = PKVM_PAGE_OWNED;
			r.hyp = PKVM_NOPAGE;
			r.its = false;
			r.mmio_donated = false;
			break;
		case PRIM_DONATE:
			r.host = PKVM_NOPAGE;
			r.hyp = PKVM_PAGE_OWNED;
			r.its = its_entry();
			break;
		case PRIM_DONATE_MMIO:
			r.host = PKVM_NOPAGE;
			r.hyp = PKVM_PAGE_OWNED;
			r.mmio_donated = true;
			break;
		case PRIM_PIN:
			/*
			 * A pin holds the page for the ITS only while it lasts: the
			 * share under it may be the host's own (a pin of a page the
			 * host shared itself is legal, and its unpin lets go).
			 */
			r.pins++;
			if (its_entry())
				r.its_pins++;
			break;
		default:
			return;
		}
		set_page(v->pfn + i, &r);
	}
}

static void unpin(const struct hyp_prim *p)
{
	uint64_t ps = machine_page_size();
	uint64_t start = p->from & ~(ps - 1);
	uint64_t end = (p->to + ps - 1) & ~(ps - 1);
	struct ref_page r;
	uint64_t a;

	/* Unpinning what was never pinned is the platform's hyp panic (O9). */
	for (a = start; a < end && a - start < SIM_PA_LIMIT; a += ps) {
		r = ref_page(a >> machine_page_shift());
		if (!r.pins)
			continue;
		r.pins--;
		/* Pins are not told apart: an ITS entry drops an ITS entry's first. */
		if (its_entry() && r.its_pins)
			r.its_pins--;
		set_page(a >> machine_page_shift(), &r);
	}
}


static void report(const struct hyp_prim *p, const char *suffix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const struct hyp_prim *p, const char *suffix, const char *fmt, ...)
{
	char what[48], detail[256];
	va_list ap;

	snprintf(what, sizeof(what), "%s_%s", machine_prim_name(p->id), suffix);
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	report_violation("O12", what, "%s", detail);
}

/*
 * Whether the machine's record of @pfn says what the reference says. What
 * the host stage-2 maps is O1's to judge, but for the annotation a device
 * page donation must leave (@annotation).
 */
static const char *disagreement(uint64_t pfn, bool annotation)
{
	struct page_rec rec = machine_page(pfn);
	struct ref_page r = ref_page(pfn);
	uint64_t pa = pfn_pa(pfn);

	if (machine_kind(pa) == MEM_MMIO) {
		bool hyp_owns = r.hyp == PKVM_PAGE_OWNED;

		if (hyp_owns != kvm_pte_valid(rec.hyp_pte))
			return "hyp device mapping";
		if (annotation && hyp_owns && (kvm_pte_valid(rec.host_pte) ||
					       kvm_pte_owner(rec.host_pte) != PKVM_ID_HYP))
			return "host stage-2 owner annotation";
		return NULL;
	}
	if (machine_kind(pa) != MEM_RAM)
		return NULL;
	if (rec.host_state != r.host)
		return "host state";
	if (rec.hyp_state != r.hyp)
		return "hyp state";
	if (rec.refcount != r.pins)
		return "pin count";
	/*
	 * The hyp's stage 1 maps RAM it owns (its carve-out, donations) and
	 * shared pages while pinned: a donation maps, a give-back unmaps, the
	 * first pin maps and the last unpin unmaps (HYP_API_FACTS §3-§5).
	 */
	if (kvm_pte_valid(rec.hyp_pte) != (r.boot_hyp || r.hyp == PKVM_PAGE_OWNED || r.pins))
		return "hyp mapping";
	return NULL;
}

static void check_effect(const struct hyp_prim *p, const struct verdict *v)
{
	const char *what;
	uint64_t i;

	for (i = 0; i < v->nr; i++) {
		what = disagreement(v->pfn + i, true);
		if (what) {
			report(p, "wrong_effect", "%s of pa 0x%llx succeeded, but its %s is not what the rules say",
			       machine_prim_name(p->id), (unsigned long long)pfn_pa(v->pfn + i), what);
			return;
		}
	}
}

/*
 * A call refused where the rules say it succeeds (@suffix
 * "spurious_refusal"), or refused with another error than theirs
 * ("wrong_error"), with no fault injected in it: kept for the end of the
 * entry, where it is reported only if nothing worse was (late_entry_end),
 * the first of the entry.
 */
static void note_refusal(const struct hyp_prim *p, const char *suffix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note_refusal(const struct hyp_prim *p, const char *suffix, const char *fmt, ...)
{
	va_list ap;

	if (cur()->spurious || fault_injected() != cur()->faults_at_begin)
		return;
	cur()->spurious = true;
	snprintf(cur()->spurious_what, sizeof(cur()->spurious_what), "%s_%s",
		 machine_prim_name(p->id), suffix);
	va_start(ap, fmt);
	vsnprintf(cur()->spurious_detail, sizeof(cur()->spurious_detail), fmt, ap);
	va_end(ap);
}

/*
 * A host stage-2 fault has two answers (HYP_API_FACTS §6 step 5): 0 or
 * -EEXIST (another CPU mapped the page first), the page is mapped and the
 * host retries; -EPERM, the host takes an abort. Any other, or -EEXIST
 * with the page not mapped, leaves the host faulting on the same access
 * for ever, and mainline BUGs on it: a hyp panic the host can ask for.
 * A table page the fault injector refused excuses it (the platform ran
 * dry, not the host's doing). -EPERM is for a page with an owner
 * annotation (§6 step 3) or past the IPA space: on a page the host may
 * have, shared or not, it is a refusal the rules do not explain.
 */
static void check_host_abort(const struct hyp_prim *p)
{
	uint64_t ipa = p->pfn;	/* PRIM_HOST_ABORT: the faulting IPA */
	uint64_t pfn = ipa >> machine_page_shift();

	if (p->ret == -EPERM) {
		if (ipa < BIT_ULL(REF_IA_BITS) && machine_pfn_valid(pfn) && ref_host_accessible(pfn))
			note_refusal(p, "spurious_refusal",
				     "the host's stage-2 fault at 0x%llx was refused; the host may map pa 0x%llx",
				     (unsigned long long)ipa, (unsigned long long)pfn_pa(pfn));
		return;
	}
	if (!p->ret || fault_injected() != cur()->faults_at_begin)
		return;
	if (p->ret == -EEXIST && machine_pfn_valid(pfn) &&
	    kvm_pte_valid(machine_page(pfn).host_pte))
		return;
	report(p, "unresolved", "the host's stage-2 fault at 0x%llx returned %d: neither mapped nor refused",
	       (unsigned long long)ipa, p->ret);
}

/*
 * The calls whose every error, and the order of their checks, mainline
 * fixes (HYP_API_FACTS §0 to §4); the MMIO calls' review leaves the
 * order of theirs open (ITS_FACTS §3.3).
 */
static bool mainline_errors(enum hyp_prim_id id)
{
	return id == PRIM_SHARE || id == PRIM_UNSHARE || id == PRIM_DONATE ||
	       id == PRIM_GIVE_BACK || id == PRIM_PIN;
}

static void ref_prim_begin(const struct hyp_prim *p)
{
	(void)p;
	cur()->faults_at_begin = fault_injected();
}

static void ref_prim_end(const struct hyp_prim *p)
{
	struct verdict v;

	if (p->injected) {
		cur()->faulted = true;
		return;
	}
	if (p->id == PRIM_UNPIN) {
		unpin(p);
		return;
	}
	if (p->id == PRIM_HOST_ABORT) {
		check_host_abort(p);
		return;
	}
	v = rule(p);
	if (p->ret && !v.err)
		note_refusal(p, "spurious_refusal",
			     "%s(pfn 0x%llx, nr %llu) returned %d; the rules say it succeeds",
			     machine_prim_name(p->id), (unsigned long long)p->pfn,
			     (unsigned long long)p->nr, p->ret);
	else if (p->ret && p->ret != v.err && mainline_errors(p->id))
		note_refusal(p, "wrong_error", "%s(pfn 0x%llx, nr %llu) returned %d; the rules say %d: %s",
			     machine_prim_name(p->id), (unsigned long long)p->pfn,
			     (unsigned long long)p->nr, p->ret, v.err, v.why);
	if (p->ret)
		return;
	if (v.err) {
		if (v.o1)
			report_violation("O1", v.o1, "%s of pa 0x%llx succeeded: %s",
					 machine_prim_name(p->id), (unsigned long long)pfn_pa(v.pfn), v.why);
		else
			report(p, "must_fail", "%s succeeded at pa 0x%llx: %s (the rules say %d)",
			       machine_prim_name(p->id), (unsigned long long)pfn_pa(v.pfn), v.why, v.err);
		return;
	}
	apply(p, &v);
	check_effect(p, &v);
}

#define HOST_PAGE_OFFSET	0xffff000000000000ULL

static uint64_t host_va_pa(uint64_t va)
{
	return (va - HOST_PAGE_OFFSET) & GENMASK_ULL(47, 0);
}

/* Every page of [pa, pa + n pages) RAM the host owns outright. */
static bool host_owns(uint64_t pa, uint64_t n)
{
	uint64_t pfn = pa >> machine_page_shift();
	uint64_t bad;

	return machine_kind(pa) == MEM_RAM && n <= (SIM_RAM_MAX >> machine_page_shift()) &&
	       !memory_check(pa, pa + (n << machine_page_shift())) &&
	       all_in(pfn, n, PKVM_PAGE_OWNED, PKVM_NOPAGE, &bad);
}

/*
 * The ITS hypercalls (docs/INVARIANTS.md, "Legality"): setup must fail for
 * a frame that is no protected region, a second setup, private pages or a
 * state page that are not page-aligned host VAs of RAM the host owns, or
 * no private pages; teardown must fail when nothing is set up, and must
 * not succeed leaving the ITS enabled or not quiescent (it would walk
 * tables the host owns again). Both are judged when the call returns
 * (check_its), not when it starts: a hyp may disable the ITS itself and
 * wait for it, and a draining ITS sets Quiescent at a read the hyp may act
 * on. Whether to refuse an enabled ITS or to quiesce it is the mediator's
 * choice; no fact makes either the rule.
 */
static const char *its_rule(const struct oracle_entry *e)
{
	uint64_t ps = machine_page_size();

	if (e->kind != ENTRY_HCALL)
		return NULL;
	if (e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown)
		return its_ref_emulated() ? NULL : "nothing is set up";
	if (e->id != __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup)
		return NULL;
	cur()->priv_pa = host_va_pa(e->args[2]);
	cur()->priv_pages = e->args[3];
	if (e->args[0] != SIM_ITS_BASE)
		return "the frame is no protected region";
	if (its_ref_emulated())
		return "the ITS is set up already";
	if ((e->args[1] | e->args[2]) & (ps - 1))
		return "the state page or private pages are not page-aligned";
	if (!e->args[3])
		return "no private pages";
	if (!host_owns(host_va_pa(e->args[1]), 1) || !host_owns(cur()->priv_pa, e->args[3]))
		return "the state page or private pages are not RAM the host owns";
	return NULL;
}

static void ref_entry_begin(const struct oracle_entry *e)
{
	cur()->faulted = false;
	cur()->spurious = false;
	cur()->its_must_fail = its_rule(e);
	ref.entry++;
}

/* Nothing changes who owns a page but a call the rules allow. */
static void page_changed_entry_end(const struct oracle_entry *e)
{
	const struct journal_entry *j;
	unsigned int nr, i;
	const char *what;
	bool overflow;

	(void)e;
	j = machine_step_journal(&nr, &overflow);
	for (i = 0; i < nr; i++) {
		what = disagreement(j[i].pfn, false);
		if (what)
			report_violation("O12", "page_changed",
					 "the %s of pa 0x%llx changed, and no call the rules allow changed it",
					 what, (unsigned long long)pfn_pa(j[i].pfn));
	}
}

const struct invariant o12_legality = {
	.id = "O12",
	.name = "legality",
	.entry_begin = ref_entry_begin,
	.prim_begin = ref_prim_begin,
	.prim_end = ref_prim_end,
};

/*
 * Late in the table, after O1 and O3 have had their say on the same
 * pages: a page changed outside the rules, then the mildest finding of
 * an entry, a refusal the rules do not explain.
 */
/* A setup that succeeded keeps its private state in pages the hyp owns. */
static void check_its(const struct oracle_entry *e)
{
	uint64_t pfn = cur()->priv_pa >> machine_page_shift();
	uint64_t needed;
	uint64_t ctlr;
	uint64_t i;

	if (e->kind != ENTRY_HCALL || e->ret)
		return;
	/*
	 * Handed back enabled, the ITS is as setup found it, the host's to
	 * drive on its own tables (the profile may forbid it); disabled, it
	 * must be quiescent, or it still writes pages that are the host's
	 * again and may come back to the hyp.
	 */
	if (!cur()->its_must_fail && e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_teardown) {
		ctlr = its_hw_peek(GITS_CTLR, 4);
		if (ctlr & GITS_CTLR_ENABLE) {
			if (EL2FUZZ_PROFILE_POLICY_TEARDOWN_DISABLED && !oracle_interleaved())
				report_violation("O12", "its_teardown_left_enabled",
						 "the hypercall returned 0 with the ITS enabled; the mediator's profile says a teardown leaves it disabled");
		} else if (!(ctlr & GITS_CTLR_QUIESCENT)) {
			cur()->its_must_fail = "the ITS is not quiescent when it returns";
		}
	}
	/* The other CPU may have changed what the rule read (ITS enabled, say). */
	if (cur()->its_must_fail && !oracle_interleaved()) {
		report_violation("O12", e->id == __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup ?
				 "its_setup_must_fail" : "its_teardown_must_fail",
				 "the hypercall returned 0, but %s", cur()->its_must_fail);
		return;
	}
	/* A teardown on the other CPU may have given them back already. */
	if (e->id != __KVM_HOST_SMCCC_FUNC___pkvm_its_emulate_setup || oracle_interleaved())
		return;
	/*
	 * The pages its state needs, as its profile declares them (priv_pages,
	 * in 4 KiB): more may be handed over, and a hyp with a fixed-size
	 * state may leave those with the host (ITS_FACTS 4.3 asks only for
	 * some); what it then does with them is O9's and O15's.
	 */
	needed = DIV_ROUND_UP(EL2FUZZ_PROFILE_PRIV_PAGES * SZ_4K, machine_page_size());
	for (i = 0; i < cur()->priv_pages && i < needed; i++) {
		if (!ref_hyp_owned(pfn + i)) {
			report_violation("O12", "its_private_not_taken",
					 "setup returned 0 but private page pa 0x%llx is not the hyp's",
					 (unsigned long long)pfn_pa(pfn + i));
			return;
		}
	}
}

static void late_entry_end(const struct oracle_entry *e)
{
	check_its(e);
	page_changed_entry_end(e);
	if (cur()->spurious)
		report_violation("O12", cur()->spurious_what, "%s", cur()->spurious_detail);
}

const struct invariant o12_late = {
	.id = "O12",
	.name = "legality: pages changed and refusals the rules do not explain",
	.entry_end = late_entry_end,
};
