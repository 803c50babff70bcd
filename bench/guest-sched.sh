# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: ns per sched_switch event with ftrace,
# Ringtail and lttng-modules (a private build, bench/lttng-modules.sh)
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
# per CPU, with the filter $2 if given; prints "ns bytes-per-event".
lttng_measure() {
	local dir=$RT_TMP/$1 ns events
	lttng create "$1" --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c sched_switch ${2:+--filter "$2"} > /dev/null
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

# A filter that rejects every event the loop fires (its prev_tid is the
# loop's own), and one that accepts them all.
reject='prev_tid == 12345'
accept='prev_tid != 12345 && prev_prio >= 0'

lttng-sessiond -d
rt=$(lttng_measure ringtail)
rt_rej=$(lttng_measure ringtail-rej "$reject")
rt_acc=$(lttng_measure ringtail-acc "$accept")
stop_sessiond

lm=
if [ -n "$lttng_dir" ]; then
	lttng_load lttng-probe-sched
	lttng-sessiond -d
	lm=$(lttng_measure lttng-modules)
	lm_rej=$(lttng_measure lttng-modules-rej "$reject")
	lm_acc=$(lttng_measure lttng-modules-acc "$accept")
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
echo
echo "with a filter that rejects every event ($reject) and one that accepts them ($accept)"
printf '%-14s rejected %4d ns/event, accepted %4d ns/event\n' ringtail \
	$((${rt_rej%% *} - base)) $((${rt_acc%% *} - base))
[ -n "$lm" ] && printf '%-14s rejected %4d ns/event, accepted %4d ns/event\n' lttng-modules \
	$((${lm_rej%% *} - base)) $((${lm_acc%% *} - base))
[ -n "$lm" ] && echo "$((${rt_rej%% *} - base)) $((${lm_rej%% *} - base)) $((${rt_acc%% *} - base)) $((${lm_acc%% *} - base))" | awk '{
	if ($2 > 0) printf "ratio ringtail/lttng-modules, rejected %.2f\n", $1 / $2
	if ($4 > 0) printf "ratio ringtail/lttng-modules, accepted %.2f\n", $3 / $4
}'
