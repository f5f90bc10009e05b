#!/usr/bin/env bash
# Runs .clusterfuzzlite/build.sh as OSS-Fuzz would, into a temporary $OUT,
# and checks what it ships: every target's binary, seed corpus, dictionary
# and options; $CFLAGS kept as given (no -g, -O2 or build type of ours after
# them) and $LDFLAGS used; the mediator's loads and stores traced; and each
# binary run over its unzipped seed corpus, then fuzzing a little.
#
# usage: tests/ossfuzz/run.sh CONFIG WORKDIR
#   CONFIG: libfuzzer-asan | libfuzzer-ubsan | libfuzzer-msan | libfuzzer-coverage | afl-asan
# The environments are OSS-Fuzz's (infra/base-images/base-builder).
# Exit status: 0 ok, 1 a check failed, 2 bad usage; 77 (skipped) for
# afl-* when afl-clang-fast is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
[ "${1:-}" = -h ] || [ "${1:-}" = --help ] && { usage; exit 0; }
[ $# = 2 ] || { usage >&2; exit 2; }
config=$1 work=$2
fail() { echo "ossfuzz[$config]: $*"; exit 1; }

base="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
asan="-fsanitize=address -fsanitize-address-use-after-scope"
ubsan_checks=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
ubsan="-fsanitize=$ubsan_checks,unsigned-integer-overflow -fno-sanitize-recover=$ubsan_checks"
msan="-fsanitize=memory -fsanitize-memory-track-origins"
cov="-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument"
export CC=clang CXX=clang++ LIB_FUZZING_ENGINE=-fsanitize=fuzzer
# ClusterFuzz's run-time options for the same sanitizers.
export ASAN_OPTIONS=alloc_dealloc_mismatch=0:allocator_may_return_null=1:detect_leaks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:silence_unsigned_overflow=1:halt_on_error=1
export MSAN_OPTIONS=print_stats=1:halt_on_error=1
case $config in
libfuzzer-asan) export CFLAGS="$base $asan -fsanitize=fuzzer-no-link" ;;
libfuzzer-ubsan) export CFLAGS="$base $ubsan -fsanitize=fuzzer-no-link" ;;
libfuzzer-msan) export CFLAGS="$base $msan -fsanitize=fuzzer-no-link" ;;
libfuzzer-coverage) export CFLAGS="$base $cov" ;;
afl-asan)
	command -v afl-clang-fast >/dev/null || { echo "ossfuzz[$config]: no afl-clang-fast: skipped"; exit 77; }
	export CC=afl-clang-fast CXX=afl-clang-fast++ CFLAGS="$base $asan"
	export LIB_FUZZING_ENGINE=/usr/lib/afl/libAFLDriver.a AFL_QUIET=1
	[ -f "$LIB_FUZZING_ENGINE" ] || fail "no $LIB_FUZZING_ENGINE" ;;
*) usage >&2; exit 2 ;;
esac
export CXXFLAGS=$CFLAGS LDFLAGS="-Wl,-z,now"
export OUT=$work/out WORK=$work/work SRC=$work/src EL2FUZZ_JOBS=${EL2FUZZ_JOBS:-2}
rm -rf "$work" && mkdir -p "$OUT" "$WORK" "$SRC"
# A copy of the tree as OSS-Fuzz's Dockerfile makes it ($SRC/el2fuzz), build
# folders left out.
tar -C "$root" --exclude=./build --exclude=./out --exclude=./.git -cf - . | (mkdir -p "$SRC/el2fuzz" && tar -C "$SRC/el2fuzz" -xf -)
"$SRC/el2fuzz/.clusterfuzzlite/build.sh" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; fail "build.sh failed"; }

# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
mapfile -t targets < <(el2fuzz_targets "$root")
shipped=("${targets[@]}" text_parser)

# 1. What is shipped, and nothing built that is not.
for t in "${shipped[@]}"; do
	[ -x "$OUT/$t" ] || fail "no binary $OUT/$t"
	[ -s "$OUT/${t}_seed_corpus.zip" ] || fail "no seed corpus for $t"
	[ -f "$OUT/$t.options" ] || fail "no options for $t"
	d=$(sed -n 's/^dict *= *//p' "$OUT/$t.options")
	[ -z "$d" ] || [ -f "$OUT/$d" ] || fail "$t.options names $d, which is not shipped"
done
b=$WORK/el2fuzz-build
! ls "$b"/targets/run_* "$b"/replay/el2fuzz-replay "$b"/bench/bench_reset >/dev/null 2>&1 ||
	fail "built what it does not ship (runners, tools or benchmarks)"

# 2. $CFLAGS as given, $LDFLAGS used.
grep -q -- "-gline-tables-only" "$b/compile_commands.json" || fail "\$CFLAGS not used"
if grep -Eq -- ' -g | -O2 | -O3 | -O0 ' "$b/compile_commands.json"; then
	fail "flags of the project's own after \$CFLAGS: $(grep -Eo -- ' -g | -O2 | -O3 | -O0 ' "$b/compile_commands.json" | sort -u | tr '\n' ' ')"
fi
grep -q BIND_NOW <<<"$(readelf -d "$OUT/${targets[0]}")" || fail "\$LDFLAGS (-z now) not used"

# 3. The other CPU and O11: the mediator's loads and stores are traced.
prog_bins=()
for t in "${targets[@]}"; do prog_bins+=("$OUT/$t"); done
"$root/tests/engines/load_tracing.sh" -b "${prog_bins[@]}" || fail "mediator not traced"

# 4. Each binary over its unzipped seed corpus, then a little fuzzing.
for t in "${shipped[@]}"; do
	seeds=$work/seeds/$t new=$work/new/$t
	mkdir -p "$seeds" "$new"
	unzip -q -o "$OUT/${t}_seed_corpus.zip" -d "$seeds"
	n=$(ls "$seeds" | wc -l)
	[ "$n" -gt 0 ] || fail "$t: empty seed corpus"
	log=$work/$t.log
	case $config in
	afl-*)
		# libAFLDriver runs the files it is given, one by one.
		(cd "$seeds" && "$OUT/$t" ./*) >"$log" 2>&1 || { tail -20 "$log"; fail "$t: a seed fails"; } ;;
	libfuzzer-coverage)
		# OSS-Fuzz's coverage build only replays the corpus for its profile.
		rm -f "$work/$t.profraw"
		LLVM_PROFILE_FILE=$work/$t.profraw "$OUT/$t" -runs=0 "$seeds" >"$log" 2>&1 ||
			{ tail -20 "$log"; fail "$t: the corpus replay failed"; }
		[ -s "$work/$t.profraw" ] || fail "$t: no coverage profile written" ;;
	*)
		dict=()
		[ -f "$OUT/$t.dict" ] && dict=(-dict="$OUT/$t.dict")
		rc=0
		"$OUT/$t" -runs=1000 -seed=1 "${dict[@]}" -artifact_prefix="$new/" "$new" "$seeds" \
			>"$log" 2>&1 || rc=$?
		[ $rc = 0 ] || { tail -20 "$log"; fail "$t: exit $rc over its seeds"; }
		grep -q "INITED.*corp: " "$log" || fail "$t: did not load its corpus"
		grep -q "^Done 1000 runs" "$log" || fail "$t: did not fuzz: $(tail -3 "$log")" ;;
	esac
	echo "ossfuzz[$config]: $t: $n seed(s) ok"
done

# 5. AFL++ fuzzes the shipped binary (persistent mode, shared memory), and
# stably: the harness plumbing, whose edges depend on the previous input,
# must stay uninstrumented here too (it gave 96 % on mmio_donate).
case $config in
afl-*)
	t=mmio_donate
	ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 MSAN_OPTIONS=exit_code=86:symbolize=0 \
		UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0 \
		AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FAST_CAL=1 \
		AFL_NO_AFFINITY=1 afl-fuzz -V 10 -i "$work/seeds/$t" -o "$work/afl" -- "$OUT/$t" \
		>"$work/afl.log" 2>&1 || { tail -20 "$work/afl.log"; fail "afl-fuzz failed"; }
	execs=$(awk -F: '/^execs_done/ { gsub(/ /, "", $2); print $2 }' "$work/afl/default/fuzzer_stats")
	[ "${execs:-0}" -gt 0 ] || fail "afl-fuzz ran nothing"
	grep -q "Persistent mode binary detected" "$work/afl.log" || fail "not in persistent mode"
	grep -q "SHARED MEMORY FUZZING" "$work/afl.log" || fail "no shared-memory input"
	stability=$(awk -F: '/^stability/ { gsub(/[ %]/, "", $2); print $2 }' "$work/afl/default/fuzzer_stats")
	awk -v s="${stability:-0}" 'BEGIN { exit !(s >= 99) }' ||
		fail "AFL++ stability ${stability:-?}% < 99% on $t (docs/TRIAGE.md, AFL++ stability)"
	echo "ossfuzz[$config]: afl-fuzz: $execs execs in 10 s, stability $stability%" ;;
esac
echo "ossfuzz[$config]: ok"
