#!/usr/bin/env bash
# Throughput (SPEC §11): execs/s of every target against the empty target
# built with the same engine and flags, side by side in one run, so the
# ratio is comparable across machines.
#
# usage: bench/throughput.sh [-t SECONDS] [-r RUNS] [-a] [-p PRESETS] [-b BASE] [-o OUTDIR] [-P IMAGE.png] [TARGET...]
#   -t  seconds per binary (default 20)     -a  also AFL++ (persistent mode)
#   -r  runs per binary, with seeds 1..RUNS (libFuzzer -seed, afl-fuzz -s),
#       interleaved across builds; the median is reported (default 1; on a
#       shared machine, 3 or more)
#   -p  the libFuzzer presets, comma-separated (default libfuzzer,libfuzzer-fast;
#       -p '' -a: AFL++ alone)
#   -b  side by side with the checkout BASE (e.g. a git worktree of an
#       older commit), built with the same presets: each target runs in
#       both, alternately, from the same corpus (BASE's text seeds,
#       converted by each build), and a last table gives new/base
#   -o  where throughput.tsv and throughput.png go (default out/throughput)
#   -P  also copy the picture there (e.g. docs/throughput.png)
# Builds the presets it needs (libfuzzer: ASan+UBSan; libfuzzer-fast: none;
# afl) and runs each binary from its seed corpus (the empty target from
# nothing), one after another. libFuzzer binaries run with their default,
# the structure-aware mutator; EL2FUZZ_MUTATOR=0 in the environment
# measures them without it. The picture needs gnuplot-nox.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd) me=throughput
seconds=20 runs=1 afl=0 outdir=$root/out/throughput image="" base="" lf_presets=libfuzzer,libfuzzer-fast
usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "t:r:ap:b:o:P:h" opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	r) runs=$OPTARG ;;
	a) afl=1 ;;
	p) lf_presets=$OPTARG ;;
	b) base=$(cd "$OPTARG" 2>/dev/null && pwd) ||
		{ echo "throughput: -b $OPTARG: no such directory" >&2; exit 2; } ;;
	o) outdir=$OPTARG ;;
	P) image=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "throughput: -t takes a positive number of seconds" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]?$ ]] || { echo "throughput: -r takes a number of runs from 1 to 99" >&2; exit 2; }
mkdir -p "$outdir"
tsv=$outdir/throughput.tsv
printf 'build\ttarget\texecs\tempty_execs\n' >"$tsv"
shift $((OPTIND - 1))
cd "$root"
targets=("$@")
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
# Scratch corpora on tmpfs where there is one: each input libFuzzer keeps
# is a file created (and, reduced, deleted), which on a disk filesystem
# cost a quarter of a fuzzing run's time here (ext4 inode allocation), and
# more for the build that finds more; that is the disk's speed, not the
# harness's.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/lib/rates.sh
. "$root/bench/lib/rates.sh"

# afl-fuzz refuses an empty seed directory (a target the base build did not
# have seeds for): then it starts from the one-byte input the empty target
# does. A run that did not start, or saved crashes, is named on stderr.
afl_rate() { # seed binary seed-dir
	local seed=$1 seeds=$3 stats=$work/afl-out/default/fuzzer_stats
	shift
	rm -rf "$work/afl-out"
	ls "$seeds"/* >/dev/null 2>&1 || seeds=$work/empty-seed
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		afl-fuzz -s "$seed" -V "$seconds" -i "$seeds" -o "$work/afl-out" -- "$1" >"$work/afl.log" 2>&1 || true
	if [ ! -s "$stats" ]; then
		echo "throughput: afl-fuzz did not run $(basename "$1"): $(grep -m1 -E 'PROGRAM ABORT|ERROR' "$work/afl.log")" >&2
		echo 0
		return
	fi
	awk -F: '/saved_crashes/ { gsub(/ /, "", $2); if ($2 > 0) print "throughput: '"$(basename "$1")"': " $2 " crash(es) saved" > "/dev/stderr" }' "$stats"
	awk -F: '/execs_per_sec/ { gsub(/ /, "", $2); printf("%.0f\n", $2) }' "$stats"
}

trees=("$root")
[ -n "$base" ] && trees+=("$base")
printf '%-26s %-14s %12s %12s %7s\n' build target execs/s empty ratio
IFS=, read -r -a presets <<<"$lf_presets"
for preset in "${presets[@]}"; do
	case $preset in libfuzzer | libfuzzer-fast) ;;
	*) echo "throughput: -p $preset: not a libFuzzer preset (libfuzzer, libfuzzer-fast)" >&2; exit 2 ;;
	esac
done
[ $afl = 1 ] && presets+=(afl)
for preset in "${presets[@]}"; do
	for tree in "${trees[@]}"; do
		(cd "$tree" && cmake --preset "$preset" >/dev/null &&
		 cmake --build --preset "$preset" -j "${CMAKE_BUILD_PARALLEL_LEVEL:-2}" >/dev/null)
	done
	mkdir -p "$work/empty-seed" && echo > "$work/empty-seed/x"
	for t in "${targets[@]}"; do
		# Seed by seed, each build in turn: a drift of the machine's speed
		# lands on both.
		declare -A rates=()
		for ((seed = 1; seed <= runs; seed++)); do
			for tree in "${trees[@]}"; do
				b=$tree/build/$preset
				[ -x "$b/targets/fuzz_$t" ] || continue
				rm -rf "$work/c" && mkdir -p "$work/c"
				if [ "$preset" = afl ]; then
					rate=$(afl_rate "$seed" "$b/targets/fuzz_$t" "$(seeds "$tree" "$b" "$t")")
				else
					rate=$(libfuzzer_rate "$seed" "$b/targets/fuzz_$t" "$work/c" \
						"$(seeds "$tree" "$b" "$t")")
				fi
				rates[$tree]+="${rate:-0} "
			done
		done
		for tree in "${trees[@]}"; do
			b=$tree/build/$preset
			name=$preset
			[ "$tree" = "$root" ] || name=base:$preset
			[ -x "$b/targets/fuzz_$t" ] || continue
			rate=$(median ${rates[$tree]})
			rm -rf "$work/c" && mkdir -p "$work/c"
			if [ "$preset" = afl ]; then
				empty=$(afl_rate 1 "$b/targets/fuzz_empty" "$work/empty-seed")
			else
				empty=$(libfuzzer_rate 1 "$b/targets/fuzz_empty" "$work/c")
			fi
			printf '%-26s %-14s %12s %12s %6.1f%%\n' "$name" "$t" "$rate" "$empty" \
				"$(awk -v a="$rate" -v b="$empty" 'BEGIN { print (b > 0 ? 100 * a / b : 0) }')"
			printf '%s\t%s\t%s\t%s\n' "$name" "$t" "${rate:-0}" "${empty:-0}" >>"$tsv"
		done
		unset rates
	done
done
if [ -n "$base" ]; then
	echo
	printf '%-26s %-14s %10s\n' build target new/base
	awk -F'\t' 'NR > 1 { r[$1 SUBSEP $2] = $3 }
		END { for (k in r) { split(k, a, SUBSEP); if (a[1] ~ /^base:/) continue
			b = r["base:" a[1] SUBSEP a[2]]
			if (b > 0) printf("%-26s %-14s %9.1fx\n", a[1], a[2], r[k] / b) } }' "$tsv" | sort
fi
if command -v gnuplot >/dev/null; then
	"$root"/bench/lib/plot.sh throughput -o "$outdir/throughput.png" -W 1000 -H 550 \
		-t "execs/s against the empty target, $seconds s each" "$tsv" >/dev/null
	[ -z "$image" ] || cp "$outdir/throughput.png" "$image"
else
	echo "throughput: gnuplot not found (apt-get install gnuplot-nox): no picture" >&2
fi
