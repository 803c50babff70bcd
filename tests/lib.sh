# SPDX-License-Identifier: GPL-2.0-only
# Helpers for Ringtail's shell tests (sourced).  A check prints one line; the
# test exits non-zero at the end if any check failed (rt_done).

rt_failures=0

check() {	# description command...
	local what=$1
	shift
	if "$@"; then
		echo "ok    $what"
	else
		echo "FAIL  $what"
		rt_failures=$((rt_failures + 1))
	fi
}

fatal() {
	echo "FAIL  $*"
	exit 1
}

rt_done() {
	[ "$rt_failures" -eq 0 ] && { echo PASSED; exit 0; }
	echo "FAILED ($rt_failures)"
	exit 1
}

# Ringtail modules currently loaded, one name a line (as /proc/modules spells them).
rt_loaded_modules() {
	awk '$1 == "lttng_tracer" || $1 == "lttng_lib_ring_buffer" || $1 ~ /^lttng_ring_buffer_/ { print $1 }' /proc/modules
}

# Wait up to $2 seconds (default 30) for process $1 to exit.
rt_wait_gone() {
	local pid=$1 n=$((${2:-30} * 10))
	while kill -0 "$pid" 2>/dev/null && [ $n -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	! kill -0 "$pid" 2>/dev/null
}

# Stop the root lttng-sessiond (the pid in its pid file: its run-as worker
# has the same name and must be left to the daemon) and wait for its cleanup,
# which includes unloading the kernel modules it loaded.
rt_stop_sessiond() {
	local pid
	pid=$(cat /var/run/lttng/lttng-sessiond.pid 2>/dev/null) || return 1
	kill -TERM "$pid" || return 1
	rt_wait_gone "$pid" 60 || { kill -KILL "$pid"; return 1; }
	# The worker leaves with its parent.
	for pid in $(pidof lttng-sessiond); do
		rt_wait_gone "$pid" 10 || return 1
	done
}

# The "used" count /proc/modules gives module $1 (as it spells it); empty
# if it is not loaded.
rt_modref() {
	awk -v m="$1" '$1 == m { print $3 }' /proc/modules
}

# Processes that hold a Ringtail file: an fd on /proc/lttng or one of the
# files it hands out, or a mapping of a stream.  One "pid comm: what" a line.
rt_tracer_holders() {
	local pid what comm
	{
		find /proc/[0-9]*/fd \( -lname 'anon_inode:?lttng_*' -o -lname /proc/lttng \) \
			-printf '%h %l\n' 2> /dev/null
		grep -l lttng_stream /proc/[0-9]*/maps 2> /dev/null | sed 's|$| (stream mapping)|'
	} | sed 's|^/proc/\([0-9]*\)/[a-z]*|\1|' | sort -n | while read -r pid what; do
		read -r comm 2> /dev/null < /proc/$pid/comm || comm=?
		echo "$pid $comm: $what"
	done | awk -F': ' '$1 != last { if (last != "") print line; last = $1; line = $0; next }
		{ line = line " " $2 } END { if (last != "") print line }'
}

# Ring buffers alive in the kernel: lttng_tracer's only vmap() is a
# buffer's (ringbuffer/buffer.c), shown with its caller in vmallocinfo.
rt_rb_buffers() {
	grep -c '\[lttng_tracer\].* vmap' /proc/vmallocinfo
}

# Succeeds when the command fails (a refusal a check expects).
not() {
	! "$@"
}

# Emit $1 lttng_test_filter_event events (module lttng-test) from a new
# process, on CPU $2 if given; print its thread id.
rt_emit() {
	${2:+taskset -c "$2"} bash -c 'echo $$; echo -n '"$1"' > /proc/lttng-test-filter-event'
}

# How many lttng_test_filter_event events of thread $2 the trace under $1
# holds (the trace records the tid context).
rt_tid_events() {
	babeltrace2 "$1" 2> /dev/null | grep " lttng_test_filter_event: " | grep -c "{ tid = $2 }"
}
