/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mutate: structure-aware mutation of programs, for the engines' custom
 * mutator hooks (targets/driver/mutator.c for libFuzzer,
 * targets/driver/afl_mutator.c for AFL++).
 *
 * Byte mutations rarely keep a program's shape: an inserted or erased byte
 * shifts every op after it, and a chain of five ops with exact operands is
 * out of reach. Here an input is decoded, edited as a program (ops inserted,
 * deleted, duplicated, swapped, spliced in from another corpus program; one
 * operand given a value fit for its type; one configuration field changed)
 * and encoded again, so every result is a canonical program the codec
 * encodes. Part of the time the engine's own byte mutator runs instead,
 * on the whole input or on one operand's bytes (libFuzzer's then brings
 * its comparison log and dictionary to that operand).
 *
 * Everything comes from the op table (ops.def: operand types) and the
 * layout (page counts, header fields), so new ops are mutated without
 * changes here. Deterministic: the output is a function of the input, the
 * seed and the dictionary; no time, no hidden randomness.
 */
#ifndef EL2FUZZ_MUTATE_H
#define EL2FUZZ_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

/* The longest canonical program: every op with three addresses. */
#define MUT_MAX_BYTES		(PROG_HEADER_SIZE + PROG_MAX_OPS * (1 + PROG_MAX_ARGS * 9))
#define MUT_DICT_MAX		512	/* operand values taken from a dictionary */
#define MUT_FRAG_MAX		128	/* op fragments taken from a dictionary */
#define MUT_FRAG_OPS		8

enum mut_kind {
	MUT_INSERT,		/* a new op, operands fit for their types */
	MUT_DELETE,		/* one op or a short run */
	MUT_DUPLICATE,		/* an op or a short run, copied elsewhere */
	MUT_REPEAT,		/* an op or two repeated: a queue's slot count, or a few times */
	MUT_SWAP,		/* two ops exchange places */
	MUT_OPERAND,		/* one operand gets a value fit for its type */
	MUT_OPERAND_BYTES,	/* one operand's bytes through the byte mutator */
	MUT_HEADER,		/* one configuration field */
	MUT_DICT_OPS,		/* ops decoded from a dictionary entry, inserted */
	MUT_BYTES,		/* the whole input through the byte mutator */
	MUT_SPLICE,		/* crossover: a run of the other program's ops inserted */
	MUT_SPLICE_TAIL,	/* crossover: this program's head, the other's tail */
	MUT_BORROW,		/* crossover: an operand value taken from the other program */
	NR_MUT_KINDS,
};

/*
 * Where a 64-bit operand value comes from. The mutator learns, per op and
 * operand, which of these made programs the engine kept, and draws from
 * them more often: an ITS register offset for an MMIO op's offset, a
 * queue offset for the value written there, without a table of today's
 * ops. (It remembers a hash of what it produced; when a crossover partner,
 * always a corpus program, has one of those hashes, what made it is
 * credited.)
 */
enum mut_value_class {
	VC_SMALL,		/* edges of integer types, single bits */
	VC_ITS_REG,		/* ITS register offsets, halves, unaligned bytes */
	VC_QUEUE,		/* command-queue offsets for the header's queue */
	VC_PAGE,		/* page-size boundaries */
	VC_DICT,		/* dictionary words */
	VC_PEER,		/* the same operand of another op or corpus program */
	VC_TWEAK,		/* a small change of the old value */
	VC_FIELD,		/* one field of the old value set to an edge */
	VC_RANDOM,
	NR_VALUE_CLASSES,
};

#define MUT_SLOT_VALUES		16	/* values per operand that made kept programs */
#define MUT_OP_MEMORY		8	/* remembered corpus ops per opcode */
#define MUT_RECENT		4096	/* remembered outputs, for credit */
#define MUT_GEN_MAX		3	/* values generated in one mutation */

struct prog_mut_gen {
	uint64_t value;
	uint8_t op, argi, vclass;
};

struct prog_mut_recent {
	uint64_t hash;
	uint8_t kind, nr_gen, inserted;
	struct prog_mut_gen gen[MUT_GEN_MAX];
};

/*
 * An engine's byte mutator: mutates @data[0, @size) in place, at most @max
 * bytes, and returns the new size (libFuzzer's LLVMFuzzerMutate).
 */
typedef size_t (*prog_byte_mutator_t)(uint8_t *data, size_t size, size_t max);

struct prog_dict_frag {
	unsigned int nr_ops;
	struct prog_op ops[MUT_FRAG_OPS];
};

struct prog_mutator {
	const struct prog_target *target;	/* NULL: not a program target, bytes only */
	prog_byte_mutator_t bytes;		/* NULL: a small built-in one */
	uint64_t rng;
	enum mut_kind last;			/* what the last call did */
	unsigned long applied[NR_MUT_KINDS];	/* how often each kind was applied */
	unsigned int nr_dict;
	uint64_t dict[MUT_DICT_MAX];		/* dictionary words as little-endian values */
	unsigned int nr_frags;
	struct prog_dict_frag frags[MUT_FRAG_MAX];	/* dictionary words as ops */
	/* Learnt from corpus programs, per op and operand (enum prog_opcode). */
	uint32_t class_credit[NR_OPS][PROG_MAX_ARGS][NR_VALUE_CLASSES];
	uint32_t kind_credit[NR_MUT_KINDS];
	uint32_t op_credit[NR_OPS];		/* kept programs an inserted op made */
	unsigned int inserted;			/* the op this mutation inserted, or NR_OPS */
	unsigned long credited;			/* outputs the engine kept */
	unsigned int nr_gen;			/* values generated by this mutation */
	struct prog_mut_gen gen[MUT_GEN_MAX];
	struct prog_mut_recent recent[MUT_RECENT];
	uint64_t slot_values[NR_OPS][PROG_MAX_ARGS][MUT_SLOT_VALUES];
	uint8_t nr_slot_values[NR_OPS][PROG_MAX_ARGS];
	struct prog_op op_memory[NR_OPS][MUT_OP_MEMORY];	/* templates for MUT_INSERT */
	uint8_t nr_op_memory[NR_OPS];
	/* Scratch, here rather than on the stack: programs are 12 KiB each. */
	struct program cur, other, work;
	uint8_t buf[MUT_MAX_BYTES];
};

/*
 * Set @m up for the programs of @target_name (0), or for a name that is no
 * program target (-1: every mutation is then @bytes, or the built-in one).
 */
int prog_mutator_init(struct prog_mutator *m, const char *target_name,
		      prog_byte_mutator_t bytes);

/* Add one dictionary word (already unescaped): as a value and as ops. */
void prog_mutator_add_word(struct prog_mutator *m, const uint8_t *word, size_t len);

/*
 * Load a libFuzzer / AFL++ dictionary file (name="\x01\x02..." per line).
 * Returns the number of words, or -1 with a message in @err.
 */
int prog_mutator_load_dict(struct prog_mutator *m, const char *path, char *err, size_t errcap);

/*
 * Mutate @data[0, @size) in place into at most @max bytes; returns the new
 * size. A @max below the header's size leaves only byte mutation.
 */
size_t prog_mutate(struct prog_mutator *m, uint8_t *data, size_t size, size_t max,
		   unsigned int seed);

/*
 * Cross @a with @b into @out (at most @max bytes); returns the size, or 0
 * when @b has nothing to give (the engine then mutates otherwise).
 */
size_t prog_crossover(struct prog_mutator *m, const uint8_t *a, size_t asize,
		      const uint8_t *b, size_t bsize, uint8_t *out, size_t max,
		      unsigned int seed);

/*
 * One mutation of one kind, for tests: @b / @bsize is the other program of
 * the crossover kinds. Returns the new size, or 0 if the kind does not
 * apply to this input (nothing to delete, no room to insert, ...).
 */
size_t prog_mutate_kind(struct prog_mutator *m, enum mut_kind kind, uint8_t *data,
			size_t size, size_t max, const uint8_t *b, size_t bsize,
			unsigned int seed);

const char *prog_mut_kind_name(enum mut_kind kind);

/* Encoded size of @p (the codec's operand sizes), without encoding it. */
size_t prog_encoded_size(const struct program *p);

#endif
