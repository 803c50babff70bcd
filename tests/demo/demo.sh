# SPDX-License-Identifier: GPL-2.0-only
# Demo, run inside the guest by scripts/demo.sh: the unmodified lttng-tools
# drives Ringtail to record a mixed workload (a CPU hog, file I/O on a
# loop-mounted ext4, processes), babeltrace2 shows the first events and
# what the state dump says of lttng-sessiond (started before tracing),
# and lttng-analyses summarises the trace.
set -u
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

say uname -r
uname -r
say lttng-sessiond -d
lttng-sessiond -d
say 'lsmod | grep -E "^lttng"'
lsmod | grep -E '^lttng'
say "lttng list -k | head -n 12; lttng list -k | grep -c loglevel"
lttng list -k | head -n 12
lttng list -k | grep -c loglevel
run lttng create demo --output="$RT_TMP/trace"
run lttng enable-event -k 'lttng_statedump_*,sched_*,irq_*,timer_*,block_*,kmem_mm_page_*,ext4_*,jbd2_*,writeback_*,workqueue_*,signal_*,task_*'
run lttng start
say "sh -c 'i=0; while [ \$i -lt 60000 ]; do i=\$((i+1)); done' &   # a CPU hog"
sh -c 'i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done' &
hog=$!
say 'mkfs.ext4 -q /tmp/img; mount -o loop /tmp/img /mnt; dd ... conv=fsync   # I/O'
modprobe loop
dd if=/dev/zero of=/tmp/img bs=1M count=16 2> /dev/null
mkfs.ext4 -q -F /tmp/img > /dev/null 2>&1
modprobe ext4
mount -o loop /tmp/img /mnt
for i in 1 2; do dd if=/dev/urandom of=/mnt/f$i bs=64k count=8 conv=fsync 2> /dev/null; done
wait $hog
umount /mnt
run lttng stop
run lttng destroy
say "babeltrace2 $RT_TMP/trace | head -n 15"
babeltrace2 "$RT_TMP/trace" | head -n 15
say "babeltrace2 $RT_TMP/trace | wc -l"
babeltrace2 "$RT_TMP/trace" | wc -l
say "babeltrace2 $RT_TMP/trace | grep -m 2 'process_state: .*lttng-sessiond'   # the state dump"
babeltrace2 "$RT_TMP/trace" | grep -m 2 'process_state: .*"lttng-sessiond"' | cut -c 1-240
say "babeltrace2 $RT_TMP/trace | grep -m 2 'file_descriptor: .*lttng'"
babeltrace2 "$RT_TMP/trace" | grep -m 2 'file_descriptor: .*lttng' | cut -c 1-240
say "lttng-cputop $RT_TMP/trace   # the hog was tid $hog"
lttng-cputop --no-progress --no-color "$RT_TMP/trace" 2>&1 | head -n 16
say "lttng-irqstats $RT_TMP/trace"
lttng-irqstats --no-progress --no-color "$RT_TMP/trace" 2>&1 | head -n 16
kill -TERM "$(cat /var/run/lttng/lttng-sessiond.pid)"
sleep 2
say 'lsmod | grep -c -E "^lttng"   # after lttng-sessiond stopped'
lsmod | grep -c -E '^lttng'
exit 0
