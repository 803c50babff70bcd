# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# rt-check: stress
# The reproducer of the vCPU hang that puts the tests which switch system
# call tracing on in a boot of their own (tests/check.sh): ftrace alone, no
# Ringtail module loaded, switches raw_syscalls on and off 40 times
# (RT_TOGGLE_CYCLES) while both vCPUs make system calls.  Under QEMU's multi-threaded TCG a guest
# hung doing this (at cycle 29 of 40 once): a vCPU kept executing the
# int3 of a text_poke_bp() that another vCPU had already finished, as the
# translated code was not invalidated in time.  With single-threaded TCG
# (tests/harness/guest -1) the vCPUs take turns on one host thread and
# every cycle must complete, with calls recorded on both CPUs.
. "$RT_REPO/tests/lib.sh"
T=/sys/kernel/tracing
cycles=${RT_TOGGLE_CYCLES:-40}

[ "$(nproc)" -ge 2 ] || fatal "needs two vCPUs, has $(nproc)"
grep -q '^lttng_tracer ' /proc/modules && fatal "Ringtail is loaded: this is ftrace alone"
for cpu in 0 1; do
	taskset -c $cpu dd if=/dev/zero of=/dev/null bs=1 count=2000000000 2> /dev/null &
done
echo 256 > $T/buffer_size_kb
both=0
for i in $(seq $cycles); do
	echo > $T/trace
	echo 1 > $T/events/raw_syscalls/enable
	sleep 0.3
	echo 0 > $T/events/raw_syscalls/enable
	n0=$(awk '/^entries:/ { print $2 }' $T/per_cpu/cpu0/stats)
	n1=$(awk '/^entries:/ { print $2 }' $T/per_cpu/cpu1/stats)
	[ "$n0" -gt 0 ] && [ "$n1" -gt 0 ] && both=$((both + 1))
done
kill %1 %2
wait 2> /dev/null
echo > $T/trace
echo "$both of $cycles cycles recorded system calls on both CPUs"
check "every cycle switched tracing on and off, and both CPUs ran" [ "$both" -eq $cycles ]
rt_done
