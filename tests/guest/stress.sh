# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# Stress: every event (all tracepoints and system calls, with contexts, call
# stacks and each start's state dump) recorded on every CPU under a mixed
# workload, for RT_STRESS_SECONDS (150 in `make check`,
# 1800 in `make stress`), by a flight-recorder session that lasts the
# whole run and is snapshotted now and then, while at the same time
#  - sessions are created, started, rotated, stopped and destroyed in a
#    loop, and snapshot sessions of every event take snapshots, driven by
#    the unmodified lttng-tools; half way, lttng-consumerd is killed and
#    the daemons and the long session started again;
#  - cpu1 goes offline and online;
#  - ext4 and jbd2, whose tracepoints are recorded, are loaded, used on a
#    loop device and unloaded.
# Then: every trace and every chunk reads with babeltrace2, every loss is
# accounted for (what `lttng stop` reports discarded equals what the
# packets of the trace say, summed over streams and chunks), the modules
# unload, nothing holds a Ringtail file, and unreclaimable slab did not
# grow.  Splats fail the test in the harness; under the debug kernel, so
# do kmemleak reports.  System call events switch on and off all the
# time: this runs in the single-threaded TCG boot (tests/check.sh).
. "$RT_REPO/tests/lib.sh"

secs=${RT_STRESS_SECONDS:-150}
stop_file=$RT_TMP/stress.stop
rm -f "$stop_file"

running() { [ ! -e "$stop_file" ]; }

sunreclaim() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 2
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo
}

# Sum over the streams of a trace (its chunks included) of the events
# discarded as the last packet of each stream says: packet contexts count
# them from the start of the stream, so the largest value a stream's index
# entries (big-endian u64s, the sixth of each 72-byte entry) show over all
# chunks is its total.
packet_losses() {
	python3 - "$1" <<'PY'
import os, struct, sys
last = {}
for root, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith(".idx"):
            continue
        data = open(os.path.join(root, f), "rb").read()
        if len(data) < 16:
            continue
        magic, major, minor, size = struct.unpack(">IIII", data[:16])
        for off in range(16, len(data) - size + 1, size):
            n = struct.unpack(">Q", data[off + 40:off + 48])[0]
            last[f] = max(last.get(f, 0), n)
print(sum(last.values()))
PY
}

# Every CTF trace under $1 (a session's output, or a chunk of it) reads.
# Output: "<traces> <events>"; fails if a trace does not read.
read_traces() {
	local t n total=0 traces=0
	for t in $(find "$1" -name metadata -path '*/kernel/metadata' | sed 's|/metadata$||'); do
		n=$(babeltrace2 "$t" -c sink.utils.counter 2> "$RT_TMP/bt.err" |
			awk '/ Event messages/ { n = $1 } END { print n + 0 }')
		if [ "${PIPESTATUS[0]}" != 0 ] || grep -qi 'error' "$RT_TMP/bt.err"; then
			echo "cannot read $t:"
			head -n 5 "$RT_TMP/bt.err"
			return 1
		fi
		total=$((total + n))
		traces=$((traces + 1))
	done
	echo "$traces $total"
	[ "$traces" -gt 0 ]
}

# The discarded count of `lttng stop`'s output $1 (0 if none).
told() {
	local n
	n=$(sed -n 's/.*Warning: \([0-9]*\) events were discarded.*/\1/p' "$1" | head -n 1)
	echo "${n:-0}"
}

# Session results, one line each: "<name> ok|FAIL <what>".
results=$RT_TMP/stress.results
: > "$results"
result() {
	echo "$1 $2 $3" >> "$results"
	echo "$1: $2 $3"
}

# A session on a tiny discard channel, which loses events, rotated once:
# the scheduler, interrupts, timers and a few system calls.
cycle_rotate() {
	local s=$1 out=$RT_TMP/$1 r told seen
	lttng create "$s" --output="$out" > /dev/null &&
	lttng enable-channel -k -s "$s" c --subbuf-size 4K --num-subbuf 4 --discard > /dev/null &&
	lttng enable-event -k -s "$s" -c c 'sched_*,irq_*,timer_*' > /dev/null &&
	lttng enable-event -k -s "$s" -c c --syscall openat,close,read,write,clone > /dev/null &&
	lttng start "$s" > /dev/null || { result "$s" FAIL "cannot start"; return; }
	sleep 1
	if ! timeout 120 lttng rotate "$s" > "$RT_TMP/$s.rotate" 2>&1; then
		result "$s" FAIL "rotate: $(head -n 3 "$RT_TMP/$s.rotate" | xargs)"
		return
	fi
	sleep 1
	lttng stop "$s" > "$RT_TMP/$s.stop" 2>&1 || { result "$s" FAIL "stop"; return; }
	lttng destroy "$s" > /dev/null || { result "$s" FAIL "destroy"; return; }
	r=$(read_traces "$out") || { result "$s" FAIL "unreadable: $r"; return; }
	told=$(told "$RT_TMP/$s.stop")
	seen=$(packet_losses "$out")
	if [ "$told" != "$seen" ]; then
		result "$s" FAIL "lttng stop: $told discarded, the packets: $seen"
		return
	fi
	result "$s" ok "rotated: ${r% *} traces, ${r#* } events, $told discarded (stop = packets)"
	rm -rf "$out"
}

# Contexts of the sessions that record every event (each start also
# records a state dump while the workload forks and exits).
contexts="-t pid -t tid -t procname -t prio -t vpid -t ppid -t hostname -t pid_ns
	-t uid -t callstack-kernel -t callstack-user -t perf:cpu:context-switches"
# Under the debug kernel on TCG, recording every event of an interrupt
# with these contexts (two call stacks unwound and a perf counter read,
# each under KASAN's checks) took longer than the interval between timer
# ticks: one timer interrupt took 228 ms, the CPUs did nothing but record
# their own interrupts, and the watchdogs reported soft lockups and RCU
# stalls.  There the expensive ones are left out; the contexts test
# records them under the debug kernel.
if [ -e /sys/kernel/debug/kmemleak ]; then
	contexts=$(echo $contexts | sed 's/-t callstack-[a-z]* //g; s/-t perf:[a-z:-]*//')
fi

# Every event into channel $2 of session $1.  Under the debug kernel,
# lockdep's own tracepoints (lock_acquire, lock_release, ...) fire on every
# lock taken anywhere, rcu_read_lock() included, which recording an event
# does several times: with them the CPUs spent all their time recording
# lock operations in interrupts (RCU stalls, with no task starved of
# anything but CPU time).  There every other tracepoint and every system
# call are enabled by name instead.
enable_all() {
	local names
	if [ ! -e /sys/kernel/debug/kmemleak ]; then
		lttng enable-event -k -s "$1" -c "$2" -a > /dev/null
		return
	fi
	names=$(lttng list -k | awk '/\(type: tracepoint\)/ && $1 !~ /^lock_/ { print $1 }' |
		paste -sd, -)
	[ -n "$names" ] &&
	lttng enable-event -k -s "$1" -c "$2" "$names" > /dev/null &&
	lttng enable-event -k -s "$1" -c "$2" -a --syscall > /dev/null
}

# A snapshot session (overwrite, mmap) of every event, with contexts: two
# snapshots.
cycle_snapshot() {
	local s=$1 out=$RT_TMP/$1 r
	lttng create "$s" --snapshot --output="$out" > /dev/null &&
	lttng enable-channel -k -s "$s" c --subbuf-size 64K --num-subbuf 4 --output mmap > /dev/null &&
	enable_all "$s" c &&
	lttng add-context -k -s "$s" -c c $contexts > /dev/null &&
	lttng start "$s" > /dev/null || { result "$s" FAIL "cannot start"; return; }
	sleep 1
	lttng snapshot record -s "$s" > /dev/null || { result "$s" FAIL "snapshot 1"; return; }
	lttng snapshot record -s "$s" > /dev/null || { result "$s" FAIL "snapshot 2"; return; }
	lttng stop "$s" > /dev/null && lttng destroy "$s" > /dev/null ||
		{ result "$s" FAIL "stop/destroy"; return; }
	r=$(read_traces "$out") || { result "$s" FAIL "unreadable: $r"; return; }
	if [ "${r% *}" -ne 2 ]; then
		result "$s" FAIL "${r% *} snapshots instead of 2"
		return
	fi
	result "$s" ok "2 snapshots, ${r#* } events"
	rm -rf "$out"
}

# A snapshot of the long session, read back.
snapshot_long() {
	local s=long-$1 out=$RT_TMP/long-$1 r
	lttng snapshot record -s long "file://$out" > /dev/null ||
		{ result "$s" FAIL "snapshot"; return; }
	r=$(read_traces "$out") || { result "$s" FAIL "unreadable: $r"; return; }
	result "$s" ok "${r#* } events"
	rm -rf "$out"
}

workload() {
	local i=0
	mkdir -p "$RT_TMP/wl"
	while running; do
		i=$((i + 1))
		sh -c 'echo $$' > /dev/null
		dd if=/dev/zero of="$RT_TMP/wl/f" bs=4k count=16 2> /dev/null
		cat "$RT_TMP/wl/f" | wc -c > /dev/null
		ls -R /proc/sys/kernel > /dev/null 2>&1
		sleep 0.0$((i % 10))
	done
	echo "$i" > "$RT_TMP/workload.count"
}

hotplug() {
	local n=0 bad=0 f=/sys/devices/system/cpu/cpu1/online
	while running; do
		sleep 1
		echo 0 > $f || bad=$((bad + 1))
		sleep 1
		echo 1 > $f || bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad" > "$RT_TMP/hotplug.count"
}

img=$RT_TMP/stress-ext4.img
modules() {
	local n=0 bad=0
	while running; do
		if modprobe ext4 && mount -o loop "$img" /mnt/rt-stress &&
		   dd if=/dev/urandom of=/mnt/rt-stress/f bs=64k count=4 2> /dev/null &&
		   sync && umount /mnt/rt-stress && rmmod ext4 && rmmod jbd2; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
			umount /mnt/rt-stress 2> /dev/null
		fi
		sleep 1
	done 2> "$RT_TMP/modules.err"
	echo "$n $bad" > "$RT_TMP/modules.count"
}

# The long session: every event, all along, in a flight recorder so that
# its trace stays small.
start_long() {
	lttng create long --snapshot --output="$RT_TMP/long" > /dev/null &&
	lttng enable-channel -k -s long c --subbuf-size 64K --num-subbuf 4 > /dev/null &&
	enable_all long c &&
	lttng add-context -k -s long -c c $contexts > /dev/null &&
	lttng start long > /dev/null
}

# Once, half way: lttng-consumerd killed with SIGKILL while every event
# records.  lttng-sessiond cannot consume without it, so it is stopped and
# started again, with a new consumerd, and the long session made anew.
# Output: what went wrong, if anything.
crash_consumerd() {
	local pid t
	pid=$(pidof lttng-consumerd) || { echo "no lttng-consumerd"; return 1; }
	kill -KILL $pid
	rt_wait_gone "$pid" 30 || { echo "lttng-consumerd does not die"; return 1; }
	t=$SECONDS
	rt_stop_sessiond || { echo "sessiond does not stop"; return 1; }
	echo "sessiond stopped in $((SECONDS - t)) s" >&2
	[ -z "$(rt_tracer_holders)" ] || { echo "Ringtail files held: $(rt_tracer_holders)"; return 1; }
	lttng-sessiond -d || { echo "sessiond does not start again"; return 1; }
	start_long || { echo "the long session does not start again"; return 1; }
}

rmmod ext4 jbd2 2> /dev/null
modprobe loop
dd if=/dev/zero of="$img" bs=1M count=16 2> /dev/null
mkfs.ext4 -q -F "$img" > /dev/null 2>&1 || fatal "mkfs.ext4"
mkdir -p /mnt/rt-stress
check "cpu1 can go offline" test -w /sys/devices/system/cpu/cpu1/online

# The warm-up: one cycle of each, so that what the kernel allocates once
# for them is in the baseline, taken as at the end: no daemon, no module.
lttng-sessiond -d || fatal "lttng-sessiond -d failed"
cycle_rotate warm-r
cycle_snapshot warm-s
rt_stop_sessiond || fatal "sessiond does not stop after the warm-up"
before=$(sunreclaim)
lttng-sessiond -d || fatal "lttng-sessiond -d failed"

start_long || fatal "the long session does not start"

start=$SECONDS
workload & wl=$!
hotplug & hp=$!
modules & md=$!
i=0 crashed=
while [ $((SECONDS - start)) -lt "$secs" ]; do
	i=$((i + 1))
	cycle_rotate "r$i"
	cycle_snapshot "s$i"
	snapshot_long "$i"
	if [ -z "$crashed" ] && [ $((SECONDS - start)) -ge $((secs / 2)) ]; then
		crashed=$(crash_consumerd) && crashed=ok
		echo "consumerd killed at $((SECONDS - start)) s: $crashed"
	fi
done
touch "$stop_file"
wait $wl $hp $md
echo 1 > /sys/devices/system/cpu/cpu1/online
ran=$((SECONDS - start))
snapshot_long end
lttng stop long > /dev/null
lttng destroy long > /dev/null

read -r hp_n hp_bad < "$RT_TMP/hotplug.count"
read -r md_n md_bad < "$RT_TMP/modules.count"
echo "stress: $ran s, $i sessions, $(cat "$RT_TMP/workload.count") workload rounds," \
     "$hp_n hotplug cycles ($hp_bad failed), $md_n ext4 load/use/unload cycles ($md_bad failed)"
cat "$results"
check "every session of the churn: trace read, losses exact" \
	test "$(grep -c ' ok ' "$results")" -eq "$(wc -l < "$results")"
check "sessions churned ($i rounds of a rotated session and a snapshot session)" test "$i" -ge 1
check "cpu1 went offline and online ($hp_n times), never refused" test "$hp_n" -ge 1 -a "$hp_bad" = 0
check "ext4 loaded, used and unloaded ($md_n times), never failed" test "$md_n" -ge 1 -a "$md_bad" = 0
[ "$md_bad" = 0 ] || head -n 3 "$RT_TMP/modules.err"
check "lttng-consumerd killed under the long session: daemons and session back (${crashed:-not done})" \
	test "$crashed" = ok

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
check "nothing holds a Ringtail file" test -z "$(rt_tracer_holders)"
after=$(sunreclaim)
# Under the debug kernel, kmemleak finds leaked objects itself (the
# harness scans after each test), and KASAN's quarantine holds megabytes
# of freed objects that SUnreclaim still counts.
limit=2048
[ -e /sys/kernel/debug/kmemleak ] && limit=16384
echo "SUnreclaim: $before kB after the warm-up, $after kB at the end"
check "SUnreclaim grew by less than $limit kB ($((after - before)) kB)" \
	test $((after - before)) -lt $limit
rm -f "$img"
rt_done
