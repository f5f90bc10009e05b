#!/usr/bin/env bash
# A checkpatch-like lint of the mediator for what the pKVM reviewers sent
# back (SPEC §13): BUG_ON, numbered error labels (err1:), sizeof(struct x)
# instead of sizeof(*p), open-coded single-bit shifts instead of BIT/BIT_ULL,
# rollback loops that count a signed index down instead of while (i--), and
# libc headers in freestanding code. One line per problem; exit 1 if any.
#
# usage: scripts/lint-mediator.sh [FILE...]   (default: core/mediator/*.[ch])
set -u
case ${1:-} in
-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(core/mediator/*.[ch])
bad=0
check() { # regex message
	local hits
	hits=$(grep -nE "$1" "${files[@]}" 2>/dev/null | grep -vE '^\S+:[0-9]+:\s*(/?\*|//)')
	if [ -n "$hits" ]; then
		while IFS= read -r h; do echo "$h: $2"; done <<<"$hits"
		bad=1
	fi
}
check '\bBUG_ON\(' 'BUG_ON: return an error, or WARN_ON a condition the checks exclude'
check '^\s*(err|out|fail)[0-9]+:' 'numbered label: name it after what it undoes (err_unshare)'
check 'sizeof\(struct [a-z_]+\)' 'sizeof(struct x): use sizeof(*p)'
check '[^a-zA-Z_](1|1U|1UL|1ULL) *<< *[a-zA-Z_(]' 'open-coded bit: use BIT()/BIT_ULL() (or check the shift)'
check 'for *\([a-z_]+ *= *[a-z_]+ *- *1 *; *[a-z_]+ *>= *0' 'rollback loop: use while (i--)'
check '#include <(std|string|errno|stdlib|stdio|assert)[a-z]*\.h>' 'libc header in freestanding code'
[ $bad = 0 ] && echo "lint-mediator: ${#files[@]} files clean"
exit $bad
