# SPDX-License-Identifier: GPL-2.0-only
# Events generated from the kernel's own include/trace/events/irq.h and
# timer.h, with LTTng's names (softirq_* are irq_softirq_*, hrtimer_* are
# timer_hrtimer_*), recorded and read back.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng list -k > list.txt
check "lttng list -k lists irq_handler_entry" grep -q ' irq_handler_entry (' list.txt
check "... and softirqs under LTTng's names" grep -q ' irq_softirq_entry (' list.txt
check "... not under the kernel's" sh -c '! grep -q " softirq_entry (" list.txt'

lttng create irq --output="$RT_TMP/trace" > /dev/null
check "enable irq_* and timer_*" lttng enable-event -k 'irq_*,timer_*'
check "start" lttng start
# Disk and host-root reads: virtio interrupts, block and timer softirqs.
dd if=/dev/zero of=/tmp/irq-test bs=1M count=8 2> /dev/null
sync
find /usr/share/doc -type f 2> /dev/null | head -n 300 | xargs cat > /dev/null 2>&1
sleep 0.3
lttng stop > /dev/null
lttng destroy > /dev/null
rm -f /tmp/irq-test

babeltrace2 "$RT_TMP/trace" > trace.txt 2> bt.err
check "babeltrace2 reads it" test $? -eq 0
check "without warnings" test ! -s bt.err
check "irq_handler_entry carries the handler's name (a dynamic string)" \
	grep -qE 'irq_handler_entry: .*irq = [0-9]+, .*name = "[^"]+"' trace.txt
check "irq_handler_exit carries irq and ret" \
	grep -qE 'irq_handler_exit: .*\{ irq = [0-9]+, ret = [0-9]+ \}' trace.txt
check "irq_softirq_entry carries vec" grep -qE 'irq_softirq_entry: .*\{ vec = [0-9]+ \}' trace.txt
check "timer_hrtimer_start has this kernel's prototype (was_armed, a Debian backport), pointers in hex" \
	grep -qE 'timer_hrtimer_start: .*function = 0x[0-9a-fA-F]+, .*mode = [0-9]+, was_armed = [01] ' trace.txt
check "timer_hrtimer_expire_entry and timer_timer_start recorded" \
	sh -c "grep -q ' timer_hrtimer_expire_entry: ' trace.txt && grep -q ' timer_start: ' trace.txt"
check "every handler entry names a handler of /proc/interrupts" sh -c '
	for n in $(sed -n "s/.*irq_handler_entry: .*name = \"\([^\"]*\)\".*/\1/p" trace.txt | sort -u); do
		grep -q -- "$n" /proc/interrupts || { echo "unknown handler $n"; exit 1; }
	done'

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
