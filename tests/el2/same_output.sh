#!/usr/bin/env bash
# The EL2 image is deterministic: two runs with the same arguments print
# byte-identical output (the runner's own timing line aside).
# usage: same_output.sh RUNNER IMAGE
set -u
run=$1
image=$2
a=$(mktemp) b=$(mktemp)
trap 'rm -f "$a" "$b"' EXIT
"$run" -q -o "$a" "$image" >/dev/null
rc=$?
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "same_output: first run: exit $rc"; exit 1; }
"$run" -q -o "$b" "$image" >/dev/null || { echo "same_output: second run failed"; exit 1; }
[ "$(wc -l <"$a")" -gt 10 ] || { echo "same_output: too little output to compare"; exit 1; }
if ! cmp -s "$a" "$b"; then
	echo "same_output: the two runs differ:"
	diff "$a" "$b" | head -20
	exit 1
fi
echo "same_output: $(wc -l <"$a") identical lines"
