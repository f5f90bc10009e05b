#!/usr/bin/env bash
# scratch_build.sh OUT [PATCH] [-- CMAKE_ARGS...]
# Copy the mediator (core/mediator/*.c) to OUT/src, apply PATCH (a diff
# against core/mediator/<file>.c, applied with -p3) if given, and configure
# and build OUT/build against that copy through EL2FUZZ_MEDIATOR_SOURCES:
# the "bring your own mediator" option, exactly as a user would use it. A
# patch against bench/mediators/alt_its/its_alt.c builds that mediator
# instead (EL2FUZZ_ITS_SOURCES and its profile).
# Prints the build directory on the last line of stdout.
# SCRATCH_BUILD_TARGETS="fuzz_x el2fuzz-replay" builds only those targets
# (the whole tree otherwise); CMAKE_BUILD_PARALLEL_LEVEL limits the jobs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
shift
patch_file=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
	patch_file=$1
	shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
rm -rf "$out/src"
mkdir -p "$out/src"
if [ -n "$patch_file" ] && grep -q '^+++ b/bench/mediators/alt_its/' "$patch_file"; then
	# A defect of the second mediator (bench/mediators/alt_its): its one
	# file in place of the project's ITS files, with its own profile.
	alt=$root/bench/mediators/alt_its
	cp "$alt/its_alt.c" "$out/src/"
	patch -s -p4 -d "$out/src" <"$patch_file" || {
		echo "scratch_build: $patch_file does not apply to $alt" >&2
		exit 2
	}
	mediator=("-DEL2FUZZ_ITS_SOURCES=$out/src/its_alt.c" "-DEL2FUZZ_MEDIATOR_PROFILE=$alt/profile")
else
	cp "$root"/core/mediator/*.c "$root"/core/mediator/*.h "$out/src/" 2>/dev/null || cp "$root"/core/mediator/*.c "$out/src/"
	if [ -n "$patch_file" ]; then
		patch -s -p3 -d "$out/src" <"$patch_file" || {
			echo "scratch_build: $patch_file does not apply to core/mediator" >&2
			exit 2
		}
	fi
	sources=$(ls "$out"/src/*.c | tr '\n' ';')
	mediator=("-DEL2FUZZ_MEDIATOR_SOURCES=${sources%;}")
fi
cmake -S "$root" -B "$out/build" -G Ninja -DCMAKE_C_COMPILER=clang \
	"${mediator[@]}" "$@" >"$out/configure.log" 2>&1 || {
	echo "scratch_build: configure failed, see $out/configure.log" >&2
	exit 2
}
build_targets=()
for t in ${SCRATCH_BUILD_TARGETS:-}; do
	build_targets+=(--target "$t")
done
cmake --build "$out/build" "${build_targets[@]}" >"$out/build.log" 2>&1 || {
	echo "scratch_build: build failed, see $out/build.log" >&2
	exit 2
}
echo "$out/build"
