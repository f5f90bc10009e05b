#!/usr/bin/env bash
# scratch_build.sh OUT [PATCH | -m MEDIATOR] [-- CMAKE_ARGS...]
# Copy the mediator (core/mediator/*.c) to OUT/src, apply PATCH (a diff
# against core/mediator/<file>.c, applied with -p3) if given, and configure
# and build OUT/build against that copy through EL2FUZZ_MEDIATOR_SOURCES:
# the "bring your own mediator" option, exactly as a user would use it. A
# patch against bench/mediators/NAME/<file>.c builds that mediator instead
# (an ITS mediator with a profile: EL2FUZZ_ITS_SOURCES and its profile;
# one without, alt_host: its files in place of the project's of the same
# names); -m NAME builds it unpatched.
# Prints the build directory on the last line of stdout.
# SCRATCH_BUILD_TARGETS="fuzz_x el2fuzz-replay" builds only those targets
# (the whole tree otherwise); CMAKE_BUILD_PARALLEL_LEVEL limits the jobs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
shift
patch_file="" other=""
if [ $# -gt 1 ] && [ "$1" = "-m" ]; then
	other=$2
	shift 2
elif [ $# -gt 0 ] && [ "$1" != "--" ]; then
	patch_file=$1
	shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
if [ -n "$patch_file" ]; then
	other=$(sed -n 's|^+++ b/bench/mediators/\([^/]*\)/.*|\1|p' "$patch_file" | head -1)
fi
rm -rf "$out/src"
mkdir -p "$out/src"
if [ -n "$other" ]; then
	# Another mediator under bench/mediators: its ITS file(s) in place of
	# the project's, with its own profile.
	dir=$root/bench/mediators/$other
	ls "$dir"/*.c >/dev/null 2>&1 || {
		echo "scratch_build: $dir: no such mediator (no C file)" >&2
		exit 2
	}
	# Without a profile its files replace the project's of the same names.
	[ -f "$dir/profile" ] || cp "$root"/core/mediator/*.c "$root"/core/mediator/*.h "$out/src/"
	cp "$dir"/*.c "$out/src/"
	if [ -n "$patch_file" ]; then
		patch -s -p4 -d "$out/src" <"$patch_file" || {
			echo "scratch_build: $patch_file does not apply to $dir" >&2
			exit 2
		}
	fi
	sources=$(ls "$out"/src/*.c | tr '\n' ';')
	if [ -f "$dir/profile" ]; then
		mediator=("-DEL2FUZZ_ITS_SOURCES=${sources%;}" "-DEL2FUZZ_MEDIATOR_PROFILE=$dir/profile")
	else
		mediator=("-DEL2FUZZ_MEDIATOR_SOURCES=${sources%;}")
	fi
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
