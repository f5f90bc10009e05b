#!/usr/bin/env bash
# The campaign presets sanitize the mediator only (EL2FUZZ_SANITIZE_HARNESS
# off, core/CMakeLists.txt). Build fuzz_its_setup that way against a copy
# of the mediator with a stack overflow planted in its ITS setup, and check
#  1. the harness really is unsanitized (no ASan calls in the oracle), and
#     the mediator really is (ASan calls in the patched file);
#  2. the planted overflow is still reported by ASan, in the mediator,
#     when SEED (the benign bring-up, binary form) runs.
# usage: campaign_asan.sh OUTDIR SEED
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# = 2 ] || { echo "usage: campaign_asan.sh OUTDIR SEED" >&2; exit 2; }
out=$1 seed=$2
fail() { echo "campaign_asan: $*"; exit 1; }
[ -f "$seed" ] || fail "$seed: no such seed"

build=$(SCRATCH_BUILD_TARGETS="fuzz_its_setup" "$root/bench/lib/scratch_build.sh" "$out" \
	"$root/tests/engines/stack-overflow.patch" -- -DEL2FUZZ_ENGINE=libfuzzer \
	-DEL2FUZZ_SANITIZE=ON -DEL2FUZZ_SANITIZE_HARNESS=OFF | tail -1)
oracle=$(find "$build/core" -path '*el2_core_fuzz_infra*' -name 'o12_legality.c.o' | head -1)
mediator=$(find "$build/core" -path '*el2_core_fuzz_mediator*' -name 'its_emulate.c.o' | head -1)
[ -n "$oracle" ] && [ -n "$mediator" ] || fail "no objects of the fuzz core in $build"
! nm -u "$oracle" | grep -q __asan_ || fail "$oracle: the harness was built with ASan"
nm -u "$mediator" | grep -q __asan_ || fail "$mediator: the mediator was built without ASan"
set +e
log=$("$build/targets/fuzz_its_setup" "$seed" 2>&1)
rc=$?
set -e
[ $rc != 0 ] || fail "the planted overflow ran clean"
echo "$log" | grep -q "AddressSanitizer: stack-buffer-overflow" ||
	fail "no ASan report (exit $rc): $(echo "$log" | tail -3)"
echo "$log" | grep -q "SUMMARY: AddressSanitizer: .*its_emulate.c.*pkvm_its_emulate_setup" ||
	fail "ASan reported it elsewhere: $(echo "$log" | grep SUMMARY)"
echo "campaign_asan: ok: harness unsanitized, the mediator's planted overflow reported by ASan"
