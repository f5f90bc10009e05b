#!/usr/bin/env bash
# The other CPU and O11 need the mediator's loads and stores traced
# (SanitizerCoverage trace-loads/trace-stores, cmake/el2fuzz.cmake). A
# compiler or engine that drops the flags builds fine and fuzzes fine, with
# both silently off; this check fails instead.
#   usage: load_tracing.sh [-o OBJECT...] [-b BINARY...]
# Every mediator OBJECT must reference __sanitizer_cov_load/store; every fuzz
# BINARY must call __sanitizer_cov_load (only the mediator is built with
# the flags, so a call anywhere is the mediator's).
set -u
mode="" bad=0 n=0
# CMake hands a list of objects over as one ';'-separated argument.
args=()
for a in "$@"; do
	IFS=';' read -r -a parts <<<"$a"
	args+=("${parts[@]}")
done
for a in "${args[@]}"; do
	case $a in
	-o|-b) mode=$a; continue ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	esac
	[ -n "$mode" ] || { echo "load_tracing: -o or -b first" >&2; exit 2; }
	[ -f "$a" ] || { echo "load_tracing: $a: no such file" >&2; exit 2; }
	n=$((n + 1))
	if [ "$mode" = -o ]; then
		c=$(nm -u "$a" | grep -c '__sanitizer_cov_\(load\|store\)[0-9]')
	else
		c=$(objdump -d --no-show-raw-insn "$a" | grep -c 'call.*<__sanitizer_cov_load[0-9]')
	fi
	if [ "$c" = 0 ]; then
		echo "load_tracing: $a: no __sanitizer_cov_load/store calls: the other CPU's load/store points and O11 are off"
		bad=1
	fi
done
[ $n -gt 0 ] || { echo "load_tracing: nothing to check" >&2; exit 2; }
[ $bad = 0 ] && echo "load_tracing: ok, $n file(s) traced"
exit $bad
