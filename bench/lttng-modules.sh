#!/bin/bash
# Build a private copy of Debian's lttng-modules 2.13.9 for the benchmarks,
# outside the repository (nothing of it is committed), and print where.
# lttng-modules 2.13.9 does not build on Debian's current 6.1 kernel because
# hrtimer_start gained an argument; the copy gets that one-line fix.
set -euo pipefail
kver=$1
cache=${RT_BENCH_CACHE:-/var/tmp/ringtail-bench}
dir=$cache/lttng-modules-$kver
if [ -f "$dir/.built" ]; then
	echo "$dir"
	exit 0
fi
rm -rf "$cache/dl" "$dir"
mkdir -p "$cache/dl"
(cd "$cache/dl" && apt-get download lttng-modules-dkms > /dev/null &&
	dpkg-deb -x lttng-modules-dkms_*.deb x) >&2
src=$(ls -d "$cache"/dl/x/usr/src/lttng-modules-*)
cp -a "$src" "$dir"
python3 - "$dir/include/instrumentation/events/timer.h" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = "TP_PROTO(struct hrtimer *hrtimer, enum hrtimer_mode mode),\n\n\tTP_ARGS(hrtimer, mode),"
if "bool was_armed" not in s:
    assert s.count(old) == 1, "hrtimer_start prototype not found"
    s = s.replace(old, "TP_PROTO(struct hrtimer *hrtimer, enum hrtimer_mode mode, bool was_armed),\n\n\tTP_ARGS(hrtimer, mode, was_armed),")
    open(p, "w").write(s)
PY
make -C "$dir" KERNELDIR="/lib/modules/$kver/build" -j2 modules >&2
touch "$dir/.built"
echo "$dir"
