# SPDX-License-Identifier: GPL-2.0-only
# Triggers on kernel events, through the unmodified lttng-tools: a client
# written against liblttng-ctl (tests/workloads/trigger_client.c) gets one
# notification per lttng-test event its filter lets through, with the
# captured values checked against what the module wrote; a trigger whose
# action starts a session, and one whose action takes a snapshot, each
# fired by one event, the trace of each read back; `lttng list-triggers`
# shows the triggers with no discarded notification.
. "$RT_REPO/tests/lib.sh"
C=$RT_REPO/tests/build/workloads/trigger_client

modprobe lttng-test || fatal "modprobe lttng-test failed"
lttng-sessiond -d || fatal "lttng-sessiond -d failed"

# 1. Notify, with a filter and captures.
"$C" 4 'intfield >= 6' > client.out 2> client.err &
cpid=$!
for i in $(seq 1 100); do grep -q ready client.out && break; sleep 0.2; done
check "the client registered its trigger and subscribed" grep -q ready client.out
/bin/echo -n 10 > /proc/lttng-test-filter-event
wait $cpid
check "the client got its 4 notifications" test $? -eq 0
check "... with intfield 6 to 9, stringfield and procname captured" test \
	"$(grep notification client.out)" = "$(printf 'notification u:%d str:test str:echo\n' 6 7 8 9)"
check "list-triggers shows no other trigger left" \
	sh -c '! lttng list-triggers | grep -q rt_client'

# 2. A trigger that starts a session.
lttng create started --output="$RT_TMP/started" > /dev/null
lttng enable-event -k -s started lttng_test_filter_event > /dev/null
check "add-trigger --action start-session" lttng add-trigger --name starter \
	--condition event-rule-matches --type=kernel --name=lttng_test_filter_event \
	--filter 'intfield == 2' --action start-session started
check "the session is inactive before" sh -c 'lttng list started | grep -q "\[inactive\]"'
/bin/echo -n 3 > /proc/lttng-test-filter-event
for i in $(seq 1 50); do lttng list started | grep -q "\[active\]" && break; sleep 0.2; done
check "the third event started it" sh -c 'lttng list started | grep -q "\[active\]"'
/bin/echo -n 5 > /proc/lttng-test-filter-event
lttng stop started > /dev/null
lttng destroy started > /dev/null
babeltrace2 "$RT_TMP/started" > started.txt 2> started.err
check "its trace reads without warnings" test ! -s started.err
check "... and holds the 5 events fired after it started" \
	test "$(grep -c 'lttng_test_filter_event:' started.txt)" -eq 5
lttng remove-trigger starter > /dev/null

# 3. A trigger that takes a snapshot.
lttng create snap --snapshot --output="$RT_TMP/snap" > /dev/null
lttng enable-event -k -s snap lttng_test_filter_event > /dev/null
lttng start snap > /dev/null
/bin/echo -n 7 > /proc/lttng-test-filter-event
check "add-trigger --action snapshot-session" lttng add-trigger --name snapper \
	--condition event-rule-matches --type=kernel:syscall:entry --name=getppid \
	--filter '$ctx.procname == "rt-snap-me"' --action snapshot-session snap
python3 -c 'import ctypes, os
libc = ctypes.CDLL(None)
libc.prctl(15, b"rt-snap-me", 0, 0, 0)
os.getppid()'
for i in $(seq 1 50); do ls "$RT_TMP"/snap/snapshot-* > /dev/null 2>&1 && break; sleep 0.2; done
sleep 1
lttng stop snap > /dev/null
lttng destroy snap > /dev/null
babeltrace2 "$RT_TMP"/snap/snapshot-* > snap.txt 2> snap.err
check "one snapshot was taken" test "$(ls -d "$RT_TMP"/snap/snapshot-* | wc -l)" -eq 1
check "... whose trace reads without warnings" test ! -s snap.err
check "... and holds the 7 events recorded before" \
	test "$(grep -c 'lttng_test_filter_event:' snap.txt)" -eq 7
check "list-triggers: snapper, no discarded notification" \
	sh -c 'lttng list-triggers | grep -A20 "name: snapper" | grep -q "errors: none"'
lttng remove-trigger snapper > /dev/null

check "sessiond stops" rt_stop_sessiond
# lttng-test kept lttng-tracer loaded when sessiond unloaded the others.
rmmod lttng_test
rmmod lttng_tracer 2> /dev/null
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
