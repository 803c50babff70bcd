# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# A discard channel that overflows all the time (4 KiB x 4, the scheduler,
# interrupts, timers and a few system calls under a steady workload) while
# cpu1 goes offline and online, driven by the unmodified lttng-tools:
#  - it keeps recording events: the reader's consumes of a full buffer do
#    not each become a packet that carries only losses (that took every
#    packet the reader freed, the trace held nothing but losses, and the
#    reader, always busy with that buffer, left the other CPU's unread, so
#    a rotation waited for it for good);
#  - every rotation completes, in a minute at most;
#  - the losses `lttng stop` reports are those the packets carry.
. "$RT_REPO/tests/lib.sh"

rounds=${RT_OVERFLOW_ROUNDS:-6}
stop_file=$RT_TMP/stop

# Per stream file of the trace under $1 (chunks apart): "<file> <packets>
# <packets with no event> <largest losses count>", from the index files
# (big-endian u64s: the third of each 72-byte entry is the content size in
# bits, the sixth the losses so far).  A packet with no event holds the
# packet header and context alone: 84 bytes in the layout lttng-modules
# defines for kernel streams.
packets() {
	python3 - "$1" <<'PY'
import os, struct, sys
for root, dirs, files in sorted(os.walk(sys.argv[1])):
    for f in sorted(files):
        if not f.endswith(".idx"):
            continue
        data = open(os.path.join(root, f), "rb").read()
        if len(data) < 16:
            continue
        size = struct.unpack(">I", data[12:16])[0]
        n = empty = lost = 0
        for off in range(16, len(data) - size + 1, size):
            e = struct.unpack(">9Q", data[off:off + 72])
            n += 1
            empty += e[2] == 84 * 8
            lost = max(lost, e[5])
        print(os.path.join(os.path.relpath(root, sys.argv[1]), f), n, empty, lost)
PY
}

hotplug() {
	local f=/sys/devices/system/cpu/cpu1/online
	while [ ! -e "$stop_file" ]; do
		sleep 1
		echo 0 > $f
		sleep 1
		echo 1 > $f
	done
}

workload() {
	while [ ! -e "$stop_file" ]; do
		sh -c 'echo $$' > /dev/null
		ls -R /proc/sys/kernel > /dev/null 2>&1
		sleep 0.05
	done
}

check "cpu1 can go offline" test -w /sys/devices/system/cpu/cpu1/online
lttng-sessiond -d || fatal "lttng-sessiond -d failed"
hotplug & hp=$!
workload & wl=$!
for i in $(seq "$rounds"); do
	s=o$i out=$RT_TMP/o$i
	lttng create "$s" --output="$out" > /dev/null &&
	lttng enable-channel -k -s "$s" c --subbuf-size 4K --num-subbuf 4 --discard > /dev/null &&
	lttng enable-event -k -s "$s" -c c 'sched_*,irq_*,timer_*' > /dev/null &&
	lttng enable-event -k -s "$s" -c c --syscall openat,close,read,write,clone > /dev/null &&
	lttng start "$s" > /dev/null || fatal "$s does not start"
	sleep 2
	check "$s: the rotation completes" timeout 60 lttng rotate "$s" > /dev/null
	sleep 2
	lttng stop "$s" > "$s.stop" 2>&1 && lttng destroy "$s" > /dev/null ||
		fatal "$s does not stop"
	packets "$out" > "$s.packets"
	sed "s/^/$s: /" "$s.packets"
	told=$(sed -n 's/.*Warning: \([0-9]*\) events were discarded.*/\1/p' "$s.stop")
	# Per stream, the largest count of its last chunk (the counts go on
	# from chunk to chunk).
	seen=$(awk '{ sub(/.*\//, "", $1); if ($4 > m[$1]) m[$1] = $4 }
		END { for (f in m) s += m[f]; print s + 0 }' "$s.packets")
	check "$s: lttng stop's discarded (${told:-0}) = the packets' ($seen)" \
		test "${told:-0}" = "$seen"
	check "$s: at most 4 packets with no event per stream and chunk" \
		awk '$3 > 4 { bad = 1 } END { exit bad }' "$s.packets"
	check "$s: more packets with events than without" \
		awk '{ n += $2; e += $3 } END { exit !(n - e > e) }' "$s.packets"
done
touch "$stop_file"
wait $hp $wl
echo 1 > /sys/devices/system/cpu/cpu1/online
check "some round lost events (the test exercises losses)" \
	sh -c 'cat o*.stop | grep -q "events were discarded"'
check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
