# SPDX-License-Identifier: GPL-2.0-only
# The unmodified lttng-tools records scheduler events with Ringtail and
# babeltrace2 reads the trace back without a warning.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng create rt-sched --output="$RT_TMP/trace" > create.log 2>&1 || fatal "lttng create: $(cat create.log)"
check "enable-event -k sched_switch,sched_wakeup,sched_process_fork,sched_process_exec" \
	lttng enable-event -k sched_switch,sched_wakeup,sched_process_fork,sched_process_exec
check "lttng start" lttng start
check "enable-event -k sched_process_exit after start" \
	lttng enable-event -k sched_process_exit
# A workload whose thread ids we know: each sleep is switched out and in.
pids=
for i in 1 2 3; do
	sleep 0.2 &
	pids="$pids $!"
	wait $!
done
check "lttng stop" lttng stop
check "lttng destroy" lttng destroy

babeltrace2 "$RT_TMP/trace" > trace.txt 2> bt.err
rc=$?
check "babeltrace2 reads the trace" test $rc -eq 0
check "babeltrace2 says nothing on stderr" test ! -s bt.err
[ -s bt.err ] && head -n 20 bt.err
echo "$(wc -l < trace.txt) events; first lines:"
head -n 5 trace.txt
for pid in $pids; do
	check "sleep $pid is switched out (prev_tid)" \
		grep -q "sched_switch: .*prev_tid = $pid," trace.txt
	check "sleep $pid is switched in (next_tid)" \
		grep -q "sched_switch: .*next_tid = $pid," trace.txt
	check "sleep $pid is woken up" \
		grep -qE "sched_wakeup: .*tid = $pid," trace.txt
	check "sleep $pid is forked, with its vtids" \
		grep -qE "sched_process_fork: .*child_tid = $pid, _vtids_length = 1, vtids = \[ \[0\] = $pid \], child_pid = $pid," trace.txt
	check "sleep $pid execs sleep" \
		grep -qE "sched_process_exec: .*filename = \"[a-z/]*/sleep\", tid = $pid, old_tid = $pid }" trace.txt
	check "sleep $pid exits (event enabled after start)" \
		grep -qE "sched_process_exit: .*tid = $pid," trace.txt
done
check "events come from the kernel tracer's CTF" \
	grep -q 'cpu_id = ' trace.txt
babeltrace2 --output-format=ctf-metadata "$RT_TMP/trace/kernel" > metadata.tsdl
check "the clock's uuid is the boot id" \
	grep -q "uuid = \"$(cat /proc/sys/kernel/random/boot_id)\";" metadata.tsdl
check "env: tracer lttng-modules 2.13" \
	sh -c 'grep -q "tracer_name = \"lttng-modules\";" metadata.tsdl && grep -q "tracer_major = 2;" metadata.tsdl && grep -q "tracer_minor = 13;" metadata.tsdl'
check "env: kernel release, hostname, domain, trace name" \
	sh -c "grep -q 'kernel_release = \"$(uname -r)\";' metadata.tsdl && grep -q 'hostname = \"$(hostname)\";' metadata.tsdl && grep -q 'domain = \"kernel\";' metadata.tsdl && grep -q 'trace_name = \"rt-sched\";' metadata.tsdl"

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
