# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: what trackers cost, Ringtail against
# lttng-modules (bench/lttng-modules.sh) in the same boot.  The
# getppid() loop with every system call recorded (two events a call):
#  - no tracker;
#  - tracked: the pid tracker holds the loop's process (and 15 others),
#    so each event pays the lookup and is recorded;
#  - untracked: the pid tracker holds 16 other pids, so each event pays
#    the lookup and is dropped.
# An untracked event costs little more than what the kernel spends to call
# any probe on sys_enter and sys_exit, so the ratios are also given above
# that floor (empty probes, bench/modules/rt_bench_nop.c), as in
# bench/guest-syscalls.sh.
set -u
B=$RT_REPO/bench/build/getppid
n=100000
. "$RT_REPO/bench/lib.sh"

# ns per getppid() call; prints "ns events".  With "tracked" or
# "untracked", the loop's process is stopped until the tracker is set.
measure() {	# name [tracked|untracked]
	local dir=$RT_TMP/$1 pid i ns
	lttng create "${dir##*/}" --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c --syscall --all > /dev/null
	sh -c 'kill -STOP $$; exec "$0" "$@"' "$B" $n > "$dir.ns" &
	pid=$!
	if [ -n "${2:-}" ]; then
		for i in $(seq 2 16); do
			lttng track -k --pid $((100000 + i)) > /dev/null
		done
		if [ "$2" = tracked ]; then
			lttng track -k --pid $pid > /dev/null
		else
			lttng track -k --pid 100001 > /dev/null
		fi
	fi
	lttng start > /dev/null
	kill -CONT $pid
	wait $pid
	ns=$(cat "$dir.ns")
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$ns $(babeltrace2 "$dir" | grep -c 'syscall_e[a-z]*_getppid: ')"
	rm -rf "$dir" "$dir.ns"
}

min() { [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ] && echo "$2" || echo "$1"; }
unload() { for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done; }
base= nop= r0= rt= ru= l0= lt= lu=
for round in 1 2 3; do
	base=$(min "$base" "$("$B" $n)")
	insmod "$RT_REPO/bench/modules/rt_bench_nop.ko" tps=sys_enter,sys_exit
	nop=$(min "$nop" "$("$B" $n)")
	rmmod rt_bench_nop
	unload
	lttng-sessiond -d
	r0=$(min "$r0" "$(measure rt0-$round)")
	rt=$(min "$rt" "$(measure rtt-$round tracked)")
	ru=$(min "$ru" "$(measure rtu-$round untracked)")
	stop_sessiond
	if [ -n "$lttng_dir" ]; then
		lttng_load
		lttng-sessiond -d
		l0=$(min "$l0" "$(measure lm0-$round)")
		lt=$(min "$lt" "$(measure lmt-$round tracked)")
		lu=$(min "$lu" "$(measure lmu-$round untracked)")
		stop_sessiond
		unload
	fi
done

ev() { echo $(((${1%% *} - base) / 2)); }
echo "getppid() loop, $n calls, best of 5 runs x 3 rounds; loop alone: $base ns/call"
echo "extra ns per event (two events a call), every system call recorded;" \
     "empty probes (the kernel's share): $(ev "$nop $n")"
printf '%-40s %6s %14s\n' "" ringtail lttng-modules
printf '%-40s %6d %14s\n' "no tracker" $(ev "$r0") "${l0:+$(ev "$l0")}"
printf '%-40s %6d %14s\n' "pid tracker, the loop tracked" $(ev "$rt") "${lt:+$(ev "$lt")}"
printf '%-40s %6d %14s\n' "pid tracker, the loop not tracked" $(ev "$ru") "${lu:+$(ev "$lu")}"
echo "getppid events in the traces: ringtail ${r0#* }/${rt#* }/${ru#* }," \
     "lttng-modules ${l0#* }/${lt#* }/${lu#* }"
[ -z "$lu" ] || echo "$(ev "$rt") $(ev "$lt") $(ev "$ru") $(ev "$lu") $(ev "$nop $n")" | awk '{
	printf "ratio ringtail/lttng-modules, tracked: %.2f, untracked: %.2f\n",
		$1 / $2, ($4 > 0 ? $3 / $4 : 0)
	printf "above the floor, tracked: %.2f, untracked: %.2f\n",
		($1 - $5) / ($2 - $5), ($4 > $5 ? ($3 - $5) / ($4 - $5) : 0)
}'
