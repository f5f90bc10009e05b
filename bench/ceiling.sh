#!/usr/bin/env bash
# How far throughput work on the harness can go: execs/s of each target in
# the libfuzzer build, in the same build without the oracle
# (EL2FUZZ_BENCH_CEILING=no-oracle), and in one that decodes each input
# and runs nothing (decode-only), side by side, from the same corpus. What
# the first two differ by is the oracle's cost; what remains under
# no-oracle is the machine, the mediator and the engine. With -b, the base
# checkout's libfuzzer build runs alongside, and each figure is also given
# as a multiple of the base's: the bound on any new/base figure of
# bench/throughput.sh that keeps the oracle.
#
# usage: bench/ceiling.sh [-t SECONDS] [-r RUNS] [-b BASE] [-o OUTDIR] [TARGET...]
#   -t  seconds per run (default 12)    -r  runs per build, seeds 1..RUNS, median (default 3)
#   -b  also the checkout BASE (e.g. a git worktree of an older commit)
#   -o  where ceiling.tsv goes (default out/ceiling)
# The benchmark builds go to build/ceiling-no-oracle and
# build/ceiling-decode-only; their binaries say at start that they can
# find nothing. EL2FUZZ_MUTATOR=0 measures without the structure-aware
# mutator, as bench/throughput.sh does (and must, against a base without it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd) me=ceiling
seconds=12 runs=3 base="" outdir=$root/out/ceiling
usage() { sed -n '12,19p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "t:r:b:o:h" opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	r) runs=$OPTARG ;;
	b) base=$(cd "$OPTARG" 2>/dev/null && pwd) ||
		{ echo "ceiling: -b $OPTARG: no such directory" >&2; exit 2; } ;;
	o) outdir=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "ceiling: -t takes a positive number of seconds" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]?$ ]] || { echo "ceiling: -r takes a number of runs from 1 to 99" >&2; exit 2; }
cd "$root"
targets=("$@")
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
mkdir -p "$outdir"
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/lib/rates.sh
. "$root/bench/lib/rates.sh"

jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
build() { # tree dir [cmake args...]
	local tree=$1 dir=$2
	shift 2
	(cd "$tree" && cmake --preset libfuzzer -B "$dir" "$@" >/dev/null &&
	 cmake --build "$dir" -j "$jobs" >/dev/null) ||
		{ echo "ceiling: the build in $dir failed" >&2; exit 1; }
}
names=(full no-oracle decode-only)
dirs=("$root/build/libfuzzer" "$root/build/ceiling-no-oracle" "$root/build/ceiling-decode-only")
build "$root" "${dirs[0]}" -DEL2FUZZ_BENCH_CEILING=
build "$root" "${dirs[1]}" -DEL2FUZZ_BENCH_CEILING=no-oracle
build "$root" "${dirs[2]}" -DEL2FUZZ_BENCH_CEILING=decode-only
trees=("$root" "$root" "$root")
if [ -n "$base" ]; then
	build "$base" "$base/build/libfuzzer"
	names=(base "${names[@]}")
	dirs=("$base/build/libfuzzer" "${dirs[@]}")
	trees=("$base" "${trees[@]}")
fi

tsv=$outdir/ceiling.tsv
printf 'build\ttarget\texecs\n' >"$tsv"
header=$(printf '%-14s' target; printf ' %12s' "${names[@]}")
[ -n "$base" ] && header+=$(printf ' %16s' "${names[@]/%//base}" | cut -c18-)
echo "$header"
for t in "${targets[@]}"; do
	declare -A rates=()
	for ((seed = 1; seed <= runs; seed++)); do
		for i in "${!dirs[@]}"; do
			b=${dirs[$i]}
			[ -x "$b/targets/fuzz_$t" ] || continue
			rm -rf "$work/c" && mkdir -p "$work/c"
			rate=$(libfuzzer_rate "$seed" "$b/targets/fuzz_$t" "$work/c" \
				"$(seeds "${trees[$i]}" "$b" "$t")")
			rates[$i]+="${rate:-0} "
		done
	done
	line=$(printf '%-14s' "$t")
	declare -a med=()
	for i in "${!dirs[@]}"; do
		med[$i]=$(median ${rates[$i]:-0})
		line+=$(printf ' %12s' "${med[$i]}")
		printf '%s\t%s\t%s\n' "${names[$i]}" "$t" "${med[$i]}" >>"$tsv"
	done
	if [ -n "$base" ]; then
		for ((i = 1; i < ${#dirs[@]}; i++)); do
			line+=$(awk -v a="${med[$i]}" -v b="${med[0]}" \
				'BEGIN { if (b > 0) printf(" %15.1fx", a / b); else printf(" %16s", "-") }')
		done
	fi
	echo "$line"
	unset rates med
done
