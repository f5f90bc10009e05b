#!/usr/bin/env bash
# Another ITS mediator (bench/mediators/NAME: alt_its, batch_its), built
# through the contract alone: EL2FUZZ_ITS_SOURCES (its one file in place of
# core/mediator/its_*.c) and EL2FUZZ_MEDIATOR_PROFILE (its profile). Then
#  1. every ITS seed and regression program (and every probe of its own)
#     runs with no security finding; fail-nth over every ITS seed too
#     (-f: skip that part);
#  2. with each of its defect patches (bugs/*.patch) applied, the program
#     the patch's Program: line names reports the signature its Expect:
#     line names.
# usage: mediator.sh [-f] NAME OUTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
faults=1
if [ "${1:-}" = "-f" ]; then
	faults=0
	shift
fi
[ $# = 2 ] || { echo "usage: mediator.sh [-f] NAME OUTDIR" >&2; exit 2; }
name=$1
alt=$root/bench/mediators/$name
out=$2
[ -f "$alt/profile" ] || { echo "mediator.sh: $alt: no such mediator (no profile)" >&2; exit 2; }
src=$(cd "$alt" && ls *.c)
fail() { echo "$name: $*"; exit 1; }

# build DIR: the harness around a copy of the mediator's file; prints the build dir.
build() {
	local dir=$out/$1 m=$root/core/mediator
	rm -rf "$dir/src"
	mkdir -p "$dir/src"
	cp "$alt/$src" "$dir/src/"
	cmake -S "$root" -B "$dir/build" -G Ninja -DCMAKE_C_COMPILER=clang \
		-DEL2FUZZ_SANITIZE=ON "-DEL2FUZZ_ITS_SOURCES=$dir/src/$src" \
		"-DEL2FUZZ_MEDIATOR_PROFILE=$alt/profile" \
		>"$dir/configure.log" 2>&1 || fail "configure failed, see $dir/configure.log"
	cmake --build "$dir/build" --target run_its_setup run_its_mediator run_its el2fuzz-replay \
		>"$dir/build.log" 2>&1 || fail "build failed, see $dir/build.log"
	grep -q "$dir/src/$src" "$dir/build/compile_commands.json" ||
		fail "the build did not compile the copy"
	! grep -q "$m/its_" "$dir/build/compile_commands.json" ||
		fail "the build also compiled the project's ITS mediator"
	echo "$dir/build"
}

# rebuild DIR PATCH: the same build with the copy replaced by the patched
# file; only the mediator's objects and the replay tool are rebuilt (a
# whole build per defect was most of this test's time).
rebuild() {
	local dir=$out/$1 patch=$2
	cp "$alt/$src" "$dir/src/"
	patch -s -p4 -d "$dir/src" <"$patch" || fail "$patch does not apply"
	cmake --build "$dir/build" --target el2fuzz-replay \
		>"$dir/build-$(basename "$patch").log" 2>&1 ||
		fail "build failed, see $dir/build-$(basename "$patch").log"
	[ "$dir/build/replay/el2fuzz-replay" -nt "$dir/src/$src" ] ||
		fail "$patch: the replay tool was not rebuilt"
}

# A finding of class security fails; a correctness or policy one is this
# mediator's own business (its profile), shown for the record.
security_clean() { # build file
	local v
	v=$("$1/replay/el2fuzz-replay" run -q "$2" 2>&1 || true)
	case $v in
	*"[security]"*) fail "$2: $v" ;;
	*FINDING*) echo "$name: (not security) $v" ;;
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
echo "$name: clean: every ITS seed and regression program$([ $faults = 1 ] && echo ", fail-nth over the seeds")"

for p in "$alt"/bugs/*.patch; do
	[ -e "$p" ] || continue
	n=$(basename "$p" | cut -c1-2)
	want=$(sed -n 's/^Expect: \([^ ;(]*\).*/\1/p' "$p")
	prog=$(sed -n 's/^Program: *//p' "$p")
	[ -f "$root/$prog" ] || fail "$p: no 'Program:' line naming a program of the tree"
	rebuild clean "$p"
	set +e
	log=$("$b/replay/el2fuzz-replay" run -q "$root/$prog" 2>&1)
	rc=$?
	set -e
	[ $rc = 1 ] || fail "defect $n not found (exit $rc): $log"
	case $want in
	O*) echo "$log" | grep -q "FINDING $want" || fail "defect $n: wrong finding: $log" ;;
	*) ;;
	esac
	echo "$name: defect $n found: $(echo "$log" | grep -m1 FINDING)"
done
echo "$name: ok"
