#!/usr/bin/env bash
# Install what el2fuzz needs on Debian 12 (idempotent): clang 14 with the
# libFuzzer/ASan/UBSan runtimes, llvm (llvm-cov, llvm-profdata), AFL++,
# CMake, Ninja, gcc, gnuplot-nox for the pictures, and qemu-system-aarch64
# for the EL2 image (ld.lld comes with clang). Skips apt-get entirely
# when everything is present.
# --no-install-recommends throughout: QEMU then runs with -nic none.
# usage: scripts/setup.sh [-h]
set -euo pipefail
case ${1:-} in
-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
"") ;;
*) echo "setup: no options but -h" >&2; exit 2 ;;
esac
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have clang || need+=(clang)
have cmake || need+=(cmake)
have ninja || need+=(ninja-build)
have gcc || need+=(gcc)
have llvm-cov-14 || need+=(llvm)
have afl-fuzz || need+=(afl++)
have patch || need+=(patch)
have bc || need+=(bc)
have zip || need+=(zip)
have unzip || need+=(unzip)
have python3 || need+=(python3)	# the AFL++ campaign's live statistics
have objdump || need+=(binutils)
have ld.lld-14 || have ld.lld || need+=(lld-14)
have qemu-system-aarch64 || need+=(qemu-system-arm)
have gnuplot || need+=(gnuplot-nox)	# pictures: bench/, a campaign's coverage
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
	need+=(libclang-rt-14-dev)
if [ ${#need[@]} -eq 0 ]; then
	echo "setup: all tools present"
	exit 0
fi
echo "setup: installing ${need[*]}"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup: done"
