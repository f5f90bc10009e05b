#!/usr/bin/env bash
# expect.sh CODE REGEX CMD ARGS...: run CMD; pass if it exits with CODE and,
# when REGEX is not '-', its stderr is exactly one line matching REGEX.
set -u
code=$1 regex=$2
shift 2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$@" >/dev/null 2>"$err"
rc=$?
if [ "$rc" != "$code" ]; then
	echo "expected exit $code, got $rc: $*"; cat "$err"; exit 1
fi
if [ "$regex" != - ]; then
	lines=$(wc -l <"$err")
	if [ "$lines" != 1 ] || ! grep -Eq -- "$regex" "$err"; then
		echo "expected one stderr line matching '$regex', got $lines:"; cat "$err"; exit 1
	fi
fi
echo "ok: exit $rc $*"
