# SPDX-License-Identifier: GPL-2.0-only
# `lttng clear` with the unmodified lttng-tools: a process of known thread
# id emits a known number of lttng_test_filter_event events before the
# clear, another after it; the trace (tid context, read with babeltrace2)
# holds exactly the second's, in discard and overwrite channels, mmap and
# splice, while tracing and while stopped, and in a snapshot session.
# Then `lttng list`'s channel statistics: the discarded events of a
# discard channel and the lost packets of an overwrite channel that
# overflow are those the trace reports.
. "$RT_REPO/tests/lib.sh"

ev=lttng_test_filter_event

# session NAME CREATE-OPTIONS -- CHANNEL-OPTIONS: started, recording $ev
# with the tid context in channel c.
session() {
	local name=$1 create=()
	shift
	while [ "$1" != -- ]; do create+=("$1"); shift; done
	shift
	lttng create "$name" "${create[@]}" > /dev/null &&
	lttng enable-channel -k c "$@" > /dev/null &&
	lttng add-context -k -c c -t tid > /dev/null &&
	lttng enable-event -k -c c $ev > /dev/null &&
	lttng start > /dev/null
}

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
modprobe lttng-test || fatal "modprobe lttng-test"

# clear_run NAME STOPPED CHANNEL-OPTIONS: "before after" events in the
# trace; with STOPPED, the clear comes while the session is stopped.
clear_run() {
	local name=$1 stopped=$2 t1 t2
	shift 2
	session "$name" --output="$RT_TMP/$name" -- "$@" || return 1
	t1=$(rt_emit 10)
	[ "$stopped" = 1 ] && lttng stop > /dev/null
	lttng clear > /dev/null || return 1
	[ "$stopped" = 1 ] && lttng start > /dev/null
	t2=$(rt_emit 20)
	lttng destroy > /dev/null || return 1
	echo "$(rt_tid_events "$RT_TMP/$name" "$t1") $(rt_tid_events "$RT_TMP/$name" "$t2")"
}

for mode in discard overwrite; do
	for output in mmap splice; do
		n=$(clear_run "$mode-$output" 0 --$mode --output $output)
		check "$mode, $output, tracing: only what came after the clear ($n)" \
			test "$n" = "0 20"
	done
	n=$(clear_run "$mode-stopped" 1 --$mode)
	check "$mode, stopped: only what came after the clear ($n)" test "$n" = "0 20"
done

# A snapshot session: a record after the clear has only what came after.
out=$RT_TMP/snap
session snap --snapshot --output="$out" -- --overwrite || fatal "session snap does not start"
t1=$(rt_emit 10)
lttng clear > /dev/null
t2=$(rt_emit 20)
lttng snapshot record > /dev/null
d=$(ls -d "$out"/snapshot-* | head -n 1)
n="$(rt_tid_events "$d" "$t1") $(rt_tid_events "$d" "$t2")"
check "snapshot session: the record after a clear ($n)" test "$n" = "0 20"
lttng destroy > /dev/null

# Statistics: what `lttng list` says a channel lost is what its packets
# say.  Small buffers overflow under a burst the consumer cannot drain.
stats_run() {
	local name=$1 field=$2 listed
	shift 2
	session "$name" --output="$RT_TMP/$name" -- --subbuf-size=4096 --num-subbuf=2 "$@" ||
		return 1
	taskset -c 0 bash -c 'echo -n 20000 > /proc/lttng-test-filter-event'
	lttng stop > /dev/null
	listed=$(lttng list "$name" | sed -n "s/^ *$field: *//p")
	lttng destroy > /dev/null
	babeltrace2 "$RT_TMP/$name" > /dev/null 2> "$RT_TMP/$name.err"
	echo "$listed"
}
listed=$(stats_run dstats "Discarded events" --discard)
seen=$(sed -n 's/.*discarded \([0-9]*\) events\{0,1\} .*/\1/p' "$RT_TMP/dstats.err" |
	awk '{ s += $1 } END { print s + 0 }')
check "discard: lttng list's discarded events ($listed) = the trace's ($seen), not 0" \
	test -n "$listed" -a "$listed" = "$seen" -a "$seen" != 0
listed=$(stats_run ostats "Lost packets" --overwrite)
seen=$(sed -n 's/.*discarded \([0-9]*\) packets\{0,1\} .*/\1/p' "$RT_TMP/ostats.err" |
	awk '{ s += $1 } END { print s + 0 }')
check "overwrite: lttng list's lost packets ($listed) = the trace's ($seen)" \
	test -n "$listed" -a "$listed" = "$seen"

check "sessiond stops" rt_stop_sessiond
modprobe -r lttng-test
rt_done
