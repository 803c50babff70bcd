# SPDX-License-Identifier: GPL-2.0-only
# Module packaging: every client module pulls in the core, the core refuses
# to go while a client needs it, and everything unloads in reverse order.
. "$RT_REPO/tests/lib.sh"

clients="lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite
	lttng-ring-buffer-metadata-client lttng-ring-buffer-client-mmap-discard
	lttng-ring-buffer-client-mmap-overwrite lttng-ring-buffer-metadata-mmap-client"

check "the staged modules are known to depmod" modinfo -F depends lttng-ring-buffer-client-discard
check "each client depends on the core" \
	test "$(for c in $clients; do modinfo -F depends $c; done | sort -u)" = lttng-tracer
check "the modules were built for the running kernel" \
	test "$(modinfo -F vermagic lttng-tracer | cut -d' ' -f1)" = "$(uname -r)"

modprobe lttng-ring-buffer-client-mmap-discard
check "loading a client loads the core" grep -q '^lttng_tracer ' /proc/modules
check "/proc/lttng appears" test -e /proc/lttng
check "the core cannot be removed under a client" sh -c '! rmmod lttng_tracer 2>/dev/null'
for c in $clients; do
	modprobe "$c"
done
check "all six clients load together" test "$(rt_loaded_modules | grep -c '^lttng_ring_buffer_')" -eq 6
for c in $clients; do
	rmmod "$c"
done
rmmod lttng_tracer
check "everything unloads" test -z "$(rt_loaded_modules)"
# lttng-tools 2.13.15 and later cannot start their kernel domain without it.
check "lttng-lib-ring-buffer loads, as lttng-tools 2.13.15 and later require" \
	sh -c 'modprobe lttng-lib-ring-buffer && grep -q "^lttng_lib_ring_buffer " /proc/modules'
check "... and unloads" rmmod lttng_lib_ring_buffer
check "/proc/lttng is removed" test ! -e /proc/lttng

# An open /proc/lttng does not block unload: the proc entry is torn down and
# the open file turns dead instead of pointing at freed code.
modprobe lttng-tracer
exec 3<> /proc/lttng
check "the core unloads with /proc/lttng open" rmmod lttng_tracer
exec 3>&-
check "nothing left" test -z "$(rt_loaded_modules)"
rt_done
