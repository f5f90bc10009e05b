#!/usr/bin/env bash
# Every defect patch still applies to the mediator it was written against
# (bench/bugs/*.patch to core/mediator, bench/mediators/NAME/bugs/*.patch
# to that mediator's file), and names a target and an expected signature: a patch
# that drifted from the code would make the exposure benchmark skip it.
# usage: tests/bugs/apply.sh
# Exit status: 0 all apply; 1 one does not (named on one line each).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
n=0
for p in "$root"/bench/bugs/*.patch "$root"/bench/mediators/*/bugs/*.patch; do
	[ -e "$p" ] || continue
	n=$((n + 1))
	grep -q '^Target: [a-z_]*$' "$p" || { echo "bugs: $p: no 'Target:' line"; bad=1; }
	grep -q '^Expect: ' "$p" || { echo "bugs: $p: no 'Expect:' line"; bad=1; }
	rm -rf "$tmp/x"
	files=$(grep '^+++ ' "$p" | awk '{ print $2 }' | sed 's#^[^/]*/##')
	for f in $files; do
		[ -f "$root/$f" ] || { echo "bugs: $p: patches $f, which does not exist"; bad=1; continue 2; }
		mkdir -p "$tmp/x/$(dirname "$f")" && cp "$root/$f" "$tmp/x/$f"
	done
	patch -s -f --dry-run -p1 -d "$tmp/x" <"$p" >/dev/null 2>&1 ||
		{ echo "bugs: $p does not apply to" $files; bad=1; }
done
[ $bad = 0 ] && echo "bugs: $n patches apply"
exit $bad
