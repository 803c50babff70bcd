# SPDX-License-Identifier: GPL-2.0-only
# Snapshots with the unmodified lttng-tools: a process of known thread id
# emits a known number of lttng_test_filter_event events, the trace keeps
# the tid context, and babeltrace2 reads every snapshot back.
#  - a flight recorder (`lttng create --snapshot`, overwrite channel): two
#    records while tracing, the first holds the first workload exactly,
#    the second both; a record to lttng-relayd holds them too;
#  - small overwrite buffers that wrap between two records: the second
#    record starts with a later event than the first;
#  - a discard channel that fills up: every record holds the same first
#    events (lttng-consumerd falls back to FLUSH, and leaves the stream
#    out of the snapshot, when FLUSH_EMPTY fails on a full buffer);
#  - `lttng snapshot record` of a session that is not in snapshot mode is
#    refused, and the session records on.
. "$RT_REPO/tests/lib.sh"

ev=lttng_test_filter_event

# emit N: N events from a new process; prints its thread id.
emit() {
	bash -c 'echo $$; echo -n '"$1"' > /proc/lttng-test-filter-event'
}

# events DIR TID: how many events of TID the trace under DIR holds.
events() {
	babeltrace2 "$1" 2> /dev/null | grep " $ev: " | grep -c "{ tid = $2 }"
}

# The one snapshot directory under $1.
snap_dir() {
	local d=("$1"/snapshot-*)
	[ ${#d[@]} = 1 ] && [ -d "${d[0]}" ] && echo "${d[0]}"
}

# first_event DIR: the first event babeltrace2 reads, with its time.
first_event() {
	babeltrace2 "$1" 2> /dev/null | grep -m1 " $ev: "
}

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng-relayd -d -o "$RT_TMP/relay" || fatal "lttng-relayd -d failed"
modprobe lttng-test || fatal "modprobe lttng-test"

# Flight recorder, two records while tracing, then one to the relay.
out=$RT_TMP/fr
lttng create fr --snapshot --output="$out" > /dev/null &&
lttng enable-channel -k c --overwrite > /dev/null &&
lttng add-context -k -c c -t tid > /dev/null &&
lttng enable-event -k -c c $ev > /dev/null &&
lttng start > /dev/null || fatal "session fr does not start"
t1=$(emit 10)
lttng snapshot record > /dev/null
d1=$(snap_dir "$out")
check "first record: readable" babeltrace2 "$d1" -o dummy
check "first record: the first workload's 10 events" test "$(events "$d1" "$t1")" = 10
mv "$d1" "$RT_TMP/fr-1"
t2=$(emit 20)
lttng snapshot record > /dev/null
d2=$(snap_dir "$out")
check "second record: the second workload's 20 events" test "$(events "$d2" "$t2")" = 20
check "second record: and still the first's 10" test "$(events "$d2" "$t1")" = 10
lttng snapshot record net://localhost > /dev/null
d3=$(ls -d "$RT_TMP"/relay/*/fr*/snapshot-* 2> /dev/null | head -n 1)
check "record to lttng-relayd: both workloads" \
	test "$(events "$d3" "$t1") $(events "$d3" "$t2")" = "10 20"
lttng destroy > /dev/null

# Small overwrite buffers that wrap: the second record starts later.
out=$RT_TMP/wrap
lttng create wrap --snapshot --output="$out" > /dev/null &&
lttng enable-channel -k c --overwrite --subbuf-size=4096 --num-subbuf=2 > /dev/null &&
lttng enable-event -k -c c $ev > /dev/null &&
lttng start > /dev/null || fatal "session wrap does not start"
taskset -c 0 bash -c 'echo -n 10000 > /proc/lttng-test-filter-event'
lttng snapshot record > /dev/null
f1=$(first_event "$(snap_dir "$out")")
rm -rf "$out"
taskset -c 0 bash -c 'echo -n 10000 > /proc/lttng-test-filter-event'
lttng snapshot record > /dev/null
f2=$(first_event "$(snap_dir "$out")")
check "overwrite: the second record starts with a later event" \
	test -n "$f1" -a -n "$f2" -a "$f1" != "$f2"
lttng destroy > /dev/null

# A full discard buffer keeps its first events; every record shows them.
out=$RT_TMP/full
lttng create full --snapshot --output="$out" > /dev/null &&
lttng enable-channel -k c --discard --subbuf-size=4096 --num-subbuf=2 > /dev/null &&
lttng enable-event -k -c c $ev > /dev/null &&
lttng start > /dev/null || fatal "session full does not start"
taskset -c 0 bash -c 'echo -n 10000 > /proc/lttng-test-filter-event'
lttng snapshot record > /dev/null
f1=$(first_event "$(snap_dir "$out")")
rm -rf "$out"
taskset -c 0 bash -c 'echo -n 10000 > /proc/lttng-test-filter-event'
lttng snapshot record > /dev/null
f2=$(first_event "$(snap_dir "$out")")
check "discard: the second record starts with the same event" \
	test -n "$f1" -a "$f1" = "$f2"
lttng destroy > /dev/null

# Not a snapshot session: refused, and tracing goes on.
lttng create plain --output="$RT_TMP/plain" > /dev/null &&
lttng enable-event -k $ev > /dev/null &&
lttng add-context -k -t tid > /dev/null &&
lttng start > /dev/null || fatal "session plain does not start"
check "snapshot record of a session not in snapshot mode: refused" \
	not lttng snapshot record 2> /dev/null
t3=$(emit 5)
lttng destroy > /dev/null
check "... and it records on" test "$(events "$RT_TMP/plain" "$t3")" = 5

check "sessiond stops" rt_stop_sessiond
killall lttng-relayd 2> /dev/null
modprobe -r lttng-test
rt_done
