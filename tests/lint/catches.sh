#!/usr/bin/env bash
# The mediator lint fires on the defects it is meant to catch: apply the
# catalogue patches that reinstate "1 << order in int" (07) and a signed
# count-down rollback loop (08) to a copy, and expect one finding each.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp "$root"/core/mediator/*.[ch] "$copy/"
for p in "$root"/bench/bugs/07-*.patch "$root"/bench/bugs/08-*.patch; do
	patch -s -p3 -d "$copy" <"$p"
done
if out=$("$root/scripts/lint-mediator.sh" "$copy"/*.[ch]); then
	echo "lint missed the reinstated defects"; exit 1
fi
echo "$out"
grep -q 'open-coded bit' <<<"$out" || { echo "missed 1 << order"; exit 1; }
grep -q 'rollback loop' <<<"$out" || { echo "missed the for-loop rollback"; exit 1; }
echo "lint: catches both"
