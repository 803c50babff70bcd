#!/bin/bash
# Ringtail against another installed (or installable) Debian kernel than
# the default one: `make check`'s boots of the other kernels the apt
# sources offer (scripts/other-kernels.sh: Debian 12's 6.12, generic and
# PREEMPT_RT).  A copy of this tree (scripts/copy-tree.sh) under
# /var/tmp/ringtail-kernels/ is built against that kernel, so that the
# modules built here for the default one stay as they are, and the guest
# harness boots that kernel's own image with them.
#
# usage: tests/kernel.sh --install KVER   install its image, headers and
#                                         linux-source (scripts/deps.sh)
#        tests/kernel.sh --build KVER     build the copy
#        tests/kernel.sh --built KVER [harness options] TEST...
#                                         boot it (tests/harness/guest)
# RT_KERNEL_SUBSET="<pattern>..." builds only those event headers (ONLY=,
# scripts/gen-instrumentation.sh): a few CPU-minutes instead of fifteen;
# the system call table is always built whole.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-} kver=${2:-}
[ -n "$kver" ] || { sed -n '10,18s/^# \{0,1\}//p' "$0" >&2; exit 2; }
shift 2
tree=${RT_KERNEL_CACHE:-/var/tmp/ringtail-kernels}/$kver.tree
only=()
if [ -n "${RT_KERNEL_SUBSET:-}" ]; then
	tree=${tree%.tree}.subset
	only=(ONLY="$RT_KERNEL_SUBSET")
fi
export KVER=$kver
case $cmd in
--install)
	exec "$repo/scripts/deps.sh" ;;
--build)
	"$repo/scripts/copy-tree.sh" "$tree" || exit 2
	start=$(date +%s)
	make -C "$tree" -j"$(nproc)" "${only[@]}" modules test-modules tests \
		> "$tree.build.log" 2>&1 ||
		{ tail -n 30 "$tree.build.log"; echo "kernel: the build against $kver failed"; exit 2; }
	echo "kernel: Ringtail built against $kver in $(( $(date +%s) - start ))s ($tree)"
	grep -h '^units:' "$tree/instrumentation/gen/report.txt" ;;
--built)
	exec "$tree/tests/harness/guest" "$@" ;;
*)
	sed -n '10,18s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
