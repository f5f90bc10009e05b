#!/usr/bin/env bash
# The main job (SPEC §10): install what is missing, build every fuzz target,
# fuzz each for a while, keep fuzzing past findings, triage what was found
# and print a table.
#
# usage: scripts/campaign.sh [-t SECONDS] [-e libfuzzer|afl] [-j JOBS] [-s FILE] [-o OUTDIR] [TARGET...]
#   -t  seconds per target (default 60)
#   -e  engine: libfuzzer (the mediator with ASan + UBSan, default) or afl (AFL++, persistent mode)
#   -j  fuzzing processes per target (default: the number of cores).
#       libFuzzer: -fork=JOBS. AFL++: a main (-M, the mediator with ASan +
#       UBSan), a CMPLOG secondary (-c 0), from 3 jobs a sanitizer-free
#       fast secondary, the rest secondaries like the main.
#   -s  suppressions: known signatures set aside, so fuzzing goes on past
#       them ("<glob> <reason>" per line; docs/TRIAGE.md)
#   -o  output folder (default out/campaign). Per target: corpus/, crashes/,
#       findings/ (a trace and a text program, a candidate regression test,
#       for the smallest reproducer of each signature), findings.txt,
#       coverage.dat (seconds, edges; coverage.png with gnuplot),
#       suppressed.txt, and the engine's logs (fuzz.log, fuzz.<instance>.log)
# Findings do not stop fuzzing (libFuzzer -fork -ignore_crashes; AFL++ goes
# on by itself). The table marks builds whose mediator has no load/store
# tracing (the other CPU's load/store points and O11 are off there).
# Exit status: 0 no finding, 1 at least one finding, 2 bad usage or a failed build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60 engine=libfuzzer out=$root/out/campaign jobs=$(nproc) supp=""
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
die() { echo "campaign: $*" >&2; exit 2; }
while getopts "t:e:j:o:s:h" opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	e) engine=$OPTARG ;;
	j) jobs=$OPTARG ;;
	o) out=$OPTARG ;;
	s) supp=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $engine in libfuzzer|afl) ;; *) die "engine must be libfuzzer or afl, not '$engine'" ;; esac
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || die "-t takes seconds > 0"
[[ $jobs =~ ^[0-9]+$ ]] && [ "$jobs" -gt 0 ] || die "-j takes a number > 0"

# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(el2fuzz_targets "$root")
# A typo stops here, before anything is built.
for t in "${targets[@]}"; do
	msg=$(el2fuzz_check_target "$root" "$t" 2>&1) || die "$msg"
done
if [ -n "$supp" ]; then
	[ -f "$supp" ] || die "-s $supp: no such file"
	supp=$(cd "$(dirname "$supp")" && pwd)/$(basename "$supp")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

cd "$root"
scripts/setup.sh
# Presets: the sanitized one fuzzes and triages; AFL++ adds its flavours.
main_preset=libfuzzer
presets=(libfuzzer)
if [ "$engine" = afl ]; then
	main_preset=afl-asan
	presets=(afl-asan)
	[ "$jobs" -ge 2 ] && presets+=(afl-cmplog)
	[ "$jobs" -ge 3 ] && presets+=(afl)
fi
want=(el2fuzz-replay)
for t in "${targets[@]}"; do want+=("fuzz_$t" "run_$t" "seeds_$t"); done
declare -A tracing
for p in "${presets[@]}"; do
	echo "campaign: building $p"
	cmake --preset "$p" >"$out/configure.$p.log" 2>&1 ||
		die "configure of $p failed, see $out/configure.$p.log"
	cmake --build --preset "$p" --target "${want[@]}" >"$out/build.$p.log" 2>&1 ||
		die "build of $p failed, see $out/build.$p.log"
	tracing[$p]=$(sed -n 's/^EL2FUZZ_LOAD_TRACING:INTERNAL=//p' "build/$p/CMakeCache.txt")
	case ${tracing[$p]} in
	TRUE|ON|1) ;;
	*) echo "campaign: warning: $p: no load/store tracing of the mediator: the other CPU" \
		"acts only at platform calls and O11 is off (see $out/configure.$p.log)" >&2 ;;
	esac
done
replay=$root/build/$main_preset/replay/el2fuzz-replay
if [ -n "$supp" ]; then
	msg=$("$replay" suppressions "$supp" 2>&1 >/dev/null) || die "-s: ${msg#el2fuzz-replay: }"
	export EL2FUZZ_SUPPRESSIONS=$supp
fi

# Processes this script started, ended by their ids on the way out.
own_pids=()
cleanup() {
	local p
	for p in "${own_pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

num() { awk -F: -v k="$1" '$1 ~ "^" k " *$" { gsub(/[ %]/, "", $2); print $2; exit }' "$2" 2>/dev/null; }

# AFL++ instances, one "name preset role..." per line.
afl_instances() {
	local k
	echo "main afl-asan -M main"
	[ "$jobs" -ge 2 ] && echo "cmplog afl-cmplog -S cmplog -c 0"
	[ "$jobs" -ge 3 ] && echo "fast afl -S fast"
	for ((k = 3; k < jobs; k++)); do echo "s$k afl-asan -S s$k"; done
	return 0
}

# One progress line per instance, every 10 s, from the first seconds on.
progress_afl() { # dir names...
	local d=$1 name live line
	shift
	for name in "$@"; do
		live=$d/live/$name.live
		if [ -s "$live" ]; then
			line=$(awk '{ v[$1] = $2 } END { printf("%.0f execs/s, corpus %s, edges %s, crashes %s",
				v["execs_per_sec"], v["corpus_count"], v["edges_found"], v["saved_crashes"]) }' "$live")
		else
			line="starting (calibrating the seeds)"
		fi
		echo "  $t $name: $line"
	done
}

progress_libfuzzer() { # log
	local line
	line=$(grep -E '^#[0-9]+' "$1" 2>/dev/null | tail -1 || true)
	[ -n "$line" ] && echo "  $t: $line"
	return 0
}

fuzz_afl() { # target dir
	local t=$1 d=$2 name preset role names=() pids=() dictarg=() i f r
	rm -rf "$d/afl" "$d/live"
	mkdir -p "$d/live"
	[ -f "$root/targets/$t.dict" ] && dictarg=(-x "$root/targets/$t.dict")
	while read -r name preset role; do names+=("$name"); done < <(afl_instances)
	python3 "$root/scripts/lib/afl_live.py" "$d/live" "${names[@]}" &
	own_pids+=($!)
	for ((i = 0; i < 50; i++)); do
		[ -f "$d/live/${names[-1]}.port" ] && break
		sleep 0.1
	done
	while read -r name preset role; do
		# shellcheck disable=SC2086 # role is words: -M main, -S cmplog -c 0
		ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
		UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0 \
		AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		AFL_STATSD=1 AFL_STATSD_HOST=127.0.0.1 AFL_STATSD_PORT=$(cat "$d/live/$name.port" 2>/dev/null || echo 8125) \
			afl-fuzz $role -V "$seconds" -i "$root/build/$main_preset/corpora/$t/seed" -o "$d/afl" \
			"${dictarg[@]}" -- "$root/build/$preset/targets/fuzz_$t" >"$d/fuzz.$name.log" 2>&1 &
		pids+=($!)
		own_pids+=($!)
		# The secondaries look for the main's folder when they start.
		[ "$name" = main ] && sleep 1
	done < <(afl_instances)
	while kill -0 "${pids[0]}" 2>/dev/null; do
		sleep 10
		kill -0 "${pids[0]}" 2>/dev/null && progress_afl "$d" "${names[@]}"
	done
	wait "${pids[@]}" || true
	# AFL++ 4.04c can leave its CMPLOG fork server behind when it exits, an
	# idle orphan of the target binary: gone with the run, not left living.
	# Only orphans (parent 1): another campaign's servers have a live parent.
	while read -r name preset role; do
		pkill -KILL -P 1 -fx "$root/build/$preset/targets/fuzz_$t" 2>/dev/null || true
	done < <(afl_instances)
	touch "$d/live/stop"
	# Crash files keep their times: they say when each finding was first seen.
	for name in "${names[@]}"; do
		for f in "$d/afl/$name"/crashes/id:*; do
			[ -e "$f" ] && cp -p "$f" "$d/crashes/$name-$(basename "$f")"
		done
	done
	cp -p "$d"/afl/main/queue/id:* "$d/corpus/" 2>/dev/null || true
	rate=0
	for name in "${names[@]}"; do
		r=$(num execs_per_sec "$d/afl/$name/fuzzer_stats")
		rate=$(awk -v a="$rate" -v b="${r:-0}" 'BEGIN { printf("%.0f", a + b) }')
	done
	cov="$(num edges_found "$d/afl/main/fuzzer_stats") edges"
	stability=$(for name in "${names[@]}"; do num stability "$d/afl/$name/fuzzer_stats"; done |
		sort -n | head -1)
	if [ -n "$stability" ] && awk -v s="$stability" 'BEGIN { exit !(s < 99) }'; then
		echo "  $t: AFL++ stability $stability% < 99%: instrumented code depends on earlier" \
			"inputs (docs/TRIAGE.md, AFL++ stability); var_bytes in $d/afl/*/fuzzer_stats" >&2
	fi
	stability=${stability:+$stability%}
	# Coverage over time: the main's live series (seconds, edges).
	{ echo "# seconds edges (AFL++ main, $t)"; awk '{ print $1, $2 }' "$d/live/main.series" 2>/dev/null; } \
		>"$d/coverage.dat"
	# afl-fuzz's own warnings and aborts, once each, and where the logs are.
	sed 's/\x1b\[[0-9;]*[a-zA-Z]//g' "$d"/fuzz.*.log | grep -aE '^\[!\]|PROGRAM ABORT' | grep -v 'Time limit was reached' |
		sort | uniq -c | sed "s/^/  $t afl-fuzz: /" || true
	echo "  $t: afl-fuzz logs: $(ls "$d"/fuzz.*.log | tr '\n' ' ')"
}

# Where libFuzzer's fork mode keeps its jobs' inputs: tmpfs when the user
# named no TMPDIR and /dev/shm has room (1 GiB). Each input a job keeps
# is a file, and on a disk filesystem creating them cost a fifth of the
# inputs a run gets through (docs/BENCHMARKS.md). The corpus stays in -o.
fork_tmpdir() {
	local free
	if [ -n "${TMPDIR:-}" ]; then
		echo "$TMPDIR"
		return
	fi
	free=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
	if [ -w /dev/shm ] && [ "${free:-0}" -ge 1048576 ]; then
		echo /dev/shm
	else
		echo /tmp
	fi
}

fuzz_libfuzzer() { # target dir
	local t=$1 d=$2 dict=() pid
	[ -f "$root/targets/$t.dict" ] && dict=(-dict="$root/targets/$t.dict")
	# -fork keeps fuzzing after a finding; one job per core.
	TMPDIR=$(fork_tmpdir) \
	"$root/build/$main_preset/targets/fuzz_$t" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
		-ignore_ooms=1 -max_total_time="$seconds" -artifact_prefix="$d/crashes/" \
		-print_final_stats=1 "${dict[@]}" "$d/corpus" "$root/build/$main_preset/corpora/$t/seed" \
		>"$d/fuzz.log" 2>&1 &
	pid=$!
	own_pids+=($pid)
	while kill -0 $pid 2>/dev/null; do
		sleep 10
		kill -0 $pid 2>/dev/null && progress_libfuzzer "$d/fuzz.log"
	done
	wait $pid || true
	# Inputs over seconds of the last status line: fork mode's own exec/s
	# reads 0 when jobs keep stopping at findings.
	rate=$(grep -E '^#[0-9]+' "$d/fuzz.log" | tail -1 | sed -nE 's/^#([0-9]+).* time: ([0-9]+)s.*/\1 \2/p' |
		awk '$2 > 0 { printf("%.0f", $1 / $2) }')
	cov=$(grep -E '^#[0-9]+' "$d/fuzz.log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1 edges/p')
	stability=-
	{ echo "# seconds edges (libFuzzer -fork, $t)"
	  grep -E '^#[0-9]+.* time: [0-9]+s' "$d/fuzz.log" |
		sed -nE 's/.*cov: ([0-9]+).* time: ([0-9]+)s.*/\2 \1/p'; } >"$d/coverage.dat"
}

# coverage.dat -> coverage.png, where gnuplot is installed.
plot() { # dir target
	command -v gnuplot >/dev/null || return 0
	[ "$(grep -vc '^#' "$1/coverage.dat")" -gt 0 ] || return 0
	gnuplot -e "set terminal png size 800,400; set output '$1/coverage.png';
		set xlabel 'seconds'; set ylabel 'edges'; set key bottom right;
		plot '$1/coverage.dat' using 1:2 with lines title '$2 ($engine)' noenhanced" 2>/dev/null || true
}

# The findings table of one target from 'triage -v': signature, count,
# first seen (seconds after the start, from the crash files' times) and the
# smallest reproducer; a trace and a text program for each.
findings() { # target dir start-epoch
	local t=$1 d=$2 start=$3 sig safe
	: >"$d/findings.txt"
	sigs=0
	ls "$d/crashes/"* >/dev/null 2>&1 || return 0
	"$replay" triage -v -t "$t" "$d/crashes" >"$d/triage.txt" 2>&1 || true
	awk -v start="$start" '
		{ i = index($0, ": FINDING "); if (!i) next
		  path = substr($0, 1, i - 1); sig = substr($0, i + 10)
		  sub(/ \[[a-z]+\]$/, "", sig)
		  cmd = "stat -c \"%Y %s\" \"" path "\""; cmd | getline st; close(cmd)
		  split(st, a, " "); t = a[1] - start; if (t < 0) t = 0
		  n[sig]++
		  if (!(sig in first) || t < first[sig]) first[sig] = t
		  if (!(sig in size) || a[2] < size[sig]) { size[sig] = a[2]; small[sig] = path } }
		END { for (s in n) printf("%s %d %d %s\n", s, n[s], first[s], small[s]) }' \
		"$d/triage.txt" | sort -k3,3n >"$d/findings.txt"
	while read -r sig _ _ path; do
		safe=$(echo "$sig" | tr ':/@' '___')
		"$replay" run -t "$t" "$path" >"$d/findings/$safe.trace" 2>&1 || true
		"$replay" print -t "$t" "$path" >"$d/findings/$safe.txt" 2>/dev/null || true
		sigs=$((sigs + 1))
	done <"$d/findings.txt"
}

rows=() total=0 n=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	d=$out/$t
	rm -rf "$d/crashes" "$d/findings" "$d/suppressed.log" "$d/triage.txt"
	mkdir -p "$d/corpus" "$d/crashes" "$d/findings"
	export EL2FUZZ_SUPPRESSED_LOG=$d/suppressed.log
	echo "campaign: [$n/${#targets[@]}] $t: fuzzing for $seconds s ($engine, $jobs job(s))"
	start=$(date +%s)
	"fuzz_$engine" "$t" "$d"
	unset EL2FUZZ_SUPPRESSED_LOG
	plot "$d" "$t"
	findings "$t" "$d" "$start"
	# Suppressed signatures: how many fuzzing processes met each.
	supp_n=0
	if [ -s "$d/suppressed.log" ]; then
		cut -f1 "$d/suppressed.log" | sort | uniq -c | awk '{ print $2, $1 }' >"$d/suppressed.txt"
		supp_n=$(wc -l <"$d/suppressed.txt")
	fi
	total=$((total + sigs))
	trace_mark=yes
	for p in "${presets[@]}"; do
		case ${tracing[$p]} in TRUE|ON|1) ;; *) trace_mark="OFF($p)" ;; esac
	done
	rows+=("$(printf '%-14s %9s %12s %9s %8s %6s %10s %7s' "$t" "${rate:-?}" "${cov:-?}" \
		"${stability:--}" "$trace_mark" "$sigs" "$supp_n" "$(ls "$d/crashes" | wc -l)")")
done

echo
printf '%-14s %9s %12s %9s %8s %6s %10s %7s\n' target execs/s coverage stability tracing unique suppressed crashes
printf '%s\n' "${rows[@]}"
for t in "${targets[@]}"; do
	if [ -s "$out/$t/findings.txt" ]; then
		echo
		echo "$t: findings (first seen: seconds after the start)"
		printf '  %-56s %6s %10s  %s\n' signature count first_seen smallest_reproducer
		awk '{ printf("  %-56s %6d %9ds  %s\n", $1, $2, $3, $4) }' "$out/$t/findings.txt"
	fi
	if [ -s "$out/$t/suppressed.txt" ]; then
		echo "$t: suppressed (processes that met it): $(tr '\n' ';' <"$out/$t/suppressed.txt" | sed 's/;$//; s/;/, /g')"
	fi
	# A crash the replay does not reproduce is the engine's or the
	# harness's, not the mediator's: say so rather than leave a count.
	quiet=$(sed -nE 's/.*; ([0-9]+) file\(s\) without a finding;.*/\1/p' "$out/$t/triage.txt" 2>/dev/null || true)
	if [ "${quiet:-0}" -gt 0 ]; then
		echo "$t: $quiet crash file(s) that do not replay (a fault of the engine or the harness, not a finding; see $out/$t/triage.txt)"
	fi
done
echo
echo "campaign: coverage over time in $out/<target>/coverage.dat$(command -v gnuplot >/dev/null && echo ' and coverage.png')"
if [ "$total" -gt 0 ]; then
	echo "campaign: $total unique signature(s); traces and candidate regression programs in $out/<target>/findings/"
	exit 1
fi
echo "campaign: no finding; grown corpora in $out/<target>/corpus/"
