#!/usr/bin/env bash
# Same verdict at EL2 (docs/EL2.md): for each catalogued defect, build a
# scratch copy of the mediator with its patch applied, twice: a host
# el2fuzz-replay (the simulation) and an EL2 image (QEMU), then run every
# regression program of the patch's target in both ("el2fuzz-replay el2
# --same") and print each pair of signatures. A regression program must
# give its own defect's signature in both; any program may show another
# defect's, but the two must agree.
#
# usage: bench/el2_verdicts.sh [-o OUTDIR] [PATCH...]
#   default: every bench/bugs/*.patch whose target EL2 can run (the ITS
#   targets, mmio_donate), scratch builds under out/el2_verdicts
# Prints one line per (patch, program): patch, program, the simulation's
# signature, EL2's, and "same" or "DIFFERENT"; a summary at the end.
# Exit: 0 every pair agreed (or the program is not reproducible at EL2),
# 1 a pair disagreed, 2 a build or a run failed, 77 without QEMU.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/out/el2_verdicts
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "o:h" opt; do
	case $opt in
	o) out=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
command -v "${QEMU:-qemu-system-aarch64}" >/dev/null ||
	{ echo "el2_verdicts: ${QEMU:-qemu-system-aarch64} not found: skipped"; exit 77; }
patches=("$@")
[ ${#patches[@]} -gt 0 ] || patches=("$root"/bench/bugs/*.patch)
mkdir -p "$out"

# The mediator options for PATCH applied to a copy in DIR/src (as
# bench/lib/scratch_build.sh makes them), one -D per line.
mediator_args() { # patch dir
	local p=$1 dir=$2 alt=$root/bench/mediators/alt_its
	rm -rf "$dir/src"
	mkdir -p "$dir/src"
	if grep -q '^+++ b/bench/mediators/alt_its/' "$p"; then
		cp "$alt/its_alt.c" "$dir/src/"
		patch -s -p4 -d "$dir/src" <"$p" || return 1
		echo "-DEL2FUZZ_ITS_SOURCES=$dir/src/its_alt.c"
		echo "-DEL2FUZZ_MEDIATOR_PROFILE=$alt/profile"
	else
		cp "$root"/core/mediator/*.c "$root"/core/mediator/*.h "$dir/src/"
		patch -s -p3 -d "$dir/src" <"$p" || return 1
		local s
		s=$(ls "$dir"/src/*.c | tr '\n' ';')
		echo "-DEL2FUZZ_MEDIATOR_SOURCES=${s%;}"
	fi
}

status=0 pairs=0 same=0 skipped=0
printf '%-38s %-58s %-44s %-44s %s\n' patch program simulation EL2 agree | tee "$out/summary.txt"
for p in "${patches[@]}"; do
	[ -f "$p" ] || { echo "el2_verdicts: $p: no such patch" >&2; exit 2; }
	name=$(basename "$p" .patch)
	target=$(sed -n 's/^Target: *//p' "$p" | head -1)
	case $target in
	its_setup | its_mediator | its | mmio_donate) ;;
	*) echo "el2_verdicts: $name: target $target does not run at EL2 (no RMM, no vCPU model)" >&2
	   continue ;;
	esac
	dir=$out/$name
	mapfile -t args < <(mediator_args "$p" "$dir") ||
		{ echo "el2_verdicts: $p does not apply" >&2; exit 2; }
	echo "el2_verdicts: $name: building the defective mediator (host and EL2)" >&2
	cmake -S "$root" -B "$dir/host" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
		"${args[@]}" >"$dir/host.log" 2>&1 &&
		cmake --build "$dir/host" --target el2fuzz-replay -j 2 >>"$dir/host.log" 2>&1 ||
		{ echo "el2_verdicts: $name: host build failed, see $dir/host.log" >&2; exit 2; }
	cmake -S "$root" -B "$dir/el2" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-el2.cmake" \
		-DEL2FUZZ_EL2=ON -DEL2FUZZ_HOST_REPLAY="$dir/host/replay/el2fuzz-replay" \
		"${args[@]}" >"$dir/el2.log" 2>&1 &&
		cmake --build "$dir/el2" --target el2fuzz-el2 -j 2 >>"$dir/el2.log" 2>&1 ||
		{ echo "el2_verdicts: $name: EL2 build failed, see $dir/el2.log" >&2; exit 2; }
	for f in "$root"/corpora/"$target"/regress/*.txt; do
		[ -f "$f" ] || continue
		set +e
		res=$("$dir/host/replay/el2fuzz-replay" el2 -q --same --timeout 30 \
			--image "$dir/el2/core/el2/el2fuzz-el2.elf" "$f" 2>&1)
		rc=$?
		set -e
		prog=${f#"$root"/corpora/}
		if grep -q "not reproducible at EL2" <<<"$res"; then
			printf '%-38s %-58s %s\n' "$name" "$prog" "not reproducible at EL2" | tee -a "$out/summary.txt"
			skipped=$((skipped + 1))
			continue
		fi
		el2=$(sed -n 's/.*: FINDING \([^ ]*\) .* at EL2 .*/\1/p' <<<"$res" | head -1)
		[ -n "$el2" ] || el2=$(grep -q "no finding at EL2" <<<"$res" && echo clean || echo error)
		sim=$(sed -n 's/.*same verdict in the simulation: no finding$/clean/p
			s/.*same verdict in the simulation: \([^ ]*\).*$/\1/p
			s/.*the simulation says no finding, EL2 says.*/clean/p
			s/.*the simulation says \([^,]*\), EL2 says.*/\1/p
			s/.*the simulation.s \([^ ]*\) \[.*not checked at EL2.*/\1/p' <<<"$res" | head -1)
		agree=same
		if [ $rc = 2 ] || [ "$el2" = error ]; then
			agree=ERROR
			status=2
			echo "$res" >"$dir/$(basename "$f" .txt).err"
		elif ! grep -q "same verdict" <<<"$res"; then
			agree=DIFFERENT
			[ $status = 2 ] || status=1
		else
			same=$((same + 1))
		fi
		pairs=$((pairs + 1))
		printf '%-38s %-58s %-44s %-44s %s\n' "$name" "$prog" "$sim" "$el2" "$agree" |
			tee -a "$out/summary.txt"
	done
done
echo "el2_verdicts: $same of $pairs pairs agree; $skipped not reproducible at EL2" | tee -a "$out/summary.txt"
exit $status
