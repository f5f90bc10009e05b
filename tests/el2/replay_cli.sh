#!/usr/bin/env bash
# "el2fuzz-replay el2": bad input gets one clear line and exit 2, QEMU
# missing one line and exit 77 (CTest's skip), and the verdicts of a
# hang (the timeout) and of an exception (the vector table) come out
# as the simulation's replay names its findings; two runs of a program
# print the same trace.
# usage: replay_cli.sh REPLAY IMAGE BROKEN_IMAGE SOURCE_DIR
set -u
replay=$1
image=$2
broken=$3
src=$4
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'share ram(0)\nnot_an_op 1\n' >"$dir/bad.txt"
seed=$src/corpora/its_setup/seed/bringup_setup_default.txt

expect() { # code regex args...
	local code=$1 re=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != "$code" ] || ! grep -Eq -- "$re" <<<"$out"; then
		echo "replay_cli: '$*': exit $rc, wanted $code and /$re/; got: $out"
		fail=1
	fi
}

command -v "${QEMU:-qemu-system-aarch64}" >/dev/null || { echo "replay_cli: no QEMU: skipped"; exit 77; }
expect 2 "missing.txt: " "$replay" el2 --image "$image" "$dir/missing.txt"
expect 2 "bad.txt:2:" "$replay" el2 --image "$image" "$dir/bad.txt"
expect 2 "is a directory" "$replay" el2 --image "$image" "$dir"
printf '\001\002' >"$dir/prog.bin"
expect 2 "prog.bin: binary program needs --target" "$replay" el2 --image "$image" "$dir/prog.bin"
expect 2 "no EL2 image there" "$replay" el2 --image "$dir/none.elf" "$seed"
expect 2 "needs one FILE or more" "$replay" el2
expect 77 "^el2fuzz-replay: qemu-system-none not found: EL2 replay skipped" \
	env QEMU=qemu-system-none "$replay" el2 --image "$image" "$seed"
lines=$(QEMU=qemu-system-none "$replay" el2 --image "$image" "$seed" 2>&1 | wc -l)
[ "$lines" = 1 ] || { echo "replay_cli: missing QEMU printed $lines lines, not 1"; fail=1; }
expect 0 "bringup_setup_default.txt: no finding at EL2" "$replay" el2 -q --image "$image" "$seed"
expect 1 "broken_hang.txt: FINDING O9:its_mmio_read:hang \[security\] at EL2" \
	"$replay" el2 -q --timeout 2 --image "$broken" "$src/tests/el2/broken_hang.txt"
expect 1 "ESR=0x9[67][0-9a-f]{6} FAR=0x4 ELR=0x400" \
	"$replay" el2 --image "$broken" "$src/tests/el2/broken_fault.txt"
expect 1 "broken_fault.txt: FINDING O9:its_mmio_read:el2_exception \[security\] at EL2" \
	"$replay" el2 -q --image "$broken" "$src/tests/el2/broken_fault.txt"
# The simulation has no such defect: --same names the disagreement.
expect 1 "DIFFERENT verdicts: the simulation says no finding, EL2 says O9:its_mmio_read:el2_exception" \
	"$replay" el2 -q --same --image "$broken" "$src/tests/el2/broken_fault.txt"
# Deterministic: the same bytes twice, QEMU's time aside.
cmds=$src/corpora/its_mediator/seed/commands.txt
a=$("$replay" el2 --its-diff --image "$image" "$cmds" | sed 's/ ([0-9.]* s)$//')
b=$("$replay" el2 --its-diff --image "$image" "$cmds" | sed 's/ ([0-9.]* s)$//')
[ "$(wc -l <<<"$a")" -gt 20 ] || { echo "replay_cli: too little output to compare"; fail=1; }
[ "$a" = "$b" ] || { echo "replay_cli: two runs of $cmds differ"; fail=1; }
[ $fail = 0 ] && echo "replay_cli: ok"
exit $fail
