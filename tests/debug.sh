#!/bin/bash
# Ringtail under the debug kernel (scripts/debug-kernel.sh: KASAN, KFENCE,
# UBSAN, lockdep, atomic-sleep, debug-objects, kmemleak).  Builds the
# kernel once (cached), builds a copy of this tree against it, then boots
# it with either the guest tests given, or with --all the whole of
# tests/check.sh (`make check-debug`).
#
# usage: tests/debug.sh -o OUTDIR TEST...
#        tests/debug.sh --all
#        tests/debug.sh --build    only the builds (tests/check.sh starts
#                                  them early, in the background)
#        tests/debug.sh --built -o OUTDIR TEST...
#                                  the boot only, once --build is done
# RT_DEBUG_SUBSET="<pattern>..." builds only the event headers whose
# generator unit matches (ONLY=, scripts/gen-instrumentation.sh), in a
# tree of its own: what `make check` needs of it in a few CPU-minutes
# instead of twelve.
# Test timeouts are multiplied by RT_DEBUG_SLOWDOWN (default 3): the
# checkers slow the emulated kernel down about that much.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
kdir=$("$repo/scripts/debug-kernel.sh" ${KVER:-}) || exit 2
kver=$(cat "$kdir/kver")
echo "debug: kernel $kver ($kdir), ready after $(( $(date +%s) - start ))s"

# A copy of the tree (scripts/copy-tree.sh), so that the modules built
# here for the installed kernel stay as they are.
tree=$kdir.tree
only=()
if [ -n "${RT_DEBUG_SUBSET:-}" ]; then
	tree=$kdir.subset
	only=(ONLY="$RT_DEBUG_SUBSET")
fi
if [ "${1:-}" = --built ]; then
	# tests/check.sh: its `--build` run has built the tree already, and
	# two boots may start at once.
	shift
	export RT_GUEST_KERNEL=$kdir
	exec "$tree/tests/harness/guest" "$@"
fi
"$repo/scripts/copy-tree.sh" "$tree" || exit 2
targets="modules test-modules tests"
[ "${1:-}" = --all ] && targets=all
make -C "$tree" -j"$(nproc)" "${only[@]}" KVER="$kver" KDIR="$kdir/build" KSRC="$kdir/src" $targets \
	> "$tree.build.log" 2>&1 || { tail -n 30 "$tree.build.log"; echo "debug: build failed"; exit 2; }
[ "${1:-}" = --build ] && exit 0
export RT_GUEST_KERNEL=$kdir
if [ "${1:-}" = --all ]; then
	# The whole suite under the checkers: lttng-tools' tests and the
	# longer guest tests ran four to seven times slower than under the
	# installed kernel (make check's three debug tests fit in three times
	# their timeouts).  The whole run gets six hours before its boots are
	# stopped.
	export RT_DEBUG_SLOWDOWN=${RT_DEBUG_SLOWDOWN:-6}
	export RT_CHECK_MINUTES=${RT_CHECK_MINUTES:-360}
	exec "$tree/tests/check.sh"
fi
exec "$tree/tests/harness/guest" "$@"
