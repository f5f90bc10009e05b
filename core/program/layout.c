// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a header means for operands: how many pages of each kind a
 * configuration has, so that symbolic operands fold into range, and the
 * fixed tables of enumerated operand values.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

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

/*
 * The ITS fields: each an enumeration (values) or a range [min, min + n).
 * A header byte holds the value's index counted from the default's, so
 * that zero bytes (and the empty input) decode to the default ITS.
 */
static const uint8_t its_pszs[] = { 12, 14, 16 };
static const uint8_t its_vpe_pszs[] = { 0, 12, 14, 16 };

static const struct {
	const char *name;
	size_t off;
	const uint8_t *values;
	uint8_t min, n, def;
} its_fields[HEADER_ITS_FIELDS] = {
	{ "its_dev", offsetof(struct prog_header, its_psz[0]), its_pszs, 0, 3, 16 },
	{ "its_coll", offsetof(struct prog_header, its_psz[1]), its_pszs, 0, 3, 16 },
	{ "its_vpe", offsetof(struct prog_header, its_psz[2]), its_vpe_pszs, 0, 4, 0 },
	{ "its_indirect", offsetof(struct prog_header, its_indirect), NULL, 0, 8, 3 },
	{ "its_devbits", offsetof(struct prog_header, its_devbits), NULL, 1, 20, 16 },
	{ "its_idbits", offsetof(struct prog_header, its_idbits), NULL, 1, 32, 16 },
	{ "its_cidbits", offsetof(struct prog_header, its_cidbits), NULL, 0, 17, 16 },
	{ "its_ite", offsetof(struct prog_header, its_ite), NULL, 1, 16, 12 },
	{ "its_queue", offsetof(struct prog_header, its_queue), NULL, 1, 16, 16 },
	{ "its_coherent", offsetof(struct prog_header, its_coherent), NULL, 0, 2, 1 },
	{ "its_qemu", offsetof(struct prog_header, its_qemu), NULL, 0, 2, 0 },
};

static int its_index(unsigned int i, uint64_t v)
{
	unsigned int k;

	if (!its_fields[i].values)
		return v >= its_fields[i].min && v - its_fields[i].min < its_fields[i].n ?
		       (int)(v - its_fields[i].min) : -1;
	for (k = 0; k < its_fields[i].n; k++)
		if (its_fields[i].values[k] == v)
			return (int)k;
	return -1;
}

static uint8_t its_value(unsigned int i, unsigned int idx)
{
	return its_fields[i].values ? its_fields[i].values[idx] :
	       (uint8_t)(its_fields[i].min + idx);
}

const char *header_its_name(unsigned int i)
{
	return its_fields[i].name;
}

int header_its_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < HEADER_ITS_FIELDS; i++)
		if (!strcmp(its_fields[i].name, name))
			return (int)i;
	return -1;
}

bool header_its_is_psz(unsigned int i)
{
	return its_fields[i].values != NULL;
}

uint8_t *header_its_field(struct prog_header *h, unsigned int i)
{
	return (uint8_t *)h + its_fields[i].off;
}

uint8_t header_its_default(unsigned int i)
{
	return its_fields[i].def;
}

bool header_its_valid(unsigned int i, uint64_t v)
{
	return its_index(i, v) >= 0;
}

void prog_default_header(struct prog_header *h)
{
	unsigned int i;

	memset(h, 0, sizeof(*h));
	h->page_shift = page_shifts[0];
	h->ram_mib = ram_mibs[0];
	h->nr_devices = 1;
	for (i = 0; i < HEADER_ITS_FIELDS; i++)
		*header_its_field(h, i) = its_fields[i].def;
}

void header_decode(const uint8_t raw[PROG_HEADER_SIZE], struct prog_header *h)
{
	unsigned int i, n;

	memset(h, 0, sizeof(*h));
	h->page_shift = page_shifts[raw[0] % ARRAY_LEN(page_shifts)];
	h->ram_mib = ram_mibs[raw[1] % ARRAY_LEN(ram_mibs)];
	h->nr_devices = 1 + raw[2] % SIM_MAX_DEVICES;
	for (i = 0; i < HEADER_ITS_FIELDS; i++) {
		n = its_fields[i].n;
		*header_its_field(h, i) =
			its_value(i, (raw[3 + i] + (unsigned int)its_index(i, its_fields[i].def)) % n);
	}
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

	unsigned int i, n;
	int idx;

	if (ps < 0 || ram < 0 || h->nr_devices < 1 || h->nr_devices > SIM_MAX_DEVICES)
		return -1;
	raw[0] = (uint8_t)ps;
	raw[1] = (uint8_t)ram;
	raw[2] = (uint8_t)(h->nr_devices - 1);
	for (i = 0; i < HEADER_ITS_FIELDS; i++) {
		idx = its_index(i, *header_its_field((struct prog_header *)h, i));
		if (idx < 0)
			return -1;
		n = its_fields[i].n;
		raw[3 + i] = (uint8_t)(((unsigned int)idx + n -
					(unsigned int)its_index(i, its_fields[i].def)) % n);
	}
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
	case 5:		return 1ULL << 47;	/* the top of the PA mask */
	/* Just past RAM: a region's end is where off-by-ones live. */
	default:	return SIM_RAM_BASE + SIM_HYP_CARVEOUT + (l->ram_pages << l->page_shift);
	}
}

uint8_t width_decode(uint8_t b)
{
	return widths[b % ARRAY_LEN(widths)];
}

int width_encode(uint64_t w)
{
	/* The whole value: cast first, and 0xc008 would pass for 8. */
	if (w > UINT8_MAX)
		return -1;
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
