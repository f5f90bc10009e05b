// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hyp API's edge cases, one check per row of docs/HYP_API.md, named
 * after the row, for every host page size (4K, 16K, 64K).
 *
 * In the manner of pKVM's ownership selftest: each row boots a fresh
 * machine, makes the state it needs, takes a snapshot of a fixed set of
 * pages (every page any row aims at, and their neighbours), makes one call
 * and asserts its return value and the full page record of every one of
 * those pages afterwards (host state, hyp state, pin count, host stage-2
 * leaf, hyp mapping): the pages the row names must hold what it says, all
 * others must be as they were. A hyp WARN or hyp panic the row does not
 * expect, or a lock left held, fails the row too.
 */
#include <errno.h>

#include <asm/kvm_pgtable.h>
#include <linux/bitfield.h>
#include <nvhe/mem_protect.h>
#include <nvhe/memory.h>

#include "../test.h"
#include "../../core/fault/fault.h"
#include "../../core/machine/machine.h"
#include "../../core/mediator/mem_protect_internal.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define RAM_SIZE	(16ULL << 20)
#define MAX_WATCHED	24

static unsigned int shift;
static uint64_t ps;

/* Pages the rows aim at. */
#define R(k)		(SIM_RAM_BASE + SIM_HYP_CARVEOUT + (uint64_t)(k) * ps)
#define RAM_BASE	SIM_RAM_BASE
#define RAM_END		(SIM_RAM_BASE + RAM_SIZE)
#define LAST		(RAM_END - ps)
#define HOLE_LO		(SIM_RAM_BASE - ps)
#define HOLE_MID	0x20000000ULL
#define HOLE_HI		(RAM_END + ps)
#define DEV0		SIM_DEV_BASE
#define DEV1		(SIM_DEV_BASE + SIM_DEV_SIZE)
#define ITS		SIM_ITS_BASE
#define PFN(pa)		((uint64_t)(pa) >> shift)
#define VA(pa)		((char *)__hyp_va(pa))
/* The host's IPA space in pages, and a pfn whose address wraps onto @pa. */
#define PFN_LIMIT	(1ULL << (32 - shift))
#define PFN_WRAP(pa)	((1ULL << (64 - shift)) + PFN(pa))

struct exp {
	uint64_t pa;
	struct page_rec rec;
};

static uint64_t watched[MAX_WATCHED];
static struct page_rec before[MAX_WATCHED];
static unsigned int nr_watched;
static unsigned int warns;
static unsigned int panics;
static char panic_sig[160];

static void on_warn(const char *file, int line, const char *cond)
{
	(void)file;
	(void)line;
	(void)cond;
	warns++;
}

static const struct platform_hooks hooks = { .warn = on_warn };

/* The platform reports a hyp panic (O9) and goes on; record it. */
static void on_violation(const char *signature, const char *detail)
{
	(void)detail;
	panics++;
	snprintf(panic_sig, sizeof(panic_sig), "%s", signature);
}

/* Leaf values, as the platform writes them. */
static uint64_t leaf(uint64_t pa, enum kvm_pgtable_prot prot)
{
	uint64_t pte = KVM_PTE_VALID | (pa & KVM_PTE_ADDR_MASK);

	if (prot & KVM_PGTABLE_PROT_R)
		pte |= KVM_PTE_LEAF_ATTR_R;
	if (prot & KVM_PGTABLE_PROT_W)
		pte |= KVM_PTE_LEAF_ATTR_W;
	if (prot & KVM_PGTABLE_PROT_X)
		pte |= KVM_PTE_LEAF_ATTR_X;
	if (prot & KVM_PGTABLE_PROT_DEVICE)
		pte |= KVM_PTE_LEAF_ATTR_DEVICE;
	return pte;
}

static uint64_t annot(uint8_t owner)
{
	return FIELD_PREP(KVM_INVALID_PTE_OWNER_MASK, owner);
}

#define HOST_MEM(pa)	leaf(pa, PKVM_HOST_MEM_PROT)
#define HOST_DEV(pa)	leaf(pa, PKVM_HOST_MMIO_PROT)
#define HYP_MEM(pa)	leaf(pa, PAGE_HYP)
#define HYP_DEV(pa)	leaf(pa, PAGE_HYP_DEVICE)

static struct exp page(uint64_t pa, uint8_t host, uint8_t hyp, uint16_t pins,
		       uint64_t host_pte, uint64_t hyp_pte)
{
	return (struct exp){ pa, { .host_pte = host_pte, .hyp_pte = hyp_pte, .refcount = pins,
				   .host_state = host, .hyp_state = hyp } };
}

/* The host's page, as at boot: owned, never faulted in. */
static struct exp host_page(uint64_t pa)
{
	return page(pa, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, 0, 0);
}

/* Given back to the host: the hyp id-maps it into the host stage-2 at once. */
static struct exp given_back(uint64_t pa)
{
	return page(pa, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_MEM(pa), 0);
}

/* Shared with the hyp; the hyp maps it while pinned. */
static struct exp shared(uint64_t pa, uint16_t pins)
{
	return page(pa, PKVM_PAGE_SHARED_OWNED, PKVM_PAGE_SHARED_BORROWED, pins, 0,
		    pins ? HYP_MEM(pa) : 0);
}

/* Donated to the hyp: annotated for it in the host stage-2, mapped by it. */
static struct exp donated(uint64_t pa)
{
	return page(pa, PKVM_NOPAGE, PKVM_PAGE_OWNED, 0, annot(PKVM_ID_HYP), HYP_MEM(pa));
}

static void boot(void)
{
	struct machine_config cfg = { .page_shift = shift, .ram_size = RAM_SIZE, .nr_devices = 2 };
	const uint64_t pages[] = {
		RAM_BASE, R(-1), R(0), R(1), R(2), R(3), R(4), R(5), LAST, RAM_END, HOLE_HI,
		HOLE_LO, HOLE_MID, 0, DEV0, DEV1, ITS,
	};
	unsigned int i;

	fault_reset();
	CHECK_EQ(machine_boot(&cfg), 0);
	for (i = 0; i < ARRAY_LEN(pages); i++)
		watched[i] = pages[i];
	nr_watched = ARRAY_LEN(pages);
}

static void snap(void)
{
	unsigned int i;

	for (i = 0; i < nr_watched; i++)
		before[i] = machine_page(PFN(watched[i]));
	warns = 0;
	panics = 0;
	panic_sig[0] = 0;
}

static const char *rec_diff(struct page_rec a, struct page_rec want)
{
	if (a.host_state != want.host_state)
		return "host state";
	if (a.hyp_state != want.hyp_state)
		return "hyp state";
	if (a.refcount != want.refcount)
		return "pin count";
	if (a.host_pte != want.host_pte)
		return "host stage-2 leaf";
	if (a.hyp_pte != want.hyp_pte)
		return "hyp mapping";
	return NULL;
}

static bool check_page(uint64_t pa, struct page_rec want, char *why, size_t len)
{
	struct page_rec now = machine_page(PFN(pa));
	const char *what = rec_diff(now, want);

	if (!what)
		return true;
	snprintf(why, len,
		 "pa 0x%llx: %s differs (now host %u hyp %u pins %u host_pte 0x%llx hyp_pte 0x%llx;"
		 " want host %u hyp %u pins %u host_pte 0x%llx hyp_pte 0x%llx)",
		 (unsigned long long)pa, what, now.host_state, now.hyp_state, now.refcount,
		 (unsigned long long)now.host_pte, (unsigned long long)now.hyp_pte,
		 want.host_state, want.hyp_state, want.refcount,
		 (unsigned long long)want.host_pte, (unsigned long long)want.hyp_pte);
	return false;
}

/*
 * One row: the return value, the WARNs and panics it expects, and every
 * watched page (those in @e as they say, the others as before the call).
 */
static void row_check(const char *name, long ret, long want, unsigned int want_warns,
		      unsigned int want_panics, const struct exp *e, unsigned int n)
{
	char why[512] = "";
	unsigned int i, j;

	if (ret != want)
		snprintf(why, sizeof(why), "returned %ld, expected %ld", ret, want);
	else if (warns != want_warns)
		snprintf(why, sizeof(why), "%u hyp WARN(s), expected %u", warns, want_warns);
	else if (panics != want_panics)
		snprintf(why, sizeof(why), "%u hyp panic(s) (%s), expected %u", panics, panic_sig,
			 want_panics);
	else if (machine_locks_held())
		snprintf(why, sizeof(why), "%u lock(s) still held", machine_locks_held());
	for (i = 0; i < nr_watched && !why[0]; i++) {
		struct page_rec w = before[i];

		for (j = 0; j < n; j++)
			if (e[j].pa == watched[i])
				w = e[j].rec;
		check_page(watched[i], w, why, sizeof(why));
	}
	for (j = 0; j < n && !why[0]; j++)
		check_page(e[j].pa, e[j].rec, why, sizeof(why));

	if (why[0]) {
		test_failed++;
		fprintf(stderr, "%lluK %s: %s\n", (unsigned long long)(ps >> 10), name, why);
	} else {
		test_passed++;
	}
}

#define EXP(...)	(const struct exp[]){ __VA_ARGS__ }, \
			(unsigned int)ARRAY_LEN(((const struct exp[]){ __VA_ARGS__ }))
#define NOCHANGE	NULL, 0

#define ROW_N(name, call, want, nwarn, npanic, ...) do {			\
	long __ret;								\
									\
	snap();									\
	__ret = (call);								\
	row_check(name, __ret, want, nwarn, npanic, __VA_ARGS__);		\
} while (0)
#define ROW(name, call, want, ...)	ROW_N(name, call, want, 0, 0, __VA_ARGS__)
#define ROW_WARN(name, call, want, ...)	ROW_N(name, call, want, 1, 0, __VA_ARGS__)
#define ROW_PANIC(name, call, want, ...) ROW_N(name, call, want, 0, 1, __VA_ARGS__)

/* A step that makes the state a row needs. */
#define MUST(call)	CHECK_EQ((call), 0)

static int pin(uint64_t pa)
{
	return hyp_pin_shared_mem(VA(pa), VA(pa) + 1);
}

static int unpin(char *from, char *to)
{
	hyp_unpin_shared_mem(from, to);
	return 0;
}

static int set_owner(uint64_t pa, uint64_t size, uint8_t owner)
{
	int ret;

	hyp_spin_lock(&host_mmu.lock);
	ret = host_stage2_set_owner_locked(pa, size, owner);
	hyp_spin_unlock(&host_mmu.lock);
	return ret;
}

static void rows_share(void)
{
	boot();
	ROW("share/owned", __pkvm_host_share_hyp(PFN(R(0))), 0, EXP(shared(R(0), 0)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("share/twice", __pkvm_host_share_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("share/pinned", __pkvm_host_share_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	ROW("share/donated", __pkvm_host_share_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	ROW("share/hyp-own", __pkvm_host_share_hyp(PFN(RAM_BASE)), -EPERM, NOCHANGE);

	boot();
	set_hyp_state(hyp_phys_to_page(R(0)), PKVM_PAGE_SHARED_BORROWED);
	ROW("share/hyp-not-nopage", __pkvm_host_share_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	/* Host SHARED_OWNED, hyp NOPAGE: a page shared over FF-A or with a guest. */
	boot();
	set_host_state(hyp_phys_to_page(R(0)), PKVM_PAGE_SHARED_OWNED);
	ROW("share/host-shared-elsewhere", __pkvm_host_share_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	ROW("share/last-ram-page", __pkvm_host_share_hyp(PFN(LAST)), 0, EXP(shared(LAST, 0)));

	boot();
	ROW("share/mmio", __pkvm_host_share_hyp(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	ROW("share/its", __pkvm_host_share_hyp(PFN(ITS)), -EPERM, NOCHANGE);

	boot();
	ROW("share/hole", __pkvm_host_share_hyp(PFN(HOLE_HI)), -EPERM, NOCHANGE);

	boot();
	ROW("share/past-ipa", __pkvm_host_share_hyp(PFN(1ULL << 36)), -EPERM, NOCHANGE);

	boot();
	ROW("share/pfn-wraps", __pkvm_host_share_hyp(PFN_WRAP(R(0))), 0, EXP(shared(R(0), 0)));

	boot();
	ROW("share/top-page", __pkvm_host_share_hyp(~0ULL), -EINVAL, NOCHANGE);
}

static void rows_unshare(void)
{
	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("unshare/shared", __pkvm_host_unshare_hyp(PFN(R(0))), 0, EXP(host_page(R(0))));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("unshare/pinned", __pkvm_host_unshare_hyp(PFN(R(0))), -EBUSY, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	MUST(pin(R(0)));
	ROW("unshare/pinned-twice", __pkvm_host_unshare_hyp(PFN(R(0))), -EBUSY, NOCHANGE);

	boot();
	ROW("unshare/never-shared", __pkvm_host_unshare_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(__pkvm_host_unshare_hyp(PFN(R(0))));
	ROW("unshare/twice", __pkvm_host_unshare_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	ROW("unshare/donated", __pkvm_host_unshare_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	/* Host SHARED_OWNED, hyp NOPAGE: a page shared over FF-A or with a guest. */
	boot();
	set_host_state(hyp_phys_to_page(R(0)), PKVM_PAGE_SHARED_OWNED);
	ROW("unshare/hyp-not-borrowed", __pkvm_host_unshare_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	set_host_state(hyp_phys_to_page(R(0)), PKVM_PAGE_SHARED_OWNED);
	hyp_page_ref_inc(hyp_phys_to_page(R(0)));
	ROW("unshare/pinned-wrong-state", __pkvm_host_unshare_hyp(PFN(R(0))), -EPERM, NOCHANGE);

	boot();
	ROW("unshare/mmio", __pkvm_host_unshare_hyp(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("unshare/pfn-wraps", __pkvm_host_unshare_hyp(PFN_WRAP(R(0))), 0, EXP(host_page(R(0))));

	boot();
	ROW("unshare/top-page", __pkvm_host_unshare_hyp(~0ULL), -EINVAL, NOCHANGE);
}

static void rows_donate(void)
{
	boot();
	ROW("donate/owned", __pkvm_host_donate_hyp(PFN(R(0)), 1), 0, EXP(donated(R(0))));

	boot();
	ROW("donate/range", __pkvm_host_donate_hyp(PFN(R(0)), 4), 0,
	    EXP(donated(R(0)), donated(R(1)), donated(R(2)), donated(R(3))));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(3))));
	ROW("donate/last-page-not-owned", __pkvm_host_donate_hyp(PFN(R(0)), 4), -EPERM, NOCHANGE);

	boot();
	ROW("donate/first-page-hyp-own", __pkvm_host_donate_hyp(PFN(R(-1)), 2), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	ROW("donate/twice", __pkvm_host_donate_hyp(PFN(R(0)), 1), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("donate/shared", __pkvm_host_donate_hyp(PFN(R(0)), 1), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("donate/pinned", __pkvm_host_donate_hyp(PFN(R(0)), 1), -EPERM, NOCHANGE);

	boot();
	set_host_state(hyp_phys_to_page(R(1)), PKVM_PAGE_SHARED_OWNED);
	ROW("donate/host-shared-elsewhere", __pkvm_host_donate_hyp(PFN(R(0)), 2), -EPERM,
	    NOCHANGE);

	boot();
	set_hyp_state(hyp_phys_to_page(R(0)), PKVM_PAGE_SHARED_BORROWED);
	ROW("donate/hyp-not-nopage", __pkvm_host_donate_hyp(PFN(R(0)), 1), -EPERM, NOCHANGE);

	boot();
	ROW("donate/zero-inside-ram", __pkvm_host_donate_hyp(PFN(R(1)), 0), 0, NOCHANGE);

	boot();
	ROW("donate/zero-at-ram-base", __pkvm_host_donate_hyp(PFN(RAM_BASE), 0), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/zero-at-pfn-0", __pkvm_host_donate_hyp(0, 0), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/zero-at-hole-start", __pkvm_host_donate_hyp(PFN(RAM_END), 0), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/zero-inside-hole", __pkvm_host_donate_hyp(PFN(HOLE_HI), 0), -EPERM, NOCHANGE);

	boot();
	ROW("donate/zero-at-ipa-limit", __pkvm_host_donate_hyp(PFN_LIMIT, 0), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/ends-at-ram-top", __pkvm_host_donate_hyp(PFN(LAST), 1), 0, EXP(donated(LAST)));

	boot();
	ROW("donate/crosses-ram-end", __pkvm_host_donate_hyp(PFN(LAST), 2), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/crosses-into-ram", __pkvm_host_donate_hyp(PFN(HOLE_LO), 2), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/hole", __pkvm_host_donate_hyp(PFN(HOLE_MID), 1), -EPERM, NOCHANGE);

	boot();
	ROW("donate/mmio", __pkvm_host_donate_hyp(PFN(DEV0), 1), -EPERM, NOCHANGE);

	boot();
	ROW("donate/its", __pkvm_host_donate_hyp(PFN(ITS), 1), -EPERM, NOCHANGE);

	boot();
	ROW("donate/ends-at-ipa-limit", __pkvm_host_donate_hyp(PFN_LIMIT - 1, 1), -EPERM, NOCHANGE);

	boot();
	ROW("donate/past-ipa-limit", __pkvm_host_donate_hyp(PFN_LIMIT - 1, 2), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/nr-overflows", __pkvm_host_donate_hyp(PFN(R(0)), ~0ULL), -EINVAL, NOCHANGE);

	boot();
	ROW("donate/pfn-wraps", __pkvm_host_donate_hyp(PFN_WRAP(R(0)), 1), -EINVAL, NOCHANGE);
}

static void rows_give_back(void)
{
	/* Given back: the annotation goes; the host's next fault maps it. */
	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	ROW("give_back/donated", __pkvm_hyp_donate_host(PFN(R(0)), 1), 0, EXP(given_back(R(0))));

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 4));
	ROW("give_back/range", __pkvm_hyp_donate_host(PFN(R(0)), 4), 0,
	    EXP(given_back(R(0)), given_back(R(1)), given_back(R(2)), given_back(R(3))));

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	MUST(__pkvm_hyp_donate_host(PFN(R(0)), 1));
	ROW("give_back/twice", __pkvm_hyp_donate_host(PFN(R(0)), 1), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 4));
	ROW("give_back/one-page-too-many", __pkvm_hyp_donate_host(PFN(R(0)), 5), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("give_back/borrowed", __pkvm_hyp_donate_host(PFN(R(0)), 1), -EPERM, NOCHANGE);

	boot();
	ROW("give_back/host-owned", __pkvm_hyp_donate_host(PFN(R(0)), 1), -EPERM, NOCHANGE);

	/* The API does not know why the hyp owns a page: its own go too. */
	boot();
	ROW("give_back/hyp-own", __pkvm_hyp_donate_host(PFN(R(-1)), 1), 0, EXP(given_back(R(-1))));

	boot();
	ROW("give_back/zero-inside-ram", __pkvm_hyp_donate_host(PFN(R(1)), 0), 0, NOCHANGE);

	boot();
	ROW("give_back/zero-at-ram-base", __pkvm_hyp_donate_host(PFN(RAM_BASE), 0), -EINVAL,
	    NOCHANGE);

	boot();
	ROW("give_back/zero-inside-hole", __pkvm_hyp_donate_host(PFN(HOLE_HI), 0), -EPERM,
	    NOCHANGE);

	boot();
	ROW("give_back/past-ipa-limit", __pkvm_hyp_donate_host(PFN(R(0)), PFN_LIMIT), -EINVAL,
	    NOCHANGE);

	boot();
	ROW("give_back/mmio", __pkvm_hyp_donate_host(PFN(DEV0), 1), -EPERM, NOCHANGE);

	boot();
	ROW("give_back/its", __pkvm_hyp_donate_host(PFN(ITS), 1), -EPERM, NOCHANGE);

	/* The hyp's state is checked first: -EPERM, where a host-first order gives -EINVAL. */
	boot();
	MUST(__pkvm_host_donate_hyp(PFN(LAST), 1));
	ROW("give_back/crosses-ram-end", __pkvm_hyp_donate_host(PFN(LAST), 2), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	CHECK_EQ(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)VA(R(0)), ps), ps);
	ROW_WARN("give_back/hyp-mapping-missing", __pkvm_hyp_donate_host(PFN(R(0)), 1), 0,
		 EXP(given_back(R(0))));
}

static void rows_pin(void)
{
	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("pin/shared", pin(R(0)), 0, EXP(shared(R(0), 1)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("pin/twice", pin(R(0)), 0, EXP(shared(R(0), 2)));

	boot();
	ROW("pin/not-shared", pin(R(0)), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	ROW("pin/donated", pin(R(0)), -EPERM, NOCHANGE);

	boot();
	set_host_state(hyp_phys_to_page(R(0)), PKVM_PAGE_SHARED_OWNED);
	ROW("pin/hyp-not-borrowed", pin(R(0)), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(__pkvm_host_share_hyp(PFN(R(1))));
	ROW("pin/range", hyp_pin_shared_mem(VA(R(0)), VA(R(2))), 0,
	    EXP(shared(R(0), 1), shared(R(1), 1)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("pin/range-second-not-shared", hyp_pin_shared_mem(VA(R(0)), VA(R(2))), -EPERM,
	    NOCHANGE);

	boot();
	ROW("pin/zero-inside-ram", hyp_pin_shared_mem(VA(R(1)), VA(R(1))), 0, NOCHANGE);

	boot();
	ROW("pin/zero-at-ram-base", hyp_pin_shared_mem(VA(RAM_BASE), VA(RAM_BASE)), -EINVAL,
	    NOCHANGE);

	boot();
	ROW("pin/zero-at-hole-start", hyp_pin_shared_mem(VA(RAM_END), VA(RAM_END)), -EINVAL,
	    NOCHANGE);

	boot();
	ROW("pin/zero-inside-hole", hyp_pin_shared_mem(VA(HOLE_HI), VA(HOLE_HI)), -EPERM,
	    NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("pin/zero-unaligned", hyp_pin_shared_mem(VA(R(0)) + 8, VA(R(0)) + 8), 0,
	    EXP(shared(R(0), 1)));

	boot();
	ROW("pin/zero-unaligned-not-shared", hyp_pin_shared_mem(VA(R(0)) + 8, VA(R(0)) + 8),
	    -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(LAST)));
	ROW("pin/crosses-ram-end", hyp_pin_shared_mem(VA(LAST), VA(RAM_END) + 1), -EINVAL,
	    NOCHANGE);

	boot();
	ROW("pin/mmio", pin(DEV0), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(1))));
	ROW("pin/to-below-from", hyp_pin_shared_mem(VA(R(1)), VA(R(0))), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	while (hyp_page_count(hyp_phys_to_page(R(0))) < 0xffff)
		hyp_page_ref_inc(hyp_phys_to_page(R(0)));
	ROW_PANIC("pin/count-overflows", pin(R(0)), 0,
		  EXP(page(R(0), PKVM_PAGE_SHARED_OWNED, PKVM_PAGE_SHARED_BORROWED, 0xffff, 0, 0)));
}

static void rows_unpin(void)
{
	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("unpin/pinned", unpin(VA(R(0)), VA(R(0)) + 1), 0, EXP(shared(R(0), 0)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	MUST(pin(R(0)));
	ROW("unpin/pinned-twice", unpin(VA(R(0)), VA(R(0)) + 1), 0, EXP(shared(R(0), 1)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW_PANIC("unpin/never-pinned", unpin(VA(R(0)), VA(R(0)) + 1), 0, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("unpin/zero-aligned", unpin(VA(R(0)), VA(R(0))), 0, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("unpin/zero-unaligned", unpin(VA(R(0)) + 8, VA(R(0)) + 8), 0, EXP(shared(R(0), 0)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	ROW("unpin/to-below-from", unpin(VA(R(1)), VA(R(0))), 0, NOCHANGE);

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(__pkvm_host_share_hyp(PFN(R(1))));
	MUST(hyp_pin_shared_mem(VA(R(0)), VA(R(2))));
	ROW("unpin/range", unpin(VA(R(0)), VA(R(2))), 0, EXP(shared(R(0), 0), shared(R(1), 0)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	MUST(pin(R(0)));
	CHECK_EQ(kvm_pgtable_hyp_unmap(&pkvm_pgtable, (u64)VA(R(0)), ps), ps);
	ROW_WARN("unpin/hyp-mapping-missing", unpin(VA(R(0)), VA(R(0)) + 1), 0,
		 EXP(shared(R(0), 0)));
}

static void rows_set_owner(void)
{
	boot();
	ROW("set_owner/hyp", set_owner(R(0), 2 * ps, PKVM_ID_HYP), 0,
	    EXP(page(R(0), PKVM_NOPAGE, PKVM_NOPAGE, 0, annot(PKVM_ID_HYP), 0),
		page(R(1), PKVM_NOPAGE, PKVM_NOPAGE, 0, annot(PKVM_ID_HYP), 0)));

	boot();
	MUST(set_owner(R(0), ps, PKVM_ID_HYP));
	ROW("set_owner/host", set_owner(R(0), ps, PKVM_ID_HOST), 0, EXP(given_back(R(0))));

	boot();
	ROW("set_owner/hyp-mmio", set_owner(DEV0, ps, PKVM_ID_HYP), -EPERM, NOCHANGE);

	boot();
	ROW("set_owner/host-mmio", set_owner(DEV0, ps, PKVM_ID_HOST), -EPERM, NOCHANGE);

	boot();
	ROW("set_owner/other-owner", set_owner(R(0), ps, PKVM_ID_FFA), -EINVAL, NOCHANGE);

	boot();
	ROW("set_owner/zero-inside-ram", set_owner(R(1), 0, PKVM_ID_HYP), 0, NOCHANGE);

	boot();
	ROW("set_owner/zero-at-ram-base", set_owner(RAM_BASE, 0, PKVM_ID_HYP), -EPERM, NOCHANGE);

	boot();
	ROW("set_owner/crosses-ram-end", set_owner(LAST, 2 * ps, PKVM_ID_HYP), -EPERM, NOCHANGE);
}

static void rows_donate_mmio(void)
{
	boot();
	ROW("donate_mmio/device", __pkvm_host_donate_hyp_mmio(PFN(DEV0)), 0,
	    EXP(page(DEV0, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, annot(PKVM_ID_HYP), HYP_DEV(DEV0))));

	boot();
	MUST(handle_host_mem_abort(DEV0));
	ROW("donate_mmio/host-mapped", __pkvm_host_donate_hyp_mmio(PFN(DEV0)), 0,
	    EXP(page(DEV0, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, annot(PKVM_ID_HYP), HYP_DEV(DEV0))));

	boot();
	MUST(__pkvm_host_donate_hyp_mmio(PFN(DEV0)));
	ROW("donate_mmio/twice", __pkvm_host_donate_hyp_mmio(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	ROW("donate_mmio/its", __pkvm_host_donate_hyp_mmio(PFN(ITS)), -EPERM, NOCHANGE);

	boot();
	MUST(kvm_pgtable_hyp_map(&pkvm_pgtable, (u64)VA(DEV0), ps, DEV0, PAGE_HYP_DEVICE));
	ROW("donate_mmio/hyp-mapped", __pkvm_host_donate_hyp_mmio(PFN(DEV0)), -EBUSY, NOCHANGE);

	boot();
	ROW("donate_mmio/ram", __pkvm_host_donate_hyp_mmio(PFN(R(0))), -EINVAL, NOCHANGE);

	boot();
	ROW("donate_mmio/hole", __pkvm_host_donate_hyp_mmio(PFN(HOLE_MID)), -EINVAL, NOCHANGE);

	boot();
	ROW("donate_mmio/pfn-wraps", __pkvm_host_donate_hyp_mmio(PFN_WRAP(DEV0)), -EINVAL,
	    NOCHANGE);

	boot();
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	ROW("donate_mmio/no-table-page", __pkvm_host_donate_hyp_mmio(PFN(DEV0)), -ENOMEM,
	    NOCHANGE);

	/*
	 * Table page #1 is the host's fault on DEV1, #2 the hyp's mapping of
	 * DEV0, #3 and #4 its annotation, before and after recycling DEV1.
	 */
	boot();
	MUST(handle_host_mem_abort(DEV1));
	fault_plan(FAULT_PGTABLE, 3, ENOMEM);
	fault_plan(FAULT_PGTABLE, 4, ENOMEM);
	ROW("donate_mmio/no-table-page-after-recycling", __pkvm_host_donate_hyp_mmio(PFN(DEV0)),
	    -ENOMEM, EXP(host_page(DEV1)));
}

static void rows_reclaim_mmio(void)
{
	boot();
	MUST(__pkvm_host_donate_hyp_mmio(PFN(DEV0)));
	ROW("reclaim_mmio/donated", __pkvm_host_reclaim_hyp_mmio(PFN(DEV0)), 0,
	    EXP(host_page(DEV0)));

	boot();
	MUST(__pkvm_host_donate_hyp_mmio(PFN(DEV0)));
	MUST(__pkvm_host_reclaim_hyp_mmio(PFN(DEV0)));
	ROW("reclaim_mmio/twice", __pkvm_host_reclaim_hyp_mmio(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	ROW("reclaim_mmio/its", __pkvm_host_reclaim_hyp_mmio(PFN(ITS)), -EPERM, NOCHANGE);

	boot();
	ROW("reclaim_mmio/not-donated", __pkvm_host_reclaim_hyp_mmio(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp_mmio(PFN(DEV0)));
	MUST(kvm_pgtable_stage2_map(&host_mmu.pgt, DEV0, ps, DEV0, KVM_PGTABLE_PROT_RW, NULL, 0));
	ROW("reclaim_mmio/host-mapped", __pkvm_host_reclaim_hyp_mmio(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	MUST(kvm_pgtable_stage2_set_owner(&host_mmu.pgt, DEV0, ps, NULL, PKVM_ID_FFA));
	ROW("reclaim_mmio/other-owner", __pkvm_host_reclaim_hyp_mmio(PFN(DEV0)), -EPERM, NOCHANGE);

	boot();
	ROW("reclaim_mmio/ram", __pkvm_host_reclaim_hyp_mmio(PFN(R(0))), -EINVAL, NOCHANGE);

	boot();
	ROW("reclaim_mmio/hole", __pkvm_host_reclaim_hyp_mmio(PFN(HOLE_MID)), -EINVAL, NOCHANGE);
}

static void rows_host_abort(void)
{
	boot();
	ROW("host_abort/ram", handle_host_mem_abort(R(0)), 0,
	    EXP(page(R(0), PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_MEM(R(0)), 0)));

	boot();
	ROW("host_abort/unaligned", handle_host_mem_abort(R(0) + 0x18), 0,
	    EXP(page(R(0), PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_MEM(R(0)), 0)));

	boot();
	MUST(__pkvm_host_share_hyp(PFN(R(0))));
	ROW("host_abort/shared", handle_host_mem_abort(R(0)), 0,
	    EXP(page(R(0), PKVM_PAGE_SHARED_OWNED, PKVM_PAGE_SHARED_BORROWED, 0, HOST_MEM(R(0)),
		     0)));

	boot();
	ROW("host_abort/mmio", handle_host_mem_abort(DEV0), 0,
	    EXP(page(DEV0, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_DEV(DEV0), 0)));

	boot();
	ROW("host_abort/hole", handle_host_mem_abort(HOLE_MID), 0,
	    EXP(page(HOLE_MID, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_DEV(HOLE_MID), 0)));

	boot();
	MUST(handle_host_mem_abort(R(0)));
	ROW("host_abort/mapped", handle_host_mem_abort(R(0)), 0, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	ROW("host_abort/donated", handle_host_mem_abort(R(0)), -EPERM, NOCHANGE);

	boot();
	ROW("host_abort/hyp-own", handle_host_mem_abort(RAM_BASE), -EPERM, NOCHANGE);

	boot();
	ROW("host_abort/its", handle_host_mem_abort(ITS), -EPERM, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp_mmio(PFN(DEV0)));
	ROW("host_abort/mmio-donated", handle_host_mem_abort(DEV0), -EPERM, NOCHANGE);

	boot();
	ROW("host_abort/past-ipa", handle_host_mem_abort(1ULL << 32), -EPERM, NOCHANGE);

	/* The vmemmap is not consulted: an empty entry is mapped. */
	boot();
	set_host_state(hyp_phys_to_page(R(0)), PKVM_NOPAGE);
	ROW("host_abort/empty-entry-host-nopage", handle_host_mem_abort(R(0)), 0,
	    EXP(page(R(0), PKVM_NOPAGE, PKVM_NOPAGE, 0, HOST_MEM(R(0)), 0)));

	boot();
	MUST(kvm_pgtable_stage2_set_owner(&host_mmu.pgt, R(0), ps, NULL, PKVM_ID_HYP));
	ROW_WARN("host_abort/annotation-host-owned", handle_host_mem_abort(R(0)), -EPERM,
		 NOCHANGE);

	/* The pool is dry: device mappings go, annotations stay, the fault is served. */
	boot();
	MUST(handle_host_mem_abort(DEV1));
	MUST(__pkvm_host_donate_hyp_mmio(PFN(DEV0)));
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	ROW("host_abort/pool-dry", handle_host_mem_abort(HOLE_MID), 0,
	    EXP(host_page(DEV1),
		page(HOLE_MID, PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_DEV(HOLE_MID), 0)));
}

struct leaves {
	u64 last;
	unsigned int n;
	bool descended;
};

static int note_leaf(u64 addr, kvm_pte_t pte, void *arg)
{
	struct leaves *l = arg;

	(void)pte;
	l->descended |= l->n && addr <= l->last;
	l->last = addr;
	l->n++;
	return 0;
}

/* The leaves a walk visits, or -1 if it does not visit them in ascending order. */
static int walk_count(uint64_t pa, uint64_t size)
{
	struct leaves l = { 0 };
	struct kvm_pgtable_walker w = { .cb = note_leaf, .arg = &l };
	int ret = kvm_pgtable_walk(&host_mmu.pgt, pa, size, &w);

	return ret ? ret : l.descended ? -1 : (int)l.n;
}

static void rows_pgtable(void)
{
	boot();
	ROW("pgtable/map-zero", kvm_pgtable_stage2_map(&host_mmu.pgt, R(0), 0, R(0),
						       PKVM_HOST_MEM_PROT, NULL, 0), 0, NOCHANGE);

	boot();
	ROW("pgtable/map-unaligned", kvm_pgtable_stage2_map(&host_mmu.pgt, R(0) + 8, ps, R(0) + 8,
							    PKVM_HOST_MEM_PROT, NULL, 0), 0,
	    EXP(page(R(0), PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_MEM(R(0)), 0)));

	boot();
	ROW("pgtable/map-unaligned-spill", kvm_pgtable_stage2_map(&host_mmu.pgt, R(0) + 8, ps + 1,
								  R(0) + 8, PKVM_HOST_MEM_PROT,
								  NULL, 0), 0,
	    EXP(page(R(0), PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_MEM(R(0)), 0),
		page(R(1), PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, HOST_MEM(R(1)), 0)));

	boot();
	ROW("pgtable/map-past-limit", kvm_pgtable_stage2_map(&host_mmu.pgt, (1ULL << 32) - ps,
							     2 * ps, (1ULL << 32) - ps,
							     PKVM_HOST_MMIO_PROT, NULL, 0),
	    -ERANGE, NOCHANGE);

	boot();
	MUST(__pkvm_host_donate_hyp(PFN(R(0)), 1));
	MUST(__pkvm_host_donate_hyp(PFN(R(2)), 1));
	ROW("pgtable/hyp-unmap-stops-at-hole", (long)kvm_pgtable_hyp_unmap(&pkvm_pgtable,
									  (u64)VA(R(0)), 3 * ps),
	    (long)ps, EXP(page(R(0), PKVM_NOPAGE, PKVM_PAGE_OWNED, 0, annot(PKVM_ID_HYP), 0)));

	boot();
	MUST(handle_host_mem_abort(R(0)));
	MUST(handle_host_mem_abort(R(1)));
	ROW("pgtable/walk-zero", walk_count(R(0), 0), 0, NOCHANGE);

	boot();
	MUST(handle_host_mem_abort(R(0)));
	MUST(handle_host_mem_abort(R(1)));
	ROW("pgtable/walk-unaligned", walk_count(R(0) + 8, ps), 1, NOCHANGE);

	/* Mapped in descending order; walked short and over the whole space. */
	boot();
	MUST(handle_host_mem_abort(R(2)));
	MUST(handle_host_mem_abort(DEV0));
	MUST(handle_host_mem_abort(R(0)));
	ROW("pgtable/walk-order", walk_count(R(0), 3 * ps), 2, NOCHANGE);
	CHECK(walk_count(0, 1ULL << 32) > 3);

	boot();
	ROW("pgtable/walk-past-limit", walk_count(0, (1ULL << 32) + 1), -ERANGE, NOCHANGE);

	boot();
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	ROW("pgtable/memory-never-dry", kvm_pgtable_hyp_map(&pkvm_pgtable, (u64)VA(R(0)), ps, R(0),
							    PAGE_HYP), 0,
	    EXP(page(R(0), PKVM_PAGE_OWNED, PKVM_NOPAGE, 0, 0, HYP_MEM(R(0)))));

	boot();
	fault_fail_next(FAULT_PGTABLE, ENOMEM);
	ROW("pgtable/device-pool-dry", kvm_pgtable_hyp_map(&pkvm_pgtable, (u64)VA(DEV0), ps, DEV0,
							   PAGE_HYP_DEVICE), -ENOMEM, NOCHANGE);
}

int main(void)
{
	static const unsigned int shifts[] = { 12, 14, 16 };
	report_handler_t old;
	unsigned int i;

	platform_add_hooks(&hooks);
	old = report_set_handler(on_violation);
	for (i = 0; i < ARRAY_LEN(shifts); i++) {
		shift = shifts[i];
		ps = 1ULL << shift;
		rows_share();
		rows_unshare();
		rows_donate();
		rows_give_back();
		rows_pin();
		rows_unpin();
		rows_set_owner();
		rows_donate_mmio();
		rows_reclaim_mmio();
		rows_host_abort();
		rows_pgtable();
	}
	report_set_handler(old);
	return test_done("test_hyp_api");
}
