#!/usr/bin/env bash
# A bounded libFuzzer run of one target, from its seed corpus into a scratch
# directory. A run that fails must say why where CI shows it: so on a
# failure this prints, for each artifact libFuzzer wrote, the program as
# text, its replayed verdict, and a line "smoke: TARGET: ..." to end with.
#   usage: smoke.sh FUZZER REPLAY TARGET SCRATCH SEEDS [LIBFUZZER-OPTION...]
# Exit status: the fuzzer's (0 clean), or 2 for bad usage.
set -u
[ $# -ge 5 ] || { sed -n '2,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }
fuzzer=$1 replay=$2 target=$3 scratch=$4 seeds=$5
shift 5
rm -rf "$scratch" && mkdir -p "$scratch/corpus" || exit 2
"$fuzzer" "$@" -artifact_prefix="$scratch/" "$scratch/corpus" "$seeds" 2>"$scratch/log"
rc=$?
if [ $rc = 0 ]; then
	tail -3 "$scratch/log"
	exit 0
fi
# What libFuzzer said, without its per-input status lines.
grep -v -E '^#[0-9]+	|^    #([6-9]|[1-9][0-9])' "$scratch/log" | tail -40
found=0
for a in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/oom-* "$scratch"/timeout-* "$scratch"/slow-unit-*; do
	[ -f "$a" ] || continue
	found=1
	echo "smoke: $target: artifact $(basename "$a"), $(stat -c %s "$a") bytes, base64:"
	base64 -w 0 "$a" && echo
	echo "smoke: $target: as a program:"
	"$replay" print -t "$target" "$a" 2>&1 | head -60
	echo "smoke: $target: replayed: $("$replay" run -q -t "$target" "$a" 2>&1 | tail -1)"
done
[ $found = 1 ] || echo "smoke: $target: the fuzzer exited $rc and wrote no artifact"
echo "smoke: $target: failed (fuzzer exit $rc); log in $scratch/log"
exit $rc
