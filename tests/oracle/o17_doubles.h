/* SPDX-License-Identifier: GPL-2.0-only */
/* Between test_o17_races.c and its doubles (o17_doubles.c). */
#ifndef EL2FUZZ_TEST_O17_DOUBLES_H
#define EL2FUZZ_TEST_O17_DOUBLES_H

enum o17_mode {
	O17_FORWARD,		/* the real entry points, nothing added */
	O17_PUBLISH_RELEASE,	/* state published with a release, read with an acquire */
	O17_PUBLISH_PLAIN,	/* published with a plain store: broken */
	O17_LOCKED,		/* state read and written under one lock */
	O17_UNLOCKED,		/* the handler reads it without the lock: broken */
	O17_ABBA,		/* setup takes A then B, the handler B then A: broken */
	O17_STORE_ORDER,	/* a plain store, then a release of another word */
	O17_FORWARD_UNLOCKED,	/* forwarding skips the setup lock: broken */
	O17_VMEMMAP_LOCKED,	/* a page's count changed and read under one lock */
	O17_VMEMMAP_UNLOCKED,	/* the handler reads the count without it: broken */
	O17_VMEMMAP_OTHER_FIELD, /* it reads the page's host state: another field */
};

/* The page whose vmemmap entry the VMEMMAP modes touch (set by the test). */
extern unsigned long long o17_page_pa;

extern int o17_mode;
void o17_doubles_reset(void);

/* Called by the doubles, defined by the test (not traced: harness memory). */
void o17_note_stored(void);
void o17_note_seen(unsigned long long v);

#endif
