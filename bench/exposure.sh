#!/usr/bin/env bash
# Time to exposure (SPEC §11): for each catalogued defect, build a scratch
# copy of the mediator with the defect's patch applied (libFuzzer, ASan +
# UBSan), fuzz it N times from the target's seed corpus, and report how many
# trials found it, the median time to the first finding (trials that never
# find it are censored at the time limit, not dropped) and the signature.
#
# usage: bench/exposure.sh [-n TRIALS] [-t SECONDS] [-o OUTDIR] [-z] [-d] [PATCH...]
#   default: every bench/bugs/*.patch, 5 trials of 60 s, out/exposure
#   -z: start from an empty corpus instead of the seeds (harder)
#   -d: give libFuzzer the target's dictionary (targets/<target>.dict)
# A patch names its target on a line "Target: <name>" before the diff.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
trials=5 seconds=60 out=$root/out/exposure zero=0 dict=0
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "n:t:o:zdh" opt; do
	case $opt in
	n) trials=$OPTARG ;;
	t) seconds=$OPTARG ;;
	o) out=$OPTARG ;;
	z) zero=1 ;;
	d) dict=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
patches=("$@")
[ ${#patches[@]} -gt 0 ] || patches=("$root"/bench/bugs/*.patch)
mkdir -p "$out"
printf '%-46s %-12s %7s %9s  %s\n' defect target found median signature | tee "$out/summary.txt"
for p in "${patches[@]}"; do
	[ -f "$p" ] || { echo "exposure: $p: no such patch" >&2; exit 2; }
	name=$(basename "$p" .patch)
	target=$(sed -n 's/^Target: *//p' "$p" | head -1)
	[ -n "$target" ] || { echo "exposure: $p: no 'Target:' line" >&2; exit 2; }
	dir=$out/$name
	echo "exposure: $name: building the defective mediator" >&2
	build=$("$root"/bench/lib/scratch_build.sh "$dir" "$p" -- \
		-DEL2FUZZ_ENGINE=libfuzzer -DEL2FUZZ_SANITIZE=ON | tail -1)
	times=() sigs=() found=0
	for i in $(seq 1 "$trials"); do
		work=$dir/trial$i
		rm -rf "$work" && mkdir -p "$work/corpus"
		seeds=("$build/corpora/$target/seed")
		[ $zero = 1 ] && seeds=()
		dictarg=()
		[ $dict = 1 ] && [ -f "$root/targets/$target.dict" ] &&
			dictarg=(-dict="$root/targets/$target.dict")
		start=$(date +%s.%N)
		"$build/targets/fuzz_$target" -seed="$i" -max_total_time="$seconds" \
			-artifact_prefix="$work/" -print_final_stats=0 "${dictarg[@]}" \
			"$work/corpus" "${seeds[@]}" >"$work/log" 2>&1 || true
		end=$(date +%s.%N)
		crash=$(ls "$work"/crash-* "$work"/timeout-* "$work"/leak-* 2>/dev/null | head -1 || true)
		if [ -n "$crash" ]; then
			found=$((found + 1))
			t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf("%.2f", b - a) }')
			times+=("$t")
			sig=$("$build/replay/el2fuzz-replay" triage -t "$target" "$crash" 2>/dev/null |
				awk 'NR == 2 { print $1 }' || true)
			sigs+=("${sig:-unknown}")
			printf 'exposure: %s trial %d: %.1f s %s\n' "$name" "$i" "$t" "${sig:-unknown}" >&2
		else
			times+=("inf")
			printf 'exposure: %s trial %d: not found in %s s (censored)\n' "$name" "$i" "$seconds" >&2
		fi
	done
	median=$(printf '%s\n' "${times[@]}" | sort -g | awk -v s="$seconds" \
		'{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)]; if (m == "inf") printf(">%s", s); else printf("%.1f", m) }')
	sig=$(printf '%s\n' "${sigs[@]:-}" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
	printf '%-46s %-12s %5d/%d %8ss  %s\n' "$name" "$target" "$found" "$trials" "$median" \
		"${sig:--}" | tee -a "$out/summary.txt"
done
