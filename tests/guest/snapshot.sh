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
t1=$(rt_emit 10)
lttng snapshot record > /dev/null
d1=$(snap_dir "$out")
check "first record: readable" babeltrace2 "$d1" -o dummy
check "first record: the first workload's 10 events" test "$(rt_tid_events "$d1" "$t1")" = 10
mv "$d1" "$RT_TMP/fr-1"
t2=$(rt_emit 20)
lttng snapshot record > /dev/null
d2=$(snap_dir "$out")
check "second record: the second workload's 20 events" test "$(rt_tid_events "$d2" "$t2")" = 20
check "second record: and still the first's 10" test "$(rt_tid_events "$d2" "$t1")" = 10
lttng snapshot record net://localhost > /dev/null
d3=$(ls -d "$RT_TMP"/relay/*/fr*/snapshot-* 2> /dev/null | head -n 1)
check "record to lttng-relayd: both workloads" \
	test "$(rt_tid_events "$d3" "$t1") $(rt_tid_events "$d3" "$t2")" = "10 20"
lttng destroy > /dev/null

# first_events NAME MODE: a session of 4 KiB x 2 MODE buffers that 10,000
# events fill; prints the first event of a record, then of a record after
# 10,000 more, one a line.
first_events() {
	local out=$RT_TMP/$1 i
	lttng create "$1" --snapshot --output="$out" > /dev/null &&
	lttng enable-channel -k c --"$2" --subbuf-size=4096 --num-subbuf=2 > /dev/null &&
	lttng enable-event -k -c c $ev > /dev/null &&
	lttng start > /dev/null || return 1
	for i in 1 2; do
		rt_emit 10000 0 > /dev/null
		lttng snapshot record > /dev/null
		first_event "$(snap_dir "$out")"
		rm -rf "$out"
	done
	lttng destroy > /dev/null
}

# Small overwrite buffers that wrap: the second record starts later.
first_events wrap overwrite > "$RT_TMP/wrap.first"
check "overwrite: the second record starts with a later event" \
	test "$(sort -u "$RT_TMP/wrap.first" | grep -c .)" = 2

# A full discard buffer keeps its first events; every record shows them.
first_events full discard > "$RT_TMP/full.first"
check "discard: the second record starts with the same event" \
	test "$(grep -c . "$RT_TMP/full.first")" = 2 -a "$(sort -u "$RT_TMP/full.first" | wc -l)" = 1

# Not a snapshot session: refused, and tracing goes on.
lttng create plain --output="$RT_TMP/plain" > /dev/null &&
lttng enable-event -k $ev > /dev/null &&
lttng add-context -k -t tid > /dev/null &&
lttng start > /dev/null || fatal "session plain does not start"
check "snapshot record of a session not in snapshot mode: refused" \
	not lttng snapshot record 2> /dev/null
t3=$(rt_emit 5)
lttng destroy > /dev/null
check "... and it records on" test "$(rt_tid_events "$RT_TMP/plain" "$t3")" = 5

check "sessiond stops" rt_stop_sessiond
killall lttng-relayd 2> /dev/null
modprobe -r lttng-test
rt_done
