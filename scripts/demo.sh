#!/bin/bash
# Boot a guest of the installed kernel and show Ringtail at work there with
# the unmodified lttng-tools (tests/demo/demo.sh).  Run through `make demo`.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/rt-demo.XXXXXX)
echo "Booting $(scripts/kver.sh) under QEMU (TCG); this takes a few minutes..."
tests/harness/guest -t 300 -o "$out" demo/demo.sh > "$out.log" 2>&1
rc=$?
cat "$out/results/demo.log" 2>/dev/null
[ $rc -eq 0 ] || { echo; echo "The demo guest reported a problem:"; cat "$out.log"; }
exit $rc
