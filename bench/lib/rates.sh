# Shared by bench/throughput.sh and bench/ceiling.sh: one libFuzzer run's
# rate, the median of several, and the corpus a side-by-side run starts
# from. The caller sets work (scratch folder), seconds, outdir and base
# (empty, or the other checkout) before sourcing this.

# With EL2FUZZ_MUTATOR=0, libFuzzer's own length control too, as in a
# binary without the mutator (it turns length control off for any binary
# with a custom mutator, mutating or not).
len_control=()
[ "${EL2FUZZ_MUTATOR:-1}" = 0 ] && len_control=(-len_control=100)
# A run that ends in a finding is a finding, not a figure: it is named on
# stderr and its input kept in OUTDIR (never in the caller's directory);
# its rate, if libFuzzer printed one, still counts.
libfuzzer_rate() { # seed binary corpus...
	local seed=$1 log=$work/run.log rc=0
	shift
	rm -f "$work"/artifact-*
	"$@" -max_total_time="$seconds" -print_final_stats=1 -seed="$seed" "${len_control[@]}" \
		-artifact_prefix="$work/artifact-" >"$log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		echo "${me:-bench}: $(basename "$1") -seed=$seed exited $rc:" \
			"$(grep -m1 -E 'VIOLATION|ERROR: |SUMMARY: ' "$log" || echo 'no report')" >&2
		cp "$work"/artifact-* "$outdir"/ 2>/dev/null || true
	fi
	awk '/stat::average_exec_per_sec/ { print $2 }' "$log"
}

# median N...: the middle figure (the lower of the two middle ones).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# seeds TREE BUILD TARGET: the corpus both builds run from, in BUILD's form.
seeds() {
	local out=$work/seeds-$(basename "$2")-$(echo "$1" | md5sum | cut -c1-8)-$3 f
	if [ -z "$base" ]; then
		echo "$2/corpora/$3/seed"
		return
	fi
	if [ ! -d "$out" ]; then
		mkdir -p "$out"
		for f in "$base"/corpora/"$3"/seed/*.txt; do
			"$2/replay/el2fuzz-replay" convert --target "$3" "$f" "$out/$(basename "$f" .txt)" \
				>/dev/null 2>&1 || true
		done
	fi
	echo "$out"
}

