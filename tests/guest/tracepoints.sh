# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# Every tracepoint of the running kernel, generated from its own headers:
# how many Ringtail describes and attaches (vmlinux and loaded modules);
# `lttng enable-event -k --all` under a mixed workload, with modules that
# have tracepoints (ext4, jbd2) loaded and unloaded while tracing, while
# ftrace records a few of the same events: babeltrace2 reads the trace with
# no warning and field values agree with ftrace's.  The field values are
# checked in the trace of a second session that records only the events
# checked, at the same time: under the debug kernel, lockdep's lock events
# fill any buffer the --all session has (it discards millions), and which
# events a discard mode channel keeps is then a matter of timing.
. "$RT_REPO/tests/lib.sh"

# (A test before may have left them loaded.)
rmmod ext4 jbd2 mbcache loop 2> /dev/null
modprobe lttng-tracer && insmod "$RT_REPO/tests/modules/rt_test_tplist.ko" || fatal "insmod rt_test_tplist"
lttng-sessiond -d || fatal "lttng-sessiond -d failed"

cat /proc/rt_test_tracepoints > tp.txt
total=$(wc -l < tp.txt)
vmlinux=$(awk '$2 == "vmlinux"' tp.txt | wc -l)
described=$(awk '$3 == 1' tp.txt | wc -l)
headers_only=$(awk '$3 == 1 && $4 == 0' tp.txt | wc -l)
with_source=$(awk '$4 == 1' tp.txt | wc -l)
echo "tracepoints: $total ($vmlinux vmlinux, $((total - vmlinux)) in modules $(awk '$2 != "vmlinux" { print $2 }' tp.txt | sort -u | tr '\n' ' '))"
echo "described by Ringtail: $described ($((100 * described / total))%): $headers_only from the headers package alone, $with_source with linux-source"
echo "not described: $(awk '$3 == 0 { print $1 }' tp.txt | tr '\n' ' ')"
check "Ringtail describes most of this kernel's tracepoints (>= 60%)" \
	test $((100 * described)) -ge $((60 * total))
if [ "$with_source" -gt 0 ]; then
	check "built with linux-source: >= 95% of them" \
		test $((100 * described)) -ge $((95 * total))
fi

lttng list -k > list.txt
listed=$(grep -c '^      [a-z0-9_]* (loglevel' list.txt)
echo "lttng list -k: $listed events"
check "lttng list -k lists them (renamed ones included)" test "$listed" -ge "$described"
check "... under LTTng's names: kmem_kmalloc, irq_softirq_entry" \
	sh -c "grep -q ' kmem_kmalloc (' list.txt && grep -q ' irq_softirq_entry (' list.txt"
check "... bare tracepoints too (pelt_cfs_tp)" grep -q ' pelt_cfs_tp (' list.txt
check "... and no event of a module not loaded (ext4)" sh -c "! grep -q ' ext4_' list.txt"

T=/sys/kernel/tracing
mountpoint -q $T || mount -t tracefs nodev $T || fatal "no tracefs"
echo 0 > $T/tracing_on
echo > $T/trace
echo 2048 > $T/buffer_size_kb
for e in sched/sched_process_exec sched/sched_process_exit task/task_newtask signal/signal_generate; do
	echo 1 > $T/events/$e/enable || fatal "ftrace cannot enable $e"
done

lttng create all --output="$RT_TMP/trace" > /dev/null
# 32 MiB per CPU holds the whole workload's million events even when the
# consumer falls behind, as it does under the debug kernel: in discard mode
# a full buffer would drop the module and signal events checked below.
lttng enable-channel -k big --subbuf-size=4M --num-subbuf=8 > /dev/null
check "enable-event -k --all" lttng enable-event -k --all -c big
lttng create named --output="$RT_TMP/named" > /dev/null
lttng enable-channel -k few --subbuf-size=2M --num-subbuf=8 > /dev/null
check "... and, in a second session, the events whose fields are checked" \
	lttng enable-event -k -c few 'jbd2_*,ext4_*,writeback_*,block_rq_issue,kmem_kmalloc,sched_switch,signal_generate,sched_process_exec,sched_process_exit,task_newtask,sched_update_nr_running_tp'
echo 1 > $T/tracing_on
check "start it" lttng start named
lttng set-session all > /dev/null
check "start" lttng start
cat /proc/rt_test_tracepoints > tp-started.txt
attached=$(awk '$3 == 1 && $5 == 1' tp-started.txt | wc -l)
present=$(awk '$3 == 1' tp-started.txt | wc -l)
echo "attached after start: $attached of $present described"
check "every described tracepoint is attached" \
	sh -c "[ $present -gt 0 ] && ! awk '\$3 == 1 && \$5 == 0 { print; bad = 1 } END { exit !bad }' tp-started.txt"

# A mixed workload: processes, files, a loop-mounted ext4 (its modules
# load now, while tracing), signals, timers.
modprobe loop
img=/tmp/ext4.img
dd if=/dev/zero of=$img bs=1M count=16 2> /dev/null
mkfs.ext4 -q -F $img > /dev/null 2>&1
mkdir -p /mnt/rt
check "load ext4 (and jbd2, mbcache) while tracing" modprobe ext4
check "mount a loop ext4" mount -o loop $img /mnt/rt
for i in 1 2; do dd if=/dev/urandom of=/mnt/rt/f$i bs=64k count=4 2> /dev/null; done
sync
# Three SIGUSR1, each to a sleep that is sure to be there still (under the
# debug kernel, a 0.3 s one had once gone before the kill), and that dies
# of it.
for i in 1 2 3; do sleep 30 & sleep 0.1; kill -USR1 $!; wait; done
check "jbd2 events are attached once the module is there" \
	sh -c "awk '\$1 ~ /^jbd2_/ && \$2 == \"jbd2\" && \$5 == 1' /proc/rt_test_tracepoints | grep -q ."
# ext4's events need the kernel's source tree (private types).
ext4_described=$(awk '$1 ~ /^ext4_/ && $3 == 1' /proc/rt_test_tracepoints | wc -l)
if [ "$ext4_described" -gt 0 ]; then
	check "ext4 events are attached too" \
		sh -c "awk '\$1 ~ /^ext4_/ && \$2 == \"ext4\" && \$5 == 1' /proc/rt_test_tracepoints | grep -q ."
fi
check "umount" umount /mnt/rt
check "unload ext4, jbd2, loop while tracing" \
	sh -c 'rmmod ext4 && rmmod jbd2 && { rmmod mbcache 2>/dev/null; rmmod loop; }'
sleep 0.2
check "load ext4 again while tracing" modprobe ext4
check "... and unload it" sh -c 'rmmod ext4 && rmmod jbd2'
lttng stop all > stop.txt 2>&1
lttng stop named > stop-named.txt 2>&1
echo 0 > $T/tracing_on
cat stop.txt stop-named.txt
lttng destroy -a > /dev/null
rm -f $img

# read SESSION DIR STOPLOG OUT [names]: babeltrace2 reads the trace.  Under the
# debug kernel, lockdep's lock_acquire and lock_release fire on every lock
# taken, more than the consumer keeps up with: the only warnings allowed
# are babeltrace2's reports of discarded events ("1 event" when one), and
# they must add up to what lttng stop said was discarded (none under
# Debian's kernel).
# With a fifth argument "names", OUT gets only each event's name: the
# --all trace is millions of events, gigabytes of text, which the debug
# kernel's guest spent most of an hour writing out and reading again.
read_trace() {
	local lost reported rc names=$4.names
	if [ "${5:-}" = names ]; then
		babeltrace2 "$2" 2> "$4.err" | awk '{ print $4 }' > "$4"
		rc=${PIPESTATUS[0]}
		names=$4
	else
		babeltrace2 "$2" > "$4" 2> "$4.err"
		rc=$?
		awk '{ print $4 }' "$4" > "$names"
	fi
	check "babeltrace2 reads the $1 trace" test $rc -eq 0
	lost=$(sed -n 's/^Warning: \([0-9]*\) events were discarded.*/\1/p' "$3")
	reported=$(sed -n 's/^WARNING: Tracer discarded \([0-9]*\) events\{0,1\} between .*/\1/p' "$4.err" |
		awk '{ n += $1 } END { print n + 0 }')
	check "... with no warning but discarded events, as many as lttng stop said (${lost:-0} = $reported)" \
		sh -c "! grep -v '^WARNING: Tracer discarded [0-9]* events\{0,1\} between ' '$4.err' | grep -q . &&
		       [ '${lost:-0}' = '$reported' ]"
	head -n 5 "$4.err"
	sort -u "$names" > "$4.kinds"
	echo "$1: $(wc -l < "$4") events of $(wc -l < "$4.kinds") kinds"
}
read_trace --all "$RT_TMP/trace" stop.txt all.txt names
read_trace named "$RT_TMP/named" stop-named.txt trace.txt
check "the --all trace has events of more kinds than the other" \
	test "$(wc -l < all.txt.kinds)" -gt "$(wc -l < trace.txt.kinds)"
# Each kind of event of the second session is in the --all trace too,
# those of the modules loaded while tracing among them, when it lost none.
cp trace.txt.kinds kinds-named
cp all.txt.kinds kinds-all
if grep -q 'events were discarded' stop.txt; then
	echo "not checked: every kind of the second session in the --all trace (it discarded events)"
else
	check "every kind of event of the second session is in the --all trace" \
		sh -c '[ -s kinds-named ] && [ -z "$(comm -23 kinds-named kinds-all)" ]'
fi
check "jbd2 events of the module loaded while tracing" grep -q ' jbd2_' trace.txt
if [ "$ext4_described" -gt 0 ]; then
	check "ext4 events too" grep -q ' ext4_da_write_begin: ' trace.txt
fi
check "block events with LTTng's rwbs bitmask and tid" \
	grep -qE ' block_rq_issue: .*bytes = [0-9]+, tid = [0-9]+, rwbs = [0-9]+, comm = ' trace.txt
check "kmem_kmalloc with LTTng's fields" \
	grep -qE ' kmem_kmalloc: .*call_site = 0x[0-9a-fA-F]+, ptr = 0x[0-9a-fA-F]+, bytes_req = [0-9]+, bytes_alloc = [0-9]+, gfp_flags = [0-9]+, node = -?[0-9]+ }' trace.txt
check "sched_switch with LTTng's fields (prev_tid, prio - 100)" \
	grep -qE ' sched_switch: .*prev_comm = "[^"]*", prev_tid = [0-9]+, prev_prio = (20|-?[0-9]), prev_state = [0-9]+, next_comm' trace.txt
check "signal_generate, a kernel event LTTng does not define, as the kernel defines it" \
	grep -qE ' signal_generate: .*sig = 10, errno = 0, code = 0, comm = "sleep", pid = [0-9]+' trace.txt
check "__print_symbolic / __print_flags tables as CTF enumerations (events LTTng does not define)" \
	grep -qE ' (writeback|mm|alarmtimer|ext4|jbd2|block)_[a-z_]*: .* = \( "[^"]+" : container = [0-9]+ \)' trace.txt
grep -oE ' [a-z0-9_]+: .* = \( "[^"]+" : container = [0-9]+ \)' trace.txt | head -n 3
check "a bare tracepoint records its arguments (sched_update_nr_running_tp)" \
	grep -qE ' sched_update_nr_running_tp: .*rq = 0x[0-9a-fA-F]+, change = -?[0-9]+ }' trace.txt

# Same events, same values: ftrace's records of the workload's processes
# and Ringtail's (tid for pid, prio - 100 for prio).
cat $T/trace > ftrace.txt
sed -n 's/.*sched_process_exec: filename=\([^ ]*\) pid=\([0-9]*\) old_pid=\([0-9]*\)$/\1 \2 \3/p' ftrace.txt | sort > f-exec
sed -n 's/.* sched_process_exec: .*filename = "\([^"]*\)", tid = \([0-9]*\), old_tid = \([0-9]*\) }$/\1 \2 \3/p' trace.txt | sort > r-exec
sed -n 's/.*sched_process_exit: comm=\([^ ]*\) pid=\([0-9]*\) prio=\([0-9]*\).*/\1 \2 \3/p' ftrace.txt | sort > f-exit
sed -n 's/.* sched_process_exit: .*comm = "\([^"]*\)", tid = \([0-9]*\), prio = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3/p' trace.txt |
	awk '{ print $1, $2, $3 + 100 }' | sort > r-exit
sed -n 's/.*task_newtask: pid=\([0-9]*\) comm=\([^ ]*\) clone_flags=\([0-9a-f]*\) oom_score_adj=\(-\{0,1\}[0-9]*\)$/\1 \2 \3 \4/p' ftrace.txt | sort > f-new
sed -n 's/.* task_newtask: .*pid = \([0-9]*\), comm = "\([^"]*\)", clone_flags = \([0-9]*\), oom_score_adj = \(-\{0,1\}[0-9]*\) }$/\1 \2 \3 \4/p' trace.txt |
	while read -r p c f o; do printf '%s %s %x %s\n' "$p" "$c" "$f" "$o"; done | sort > r-new
sed -n 's/.*signal_generate: sig=\([0-9]*\) errno=\([0-9]*\) code=\(-\{0,1\}[0-9]*\) comm=\([^ ]*\) pid=\([0-9]*\) grp=\([0-9]*\) res=\([0-9]*\)$/\1 \2 \3 \4 \5 \6 \7/p' ftrace.txt | sort > f-sig
sed -n 's/.* signal_generate: .*sig = \([0-9]*\), errno = \([0-9]*\), code = \(-\{0,1\}[0-9]*\), comm = "\([^"]*\)", pid = \([0-9]*\), group = \([0-9]*\), result = \([0-9]*\) }$/\1 \2 \3 \4 \5 \6 \7/p' trace.txt | sort > r-sig
for x in exec exit new sig; do
	echo "$x: ftrace $(wc -l < f-$x), Ringtail $(wc -l < r-$x), in both $(comm -12 f-$x r-$x | wc -l); e.g. $(comm -12 f-$x r-$x | head -n 1)"
done
check "sched_process_exec: Ringtail's records are ftrace's (filename, tid, old_tid)" \
	sh -c '[ -s r-exec ] && [ -z "$(comm -13 f-exec r-exec)" ]'
check "sched_process_exit: the same (comm, tid, prio - 100)" \
	sh -c '[ -s r-exit ] && [ -z "$(comm -13 f-exit r-exit)" ]'
check "task_newtask: the same (pid, comm, clone_flags, oom_score_adj)" \
	sh -c '[ -s r-new ] && [ -z "$(comm -13 f-new r-new)" ]'
check "signal_generate: the same, with the 3 SIGUSR1 (sig, errno, code, comm, pid, group, result)" \
	sh -c '[ "$(grep -c "^10 " r-sig)" -ge 3 ] && [ -z "$(comm -13 f-sig r-sig)" ]'
check "most of ftrace's exec and exit records are in Ringtail's trace (it may discard)" \
	sh -c '[ $(( 2 * $(comm -12 f-exec r-exec | wc -l) )) -ge $(wc -l < f-exec) ] &&
	       [ $(( 2 * $(comm -12 f-exit r-exit | wc -l) )) -ge $(wc -l < f-exit) ]'

rmmod rt_test_tplist
check "sessiond stops" rt_stop_sessiond
rmmod lttng_tracer 2> /dev/null
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
