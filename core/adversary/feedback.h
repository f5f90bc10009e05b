/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * feedback: coverage the engine cannot read off the mediator's edges. The
 * adversary names the state it drove the device into, from its own record
 * (what it wrote, what it staged, the sizes it chose), never from the
 * mediator's; each state is one counter of libFuzzer's extra-counter
 * section, so a program that reaches a new one is kept as a stepping stone.
 * Other engines ignore the section.
 */
#ifndef EL2FUZZ_FEEDBACK_H
#define EL2FUZZ_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

/* On by default; off for before/after figures (EL2FUZZ_FEEDBACK=0). */
void feedback_enable(bool on);

/*
 * A host write of GITS_CWRITER: @prev is the value the host last wrote,
 * @tail where its next command goes (past any it staged), @val the new
 * value, @len the queue length the host gave the ITS (0: none),
 * @emulated whether the write reached the hyp's emulation.
 */
void feedback_cwriter(uint64_t prev, uint64_t tail, uint64_t val, uint64_t len,
		      bool emulated);

/*
 * A host access to the ITS frame at @off (within twice @frame_size), as
 * the host made it: a correct mediator runs the same code for a 32-bit
 * write of CWRITER's high half as for one of GITS_CTLR; a mediator that
 * gets widths or halves wrong does not, and these counters keep each
 * register, width and half after setup as a stepping stone.
 */
void feedback_its_access(uint64_t off, unsigned int width, bool write, uint64_t frame_size,
			 bool emulated);
unsigned int feedback_its_access_index(uint64_t off, unsigned int width, bool write,
				       uint64_t frame_size, bool emulated);

/*
 * The other CPU entered the hyp to do @kind (FEEDBACK_NR_CPU2_KINDS of
 * them: hyp_cpu2.c's) while CPU 0 stood at platform call @what holding
 * @locks locks.
 */
#define FEEDBACK_NR_CPU2_KINDS	16
void feedback_interleave(const char *what, unsigned int locks, unsigned int kind);
unsigned int feedback_interleave_index(const char *what, unsigned int locks, unsigned int kind);

/* Forget every state reached (tests; libFuzzer clears the section itself). */
void feedback_clear(void);

/* The counter a CWRITER write hits, and a counter's value (tests). */
unsigned int feedback_cwriter_index(uint64_t prev, uint64_t tail, uint64_t val,
				    uint64_t len, bool emulated);
unsigned int feedback_count(unsigned int i);

#endif
