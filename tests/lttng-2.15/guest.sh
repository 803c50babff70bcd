# SPDX-License-Identifier: GPL-2.0-only
# lttng-tools 2.15 drives Ringtail (issue 20), run by `make check-lttng-2.15`
# in a guest, with an lttng-tools 2.15 installed under RT_LTTNG_215 and a
# babeltrace2 2.1 at RT_BABELTRACE2_21 (README, "Newer LTTng"); neither is
# Debian 12's, so this is not part of `make check`.
#  - its sessiond loads the modules it requires by name and validates the
#    tracer; the kernel domain is there;
#  - the same events (lttng-test's event, with a field of every type;
#    system calls with user strings; contexts) are recorded at once into a
#    session of the default trace format, CTF 2, and one of CTF 1.8:
#    babeltrace2 2.1 reads the first with no warning, babeltrace2 2.0
#    (Debian's) the second, and the events, fields and values are the same;
#  - idle snapshots end each stream with the packet that
#    RING_BUFFER_FLUSH_OR_POPULATE_PACKET builds outside the ring buffer
#    (no fallback warning; the next snapshot has the same packets), and
#    read back;
#  - a rotation of the CTF 2 session gives two readable chunks;
#  - lttng-tools 2.13.9's sessiond still works afterwards (ABI 2.7).
. "$RT_REPO/tests/lib.sh"

lt=${RT_LTTNG_215:-/var/tmp/ringtail-lt215/prefix}
bt21=${RT_BABELTRACE2_21:-/var/tmp/ringtail-bt21/prefix/bin/babeltrace2}
[ -x "$lt/bin/lttng-sessiond" ] || fatal "no lttng-tools 2.15 in $lt (RT_LTTNG_215)"
[ -x "$bt21" ] || fatal "no babeltrace2 2.1 at $bt21 (RT_BABELTRACE2_21)"
L=$lt/bin/lttng
ver=$("$L" --version | sed -n 's/.*(LTTng Trace Control) \([0-9.]*\).*/\1/p')
echo "lttng-tools $ver at $lt; $("$bt21" --version | head -n 1)"
case $ver in 2.1[4-9]*) ;; *) fatal "lttng-tools $ver is not 2.14 or later" ;; esac

modprobe lttng-test || fatal "modprobe lttng-test"
# -b returns once the daemon is ready, which keeps the console for its log.
"$lt/bin/lttng-sessiond" -b -vvv --verbose-consumer > sessiond.log 2>&1 ||
	fatal "lttng-sessiond $ver -b failed: $(tail -n 5 sessiond.log)"
check "lttng-sessiond $ver validated the kernel tracer (2.13, ABI 2.7)" \
	grep -q 'Kernel tracer version validated (2.13, ABI 2.7)' sessiond.log
check "... and loaded lttng-lib-ring-buffer and the six client modules" \
	sh -c "grep -q '^lttng_lib_ring_buffer ' /proc/modules &&
	       [ \$(grep -c '^lttng_ring_buffer_' /proc/modules) -eq 6 ]"
check "no required module missing" sh -c "! grep -q 'Unable to load required module' sessiond.log"
check "lttng list -k lists kernel events" sh -c "'$L' list -k | grep -q 'sched_switch'"

# Two sessions at once, of either format, recording the same events.
ev="lttng_test_filter_event"
for s in c2 c18; do
	fmt=
	[ $s = c18 ] && fmt=--trace-format=ctf-1.8
	"$L" create $s $fmt --output="$RT_TMP/$s" > /dev/null &&
	"$L" enable-event -s $s -k $ev > /dev/null &&
	"$L" enable-event -s $s -k --syscall openat,close --filter '$ctx.procname == "cat"' > /dev/null &&
	"$L" add-context -s $s -k -t procname -t vpid -t vtid -t prio > /dev/null ||
		fatal "session $s: $(tail -n 3 sessiond.log)"
done
check "both sessions start" sh -c "'$L' start c2 > /dev/null && '$L' start c18 > /dev/null"
echo 3 > /proc/lttng-test-filter-event
cat /etc/hostname > /dev/null
check "both sessions stop and are destroyed" \
	sh -c "'$L' destroy c2 > /dev/null && '$L' destroy c18 > /dev/null"
check "the default format's metadata is CTF 2 (a JSON text sequence)" \
	test "$(head -c 1 "$RT_TMP/c2/kernel/metadata" | od -An -tx1 | tr -d ' ')" = 1e
check "the ctf-1.8 session's metadata is TSDL" \
	sh -c "head -n 1 '$RT_TMP/c18/kernel/metadata' | grep -q '^/\* CTF 1.8'"

"$bt21" "$RT_TMP/c2" > c2.txt 2> c2.err
check "babeltrace2 2.1 reads the CTF 2 trace with no warning" \
	sh -c "[ -s c2.txt ] && [ ! -s c2.err ]"
head -n 5 c2.err
babeltrace2 "$RT_TMP/c18" > c18.txt 2> c18.err
check "babeltrace2 $(babeltrace2 --version | sed -n 's/^Babeltrace \([0-9.]*\).*/\1/p') reads the CTF 1.8 trace with no warning" \
	sh -c "[ -s c18.txt ] && [ ! -s c18.err ]"
# Timestamps aside: each session reads the clock for itself.
sed 's/^\[[^]]*\] ([^)]*) //' c2.txt > c2.events
sed 's/^\[[^]]*\] ([^)]*) //' c18.txt > c18.events
check "... lttng-test's three events and cat's openat of /etc/hostname in it" \
	sh -c "[ \$(grep -c '^[^ ]* lttng_test_filter_event: ' c18.events) -eq 3 ] &&
	       grep -q 'syscall_entry_openat: .*filename = \"/etc/hostname\"' c18.events"
check "the CTF 2 trace has the same $(wc -l < c18.events) events, fields and values" \
	cmp c18.events c2.events
diff c18.events c2.events | head -n 10
grep -m 1 ' lttng_test_filter_event: ' c2.events

# Snapshots: the second finds every stream idle and must still end each
# stream with a packet, built outside the ring buffer.
"$L" create snap --snapshot --output="$RT_TMP/snap" > /dev/null &&
"$L" enable-channel -k --output mmap --overwrite ch > /dev/null &&
"$L" enable-event -k -c ch $ev > /dev/null &&
"$L" start > /dev/null || fatal "snapshot session: $(tail -n 3 sessiond.log)"
echo 5 > /proc/lttng-test-filter-event
check "snapshot record, with events" "$L" snapshot record -n one > /dev/null
check "snapshot record, idle" "$L" snapshot record -n two > /dev/null
check "snapshot record, idle again" "$L" snapshot record -n three > /dev/null
"$L" destroy > /dev/null
check "no fallback from FLUSH_OR_POPULATE_PACKET" \
	sh -c "! grep -q 'flush_or_populate_packet is not available\|flush_or_populate_packet failed' sessiond.log"
# The second snapshot finds no packet open on any CPU (the first one's
# flush closed them): each stream must end with the empty packet the ioctl
# built outside the ring buffer, stamped at the snapshot, numbered next.
two=$(ls -d "$RT_TMP"/snap/two-* 2> /dev/null | head -n 1)
python3 - "$two"/kernel/ch_* > populated.txt 2>&1 <<'EOF2'
import struct, sys
ok = 0
for f in sys.argv[1:]:
    data = open(f, 'rb').read()
    pkts, off = [], 0
    while off < len(data):
        magic, = struct.unpack_from('<I', data, off)
        assert magic == 0xC1FC1FC1, (f, off, hex(magic))
        tsb, tse, content, size, seq = struct.unpack_from('<5Q', data, off + 32)
        pkts.append((seq, tsb, tse, content))
        off += size // 8
    seq, tsb, tse, content = pkts[-1]
    print(f.split('/')[-1], 'packets', [p[0] for p in pkts], 'last: header only' if content == 84 * 8 else content)
    if (content == 84 * 8 and tsb == tse and tsb >= max(p[2] for p in pkts[:-1]) and
            [p[0] for p in pkts] == list(range(pkts[0][0], seq + 1))):
        ok += 1
print('streams ending with a populated packet:', ok, 'of', len(sys.argv) - 1)
sys.exit(0 if ok == len(sys.argv) - 1 and ok > 0 else 1)
EOF2
check "the idle snapshot ends each stream with a populated packet, numbered next" test $? -eq 0
cat populated.txt
# FLUSH_EMPTY, the fallback, would have left the second snapshot's empty
# packets in the ring buffer, so that each stream of the third one would be
# a page longer.
three=$(ls -d "$RT_TMP"/snap/three-* 2> /dev/null | head -n 1)
same=0 streams=0
for f in "$two"/kernel/ch_*; do
	streams=$((streams + 1))
	cmp -s <(head -c -4096 "$f") <(head -c -4096 "$three/kernel/${f##*/}") &&
		[ $(stat -c %s "$f") -eq $(stat -c %s "$three/kernel/${f##*/}") ] &&
		same=$((same + 1))
done
check "... and the ring buffer kept none of them: the third snapshot has the same packets ($same of $streams)" \
	sh -c "[ $streams -gt 0 ] && [ $same -eq $streams ]"
for n in one two; do
	d=$(ls -d "$RT_TMP"/snap/$n-* 2> /dev/null | head -n 1)
	"$bt21" "$d" > snap-$n.txt 2> snap-$n.err
	check "snapshot $n reads with no warning ($(wc -l < snap-$n.txt) events)" \
		sh -c "[ -n '$d' ] && [ ! -s snap-$n.err ] && [ \$(grep -c ' $ev: ' snap-$n.txt) -eq 5 ]"
	head -n 3 snap-$n.err
done

# A rotation of the CTF 2 session: two chunks, each readable.
"$L" create rot --output="$RT_TMP/rot" > /dev/null &&
"$L" enable-event -k $ev > /dev/null &&
"$L" start > /dev/null || fatal "rotation session: $(tail -n 3 sessiond.log)"
echo 2 > /proc/lttng-test-filter-event
check "lttng rotate" timeout 120 "$L" rotate > /dev/null
sleep 2
echo 4 > /proc/lttng-test-filter-event
"$L" destroy > /dev/null
counts=
for d in $(ls -d "$RT_TMP"/rot/archives/*/ | sort -t- -k3 -n); do
	counts="$counts$("$bt21" "$d" 2> /dev/null | grep -c " $ev: ") "
done
check "each chunk holds its own events: 2 4 ($counts)" test "$counts" = "2 4 "

check "lttng-sessiond $ver stops" rt_stop_sessiond
grep -E 'Error:|ERROR' sessiond.log | head -n 10

# Debian's lttng-tools 2.13.9 is still happy with ABI 2.7.
lttng-sessiond -b -vvv > sessiond-2.13.log 2>&1 ||
	fatal "lttng-sessiond 2.13.9 -b failed: $(tail -n 5 sessiond-2.13.log)"
check "lttng-sessiond 2.13.9 validates the tracer too" \
	grep -q 'Kernel tracer version validated (2.13, ABI 2.7)' sessiond-2.13.log
lttng create old --output="$RT_TMP/old" > /dev/null &&
lttng enable-event -k $ev > /dev/null && lttng start > /dev/null
echo 1 > /proc/lttng-test-filter-event
lttng destroy > /dev/null
check "... and records a CTF 1.8 trace babeltrace2 reads" \
	sh -c "babeltrace2 '$RT_TMP/old' | grep -q ' $ev: '"
check "lttng-sessiond 2.13.9 stops" rt_stop_sessiond
rmmod lttng-test
rmmod lttng_tracer 2> /dev/null
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
