#!/bin/bash
# Inside the guest: run tests of lttng-tools' own suite, built by
# tests/lttng-tools/build.sh, against the kernel tracer staged for this
# boot (Ringtail or lttng-modules).  RT_LT_SRC is the build tree,
# RT_LT_TESTS the tests, each "path:seconds" under tests/regression/.
# Each test's TAP output goes to $RT_TMP/<path with / as _>.log, its exit
# status and seconds to .rc (125: stalled, no output for RT_LT_STALL
# seconds, default 300).  Between tests, leftover daemons are killed
# and the tracer's modules unloaded, so each starts as on a fresh machine.
# Markers on /dev/kmsg let the host attribute console messages to a test.
# RT_LT_PATH, if set, comes first in PATH (a babeltrace2 2.1 for the suite
# of lttng-tools 2.15, whose traces are CTF 2).
set -u
: "${RT_LT_SRC:?}" "${RT_LT_TESTS:?}" "${RT_TMP:?}"
export PATH=${RT_LT_PATH:+$RT_LT_PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The guest is thrown away after each boot: tests that change the system
# (users, ...) may run.
export LTTNG_ENABLE_DESTRUCTIVE_TESTS=will-break-my-system

cleanup() {
	local i
	pkill -KILL -f 'lttng-(sessiond|consumerd|relayd|runas)' 2>/dev/null
	for i in 1 2 3 4 5 6 7 8 9 10; do
		pgrep -f 'lttng-(sessiond|consumerd|relayd|runas)' > /dev/null || break
		sleep 0.5
	done
	# Dependents first: repeat until nothing of the tracer is left.
	for i in 1 2 3 4 5; do
		mods=$(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules)
		[ -n "$mods" ] || break
		for m in $mods; do rmmod "$m" 2>/dev/null; done
	done
	rm -rf /tmp/tmp.* /root/lttng-traces 2>/dev/null
}

for t in $RT_LT_TESTS; do
	path=${t%:*} secs=${t##*:}
	name=${path//\//_}
	cleanup
	echo "rt-lttng-tools: begin $path" > /dev/kmsg
	start=$EPOCHREALTIME
	(cd "$RT_LT_SRC/tests/regression/$(dirname "$path")" &&
		exec setsid timeout -k 10 "$secs" "./$(basename "$path")") \
		> "$RT_TMP/$name.log" 2>&1 < /dev/null &
	pid=$!
	# A test whose output stops growing for RT_LT_STALL seconds waits for
	# something that will not come (a feature not there): end it.
	size=-1 still=0
	while kill -0 $pid 2> /dev/null; do
		sleep 5
		now=$(stat -c %s "$RT_TMP/$name.log")
		if [ "$now" = "$size" ]; then
			still=$((still + 5))
		else
			size=$now still=0
		fi
		if [ $still -ge "${RT_LT_STALL:-300}" ]; then
			echo "# suite.sh: no output for ${still}s, test ended" >> "$RT_TMP/$name.log"
			pkill -KILL -s "$(ps -o sid= -p $pid | tr -d ' ')" 2> /dev/null
			kill -KILL $pid 2> /dev/null
			break
		fi
	done
	wait $pid
	rc=$?
	[ $still -ge "${RT_LT_STALL:-300}" ] && rc=125
	end=$EPOCHREALTIME
	echo "rt-lttng-tools: end $path rc=$rc" > /dev/kmsg
	awk -v rc=$rc -v s=$start -v e=$end 'BEGIN { printf "%d %.0f\n", rc, e - s }' \
		> "$RT_TMP/$name.rc"
done
cleanup
exit 0
