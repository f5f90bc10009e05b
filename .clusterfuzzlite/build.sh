#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: honours $CC, $CFLAGS, $LIB_FUZZING_ENGINE
# and $OUT. Ships per target: the binary, <target>_seed_corpus.zip (the seed
# programs compiled to binary), <target>.dict and <target>.options.
src=${SRC:-$(cd "$(dirname "$0")/.." && pwd)}
[ -d "$src/el2fuzz" ] && src=$src/el2fuzz
build=${WORK:-/tmp}/el2fuzz-build
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
	-DEL2FUZZ_ENGINE=external -DEL2FUZZ_ENGINE_LINK="$LIB_FUZZING_ENGINE" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build"
# shellcheck source=scripts/lib/targets.sh
. "$src/scripts/lib/targets.sh"
for t in $(el2fuzz_targets "$src"); do
	cp "$build/targets/fuzz_$t" "$OUT/$t"
	[ -f "$src/targets/$t.dict" ] && cp "$src/targets/$t.dict" "$OUT/$t.dict"
	[ -f "$src/targets/$t.options" ] && cp "$src/targets/$t.options" "$OUT/$t.options"
	(cd "$build/corpora/$t/seed" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
done
