#!/bin/bash
# Run every Ringtail test: the host-side tests (tests/host/*.sh), the whole
# guest suite (tests/guest/*.sh and *.c) in one 2-vCPU guest boot, then a
# few of them again in a 1-vCPU boot, then the tests of lttng-tools' own
# suite that cover what Ringtail implements (tests/lttng-tools/tests.list,
# marked "ci"), each one test here.  Ends with the line "N passed,
# N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
start=$(date +%s)

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

# Tests marked "# rt-smp: 1" run in the 1-vCPU boot only: they turn the
# kernel's syscall tracepoints on and off under load, and QEMU's
# multi-threaded TCG can then leave a vCPU looping on the int3 of a
# finished jump-label patch (ftrace's raw_syscalls alone does it too; a
# single vCPU never does).
out=$(mktemp -d /tmp/rt-check.XXXXXX)
one_cpu=$(cd tests && grep -lx '# rt-smp: 1' guest/*.sh | sort)
guest_tests=$(cd tests && ls guest/*.sh guest/*.c 2>/dev/null | sort |
	grep -vxF "$(printf '%s\n' $one_cpu)")
tests/harness/guest -o "$out" $guest_tests
if [ -s "$out/summary" ]; then
	passed=$((passed + $(grep -c '^ok ' "$out/summary")))
	failed=$((failed + $(grep -c '^FAIL ' "$out/summary")))
else
	echo "FAIL guest suite (the harness produced no summary)"
	failed=$((failed + 1))
fi

# The same kernel with one vCPU: per-CPU buffers, streams and the trace;
# and the tests that must run there.
out1=$(mktemp -d /tmp/rt-check-1cpu.XXXXXX)
tests/harness/guest -s 1 -t 600 -o "$out1" guest/session_abi.c guest/trace_sched.sh $one_cpu
if [ -s "$out1/summary" ]; then
	passed=$((passed + $(grep -c '^ok ' "$out1/summary")))
	failed=$((failed + $(grep -c '^FAIL ' "$out1/summary")))
else
	echo "FAIL 1-vCPU guest run (the harness produced no summary)"
	failed=$((failed + 1))
fi

# lttng-tools' own tests: the suite is built once from Debian's source
# package (tests/lttng-tools/build.sh), then run in a boot of its own.
out2=$(mktemp -d /tmp/rt-check-lttng-tools.XXXXXX)
tests/lttng-tools/run -c -o "$out2"
if [ -s "$out2/summary" ]; then
	passed=$((passed + $(grep -c '^ok ' "$out2/summary")))
	failed=$((failed + $(grep -c '^FAIL ' "$out2/summary")))
else
	echo "FAIL lttng-tools' test suite (nothing ran; see $out2)"
	failed=$((failed + 1))
fi

echo "check: $(( $(date +%s) - start ))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
