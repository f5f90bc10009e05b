#!/bin/sh
# check_contract.sh STAMP TEARDOWN OBJECT...: the mediator's objects define
# what <el2fuzz/contract.h> requires (and pkvm_its_emulate_teardown when the
# profile says 'teardown = yes'); otherwise one line naming the contract.
set -eu
stamp=$1 teardown=$2
shift 2
nm=${NM:-nm}
defined=$("$nm" -g --defined-only "$@" 2>/dev/null | awk 'NF >= 3 { print $3 }')
need="pkvm_its_emulate_setup pkvm_its_emulate_handler"
[ "$teardown" = 1 ] && need="$need pkvm_its_emulate_teardown"
status=0
for sym in $need; do
	if ! printf '%s\n' "$defined" | grep -qx "$sym"; then
		echo "el2fuzz: the mediator does not define '$sym', which core/include/el2fuzz/contract.h requires${teardown:+ (profile: teardown = $([ "$teardown" = 1 ] && echo yes || echo no))}" >&2
		status=1
	fi
done
[ $status = 0 ] && touch "$stamp"
exit $status
