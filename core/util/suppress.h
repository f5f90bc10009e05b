/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * suppress: known findings set aside, so that a campaign on real code gets
 * past its first known defect and keeps exploring.
 *
 * A suppressions file has one entry per line: a glob over signatures
 * (fnmatch(3): '*', '?', '[...]'), blanks, then the reason it is known.
 * '#' starts a comment; blank lines are ignored:
 *
 *     # known defects of the tree under test
 *     O5:its_mmio_write:cwriter_not_sanitised   defect 3, fix posted for v3
 *     O9:*:timeout                              slow under ASan, not a hang
 *
 * The harness reads the file named by $EL2FUZZ_SUPPRESSIONS once per
 * process, before its first program, so every engine and every fork child
 * sees the same list. A malformed file is one line, "el2fuzz: FILE:LINE:
 * problem", and exit status 2. When an oracle violation matches, the
 * harness counts it, appends "<signature>\t<reason>" to the file named by
 * $EL2FUZZ_SUPPRESSED_LOG (once per process and signature) and ends the
 * input quietly, as if it had found nothing. Sanitizer reports cannot be
 * suppressed this way: they end the process before the harness hears.
 */
#ifndef EL2FUZZ_SUPPRESS_H
#define EL2FUZZ_SUPPRESS_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#define SUPPRESS_MAX		64	/* entries in one file */
#define SUPPRESS_PATTERN_MAX	160	/* as long as a signature */
#define SUPPRESS_REASON_MAX	160

/*
 * Replace the list with the entries of @text; @path only names the file in
 * errors. 0, or -1 with "PATH:LINE: problem" in @err (and an empty list).
 */
int suppress_parse(const char *text, const char *path, char *err, size_t errcap);
/* Entries in the list. */
unsigned int suppress_count(void);
/* Read $EL2FUZZ_SUPPRESSIONS once per process; a bad file exits with 2. */
void suppress_load_env(void);
/* The reason of the first entry matching @signature, or NULL. */
const char *suppress_match(const char *signature);
/* Times a suppressed violation ended an input in this process. */
unsigned long suppress_hits(void);

/*
 * The interpreter arms a jump back into its run; a suppressed violation
 * lands there. Disarmed, a violation is never suppressed: nothing could
 * end the input.
 */
void suppress_arm(jmp_buf *env);
void suppress_disarm(void);
/* Returns if @signature is not suppressed; else records it and jumps. */
void suppress_violation(const char *signature);
/*
 * The jump, made by @fn instead of longjmp(): a finding on the hyp's
 * second CPU must first get back to the interpreter's stack
 * (core/machine/cpu.c, cpu_longjmp).
 */
void suppress_set_unwind(void (*fn)(jmp_buf *env));
/*
 * Before the jump, @fn gets the interpreter's stack back (a finding on the
 * hyp's second CPU, core/machine/cpu.c); from there it calls
 * suppress_jump(), which lands where suppress_arm() said.
 */


#endif
