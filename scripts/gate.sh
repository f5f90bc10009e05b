#!/usr/bin/env bash
# The pre-merge gate (SPEC §10), one command: install what is missing, then
# build with ASan + UBSan (no recovery) and run everything through CTest:
# unit tests, one break-on-purpose test per invariant, every seed and
# regression program, exhaustive fail-nth over every seed, bad input to the
# tools, the mediator-swap check and a bounded libFuzzer smoke run per
# target. Then a gcc build of the same code, which must be warning-free too.
# Warnings are errors when CI=true or EL2FUZZ_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${CI:-}" = true ]; then
	export EL2FUZZ_WERROR=ON
fi
export EL2FUZZ_WERROR=${EL2FUZZ_WERROR:-OFF}
jobs=$(nproc)
echo "gate: clang, ASan + UBSan, libFuzzer smoke"
cmake --preset gate
cmake --build --preset gate -j "$jobs"
ctest --preset gate -j "$jobs"
echo "gate: gcc build and tests"
cmake --preset gcc
cmake --build --preset gcc -j "$jobs"
ctest --preset gcc -j "$jobs" -E 'swap/'
echo "gate: passed"
