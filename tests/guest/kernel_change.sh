# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# The simulated kernel change (tests/kernel-change/): Ringtail, unchanged,
# built against a copy of the kernel's headers, then against a copy where
# the rt_test_change tracepoint gained a `was_armed` argument (as Debian's
# 6.1 hrtimer_start did), records the event of each "kernel", the second
# with the new field.  These builds use the headers alone: the system calls
# whose prototypes there lack argument names (rt_sigaction) or are missing
# (x86's mmap) get them from the kernel's syscall metadata at run time.
. "$RT_REPO/tests/lib.sh"

B=$RT_REPO/tests/build/kernel-change
for v in before after; do
	check "$v: load the Ringtail built against it" insmod "$B/$v/lttng-tracer.ko"
	check "$v: load the module that defines its tracepoint" insmod "$B/$v/rt_test_change.ko"
	lttng-sessiond -d || fatal "lttng-sessiond -d failed"
	lttng create change --output="$RT_TMP/$v" > /dev/null
	check "$v: enable rt_test_change" lttng enable-event -k rt_test_change
	check "$v: enable two system calls" lttng enable-event -k --syscall rt_sigaction,mmap
	lttng start > /dev/null
	echo 4242 > /sys/module/rt_test_change/parameters/fire
	sh -c 'trap "" USR1; cat /proc/self/stat' > /dev/null
	lttng stop > /dev/null
	lttng destroy > /dev/null
	babeltrace2 "$RT_TMP/$v" > $v.txt 2> $v.err
	rc=$?
	check "$v: babeltrace2 reads it with no warning" sh -c "[ $rc -eq 0 ] && [ ! -s $v.err ]"
	cat $v.txt
	check "$v: sessiond stops" rt_stop_sessiond
	rmmod rt_test_change
	rmmod lttng_tracer 2> /dev/null	# unless sessiond did
	check "$v: everything unloaded" test -z "$(rt_loaded_modules)"
done
check "before: the event has the old fields" \
	grep -qE 'rt_test_change: .*\{ timer = 0x[0-9a-fA-F]+, expires = 4242 \}$' before.txt
check "after: the same build records the new field" \
	grep -qE 'rt_test_change: .*\{ timer = 0x[0-9a-fA-F]+, expires = 4242, was_armed = 1 \}$' after.txt
for v in before after; do
	check "$v: rt_sigaction's argument names, from the syscall metadata" \
		grep -qE 'syscall_entry_rt_sigaction: .*\{ sig = [0-9]+, act = [0-9]+, oact = [0-9]+, sigsetsize = 8 \}$' $v.txt
	check "$v: mmap's arguments, from the syscall metadata" \
		grep -qE 'syscall_entry_mmap: .*\{ addr = [0-9]+, len = [0-9]+, prot = [0-9]+, flags = [0-9]+, fd = [0-9]+, off = [0-9]+ \}$' $v.txt
done
rt_done
