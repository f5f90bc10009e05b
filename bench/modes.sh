#!/usr/bin/env bash
# The cost of each machine mode (issue 10): the same ITS programs run over
# and over by a fuzz binary (libFuzzer's "-runs=N FILE...": no mutation, no
# corpus, the input only), once per mode:
#   coherent    the ITS snoops (its_coherent=1, the default)
#   noncoherent the ITS does not snoop: every hyp write it reads is traced
#               to PoC, every device write checked against the hyp's reads
#   cpu2        coherent, plus a second hyp CPU entering through the trap
#               after setup (its fiber, the race detector's vector clocks)
#   sbuf        cpu2, plus CPU 0's plain stores buffered (drained as late
#               as the architecture allows)
# Prints one line per mode: programs per CPU second (user + system, so
# that a busy machine changes the figures little) and the ratio to
# 'coherent'.
#
# usage: bench/modes.sh [-n RUNS] [-r ROUNDS] [-b BUILD] [PROGRAM.txt...]
#   -n  runs of each program per mode and round (default 2000)
#   -r  rounds over every mode, the median kept (default 3)
#   -b  a libFuzzer build folder (default build/libfuzzer, built if missing)
#   programs: ITS text programs with an its_setup line (default: the
#   its_mediator seeds commands, queue_wrap and stall_restart)
# Exit status: 0, or 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
runs=2000
rounds=3
build=$root/build/libfuzzer
while getopts "n:r:b:h" o; do
	case $o in
	n) runs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	b) build=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $runs =~ ^[0-9]+$ ]] && [ "$runs" -ge 1 ] || { echo "modes: -n wants a positive number, not '$runs'" >&2; exit 2; }
[[ $rounds =~ ^[0-9]+$ ]] && [ "$rounds" -ge 1 ] || { echo "modes: -r wants a positive number, not '$rounds'" >&2; exit 2; }
if [ $# = 0 ]; then
	set -- "$root"/corpora/its_mediator/seed/{commands,queue_wrap,stall_restart}.txt
fi
for p in "$@"; do
	[ -f "$p" ] || { echo "modes: no program $p" >&2; exit 2; }
	grep -q '^its_setup' "$p" || { echo "modes: $p has no its_setup line" >&2; exit 2; }
done
if [ ! -x "$build/targets/fuzz_its_mediator" ]; then
	(cd "$root" && cmake --preset libfuzzer >/dev/null && cmake --build --preset libfuzzer --target fuzz_its_mediator el2fuzz-replay >/dev/null)
fi
replay=$build/replay/el2fuzz-replay
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# variant MODE IN OUT: IN's ops under MODE
variant() {
	awk -v mode="$1" '
		/^config/ { if (mode == "noncoherent") { sub(/ its_coherent=[01]/, ""); $0 = $0 " its_coherent=0" } }
		{ print }
		/^its_setup/ && (mode == "cpu2" || mode == "sbuf") {
			if (mode == "sbuf") print "sbuf 0x0"
			print "cpu2_at 4 0"
			print "cpu2_mmio_read 0x90 8"
		}' "$2" >"$3"
}

modes="coherent noncoherent cpu2 sbuf"
for mode in $modes; do
	: >"$work/$mode.files"
	for p in "$@"; do
		n=$(basename "$p" .txt)
		variant "$mode" "$p" "$work/$mode-$n.txt"
		"$replay" convert -t its_mediator "$work/$mode-$n.txt" "$work/$mode-$n.bin" >/dev/null
		echo "$work/$mode-$n.bin" >>"$work/$mode.files"
	done
done
# Rounds of every mode in turn, the median round per mode: what else the
# machine runs then weighs on every mode alike.
for r in $(seq "$rounds"); do
	for mode in $modes; do
		mapfile -t files <"$work/$mode.files"
		# CPU time (user + system), not wall time.
		TIMEFORMAT='%U %S'
		{ time EL2FUZZ_MUTATOR=0 "$build/targets/fuzz_its_mediator" -runs="$runs" "${files[@]}" \
			>"$work/$mode.log" 2>&1; } 2>"$work/$mode.time" ||
			{ tail -5 "$work/$mode.log"; echo "modes: $mode: the fuzz binary failed" >&2; exit 1; }
		awk -v n=$((runs * $#)) '{ printf "%.0f\n", n / ($1 + $2) }' "$work/$mode.time" >>"$work/$mode.rates"
	done
	echo "modes: round $r of $rounds done" >&2
done
base=""
for mode in $modes; do
	rate=$(sort -n "$work/$mode.rates" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	[ -n "$base" ] || base=$rate
	printf '%-12s %8s programs/s  %5s of coherent  (rounds: %s)\n' "$mode" "$rate" \
		"$(awk -v r="$rate" -v b="$base" 'BEGIN { printf "%.2f", r / b }')" "$(paste -sd' ' "$work/$mode.rates")"
done
