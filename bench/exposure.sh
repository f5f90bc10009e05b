#!/usr/bin/env bash
# Time to exposure (SPEC §11): for each catalogued defect, build a scratch
# copy of the mediator with the defect's patch applied (libFuzzer, as the
# campaign preset builds it: the mediator with ASan +
# UBSan), fuzz it N times from the target's seed corpus, and report how many
# trials found it, the median time to the first finding (trials that never
# find it are censored at the time limit, not dropped) and the signature.
#
# usage: bench/exposure.sh [-n TRIALS] [-t SECONDS] [-o OUTDIR] [-z|-b] [-d]
#                          [-m on|off] [-C] [-P IMAGE.png] [PATCH...]
#   default: every bench/bugs/*.patch, 5 trials of 60 s, out/exposure
#   -z: start from an empty corpus instead of the seeds (harder)
#   -b: both: from the seeds, then from an empty corpus
#   -d: give libFuzzer the target's dictionary (targets/<target>.dict)
#   -m: the structure-aware mutator on (the fuzz binaries' default) or off
#       (EL2FUZZ_MUTATOR=0 and -len_control=100: libFuzzer's own mutations
#       and length control, exactly as a binary without the mutator; a
#       custom mutator makes libFuzzer turn length control off by default)
#   -P: also copy the picture there (e.g. docs/exposure.png)
#   -C: do not replay findings on the corrected mediator. By default every
#       trial's finding is replayed on the same mediator without the patch;
#       one that the corrected mediator reports too is the harness's false
#       alarm, not the defect: it is not counted as found, it is printed,
#       and the "false" column counts it (exit status 3 if any).
# Writes OUTDIR/summary.txt, OUTDIR/exposure.tsv (one row per defect and
# start), OUTDIR/false-alarms.txt (the crash files a corrected mediator
# also reports, with its verdict) and OUTDIR/exposure.png (bench/lib/plot.sh; needs gnuplot-nox).
# A patch names its target on a line "Target: <name>" before the diff.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
trials=5 seconds=60 out=$root/out/exposure starts=seeds dict=0 mutator=on image="" check=1
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
while getopts "n:t:o:zbdm:CP:h" opt; do
	case $opt in
	n) trials=$OPTARG ;;
	t) seconds=$OPTARG ;;
	o) out=$OPTARG ;;
	z) starts=empty ;;
	b) starts="seeds empty" ;;
	d) dict=1 ;;
	m) mutator=$OPTARG ;;
	P) image=$OPTARG ;;
	C) check=0 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $mutator in
on) mutator_env=1 engine_args=() ;;
off) mutator_env=0 engine_args=(-len_control=100) ;;
*) echo "exposure: -m takes on or off, not '$mutator'" >&2; exit 2 ;;
esac
[[ $trials =~ ^[1-9][0-9]*$ ]] || { echo "exposure: -n takes a positive number" >&2; exit 2; }
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "exposure: -t takes a positive number of seconds" >&2; exit 2; }
patches=("$@")
[ ${#patches[@]} -gt 0 ] || patches=("$root"/bench/bugs/*.patch)
for p in "${patches[@]}"; do
	[ -f "$p" ] || { echo "exposure: $p: no such patch" >&2; exit 2; }
	sed -n 's/^Target: *//p' "$p" | grep -q . || { echo "exposure: $p: no 'Target:' line" >&2; exit 2; }
done
mkdir -p "$out"
: >"$out/false-alarms.txt"
build_args=(-DEL2FUZZ_ENGINE=libfuzzer -DEL2FUZZ_SANITIZE=ON -DEL2FUZZ_SANITIZE_HARNESS=OFF)
# corrected PATCH: the replay tool of the same mediator without the patch
# (built once per mediator, as the defective one is built); prints its path.
corrected() {
	local other kind dir
	other=$(sed -n 's|^+++ b/bench/mediators/\([^/]*\)/.*|\1|p' "$1" | head -1)
	kind=${other:-project}
	dir=$out/corrected-$kind
	if [ ! -x "$dir/build/replay/el2fuzz-replay" ]; then
		echo "exposure: building the corrected $kind mediator" >&2
		CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} SCRATCH_BUILD_TARGETS=el2fuzz-replay \
			"$root"/bench/lib/scratch_build.sh "$dir" ${other:+-m "$other"} -- "${build_args[@]}" >/dev/null
	fi
	echo "$dir/build/replay/el2fuzz-replay"
}
false_total=0
echo "# mutator $mutator, dictionary $([ $dict = 1 ] && echo yes || echo no), $trials trials of $seconds s" |
	tee "$out/summary.txt"
printf '%-46s %-12s %-6s %7s %9s %5s  %s\n' defect target start found median false signature |
	tee -a "$out/summary.txt"
printf 'defect\tstart\tmutator\tfound\ttrials\tmedian\tlimit\ttimes\tsignature\tfalse_alarms\n' >"$out/exposure.tsv"
for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	target=$(sed -n 's/^Target: *//p' "$p" | head -1)
	dir=$out/$name
	echo "exposure: $name: building the defective mediator" >&2
	build=$(CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
		SCRATCH_BUILD_TARGETS="fuzz_$target el2fuzz-replay seeds_$target" \
		"$root"/bench/lib/scratch_build.sh "$dir" "$p" -- \
		"${build_args[@]}" | tail -1)
	fixed=""
	[ $check = 0 ] || fixed=$(corrected "$p")
	for start in $starts; do
		times=() sigs=() found=0 false=0
		for i in $(seq 1 "$trials"); do
			work=$dir/$start-trial$i
			rm -rf "$work" && mkdir -p "$work/corpus"
			seeds=("$build/corpora/$target/seed")
			[ "$start" = empty ] && seeds=()
			dictarg=()
			[ $dict = 1 ] && [ -f "$root/targets/$target.dict" ] &&
				dictarg=(-dict="$root/targets/$target.dict")
			start_time=$(date +%s.%N)
			EL2FUZZ_MUTATOR=$mutator_env "$build/targets/fuzz_$target" -seed="$i" \
				-max_total_time="$seconds" -artifact_prefix="$work/" -print_final_stats=0 \
				"${engine_args[@]}" "${dictarg[@]}" "$work/corpus" "${seeds[@]}" >"$work/log" 2>&1 || true
			end_time=$(date +%s.%N)
			crash=$(ls "$work"/crash-* "$work"/timeout-* "$work"/leak-* 2>/dev/null | head -1 || true)
			verdict=""
			if [ -n "$crash" ] && [ -n "$fixed" ]; then
				verdict=$("$fixed" run -q -t "$target" "$crash" 2>/dev/null | tail -1) || true
				case $verdict in
				*": no finding") verdict="" ;;
				*) verdict=${verdict:-"no verdict"} ;;
				esac
			fi
			if [ -n "$verdict" ]; then
				# The corrected mediator reports it too: the harness's alarm.
				false=$((false + 1))
				times+=("inf")
				printf '%s\t%s\n' "$crash" "$verdict" >>"$out/false-alarms.txt"
				printf 'exposure: %s %s trial %d: FALSE ALARM, the corrected mediator reports it too: %s\n' \
					"$name" "$start" "$i" "$verdict" >&2
			elif [ -n "$crash" ]; then
				found=$((found + 1))
				t=$(awk -v a="$start_time" -v b="$end_time" 'BEGIN { printf("%.2f", b - a) }')
				times+=("$t")
				sig=$("$build/replay/el2fuzz-replay" triage -t "$target" "$crash" 2>/dev/null |
					awk 'NR == 2 { print $1 }' || true)
				sigs+=("${sig:-unknown}")
				printf 'exposure: %s %s trial %d: %.1f s %s\n' "$name" "$start" "$i" "$t" \
					"${sig:-unknown}" >&2
			else
				times+=("inf")
				printf 'exposure: %s %s trial %d: not found in %s s (censored)\n' "$name" \
					"$start" "$i" "$seconds" >&2
			fi
		done
		# Censored trials sort last ("inf"): the median is censored when half are.
		median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
		shown=$(awk -v m="$median" -v s="$seconds" 'BEGIN { if (m == "inf") printf(">%s", s); else printf("%.1f", m) }')
		sig=$(printf '%s\n' "${sigs[@]:-}" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
		printf '%-46s %-12s %-6s %5d/%d %8ss %5s  %s\n' "$name" "$target" "$start" "$found" "$trials" \
			"$shown" "$([ $check = 1 ] && echo $false || echo -)" "${sig:--}" | tee -a "$out/summary.txt"
		printf '%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n' "$name" "$start" "$mutator" "$found" "$trials" \
			"$median" "$seconds" "$(IFS=,; echo "${times[*]}")" "${sig:--}" \
			"$([ $check = 1 ] && echo $false || echo -)" >>"$out/exposure.tsv"
		false_total=$((false_total + false))
	done
done
if command -v gnuplot >/dev/null; then
	"$root"/bench/lib/plot.sh exposure -o "$out/exposure.png" \
		-t "Time to exposure, $trials trials of $seconds s, mutator $mutator" "$out/exposure.tsv" >/dev/null
	[ -z "$image" ] || cp "$out/exposure.png" "$image"
else
	echo "exposure: gnuplot not found (apt-get install gnuplot-nox): no picture" >&2
fi
if [ $false_total -gt 0 ]; then
	echo "exposure: $false_total finding(s) the corrected mediator reports too: $out/false-alarms.txt" >&2
	exit 3
fi
