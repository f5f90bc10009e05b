// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linked last into the fuzz binaries afl-clang-fast builds: an instrumented
 * function with branches and no select, so that the last guard of the
 * binary's __sancov_guards section is one of its own.
 *
 * Why: AFL++ 4.04c's pcguard pass gives a select two guards but reads the
 * second one past the end of the function's own guard array: there it
 * finds the next function's first guard (a wrong edge, harmless), but
 * past the last function of the binary whatever the linker put after the
 * section (libFuzzer's extra counters, which change as an input runs), an
 * edge index far beyond the map afl-fuzz shares. The binary then dies of
 * SIGSEGV under afl-fuzz and never when the input is replayed (alone it
 * uses a 2 MiB map): fuzz_its_mediator saved 28 such crashes in 5 s.
 */
/* Not called: it is there for its guards. A loop: branches, no select. */
void el2fuzz_afl_guard_tail(int n);

static volatile int el2fuzz_afl_guard_sink;

void el2fuzz_afl_guard_tail(int n)
{
	while (n-- > 0)
		el2fuzz_afl_guard_sink++;
}
