# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: what an event costs when a trigger
# matches it (`lttng add-trigger ... --action notify`), Ringtail against
# lttng-modules 2.13.9 (bench/lttng-modules.sh) in the same boot.  The
# event is lttng-test's, fired N times in a loop inside one write to
# /proc/lttng-test-filter-event, so that little but the event is timed;
# lttng-sessiond reads the notifications as it would for a client (none
# is subscribed).  Timed: no trigger, a trigger without capture, and one
# capturing an integer, a string and an array.  Notifications sessiond
# did not read in time are dropped and counted (`lttng list-triggers`
# shows them as discarded): their number is printed, since a dropped
# notification costs less than a delivered one.
set -u
. "$RT_REPO/bench/lib.sh"
n=100000

min() { [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ] && echo "$2" || echo "$1"; }
unload() { for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done; }

# ns per event of one write of $n events.
fire() {
	local t0 t1
	t0=$(date +%s%N)
	echo $n > /proc/lttng-test-filter-event
	t1=$(date +%s%N)
	echo $(((t1 - t0) / n))
}

# trig NAME CAPTURE-ARGS...: "ns-per-event discarded" with that trigger.
trig() {
	local name=$1 ns d
	shift
	if ! lttng add-trigger --name "$name" --condition event-rule-matches \
		--type=kernel --name=lttng_test_filter_event "$@" --action notify > /dev/null; then
		echo "0 0"
		return
	fi
	ns=$(fire)
	sleep 1
	d=$(lttng list-triggers | sed -n 's/.*discarded tracer messages: \([0-9]*\).*/\1/p' | head -n 1)
	lttng remove-trigger "$name" > /dev/null
	echo "$ns ${d:-?}"
}

caps="--capture intfield --capture stringfield --capture arrfield1"
base= rn= rc= ln= lc=
for round in 1 2 3; do
	unload
	modprobe lttng-test
	lttng-sessiond -d
	base=$(min "$base" "$(fire)")
	rn=$(min "$rn" "$(trig rn-$round)")
	rc=$(min "$rc" "$(trig rc-$round $caps)")
	stop_sessiond
	unload
	if [ -n "$lttng_dir" ]; then
		# The group's buffer and error counter are modules of their own there.
		lttng_load lttng-test lttng-ring-buffer-event-notifier-client \
			lttng-counter-client-percpu-64-modular lttng-counter-client-percpu-32-modular
		lttng-sessiond -d
		ln=$(min "$ln" "$(trig ln-$round)")
		lc=$(min "$lc" "$(trig lc-$round $caps)")
		stop_sessiond
		unload
	fi
done

x() { [ "${1%% *}" -gt 0 ] && echo $((${1%% *} - base)) || echo -; }
echo "extra ns per event, best of 3 rounds of $n lttng-test events; no trigger: $base ns/event"
printf '%-36s %9s %14s\n' "" ringtail lttng-modules
printf '%-36s %9s %14s\n' "trigger, notify" "$(x "$rn")" "${ln:+$(x "$ln")}"
printf '%-36s %9s %14s\n' "trigger, notify with 3 captures" "$(x "$rc")" "${lc:+$(x "$lc")}"
echo "discarded notifications of the best runs: ringtail ${rn#* }/${rc#* }, lttng-modules ${ln#* }/${lc#* }"
[ -z "$ln" ] || echo "$(x "$rn") $(x "$rc") $(x "$ln") $(x "$lc")" | awk '$3 > 0 && $4 > 0 {
	printf "ratio ringtail/lttng-modules: %.2f, with captures: %.2f\n", $1 / $3, $2 / $4 }'
