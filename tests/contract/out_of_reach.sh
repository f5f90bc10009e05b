#!/usr/bin/env bash
# The host model and the oracle never look at a mediator's private state:
#  1. every file of core/adversary and core/oracle compiles in a copy of
#     the tree that has no core/mediator (its private headers out of
#     reach), against core/include and the generated profile only;
#  2. none of them names a protected region's ->priv (the mediator's own
#     pointer) or the project's private struct.
# usage: out_of_reach.sh CC GENERATED_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cc=$1 gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "out_of_reach: $*"; exit 1; }

mkdir -p "$tmp/core"
for d in adversary oracle machine program trace fault util include; do
	cp -r "$root/core/$d" "$tmp/core/"
done
n=0
for f in "$tmp"/core/adversary/*.c "$tmp"/core/oracle/*.c; do
	"$cc" -std=gnu11 -fsyntax-only -I "$tmp/core/include" -I "$gen" "$f" 2>"$tmp/err" ||
		fail "$(basename "$f") does not compile without core/mediator: $(head -1 "$tmp/err")"
	n=$((n + 1))
done
hits=$(grep -nE '(\.|->)priv\b|its_priv_state|tracked_entries|cmd_offset' \
	"$root"/core/adversary/*.[ch] "$root"/core/oracle/*.[ch] | grep -vE ':\s*(/?\*|//)' || true)
[ -z "$hits" ] || fail "the host model or the oracle reads mediator state: $hits"
echo "out_of_reach: $n files compile with the mediator out of reach; none reads its state"
