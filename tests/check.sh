#!/bin/bash
# Build Ringtail and run every test: the host-side tests (tests/host/*.sh),
# then guest boots, two at a time: the whole guest suite (tests/guest/*.sh
# and *.c) on 2 vCPUs, a few tests again on one vCPU and the ring buffer
# torture under multi-threaded TCG, the tests of lttng-tools' own suite
# that cover what Ringtail implements (tests/lttng-tools/tests.list,
# marked "ci"), the lock-free, teardown, fuzz, filter and context tests again
# under the debug kernel, and the session, trace, system call and probe
# tests on each other kernel the apt sources offer (6.12 and 6.12-rt on
# Debian 12).  Each test counts once per boot.  Ends with the line "N
# passed, N failed"; exits non-zero if anything failed.  `make
# check-debug` runs it all under the debug kernel (tests/debug.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
start=$(date +%s)
# Every boot ends by this time (tests/harness/guest stops a guest that is
# still running then, and its unfinished tests fail): CI stops the whole
# run at 90 minutes, and a run that ends says which tests did not.
export RT_DEADLINE=${RT_DEADLINE:-$((start + ${RT_CHECK_MINUTES:-80} * 60))}
phase() { echo "check: [$(( $(date +%s) - start ))s] $*"; }

# The builds that only the last two boots need start now, in the
# background and at the lowest priority, so that they run on the CPU the
# guests leave idle (a single-threaded boot leaves a core): lttng-tools'
# test suite (tests/lttng-tools/build.sh) and, unless this whole run is
# already under it (`make check-debug`), the debug kernel and this tree
# built against it (tests/debug.sh --build).  On a machine that has them
# cached both end in seconds; on a clean one they take most of an hour of
# CPU, which is what keeps `make check` within the hour.
prep=$(mktemp -d /tmp/rt-check-prep.XXXXXX)

# The other kernels the apt sources offer (scripts/other-kernels.sh: on
# Debian 12, 6.12 generic and PREEMPT_RT), RT_CHECK_KERNELS if set: each
# is installed now, while nothing else uses apt, and gets one boot of the
# tests below with Ringtail built against it (tests/kernel.sh) from the
# subset of event headers those tests use.  Not under the debug kernel.
kernels=()
if [ -z "${RT_GUEST_KERNEL:-}" ]; then
	kernels=(${RT_CHECK_KERNELS-$(scripts/other-kernels.sh)})
fi
# Sessions, tracepoints and system calls: four to five minutes of a core
# each (contexts, statedump and probes pass there too, tests/kernel.sh
# runs them, but the hour `make check` has is spent).
kernel_tests="guest/abi_version.c guest/session_abi.c guest/sessiond.sh guest/syscalls.sh
	guest/trace_sched.sh guest/trace_irq.sh"
export RT_KERNEL_SUBSET="sched irq timer signal workqueue kmem rcu power"
for k in "${kernels[@]}"; do
	phase "installing kernel $k"
	tests/kernel.sh --install "$k" > "$prep/install-$k.log" 2>&1 ||
		{ tail -n 20 "$prep/install-$k.log"; echo "check: could not install $k"; }
done
[ ${#kernels[@]} -gt 0 ] || echo "check: no other kernel to test (scripts/other-kernels.sh)"
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

# Ringtail against the other kernels, one after the other; then DKMS
# (tests/dkms.sh): installed for the default kernel, then built by
# `dkms autoinstall` for the first other one as if it had just been
# installed.
(
	for i in "${!kernels[@]}"; do
		nice -n 19 tests/kernel.sh --build "${kernels[$i]}" > "$prep/kernel-$((i + 1)).log" 2>&1
		echo $? > "$prep/kernel-$((i + 1)).rc"
	done
	if [ ${#kernels[@]} -gt 0 ]; then
		nice -n 19 tests/dkms.sh "$(scripts/kver.sh)" "${kernels[0]}" > "$prep/dkms.log" 2>&1
		echo $? > "$prep/dkms.rc"
	fi
) &
kernel_builds=$!

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

# Every boot runs its vCPUs on one host thread (QEMU's single-threaded
# TCG), except the 1-vCPU one and the ring buffer torture's.  Under
# multi-threaded TCG, a vCPU can loop for good on the int3 of a text patch
# that has already finished (attaching a tracepoint patches the kernel's
# static calls and jump labels while the other vCPU runs them): its
# interrupts are off, so the patching CPU waits forever for its IPI, with
# text_mutex held.  Seen with ftrace's raw_syscalls alone
# (guest/ftrace_syscall_toggle.sh) and at sched_switch's site in
# __schedule(); one guest in a few dozen boots hung that way.  On 6.12 a
# vCPU even took such an int3 after the patch was over ("Oops: int3" in
# ttwu_do_activate, as sched_wakeup was attached in a bench boot).  The ring
# buffer torture patches no kernel text, and is the one test where two
# vCPUs really running at once matter: it gets a multi-threaded boot.
# Tests marked "# rt-tcg: single" get a boot of their own with longer
# timeouts (they turn every tracepoint or system call on under load);
# tests marked "# rt-check: stress" are long runs for `make stress` only.
stress_only=$(cd tests && grep -lx '# rt-check: stress' guest/*.sh | sort)
single=$(cd tests && grep -lx '# rt-tcg: single' guest/*.sh | sort |
	grep -vxF "$(printf '%s\n' $stress_only)")
guest_tests=$(cd tests && ls guest/*.sh guest/*.c 2>/dev/null | sort |
	grep -vxF "$(printf '%s\n' $single $stress_only)")

# The boots, in the order they are started when they can be: the longest
# first.  Each uses a core; two run at a time.  lttng-tools' own tests
# (tests/lttng-tools/tests.list, marked "ci") start once their build is
# done, in two boots of about eight minutes each: the first takes the
# tests listed here (wildcard alone takes five minutes), the second the
# others.  The lock-free, teardown, fuzz, filter, context and probe ABI tests run again under
# the debug kernel (KASAN, lockdep, kmemleak: tests/debug.sh) once it is
# built, shorter: the checkers slow the guest down about three times.  The
# stress test is not among them: under the checkers its fixed part alone
# (warm-up, reading every trace back, the final slab count) takes more
# than seven minutes; `make check-debug` runs it.  On a machine with the
# builds cached, the lttng-tools boots run beside the others from the
# start; on a clean one the builds get the cores the boots leave idle.
lt_first="tools/wildcard/test_event_wildcard kernel/test_clock_override
	tools/health/test_thread_ok tools/snapshots/test_kernel_streaming"
# Under the debug kernel (`make check-debug`) three tests are left out,
# because what they exercise is lttng-tools' user-space side and no
# Ringtail code: the wildcard test's first half enables and records
# user-space events only (under the checkers that half alone took 56
# minutes of a run; its kernel half matches enablers' globs, which
# guest/session_abi.c checks under the same kernel), and the two filter
# tests' expressions are refused by the client before any reaches the
# tracer (278 lttng commands, 340 s under the installed kernel).
lt_skip=
if [ -n "${RT_GUEST_KERNEL:-}" ]; then
	lt_skip="tools/wildcard/test_event_wildcard tools/filtering/test_invalid_filter
		tools/filtering/test_unsupported_op"
fi
lt_second=$(awk '!/^#/ && $3 == "ci" { print $1 }' tests/lttng-tools/tests.list |
	grep -vxF "$(printf '%s\n' $lt_first $lt_skip)")
lt_first=$(printf '%s\n' $lt_first | grep -vxF "$(printf '%s\n' ${lt_skip:-none})")
boots="suite lttng-tools-1 lttng-tools-2 single"
for i in "${!kernels[@]}"; do boots="$boots kernel-$((i + 1))"; done
boots="$boots debug-1 debug-2 1cpu parallel"
[ -n "$debug_build" ] || boots=${boots/ debug-1 debug-2/}
# Under the debug kernel the suite takes about two hours of a core: it is
# split into two boots of every other test (suite-1, suite-2), so that
# each part of a `make check-debug` in parts fits in a working session.
if [ -n "${RT_GUEST_KERNEL:-}" ]; then
	boots=${boots/suite/suite-1 suite-2}
fi
# RT_CHECK_BOOTS="lttng-tools-2 single" runs those boots only: `make
# check-debug` takes longer than a working session, so it can be run in
# parts (the host tests and the builds run each time).
if [ -n "${RT_CHECK_BOOTS:-}" ]; then
	boots=$(printf '%s\n' $boots | grep -xF "$(printf '%s\n' $RT_CHECK_BOOTS)" | tr '\n' ' ')
fi
boot() {	# name outdir
	case $1 in
	suite) tests/harness/guest -1 -t 450 -o "$2" $guest_tests ;;
	suite-1) tests/harness/guest -1 -t 450 -o "$2" $(printf '%s\n' $guest_tests | awk 'NR % 2') ;;
	suite-2) tests/harness/guest -1 -t 450 -o "$2" $(printf '%s\n' $guest_tests | awk '!(NR % 2)') ;;
	lttng-tools-1) tests/lttng-tools/run -c -o "$2" $lt_first ;;
	lttng-tools-2) tests/lttng-tools/run -c -o "$2" $lt_second ;;
	single) tests/harness/guest -1 -s 2 -t 600 -e RT_STRESS_SECONDS=120 -o "$2" $single ;;
	# On a clean machine the debug kernel is built last: its tests run in
	# two boots side by side.
	debug-1) sed -n 's/^debug: kernel/debug kernel/p' "$prep/debug.log"
		 tests/debug.sh --built -1 -s 2 -t 600 -e RT_FUZZ_CALLS=3000 -o "$2" \
			 guest/fuzz.sh guest/contexts.sh ;;
	debug-2) tests/debug.sh --built -1 -s 2 -t 600 -o "$2" guest/ringbuffer.c guest/teardown_abi.c \
			 guest/filter_abi.c guest/probe_abi.c ;;
	kernel-*) cat "$prep/$1.log"
		  tests/kernel.sh --built "${kernels[${1#kernel-} - 1]}" -1 -t 450 -o "$2" $kernel_tests ;;
	# One vCPU: per-CPU buffers, streams and the trace when there is one CPU.
	1cpu) tests/harness/guest -s 1 -o "$2" guest/session_abi.c guest/trace_sched.sh ;;
	parallel) tests/harness/guest -s 2 -o "$2" guest/ringbuffer.c ;;
	esac
}
ready() {
	case $1 in
	lttng-tools-*) ! kill -0 $lt_build 2> /dev/null ;;
	debug-*) ! kill -0 $debug_build 2> /dev/null ;;
	kernel-*) [ -e "$prep/$1.rc" ] ;;
	*) true ;;
	esac
}
lt_reported= debug_rc=
declare -A pid dir
running=0
while [ -n "$boots" ] || [ $running -gt 0 ]; do
	for b in $boots; do
		# Still to start (a failed build can take boots off the list).
		[[ " $boots " == *" $b "* ]] || continue
		[ $running -lt 2 ] && ready $b || continue
		if [[ $b = lttng-tools-* ]] && [ -z "$lt_reported" ]; then
			wait $lt_build || { echo "lttng-tools' test suite did not build:"
					    tail -n 20 "$prep/lttng-tools.log"; }
			lt_reported=1
		fi
		if [[ $b = debug-* ]] && [ -z "$debug_rc" ]; then
			wait $debug_build
			debug_rc=$?
		fi
		if [[ $b = debug-* ]] && [ "$debug_rc" != 0 ]; then
			echo "FAIL the debug kernel or Ringtail against it did not build:"
			tail -n 20 "$prep/debug.log"
			failed=$((failed + 1))
			boots=$(echo $boots | tr ' ' '\n' | grep -v '^debug-' | tr '\n' ' ')
			continue
		fi
		if [[ $b = kernel-* ]] && [ "$(cat "$prep/$b.rc")" != 0 ]; then
			echo "FAIL Ringtail did not build against ${kernels[${b#kernel-} - 1]}:"
			tail -n 20 "$prep/$b.log"
			failed=$((failed + 1))
			boots=$(echo $boots | tr ' ' '\n' | grep -vx $b | tr '\n' ' ')
			continue
		fi
		phase "$b boot starts"
		dir[$b]=$(mktemp -d /tmp/rt-check-$b.XXXXXX)
		boot $b "${dir[$b]}" > "${dir[$b]}.log" 2>&1 &
		pid[$b]=$!
		running=$((running + 1))
		boots=$(echo $boots | tr ' ' '\n' | grep -vx $b | tr '\n' ' ')
	done
	sleep 5
	for b in "${!pid[@]}"; do
		kill -0 ${pid[$b]} 2> /dev/null && continue
		wait ${pid[$b]}
		unset "pid[$b]"
		running=$((running - 1))
		phase "$b boot ended"
		cat "${dir[$b]}.log"
		count "$b boot" "${dir[$b]}"
	done
done
wait $kernel_builds
if [ -e "$prep/dkms.rc" ]; then
	if [ "$(cat "$prep/dkms.rc")" = 0 ]; then
		echo "ok   host/dkms ($(grep -c '^ok ' "$prep/dkms.log") checks)"
		passed=$((passed + 1))
	else
		echo "FAIL host/dkms (log: $prep/dkms.log)"
		sed 's/^/     | /' "$prep/dkms.log" | tail -n 40
		failed=$((failed + 1))
	fi
fi
phase "done"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
