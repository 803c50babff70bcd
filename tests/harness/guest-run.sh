#!/bin/bash
# Stage 2 of the guest, inside the chroot: install the freshly built modules
# as `make modules_install` would, then run each test with a timeout.  Markers
# written to /dev/kmsg let the host attribute any console splat to the test
# that was running.  Results go to /rt-out, the host's output directory.
set -u
. /rt-out/job.env
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
export RT_REPO RT_KVER RT_TCG
res=/rt-out/results
mkdir -p "$res"
exec > /rt-out/guest-run.log 2>&1

kmsg() { echo "rt-harness: $*" > /dev/kmsg; }

# Detect hung tasks sooner than the default two minutes.
[ -w /proc/sys/kernel/hung_task_timeout_secs ] && echo 30 > /proc/sys/kernel/hung_task_timeout_secs

# The host staged the modules and ran depmod for this kernel (tests/harness/guest).
# A debug kernel's own modules are in its cache directory (RT_KMODS).
mods=/lib/modules/$RT_KVER
mkdir -p "$mods"
[ -e "$mods/kernel" ] || ln -s "$RT_KMODS/kernel" "$mods/kernel"
rm -rf "$mods/extra"
cp -r "/rt-out/modroot$mods/extra" "$mods/" || kmsg "cannot stage the modules"
cp "/rt-out/modroot$mods"/modules.* "$mods/" || kmsg "cannot install the module indexes"

# Loopback, for the tests that stream traces to lttng-relayd on localhost.
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null ||
	kmsg "cannot bring the loopback interface up"

# Under a kernel with kmemleak (the debug kernel), each test is followed by
# a scan, and what it finds that was allocated during the test is a
# failure of that test: the leaks of boot are marked as seen first.
leakcheck=/sys/kernel/debug/kmemleak
[ -w $leakcheck ] || leakcheck=
[ -n "$leakcheck" ] && echo scan > $leakcheck && echo clear > $leakcheck

# A test that fails (a timeout, most often) may leave what would fail the
# next ones for no fault of theirs: LTTng daemons (timeout kills the test's
# process group, but daemons have their own session), the modules they
# hold, an offline CPU.  Passing tests clean up after themselves, and some
# check that the one before did.
cleanup_after() {
	local pass m
	pkill -KILL -x lttng-sessiond
	pkill -KILL -x lttng-consumerd
	pkill -KILL -x lttng-relayd
	sleep 1
	for pass in 1 2 3; do
		for m in $(awk '$1 ~ /^lttng_/ { print $1 }' /proc/modules); do
			rmmod "$m" 2> /dev/null
		done
	done
	for m in /sys/devices/system/cpu/cpu*/online; do
		echo 1 > "$m" 2> /dev/null
	done
	kmsg "cleaned up after $1: $(awk '$1 ~ /^lttng_/' /proc/modules | wc -l) modules left"
}

kmsg "ready"
for t in $RT_TESTS; do
	name=$(basename "${t%.*}")
	case "$t" in
	*.sh) cmd=(bash "$RT_REPO/tests/$t") ;;
	*.c)  cmd=("$RT_REPO/tests/build/${t%.c}") ;;
	*)    cmd=("$RT_REPO/tests/$t") ;;
	esac
	export RT_TMP=/rt-out/work/$name
	rm -rf "$RT_TMP"
	mkdir -p "$RT_TMP"
	kmsg "begin $name"
	start=$EPOCHREALTIME
	(cd "$RT_TMP" && exec timeout -k 10 "$RT_TEST_TIMEOUT" "${cmd[@]}") \
		> "$res/$name.log" 2>&1 < /dev/null
	rc=$?
	end=$EPOCHREALTIME
	[ $rc = 0 ] || cleanup_after "$name"
	if [ -n "$leakcheck" ]; then
		# Two scans: an object seen unreferenced once may be in flight.
		echo scan > $leakcheck
		echo scan > $leakcheck
		if grep -q '^unreferenced object' $leakcheck; then
			cp $leakcheck "$res/$name.kmemleak"
			kmsg "kmemleak: $(grep -c '^unreferenced object' $leakcheck) suspected memory leaks in $name (see $name.kmemleak)"
		fi
		echo clear > $leakcheck
	fi
	kmsg "end $name rc=$rc"
	awk -v rc=$rc -v s=$start -v e=$end 'BEGIN { printf "%d %.1f\n", rc, e - s }' > "$res/$name.rc"
done
dmesg > /rt-out/dmesg.log
kmsg "done"
