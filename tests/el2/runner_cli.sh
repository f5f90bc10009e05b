#!/usr/bin/env bash
# Bad input to the EL2 runner gets one clear line and the documented exit
# status, with or without QEMU; without QEMU a run is skipped (77) with
# one line saying why.
# usage: runner_cli.sh RUNNER IMAGE
set -u
run=$1
image=$2
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "not an image" >"$dir/text"

expect() { # code regex args...
	local code=$1 re=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != "$code" ] || ! grep -Eq -- "$re" <<<"$out"; then
		echo "runner_cli: '$*': exit $rc, wanted $code and /$re/; got: $out"
		fail=1
	fi
}

expect 2 "missing.elf: No such file or directory" "$run" "$dir/missing.elf"
expect 2 "is a directory, expected an EL2 image" "$run" "$dir"
expect 2 "text: not an AArch64 ELF image" "$run" "$dir/text"
expect 2 "-t x: not a number of seconds" "$run" -t x "$image"
expect 2 "usage: el2-run.sh" "$run"
expect 77 "^el2-run: qemu-system-none not found: EL2 run skipped" \
	env QEMU=qemu-system-none "$run" "$image"
lines=$(QEMU=qemu-system-none "$run" "$image" 2>&1 | wc -l)
[ "$lines" = 1 ] || { echo "runner_cli: missing QEMU printed $lines lines, not 1"; fail=1; }
[ $fail = 0 ] && echo "runner_cli: ok"
exit $fail
