#!/usr/bin/env bash
# Source-based coverage (llvm-cov) of the mediator over the corpora: every
# seed and regression program, plus a grown corpus if a campaign left one
# (out/campaign/<target>/corpus).
#
# usage: scripts/coverage.sh [-o OUTDIR]    (default out/coverage)
# Writes OUTDIR/report.txt (per-file table) and OUTDIR/html/index.html.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/out/coverage
while getopts "o:h" opt; do
	case $opt in
	o) out=$OPTARG ;;
	h) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 2 ;;
	esac
done
cd "$root"
scripts/setup.sh >/dev/null
cmake --preset coverage >/dev/null
cmake --build --preset coverage >/dev/null
b=build/coverage
rm -rf "$out" && mkdir -p "$out/prof"
export LLVM_PROFILE_FILE="$out/prof/%p-%m.profraw"
bins=()
# shellcheck source=scripts/lib/targets.sh
. "$root/scripts/lib/targets.sh"
for t in $(el2fuzz_targets "$root"); do
	bins+=("$b/targets/run_$t")
	files=(corpora/"$t"/seed/*.txt)
	ls corpora/"$t"/regress/*.txt >/dev/null 2>&1 && files+=(corpora/"$t"/regress/*.txt)
	"$b/targets/run_$t" -q "${files[@]}" >/dev/null
	if [ -d "out/campaign/$t/corpus" ]; then
		find "out/campaign/$t/corpus" -type f -print0 |
			xargs -0 -r -n 500 "$b/targets/run_$t" -q >/dev/null
	fi
done
llvm-profdata-14 merge -sparse "$out"/prof/*.profraw -o "$out/merged.profdata"
objs=()
for x in "${bins[@]:1}"; do objs+=(-object "$x"); done
llvm-cov-14 report "${bins[0]}" "${objs[@]}" -instr-profile="$out/merged.profdata" \
	core/mediator | tee "$out/report.txt"
llvm-cov-14 show "${bins[0]}" "${objs[@]}" -instr-profile="$out/merged.profdata" \
	-format=html -output-dir="$out/html" core/mediator >/dev/null
echo "coverage: $out/report.txt, $out/html/index.html"
