# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: a pipe ping-pong between two processes
# on one CPU (bench/pingpong.c) with sched_switch, sched_waking and
# sched_wakeup recorded by ftrace, Ringtail and lttng-modules 2.13.9 in
# turn, in the same boot: extra ns per event ((traced - alone) per round
# trip, divided by the events one round trip records) and trace bytes per
# event.
set -u
B=$RT_REPO/bench/build/pingpong
n=10000
. "$RT_REPO/bench/lib.sh"
EVENTS="sched_switch sched_waking sched_wakeup"

# An lttng session recording the three events into 32 MiB per CPU, room
# for all of them; prints "ns events-per-round-trip bytes-per-event".
lttng_measure() {
	local dir=$RT_TMP/$1 ns
	lttng create "$1" --output="$dir" > /dev/null
	lttng enable-channel -k --subbuf-size 4M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c "$(echo $EVENTS | tr ' ' ,)" > /dev/null
	lttng start > /dev/null
	ns=$("$B" $n)
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$ns $(babeltrace2 "$dir" | grep -cE ' sched_(switch|waking|wakeup): ')" \
		"$(cat "$dir"/kernel/c_* | wc -c)" |
		awk -v n=$n '{ printf "%d %.2f %.1f\n", $1, $2 / (5 * n), $3 / ($2 ? $2 : 1) }'
}

base=$("$B" $n)

echo 32768 > $T/buffer_size_kb
for e in $EVENTS; do echo 1 > $T/events/sched/$e/enable; done
ft=$("$B" $n)
for e in $EVENTS; do echo 0 > $T/events/sched/$e/enable; done
ft_ev=$(cat $T/per_cpu/cpu*/stats | awk -v n=$n '/^entries:|^overrun:/ { e += $2 }
	/^bytes:/ { b += $2 } END { printf "%.2f %.1f", e / (5 * n), b / (e ? e : 1) }')
echo > $T/trace

lttng-sessiond -d
rt=$(lttng_measure ringtail)
stop_sessiond

lm=
if [ -n "$lttng_dir" ]; then
	lttng_load lttng-probe-sched
	lttng-sessiond -d
	lm=$(lttng_measure lttng-modules)
	stop_sessiond
fi

# extra ns per event = (traced - alone) / events per round trip
per_event() { echo "$1 $2 $base" | awk '{ printf "%d", ($1 - $3) / ($2 > 0 ? $2 : 1) }'; }
echo "pipe ping-pong on one CPU, $n round trips, best of 5; alone: $base ns/round trip"
printf '%-14s %5d ns/event (%s events/round trip, %s bytes/event)\n' ftrace \
	"$(per_event "$ft" "${ft_ev% *}")" "${ft_ev% *}" "${ft_ev#* }"
set -- $rt
rt_ev=$(per_event "$1" "$2")
printf '%-14s %5d ns/event (%s events/round trip, %s bytes/event)\n' ringtail "$rt_ev" "$2" "$3"
lm_ev=
if [ -n "$lm" ]; then
	set -- $lm
	lm_ev=$(per_event "$1" "$2")
	printf '%-14s %5d ns/event (%s events/round trip, %s bytes/event)\n' lttng-modules "$lm_ev" "$2" "$3"
fi
echo "$rt_ev $(per_event "$ft" "${ft_ev% *}") $lm_ev" | awk '{
	if ($2 > 0) printf "ratio ringtail/ftrace        %.2f\n", $1 / $2
	if ($3 > 0) printf "ratio ringtail/lttng-modules %.2f\n", $1 / $3
}'
