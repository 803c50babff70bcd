# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: what an event costs when a trigger
# matches it (`lttng add-trigger ... --action notify`), Ringtail against
# lttng-modules (bench/lttng-modules.sh) in the same boot.  The
# event is lttng-test's, fired N times in a loop inside one write to
# /proc/lttng-test-filter-event, so that little but the event is timed;
# lttng-sessiond reads the notifications as it would for a client (none
# is subscribed).  Timed: no trigger, a trigger without capture, and one
# capturing an integer, a string and an array, each two ways:
#  - storm: 100,000 events in one write, far more than sessiond reads in
#    the time, so that most notifications find the buffer full and are
#    dropped and counted (`lttng list-triggers` shows them as discarded);
#  - paced: 40 writes of 500 events, sessiond given 0.3 s after each to
#    read them all, so that (almost) every notification is delivered.
# The numbers discarded are printed with the times: a dropped
# notification costs less than a delivered one.
set -u
. "$RT_REPO/bench/lib.sh"
n=100000

min() { [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ] && echo "$2" || echo "$1"; }
unload() {
	local m

	for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do
		rmmod "$m" 2> /dev/null
	done
}

# ns per event of one write of $n events.
storm() {
	local t0 t1
	t0=$(date +%s%N)
	echo $n > /proc/lttng-test-filter-event
	t1=$(date +%s%N)
	echo $(((t1 - t0) / n))
}

# ns per event of $writes writes of $per_write events, paced for sessiond.
paced() {
	local i t0 t1 us=0
	for i in $(seq $writes); do
		t0=${EPOCHREALTIME/./}
		echo $per_write > /proc/lttng-test-filter-event
		t1=${EPOCHREALTIME/./}
		us=$((us + t1 - t0))
		sleep 0.3
	done
	echo $((us * 1000 / (writes * per_write)))
}

# trig NAME TIMER CAPTURE-ARGS...: "ns-per-event discarded" with that trigger.
trig() {
	local name=$1 timer=$2 ns d
	shift 2
	if ! lttng add-trigger --name "$name" --condition event-rule-matches \
		--type=kernel --name=lttng_test_filter_event "$@" --action notify > /dev/null; then
		echo "0 0"
		return
	fi
	ns=$($timer)
	sleep 1
	d=$(lttng list-triggers | sed -n 's/.*discarded tracer messages: \([0-9]*\).*/\1/p' | head -n 1)
	lttng remove-trigger "$name" > /dev/null
	echo "$ns ${d:-0}"
}

caps="--capture intfield --capture stringfield --capture arrfield1"
per_write=500 writes=40
# Best of 3 rounds: r (Ringtail) or l (lttng-modules), s (storm) or p
# (paced), n (no capture) or c (captures).
bs= bp= rsn= rsc= rpn= rpc= lsn= lsc= lpn= lpc=
for round in 1 2 3; do
	unload
	modprobe lttng-test
	lttng-sessiond -d
	bs=$(min "$bs" "$(storm)")
	bp=$(min "$bp" "$(paced)")
	rsn=$(min "$rsn" "$(trig rsn-$round storm)")
	rsc=$(min "$rsc" "$(trig rsc-$round storm $caps)")
	rpn=$(min "$rpn" "$(trig rpn-$round paced)")
	rpc=$(min "$rpc" "$(trig rpc-$round paced $caps)")
	stop_sessiond
	unload
	if [ -n "$lttng_dir" ]; then
		# The group's buffer and error counter are modules of their own there.
		lttng_load lttng-test lttng-ring-buffer-event-notifier-client \
			lttng-counter-client-percpu-64-modular lttng-counter-client-percpu-32-modular
		lttng-sessiond -d
		lsn=$(min "$lsn" "$(trig lsn-$round storm)")
		lsc=$(min "$lsc" "$(trig lsc-$round storm $caps)")
		lpn=$(min "$lpn" "$(trig lpn-$round paced)")
		lpc=$(min "$lpc" "$(trig lpc-$round paced $caps)")
		stop_sessiond
		unload
	fi
done

# x RESULT BASE: extra ns per event; y RESULT: its discarded count.
x() { [ "${1%% *}" -gt 0 ] && echo $((${1%% *} - $2)) || echo -; }
y() { [ -n "$1" ] && echo "${1#* }" || echo -; }
row() {
	printf '%-34s %9s %9s %14s %9s\n' "$1" "$(x "$2" "$4")" "$(y "$2")" \
		"${3:+$(x "$3" "$4")}" "$(y "$3")"
}
echo "extra ns per event, best of 3 rounds; no trigger: storm $bs, paced $bp ns/event"
printf '%-34s %9s %9s %14s %9s\n' "" ringtail discarded lttng-modules discarded
row "storm ($n events), notify" "$rsn" "$lsn" "$bs"
row "storm, notify with 3 captures" "$rsc" "$lsc" "$bs"
row "paced ($writes x $per_write), notify" "$rpn" "$lpn" "$bp"
row "paced, notify with 3 captures" "$rpc" "$lpc" "$bp"
[ -z "$lsn" ] || echo "$(x "$rsn" "$bs") $(x "$rsc" "$bs") $(x "$lsn" "$bs") $(x "$lsc" "$bs") \
	$(x "$rpn" "$bp") $(x "$rpc" "$bp") $(x "$lpn" "$bp") $(x "$lpc" "$bp")" | awk '
	function r(a, b) { return a > 0 && b > 0 ? sprintf("%.2f", a / b) : "-" }
	{ printf "ratio ringtail/lttng-modules: storm %s, with captures %s; ", r($1, $3), r($2, $4)
	  printf "paced %s, with captures %s\n", r($5, $7), r($6, $8) }'
