#!/usr/bin/env bash
# What README.md and docs/*.md promise holds (issue 12, point 6).
#
# usage: tests/docs/check.sh static
#        tests/docs/check.sh clone WORKDIR [campaign|campaign-afl]
# static: every repo path the docs name exists; every preset they name is
#   in CMakePresets.json; every script they name answers -h, and knows the
#   options they show it with; every el2fuzz-replay command and option they
#   show is in its --help.
# clone: in a fresh clone (git clone of this repository's HEAD) under
#   WORKDIR, the README's commands as a user types them: the debug preset
#   builds run_T for every target and the replay tool; the runner example;
#   the triage commands on a real file. With 'campaign', also
#   scripts/campaign.sh for a few seconds (libFuzzer); with 'campaign-afl',
#   the AFL++ campaign (main, CMPLOG and fast secondary).
# Exit status: 0 ok, 1 a promise broken (each is named), 2 bad usage.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
docs=("$root/README.md" "$root"/docs/*.md)
bad=0
broken() { echo "docs: $*"; bad=1; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

# Inline code spans and indented command lines of the docs.
code() { grep -ohE '`[^`]+`' "${docs[@]}" | tr -d '`'; grep -hE '^    [a-z.]' "${docs[@]}"; }

check_static() {
	local p g presets s opts o cmds c help
	# 1. Paths under the tree's top folders (not build/ or out/ outputs).
	while read -r p; do
		g=$(echo "$p" | sed -E 's/<[^>]*>/*/g; s/[.,;:)]+$//')
		# shellcheck disable=SC2086 # the pattern is meant to glob
		compgen -G "$root/$g" >/dev/null || compgen -G "$root/$g*" >/dev/null ||
			broken "a path the docs name does not exist: $p"
	done < <(code | grep -oE '(^|[ (])\.?(scripts|bench|docs|targets|corpora|core|replay|tests|cmake|\.clusterfuzzlite|\.ci)/[A-Za-z0-9_./<>*-]*' |
		sed 's/^[ (]//' | sort -u)
	# 2. Presets.
	presets=$(grep -oE '"name": *"[a-z0-9-]+"' "$root/CMakePresets.json" | sed -E 's/.*"([^"]+)"$/\1/' | sort -u)
	for p in $(code | grep -oE -- '--(workflow )?--?preset [a-z0-9-]+' | awk '{ print $NF }' | sort -u) \
		 $(grep -hoE '^Presets: .*' -A3 "$root/README.md" | grep -oE '`[a-z0-9-]+`' | tr -d '`'); do
		grep -qx "$p" <<<"$presets" || broken "preset '$p' is not in CMakePresets.json"
	done
	# 3. Scripts: -h works and lists the options shown with them.
	for s in $(code | grep -oE '(scripts|bench)/[a-z_-]+\.sh' | sort -u); do
		help=$("$root/$s" -h 2>&1) || { broken "$s -h fails"; continue; }
		opts=$(code | grep -oE "$s( +-[a-zA-Z]( +[^ -][^ ]*)?)+" | grep -oE ' -[a-zA-Z]' | sort -u)
		for o in $opts; do
			grep -qE -- "(^|[ \[])$o([ ,:]|$)" <<<"$help" || broken "$s -h does not describe $o"
		done
	done
	# 4. el2fuzz-replay: commands and options.
	help=$("$REPLAY" --help)
	cmds=$(code | grep -oE 'el2fuzz-replay [a-z][a-z0-9]*' | awk '{ print $2 }' | sort -u)
	for c in $cmds; do
		grep -qE "^  $c " <<<"$help" || broken "el2fuzz-replay has no command '$c'"
	done
	for o in $(code | grep -E 'el2fuzz-replay [a-z][a-z0-9]*' | grep -oE ' --?[a-z-]+' | sort -u); do
		grep -qE -- "(^| |, )$o( |,|$)" <<<"$help" || broken "el2fuzz-replay --help does not describe $o"
	done
}

check_campaign_afl() { # workdir
	local w=$1 i crashes
	scripts/campaign.sh -e afl -j 3 -t 15 -o "$w/out" mmio_donate its_mediator >"$w/campaign.log" 2>&1 ||
		{ tail -20 "$w/campaign.log"; broken "scripts/campaign.sh -e afl fails"; }
	grep -qE '^mmio_donate +[0-9]+ +[0-9]+ edges +[0-9.]+% +yes' "$w/campaign.log" ||
		broken "AFL++ campaign: no table row with stability and tracing: $(grep -A2 '^target' "$w/campaign.log")"
	# The correct mediator: no crash at all, not even one that does not
	# replay (targets/driver/afl_guard_tail.c: without it, AFL++ 4.04c's
	# select instrumentation made fuzz_its_mediator die under afl-fuzz).
	crashes=$(awk '$1 == "its_mediator" && $4 == "edges" { print $NF }' "$w/campaign.log")
	[ "$crashes" = 0 ] ||
		broken "AFL++ campaign: its_mediator saved '${crashes:-?}' crashes on the correct mediator: $(grep -A3 '^target' "$w/campaign.log")"
	for i in main cmplog fast; do
		grep -q "mmio_donate $i: [0-9]* execs/s" "$w/campaign.log" || broken "no live progress for $i"
		[ -s "$w/out/mmio_donate/afl/$i/fuzzer_stats" ] || broken "no AFL++ instance $i"
	done
	grep -q "^command_line *: afl-fuzz -S cmplog -c 0 " "$w/out/mmio_donate/afl/cmplog/fuzzer_stats" ||
		broken "the CMPLOG secondary does not run with -c 0"
	grep -aq "Cmplog forkserver successfully started" "$w/out/mmio_donate/fuzz.cmplog.log" ||
		broken "the CMPLOG secondary has no CMPLOG forkserver"
	grep -aq "no -M main node found" "$w/out/mmio_donate"/fuzz.*.log && broken "secondaries started before the main"
}

# The clone's mediator with defect m1 (found from the seeds in well under a
# second): the campaign keeps fuzzing past it, reports it in its findings
# table with a smallest reproducer, a trace and a text program, and with
# a suppressions file sets it aside and finds nothing.
check_campaign_defect() { # workdir
	local w=$1 rc row small f last
	patch -s -p1 <bench/bugs/m1-reclaim-protected-region.patch || { broken "m1 does not apply"; return; }
	scripts/campaign.sh -t 10 -o "$w/out-m1" mmio_donate >"$w/m1.log" 2>&1
	rc=$?
	[ $rc = 1 ] || { tail -20 "$w/m1.log"; broken "campaign with defect m1: exit $rc, expected 1"; }
	row=$(grep -E '^  O1:reclaim_mmio:returned_not_donated +[0-9]+ +[0-9]+s  /' "$w/m1.log")
	[ -n "$row" ] || broken "campaign: no findings-table row for m1: $(grep -A3 'findings' "$w/m1.log")"
	small=$(echo "$row" | awk '{ print $4 }')
	[ -f "$small" ] || broken "campaign: the smallest reproducer '$small' does not exist"
	f=$w/out-m1/mmio_donate/findings/O1_reclaim_mmio_returned_not_donated
	grep -q ': FINDING O1:reclaim_mmio:returned_not_donated \[security\]$' <<<"$(tail -1 "$f.trace")" ||
		broken "campaign: the finding's trace does not end with its verdict"
	grep -q '^reclaim_mmio' "$f.txt" || broken "campaign: no text program for the finding"
	last=$(grep -E '^#[0-9]+.* time: [0-9]+s' "$w/out-m1/mmio_donate/fuzz.log" | tail -1 |
		sed -nE 's/.* time: ([0-9]+)s.*/\1/p')
	[ "${last:-0}" -ge 5 ] || broken "campaign: fuzzing stopped at the finding (last status at ${last:-?} s)"
	printf '# known\nO1:*:returned_not_donated   m1, a known defect (any op reaches it)\n' >"$w/m1.supp"
	scripts/campaign.sh -t 10 -s "$w/m1.supp" -o "$w/out-m1s" mmio_donate >"$w/m1s.log" 2>&1 ||
		{ tail -20 "$w/m1s.log"; broken "campaign with m1 suppressed: a finding"; }
	grep -q '^O1:reclaim_mmio:returned_not_donated [0-9]' "$w/out-m1s/mmio_donate/suppressed.txt" ||
		broken "campaign: the suppressed signature is not counted"
	grep -q '^mmio_donate: suppressed (processes that met it): .*O1:reclaim_mmio:returned_not_donated [0-9]' "$w/m1s.log" ||
		broken "campaign: the suppressed signature is not reported"
	patch -s -R -p1 <bench/bugs/m1-reclaim-protected-region.patch
}

check_clone() { # workdir mode
	local w=$1 mode=$2 c t b r crash
	rm -rf "$w" && mkdir -p "$w"
	git clone -q "$root" "$w/el2fuzz" || { broken "git clone failed"; return; }
	c=$w/el2fuzz
	cd "$c" || return
	if [ "$mode" = campaign-afl ]; then
		command -v afl-clang-fast >/dev/null || { echo "docs: no afl-clang-fast: skipped"; exit 77; }
		check_campaign_afl "$w"
		return
	fi
	# "cmake --preset debug && cmake --build --preset debug" (ctest is the gate's).
	{ cmake --preset debug && cmake --build --preset debug -j "${EL2FUZZ_JOBS:-2}"; } >"$w/build.log" 2>&1 ||
		{ tail -20 "$w/build.log"; broken "the README's debug build fails"; return; }
	b=$c/build/debug
	r=$b/replay/el2fuzz-replay
	[ -x "$r" ] || broken "no build/debug/replay/el2fuzz-replay"
	# shellcheck source=scripts/lib/targets.sh
	. "$c/scripts/lib/targets.sh"
	for t in $(el2fuzz_targets "$c"); do
		[ -x "$b/targets/run_$t" ] || broken "no build/debug/targets/run_$t (README: every preset builds run_T)"
		"$b/targets/run_$t" -q "$c"/corpora/"$t"/seed/*.txt || broken "run_$t fails on its seeds"
	done
	# The triage commands, on a binary crash file made from a text program.
	crash=$w/crash-1234
	"$r" convert -t mmio_donate corpora/mmio_donate/seed/fault_plans.txt "$crash" || broken "convert to binary"
	"$r" run -t mmio_donate "$crash" >"$w/run.out"; [ $? = 0 ] || broken "run"
	grep -q ': no finding$' <<<"$(tail -1 "$w/run.out")" || broken "run does not end with its verdict"
	"$r" reliable -n 10 -t mmio_donate "$crash" >/dev/null || broken "reliable -n 10"
	mkdir -p "$w/crashes" && cp "$crash" "$w/crashes/"
	"$r" triage -t mmio_donate "$w/crashes" >/dev/null || broken "triage"
	"$r" faults corpora/mmio_donate/seed/fault_plans.txt >/dev/null || broken "faults"
	"$r" convert -t mmio_donate "$crash" "$w/crash.txt" && [ -s "$w/crash.txt" ] || broken "convert to text"
	printf 'O5:its_mmio_write:cwriter_not_sanitised  defect 3\n' >"$w/known.supp"
	"$r" suppressions "$w/known.supp" >/dev/null || broken "suppressions"
	case $mode in
	campaign)
		scripts/campaign.sh -t 5 -o "$w/out" mmio_donate >"$w/campaign.log" 2>&1 ||
			{ tail -20 "$w/campaign.log"; broken "scripts/campaign.sh -t 5 mmio_donate fails"; }
		grep -qE '^mmio_donate +[0-9]+ +[0-9]+ edges' "$w/campaign.log" || broken "campaign: no table row"
		grep -q '^[0-9]' "$w/out/mmio_donate/coverage.dat" || broken "campaign: no coverage series"
		[ -x build/libfuzzer/targets/run_mmio_donate ] || broken "campaign: build/libfuzzer has no run_mmio_donate"
		check_campaign_defect "$w" ;;
	esac
}

case ${1:-} in
static)
	REPLAY=${REPLAY:-$root/build/gate/replay/el2fuzz-replay}
	[ -x "$REPLAY" ] || { echo "docs: set REPLAY to an el2fuzz-replay binary" >&2; exit 2; }
	check_static ;;
clone)
	[ $# -ge 2 ] || { usage >&2; exit 2; }
	check_clone "$2" "${3:-}" ;;
-h|--help) usage; exit 0 ;;
*) usage >&2; exit 2 ;;
esac
[ $bad = 0 ] && echo "docs: ok"
exit $bad
