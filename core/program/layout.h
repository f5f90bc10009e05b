/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal to the program layer: header values and operand ranges. */
#ifndef EL2FUZZ_LAYOUT_H
#define EL2FUZZ_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "program.h"

#define NR_HOLES	7

struct prog_layout {
	unsigned int page_shift;
	uint64_t page_size;
	uint64_t ram_pages;	/* RAM pages after the hyp's carve-out */
	uint64_t hyp_pages;
	unsigned int devices;
	uint64_t dev_pages;
	uint64_t its_pages;
};

void header_decode(const uint8_t raw[PROG_HEADER_SIZE], struct prog_header *h);
int header_encode(const struct prog_header *h, uint8_t raw[PROG_HEADER_SIZE]);
bool header_valid_page_shift(unsigned int shift);
bool header_valid_ram(unsigned int mib);

/* The ITS fields of the header, in header order after the first three bytes. */
#define HEADER_ITS_FIELDS	11
const char *header_its_name(unsigned int i);
int header_its_find(const char *name);
bool header_its_is_psz(unsigned int i);	/* a page size: printed as 4K/16K/64K */
uint8_t *header_its_field(struct prog_header *h, unsigned int i);
uint8_t header_its_default(unsigned int i);
bool header_its_valid(unsigned int i, uint64_t v);

void prog_layout(const struct prog_header *h, struct prog_layout *l);
uint64_t addr_index_limit(const struct prog_layout *l, unsigned int kind);
uint64_t prog_addr_fold(const struct prog_layout *l, unsigned int kind, uint64_t val);
uint64_t hole_addr(unsigned int k, const struct prog_layout *l);

uint8_t width_decode(uint8_t b);
int width_encode(uint64_t w);
unsigned int nr_errnos(void);
int errno_value(unsigned int i);
int errno_index(int value);
const char *errno_name(int value);
int errno_parse(const char *name);
int strcmp_ci(const char *a, const char *b);

#endif
