#!/usr/bin/env bash
# Run one EL2 image in qemu-system-aarch64 (virt, EL2, GICv3 ITS) and name
# what happened, as the replay tool names a simulated run:
#
#   clean                 the image exited 0
#   <inv>:<where>:<what>  the image printed "el2fuzz: VIOLATION <sig> ..."
#                         (an oracle or a check; the vector table's
#                         O9:<where>:el2_exception with ESR/FAR/ELR)
#   O9:<where>:hang       the timeout expired; <where> is the last
#                         "el2fuzz: where <op>" line the image printed
#
# usage: el2-run.sh [-t SECONDS] [-m RAM] [-a ARG]... [-e VERDICT] [-g REGEX]...
#                   [-o FILE] [-q] IMAGE
#   -t  timeout (default 10 s); a run that takes longer is a hang
#   -m  QEMU's RAM (default 256M, what every image needs)
#   -a  an argument for the image (semihosting command line), repeatable
#   -e  expect this verdict (a shell pattern): exit 0 if it is, 1 if not
#   -g  expect the output to match this extended regex too, repeatable
#   -o  also write QEMU's output to FILE
#   -q  print only the verdict line, not the image's output
#
# The last line is "el2-run: verdict <verdict> (exit <code>, <seconds> s)".
# Exit: 0 clean, 1 finding (with -e: 0 match, 1 mismatch), 2 bad usage or
# QEMU/harness failure, 77 QEMU missing (CTest SKIP_RETURN_CODE).
set -u
qemu=${QEMU:-qemu-system-aarch64}
timeout_s=10
mem=${EL2FUZZ_QEMU_RAM:-256M}
expect=
quiet=0
outfile=
args=()
greps=()

usage() {
	sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

while getopts "t:m:a:e:g:o:qh" opt; do
	case $opt in
	t) timeout_s=$OPTARG ;;
	m) mem=$OPTARG ;;
	a) args+=("$OPTARG") ;;
	e) expect=$OPTARG ;;
	g) greps+=("$OPTARG") ;;
	o) outfile=$OPTARG ;;
	q) quiet=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
image=$1

if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "el2-run: $qemu not found: EL2 run skipped (scripts/setup.sh installs qemu-system-arm)"
	exit 77
fi
if [ -d "$image" ]; then
	echo "el2-run: $image: is a directory, expected an EL2 image" >&2
	exit 2
fi
if [ ! -r "$image" ]; then
	echo "el2-run: $image: No such file or directory" >&2
	exit 2
fi
# An AArch64 ELF (QEMU would run anything else as a raw image, into a hang).
hdr=$(od -An -tx1 -N20 "$image" 2>/dev/null | tr -d ' \n')
if [ "${hdr:0:8}" != 7f454c46 ] || [ "${hdr:36:4}" != b700 ]; then
	echo "el2-run: $image: not an AArch64 ELF image" >&2
	exit 2
fi
case $timeout_s in
'' | *[!0-9.]*) echo "el2-run: -t $timeout_s: not a number of seconds" >&2; exit 2 ;;
esac

# Semihosting arguments: the image's name, then -a's; a comma is doubled.
semi="enable=on,target=native,arg=$(basename "$image")"
for a in "${args[@]+"${args[@]}"}"; do
	semi+=",arg=${a//,/,,}"
done

log=$(mktemp "${TMPDIR:-/tmp}/el2-run.XXXXXX")
trap 'rm -f "$log"' EXIT
start=${EPOCHREALTIME/./}
timeout -k 2 "$timeout_s" "$qemu" -M virt,virtualization=on,gic-version=3 -cpu max \
	-m "$mem" -nographic -nic none -monitor none -serial none \
	-semihosting-config "$semi" -kernel "$image" </dev/null >"$log" 2>&1
rc=$?
us=$((${EPOCHREALTIME/./} - start))
secs=$(printf "%d.%03d" $((us / 1000000)) $((us / 1000 % 1000)))

[ $quiet = 1 ] || cat "$log"
[ -z "$outfile" ] || cp "$log" "$outfile"

# One pass: the last op, the first signature, whether the image booted.
IFS=$'\t' read -r booted where sig < <(awk '
	/^el2fuzz-el2: boot/ { booted = 1 }
	/^el2fuzz: where / { where = $3 }
	/^el2fuzz: VIOLATION / && sig == "" { sig = $3 }
	END { printf "%d\t%s\t%s\n", booted, where, sig }' "$log")

verdict=
status=2
if [ $rc = 124 ] || [ $rc = 137 ]; then
	verdict="O9:${where:-boot}:hang"
	status=1
elif [ $booted = 0 ]; then
	echo "el2-run: QEMU did not start the image (exit $rc): $(head -n 1 "$log")" >&2
elif [ $rc = 0 ]; then
	verdict=clean
	status=0
elif [ -n "$sig" ] && [ $rc -ge 1 ] && [ $rc -le 4 ] && [ $rc != 2 ]; then
	verdict=$sig
	status=1
elif [ $rc = 2 ]; then
	echo "el2-run: harness error: $(grep -m 1 '^el2fuzz-el2: error' "$log")" >&2
else
	echo "el2-run: the image exited $rc without a report" >&2
fi
# Where an exception happened, as source, if a symbolizer is around.
if [ "${verdict##*:}" = el2_exception ]; then
	elr=$(sed -n 's/^el2fuzz: VIOLATION .* ELR=\(0x[0-9a-f]*\).*/\1/p' "$log" | head -n 1)
	sym=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)
	if [ -n "$elr" ] && [ -n "$sym" ]; then
		echo "el2-run: ELR $elr is $("$sym" --obj="$image" "$elr" | head -n 2 | tr '\n' ' ')"
	fi
fi
echo "el2-run: verdict ${verdict:-error} (exit $rc, $secs s)"
[ -n "$verdict" ] || exit 2

if [ -n "$expect" ]; then
	# shellcheck disable=SC2053
	if [[ $verdict != $expect ]]; then
		echo "el2-run: expected verdict $expect" >&2
		exit 1
	fi
	for re in "${greps[@]+"${greps[@]}"}"; do
		if ! grep -Eq -- "$re" "$log"; then
			echo "el2-run: output does not match: $re" >&2
			exit 1
		fi
	done
	exit 0
fi
exit $status
