# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# lttng-sessiond (and with it, or alone, lttng-consumerd) killed with SIGKILL
# while every system call and sched_switch are recorded under a workload:
# the session is torn down by the fds closing at exit, the system call
# probes come off under load, nothing stays open or allocated, the modules
# unload, and a new daemon records system calls again.  (1 vCPU: turning
# syscall tracepoints off under load can hang multi-threaded TCG, see
# tests/check.sh; tests/guest/teardown.sh kills with tracepoints on 2.)
. "$RT_REPO/tests/lib.sh"

[ -z "$(rt_loaded_modules)" ] || fatal "Ringtail modules loaded before the test: $(rt_loaded_modules | xargs)"

busy() {
	while :; do
		dd if=/dev/zero bs=4k count=64 2> /dev/null | cat > /dev/null
		ls /proc > /dev/null
	done
}

# No Ringtail file, ring buffer or module reference left; then unload.
clean() {
	local h m clients=$(rt_loaded_modules | grep -c '^lttng_ring_buffer_') ok=0
	h=$(rt_tracer_holders)
	[ -z "$h" ] || { echo "still held: $h"; ok=1; }
	[ "$(rt_rb_buffers)" -eq 0 ] || { echo "$(rt_rb_buffers) ring buffers alive"; ok=1; }
	[ "$(rt_modref lttng_tracer)" = "$clients" ] ||
		{ echo "lttng_tracer used by $(rt_modref lttng_tracer), $clients clients"; ok=1; }
	for m in $(rt_loaded_modules | grep '^lttng_ring_buffer_'); do
		rmmod "$m" || ok=1
	done
	rmmod lttng_tracer || ok=1
	return $ok
}

# kill_cycle NAME WHO: WHO is sessiond or both.
kill_cycle() {
	local name=$1 who=$2 sd all wl p ok=0
	lttng-sessiond -d || { echo "lttng-sessiond -d failed"; return 1; }
	sd=$(cat /var/run/lttng/lttng-sessiond.pid)
	lttng create "$name" --output="$RT_TMP/$name" > /dev/null &&
	lttng enable-channel -k c --subbuf-size 64K --num-subbuf 4 > /dev/null &&
	lttng enable-event -k -c c sched_switch > /dev/null &&
	lttng enable-event -k -c c --syscall --all > /dev/null &&
	lttng start > /dev/null || { echo "$name: cannot start the session"; ok=1; }
	busy &
	wl=$!
	sleep 1
	all=$(pidof lttng-sessiond lttng-consumerd)
	echo "$name: $(rt_rb_buffers) ring buffers, lttng_tracer used by $(rt_modref lttng_tracer)"
	if [ "$who" = both ]; then
		kill -KILL "$sd" $(pidof lttng-consumerd)
	else
		kill -KILL "$sd"
	fi
	for p in $all; do
		rt_wait_gone "$p" 30 || { echo "$name: $p did not exit"; ok=1; }
	done
	kill "$wl"
	wait "$wl" 2> /dev/null
	clean || ok=1
	return $ok
}

check "kill -9 lttng-sessiond while recording system calls" kill_cycle s1 sessiond
check "kill -9 both daemons while recording system calls" kill_cycle s2 both
check "no Ringtail module left" test -z "$(rt_loaded_modules)"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng create again --output="$RT_TMP/again" > /dev/null
lttng enable-event -k --syscall getppid > /dev/null
check "a new sessiond records system calls" lttng start
python3 -c 'import os; [os.getppid() for i in range(5)]'
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/again" > again.txt 2> again.err
check "... whose trace reads without warnings" test $? -eq 0 -a ! -s again.err
check "... with getppid entries and exits" \
	sh -c "grep -q ' syscall_entry_getppid: ' again.txt && grep -q ' syscall_exit_getppid: ' again.txt"
check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
