#!/usr/bin/env bash
# A second, independent ITS mediator (bench/mediators/alt_its) builds
# through EL2FUZZ_MEDIATOR_SOURCES with the project's non-ITS files, and
#  1. runs every ITS seed and regression program with no finding, and
#     fail-nth over every ITS seed with no finding (-f: skip this part);
#  2. with each of its defect patches applied, shows the defect: the
#     matching regression program reports the signature its Expect: line
#     names (the first one, for patches that name several).
# usage: alt_its.sh [-f] OUTDIR
# Until core/mediator/hyp_main.c stops calling pkvm_its_emulate_teardown
# unconditionally, a stub returning -EOPNOTSUPP is linked from OUTDIR.
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

stub=""
if grep -q pkvm_its_emulate_teardown "$root/core/mediator/hyp_main.c"; then
	mkdir -p "$out"
	stub=$out/teardown_stub.c
	cat >"$stub" <<'EOF'
#include <linux/errno.h>
#include <nvhe/its_emulate.h>

int pkvm_its_emulate_teardown(phys_addr_t dev_addr)
{
	(void)dev_addr;
	return -EOPNOTSUPP;
}
EOF
fi

# build NAME [PATCH]: the harness around a copy of its_alt.c; prints the build dir.
build() {
	local dir=$out/$1 patch=${2:-} m=$root/core/mediator src
	rm -rf "$dir/src"
	mkdir -p "$dir/src"
	cp "$alt/its_alt.c" "$dir/src/"
	if [ -n "$patch" ]; then
		patch -s -p4 -d "$dir/src" <"$patch" || fail "$patch does not apply"
	fi
	src="$m/mem_protect.c;$m/mmio_donate.c;$m/host_stage2.c;$m/hyp_main.c;$m/ripas.c;$m/abort.c"
	src="$src;$dir/src/its_alt.c${stub:+;$stub}"
	cmake -S "$root" -B "$dir/build" -G Ninja -DCMAKE_C_COMPILER=clang \
		-DEL2FUZZ_SANITIZE=ON "-DEL2FUZZ_MEDIATOR_SOURCES=$src" \
		>"$dir/configure.log" 2>&1 || fail "configure failed, see $dir/configure.log"
	cmake --build "$dir/build" --target run_its_setup run_its_mediator el2fuzz-replay \
		>"$dir/build.log" 2>&1 || fail "build failed, see $dir/build.log"
	grep -q "$dir/src/its_alt.c" "$dir/build/compile_commands.json" ||
		fail "the build did not compile the copy"
	! grep -q "$m/its_" "$dir/build/compile_commands.json" ||
		fail "the build also compiled the project's ITS mediator"
	echo "$dir/build"
}

b=$(build clean)
for t in its_setup its_mediator; do
	"$b/targets/run_$t" -q "$root"/corpora/$t/seed/*.txt "$root"/corpora/$t/regress/*.txt ||
		fail "a $t seed or regression program has a finding"
done
if [ $faults = 1 ]; then
	for t in its_setup its_mediator; do
		for f in "$root"/corpora/$t/seed/*.txt; do
			"$b/replay/el2fuzz-replay" faults -t $t "$f" >/dev/null 2>&1 ||
				fail "fail-nth over $f has a finding"
		done
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
