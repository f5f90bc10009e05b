#!/usr/bin/env bash
# Another mediator of bench/mediators/NAME, written elsewhere, built as a
# user would build theirs. Two kinds:
#  - an ITS mediator (alt_its, batch_its, sync_its: a `profile` beside its
#    file), through the contract alone: EL2FUZZ_ITS_SOURCES (its file in
#    place of core/mediator/its_*.c) and EL2FUZZ_MEDIATOR_PROFILE;
#  - files that replace the project's own of the same names (alt_host,
#    alt_mem: no profile), through EL2FUZZ_MEDIATOR_SOURCES with the rest
#    of core/mediator.
# Then
#  1. every seed and regression program of the targets it serves (and
#     every probe of its own) runs with no security finding (no finding
#     at all for replaced files: no profile speaks for a deviation);
#     fail-nth over those seeds too (-f: skip that part);
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
src=$(cd "$alt" 2>/dev/null && ls *.c 2>/dev/null) ||
	{ echo "mediator.sh: $alt: no such mediator (no C file)" >&2; exit 2; }
fail() { echo "$name: $*"; exit 1; }
m=$root/core/mediator
if [ -f "$alt/profile" ]; then
	its=1
	targets="its_setup its_mediator its"
else
	its=0
	targets=""
	for f in $src; do
		[ -f "$m/$f" ] || { echo "mediator.sh: $alt/$f replaces no file of core/mediator" >&2; exit 2; }
		case $f in
		mmio_donate.c) targets="$targets mmio_donate" ;;
		ripas.c) targets="$targets realm_ripas" ;;
		abort.c) targets="$targets guest_abort" ;;
		its_*) targets="$targets its_setup its_mediator its" ;;
		mem_protect.c | host_stage2.c)
			targets="$targets mmio_donate its_setup its_mediator its" ;;
		esac
	done
	targets=$(printf '%s\n' $targets | sort -u | xargs)
	[ -n "$targets" ] || { echo "mediator.sh: $alt: no target runs its files" >&2; exit 2; }
fi
programs() { # the seed (and regression) programs of the targets served
	local t
	for t in $targets; do
		ls "$root"/corpora/$t/seed/*.txt
		[ "${1:-}" = seeds ] || ls "$root"/corpora/$t/regress/*.txt 2>/dev/null || true
	done
}

# build DIR: the harness around a copy of the mediator's files; prints the build dir.
build() {
	local dir=$out/$1 f sources=() args=()
	rm -rf "$dir/src"
	mkdir -p "$dir/src"
	for f in $src; do
		cp "$alt/$f" "$dir/src/"
	done
	if [ $its = 1 ]; then
		args=("-DEL2FUZZ_ITS_SOURCES=$dir/src/$src" "-DEL2FUZZ_MEDIATOR_PROFILE=$alt/profile")
	else
		for f in "$m"/*.c; do
			case " $(echo $src) " in
			*" $(basename "$f") "*) sources+=("$dir/src/$(basename "$f")") ;;
			*) sources+=("$f") ;;
			esac
		done
		args=("-DEL2FUZZ_MEDIATOR_SOURCES=$(IFS=';'; echo "${sources[*]}")"
		      "-DEL2FUZZ_MEDIATOR_INCLUDES=$m")
	fi
	cmake -S "$root" -B "$dir/build" -G Ninja -DCMAKE_C_COMPILER=clang \
		-DEL2FUZZ_SANITIZE=ON "${args[@]}" \
		>"$dir/configure.log" 2>&1 || fail "configure failed, see $dir/configure.log"
	cmake --build "$dir/build" --target $(printf 'run_%s ' $targets) el2fuzz-replay \
		>"$dir/build.log" 2>&1 || fail "build failed, see $dir/build.log"
	for f in $src; do
		grep -q "$dir/src/$f" "$dir/build/compile_commands.json" ||
			fail "the build did not compile the copy of $f"
		grep -q "\"$m/$f\"" "$dir/build/compile_commands.json" &&
			fail "the build also compiled the project's $f"
	done
	if [ $its = 1 ] && grep -q "$m/its_" "$dir/build/compile_commands.json"; then
		fail "the build also compiled the project's ITS mediator"
	fi
	echo "$dir/build"
}

# rebuild DIR PATCH: the same build with the copy replaced by the patched
# file; only the mediator's objects and the replay tool are rebuilt (a
# whole build per defect was most of this test's time).
rebuild() {
	local dir=$out/$1 patch=$2 f changed
	for f in $src; do
		cp "$alt/$f" "$dir/src/"
	done
	patch -s -p4 -d "$dir/src" <"$patch" || fail "$patch does not apply"
	changed=$(sed -n 's|^+++ b/bench/mediators/[^/]*/\([^ 	]*\).*|\1|p' "$patch" | head -1)
	cmake --build "$dir/build" --target el2fuzz-replay \
		>"$dir/build-$(basename "$patch").log" 2>&1 ||
		fail "build failed, see $dir/build-$(basename "$patch").log"
	[ "$dir/build/replay/el2fuzz-replay" -nt "$dir/src/$changed" ] ||
		fail "$patch: the replay tool was not rebuilt"
}

# A finding of class security fails; for an ITS mediator a correctness or
# policy one is its own business (its profile), shown for the record.
security_clean() { # build file
	local v
	v=$("$1/replay/el2fuzz-replay" run -q "$2" 2>&1 || true)
	case $v in
	*"[security]"*) fail "$2: $v" ;;
	*FINDING*) [ $its = 1 ] || fail "$2: $v"
		echo "$name: (not security) $v" ;;
	esac
}

b=$(build clean)
for f in $(programs) "$alt"/probes/*.txt; do
	[ -e "$f" ] || continue
	security_clean "$b" "$f"
done
if [ $faults = 1 ]; then
	for f in $(programs seeds); do
		"$b/replay/el2fuzz-replay" faults "$f" >/dev/null 2>&1 ||
			fail "fail-nth over $f has a finding"
	done
fi
echo "$name: clean: every seed and regression program of ($targets)$([ $faults = 1 ] && echo ", fail-nth over the seeds")"

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
