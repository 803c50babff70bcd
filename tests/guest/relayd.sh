# SPDX-License-Identifier: GPL-2.0-only
# Streaming and live reading through lttng-relayd on the loopback
# interface, with the unmodified lttng-tools and babeltrace2.  A process
# of known thread id emits a known number of lttng_test_filter_event
# events on CPU 0, so other CPUs' streams stay idle.
#  - streaming (`lttng create --set-url=net://localhost`): the relayd's
#    copy of the trace holds exactly the workload;
#  - live (`lttng create --live`): `babeltrace2 -i lttng-live` shows the
#    workload while the session runs, then a second one, and ends when
#    the session is destroyed.  A viewer only gets past a stream once
#    lttng-relayd has had a packet or a beacon of it: an idle CPU's
#    stream gets its first packet when its buffer is created, and the
#    live timer's beacons after that.
. "$RT_REPO/tests/lib.sh"

ev=lttng_test_filter_event

emit() {
	rt_emit "$1" 0
}

# events FILE TID: the events of TID in babeltrace2's output FILE.
events() {
	grep " $ev: " "$1" | grep -c "{ tid = $2 }"
}

# wait_events FILE TID N: until FILE holds N events of TID (60 s at most).
wait_events() {
	local i
	for i in $(seq 600); do
		[ "$(events "$1" "$2")" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}

session() {
	lttng create "$@" > /dev/null &&
	lttng enable-event -k $ev > /dev/null &&
	lttng add-context -k -t tid > /dev/null &&
	lttng start > /dev/null
}

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng-relayd -d -o "$RT_TMP/relay" || fatal "lttng-relayd -d failed"
modprobe lttng-test || fatal "modprobe lttng-test"
[ "$(nproc)" -ge 2 ] || echo "note: one CPU, no idle stream"

# Streaming.
session net --set-url=net://localhost || fatal "session net does not start"
t=$(emit 25)
lttng destroy > /dev/null
d=$(ls -d "$RT_TMP"/relay/*/net* | head -n 1)
babeltrace2 "$d" > "$RT_TMP/net.txt" 2> "$RT_TMP/net.err"
check "streaming: the relayd's trace reads" test $? = 0
check "streaming: it holds the workload's 25 events" test "$(events "$RT_TMP/net.txt" "$t")" = 25

# Live, with a viewer attached before the workload.
session live --live=500000 --set-url=net://localhost || fatal "session live does not start"
out=$RT_TMP/live.txt
timeout 300 babeltrace2 -i lttng-live "net://localhost/host/$(hostname)/live" \
	> "$out" 2> "$RT_TMP/live.err" &
viewer=$!
sleep 2
t1=$(emit 10)
check "live: the viewer shows the workload while the session runs" wait_events "$out" "$t1" 10
t2=$(emit 15)
check "live: and the next one" wait_events "$out" "$t2" 15
lttng stop > /dev/null
lttng destroy > /dev/null
rt_wait_gone $viewer 60
check "live: the viewer ends once the session is destroyed" not kill -0 $viewer
wait $viewer
check "live: ... without error" test $? = 0
check "live: exactly the events emitted" \
	test "$(events "$out" "$t1") $(events "$out" "$t2")" = "10 15"

check "sessiond stops" rt_stop_sessiond
killall lttng-relayd 2> /dev/null
modprobe -r lttng-test
rt_done
