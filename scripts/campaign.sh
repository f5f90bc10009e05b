#!/usr/bin/env bash
# The main job (SPEC §10): install what is missing, build every fuzz target,
# fuzz each for a while, triage what was found and print a table.
#
# usage: scripts/campaign.sh [-t SECONDS] [-e libfuzzer|afl] [-j JOBS] [-o OUTDIR] [TARGET...]
#   -t  seconds per target (default 60)
#   -j  parallel fuzzing processes per target (default: the number of cores):
#       libFuzzer -fork=JOBS; AFL++ one main (-M) and JOBS-1 secondaries (-S)
#   -e  engine: libfuzzer (ASan + UBSan, default) or afl (AFL++ persistent mode)
#   -o  output folder (default out/campaign); per target it keeps
#       corpus/ (grown corpus), crashes/ (raw crash files), findings/ (one
#       trace and one text program, a candidate regression test, per unique
#       signature) and fuzz.log
# Exit status: 0 no finding, 1 at least one finding, 2 bad usage or a failed build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60 engine=libfuzzer out=$root/out/campaign jobs=$(nproc)
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "t:e:j:o:h" opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	e) engine=$OPTARG ;;
	j) jobs=$OPTARG ;;
	o) out=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $engine in libfuzzer|afl) ;; *) echo "campaign: engine must be libfuzzer or afl" >&2; exit 2 ;; esac
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "campaign: -t takes seconds > 0" >&2; exit 2; }
[[ $jobs =~ ^[0-9]+$ ]] && [ "$jobs" -gt 0 ] || { echo "campaign: -j takes a number > 0" >&2; exit 2; }

cd "$root"
scripts/setup.sh
echo "campaign: building ($engine)"
cmake --preset "$engine" >/dev/null || { echo "campaign: configure failed" >&2; exit 2; }
cmake --build --preset "$engine" >/dev/null || { echo "campaign: build failed" >&2; exit 2; }
cmake --preset debug >/dev/null && cmake --build --preset debug --target el2fuzz-replay >/dev/null
build=$root/build/$engine
replay=$root/build/debug/replay/el2fuzz-replay

targets=("$@")
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
for t in "${targets[@]}"; do
	[ -x "$build/targets/fuzz_$t" ] || { echo "campaign: no target '$t'" >&2; exit 2; }
done

# Print the engine's latest status line every 10 s while it runs.
progress() { # pid log label
	while kill -0 "$1" 2>/dev/null; do
		sleep 10
		kill -0 "$1" 2>/dev/null || break
		if [ "$engine" = afl ]; then
			line=$(awk -F: '/execs_done|execs_per_sec|saved_crashes/ { gsub(/ /, "", $2); printf("%s=%s ", $1, $2) }' \
				"$2" 2>/dev/null | tr -s ' ' || true)
		else
			line=$(grep -E '^#[0-9]+' "$2" 2>/dev/null | tail -1 || true)
		fi
		[ -n "$line" ] && echo "  $3: $line"
	done
}

rows=() total=0 n=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	d=$out/$t
	mkdir -p "$d/corpus" "$d/crashes" "$d/findings"
	echo "campaign: [$n/${#targets[@]}] $t: fuzzing for $seconds s"
	if [ "$engine" = afl ]; then
		rm -rf "$d/afl"
		dictarg=()
		[ -f "$root/targets/$t.dict" ] && dictarg=(-x "$root/targets/$t.dict")
		pids=()
		for k in $(seq 0 $((jobs - 1))); do
			role=(-S "s$k")
			[ "$k" = 0 ] && role=(-M main)
			AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
				afl-fuzz "${role[@]}" -V "$seconds" -i "$build/corpora/$t/seed" -o "$d/afl" \
				"${dictarg[@]}" -- "$build/targets/fuzz_$t" >"$d/fuzz.$k.log" 2>&1 &
			pids+=($!)
		done
		progress "${pids[0]}" "$d/afl/main/fuzzer_stats" "$t"
		wait "${pids[@]}" || true
		cp "$d"/afl/*/crashes/id:* "$d/crashes/" 2>/dev/null || true
		cp "$d"/afl/main/queue/id:* "$d/corpus/" 2>/dev/null || true
		rate=$(cat "$d"/afl/*/fuzzer_stats | awk -F: '/execs_per_sec/ { gsub(/ /, "", $2); r += $2 } END { printf("%.0f", r) }')
		cov=$(awk -F: '/edges_found/ { gsub(/ /, "", $2); print $2 " edges" }' "$d/afl/main/fuzzer_stats")
	else
		dict=()
		[ -f "$root/targets/$t.dict" ] && dict=(-dict="$root/targets/$t.dict")
		# -fork keeps fuzzing after a finding; one job per core.
		"$build/targets/fuzz_$t" -fork="$jobs" -ignore_crashes=1 -max_total_time="$seconds" \
			-artifact_prefix="$d/crashes/" -print_final_stats=1 "${dict[@]}" \
			"$d/corpus" "$build/corpora/$t/seed" >"$d/fuzz.log" 2>&1 &
		pid=$!
		progress $pid "$d/fuzz.log" "$t"
		wait $pid || true
		# Inputs over seconds of the last status line: fork mode's own exec/s
		# reads 0 when jobs keep stopping at findings.
		rate=$(grep -E '^#[0-9]+' "$d/fuzz.log" | tail -1 | sed -nE 's/^#([0-9]+).* time: ([0-9]+)s.*/\1 \2/p' |
			awk '$2 > 0 { printf("%.0f", $1 / $2) }')
		cov=$(grep -E '^#[0-9]+' "$d/fuzz.log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1 edges/p')
	fi
	sigs=0
	if ls "$d/crashes/"* >/dev/null 2>&1; then
		"$replay" triage -t "$t" "$d/crashes" >"$d/triage.txt" 2>&1 || true
		while read -r sig count example; do
			safe=$(echo "$sig" | tr ':/' '__')
			"$replay" run -t "$t" "$example" >"$d/findings/$safe.trace" 2>&1 || true
			"$replay" print -t "$t" "$example" >"$d/findings/$safe.txt" 2>/dev/null || true
			sigs=$((sigs + 1))
		done < <(awk 'NR > 1 && /:/ && $2 ~ /^[0-9]+$/ { print $1, $2, $4 }' "$d/triage.txt")
	fi
	total=$((total + sigs))
	rows+=("$(printf '%-16s %10s %14s %8s %8s' "$t" "${rate:-?}" "${cov:-?}" "$sigs" \
		"$(ls "$d/crashes" | wc -l)")")
done

echo
printf '%-16s %10s %14s %8s %8s\n' target execs/s coverage unique crashes
printf '%s\n' "${rows[@]}"
echo
if [ "$total" -gt 0 ]; then
	echo "campaign: $total unique signature(s); traces and candidate regression programs in $out/<target>/findings/"
	for t in "${targets[@]}"; do
		[ -s "$out/$t/triage.txt" ] && sed -n '1,20p' "$out/$t/triage.txt"
	done
	exit 1
fi
echo "campaign: no finding; grown corpora in $out/<target>/corpus/"
