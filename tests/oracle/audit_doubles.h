/* SPDX-License-Identifier: GPL-2.0-only */
/* Between test_audit_verdicts.c and its doubles (audit_doubles.c). */
#ifndef EL2FUZZ_TEST_AUDIT_DOUBLES_H
#define EL2FUZZ_TEST_AUDIT_DOUBLES_H

enum audit_mode {
	AUDIT_FORWARD,		/* the real entry points, nothing added */
	AUDIT_STALE_READ,	/* reads a DTE the ITS wrote without invalidating: broken */
	AUDIT_PARTIAL_STORE,	/* the same after storing to the line's next entry: broken */
	AUDIT_BIG_COPY,		/* copies 8 KiB of the host's queue, then reads it again: broken */
	AUDIT_RAW_CWRITER,	/* hands the host's raw CWRITER to the hardware: broken */
	AUDIT_HIGH_HALF,	/* writes CWRITER's high half (0) after the handler: fine */
	AUDIT_PIN_ONLY,		/* pins a host-shared ITT without sharing it, unpins on unmap */
	AUDIT_PIN_KEPT,		/* the same, never unpinning: broken */
	AUDIT_PRIV_PREFIX,	/* setup takes only the private pages it needs: fine */
	AUDIT_STALL_KEPT,	/* takes a retracted stalled MAPD's ITT again: broken */
};

extern int audit_mode;
void audit_doubles_reset(void);

#endif
