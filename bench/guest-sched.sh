# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: ns per sched_switch event with ftrace,
# Ringtail and lttng-modules 2.13.9 (a private build, bench/lttng-modules.sh)
# in the same boot, and trace bytes per event.  rt_bench_tp calls the
# tracepoint's probes directly, so scheduling noise stays out.
set -u
n=100000
. "$RT_REPO/bench/lib.sh"

# ns per event of whatever is attached to sched_switch, best of 3.
probe_ns() {
	local i best= ns
	for i in 1 2 3; do
		dmesg -C
		insmod "$RT_REPO/bench/modules/rt_bench_tp.ko" iterations=$n 2> /dev/null
		ns=$(dmesg | sed -n 's/.*rt_bench_tp: [0-9]* probes, \([0-9]*\) ns per event/\1/p')
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
	done
	echo "$best"
}

# An lttng session recording sched_switch into a 16 MiB flight recorder
# per CPU; prints "ns bytes-per-event".
lttng_measure() {
	local dir=$RT_TMP/$1 ns events
	lttng create "$1" --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c sched_switch > /dev/null
	lttng start > /dev/null
	ns=$(probe_ns)
	lttng stop > /dev/null
	lttng destroy > /dev/null
	events=$(babeltrace2 "$dir" | grep -c ' sched_switch: ')
	echo "$ns $(cat "$dir"/kernel/c_* | wc -c) $events" |
		awk '{ printf "%d %.1f\n", $1, $2 / ($3 ? $3 : 1) }'
}

base=$(probe_ns)

echo 16384 > $T/buffer_size_kb
echo 1 > $T/events/sched/sched_switch/enable
ft=$(probe_ns)
ft_bytes=$(cat $T/per_cpu/cpu*/stats | awk '/^entries:|^overrun:/ { e += $2 }
	/^bytes:/ { b += $2 } END { printf "%.1f", b / (e ? e : 1) }')
echo 0 > $T/events/sched/sched_switch/enable
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

echo "sched_switch probes called directly, $n events, best of 3; loop alone: $base ns"
printf '%-14s %4d ns/event, %s bytes/event (ftrace: buffer bytes)\n' ftrace $((ft - base)) "$ft_bytes"
printf '%-14s %4d ns/event, %s bytes/event\n' ringtail $((${rt%% *} - base)) "${rt#* }"
[ -n "$lm" ] && printf '%-14s %4d ns/event, %s bytes/event\n' lttng-modules $((${lm%% *} - base)) "${lm#* }"
echo "$((${rt%% *} - base)) $((ft - base)) $([ -n "$lm" ] && echo $((${lm%% *} - base)))" | awk '{
	if ($2 > 0) printf "ratio ringtail/ftrace        %.2f\n", $1 / $2
	if ($3 > 0) printf "ratio ringtail/lttng-modules %.2f\n", $1 / $3
}'
