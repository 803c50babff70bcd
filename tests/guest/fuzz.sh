# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# The ioctl fuzzer (tests/workloads/fuzz.c) on every kind of Ringtail fd,
# from several threads, then what it must leave behind: no kernel memory
# kept, the module references back where they were, and every module
# unloadable and loadable again.  Splats on the console fail the test in
# the harness.
#
# RT_FUZZ_CALLS (default 20000: under two minutes of TCG with sessions
# running; `make fuzz` 1000000), RT_FUZZ_THREADS and RT_FUZZ_SEED go to
# the fuzzer.  It turns tracepoints on and off thousands of times, which
# QEMU's multi-threaded TCG with two vCPUs does not survive (a vCPU left
# on the int3 of a jump label, tests/check.sh): so this runs in the boot
# whose vCPUs share one host thread (tests/harness/guest -1, which sets
# RT_TCG=single), where system call events may attach too.
. "$RT_REPO/tests/lib.sh"

F=$RT_REPO/tests/build/workloads/fuzz
calls=${RT_FUZZ_CALLS:-20000}
clients="lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite
	lttng-ring-buffer-metadata-client lttng-ring-buffer-client-mmap-discard
	lttng-ring-buffer-client-mmap-overwrite lttng-ring-buffer-metadata-mmap-client"

# Thresholds, for a run of any length:
#  - unreclaimable slab: 2 MiB.  One leaked object of 64 bytes per session,
#    channel or event file the fuzzer creates (thousands in a short run)
#    or per ioctl is well above it, while what the kernel caches for
#    itself between two idle points (per-CPU slab lists, RCU batches)
#    stays well below.
#  - free memory: 64 MiB.  A ring buffer not freed keeps from 8 KiB to
#    1 MiB per CPU of pages (not slab): a few hundred leaked channels show.
#  Under the debug kernel, kmemleak finds leaked objects itself (the
#  harness scans after each test), and KASAN's quarantine holds megabytes
#  of freed objects that SUnreclaim still counts (2416 kB after 20,000
#  calls, kmalloc-128 and kmalloc-1k growing the most): 16 MiB there.
slab_limit_kb=2048
[ -e /sys/kernel/debug/kmemleak ] && slab_limit_kb=16384
free_limit_kb=65536

meminfo() {	# field: kB
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# The kernel at rest: caches dropped, deferred frees (RCU, workqueues) done.
settle() {
	local i
	sync
	for i in 1 2 3; do
		echo 3 > /proc/sys/vm/drop_caches
		sleep 1
	done
}

# Reference counts of Ringtail's modules, "name count" lines.
refcounts() {
	awk '$1 == "lttng_tracer" || $1 ~ /^lttng_ring_buffer_/ { print $1, $3 }' \
		/proc/modules | sort
}

# Bytes per slab cache, "name bytes" lines.
slabs() {
	awk 'NR > 2 { print $1, $3 * $4 }' /proc/slabinfo | sort
}

initial=$(rt_loaded_modules)
modprobe -a lttng-tracer $clients || fatal "modprobe of the modules failed"

# A short run first, so that what the kernel allocates once and keeps
# (caches of first use) is in place before the baseline.
"$F" -m -v -n 3000 -t 2 -s 1 || fatal "warm-up run failed"

settle
refs_before=$(refcounts)
slab_before=$(meminfo SUnreclaim)
free_before=$(meminfo MemFree)
slabs > slabs.before

sc=
[ "$(nproc)" -eq 1 ] || [ "${RT_TCG:-}" = single ] || [ "${RT_FUZZ_SYSCALLS:-0}" = 1 ] && sc=-S
"$F" -m -v $sc -n "$calls"
rc=$?
check "the fuzzer made its $calls calls and its checks held (exit $rc)" test $rc -eq 0

settle
# A few more seconds for what RCU and the workqueues still hold.
for i in 1 2 3 4 5; do
	[ $(($(meminfo SUnreclaim) - slab_before)) -le $slab_limit_kb ] && break
	settle
done
refs_after=$(refcounts)
slab_after=$(meminfo SUnreclaim)
free_after=$(meminfo MemFree)
slabs > slabs.after
echo "unreclaimable slab: $slab_before kB before, $slab_after kB after"
echo "free memory: $free_before kB before, $free_after kB after"
echo "slab caches grown the most (bytes):"
join slabs.before slabs.after | awk '{ print $3 - $2, $1 }' | sort -rn | head -n 8 | sed 's/^/    /'
check "unreclaimable slab grew by at most $slab_limit_kb kB ($((slab_after - slab_before)) kB)" \
	test $((slab_after - slab_before)) -le $slab_limit_kb
check "free memory shrank by at most $free_limit_kb kB ($((free_before - free_after)) kB)" \
	test $((free_before - free_after)) -le $free_limit_kb
check "module reference counts back where they were" test "$refs_before" = "$refs_after"
[ "$refs_before" = "$refs_after" ] || { echo "before:"; echo "$refs_before"; echo "after:"; echo "$refs_after"; }

# Every module unloads, clients first, and loads again.
ok=true
for c in $clients; do
	rmmod "$c" || ok=false
done
rmmod lttng_tracer || ok=false
check "every module unloads after the run" $ok
check "nothing of Ringtail left loaded" test -z "$(rt_loaded_modules)"
check "the modules load again" modprobe -a lttng-tracer $clients
check "/proc/lttng is back" test -e /proc/lttng

# Leave the modules as the test found them.
for m in $(rt_loaded_modules | grep -v '^lttng_tracer$'); do
	echo "$initial" | grep -qx "$m" || rmmod "$m"
done
echo "$initial" | grep -qx lttng_tracer || rmmod lttng_tracer 2>/dev/null
rt_done
