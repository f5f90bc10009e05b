#!/usr/bin/env bash
# Merge and minimise the corpora of one fuzz target: keep only inputs that
# add coverage, and report how many inputs, how many bytes and how much
# coverage there were before and after.
#
# usage: scripts/corpus.sh -t TARGET -o OUTDIR [-e libfuzzer|afl] [-B BUILDDIR] IN...
#   -t  the fuzz target (mmio_donate, its_setup, its_mediator, ...)
#   -o  where the merged corpus goes; created, and must be empty if it exists
#   -e  libfuzzer (default): fuzz_<t> -merge=1 OUTDIR IN... (smallest inputs
#       first, each kept if it adds a feature); coverage is libFuzzer's
#       "cov" (edges) and "ft" (features) after loading the inputs
#       afl: afl-cmin over IN... gathered into one folder; coverage is the
#       number of tuples afl-showmap -C sees
#   -B  the build to take fuzz_<t> from (default build/libfuzzer or build/afl,
#       configured and built with -j2 if fuzz_<t> is missing)
#   IN  corpus folders or files: campaign corpora, crash folders, the seeds
#       (build/<preset>/corpora/<t>/seed)
# Exit status: 0 merged, 2 bad usage, a missing input or a failed build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target="" outdir="" engine=libfuzzer build=""
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "corpus: $*" >&2; exit 2; }
while getopts "t:o:e:B:h" opt; do
	case $opt in
	t) target=$OPTARG ;;
	o) outdir=$OPTARG ;;
	e) engine=$OPTARG ;;
	B) build=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$target" ] || die "-t TARGET is required"
[ -n "$outdir" ] || die "-o OUTDIR is required"
[ $# -gt 0 ] || die "no input corpus"
case $engine in
libfuzzer | afl) ;;
*) die "-e takes libfuzzer or afl, not '$engine'" ;;
esac
[ -f "$root/targets/fuzz_$target.c" ] || die "no fuzz target '$target' (targets/fuzz_$target.c)"
for d in "$@"; do
	[ -e "$d" ] || die "$d: no such file or directory"
done
if [ -e "$outdir" ] && [ -n "$(ls -A "$outdir" 2>/dev/null)" ]; then
	die "$outdir is not empty"
fi
if [ -z "$build" ]; then
	build=$root/build/$engine
	if [ ! -x "$build/targets/fuzz_$target" ]; then
		echo "corpus: building fuzz_$target ($engine preset)" >&2
		(cd "$root" && cmake --preset "$engine" >/dev/null &&
			cmake --build --preset "$engine" --target "fuzz_$target" -j 2 >/dev/null) ||
			die "build of fuzz_$target failed"
	fi
fi
bin=$build/targets/fuzz_$target
[ -x "$bin" ] || die "$bin: not built"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$outdir"

# Every input in one flat folder, named by content: duplicates collapse.
gather() { # dest in...
	local dest=$1 f
	shift
	mkdir -p "$dest"
	for d in "$@"; do
		find "$d" -type f -print0 | while IFS= read -r -d '' f; do
			cp "$f" "$dest/$(sha1sum "$f" | cut -c1-40)"
		done
	done
}

count() { # folder
	printf '%s inputs, %s bytes' "$(find "$1" -type f | wc -l)" \
		"$(find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')"
}

libfuzzer_cov() { # folder...
	"$bin" -runs=0 "$@" 2>&1 | awk '/INITED/ {
		for (i = 1; i <= NF; i++) {
			if ($i == "cov:") c = $(i + 1)
			if ($i == "ft:") f = $(i + 1)
		}
		print "cov " c ", ft " f; exit }'
}

afl_cov() { # folder
	AFL_ALLOW_TMP=1 afl-showmap -C -i "$1" -o "$work/map" -- "$bin" 2>&1 |
		sed -n 's/.*Captured \([0-9]*\) tuples.*/\1 tuples/p' | tail -1
}

gather "$work/in" "$@"
echo "corpus: $target, $engine"
if [ "$engine" = libfuzzer ]; then
	echo "before: $(count "$work/in"), $(libfuzzer_cov "$work/in")"
	"$bin" -merge=1 "$outdir" "$work/in" >"$work/merge.log" 2>&1 ||
		{ tail -20 "$work/merge.log" >&2; die "libFuzzer merge failed"; }
	echo "after:  $(count "$outdir"), $(libfuzzer_cov "$outdir")"
else
	command -v afl-cmin >/dev/null || die "afl-cmin not found (apt-get install afl++)"
	echo "before: $(count "$work/in"), $(afl_cov "$work/in")"
	rmdir "$outdir" 2>/dev/null || true
	AFL_ALLOW_TMP=1 AFL_SKIP_CPUFREQ=1 afl-cmin -i "$work/in" -o "$outdir" -- "$bin" \
		>"$work/cmin.log" 2>&1 || { tail -20 "$work/cmin.log" >&2; die "afl-cmin failed"; }
	echo "after:  $(count "$outdir"), $(afl_cov "$outdir")"
fi
