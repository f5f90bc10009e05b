#!/usr/bin/env bash
# trace_stable.sh REPLAY PROGRAM: the same program's trace is the same in
# two separate processes (exec'd, so laid out afresh by ASLR), and the hyp
# VAs it prints are in the RAM window's fixed place (core/machine/mem.c):
# a replay on another day, or a regression test that names a hyp VA, sees
# the numbers the fuzzer saw.
set -u
replay=$1 prog=$2
a=$("$replay" run "$prog" 2>&1) b=$("$replay" run "$prog" 2>&1)
if [ "$a" != "$b" ]; then
	echo "two processes traced $prog differently:"
	diff <(echo "$a") <(echo "$b") | head -10
	exit 1
fi
# The program's trace must print hyp VAs for this to mean anything.
vas=$(grep -oE 'store to 0x[0-9a-f]+' <<<"$a" | head -3)
[ -n "$vas" ] || { echo "$prog traced no hyp VA: choose another program"; exit 1; }
if [ "$(uname -m)" = x86_64 ] && grep -vq 'store to 0x5200' <<<"$vas"; then
	echo "hyp VAs not in the fixed window (0x520000000000): $vas"
	exit 1
fi
echo "ok: identical traces, hyp VAs: $(echo $vas)"
