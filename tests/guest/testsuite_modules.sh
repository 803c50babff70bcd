# SPDX-License-Identifier: GPL-2.0-only
# The modules lttng-tools' test suite loads by name: lttng-tracer (what
# `modprobe -n lttng-tracer` finds), lttng-test (/proc/lttng-test-filter-event
# emits lttng_test_filter_event with every field type) and
# lttng-clock-plugin-test (replaces the trace clock: frozen at 1 kHz, with
# its own name, description and uuid in the metadata).  None of the modules
# of features Ringtail lacks is shipped under lttng-modules' name.
. "$RT_REPO/tests/lib.sh"

check "modprobe -n lttng-tracer finds the core" modprobe -n lttng-tracer
check "... which is Ringtail" sh -c 'modinfo -F description lttng-tracer | grep -q Ringtail'
check "modprobe -n lttng-test and lttng-clock-plugin-test find them" \
	sh -c 'modprobe -n lttng-test && modprobe -n lttng-clock-plugin-test'
for m in lttng-ring-buffer-event_notifier-client lttng-counter-client-percpu-64-modular \
	 lttng-counter-client-percpu-32-modular lttng-probe-sched lttng-probe-statedump lttng-clock; do
	check "$m is not shipped (its feature is missing or built in)" sh -c "! modprobe -n $m 2>/dev/null"
done

# lttng-test: every field of lttng_test_filter_event.
lttng-sessiond -d || fatal "lttng-sessiond -d failed"
check "modprobe lttng-test" modprobe lttng-test
check "it depends on the core" test "$(modinfo -F depends lttng-test)" = lttng-tracer
check "lttng list -k lists lttng_test_filter_event" \
	sh -c 'lttng list -k | grep -q " lttng_test_filter_event ("'
lttng create t --output="$RT_TMP/test" > /dev/null
lttng enable-event -k lttng_test_filter_event > /dev/null
lttng start > /dev/null
check "write 10 to /proc/lttng-test-filter-event" sh -c 'echo -n 10 > /proc/lttng-test-filter-event'
check "a bad count is refused" sh -c '! echo -n ten > /proc/lttng-test-filter-event 2>/dev/null'
check "lttng-test cannot unload while a session uses its event" sh -c '! rmmod lttng_test 2>/dev/null'
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/test" > test.txt 2> bt.err
check "babeltrace2 reads it without warnings" sh -c 'test $? -eq 0 && test ! -s bt.err'
check "10 events, intfield 0 to 9" \
	test "$(sed -n 's/.*lttng_test_filter_event: .* intfield = \([0-9]*\),.*/\1/p' test.txt | tr '\n' ' ')" = "0 1 2 3 4 5 6 7 8 9 "
e=$(grep 'intfield = 7,' test.txt)
echo "$e"
has() { case "$e" in *"$1"*) return 0 ;; esac; return 1; }
check "integers: decimal, hexadecimal, long, signed" \
	has 'intfield = 7, intfield2 = 0x7, longfield = 7, signedfield = -1,'
check "network byte order integers read as the value" has 'netintfield = 7, netintfieldhex = 0x7,'
check "arrays: long, text, network-order u32" \
	has 'arrfield1 = [ [0] = 1, [1] = 2, [2] = 3 ], arrfield2 = "test", arrfield3 = [ [0] = 1, [1] = 2, [2] = 3 ],'
check "sequences with size_t lengths: chars, text" \
	has '_seqfield1_length = 4, seqfield1 = [ [0] = 116, [1] = 101, [2] = 115, [3] = 116 ], _seqfield2_length = 4, seqfield2 = "test",'
check "sequences: network-order u32, long" \
	has '_seqfield3_length = 3, seqfield3 = [ [0] = 1, [1] = 2, [2] = 3 ], _seqfield4_length = 3, seqfield4 = [ [0] = 1, [1] = 2, [2] = 3 ],'
check "strings" has 'stringfield = "test", stringfield2 = "\\*",'
# The bits set in a bit field: "0 65 128 129" for the longs 1, 2, 3.
bits_set() {
	echo "$e" | sed "s/.* $1 = \[ \([^]]*\(\] = [01][^]]*\)*\) \].*/\1/" |
		grep -o '\[[0-9]*\] = 1' | tr -dc '0-9 \n' | awk '{ printf "%s%s", n++ ? " " : "", $1 }'
}
check "bit fields: a sequence of 192 bits and an array, both of the longs 1, 2, 3" \
	test "$(echo "$e" | grep -o '_bitfield_seq_length = [0-9]*')|$(bits_set bitfield_seq)|$(bits_set bitfield_array)" = \
	     "_bitfield_seq_length = 192|0 65 128 129|0 65 128 129"
check "enumerations: values, auto values, a range, a negative value" \
	has 'enum0 = ( "AUTO: EXPECT 0" : container = 0 ), enum23 = ( "VALUE: 23" : container = 23 ), enum27 = ( "VALUE: 27" : container = 27 ), enum28 = ( "AUTO: EXPECT 28" : container = 28 ), enum202 = ( "RANGE: 101 TO 303" : container = 202 ), enum304 = ( "AUTO: EXPECT 304" : container = 304 ), enumnegative = ( "VALUE: -1" : container = -1 )'
check "timestamps move without a clock plugin" \
	test "$(grep lttng_test_filter_event test.txt | cut -d' ' -f1 | sort -u | wc -l)" -gt 1
check "sessiond stops" rt_stop_sessiond
check "lttng-test unloads" rmmod lttng_test

# The clock plugin: loads while no session exists and then clocks every trace.
check "modprobe lttng-clock-plugin-test" modprobe lttng-clock-plugin-test
lttng-sessiond -d || fatal "lttng-sessiond -d failed"
modprobe lttng-test
lttng create c --output="$RT_TMP/clock" > /dev/null
lttng enable-event -k lttng_test_filter_event > /dev/null
lttng start > /dev/null
echo -n 10 > /proc/lttng-test-filter-event
check "the plugin cannot unload under a session" sh -c '! rmmod lttng_clock_plugin_test 2>/dev/null'
lttng stop > /dev/null
lttng destroy > /dev/null
check "sessiond stops" rt_stop_sessiond
babeltrace2 "$RT_TMP/clock" > clock.txt 2> bt.err
check "babeltrace2 reads it without warnings" sh -c 'test $? -eq 0 && test ! -s bt.err'
check "10 events, all at one frozen time" sh -c '
	test "$(grep -c lttng_test_filter_event clock.txt)" -eq 10 &&
	test "$(grep lttng_test_filter_event clock.txt | cut -d" " -f1 | sort -u | wc -l)" -eq 1'
babeltrace2 --output-format=ctf-metadata "$RT_TMP/clock/kernel" > metadata.txt
sed -n '/^clock {/,/^};/p' metadata.txt > clock-block.txt
cat clock-block.txt
check "the metadata's clock is the plugin's" sh -c '
	grep -qx "	name = \"lttng_test_clock_override\";" clock-block.txt &&
	grep -qx "	uuid = \"83c63deb-7aa4-48fb-abda-946f400d76e6\";" clock-block.txt &&
	grep -qx "	description = \"Freeze time with 1KHz for regression test\";" clock-block.txt &&
	grep -qx "	freq = 1000;" clock-block.txt'
check "its offset is the Epoch in milliseconds" sh -c '
	off=$(sed -n "s/^	offset = \(-*[0-9]*\);/\1/p" clock-block.txt)
	now=$(date +%s%3N)
	[ $((now - off)) -ge 0 ] && [ $((now - off)) -lt 600000 ]'
check "event headers map to the plugin's clock" grep -q 'map = clock.lttng_test_clock_override.value;' metadata.txt
check "the plugin unloads once no session uses it" rmmod lttng_test lttng_clock_plugin_test
lttng-sessiond -d
lttng create busy --output="$RT_TMP/busy" > /dev/null
lttng enable-channel -k busy > /dev/null	# the kernel session exists from here
check "a plugin cannot load while a session exists (EBUSY)" \
	sh -c 'modprobe lttng-clock-plugin-test 2>&1 | grep -q "Device or resource busy"'
lttng destroy > /dev/null
check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloads" sh -c 'rmmod lttng_clock_plugin_test lttng_test 2>/dev/null; rmmod lttng_tracer 2>/dev/null; test -z "$(awk "/^lttng/" /proc/modules)"'
rt_done
