#!/usr/bin/env bash
# The pictures (issue 11, point 5): bench/lib/plot.sh draws each kind of
# result it is given as a PNG, and bad input is one line and exit 2.
#   usage: plot.sh WORKDIR
# Without gnuplot it skips (77) on a developer's machine; in CI
# (CI=true), where scripts/setup.sh installs gnuplot-nox, that fails.
set -u
work=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
plot=$root/bench/lib/plot.sh
fail() { echo "plot: $*"; exit 1; }
if ! command -v gnuplot >/dev/null; then
	[ "${CI:-}" = true ] && fail "gnuplot not installed (scripts/setup.sh installs gnuplot-nox)"
	echo "plot: gnuplot not installed: skipped"
	exit 77
fi
rm -rf "$work" && mkdir -p "$work"

is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

printf 'build\ttarget\texecs\tempty_execs\nnew\tits\t20000\t900000\nbase\tits\t2000\t950000\n' >"$work/tp.tsv"
printf 'defect\tstart\tmutator\tfound\ttrials\tmedian\tlimit\n' >"$work/exp.tsv"
printf '01\tseeds\ton\t3\t3\t0.4\t60\n01\tempty\ton\t0\t3\tinf\t60\n' >>"$work/exp.tsv"
printf '# seconds edges\n0 10\n5 40\n10 55\n' >"$work/cov.dat"
mkdir -p "$work/afl/main"
printf '# relative_time, cycles_done, edges_found\n0, 0, 12\n7, 1, 30\n' >"$work/afl/main/plot_data"

"$plot" throughput -o "$work/tp.png" "$work/tp.tsv" >/dev/null || fail "throughput failed"
"$plot" exposure -o "$work/exp.png" -t "exposure" "$work/exp.tsv" >/dev/null || fail "exposure failed"
"$plot" series -o "$work/cov.png" its=$work/cov.dat >/dev/null || fail "series failed"
"$plot" afl-coverage -o "$work/afl.png" "$work/afl" >/dev/null || fail "afl-coverage failed"
for p in tp exp cov afl; do
	is_png "$work/$p.png" || fail "$p.png is not a PNG"
done

# Bad input: one line naming the problem, exit 2, no picture.
expect_bad() {
	local want=$1
	shift
	"$plot" "$@" >/dev/null 2>"$work/err"
	local rc=$?
	[ $rc -eq 2 ] || fail "'$*' exited $rc, not 2"
	[ "$(wc -l <"$work/err")" -eq 1 ] || fail "'$*' printed $(wc -l <"$work/err") lines"
	grep -qF -- "$want" "$work/err" || fail "'$*' said: $(cat "$work/err")"
}
expect_bad "unknown command 'pie'" pie -o "$work/x.png" "$work/tp.tsv"
expect_bad "-o OUT.png is required" throughput "$work/tp.tsv"
expect_bad "no such file or directory" throughput -o "$work/x.png" "$work/missing.tsv"
expect_bad "no throughput rows" throughput -o "$work/x.png" "$work/cov.dat"
expect_bad "no exposure rows" exposure -o "$work/x.png" "$work/cov.dat"
expect_bad "no plot_data" afl-coverage -o "$work/x.png" "$work/tp.tsv"
[ -e "$work/x.png" ] && fail "a picture was drawn from bad input"
echo "plot: ok"
