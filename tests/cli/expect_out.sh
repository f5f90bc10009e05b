#!/usr/bin/env bash
# expect_out.sh CODE REGEX CMD ARGS...: run CMD; pass if it exits with CODE
# and the last line of its standard output matches REGEX.
set -u
code=$1 regex=$2
shift 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err"
rc=$?
last=$(tail -1 "$out")
if [ "$rc" != "$code" ]; then
	echo "expected exit $code, got $rc: $*"; tail -20 "$out" "$err"; exit 1
fi
if ! printf '%s\n' "$last" | grep -Eq -- "$regex"; then
	echo "expected a last line matching '$regex', got '$last'"; exit 1
fi
echo "ok: exit $rc, '$last'"
