# SPDX-License-Identifier: GPL-2.0-only
# The guest harness must report what really happened: a passing test as
# passed, a failing one as failed, a test that makes the kernel WARN as
# failed even though it exits 0, a hanging test as timed out, and a guest
# that stops making progress as stopped, with the test that was running.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp -d /tmp/rt-selftest.XXXXXX)
# Under the debug kernel (make check-debug) the harness multiplies timeouts.
t=15
[ -n "${RT_GUEST_KERNEL:-}" ] && t=$((t * ${RT_DEBUG_SLOWDOWN:-3}))
stall=$((t + 40))
RT_STALL_GRACE=40 tests/harness/guest -t 15 -o "$out" selftest/pass.sh \
	selftest/fail.sh selftest/warn.sh selftest/hang.sh selftest/wedge.sh \
	> "$out.log" 2>&1
rc=$?
bad=0
expect() {	# description grep-pattern
	if grep -qE "$2" "$out/summary"; then
		echo "ok    $1"
	else
		echo "FAIL  $1 (no line matching '$2' in the summary)"
		bad=1
	fi
}
[ $rc -ne 0 ] && echo "ok    the run exits non-zero" || { echo "FAIL  the run exited 0"; bad=1; }
expect "a passing test is reported passed" '^ok +pass '
expect "a failing test is reported failed" '^FAIL pass|^FAIL fail \(exit 1,'
expect "a WARN on the console fails the test that caused it" \
	'^FAIL warn \(console: WARNING: .*rt_test_warn'
expect "a hanging test is timed out" "^FAIL hang \\(timed out after ${t}s\\)"
expect "a test during which the guest stopped making progress failed" \
	'^FAIL wedge \(did not run or did not finish'
if grep -q "^guest: no test ended for ${stall}s (wedge was running): stopping the guest" "$out.log"; then
	echo "ok    the watchdog stopped the guest, naming the test"
else
	echo "FAIL  the watchdog did not stop the guest after ${stall}s naming wedge"; bad=1
fi
expect "... and the stopped guest too" '^FAIL \(guest\) \(stopped by the watchdog'
[ "$(wc -l < "$out/summary")" -eq 6 ] || { echo "FAIL  expected 6 summary lines"; bad=1; }
exit $bad
