#!/bin/bash
# Run every Ringtail test: the host-side tests (tests/host/*.sh), the whole
# guest suite (tests/guest/*.sh and *.c) in 2-vCPU guest boots, a few of
# them again in a 1-vCPU boot, then side by side the tests of
# lttng-tools' own suite that cover what Ringtail implements
# (tests/lttng-tools/tests.list, marked "ci") and the lock-free, teardown
# and fuzz tests again under the debug kernel.  Each counts as one test.  Ends with the line "N passed,
# N failed"; exits non-zero if anything failed.  `make check-debug` runs it
# all under the debug kernel (tests/debug.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
start=$(date +%s)

# The builds that only the last two boots need start now, in the
# background and at the lowest priority, so that they run on the CPU the
# guests leave idle (a single-threaded boot leaves a core): lttng-tools'
# test suite (tests/lttng-tools/build.sh) and, unless this whole run is
# already under it (`make check-debug`), the debug kernel and this tree
# built against it (tests/debug.sh --build).  On a machine that has them
# cached both end in seconds; on a clean one they take most of an hour of
# CPU, which is what keeps `make check` within the hour.
prep=$(mktemp -d /tmp/rt-check-prep.XXXXXX)
nice -n 19 tests/lttng-tools/build.sh > "$prep/lttng-tools.log" 2>&1 &
lt_build=$!
debug_build=
# The debug boot's tests need only these tracepoint headers (the whole
# instrumentation is checked under the debug kernel by `make check-debug`).
export RT_DEBUG_SUBSET="sched irq timer signal workqueue kmem rcu power"
if [ -z "${RT_GUEST_KERNEL:-}" ]; then
	nice -n 19 tests/debug.sh --build > "$prep/debug.log" 2>&1 &
	debug_build=$!
fi

# Ringtail itself, unless this whole run is under the debug kernel, whose
# tests/debug.sh has built it against that kernel already.
if [ -z "${RT_GUEST_KERNEL:-}" ]; then
	jobs=-j$(nproc)
	case " ${MAKEFLAGS:-}" in *" -j"*) jobs= ;; esac
	make $jobs all || { echo "check: the build failed"; echo "0 passed, 1 failed"; exit 1; }
fi

for t in tests/host/*.sh; do
	name=$(basename "${t%.sh}")
	log=$(mktemp /tmp/rt-host-$name.XXXXXX)
	if bash "$t" > "$log" 2>&1; then
		echo "ok   host/$name"
		passed=$((passed + 1))
	else
		echo "FAIL host/$name (log: $log)"
		sed 's/^/     | /' "$log" | tail -n 40
		failed=$((failed + 1))
	fi
done

# count NAME OUTDIR: add a boot's results to the totals.
count() {
	if [ -s "$2/summary" ]; then
		passed=$((passed + $(grep -c '^ok ' "$2/summary")))
		failed=$((failed + $(grep -c '^FAIL ' "$2/summary")))
	else
		echo "FAIL $1 (the harness produced no summary; see $2)"
		failed=$((failed + 1))
	fi
}

# Tests marked "# rt-tcg: single" turn the kernel's syscall tracepoints on
# and off under load, where QEMU's multi-threaded TCG can leave a vCPU
# looping on the int3 of a finished jump-label patch (ftrace's raw_syscalls
# alone does it: guest/ftrace_syscall_toggle.sh).  They run on two vCPUs
# that share one host thread, which never does.  Tests marked
# "# rt-check: stress" are long runs for `make stress` only.
stress_only=$(cd tests && grep -lx '# rt-check: stress' guest/*.sh | sort)
single=$(cd tests && grep -lx '# rt-tcg: single' guest/*.sh | sort |
	grep -vxF "$(printf '%s\n' $stress_only)")
guest_tests=$(cd tests && ls guest/*.sh guest/*.c 2>/dev/null | sort |
	grep -vxF "$(printf '%s\n' $single $stress_only)")
out=$(mktemp -d /tmp/rt-check.XXXXXX)
tests/harness/guest -o "$out" $guest_tests
count "guest suite" "$out"

out1=$(mktemp -d /tmp/rt-check-single.XXXXXX)
tests/harness/guest -1 -s 2 -t 600 -e RT_STRESS_SECONDS=120 -o "$out1" $single
count "single-threaded TCG boot" "$out1"

# One vCPU: per-CPU buffers, streams and the trace when there is one CPU.
out2=$(mktemp -d /tmp/rt-check-1cpu.XXXXXX)
tests/harness/guest -s 1 -o "$out2" guest/session_abi.c guest/trace_sched.sh
count "1-vCPU boot" "$out2"

# lttng-tools' own tests (tests/lttng-tools/tests.list, marked "ci"), in
# a boot of their own, and beside it the lock-free, teardown and hotplug
# tests again under the debug kernel (KASAN, lockdep, kmemleak:
# tests/debug.sh), shorter: the checkers slow the guest down about three
# times.  Both boots are single-threaded TCG, a core each.  Not the debug
# boot when this whole run is already under it (`make check-debug`).  The
# stress test is not among its tests: under the checkers its fixed part
# alone (warm-up, reading every trace back, the final slab count) takes
# more than seven minutes; `make check-debug` runs it.
# Both builds end before either boot starts: a build still running on a
# clean machine gets both cores, and the two boots then end together.
wait $lt_build || { echo "lttng-tools' test suite did not build:"; tail -n 20 "$prep/lttng-tools.log"; }
# A failed debug build shows again, with its log, when debug.sh retries it.
[ -n "$debug_build" ] && wait $debug_build
echo "builds for the last boots ready after $(( $(date +%s) - start ))s"
out3=$(mktemp -d /tmp/rt-check-lttng-tools.XXXXXX)
tests/lttng-tools/run -c -o "$out3" > "$out3.log" 2>&1 &
lt_run=$!
if [ -n "$debug_build" ]; then
	sed -n 's/^debug: kernel/debug kernel/p' "$prep/debug.log"
	out4=$(mktemp -d /tmp/rt-check-debug.XXXXXX)
	tests/debug.sh -1 -s 2 -t 600 -e RT_FUZZ_CALLS=3000 -o "$out4" \
		guest/ringbuffer.c guest/teardown_abi.c guest/fuzz.sh
	count "debug kernel boot" "$out4"
fi
wait $lt_run
cat "$out3.log"
count "lttng-tools' test suite" "$out3"

echo "check: $(( $(date +%s) - start ))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
