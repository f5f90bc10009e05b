// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a header means for operands: how many pages of each kind a
 * configuration has, so that symbolic operands fold into range, and the
 * fixed tables of enumerated operand values.
 */
#include <errno.h>

#include "layout.h"
#include "../machine/machine.h"
#include "../fault/fault.h"

static const uint8_t page_shifts[] = { 12, 14, 16 };
static const uint8_t ram_mibs[] = { 16, 32, 64, 128 };
static const uint8_t widths[] = { 1, 2, 4, 8 };
static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOMEM", ENOMEM }, { "EBUSY", EBUSY },
	{ "EINVAL", EINVAL }, { "ENOSPC", ENOSPC }, { "EFAULT", EFAULT },
	{ "EIO", EIO }, { "ENXIO", ENXIO },
};

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

void prog_default_header(struct prog_header *h)
{
	h->page_shift = page_shifts[0];
	h->ram_mib = ram_mibs[0];
	h->nr_devices = 1;
}

void header_decode(const uint8_t raw[PROG_HEADER_SIZE], struct prog_header *h)
{
	h->page_shift = page_shifts[raw[0] % ARRAY_LEN(page_shifts)];
	h->ram_mib = ram_mibs[raw[1] % ARRAY_LEN(ram_mibs)];
	h->nr_devices = 1 + raw[2] % SIM_MAX_DEVICES;
}

static int index_of(const uint8_t *tab, unsigned int n, uint8_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (tab[i] == v)
			return (int)i;
	return -1;
}

int header_encode(const struct prog_header *h, uint8_t raw[PROG_HEADER_SIZE])
{
	int ps = index_of(page_shifts, ARRAY_LEN(page_shifts), h->page_shift);
	int ram = index_of(ram_mibs, ARRAY_LEN(ram_mibs), h->ram_mib);

	if (ps < 0 || ram < 0 || h->nr_devices < 1 || h->nr_devices > SIM_MAX_DEVICES)
		return -1;
	raw[0] = (uint8_t)ps;
	raw[1] = (uint8_t)ram;
	raw[2] = (uint8_t)(h->nr_devices - 1);
	return 0;
}

bool header_valid_page_shift(unsigned int shift)
{
	return index_of(page_shifts, ARRAY_LEN(page_shifts), (uint8_t)shift) >= 0;
}

bool header_valid_ram(unsigned int mib)
{
	return index_of(ram_mibs, ARRAY_LEN(ram_mibs), (uint8_t)mib) >= 0;
}

void prog_layout(const struct prog_header *h, struct prog_layout *l)
{
	l->page_shift = h->page_shift;
	l->page_size = 1ULL << h->page_shift;
	l->ram_pages = (((uint64_t)h->ram_mib << 20) - SIM_HYP_CARVEOUT) >> h->page_shift;
	l->hyp_pages = SIM_HYP_CARVEOUT >> h->page_shift;
	l->devices = h->nr_devices;
	l->dev_pages = SIM_DEV_SIZE >> h->page_shift;
	l->its_pages = SIM_ITS_SIZE >> h->page_shift;
	if (!l->its_pages)
		l->its_pages = 1;
}

uint64_t addr_index_limit(const struct prog_layout *l, unsigned int kind)
{
	switch (kind) {
	case ADDR_RAM:		return l->ram_pages;
	case ADDR_HYP:		return l->hyp_pages;
	case ADDR_MMIO:		return l->devices * l->dev_pages;
	case ADDR_ITS:		return l->its_pages;
	case ADDR_HOLE:		return NR_HOLES;
	default:		return PROG_LIST_MAX;
	}
}

uint64_t prog_addr_fold(const struct prog_layout *l, unsigned int kind, uint64_t val)
{
	uint64_t off = (val >> 32) % l->page_size;
	uint64_t idx = (uint32_t)val;

	if (kind == ADDR_RAW)
		return val;
	if (kind == ADDR_MMIO) {
		/* device in bits 7:0, page within the device above it */
		idx = ((idx >> 8) % l->dev_pages) << 8 | ((idx & 0xff) % l->devices);
		return off << 32 | idx;
	}
	return off << 32 | idx % addr_index_limit(l, kind);
}

uint64_t hole_addr(unsigned int k, const struct prog_layout *l)
{
	switch (k % NR_HOLES) {
	case 0:		return 0;
	case 1:		return SIM_DEV_BASE + SIM_MAX_DEVICES * SIM_DEV_SIZE;
	case 2:		return SIM_RAM_BASE - l->page_size;
	case 3:		return 0xf0000000ULL;
	case 4:		return 1ULL << 36;	/* beyond the machine's PA range */
	default:	return 1ULL << 47;	/* the top of the PA mask */
	}
}

uint8_t width_decode(uint8_t b)
{
	return widths[b % ARRAY_LEN(widths)];
}

int width_encode(uint64_t w)
{
	return index_of(widths, ARRAY_LEN(widths), (uint8_t)w);
}

unsigned int nr_errnos(void)
{
	return ARRAY_LEN(errnos);
}

int errno_value(unsigned int i)
{
	return errnos[i % ARRAY_LEN(errnos)].value;
}

int errno_index(int value)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(errnos); i++)
		if (errnos[i].value == value)
			return (int)i;
	return -1;
}

const char *errno_name(int value)
{
	int i = errno_index(value);

	return i < 0 ? "E?" : errnos[i].name;
}

int errno_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(errnos); i++)
		if (!strcmp_ci(errnos[i].name, name))
			return errnos[i].value;
	return -1;
}

int strcmp_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = *a >= 'a' && *a <= 'z' ? *a - 32 : *a;
		int cb = *b >= 'a' && *b <= 'z' ? *b - 32 : *b;

		if (ca != cb)
			return ca - cb;
	}
	return *a - *b;
}
