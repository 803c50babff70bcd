# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: how long `lttng snapshot record`
# takes on full 1 MiB x 4 per-CPU overwrite buffers, Ringtail against
# lttng-modules (bench/lttng-modules.sh) in the same boot.  Every
# CPU's buffer is filled (and wrapped) with lttng_test_filter_event
# records and recorded to a local output, five times; the best time and
# the bytes the last record wrote are reported.  The output is the
# guest's tmpfs, not the run's directory on the host: on 6.12, writing
# 7.5 MB over virtio-9p took half of a record's time (343 against 164 ms)
# and more than the two tracers differ.
set -u
. "$RT_REPO/bench/lib.sh"

# Fill every CPU's buffer: 20000 records of about 500 bytes each.
fill() {
	local cpu
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		taskset -c "$cpu" sh -c 'echo -n 20000 > /proc/lttng-test-filter-event'
	done
}

# Prints "best-ms bytes".
measure() {	# name
	local dir=/tmp/rt-snapshot/$1 i t0 t1 ms best= bytes=
	lttng create "$1" --snapshot --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 1M --num-subbuf 4 c > /dev/null
	lttng enable-event -k -c c lttng_test_filter_event > /dev/null
	lttng start > /dev/null
	for i in 1 2 3 4 5; do
		# Each record's flush begins a packet, which takes the place
		# of the oldest: fill again.
		fill
		t0=$(date +%s%N)
		lttng snapshot record > /dev/null
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
		bytes=$(du -sb "$dir" | cut -f1)
		rm -rf "$dir"
	done
	lttng destroy > /dev/null
	echo "$best $bytes"
}

unload() { for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done; }
unload
lttng-sessiond -d
modprobe lttng-test
r=$(measure rt)
stop_sessiond
l=
if [ -n "$lttng_dir" ]; then
	lttng_load lttng-test
	lttng-sessiond -d
	l=$(measure lm)
	stop_sessiond
	unload
fi
echo "lttng snapshot record, 1 MiB x 4 overwrite buffers on each of $(nproc) CPUs, full; best of 5:"
printf '%-16s %8s %12s\n' "" ms bytes
printf '%-16s %8s %12s\n' ringtail ${r% *} ${r#* }
[ -z "$l" ] || printf '%-16s %8s %12s\n' lttng-modules ${l% *} ${l#* }
[ -z "$l" ] || echo "${r% *} ${l% *}" | awk '$2 > 0 { printf "ratio ringtail/lttng-modules: %.2f\n", $1 / $2 }'
