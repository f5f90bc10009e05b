# Sourced by the scripts: the fuzz targets, one name per line, from
# targets/fuzz_<name>.c (the empty target is a benchmark baseline, not one).
el2fuzz_targets() { # root
	local f t
	for f in "$1"/targets/fuzz_*.c; do
		t=$(basename "$f" .c)
		t=${t#fuzz_}
		[ "$t" = empty ] || echo "$t"
	done
}
