#!/usr/bin/env bash
# The "bring your own mediator" option works: build the targets against a
# second copy of the mediator (EL2FUZZ_MEDIATOR_SOURCES) and check that
#  1. the copy, unchanged, runs every seed and regression program clean;
#  2. the copy with a defect patched in is what the binaries run: its
#     regression program now reports the defect's signature.
# usage: run.sh OUTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
fail() { echo "swap: $*"; exit 1; }

build=$("$root/bench/lib/scratch_build.sh" "$out/clean" | tail -1)
grep -q "$out/clean/src/mem_protect.c" "$build/compile_commands.json" ||
	fail "the scratch build did not compile the copy"
! grep -q "$root/core/mediator/" "$build/compile_commands.json" ||
	fail "the scratch build also compiled the project's own mediator"
"$build/targets/run_mmio_donate" -q "$root"/corpora/mmio_donate/seed/*.txt \
	"$root"/corpora/mmio_donate/regress/*.txt || fail "the unchanged copy has a finding"

build=$("$root/bench/lib/scratch_build.sh" "$out/m1" \
	"$root/bench/bugs/m1-reclaim-protected-region.patch" | tail -1)
set +e
log=$("$build/replay/el2fuzz-replay" run -q \
	"$root/corpora/mmio_donate/regress/O1-reclaim_mmio-returned_not_donated-m1.txt" 2>&1)
rc=$?
set -e
[ $rc = 1 ] || fail "the patched copy was not the mediator under test (exit $rc): $log"
echo "$log" | grep -q "FINDING O1:reclaim_mmio:returned_not_donated" || fail "wrong finding: $log"
echo "swap: ok: the copy was built and run; the patched copy shows its defect"
