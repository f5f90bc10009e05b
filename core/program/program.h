/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * program: the fuzz input. A header (the machine's configuration) and an
 * ordered list of ops. This header owns the in-memory form only; the
 * binary codec (codec.c), the text codec (text.c) and the interpreter
 * (interp.c) each depend on it and on nothing of each other.
 *
 * Binary form: PROG_HEADER_SIZE header bytes, then ops. An op is one
 * opcode byte, taken modulo the target's op count, then its operands at
 * fixed sizes. Every byte string decodes: missing header bytes read as
 * zero, a truncated last op is dropped, and out-of-range operand values are
 * folded into range, so the decoded program re-encodes to its canonical
 * bytes. The empty input is the empty program with the default header.
 */
#ifndef EL2FUZZ_PROGRAM_H
#define EL2FUZZ_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROG_HEADER_SIZE	14
#define PROG_MAX_OPS		256
#define PROG_MAX_ARGS		3
#define PROG_LIST_MAX		16	/* donated(k), shared(k), pins */

enum prog_opcode {
#define OP(id, name, handler, args) OP_##id,
#include "ops.def"
#undef OP
	NR_OPS,
};

enum addr_kind {
	ADDR_RAW,
	ADDR_RAM,
	ADDR_HYP,
	ADDR_MMIO,
	ADDR_ITS,
	ADDR_HOLE,
	ADDR_DONATED,
	ADDR_SHARED,
	NR_ADDR_KINDS,
};

struct prog_header {
	uint8_t page_shift;	/* 12, 14, 16 */
	uint8_t ram_mib;	/* 16, 32, 64, 128 */
	uint8_t nr_devices;	/* 1..4 */
	/* The ITS (its_hw.h); a zero header byte stands for the default. */
	uint8_t its_psz[3];	/* page shift per table: Device, Collection, vPE (0: none) */
	uint8_t its_indirect;	/* two levels supported: bit 0 Device, 1 Collection, 2 vPE */
	uint8_t its_devbits;	/* 1..20 */
	uint8_t its_idbits;	/* 1..32 */
	uint8_t its_cidbits;	/* 0 (CIL=0) or 1..16 */
	uint8_t its_ite;	/* ITT entry bytes, 1..16 */
	uint8_t its_queue;	/* command queue, 4 KiB pages, 1..16 */
	uint8_t its_coherent;	/* 1: the ITS snoops where its registers say so; 0: never */
	uint8_t its_qemu;	/* 1: QEMU's ITS where it departs from the GICv3 rules */
};

/* An operand: kind is used by addresses only. */
struct prog_arg {
	uint8_t kind;
	uint64_t val;
};

struct prog_op {
	uint8_t op;
	struct prog_arg args[PROG_MAX_ARGS];
};

struct program {
	struct prog_header hdr;
	unsigned int nr_ops;
	struct prog_op ops[PROG_MAX_OPS];
};

/* A target: a name and the ops its programs may use. */
struct prog_target {
	const char *name;
	const uint8_t *ops;
	unsigned int nr_ops;
};

const struct prog_target *prog_target_find(const char *name);
const struct prog_target *prog_target_all(void);	/* every op */

/* Op metadata (ops.c). */
const char *prog_op_name(unsigned int op);
const char *prog_op_args(unsigned int op);
int prog_op_find(const char *name);

/* Binary codec (codec.c). */
void prog_decode(const uint8_t *data, size_t size, const struct prog_target *t,
		 struct program *p);
/* Returns the encoded length, or -1 if an op is not in @t or @cap is short. */
long prog_encode(const struct program *p, const struct prog_target *t,
		 uint8_t *buf, size_t cap);
void prog_default_header(struct prog_header *h);

/* Text codec (text.c). */
int prog_format_op(const struct program *p, const struct prog_op *op,
		   char *buf, size_t cap);
void prog_print(const struct program *p, FILE *out);
/* 0, or -1 with "line:col: message" in @err. */
int prog_parse(const char *text, struct program *p, char *err, size_t errcap);

#endif
