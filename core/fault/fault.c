// SPDX-License-Identifier: GPL-2.0-only
/* Fault plans and fail-nth counting; see fault.h. */
#include <errno.h>
#include <string.h>

#include <linux/kernel.h>

#include "fault.h"
#include "../trace/trace.h"

struct fault_plan {
	enum fault_class cls;
	unsigned int nth;
	int err;
};

static const char *const class_names[FAULT_NR_CLASSES] = {
	[FAULT_SHARE]		= "share",
	[FAULT_UNSHARE]		= "unshare",
	[FAULT_DONATE]		= "donate",
	[FAULT_PIN]		= "pin",
	[FAULT_PGTABLE]		= "pgtable",
	[FAULT_RTT_CREATE]	= "rtt_create",
	[FAULT_MEMCACHE]	= "memcache",
	[FAULT_DMA]		= "dma",
	[FAULT_DRAIN]		= "drain",
	[FAULT_HANG]		= "hang",
};

static struct fault_plan plans[FAULT_MAX_PLANS];
static unsigned int nr_plans;
static unsigned int calls[FAULT_NR_CLASSES];
static unsigned int global_calls;
static unsigned int global_nth;
static int global_err;
static bool fired;
static unsigned int injected;

void fault_reset(void)
{
	nr_plans = 0;
	memset(calls, 0, sizeof(calls));
	global_calls = 0;
	global_nth = 0;
	global_err = 0;
	fired = false;
	injected = 0;
}

const char *fault_class_name(enum fault_class c)
{
	return (unsigned int)c < FAULT_NR_CLASSES ? class_names[c] : "?";
}

int fault_class_parse(const char *name)
{
	int c;

	for (c = 0; c < FAULT_NR_CLASSES; c++)
		if (!strcmp(name, class_names[c]))
			return c;
	return -1;
}

int fault_plan(enum fault_class c, unsigned int nth, int err)
{
	if (nr_plans == FAULT_MAX_PLANS || (unsigned int)c >= FAULT_NR_CLASSES)
		return -1;
	plans[nr_plans++] = (struct fault_plan){ .cls = c, .nth = nth, .err = err };
	return 0;
}

int fault_fail_next(enum fault_class c, int err)
{
	return (unsigned int)c < FAULT_NR_CLASSES ? fault_plan(c, calls[c] + 1, err) : -1;
}

void fault_fail_global_nth(unsigned int nth, int err)
{
	global_nth = nth;
	global_err = err;
}

/* One format per class, so the trace names it without formatting a string. */
static const char *const fire_fmt[FAULT_NR_CLASSES] = {
	[FAULT_SHARE]		= "share call #%llu fails with -%llu",
	[FAULT_UNSHARE]		= "unshare call #%llu fails with -%llu",
	[FAULT_DONATE]		= "donate call #%llu fails with -%llu",
	[FAULT_PIN]		= "pin call #%llu fails with -%llu",
	[FAULT_PGTABLE]		= "page-table allocation #%llu fails with -%llu",
	[FAULT_RTT_CREATE]	= "RTT creation #%llu fails with -%llu",
	[FAULT_MEMCACHE]	= "memory-cache top-up #%llu fails with -%llu",
	[FAULT_DMA]		= "device memory transaction #%llu fails (-%llu): the device stalls",
	[FAULT_DRAIN]		= "ITS disable #%llu leaves it draining",
	[FAULT_HANG]		= "ITS command-queue doorbell #%llu: the ITS does not start on it (-%llu)",
};

/*
 * The errors each primitive can return (the first is its usual one); 0
 * ends a list, and an empty list takes any (the device classes, whose
 * errno is not used, and RTT creation, which reports an RMI status).
 * Mainline's share and donate fail on a page's state or for a table page;
 * unshare on its state or a pin; a pin only on the state; an allocation
 * only for want of memory.
 */
static const int outcomes[FAULT_NR_CLASSES][3] = {
	[FAULT_SHARE]		= { ENOMEM, EPERM },
	[FAULT_UNSHARE]		= { EBUSY, EPERM },
	[FAULT_DONATE]		= { ENOMEM, EPERM },
	[FAULT_PIN]		= { EPERM },
	[FAULT_PGTABLE]		= { ENOMEM },
	[FAULT_MEMCACHE]	= { ENOMEM },
};

/* @err if the primitive can fail with it, else its usual error. */
static int outcome(enum fault_class c, int err)
{
	unsigned int i;

	if (!outcomes[c][0])
		return err;
	for (i = 0; i < ARRAY_SIZE(outcomes[c]) && outcomes[c][i]; i++)
		if (outcomes[c][i] == err)
			return err;
	return outcomes[c][0];
}

static int fire(enum fault_class c, unsigned int nth, int err)
{
	err = outcome(c, err);
	injected++;
	TRACE2("[fault]", fire_fmt[c], nth, err);
	return -err;
}

int fault_should_fail(enum fault_class c)
{
	unsigned int i;

	calls[c]++;
	global_calls++;
	if (global_nth && global_calls == global_nth) {
		fired = true;
		return fire(c, calls[c], global_err);
	}
	for (i = 0; i < nr_plans; i++)
		if (plans[i].cls == c && plans[i].nth == calls[c])
			return fire(c, calls[c], plans[i].err);
	return 0;
}

int fault_device_should_fail(enum fault_class c)
{
	unsigned int i;

	calls[c]++;
	for (i = 0; i < nr_plans; i++)
		if (plans[i].cls == c && plans[i].nth == calls[c])
			return fire(c, calls[c], plans[i].err);
	return 0;
}

unsigned int fault_calls(void)
{
	return global_calls;
}

bool fault_fired(void)
{
	return fired;
}

unsigned int fault_injected(void)
{
	return injected;
}
