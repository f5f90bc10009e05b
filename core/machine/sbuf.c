// SPDX-License-Identifier: GPL-2.0-only
/* CPU 0's store buffer; see sbuf.h. */
#include <string.h>

#include "sbuf.h"
#include "../trace/trace.h"

struct sbuf_entry {
	uintptr_t addr;
	unsigned int len;
	uint8_t old[SBUF_MAX_STORE];	/* what the others see until it drains */
	uint8_t mine[SBUF_MAX_STORE];	/* CPU 0's bytes, while hidden */
};

static struct sbuf_entry buf[SBUF_DEPTH];
static unsigned int nr;
static uint64_t order = SBUF_ORDER_SC;
static uint64_t nth;
static bool hidden;

void sbuf_reset(void)
{
	nr = 0;
	nth = 0;
	hidden = false;
	order = SBUF_ORDER_SC;
}

void sbuf_set_order(uint64_t mask)
{
	order = mask;
}

static void drain_oldest(void)
{
	TRACE2("[sbuf]", "store to 0x%llx (%llu bytes) visible", buf[0].addr, buf[0].len);
	memmove(&buf[0], &buf[1], --nr * sizeof(buf[0]));
}

static bool overlaps(const struct sbuf_entry *e, uintptr_t addr, uint64_t len)
{
	return addr < e->addr + e->len && e->addr < addr + len;
}

void sbuf_store(uintptr_t addr, uint64_t len, bool release)
{
	struct sbuf_entry *e;
	unsigned int i;
	bool now;

	/* CPU 1's own stores (memory is as it sees it) are visible at once. */
	if (hidden || (order == SBUF_ORDER_SC && !nr))
		return;
	now = release || len > SBUF_MAX_STORE || (order >> (nth++ % 64) & 1);
	/* A release: everything before it first. */
	if (release)
		sbuf_drain();
	for (i = nr; i--;) {
		if (!overlaps(&buf[i], addr, len))
			continue;
		/* This and all older ones: a location's stores stay in order. */
		for (i++; i; i--)
			drain_oldest();
		break;
	}
	if (now)
		return;
	if (nr == SBUF_DEPTH)
		drain_oldest();
	e = &buf[nr++];
	e->addr = addr;
	e->len = (unsigned int)len;
	memcpy(e->old, (const void *)addr, len);
	TRACE2("[sbuf]", "store to 0x%llx (%llu bytes) buffered", addr, len);
}

/* CPU 0's stores only: CPU 1 ordering its own changes nothing here. */
void sbuf_drain(void)
{
	if (hidden)
		return;
	if (nr)
		TRACE1("[sbuf]", "%llu buffered stores visible", nr);
	nr = 0;
}

void sbuf_hide(void)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		memcpy(buf[i].mine, (const void *)buf[i].addr, buf[i].len);
		memcpy((void *)buf[i].addr, buf[i].old, buf[i].len);
	}
	hidden = true;
}

void sbuf_show(void)
{
	unsigned int i;

	if (!hidden)
		return;
	for (i = 0; i < nr; i++) {
		memcpy(buf[i].old, (const void *)buf[i].addr, buf[i].len);
		memcpy((void *)buf[i].addr, buf[i].mine, buf[i].len);
	}
	hidden = false;
}
