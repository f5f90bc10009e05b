#!/usr/bin/env bash
# Differential check, phase-1 prototype: the state visible through QEMU's
# ITS after the EL2 smoke test against the state visible through the
# simulated ITS after the same steps (smoke_equiv.txt), in its_state.c's
# normalised text. Needs a host build (for libel2_core.a) and an el2 build.
#
# usage: diff_with_sim.sh [HOST_BUILD [EL2_BUILD]]   (build/debug, build/el2)
# Prints the diff; exit 0 when the only differences are the known ones
# (docs/EL2.md, "Known disagreements"), 1 otherwise, 77 without QEMU.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
host=${1:-$root/build/debug}
el2=${2:-$root/build/el2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wraps=$(sed -n '/^set(EL2FUZZ_WRAPPED/,/)/p' "$root/cmake/el2fuzz.cmake" |
	tr ' ()' '\n\n\n' | grep -E '^[a-z0-9_]+$' | grep -vx set | sed 's/^/-Wl,--wrap=/')
# shellcheck disable=SC2086
${CC:-clang} -std=gnu11 -g -I"$root/core" -I"$root/core/include" -I"$root/core/el2/include" \
	"$root/tests/el2/sim_its_state.c" "$root/core/el2/its_state.c" \
	"$host/core/libel2_core.a" $wraps -o "$work/sim_its_state"

"$work/sim_its_state" "$root/tests/el2/smoke_equiv.txt" raw >"$work/sim"
set +e
"$root/scripts/el2-run.sh" -q -a raw -o "$work/el2.log" "$el2/tests/el2/el2_smoke.elf" >/dev/null
rc=$?
set -e
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "diff_with_sim: the EL2 smoke test failed"; exit 1; }
grep '^its ' "$work/el2.log" >"$work/qemu"

diff -u --label qemu --label sim "$work/qemu" "$work/sim" | tee "$work/diff" || true
# Known: QEMU keeps CTLR.Quiescent set while enabled (its commands run
# synchronously); a physical ITE's doorbell word is 1023 in QEMU, 0 here.
unknown=$(grep -E '^[-+]its' "$work/diff" |
	grep -vE '^[-+]its reg ctlr=0x(80000001|1) ' |
	grep -vE '^-its mem pa=0x[0-9a-f]+ val=0x3ff$' || true)
if [ -n "$unknown" ]; then
	echo "diff_with_sim: unexplained differences"
	exit 1
fi
echo "diff_with_sim: $(wc -l <"$work/qemu") lines; only the known differences"
