// SPDX-License-Identifier: GPL-2.0-only
/*
 * O12 legality, one row of the rule table (docs/INVARIANTS.md) at a time:
 * a page is put in a state by a program, then one ownership call is made
 * on it through a double that is broken on purpose. Where the rules say
 * the call must fail, the double does what the call would do on success
 * anyway (it "accepts"), and the finding must name the call; where they
 * say it must succeed, the double refuses with nothing injected, and the
 * finding must be the milder spurious refusal. With the double forwarding
 * to the real call, no row has a finding. Another forwards and swaps the
 * error of a refusal (-EPERM for -EINVAL and the reverse, -EBUSY for
 * -EPERM): a call whose errors mainline fixes gets `<call>_wrong_error`.
 * A last double makes the call and leaves the hyp's stage 1 as it was:
 * the finding names the call.
 */
#include <linux/errno.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/mem_protect.h>

#include "../test.h"
#include "break_on_purpose.h"
#include "../../core/oracle/oracle.h"

enum call { SHARE, UNSHARE, DONATE, GIVE_BACK, PIN, DONATE_MMIO, RECLAIM_MMIO };

/*
 * 0 forward, 1 accept whatever, 2 refuse, 3 stage 1 untouched, 4 pin
 * partly, 5 a host fault past the IPA space answered with the walk's error,
 * 6 every host fault on RAM refused, 7 forward with a refusal's error swapped
 */
static int mode;

static void force(enum call c, u64 pa)
{
	struct hyp_page *p = hyp_phys_to_page(pa);

	switch (c) {
	case SHARE:
		set_host_state(p, PKVM_PAGE_SHARED_OWNED);
		set_hyp_state(p, PKVM_PAGE_SHARED_BORROWED);
		break;
	case UNSHARE:
	case GIVE_BACK:
		set_host_state(p, PKVM_PAGE_OWNED);
		set_hyp_state(p, PKVM_NOPAGE);
		break;
	case DONATE:
		set_host_state(p, PKVM_NOPAGE);
		set_hyp_state(p, PKVM_PAGE_OWNED);
		break;
	case PIN:
		hyp_page_ref_inc(p);
		break;
	case DONATE_MMIO:
		kvm_pgtable_hyp_map(&pkvm_pgtable, (u64)__hyp_va(pa), PAGE_SIZE, pa, PAGE_HYP_DEVICE);
		kvm_pgtable_stage2_set_owner(&host_mmu.pgt, pa, PAGE_SIZE, NULL, PKVM_ID_HYP);
		break;
	case RECLAIM_MMIO:
		kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)__hyp_va(pa), PAGE_SIZE);
		kvm_pgtable_stage2_set_owner(&host_mmu.pgt, pa, PAGE_SIZE, NULL, PKVM_ID_HOST);
		break;
	}
}

/*
 * The call as it is, but the hyp's stage 1 for the page left as it was
 * before: a give-back that keeps the hyp's mapping, a donation or a first
 * pin that makes none.
 */
static int keep_stage1(enum call c, u64 pa, int ret)
{
	u64 va = (u64)__hyp_va(pa);

	if (ret)
		return ret;
	if (c == GIVE_BACK)
		kvm_pgtable_hyp_map(&pkvm_pgtable, va, PAGE_SIZE, pa, PAGE_HYP);
	else if (c == DONATE || c == PIN)
		kvm_pgtable_hyp_unmap(&pkvm_pgtable, va, PAGE_SIZE);
	return 0;
}

static int swap_error(int ret)
{
	return ret == -EPERM ? -EINVAL : ret ? -EPERM : 0;
}

#define DOUBLE(c, real, pa, ...)					\
	do {								\
		if (mode == 1) {					\
			force(c, pa);					\
			return 0;					\
		}							\
		if (mode == 2)						\
			return -EPERM;					\
		if (mode == 3)						\
			return keep_stage1(c, pa, real(__VA_ARGS__));	\
		if (mode == 7)						\
			return swap_error(real(__VA_ARGS__));		\
		return real(__VA_ARGS__);				\
	} while (0)

int __real___pkvm_host_share_hyp(u64 pfn);
int __real___pkvm_host_unshare_hyp(u64 pfn);
int __real___pkvm_host_donate_hyp(u64 pfn, u64 nr);
int __real___pkvm_hyp_donate_host(u64 pfn, u64 nr);
int __real_hyp_pin_shared_mem(void *from, void *to);
int __real___pkvm_host_donate_hyp_mmio(u64 pfn);
int __real___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __double___pkvm_host_share_hyp(u64 pfn);
int __double___pkvm_host_unshare_hyp(u64 pfn);
int __double___pkvm_host_donate_hyp(u64 pfn, u64 nr);
int __double___pkvm_hyp_donate_host(u64 pfn, u64 nr);
int __double_hyp_pin_shared_mem(void *from, void *to);
int __double___pkvm_host_donate_hyp_mmio(u64 pfn);
int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn);
int __real_handle_host_mem_abort(u64 fault_ipa);
int __double_handle_host_mem_abort(u64 fault_ipa);

int __double___pkvm_host_share_hyp(u64 pfn)
{
	DOUBLE(SHARE, __real___pkvm_host_share_hyp, hyp_pfn_to_phys(pfn), pfn);
}

int __double___pkvm_host_unshare_hyp(u64 pfn)
{
	DOUBLE(UNSHARE, __real___pkvm_host_unshare_hyp, hyp_pfn_to_phys(pfn), pfn);
}

int __double___pkvm_host_donate_hyp(u64 pfn, u64 nr)
{
	DOUBLE(DONATE, __real___pkvm_host_donate_hyp, hyp_pfn_to_phys(pfn), pfn, nr);
}

int __double___pkvm_hyp_donate_host(u64 pfn, u64 nr)
{
	DOUBLE(GIVE_BACK, __real___pkvm_hyp_donate_host, hyp_pfn_to_phys(pfn), pfn, nr);
}

int __double_hyp_pin_shared_mem(void *from, void *to)
{
	/* Pages pinned one by one, checked as they come: the first stays. */
	if (mode == 4) {
		__real_hyp_pin_shared_mem(from, (char *)from + 1);
		return -EPERM;
	}
	DOUBLE(PIN, __real_hyp_pin_shared_mem, __hyp_pa(from), from, to);
}

int __double___pkvm_host_donate_hyp_mmio(u64 pfn)
{
	DOUBLE(DONATE_MMIO, __real___pkvm_host_donate_hyp_mmio, hyp_pfn_to_phys(pfn), pfn);
}

int __double___pkvm_host_reclaim_hyp_mmio(u64 pfn)
{
	DOUBLE(RECLAIM_MMIO, __real___pkvm_host_reclaim_hyp_mmio, hyp_pfn_to_phys(pfn), pfn);
}

/* As a fault path that takes the IPA limit as inclusive would answer. */
int __double_handle_host_mem_abort(u64 fault_ipa)
{
	if (mode == 5 && fault_ipa >= BIT_ULL(32))
		return -ERANGE;
	if (mode == 6 && addr_is_memory(fault_ipa))
		return -EPERM;
	/* -EEXIST, "already mapped": after mapping it (legal), or instead (broken). */
	if (mode == 8 && !__real_handle_host_mem_abort(fault_ipa))
		return -EEXIST;
	if (mode == 9)
		return -EEXIST;
	return __real_handle_host_mem_abort(fault_ipa);
}

/* The layout of "config page=4K ram=16M devices=1". */
#define RAM1	0x40101000ULL	/* ram(1) */
#define HYP1	0x40001000ULL	/* hyp(1) */
#define DEV0	0x09000000ULL	/* mmio(0,0) */
#define ITS0	0x08080000ULL	/* its(0) */
#define HOLE	0x3ffff000ULL	/* just below RAM */

static const struct state {
	const char *name;
	const char *prog;
	u64 pa;
} states[] = {
	{ "host", "", RAM1 },
	{ "shared", "share ram(1)\n", RAM1 },
	{ "pinned", "share ram(1)\npin ram(1) 1\n", RAM1 },
	{ "donated", "donate ram(1) 1\n", RAM1 },
	{ "hyp", "", HYP1 },
	{ "mmio", "", DEV0 },
	{ "mmio_donated", "donate_mmio mmio(0,0)\n", DEV0 },
	{ "its", "", ITS0 },
	{ "hole", "", HOLE },
};

static const char *const call_names[] = {
	"share", "unshare", "donate", "give_back", "pin", "donate_mmio", "reclaim_mmio",
};

/*
 * The rule table: for each call and state, "" where the call must succeed,
 * else the finding an accepting double must raise.
 */
static const char *const must[][9] = {
	/*		host	shared	pinned	donated	hyp	mmio	mmio_d	its	hole */
	[SHARE] =	{ "", "share_must_fail", "share_must_fail", "share_must_fail",
			  "share_must_fail", "share_must_fail", "share_must_fail",
			  "share_must_fail", "share_must_fail" },
	[UNSHARE] =	{ "unshare_must_fail", "", "unshare_must_fail", "unshare_must_fail",
			  "unshare_must_fail", "unshare_must_fail", "unshare_must_fail",
			  "unshare_must_fail", "unshare_must_fail" },
	[DONATE] =	{ "", "O1:donated_not_host_page", "O1:donated_not_host_page",
			  "O1:donated_not_host_page", "O1:donated_not_host_page",
			  "donate_must_fail", "donate_must_fail", "donate_must_fail",
			  "donate_must_fail" },
	[GIVE_BACK] =	{ "give_back_must_fail", "give_back_must_fail", "give_back_must_fail", "",
			  "O1:returned_not_donated", "give_back_must_fail", "give_back_must_fail",
			  "give_back_must_fail", "give_back_must_fail" },
	[PIN] =		{ "pin_must_fail", "", "", "pin_must_fail", "pin_must_fail",
			  "pin_must_fail", "pin_must_fail", "pin_must_fail", "pin_must_fail" },
	[DONATE_MMIO] =	{ "donate_mmio_must_fail", "donate_mmio_must_fail",
			  "donate_mmio_must_fail", "donate_mmio_must_fail",
			  "donate_mmio_must_fail", "", "O1:donated_not_host_page",
			  "O1:donated_not_host_page", "donate_mmio_must_fail" },
	[RECLAIM_MMIO] = { "reclaim_mmio_must_fail", "reclaim_mmio_must_fail",
			  "reclaim_mmio_must_fail", "reclaim_mmio_must_fail",
			  "reclaim_mmio_must_fail", "O1:returned_not_donated", "",
			  "O1:returned_not_donated", "reclaim_mmio_must_fail" },
};

static int call(enum call c, u64 pa)
{
	u64 pfn = hyp_phys_to_pfn(pa);
	void *va = __hyp_va(pa);

	switch (c) {
	case SHARE:
		return __pkvm_host_share_hyp(pfn);
	case UNSHARE:
		return __pkvm_host_unshare_hyp(pfn);
	case DONATE:
		return __pkvm_host_donate_hyp(pfn, 1);
	case GIVE_BACK:
		return __pkvm_hyp_donate_host(pfn, 1);
	case PIN:
		return hyp_pin_shared_mem(va, (char *)va + 1);
	case DONATE_MMIO:
		return __pkvm_host_donate_hyp_mmio(pfn);
	case RECLAIM_MMIO:
		return __pkvm_host_reclaim_hyp_mmio(pfn);
	}
	return 0;
}

/*
 * The finding of one call on a page in one state, under @m; "" if none.
 * A pin of @pages pages from the page when @pages is not 0.
 */
static const char *row_range(enum call c, const struct state *st, int m, u64 pages)
{
	static char text[256];
	struct oracle_entry e = { .kind = ENTRY_HYP, .name = "row" };
	static struct program prog;
	report_handler_t old;

	snprintf(text, sizeof(text), "config page=4K ram=16M devices=1\n%s", st->prog);
	test_parse(text, &prog);
	mode = 0;
	prog_run(&prog, NULL, NULL);
	test_signature[0] = 0;
	old = report_set_handler(test_on_violation);
	if (!setjmp(test_jmp)) {
		mode = m;
		report_set_where("row");
		oracle_entry_begin(&e);
		e.ret = pages ? hyp_pin_shared_mem(__hyp_va(st->pa),
						   (char *)__hyp_va(st->pa) + pages * PAGE_SIZE) :
				call(c, st->pa);
		oracle_entry_end(&e);
	}
	mode = 0;
	report_set_handler(old);
	return test_signature;
}

static const char *row(enum call c, const struct state *st, int m)
{
	return row_range(c, st, m, 0);
}

static void expect_row(enum call c, unsigned int s)
{
	const char *want = must[c][s];
	const char *got;
	char sig[96];

	/*
	 * Forwarded to the real call: no row has a finding, but one: mainline's
	 * give-back takes any page the hyp owns, its own memory included; only
	 * the hyp code that asks knows better, and here the test is that code.
	 */
	got = row(c, &states[s], 0);
	if (strcmp(got, c == GIVE_BACK && !strcmp(states[s].name, "hyp") ?
		   "O1:row:returned_not_donated" : ""))
		fprintf(stderr, "  row %s/%s forwarded: %s\n", call_names[c], states[s].name, got);
	CHECK_STR(got, c == GIVE_BACK && !strcmp(states[s].name, "hyp") ?
		  "O1:row:returned_not_donated" : "");
	if (*want) {
		if (!strncmp(want, "O1:", 3))
			snprintf(sig, sizeof(sig), "O1:row:%s", want + 3);
		else
			snprintf(sig, sizeof(sig), "O12:row:%s", want);
		got = row(c, &states[s], 1);
	} else {
		snprintf(sig, sizeof(sig), "O12:row:%s_spurious_refusal", call_names[c]);
		got = row(c, &states[s], 2);
	}
	if (strcmp(got, sig))
		fprintf(stderr, "  row %s/%s\n", call_names[c], states[s].name);
	CHECK_STR(got, sig);
	/* The real call refuses: with another error, mainline's calls are judged. */
	if (!*want || (c == GIVE_BACK && !strcmp(states[s].name, "hyp")))
		return;
	if (c == DONATE_MMIO || c == RECLAIM_MMIO)
		sig[0] = 0;
	else
		snprintf(sig, sizeof(sig), "O12:row:%s_wrong_error", call_names[c]);
	got = row(c, &states[s], 7);
	if (strcmp(got, sig))
		fprintf(stderr, "  row %s/%s, error swapped\n", call_names[c], states[s].name);
	CHECK_STR(got, sig);
}

int main(void)
{
	unsigned int c, s;

	for (c = 0; c < sizeof(must) / sizeof(must[0]); c++)
		for (s = 0; s < sizeof(states) / sizeof(states[0]); s++)
			expect_row((enum call)c, s);
	/* Right states, wrong stage 1: donated pages and pins map, give-backs unmap. */
	CHECK_STR(row(DONATE, &states[0], 3), "O12:row:donate_wrong_effect");
	CHECK_STR(row(GIVE_BACK, &states[3], 3), "O12:row:give_back_wrong_effect");
	CHECK_STR(row(PIN, &states[1], 3), "O12:row:pin_wrong_effect");
	CHECK_STR(row(PIN, &states[1], 0), "");
	/*
	 * A pin of two pages, the second not shared: all or nothing
	 * (HYP_API_FACTS §7), so a refusal that leaves the first pinned and
	 * mapped is a failed call with an effect.
	 */
	CHECK_STR(row_range(PIN, &states[1], 0, 2), "");
	CHECK_STR(row_range(PIN, &states[1], 4, 2), "O3:row:hyp_mapping");
	/*
	 * A pfn past the IPA space whose address wraps onto a host page, and a
	 * count whose size wraps to one page: pfn_range_is_valid refuses both
	 * (HYP_API_FACTS §0), so a donation that takes the page is a finding.
	 */
	mode = 1;
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "donate_pfn 0x10000000040200 1\n"),
		  "O12:donate_pfn:donate_must_fail");
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "donate_pfn 0x40200 0x10000000000001\n"),
		  "O12:donate_pfn:donate_must_fail");
	/*
	 * A range that crosses the end of RAM is -EINVAL whatever its pages'
	 * states (the region check comes first, HYP_API_FACTS §0): a state
	 * check run before it gives -EPERM for a shared first page.
	 */
	mode = 7;
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "share 0x40fff000\n"
				    "donate 0x40fff000 2\n"), "O12:donate:donate_wrong_error");
	mode = 0;
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "share 0x40fff000\n"
				    "donate 0x40fff000 2\n"), "");
	/*
	 * The last hole ends at ULONG_MAX, exclusive: a range whose end wraps
	 * to 0 ends outside every region, -EINVAL (HYP_API.md share/top-page),
	 * not a hole's -EPERM.
	 */
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "share 0xffffffffffffffff\n"
				    "unshare 0xffffffffffffffff\n"
				    "pin 0xfffffffffffffffe 0\n"), "");
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=1\n"
				    "donate_pfn 0x10000000040200 1\n"
				    "donate_pfn 0x40200 0x10000000000001\n"), "");
	/*
	 * A host fault ends mapped or refused (HYP_API_FACTS §6 step 5); one
	 * that returns the page-table walk's error leaves the host faulting.
	 * Table pages refused before and after recycling (-ENOMEM) are the
	 * platform's, not a finding.
	 */
	expect_broken(&mode, 5, "config page=4K ram=16M devices=1\n"
		      "read 0x100000000 8\n"
		      "read ram(1) 8\n", "O12:read:host_abort_unresolved");
	/*
	 * -EEXIST returns quietly too (§6 step 5: another CPU mapped the page
	 * first): resolved if the page is mapped when it returns.
	 */
	expect_harmless(&mode, 8, "config page=4K ram=16M devices=1\n"
			"read ram(1) 8\n");
	expect_broken(&mode, 9, "config page=4K ram=16M devices=1\n"
		      "read ram(1) 8\n", "O12:read:host_abort_unresolved");
	/* Refused on a page the host may map, shared with the hyp or not. */
	expect_broken(&mode, 6, "config page=4K ram=16M devices=1\n"
		      "share ram(1)\n"
		      "read ram(1) 8\n", "O12:read:host_abort_spurious_refusal");
	expect_broken(&mode, 6, "config page=4K ram=16M devices=1\n"
		      "write ram(2) 8 0x1\n", "O12:write:host_abort_spurious_refusal");
	/* Past the IPA space and on a donated page, -EPERM is the answer. */
	expect_harmless(&mode, 6, "config page=4K ram=16M devices=1\n"
			"read 0x100000000 8\n"
			"donate ram(3) 1\n"
			"read ram(3) 8\n");
	CHECK_STR(run_for_violation("config page=4K ram=16M devices=2\n"
				    "fail pgtable 1 ENOMEM\n"
				    "fail pgtable 2 ENOMEM\n"
				    "read mmio(0,0) 4\n"), "");
	return test_done("test_o12_legality");
}
