#!/usr/bin/env bash
# Memory per input (issue 11, point 4): peak RSS of a long fuzzing run,
# read from libFuzzer's own status lines (rss: at each power of two and at
# every new input), so that growth over the run shows: a leak per input, a
# table that grows with the inputs seen. LeakSanitizer runs at exit (ASan
# builds), and a leak makes the run fail.
#
# usage: bench/memory.sh [-n RUNS] [-N ITS_RUNS] [-b BUILD] [-o OUTDIR] [TARGET...]
#   -n  executions of each cheap target (default 10000000)
#   -N  executions of each ITS target (its, its_mediator, its_setup;
#       default 1000000)
#   -b  a libFuzzer build folder (default build/libfuzzer, built if missing)
#   -o  where memory.tsv and the logs go (default out/memory)
# Each target fuzzes from its seed corpus into a scratch corpus, -seed=1.
# Prints, per target: executions, RSS at the first status line past 1/8
# of the run, at the end, the peak, the corpus size and whether
# LeakSanitizer was clean. Exit status: 0, 1 if a run failed (a finding,
# a leak, RSS limit), 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
runs=10000000 its_runs=1000000 build=$root/build/libfuzzer outdir=$root/out/memory
while getopts "n:N:b:o:h" o; do
	case $o in
	n) runs=$OPTARG ;;
	N) its_runs=$OPTARG ;;
	b) build=$OPTARG ;;
	o) outdir=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
for v in "$runs" "$its_runs"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "memory: -n and -N want a positive number, not '$v'" >&2; exit 2; }
done
targets=("$@")
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
if [ ! -x "$build/targets/fuzz_empty" ]; then
	[ "$build" = "$root/build/libfuzzer" ] ||
		{ echo "memory: $build: not a libFuzzer build folder" >&2; exit 2; }
	(cd "$root" && cmake --preset libfuzzer >/dev/null && cmake --build --preset libfuzzer >/dev/null)
fi
mkdir -p "$outdir"
tsv=$outdir/memory.tsv
printf 'target\truns\trss_early_mb\trss_end_mb\trss_peak_mb\tcorpus\tleaks\n' >"$tsv"
printf '%-14s %10s %10s %10s %10s %8s %s\n' target runs rss@1/8 rss@end peak corpus LSan
status=0
for t in "${targets[@]}"; do
	bin=$build/targets/fuzz_$t
	[ -x "$bin" ] || { echo "memory: no fuzz_$t in $build" >&2; exit 2; }
	n=$runs
	case $t in its | its_*) n=$its_runs ;; esac
	corpus=$outdir/corpus-$t
	rm -rf "$corpus" && mkdir -p "$corpus"
	log=$outdir/$t.log
	rc=0
	"$bin" -runs="$n" -seed=1 -print_final_stats=1 -detect_leaks=1 \
		-dict="$root/targets/$t.dict" "$corpus" "$build/corpora/$t/seed" >"$log" 2>&1 || rc=$?
	# Status lines: "#N	PULSE|NEW|REDUCE ... rss: XMb"
	read -r early last peak < <(awk -v n="$n" '
		/^#[0-9]+\t/ && /rss: / {
			x = $1; sub(/^#/, "", x); r = $0; sub(/.*rss: /, "", r); sub(/Mb.*/, "", r)
			if (x + 0 >= n / 8 && early == "") early = r
			last = r; if (r + 0 > peak) peak = r
		}
		END { print (early == "" ? "-" : early), (last == "" ? "-" : last), peak + 0 }' "$log")
	leaks=clean
	grep -q "ERROR: LeakSanitizer" "$log" && leaks=LEAK
	[ $rc = 0 ] || { [ $leaks = LEAK ] || leaks="exit $rc"; status=1; }
	printf '%-14s %10s %10s %10s %10s %8s %s\n' "$t" "$n" "$early" "$last" "$peak" \
		"$(find "$corpus" -type f | wc -l)" "$leaks"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$n" "$early" "$last" "$peak" \
		"$(find "$corpus" -type f | wc -l)" "$leaks" >>"$tsv"
done
exit $status
