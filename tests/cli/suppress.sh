#!/usr/bin/env bash
# Suppressions end to end, on a mediator with a known defect (broken_reclaim.c):
#   usage: suppress.sh WORKDIR RUNNER REPLAY [FUZZER]
# RUNNER, REPLAY and FUZZER (libFuzzer, optional) are built with the defect.
# Without a suppressions file the finding is reported; with one it is
# recorded in $EL2FUZZ_SUPPRESSED_LOG and the input ends quietly, so the
# runner goes on to the next file and the fuzzer goes on fuzzing; a
# malformed file is one line naming file, line and problem, and exit 2.
set -u
work=$1 runner=$2 replay=$3 fuzzer=${4:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
prog=$root/corpora/mmio_donate/regress/O1-reclaim_mmio-returned_not_donated-m1.txt
sig=O1:reclaim_mmio:returned_not_donated
fail() { echo "suppress: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
unset EL2FUZZ_SUPPRESSIONS EL2FUZZ_SUPPRESSED_LOG

printf '# known defects\n\nO1:reclaim_mmio:*   m1: reclaim trusts the host (test)\n' >"$work/known.supp"
printf 'O5:*:*   unrelated\n' >"$work/other.supp"
printf 'O1:reclaim_mmio:returned_not_donated\n' >"$work/noreason.supp"
printf '# ok\nO1:x:y  fine\nO1:reclaim$:y  a typo\n' >"$work/badchar.supp"
printf 'O1:[reclaim:y  unclosed\n' >"$work/bracket.supp"

# 1. The defect is found without suppressions.
"$runner" -q "$prog" 2>"$work/err" && fail "the defect was not found"
grep -q "VIOLATION $sig" "$work/err" || fail "wrong finding: $(cat "$work/err")"

# 2. Suppressed: the runner ends the input quietly and runs the next file.
out=$(EL2FUZZ_SUPPRESSIONS=$work/known.supp EL2FUZZ_SUPPRESSED_LOG=$work/log \
	"$runner" "$prog" "$prog" 2>"$work/err") || fail "suppressed run failed: $(cat "$work/err")"
[ "$(echo "$out" | grep -c ': ok$')" = 2 ] || fail "both inputs should end quietly: $out"
[ ! -s "$work/err" ] || fail "a suppressed finding printed: $(cat "$work/err")"
[ "$(cat "$work/log")" = "$sig	m1: reclaim trusts the host (test)" ] ||
	fail "log should hold one line per process and signature: $(cat "$work/log")"

# 3. A suppression for something else changes nothing.
EL2FUZZ_SUPPRESSIONS=$work/other.supp "$runner" -q "$prog" 2>/dev/null &&
	fail "an unrelated suppression hid the finding"

# 4. The replay tool's child sees the same list: no finding.
EL2FUZZ_SUPPRESSIONS=$work/known.supp "$replay" run -q "$prog" >"$work/out" ||
	fail "replay should report no finding: $(cat "$work/out")"
grep -q ': no finding$' "$work/out" || fail "replay: $(cat "$work/out")"

# 5. Malformed files: one line with file, line and problem; exit 2.
check_bad() { # file line regex
	local rc
	EL2FUZZ_SUPPRESSIONS=$work/$1 "$runner" -q "$prog" >/dev/null 2>"$work/err"
	rc=$?
	[ $rc = 2 ] || fail "$1: exit $rc, expected 2"
	[ "$(wc -l <"$work/err")" = 1 ] || fail "$1: expected one line: $(cat "$work/err")"
	grep -Eq "^el2fuzz: $work/$1:$2: $3" "$work/err" || fail "$1: $(cat "$work/err")"
}
check_bad noreason.supp 1 "'O1:reclaim_mmio:returned_not_donated' has no reason"
check_bad badchar.supp 3 "'\\$' cannot occur in a signature pattern"
check_bad bracket.supp 1 "'\\[' without a closing '\\]'"
EL2FUZZ_SUPPRESSIONS=$work/missing.supp "$runner" -q "$prog" 2>"$work/err"
[ $? = 2 ] && grep -q "missing.supp: No such file" "$work/err" || fail "missing file: $(cat "$work/err")"

# 6. libFuzzer keeps fuzzing past the known finding from its reproducer.
if [ -n "$fuzzer" ]; then
	mkdir -p "$work/seed" "$work/corpus"
	"$replay" convert -t mmio_donate "$prog" "$work/seed/m1" || fail "convert"
	"$fuzzer" -runs=2000 -seed=1 "$work/seed" >"$work/fuzz.log" 2>&1 &&
		fail "the fuzzer did not stop at the finding"
	EL2FUZZ_SUPPRESSIONS=$work/known.supp EL2FUZZ_SUPPRESSED_LOG=$work/fuzz.supplog \
		"$fuzzer" -runs=2000 -seed=1 -artifact_prefix="$work/" "$work/corpus" "$work/seed" \
		>"$work/fuzz.log" 2>&1 || fail "the fuzzer stopped: $(tail -5 "$work/fuzz.log")"
	grep -q "^Done 2000 runs" "$work/fuzz.log" || fail "2000 runs expected: $(tail -3 "$work/fuzz.log")"
	grep -q "^$sig	" "$work/fuzz.supplog" || fail "the fuzzer did not record the suppression"
fi
echo "suppress: ok"
