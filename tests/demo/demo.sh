# SPDX-License-Identifier: GPL-2.0-only
# Demo, run inside the guest by scripts/demo.sh: the unmodified lttng-tools
# finds Ringtail, validates it and lists what it offers.
set -u
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say uname -r
uname -r
say lttng-sessiond -b -vvv
lttng-sessiond -b -vvv > sessiond.log 2>&1
grep -E 'Kernel tracer version validated|Unable to load required|Kernel tracer initialized' sessiond.log | sed 's/ (in .*)$//'
say lsmod '| grep -E "ringtail|lttng"'
lsmod | grep -E '^(ringtail|lttng)'
say ls -l /proc/lttng
ls -l /proc/lttng
say lttng version
lttng version
say lttng list -k
lttng list -k
kill -TERM "$(cat /var/run/lttng/lttng-sessiond.pid)"
sleep 2
say 'lsmod | grep -c -E "ringtail|lttng"   # after lttng-sessiond stopped'
lsmod | grep -c -E '^(ringtail|lttng)'
exit 0
