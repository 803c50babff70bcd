# SPDX-License-Identifier: GPL-2.0-only
# More than 31 events in a channel: large event headers when they are there
# at start, extended compact headers when they appear later (a module
# loaded while the session runs); a module whose events are in use stays.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
ko=$RT_REPO/tests/modules/rt_test_events.ko

# 1. Loaded before start: 40 events at start, so event_header_large.
check "load the 40-event module" insmod "$ko"
lttng create big --output="$RT_TMP/big" > /dev/null
check "enable rt_test_*" lttng enable-event -k 'rt_test_*'
check "start" lttng start
sleep 0.3	# more than 2^27 ns: full timestamps are needed
sleep 0.3
check "the module cannot go while its events are in use" sh -c "! rmmod rt_test_events 2> /dev/null"
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/big" > big.txt 2> big.err
check "babeltrace2 reads the large-header trace without warnings" test $? -eq 0 -a ! -s big.err
check "... whose channel uses event_header_large" \
	sh -c "babeltrace2 --output-format=ctf-metadata '$RT_TMP/big/kernel' | grep -q 'event.header := struct event_header_large'"
check "... with all 40 events" test "$(grep -o 'rt_test_ev[0-9]*:' big.txt | sort -u | wc -l)" -eq 40
check "... and their counters" grep -q 'rt_test_ev39: .*count = [0-9]*, tid = ' big.txt
check "the module unloads once the session is gone" rmmod rt_test_events

# 2. Loaded after start: a compact channel gets ids 31 and more.
lttng create late --output="$RT_TMP/late" > /dev/null
lttng enable-event -k 'rt_test_*' > /dev/null
lttng enable-event -k sched_switch > /dev/null
check "start with no matching event loaded" lttng start
sleep 0.2
check "load the module while tracing" insmod "$ko"
sleep 0.3
sleep 0.3
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/late" > late.txt 2> late.err
check "babeltrace2 reads it without warnings" test $? -eq 0 -a ! -s late.err
check "... compact headers" \
	sh -c "babeltrace2 --output-format=ctf-metadata '$RT_TMP/late/kernel' | grep -q 'event.header := struct event_header_compact'"
check "... events that appeared after start are recorded" grep -q 'rt_test_ev35: ' late.txt
check "... next to sched_switch" grep -q ' sched_switch: ' late.txt
check "unload" rmmod rt_test_events

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
