# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: extra ns per system call event of a
# getppid() loop (two events a call, entry and exit) with ftrace's
# raw_syscalls, Ringtail and lttng-modules (a private build,
# bench/lttng-modules.sh) recording every system call, in the same boot.
set -u
B=$RT_REPO/bench/build/getppid
n=100000
. "$RT_REPO/bench/lib.sh"

# ns per getppid() call with every system call recorded in a 16 MiB flight
# recorder per CPU; prints "ns events".
lttng_measure() {
	local dir=$RT_TMP/$1 ns
	lttng create "$1" --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c --syscall --all > /dev/null
	lttng start > /dev/null
	ns=$("$B" $n)
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$ns $(babeltrace2 "$dir" | grep -c 'syscall_e[a-z]*_getppid: ')"
}

# Five rounds of each configuration, interleaved, the best of each kept:
# emulation noise comes in bursts that one run alone cannot tell apart.
min() { [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ] && echo "$2" || echo "$1"; }
base= nop= ft= rt= lm=
echo 16384 > $T/buffer_size_kb
for round in 1 2 3 4 5; do
	base=$(min "$base" "$("$B" $n)")

	insmod "$RT_REPO/bench/modules/rt_bench_nop.ko" tps=sys_enter,sys_exit
	nop=$(min "$nop" "$("$B" $n)")
	rmmod rt_bench_nop

	echo 1 > $T/events/raw_syscalls/enable
	ft=$(min "$ft" "$("$B" $n)")
	echo 0 > $T/events/raw_syscalls/enable
	echo > $T/trace

	for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done
	lttng-sessiond -d
	rt=$(min "$rt" "$(lttng_measure ringtail$round)")
	stop_sessiond

	if [ -n "$lttng_dir" ]; then
		lttng_load
		lttng-sessiond -d
		lm=$(min "$lm" "$(lttng_measure lttng-modules$round)")
		stop_sessiond
		for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done
	fi
done

echo "getppid() loop, $n calls, best of 5 runs x 5 rounds; loop alone: $base ns/call"
echo "extra ns per event (two events a call: (traced - alone) / 2)"
printf '%-14s %5d ns/event (empty probes on sys_enter and sys_exit: the kernel'"'"'s share)\n' floor $(((nop - base) / 2))
printf '%-14s %5d ns/event\n' ftrace $(((ft - base) / 2))
printf '%-14s %5d ns/event (%s getppid events in the trace)\n' ringtail $(((${rt%% *} - base) / 2)) "${rt#* }"
[ -n "$lm" ] && printf '%-14s %5d ns/event (%s getppid events in the trace)\n' lttng-modules $(((${lm%% *} - base) / 2)) "${lm#* }"
echo "$(((${rt%% *} - base) / 2)) $(((ft - base) / 2)) $([ -n "$lm" ] && echo $(((${lm%% *} - base) / 2)))" | awk '{
	if ($2 > 0) printf "ratio ringtail/ftrace        %.2f\n", $1 / $2
	if ($3 > 0) printf "ratio ringtail/lttng-modules %.2f\n", $1 / $3
}'
[ -n "$lm" ] && echo "$(((${rt%% *} - nop) / 2)) $(((${lm%% *} - nop) / 2))" | awk '{
	printf "above the floor: ringtail %d, lttng-modules %d ns/event, ratio %.2f\n", $1, $2, ($2 > 0 ? $1 / $2 : 0)
}'
