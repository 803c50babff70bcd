# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the guest benchmarks (sourced): the private lttng-modules
# build (bench/lttng-modules.sh) and stopping lttng-sessiond.

lttng_dir=$(ls -d /var/tmp/ringtail-bench/lttng-modules-"$(uname -r)" 2>/dev/null)
T=/sys/kernel/tracing

stop_sessiond() {
	kill -TERM "$(cat /var/run/lttng/lttng-sessiond.pid)"
	while pidof lttng-sessiond > /dev/null; do sleep 0.2; done
}

# insmod a module of the private lttng-modules build, dependencies first.
lttng_insmod() {
	local name=$1 ko dep
	grep -q "^${name//-/_} " /proc/modules && return 0
	ko=$(find "$lttng_dir" -name "$name.ko" | head -n 1)
	[ -n "$ko" ] || { modprobe "$name"; return; }
	for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
		lttng_insmod "$dep" || return 1
	done
	insmod "$ko"
}

# Load lttng-modules' ring buffer clients and the modules given, once
# Ringtail's (same names) are gone.
lttng_load() {
	local m i
	for i in 1 2 3; do
		for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do
			rmmod "$m" 2> /dev/null
		done
	done
	for m in lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite \
		 lttng-ring-buffer-metadata-client lttng-ring-buffer-client-mmap-discard \
		 lttng-ring-buffer-client-mmap-overwrite lttng-ring-buffer-metadata-mmap-client "$@"; do
		lttng_insmod "$m" || echo "cannot load $m from $lttng_dir"
	done
}
