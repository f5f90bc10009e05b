// SPDX-License-Identifier: GPL-2.0-only
/* The binary form: total, deterministic decoding and canonical encoding. */
#include <string.h>

#include "layout.h"
#include "program.h"
#include "../fault/fault.h"

static size_t arg_size(char type)
{
	switch (type) {
	case 'A':	return 9;
	case 'I':	return 8;
	default:	return 1;
	}
}

static uint64_t get_le64(const uint8_t *b)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

static void put_le64(uint8_t *b, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		b[i] = (uint8_t)v;
}

static void decode_arg(char type, const uint8_t *b, const struct prog_layout *l,
		       struct prog_arg *a)
{
	a->kind = 0;
	switch (type) {
	case 'A':
		a->kind = b[0] % NR_ADDR_KINDS;
		a->val = prog_addr_fold(l, a->kind, get_le64(b + 1));
		break;
	case 'I':
		a->val = get_le64(b);
		break;
	case 'W':
		a->val = width_decode(b[0]);
		break;
	case 'N':
		a->val = 1 + b[0] % PROG_LIST_MAX;
		break;
	case 'Z':
		a->val = b[0] % (PROG_LIST_MAX + 1);
		break;
	case 'K':
		a->val = b[0] % PROG_LIST_MAX;
		break;
	case 'T':
		a->val = 1 + (uint64_t)b[0];
		break;
	case 'C':
		a->val = b[0] % FAULT_NR_CLASSES;
		break;
	case 'E':
		a->val = (uint64_t)errno_value(b[0]);
		break;
	}
}

void prog_decode(const uint8_t *data, size_t size, const struct prog_target *t,
		 struct program *p)
{
	uint8_t raw[PROG_HEADER_SIZE] = { 0 };
	struct prog_layout l;
	size_t pos;

	if (size)
		memcpy(raw, data, size < PROG_HEADER_SIZE ? size : PROG_HEADER_SIZE);
	header_decode(raw, &p->hdr);
	prog_layout(&p->hdr, &l);
	p->nr_ops = 0;

	for (pos = PROG_HEADER_SIZE; pos < size && p->nr_ops < PROG_MAX_OPS;) {
		struct prog_op *op = &p->ops[p->nr_ops];
		const char *types;
		size_t need = 1;
		unsigned int i;

		op->op = t->ops[data[pos] % t->nr_ops];
		types = prog_op_args(op->op);
		for (i = 0; types[i]; i++)
			need += arg_size(types[i]);
		if (size - pos < need)
			break;	/* a truncated tail is dropped */
		memset(op->args, 0, sizeof(op->args));
		pos++;
		for (i = 0; types[i]; i++) {
			decode_arg(types[i], data + pos, &l, &op->args[i]);
			pos += arg_size(types[i]);
		}
		p->nr_ops++;
	}
}

static int encode_arg(char type, const struct prog_arg *a, uint8_t *b)
{
	int i;

	switch (type) {
	case 'A':
		b[0] = a->kind;
		put_le64(b + 1, a->val);
		return 0;
	case 'I':
		put_le64(b, a->val);
		return 0;
	case 'W':
		i = width_encode(a->val);
		break;
	case 'N':
	case 'T':
		i = (int)a->val - 1;
		break;
	case 'K':
	case 'Z':
	case 'C':
		i = (int)a->val;
		break;
	case 'E':
		i = errno_index((int)a->val);
		break;
	default:
		return -1;
	}
	if (i < 0 || i > 255)
		return -1;
	b[0] = (uint8_t)i;
	return 0;
}

static int target_index(const struct prog_target *t, unsigned int op)
{
	unsigned int i;

	for (i = 0; i < t->nr_ops; i++)
		if (t->ops[i] == op)
			return (int)i;
	return -1;
}

long prog_encode(const struct program *p, const struct prog_target *t,
		 uint8_t *buf, size_t cap)
{
	size_t pos = PROG_HEADER_SIZE;
	unsigned int n, i;

	if (cap < PROG_HEADER_SIZE || header_encode(&p->hdr, buf))
		return -1;
	for (n = 0; n < p->nr_ops; n++) {
		const struct prog_op *op = &p->ops[n];
		const char *types = prog_op_args(op->op);
		int idx = target_index(t, op->op);

		if (idx < 0 || pos + 1 > cap)
			return -1;
		buf[pos++] = (uint8_t)idx;
		for (i = 0; types[i]; i++) {
			if (pos + arg_size(types[i]) > cap ||
			    encode_arg(types[i], &op->args[i], buf + pos))
				return -1;
			pos += arg_size(types[i]);
		}
	}
	return (long)pos;
}
