# SPDX-License-Identifier: GPL-2.0-only
# Every lost event is reported: two writers emit a known number of events
# into tiny buffers (4 KiB x 4) read by the unmodified lttng-tools; what
# babeltrace2 reads plus what `lttng stop` reports as discarded equals what
# was emitted, for discard and overwrite channels (in overwrite mode the
# records of packets overwritten before they were read count as
# discarded), splice and mmap, several runs in a row.  babeltrace2 reports
# the same losses: the differences between consecutive packets, plus, for
# a stream whose first packet read already counts losses (a flight
# recorder's first packets were overwritten), a "may have discarded"
# warning, babeltrace2 giving no count for a stream's first packet.
. "$RT_REPO/tests/lib.sh"

N=3000		# events per writer

# Losses the first packet of each stream carries (index files: big-endian
# u64 fields, the sixth of each 72-byte entry), summed; and how many
# streams have such a first packet.
first_losses() {
	python3 - "$1"/kernel/index/*.idx <<'PY'
import struct, sys
total = streams = 0
for f in sys.argv[1:]:
    data = open(f, "rb").read()
    magic, major, minor, size = struct.unpack(">IIII", data[:16])
    if len(data) >= 16 + size:
        n = struct.unpack(">Q", data[16 + 40:16 + 48])[0]
        total += n
        streams += n > 0
print(total, streams)
PY
}
lttng-sessiond -d || fatal "lttng-sessiond -d failed"
modprobe lttng-test || fatal "modprobe lttng-test"

# run NAME CHANNEL-OPTIONS...
run() {
	local name=$1 read told seen first
	shift
	lttng create "$name" --output="$RT_TMP/$name" > /dev/null &&
	lttng enable-channel -k --subbuf-size 4096 --num-subbuf 4 "$@" c > /dev/null &&
	lttng enable-event -k -c c lttng_test_filter_event > /dev/null &&
	lttng start > /dev/null || return 1
	# In bursts of 50 events, long enough for the switch timer to fire.
	for w in 1 2; do
		(for i in $(seq $((N / 50))); do echo -n 50 > /proc/lttng-test-filter-event; done) &
	done
	wait
	lttng stop > "$name.stop" 2>&1 && lttng destroy > /dev/null || return 1
	babeltrace2 "$RT_TMP/$name" 2> "$name.err" | grep -c ' lttng_test_filter_event: ' > "$name.read"
	read=$(cat "$name.read")
	told=$(sed -n 's/.*Warning: \([0-9]*\) events were discarded.*/\1/p' "$name.stop")
	# "discarded 1 event" or "discarded N events".
	seen=$(sed -n 's/.*discarded \([0-9]*\) events\{0,1\} .*/\1/p' "$name.err" |
		awk '{ s += $1 } END { print s + 0 }')
	first=$(first_losses "$RT_TMP/$name")
	echo "$name: emitted $((2 * N)), read $read, lttng stop: ${told:-0} discarded," \
	     "babeltrace2: $seen discarded + ${first% *} in first packets ($(grep -c 'may have discarded' "$name.err") warnings)"
	[ "$read" -gt 0 ] &&
	[ $((read + ${told:-0})) -eq $((2 * N)) ] &&
	[ $((read + seen + ${first% *})) -eq $((2 * N)) ] &&
	[ "$(grep -c 'may have discarded' "$name.err")" -eq "${first#* }" ]
}

# A switch timer closes packets while the buffer is full: the losses that
# follow have no open packet to carry them.
for i in 1 2 3; do
	check "discard, splice, run $i: read + discarded = emitted" run ds$i --discard --output splice
	check "discard, mmap, switch timer, run $i: read + discarded = emitted" \
		run dm$i --discard --output mmap --switch-timer 20000
	check "overwrite, splice, switch timer, run $i: read + discarded = emitted" \
		run os$i --overwrite --output splice --switch-timer 20000
	check "overwrite, mmap, run $i: read + discarded = emitted" run om$i --overwrite --output mmap
done
check "some run lost events (the test exercises losses)" \
	sh -c 'cat *.stop | grep -q "events were discarded"'

check "sessiond stops" rt_stop_sessiond
rmmod lttng_test
rmmod lttng_tracer 2> /dev/null
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
