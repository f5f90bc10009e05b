# Sourced by the scripts: the program targets, one name per line, from
# targets/fuzz_<name>.c. The empty target is a benchmark baseline and
# text_parser fuzzes the text-program parser: neither runs programs.
el2fuzz_targets() { # root
	local f t
	for f in "$1"/targets/fuzz_*.c; do
		t=$(basename "$f" .c)
		t=${t#fuzz_}
		case $t in empty|text_parser) ;; *) echo "$t" ;; esac
	done
}

# Whether NAME is a program target; if not, one line on stderr naming the
# known ones, so a typo stops a script before it builds anything.
el2fuzz_check_target() { # root name
	local t
	for t in $(el2fuzz_targets "$1"); do
		[ "$t" = "$2" ] && return 0
	done
	echo "unknown target '$2' (targets: $(el2fuzz_targets "$1" | tr '\n' ' ' | sed 's/ $//'))" >&2
	return 1
}
