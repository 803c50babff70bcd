#!/bin/bash
# The simulated kernel change: build Ringtail, unchanged, against two copies
# of the kernel's headers that also hold rt_test_change.h, the second with
# change.sed applied (the tracepoint gains an argument), each with the
# test module that defines the tracepoint.  Ringtail generates only that
# header's events (ONLY=rt_test_change) to keep this quick.
#
#   tests/kernel-change/build.sh KDIR OUT
#
# Gives OUT/{before,after}/{lttng-tracer,rt_test_change}.ko.
set -euo pipefail
KDIR=$(readlink -f "$1")
OUT=$2
REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/kernel-change
common=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$KDIR/Makefile" | head -n 1)
common=${common:-$KDIR}

for v in before after; do
	d=$(mkdir -p "$OUT/$v" && cd "$OUT/$v" && pwd)
	rm -rf "$d/common" "$d/build" "$d/src" "$d/module"
	# The headers: symlinks, but the Makefile, whose location is srctree.
	cp -as "$(readlink -f "$common")" "$d/common"
	rm "$d/common/Makefile"
	cp "$common/Makefile" "$d/common/Makefile"
	if [ "$common" != "$KDIR" ]; then
		mkdir "$d/build"
		for f in "$KDIR"/* "$KDIR"/.config "$KDIR"/.kernelvariables; do
			[ -e "$f" ] && ln -s "$(readlink -f "$f")" "$d/build/"
		done
		rm -f "$d/build/Makefile"
		echo "include $d/common/Makefile" > "$d/build/Makefile"
	else
		ln -s common "$d/build"
	fi
	h=$d/common/include/trace/events/rt_test_change.h
	cp "$HERE/rt_test_change.h" "$h"
	[ $v = after ] && sed -i -f "$HERE/change.sed" "$h"
	# Ringtail's sources, untouched (symlinked file by file).
	(cd "$REPO" && git ls-files) | while read -r f; do
		mkdir -p "$d/src/$(dirname "$f")"
		ln -s "$REPO/$f" "$d/src/$f"
	done
	mkdir -p "$d/module"
	ln -s "$HERE/rt_test_change.c" "$d/module/"
	echo "obj-m += rt_test_change.o" > "$d/module/Kbuild"
	ONLY=rt_test_change make -s -j"$(nproc)" -C "$d/src" KDIR="$d/build" KSRC= modules > "$d/build.log" 2>&1 ||
		{ tail -n 30 "$d/build.log"; exit 1; }
	make -s -j"$(nproc)" -C "$d/build" M="$d/module" modules >> "$d/build.log" 2>&1 ||
		{ tail -n 30 "$d/build.log"; exit 1; }
	cp "$d/src/lttng-tracer.ko" "$d/module/rt_test_change.ko" "$d/"
	grep -q '^RT_GEN_UNIT(ev_rt_test_change)' "$d/src/instrumentation/gen/units.h"
done
