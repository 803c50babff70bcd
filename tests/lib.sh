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
	awk '$1 == "lttng_tracer" || $1 ~ /^lttng_ring_buffer_/ { print $1 }' /proc/modules
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
	local p what
	for p in /proc/[0-9]*; do
		what=$(find "$p/fd" -lname 'anon_inode:?lttng_*' -printf '%l ' -o -lname /proc/lttng -printf '%l ' 2> /dev/null)
		grep -q 'lttng_stream' "$p/maps" 2> /dev/null && what="$what(stream mapping)"
		[ -n "$what" ] && echo "${p#/proc/} $(cat "$p/comm" 2> /dev/null): $what"
	done
}

# Ring buffers alive in the kernel: each is one vmap() by rt_rb_buf_alloc.
rt_rb_buffers() {
	grep -c rt_rb_buf_alloc /proc/vmallocinfo
}
