# SPDX-License-Identifier: GPL-2.0-only
# lttng-tools sessions over Ringtail: channel variants, an overloaded
# channel, two sessions at once, and bad input handled as clear errors.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"

# Known thread ids: each sleep is switched in and out.  $rounds times
# (default once): how many events that makes depends on how busy the host
# is, and a test that needs many takes more rounds.
workload() {
	local i r
	for r in $(seq "${rounds:-1}"); do
		for i in 1 2 3; do
			sleep 0.05 &
			pids="$pids $!"
			wait $!
		done
	done
}

# record NAME CHANNEL-OPTIONS...: one session, sched_switch and
# sched_wakeup in channel c; babeltrace2 output in NAME.txt, its stderr
# in NAME.err.
record() {
	local name=$1
	shift
	pids=
	lttng create "$name" --output="$RT_TMP/$name" > /dev/null &&
	lttng enable-channel -k "$@" c > /dev/null &&
	lttng enable-event -k -c c sched_switch,sched_wakeup > /dev/null &&
	lttng start > /dev/null || return 1
	workload
	lttng stop > "$name.stop" && lttng destroy > /dev/null || return 1
	babeltrace2 "$RT_TMP/$name" > "$name.txt" 2> "$name.err" || return 1
	grep -q ' sched_switch: ' "$name.txt" || return 1
	# A tiny flight recorder may well have overwritten the workload.
	[ -n "${lossy:-}" ] && return 0
	for pid in $pids; do
		grep -q "next_tid = $pid," "$name.txt" || { echo "no switch to $pid"; return 1; }
	done
}

# Small buffers may lose the workload's events to a slow consumer (TCG):
# for them, the trace must read and hold sched_switch events.
# Four rounds: one made 367 events on a loaded host, under five 4 KiB
# packets in each stream.
rounds=4 lossy=1 check "splice, discard, 4 KiB x 4" record small --subbuf-size 4096 --num-subbuf 4 --output splice
check "... read with at most discarded-event warnings (slow consumer)" \
	sh -c '! grep -v "discarded [0-9]* event" small.err | grep -q .'
# CTF index files: a 16-byte header, then 72 bytes a packet.  More packets
# than sub-buffers in one stream: its buffer went round.
check "... in many packets (more than the 4 sub-buffers of a CPU)" \
	test "$(for f in "$RT_TMP"/small/kernel/index/c_*.idx; do
		echo $((($(wc -c < "$f") - 16) / 72)); done | sort -n | tail -n 1)" -gt 4
check "mmap, discard, 1 MiB x 2" record big --subbuf-size 1M --num-subbuf 2 --output mmap
check "... read without warnings" test ! -s big.err
lossy=1 check "splice, overwrite, 16 KiB x 4" record ow --subbuf-size 16K --num-subbuf 4 --overwrite --output splice
check "... read with at most lost-packet and discarded-event warnings" \
	sh -c '! grep -vE "(discarded [0-9]* (packet|event)|may have discarded events)" ow.err | grep -q .'
lossy=1 check "mmap, overwrite, 4 KiB x 2, switch timer 100 ms" \
	record owmm --subbuf-size 4096 --num-subbuf 2 --overwrite --output mmap --switch-timer 100000
check "... read with at most lost-packet and discarded-event warnings" \
	sh -c '! grep -vE "(discarded [0-9]* (packet|event)|may have discarded events)" owmm.err | grep -q .'

# Overload: tiny buffers, a reader woken every 2 s, a storm of switches.
lttng create over --output="$RT_TMP/over" > /dev/null
lttng enable-channel -k --subbuf-size 4096 --num-subbuf 2 --read-timer 2000000 c > /dev/null
lttng enable-event -k -c c 'sched_*' > /dev/null
lttng start > /dev/null
dd if=/dev/zero bs=1 count=20000 2> /dev/null | cat > /dev/null
lttng stop > over.stop 2>&1
lttng destroy > /dev/null
cat over.stop
babeltrace2 "$RT_TMP/over" > /dev/null 2> over.err
told=$(sed -n 's/.*Warning: \([0-9]*\) events were discarded.*/\1/p' over.stop)
# "discarded 1 event" or "discarded N events".
seen=$(sed -n 's/.*discarded \([0-9]*\) events\{0,1\} .*/\1/p' over.err | awk '{ s += $1 } END { print s + 0 }')
echo "lttng stop: ${told:-none}; babeltrace2: $seen"
check "the overloaded channel discarded events" test "${told:-0}" -gt 0
check "lttng stop's discarded count equals babeltrace2's" test "${told:-0}" -eq "$seen"

# Two sessions at once, each with its own events; one goes, one stays.
lttng create s1 --output="$RT_TMP/s1" > /dev/null
lttng enable-event -k -s s1 sched_switch > /dev/null
lttng start s1 > /dev/null
lttng create s2 --output="$RT_TMP/s2" > /dev/null
lttng enable-event -k -s s2 sched_wakeup > /dev/null
lttng start s2 > /dev/null
pids=
workload
first=$pids
check "destroy s1 while s2 records" lttng destroy s1
pids=
workload
second=$pids
lttng stop s2 > /dev/null
lttng destroy s2 > /dev/null
babeltrace2 "$RT_TMP/s1" > s1.txt 2> s1.err
babeltrace2 "$RT_TMP/s2" > s2.txt 2> s2.err
check "s1 holds only sched_switch" sh -c '! grep -v " sched_switch: " s1.txt | grep -q .'
check "s2 holds only sched_wakeup" sh -c '! grep -v " sched_wakeup: " s2.txt | grep -q .'
for pid in $first; do
	check "s1 saw $pid run" grep -q "next_tid = $pid," s1.txt
done
for pid in $second; do
	check "s2 saw $pid woken after s1 was destroyed" grep -q "tid = $pid," s2.txt
done
check "both read without warnings" test ! -s s1.err -a ! -s s2.err

# Metadata regeneration while recording: a new version of the whole text,
# which consumerd rewrites; the trace reads as before.
lttng create regen --output="$RT_TMP/regen" > /dev/null
lttng enable-event -k sched_switch > /dev/null
lttng start > /dev/null
pids=
workload
check "lttng regenerate metadata on an active session" lttng regenerate metadata
workload
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/regen" > regen.txt 2> regen.err
check "... the trace reads without warnings after it" sh -c 'test -s regen.txt && test ! -s regen.err'
check "... with one metadata preamble and one sched_switch declaration" sh -c '
	test "$(grep -c "^trace {" "$RT_TMP"/regen/kernel/metadata)" -eq 1 &&
	test "$(grep -c "name = \"sched_switch\";" "$RT_TMP"/regen/kernel/metadata)" -eq 1'
check "... and the switches from before and after it" \
	test "$(for p in $pids; do grep -c "next_tid = $p," regen.txt; done | grep -c .)" -eq 6

# Bad input: clear errors, daemons stay up.
lttng create bad --output="$RT_TMP/bad" > /dev/null
lttng enable-event -k no_such_event > bad1.log 2>&1
rc=$?
cat bad1.log
# As with lttng-modules, a name no event has yet is an enabler of its own:
# the event may come with a module loaded later.
check "an unknown event is kept as an enabler, as lttng-modules does" test $rc -eq 0
check "... which lttng reports created" grep -q 'no_such_event created' bad1.log
lttng enable-channel -k --subbuf-size 0 c0 > bad2.log 2>&1
check "a zero sub-buffer size is refused" test $? -ne 0
lttng enable-channel -k --overwrite --num-subbuf 1 c1 > bad3.log 2>&1
check "a flight recorder of one sub-buffer is refused" test $? -ne 0
lttng enable-channel -k --subbuf-size 1G --num-subbuf 1024 c2 > bad6.log 2>&1
check "an absurd buffer size is refused" test $? -ne 0
cat bad2.log bad3.log bad6.log
lttng enable-channel -k c > /dev/null
lttng enable-event -k -c c sched_switch > /dev/null
lttng start > /dev/null
lttng start > bad4.log 2>&1
check "starting twice is refused" test $? -ne 0
lttng destroy > /dev/null
lttng enable-event -k -s bad sched_switch > bad5.log 2>&1
check "enabling in a destroyed session is refused" test $? -ne 0
check "lttng-sessiond is alive" pidof lttng-sessiond
check "lttng-consumerd is alive" pidof lttng-consumerd
check "sessiond still answers" lttng list -k

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
