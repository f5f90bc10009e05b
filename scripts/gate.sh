#!/usr/bin/env bash
# The pre-merge gate (SPEC §10), one command: install what is missing, then
# build with ASan + UBSan (no recovery) and run everything through CTest:
# unit tests, one break-on-purpose test per invariant, every seed and
# regression program, exhaustive fail-nth over every seed, bad input to the
# tools, the mediator-swap check and a bounded libFuzzer smoke run per
# target. Then a gcc build of the same code, which must be warning-free too.
# Then the EL2 image (cmake --preset el2): the smoke tests and every seed and
# regression program the image can run, in qemu-system-aarch64, each with
# the simulation's verdict and the model's ITS state after every op (label
# el2; skipped, not failed, where QEMU is missing).
# Warnings are errors when CI=true or EL2FUZZ_WERROR=ON.
# usage: scripts/gate.sh [-h]    (no options: it runs the whole gate)
# Exit status: 0 passed; anything else, the failing step's status.
set -euo pipefail
case ${1:-} in
-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
"") ;;
*) echo "gate: no options but -h; it runs the whole gate" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${CI:-}" = true ]; then
	export EL2FUZZ_WERROR=ON
fi
export EL2FUZZ_WERROR=${EL2FUZZ_WERROR:-OFF}
jobs=$(nproc)
# After a failed ctest: what each failed test said last, so that the end of
# the log (all some CI pages show) names the failure and its evidence.
digest() {
	local dir=$1 rc=$2 t
	[ -f "$dir/Testing/Temporary/LastTestsFailed.log" ] || exit "$rc"
	echo "gate: failed tests, and what they said last:"
	while IFS=: read -r _ t; do
		echo "--- $t"
		awk -v t="$t" '$0 ~ "^[0-9]+/[0-9]+ Test: " t "$" { on = 1; next }
			on && /^<end of output>/ { exit } on' "$dir/Testing/Temporary/LastTest.log" |
			grep -v -E '^#[0-9]+	|^(Directory|Command|Output|----)' | tail -25
	done <"$dir/Testing/Temporary/LastTestsFailed.log"
	exit "$rc"
}
echo "gate: clang, ASan + UBSan, libFuzzer smoke"
cmake --preset gate
cmake --build --preset gate -j "$jobs"
ctest --preset gate -j "$jobs" || digest build/gate $?
echo "gate: gcc build and tests"
cmake --preset gcc
cmake --build --preset gcc -j "$jobs"
ctest --preset gcc -j "$jobs" -E 'swap/' || digest build/gcc $?
echo "gate: EL2 image in QEMU (label el2)"
cmake --preset el2
cmake --build --preset el2
ctest --preset el2 -j "$jobs" || digest build/el2 $?
echo "gate: passed"
