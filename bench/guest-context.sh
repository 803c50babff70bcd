# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: what contexts and the state dump cost,
# Ringtail against lttng-modules (bench/lttng-modules.sh) in the
# same boot.
#  - The getppid() loop with every system call recorded (two events a
#    call), without contexts and with the usual set: pid, tid, procname,
#    prio.  lttng-modules 2.13.9 cannot record prio on this kernel (its
#    probe oopses: the wrapper it reads through is never set up), so both
#    tracers are compared on pid, tid, procname, and Ringtail alone is
#    also measured with prio.
#  - `lttng regenerate statedump` with 1,000 extra processes, against the
#    same without them: the dump's own cost per process.
set -u
B=$RT_REPO/bench/build/getppid
n=100000
. "$RT_REPO/bench/lib.sh"

# ns per getppid() call with every system call recorded (and the contexts
# given); prints "ns events".
measure() {	# name context...
	local dir=$RT_TMP/$1 ns t args=
	shift
	for t in "$@"; do args="$args -t $t"; done
	lttng create "${dir##*/}" --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	lttng enable-event -k -c c --syscall --all > /dev/null
	[ -n "$args" ] && lttng add-context -k -c c $args > /dev/null
	lttng start > /dev/null
	ns=$("$B" $n) || echo "guest-context: $1: the getppid() loop failed ($?)" >&2
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$ns $(babeltrace2 "$dir" | grep -c 'syscall_e[a-z]*_getppid: ')"
	rm -rf "$dir"
}

# ms for `lttng regenerate statedump` of a session recording every
# statedump event; prints "ms process_state-events".
dump_ms() {	# name
	local dir=$RT_TMP/$1 t0 t1
	lttng create "$1" --output="$dir" > /dev/null
	lttng enable-event -k 'lttng_statedump_*' > /dev/null
	lttng start > /dev/null
	t0=$(date +%s%N)
	lttng regenerate statedump > /dev/null
	t1=$(date +%s%N)
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$(((t1 - t0) / 1000000)) $(babeltrace2 "$dir" | grep -c 'lttng_statedump_process_state: ')"
	rm -rf "$dir"
}

# The smaller of two "value ..." readings; a reading without a value (its
# failure was reported on stderr) is ignored rather than compared.
min() {
	if [ -z "${2%% *}" ]; then
		echo "$1"
	elif [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ]; then
		echo "$2"
	else
		echo "$1"
	fi
}
unload() { for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done; }
spawn() {	# make 1,000 extra processes
	local i
	for i in $(seq 1000); do sleep 600 & done
}
base= r0= r3= r4= l0= l3= rd0= rd1= ld0= ld1=
for round in 1 2 3; do
	base=$(min "$base" "$("$B" $n)")
	unload
	lttng-sessiond -d
	r0=$(min "$r0" "$(measure rt0-$round)")
	r3=$(min "$r3" "$(measure rt3-$round pid tid procname)")
	r4=$(min "$r4" "$(measure rt4-$round pid tid procname prio)")
	rd0=$(min "$rd0" "$(dump_ms rtd0-$round)")
	spawn
	rd1=$(min "$rd1" "$(dump_ms rtd1-$round)")
	kill $(jobs -p) 2> /dev/null
	wait 2> /dev/null
	stop_sessiond
	if [ -n "$lttng_dir" ]; then
		lttng_load lttng-probe-statedump lttng-statedump
		lttng-sessiond -d
		l0=$(min "$l0" "$(measure lm0-$round)")
		l3=$(min "$l3" "$(measure lm3-$round pid tid procname)")
		ld0=$(min "$ld0" "$(dump_ms lmd0-$round)")
		spawn
		ld1=$(min "$ld1" "$(dump_ms lmd1-$round)")
		kill $(jobs -p) 2> /dev/null
		wait 2> /dev/null
		stop_sessiond
		unload
	fi
done

ev() { echo $(((${1%% *} - base) / 2)); }
echo "getppid() loop, $n calls, best of 5 runs x 3 rounds; loop alone: $base ns/call"
echo "extra ns per event (two events a call), every system call recorded:"
printf '%-40s %6s %14s\n' "" ringtail lttng-modules
printf '%-40s %6d %14s\n' "no context" $(ev "$r0") "${l0:+$(ev "$l0")}"
printf '%-40s %6d %14s\n' "pid, tid, procname" $(ev "$r3") "${l3:+$(ev "$l3")}"
printf '%-40s %6d %14s\n' "pid, tid, procname, prio" $(ev "$r4") "(oopses)"
printf '%-40s %6d %14s\n' "the three contexts alone" $(((${r3%% *} - ${r0%% *}) / 2)) \
	"${l3:+$(((${l3%% *} - ${l0%% *}) / 2))}"
echo "events in the traces: ringtail ${r0#* }/${r3#* }/${r4#* }, lttng-modules ${l0#* }/${l3#* }"
[ -z "$l3" ] || echo "$(ev "$r3") $(ev "$l3") $(((${r3%% *} - ${r0%% *}) / 2)) $(((${l3%% *} - ${l0%% *}) / 2))" | awk '{
	printf "ratio ringtail/lttng-modules, per event with the three contexts: %.2f\n", $1 / $2
	if ($4 > 0) printf "ratio ringtail/lttng-modules, the contexts alone: %.2f\n", $3 / $4
}'
echo
echo "lttng regenerate statedump, best of 3 (ms; process_state events):"
printf '%-24s %-14s %-14s\n' "" ringtail lttng-modules
printf '%-24s %-14s %-14s\n' "as booted" "${rd0% *} (${rd0#* })" "${ld0:+${ld0% *} (${ld0#* })}"
printf '%-24s %-14s %-14s\n' "with 1,000 more" "${rd1% *} (${rd1#* })" "${ld1:+${ld1% *} (${ld1#* })}"
[ -z "$ld1" ] || echo "${rd0% *} ${rd1% *} ${ld0% *} ${ld1% *}" | awk '{
	printf "per extra process: ringtail %.0f us, lttng-modules %.0f us, ratio %.2f\n",
		($2 - $1), ($4 - $3), ($4 > $3 ? ($2 - $1) / ($4 - $3) : 0)
}'
