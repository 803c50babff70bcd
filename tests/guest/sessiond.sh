# SPDX-License-Identifier: GPL-2.0-only
# The unmodified lttng-sessiond loads Ringtail by the module names it knows,
# validates it as an LTTng 2.13 kernel tracer, and unloads it when it stops.
. "$RT_REPO/tests/lib.sh"

[ -z "$(rt_loaded_modules)" ] || fatal "Ringtail modules loaded before the test: $(rt_loaded_modules | xargs)"

# 1. Foreground-verbose daemon (-b keeps the console): the validation line.
lttng-sessiond -b -vvv > sessiond.log 2>&1 || fatal "lttng-sessiond -b failed: $(tail -n 5 sessiond.log)"
check "sessiond validated the kernel tracer" \
	grep -q 'Kernel tracer version validated (2.13, ABI 2.7)' sessiond.log
check "sessiond loaded every required client module" \
	test "$(rt_loaded_modules | grep -c '^lttng_ring_buffer_')" -eq 6
check "the core module came in as a dependency" grep -q '^lttng_tracer ' /proc/modules
check "no 'Unable to load required module' error" \
	sh -c '! grep -q "Unable to load required module" sessiond.log'

lttng list -k > list.out 2>&1
rc=$?
cat list.out
check "lttng list -k exits 0" test $rc -eq 0
check "lttng list -k does not say the kernel tracer is unavailable" \
	sh -c '! grep -qi "not available\|^error" list.out'
check "lttng list -k prints the kernel events header" grep -q 'Kernel events' list.out
check "lttng list -k lists sched_switch" grep -q 'sched_switch (loglevel' list.out

check "sessiond stops on SIGTERM" rt_stop_sessiond
check "no sessiond process is left" test -z "$(pidof lttng-sessiond)"
check "sessiond unloaded every Ringtail module" test -z "$(rt_loaded_modules)"
[ -z "$(rt_loaded_modules)" ] || echo "left loaded: $(rt_loaded_modules | xargs)"

# 2. The documented way: lttng-sessiond -d.
lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng list -k > list2.out 2>&1
rc=$?
check "with -d: lttng list -k exits 0" test $rc -eq 0
check "with -d: no error from lttng list -k" sh -c '! grep -qi "not available\|^error" list2.out'
check "with -d: lttng list -k lists sched_switch" grep -q 'sched_switch (loglevel' list2.out
check "with -d: Ringtail is loaded" grep -q '^lttng_tracer ' /proc/modules
check "with -d: sessiond stops on SIGTERM" rt_stop_sessiond
check "with -d: every Ringtail module unloaded after the daemon stopped" test -z "$(rt_loaded_modules)"

# 3. Whatever is left (nothing, if sessiond did its job) can be removed by hand.
for m in $(rt_loaded_modules); do
	modprobe -r "$m"
done
check "no Ringtail module remains" test -z "$(rt_loaded_modules)"
check "/proc/lttng is gone with the core module" test ! -e /proc/lttng

rt_done
