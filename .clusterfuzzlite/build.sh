#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build (SPEC §10).
#
# Honours, and never overrides, what OSS-Fuzz sets: $CC, $CFLAGS, $LDFLAGS
# and $LIB_FUZZING_ENGINE for the fuzz targets, $OUT for what it ships, and
# $SRC and $WORK for where it reads and builds. No build type or debug
# flags of the project's are added after $CFLAGS (cmake/el2fuzz.cmake,
# EL2FUZZ_ENGINE=external). Works for libFuzzer (ASan, UBSan, MSan, the
# coverage build) and AFL++ (CC=afl-clang-fast, libAFLDriver.a).
#
# Builds only what it ships, per target:
#   $OUT/<target>                   the fuzz binary
#   $OUT/<target>_seed_corpus.zip   the seed programs in the fuzzer's binary form
#   $OUT/<target>.dict, .options    libFuzzer's dictionary and options
# plus $OUT/text_parser (the text-program parser and printer) with every
# text program of corpora/ as its seeds.
#
# The seeds are text (corpora/<target>/seed/*.txt); el2fuzz-replay compiles
# them, built apart as a build-time tool with the host compiler and none of
# the fuzzing flags, since it is not shipped.
#
# Extra knobs (not OSS-Fuzz's): EL2FUZZ_JOBS (default: nproc),
# EL2FUZZ_HOST_CC (default: clang, else cc).
src=${SRC:-$(cd "$(dirname "$0")/.." && pwd)}
[ -d "$src/el2fuzz" ] && src=$src/el2fuzz
work=${WORK:-/tmp}
build=$work/el2fuzz-build
tools=$work/el2fuzz-tools
jobs=${EL2FUZZ_JOBS:-$(nproc)}
host_cc=${EL2FUZZ_HOST_CC:-$(command -v clang || command -v cc)}
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)

# shellcheck source=scripts/lib/targets.sh
. "$src/scripts/lib/targets.sh"
mapfile -t targets < <(el2fuzz_targets "$src")
parsers=(text_parser)

echo "el2fuzz: build-time tool (el2fuzz-replay) and seeds, with $host_cc"
env -u CFLAGS -u CXXFLAGS -u LDFLAGS cmake -S "$src" -B "$tools" "${gen[@]}" \
	-DCMAKE_C_COMPILER="$host_cc" -DCMAKE_BUILD_TYPE=Release >"$work/el2fuzz-tools.log"
seed_targets=()
for t in "${targets[@]}"; do seed_targets+=("seeds_$t"); done
env -u CFLAGS -u CXXFLAGS -u LDFLAGS cmake --build "$tools" -j "$jobs" \
	--target el2fuzz-replay "${seed_targets[@]}" >>"$work/el2fuzz-tools.log"

echo "el2fuzz: fuzz targets with CC=$CC CFLAGS=$CFLAGS LIB_FUZZING_ENGINE=$LIB_FUZZING_ENGINE"
cmake -S "$src" -B "$build" "${gen[@]}" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
	-DCMAKE_EXE_LINKER_FLAGS="${LDFLAGS:-}" \
	-DEL2FUZZ_ENGINE=external -DEL2FUZZ_ENGINE_LINK="$LIB_FUZZING_ENGINE"
fuzz_targets=()
for t in "${targets[@]}" "${parsers[@]}"; do fuzz_targets+=("fuzz_$t"); done
cmake --build "$build" -j "$jobs" --target "${fuzz_targets[@]}"

for t in "${targets[@]}" "${parsers[@]}"; do
	cp "$build/targets/fuzz_$t" "$OUT/$t"
	for ext in dict options; do
		[ -f "$src/targets/$t.$ext" ] && cp "$src/targets/$t.$ext" "$OUT/$t.$ext"
	done
	rm -f "$OUT/${t}_seed_corpus.zip"
done
for t in "${targets[@]}"; do
	(cd "$tools/corpora/$t/seed" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
done
# Every text program, named <target>-<name> (seed names repeat across targets).
rm -rf "$work/el2fuzz-text-seeds" && mkdir -p "$work/el2fuzz-text-seeds"
for f in "$src"/corpora/*/seed/*.txt "$src"/corpora/*/regress/*.txt; do
	t=$(basename "$(dirname "$(dirname "$f")")")
	cp "$f" "$work/el2fuzz-text-seeds/$t-$(basename "$f")"
done
(cd "$work/el2fuzz-text-seeds" && zip -q -j "$OUT/text_parser_seed_corpus.zip" ./*)
echo "el2fuzz: shipped ${#targets[@]} program targets and ${#parsers[@]} parser target(s) to $OUT"
