#!/usr/bin/env bash
# A second, independent ITS mediator (bench/mediators/alt_its) builds
# through the contract alone: EL2FUZZ_ITS_SOURCES (its one file in place of
# core/mediator/its_*.c) and EL2FUZZ_MEDIATOR_PROFILE (its profile). Then
#  1. every ITS seed and regression program (and every probe of its own)
#     runs with no security finding; fail-nth over every ITS seed too
#     (-f: skip that part);
#  2. with each of its defect patches applied, the matching regression
#     program reports the signature its Expect: line names.
# usage: alt_its.sh [-f] OUTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
alt=$root/bench/mediators/alt_its
faults=1
if [ "${1:-}" = "-f" ]; then
	faults=0
	shift
fi
out=$1
fail() { echo "alt_its: $*"; exit 1; }

# build NAME [PATCH]: the harness around a copy of its_alt.c; prints the build dir.
build() {
	local dir=$out/$1 patch=${2:-} m=$root/core/mediator src
	rm -rf "$dir/src"
	mkdir -p "$dir/src"
	cp "$alt/its_alt.c" "$dir/src/"
	if [ -n "$patch" ]; then
		patch -s -p4 -d "$dir/src" <"$patch" || fail "$patch does not apply"
	fi
	cmake -S "$root" -B "$dir/build" -G Ninja -DCMAKE_C_COMPILER=clang \
		-DEL2FUZZ_SANITIZE=ON "-DEL2FUZZ_ITS_SOURCES=$dir/src/its_alt.c" \
		"-DEL2FUZZ_MEDIATOR_PROFILE=$alt/profile" \
		>"$dir/configure.log" 2>&1 || fail "configure failed, see $dir/configure.log"
	cmake --build "$dir/build" --target run_its_setup run_its_mediator run_its el2fuzz-replay \
		>"$dir/build.log" 2>&1 || fail "build failed, see $dir/build.log"
	grep -q "$dir/src/its_alt.c" "$dir/build/compile_commands.json" ||
		fail "the build did not compile the copy"
	! grep -q "$m/its_" "$dir/build/compile_commands.json" ||
		fail "the build also compiled the project's ITS mediator"
	echo "$dir/build"
}

# A finding of class security fails; a correctness or policy one is this
# mediator's own business (its profile), shown for the record.
security_clean() { # build file
	local v
	v=$("$1/replay/el2fuzz-replay" run -q "$2" 2>&1 || true)
	case $v in
	*"[security]"*) fail "$2: $v" ;;
	*FINDING*) echo "alt_its: (not security) $v" ;;
	esac
}

b=$(build clean)
for f in "$root"/corpora/its*/seed/*.txt "$root"/corpora/its*/regress/*.txt "$alt"/probes/*.txt; do
	security_clean "$b" "$f"
done
if [ $faults = 1 ]; then
	for f in "$root"/corpora/its*/seed/*.txt; do
		"$b/replay/el2fuzz-replay" faults "$f" >/dev/null 2>&1 ||
			fail "fail-nth over $f has a finding"
	done
fi
echo "alt_its: clean: every ITS seed and regression program$([ $faults = 1 ] && echo ", fail-nth over the seeds")"

# patch -> regression program that exposes it
declare -A prog=(
	[01]=its_setup/regress/its-rollback-l1-before-read.txt
	[02]=its_mediator/regress/O5-its_mmio_write-rejected_cwriter_processed-02.txt
	[03]=its_mediator/regress/O5-its_mmio_write-cwriter_not_sanitised-03.txt
	[04]=its_mediator/regress/O5-its_cmd-cwriter_beyond_host-04.txt
	[05]=its_mediator/regress/O6-its_mmio_write-table_reg_write-05.txt
	[06]=its_mediator/regress/O6-its_mmio_read-not_forwarded_before_setup-06.txt
	[07]=its_setup/regress/its-table-order-int-shift.txt
	[08]=its_setup/regress/its-rollback-loop-unsigned.txt
	[09]=its_mediator/seed/before_setup.txt
	[10]=its_mediator/regress/O16-its_mmio_write-device_read_unclean-attrs_changed.txt
	[11]=its_mediator/regress/O16-its_mmio_write-device_read_unclean-noncacheable_queue.txt
	[12]=its_mediator/regress/O10-its_mapd-warn-unshare_refused_other_pin.txt
)
for p in "$alt"/bugs/*.patch; do
	n=$(basename "$p" | cut -c1-2)
	want=$(sed -n 's/^Expect: \([^ ;(]*\).*/\1/p' "$p")
	b=$(build "bug$n" "$p")
	set +e
	log=$("$b/replay/el2fuzz-replay" run -q "$root/corpora/${prog[$n]}" 2>&1)
	rc=$?
	set -e
	[ $rc = 1 ] || fail "defect $n not found (exit $rc): $log"
	case $want in
	O*) echo "$log" | grep -q "FINDING $want" || fail "defect $n: wrong finding: $log" ;;
	*) ;;
	esac
	echo "alt_its: defect $n found: $(echo "$log" | grep -m1 FINDING)"
done
echo "alt_its: ok"
