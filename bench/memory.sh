#!/usr/bin/env bash
# Memory per input (SPEC §11): peak RSS of a long fuzzing run, read from
# libFuzzer's own status lines (rss: at each power of two and at every new
# input), so that growth over the run shows. LeakSanitizer runs at exit
# (ASan builds), and a leak makes the run fail. The fuzzing run's RSS also
# holds ASan's quarantine of freed memory (256 MiB by default, filled over
# the first few hundred thousand inputs) and libFuzzer's own corpus and
# feature tables; so a second check replays the corpus the run made, no
# mutation, with a 1 MiB quarantine, R and 10 x R times over
# (-runs=R FILE..., the first 256 files by name): the harness's own
# memory, which must not grow.
#
# usage: bench/memory.sh [-n RUNS] [-N ITS_RUNS] [-R REPLAYS] [-b BUILD] [-o OUTDIR] [TARGET...]
#   -n  executions of each cheap target (default 10000000)
#   -N  executions of each ITS target (its, its_mediator, its_setup;
#       default 1000000)
#   -b  a libFuzzer build folder (default build/libfuzzer, built if missing)
#   -o  where memory.tsv and the logs go (default out/memory)
# Each target fuzzes from its seed corpus into a scratch corpus, -seed=1.
#   -R  replays of each corpus file in the replay check (default 20; 0: no check)
# Prints, per target: executions, RSS at the first status line past 1/8
# of the run, at the end, the peak, the corpus size, whether
# LeakSanitizer was clean, and the replay check's peak RSS after R and
# 10 x R passes over the corpus. Exit status: 0, 1 if a run failed (a finding,
# a leak, RSS limit), 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
runs=10000000 its_runs=1000000 replays=20 build=$root/build/libfuzzer outdir=$root/out/memory
while getopts "n:N:R:b:o:h" o; do
	case $o in
	n) runs=$OPTARG ;;
	N) its_runs=$OPTARG ;;
	R) replays=$OPTARG ;;
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
[[ $replays =~ ^[0-9]+$ ]] || { echo "memory: -R wants a number, not '$replays'" >&2; exit 2; }
targets=("$@")
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
if [ ! -x "$build/targets/fuzz_empty" ]; then
	[ "$build" = "$root/build/libfuzzer" ] ||
		{ echo "memory: $build: not a libFuzzer build folder" >&2; exit 2; }
	(cd "$root" && cmake --preset libfuzzer >/dev/null && cmake --build --preset libfuzzer >/dev/null)
fi
[ "$replays" = 0 ] || [ -x /usr/bin/time ] ||
	{ echo "memory: the replay check needs /usr/bin/time (apt-get install time), or -R 0" >&2; exit 2; }
mkdir -p "$outdir"
tsv=$outdir/memory.tsv
printf 'target\truns\trss_early_mb\trss_end_mb\trss_peak_mb\tcorpus\tleaks\treplay_r_mb\treplay_10r_mb\n' >"$tsv"
printf '%-14s %10s %8s %8s %8s %7s %-6s %10s %10s\n' target runs rss@1/8 rss@end peak corpus LSan replay×R replay×10R
# replay_rss BINARY R CORPUS: peak RSS in MiB of R runs of each of the
# corpus's first 256 files.
replay_rss() {
	local rc=0 kb
	find "$3" -type f -print0 | sort -z | head -z -n 256 | ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1 \
		xargs -0 /usr/bin/time -f '%M' -o "$outdir/replay.rss" "$1" -runs="$2" \
		>"$outdir/replay.log" 2>&1 || rc=$?
	kb=$(tail -1 "$outdir/replay.rss")
	echo $((kb / 1024))
	return $rc
}

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
	"$bin" -runs="$n" -seed=1 -print_final_stats=1 -detect_leaks=1 -artifact_prefix="$outdir/$t-" \
		-dict="$root/targets/$t.dict" "$corpus" "$build/corpora/$t/seed" >"$log" 2>&1 || rc=$?
	# Status lines: "#N	PULSE|NEW|REDUCE ... rss: XMb"
	read -r early last peak < <(awk -v n="$n" '
		/^#[0-9]+\t/ && /rss: / {
			x = $1; sub(/^#/, "", x); r = $0; sub(/.*rss: /, "", r); sub(/Mb.*/, "", r)
			if (x + 0 >= n / 8 && early == "") early = r
			last = r; if (r + 0 > peak) peak = r + 0
		}
		END { print (early == "" ? "-" : early), (last == "" ? "-" : last), peak + 0 }' "$log")
	leaks=clean
	grep -q "ERROR: LeakSanitizer" "$log" && leaks=LEAK
	[ $rc = 0 ] || { [ $leaks = LEAK ] || leaks="exit $rc"; status=1; }
	# The replay check: peak RSS (MiB) of R and 10 x R passes over the corpus.
	r1=- r10=-
	if [ "$replays" -gt 0 ] && [ -n "$(ls -A "$corpus")" ]; then
		r1=$(replay_rss "$bin" "$replays" "$corpus") || status=1
		r10=$(replay_rss "$bin" $((10 * replays)) "$corpus") || status=1
	fi
	nr=$(find "$corpus" -type f | wc -l)
	printf '%-14s %10s %8s %8s %8s %7s %-6s %10s %10s\n' "$t" "$n" "$early" "$last" "$peak" \
		"$nr" "$leaks" "$r1" "$r10"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$n" "$early" "$last" "$peak" \
		"$nr" "$leaks" "$r1" "$r10" >>"$tsv"
done
exit $status
