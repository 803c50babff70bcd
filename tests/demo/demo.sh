# SPDX-License-Identifier: GPL-2.0-only
# Demo, run inside the guest by scripts/demo.sh: the unmodified lttng-tools
# drives Ringtail to record a small workload, babeltrace2 shows the trace.
set -u
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

say uname -r
uname -r
say lttng-sessiond -d
lttng-sessiond -d
say 'lsmod | grep -E "^(ringtail|lttng)"'
lsmod | grep -E '^(ringtail|lttng)'
run lttng list -k
run lttng create demo --output="$RT_TMP/trace"
run lttng enable-event -k 'sched_*'
run lttng start
say 'for i in 1 2 3; do sleep 0.1; done; ls / > /dev/null   # the workload'
for i in 1 2 3; do sleep 0.1; done
ls / > /dev/null
run lttng stop
run lttng destroy
say "babeltrace2 $RT_TMP/trace | grep -E 'sleep|prev_comm = \"ls\"' | head -n 12"
babeltrace2 "$RT_TMP/trace" | grep -E 'sleep|prev_comm = "ls"' | head -n 12
say "babeltrace2 $RT_TMP/trace | wc -l"
babeltrace2 "$RT_TMP/trace" | wc -l
kill -TERM "$(cat /var/run/lttng/lttng-sessiond.pid)"
sleep 2
say 'lsmod | grep -c -E "^(ringtail|lttng)"   # after lttng-sessiond stopped'
lsmod | grep -c -E '^(ringtail|lttng)'
exit 0
