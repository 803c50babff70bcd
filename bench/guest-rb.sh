# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: the ring buffer micro-benchmark.
set -e
modprobe lttng-tracer
dmesg -C
insmod "$RT_REPO/bench/modules/rt_bench_rb.ko"
rmmod rt_bench_rb
rmmod lttng_tracer
dmesg | sed -n 's/.*rt_bench_rb: //p'
