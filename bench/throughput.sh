#!/usr/bin/env bash
# Throughput (SPEC §11): execs/s of every target against the empty target
# built with the same engine and flags, side by side in one run, so the
# ratio is comparable across machines.
#
# usage: bench/throughput.sh [-t SECONDS] [-a] [-o OUTDIR] [-P IMAGE.png] [TARGET...]
#   -t  seconds per binary (default 20)     -a  also AFL++ (persistent mode)
#   -o  where throughput.tsv and throughput.png go (default out/throughput)
#   -P  also copy the picture there (e.g. docs/throughput.png)
# Builds the presets it needs (libfuzzer: ASan+UBSan; libfuzzer-fast: none;
# afl) and runs each binary from its seed corpus (the empty target from
# nothing), one after another. libFuzzer binaries run with their default,
# the structure-aware mutator; EL2FUZZ_MUTATOR=0 in the environment
# measures them without it. The picture needs gnuplot-nox.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=20 afl=0 outdir=$root/out/throughput image=""
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "t:ao:P:h" opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	a) afl=1 ;;
	o) outdir=$OPTARG ;;
	P) image=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "throughput: -t takes a positive number of seconds" >&2; exit 2; }
mkdir -p "$outdir"
tsv=$outdir/throughput.tsv
printf 'build\ttarget\texecs\tempty_execs\n' >"$tsv"
shift $((OPTIND - 1))
cd "$root"
targets=("$@")
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

libfuzzer_rate() { # binary corpus...
	"$@" -max_total_time="$seconds" -print_final_stats=1 -seed=1 2>&1 |
		awk '/stat::average_exec_per_sec/ { print $2 }'
}

afl_rate() { # binary seed-dir
	rm -rf "$work/afl-out"
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		afl-fuzz -V "$seconds" -i "$2" -o "$work/afl-out" -- "$1" >/dev/null 2>&1 || true
	awk -F: '/execs_per_sec/ { gsub(/ /, "", $2); printf("%.0f\n", $2) }' \
		"$work/afl-out/default/fuzzer_stats"
}

printf '%-26s %-14s %12s %12s %7s\n' build target execs/s empty ratio
presets=(libfuzzer libfuzzer-fast)
[ $afl = 1 ] && presets+=(afl)
for preset in "${presets[@]}"; do
	cmake --preset "$preset" >/dev/null
	cmake --build --preset "$preset" -j "${CMAKE_BUILD_PARALLEL_LEVEL:-2}" >/dev/null
	b=build/$preset
	mkdir -p "$work/empty-seed" && echo > "$work/empty-seed/x"
	for t in "${targets[@]}"; do
		rm -rf "$work/c" && mkdir -p "$work/c"
		if [ "$preset" = afl ]; then
			rate=$(afl_rate "$b/targets/fuzz_$t" "$root/build/$preset/corpora/$t/seed")
			empty=$(afl_rate "$b/targets/fuzz_empty" "$work/empty-seed")
		else
			rate=$(libfuzzer_rate "$b/targets/fuzz_$t" "$work/c" "$b/corpora/$t/seed")
			rm -rf "$work/c" && mkdir -p "$work/c"
			empty=$(libfuzzer_rate "$b/targets/fuzz_empty" "$work/c")
		fi
		printf '%-26s %-14s %12s %12s %6.1f%%\n' "$preset" "$t" "$rate" "$empty" \
			"$(awk -v a="$rate" -v b="$empty" 'BEGIN { print (b > 0 ? 100 * a / b : 0) }')"
		printf '%s\t%s\t%s\t%s\n' "$preset" "$t" "${rate:-0}" "${empty:-0}" >>"$tsv"
	done
done
if command -v gnuplot >/dev/null; then
	"$root"/bench/lib/plot.sh throughput -o "$outdir/throughput.png" -W 1000 -H 550 \
		-t "execs/s against the empty target, $seconds s each" "$tsv" >/dev/null
	[ -z "$image" ] || cp "$outdir/throughput.png" "$image"
else
	echo "throughput: gnuplot not found (apt-get install gnuplot-nox): no picture" >&2
fi
