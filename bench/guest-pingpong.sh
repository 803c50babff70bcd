# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: a pipe ping-pong between two processes
# on one CPU (bench/pingpong.c) with sched_switch, sched_waking and
# sched_wakeup recorded by ftrace, Ringtail and lttng-modules in
# turn, in the same boot: extra ns per event ((traced - alone) per round
# trip, divided by the events each trace holds per round trip, others'
# included: 6 from the ping-pong, two each of sched_switch, sched_waking
# and sched_wakeup, as its processes are SCHED_BATCH) and trace bytes per
# event.
set -u
B=$RT_REPO/bench/build/pingpong
n=10000
. "$RT_REPO/bench/lib.sh"
EVENTS="sched_switch sched_waking sched_wakeup"

# An lttng session recording the three events into 32 MiB per CPU, room
# for all of them; prints "ns events-per-round-trip bytes-per-event
# discarded".
lttng_measure() {
	local dir=$RT_TMP/$1 ns
	lttng create "$1" --output="$dir" > /dev/null
	lttng enable-channel -k --subbuf-size 4M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c "$(echo $EVENTS | tr ' ' ,)" > /dev/null
	lttng start > /dev/null
	ns=$("$B" $n)
	lttng stop > "$dir.stop"
	lttng destroy > /dev/null
	echo "$ns $(babeltrace2 "$dir" | grep -cE ' sched_(switch|waking|wakeup): ')" \
		"$(cat "$dir"/kernel/c_* | wc -c)" \
		"$(sed -n 's/.*Warning: \([0-9]*\) events were discarded.*/\1/p' "$dir.stop")" |
		awk -v n=$n '{ printf "%d %.2f %.1f %d\n", $1, $2 / (5 * n), $3 / ($2 ? $2 : 1), $4 }'
}

# Seven rounds of each configuration, interleaved, the best of each kept:
# emulation noise comes in bursts that one run alone cannot tell apart,
# and the events add only a few percent to a round trip under TCG.
min() { [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ] && echo "$2" || echo "$1"; }
base= nop= ft= rt= lm=
echo 32768 > $T/buffer_size_kb
for round in 1 2 3 4 5 6 7; do
	base=$(min "$base" "$("$B" $n)")

	insmod "$RT_REPO/bench/modules/rt_bench_nop.ko" tps=$(echo $EVENTS | tr ' ' ,)
	nop=$(min "$nop" "$("$B" $n)")
	rmmod rt_bench_nop

	echo > $T/trace
	for e in $EVENTS; do echo 1 > $T/events/sched/$e/enable; done
	ns=$("$B" $n)
	for e in $EVENTS; do echo 0 > $T/events/sched/$e/enable; done
	ft=$(min "$ft" "$ns $(cat $T/per_cpu/cpu*/stats | awk -v n=$n '/^entries:|^overrun:/ { e += $2 }
		/^bytes:/ { b += $2 } END { printf "%.2f %.1f", e / (5 * n), b / (e ? e : 1) }')")

	for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done
	lttng-sessiond -d
	rt=$(min "$rt" "$(lttng_measure ringtail$round)")
	stop_sessiond

	if [ -n "$lttng_dir" ]; then
		lttng_load lttng-probe-sched
		lttng-sessiond -d
		lm=$(min "$lm" "$(lttng_measure lttng-modules$round)")
		stop_sessiond
		for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done
	fi
done
echo > $T/trace
set -- $ft
ft_ev="$2 $3"
ft=$1

# extra ns per event = (traced - alone) / events per round trip
per_event() { echo "$1 $base $2" | awk '{ printf "%d", ($1 - $2) / ($3 > 0 ? $3 : 6) }'; }
echo "pipe ping-pong on one CPU, $n round trips, best of 5 runs x 7 rounds; alone: $base ns/round trip"
printf '%-14s %5d ns/event (empty probes on the three tracepoints: the kernel'"'"'s share)\n' floor \
	"$(per_event "$nop" 6)"
printf '%-14s %5d ns/event (%s events/round trip in the buffer, %s bytes/event)\n' ftrace \
	"$(per_event "$ft" "${ft_ev% *}")" "${ft_ev% *}" "${ft_ev#* }"
set -- $rt
rt_ev=$(per_event "$1" "$2")
printf '%-14s %5d ns/event (%s events/round trip in the trace, %s bytes/event, %s discarded)\n' \
	ringtail "$rt_ev" "$2" "$3" "$4"
lm_ev=
if [ -n "$lm" ]; then
	set -- $lm
	lm_ev=$(per_event "$1" "$2")
	printf '%-14s %5d ns/event (%s events/round trip in the trace, %s bytes/event, %s discarded)\n' \
		lttng-modules "$lm_ev" "$2" "$3" "$4"
fi
echo "$rt_ev $(per_event "$ft" "${ft_ev% *}") $lm_ev" | awk '{
	if ($2 > 0) printf "ratio ringtail/ftrace        %.2f\n", $1 / $2
	if ($3 > 0) printf "ratio ringtail/lttng-modules %.2f\n", $1 / $3
}'
if [ -n "$lm" ]; then
	set -- $lm
	lm_above=$(per_event "$1" "$2")
	set -- $rt
	rt_above=$(per_event "$1" "$2")
	fl=$(per_event "$nop" 6)
	echo "$((rt_above - fl)) $((lm_above - fl))" | awk '{
		printf "above the floor: ringtail %d, lttng-modules %d ns/event, ratio %.2f\n", $1, $2, ($2 > 0 ? $1 / $2 : 0)
	}'
fi
