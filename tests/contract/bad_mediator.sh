#!/usr/bin/env bash
# Bad input to the bring-your-own-mediator options gets one clear line:
#  1. a mediator without a required entry point stops the build with a line
#     naming the missing symbol and core/include/el2fuzz/contract.h;
#  2. a malformed profile stops the configure with FILE:LINE: the problem.
# usage: bad_mediator.sh OUTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
fail() { echo "bad_mediator: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out"

cat >"$out/no_setup.c" <<'C'
#include <nvhe/its_emulate.h>

void pkvm_its_emulate_handler(struct pkvm_protected_reg *region, u64 offset,
			      bool write, u64 *reg, u8 reg_size)
{
	(void)region; (void)offset; (void)write; (void)reg; (void)reg_size;
}
C
printf 'name = half\nteardown = no\n' >"$out/profile"
cmake -S "$root" -B "$out/build" -G Ninja -DCMAKE_C_COMPILER=clang \
	"-DEL2FUZZ_ITS_SOURCES=$out/no_setup.c" "-DEL2FUZZ_MEDIATOR_PROFILE=$out/profile" \
	>"$out/configure.log" 2>&1 || fail "configure failed: $(tail -3 "$out/configure.log")"
if cmake --build "$out/build" --target run_its >"$out/build.log" 2>&1; then
	fail "a mediator without pkvm_its_emulate_setup built"
fi
grep -q "the mediator does not define 'pkvm_its_emulate_setup', which core/include/el2fuzz/contract.h requires" \
	"$out/build.log" || fail "the build failed without naming the contract: $(grep -m3 -i error "$out/build.log")"

# A non-ASCII character in a comment (SPEC §2, say) is a comment like any
# other: the line numbers after it stay right.
printf '# see SPEC \302\2472\nname = bad\nteardown = perhaps\n' >"$out/bad_profile"
if cmake -S "$root" -B "$out/build2" -G Ninja -DCMAKE_C_COMPILER=clang \
	"-DEL2FUZZ_MEDIATOR_PROFILE=$out/bad_profile" >"$out/configure2.log" 2>&1; then
	fail "a malformed profile configured"
fi
# CMake wraps long messages: compare with the line breaks and indents folded.
tr -s ' \n' '  ' <"$out/configure2.log" | grep -qF "$out/bad_profile:3: teardown must be yes or no, not 'perhaps'" ||
	fail "the configure failed without FILE:LINE: $(grep -m2 -A1 'CMake Error' "$out/configure2.log")"
echo "bad_mediator: a missing entry point and a malformed profile each get one line"
