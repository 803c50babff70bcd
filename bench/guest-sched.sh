# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: cost of a sched_switch event with
# ftrace, Ringtail and lttng-modules 2.13.9 (a private build, see
# bench/lttng-modules.sh), on the same workload in the same boot.
set -u
rounds=${RT_BENCH_ROUNDS:-20000}
pp=$RT_REPO/bench/build/pingpong
lttng_dir=$(ls -d /var/tmp/ringtail-bench/lttng-modules-"$(uname -r)" 2>/dev/null)

# The fastest of three runs: prints "ns events bytes".
best() {
	local run=$1 i line best=
	for i in 1 2 3; do
		line=$("$run" "$i")
		if [ -z "$best" ] || [ "${line%% *}" -lt "${best%% *}" ]; then
			best=$line
		fi
	done
	echo "$best"
}

plain() {
	echo "$("$pp" "$rounds") 0 0"
}

T=/sys/kernel/tracing
ftrace() {
	local t
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo 1 > $T/tracing_on
	t=$("$pp" "$rounds")
	echo 0 > $T/tracing_on
	echo "$t $(cat $T/per_cpu/cpu*/stats | awk '/^entries:|^overrun:/ { e += $2 }
		/^bytes:/ { b += $2 } END { print e, b }')"
}

lttng_session() {
	local dir=$RT_TMP/$2-$1 t
	lttng create "b$1" --output="$dir" > /dev/null
	lttng enable-channel -k --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c sched_switch > /dev/null
	lttng start > /dev/null
	t=$("$pp" "$rounds")
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$t $(babeltrace2 "$dir" | grep -c ' sched_switch: ') $(cat "$dir"/kernel/c_* | wc -c)"
}
ringtail() { lttng_session "$1" ringtail; }
lttng_modules() { lttng_session "$1" lttng-modules; }

stop_sessiond() {
	kill -TERM "$(cat /var/run/lttng/lttng-sessiond.pid)"
	while pidof lttng-sessiond > /dev/null; do sleep 0.2; done
}

# insmod a module of the private lttng-modules build, dependencies first.
lttng_insmod() {
	local name=$1 ko dep
	grep -q "^${name//-/_} " /proc/modules && return 0
	ko=$(find "$lttng_dir" -name "$name.ko" | head -n 1)
	[ -n "$ko" ] || { modprobe "$name"; return; }
	for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
		lttng_insmod "$dep" || return 1
	done
	insmod "$ko"
}

echo "workload: $rounds pipe round trips between two processes on CPU 0"
base=$(best plain)
echo "baseline      ${base%% *} ns"

echo 16384 > $T/buffer_size_kb
echo 1 > $T/events/sched/sched_switch/enable
ft=$(best ftrace)
echo 0 > $T/events/sched/sched_switch/enable
echo > $T/trace

lttng-sessiond -d
rt=$(best ringtail)
stop_sessiond

lm=
if [ -n "$lttng_dir" ]; then
	for m in lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite \
		 lttng-ring-buffer-metadata-client lttng-ring-buffer-client-mmap-discard \
		 lttng-ring-buffer-client-mmap-overwrite lttng-ring-buffer-metadata-mmap-client \
		 lttng-probe-sched; do
		lttng_insmod "$m" || echo "cannot load $m from $lttng_dir"
	done
	lttng-sessiond -d
	lm=$(best lttng_modules)
	stop_sessiond
fi

report() {	# name "ns events bytes"
	echo "$1 $2" | awk -v base="${base%% *}" '{
		printf "%-14s +%.0f ns/event, %d events, %.1f bytes/event\n", $1,
		       ($2 - base) / ($3 ? $3 : 1), $3, $4 / ($3 ? $3 : 1) }'
}
report ftrace "$ft"
report ringtail "$rt"
[ -n "$lm" ] && report lttng-modules "$lm"
echo "$rt|$ft|$lm" | awk -F'|' -v base="${base%% *}" '
function cost(s,  a) { split(s, a, " "); return a[2] ? (a[1] - base) / a[2] : 0 }
{
	rt = cost($1); ft = cost($2); lm = cost($3)
	if (ft > 0) printf "ratio ringtail/ftrace        %.2f\n", rt / ft
	if (lm > 0) printf "ratio ringtail/lttng-modules %.2f\n", rt / lm
}'
