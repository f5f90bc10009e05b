/* SPDX-License-Identifier: GPL-2.0-only */
/* Between test_o16_visibility.c and its double (o16_doubles.c). */
#ifndef EL2FUZZ_TEST_O16_DOUBLES_H
#define EL2FUZZ_TEST_O16_DOUBLES_H

enum o16_mode {
	O16_FORWARD,		/* the real handler, nothing added */
	O16_DOORBELL_ORDERED,	/* a queue store, dsb, the doorbell */
	O16_DOORBELL_UNORDERED,	/* the same without the dsb: broken */
	O16_DOORBELL_DMB_OSH,	/* a dmb(oshst) instead, as Linux's dma_wmb() */
	O16_DOORBELL_DMB_ISH,	/* a dmb(ishst): orders for the CPUs only, broken */
	O16_DOORBELL_DSB_NSH,	/* a dsb(nshst): orders for this CPU only, broken */
	O16_ENTRY_CLEAN,	/* a device-table entry read after an invalidate, cleaned after the write */
	O16_ENTRY_UNCLEAN,	/* written back without the clean: broken */
	O16_READ_STALE,		/* read without the invalidate: broken */
};

extern int o16_mode;

#endif
