# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: what a write(2) to /dev/lttng-logger
# costs, against a write to /dev/null, with no session (the tracepoint is
# off) and with lttng_logger recorded, for Ringtail and lttng-modules
# in the same boot.
set -u
B=$RT_REPO/bench/build/logger
n=100000
. "$RT_REPO/bench/lib.sh"

# ns per write while a session records lttng_logger into a flight recorder.
measure_recording() {
	local ns
	lttng create "$1" --output="$RT_TMP/$1" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c lttng_logger > /dev/null
	lttng start > /dev/null
	ns=$("$B" /dev/lttng-logger $n)
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$ns"
}

base=$("$B" /dev/null $n)
lttng-sessiond -d
rt_idle=$("$B" /dev/lttng-logger $n)
rt_rec=$(measure_recording ringtail)
stop_sessiond

lm_idle= lm_rec=
if [ -n "$lttng_dir" ]; then
	lttng_load
	lttng-sessiond -d
	lm_idle=$("$B" /dev/lttng-logger $n)
	lm_rec=$(measure_recording lttng-modules)
	stop_sessiond
fi

echo "write(2) of a 32-byte line, $n writes, best of 5; to /dev/null: $base ns"
printf '%-14s no session %5d ns/write, recording %5d ns/write\n' ringtail "$rt_idle" "$rt_rec"
[ -n "$lm_idle" ] &&
	printf '%-14s no session %5d ns/write, recording %5d ns/write\n' lttng-modules "$lm_idle" "$lm_rec"
echo "$((rt_rec - base)) $([ -n "$lm_rec" ] && echo $((lm_rec - base)))" | awk '{
	if ($2 > 0) printf "ratio ringtail/lttng-modules, extra ns per recorded line %.2f\n", $1 / $2
}'
