# The kernel change: rt_test_change gains a `bool was_armed` argument, which
# its TRACE_EVENT records, as hrtimer_start did in Debian's 6.1 kernel.
s/TP_PROTO(void \*timer, u64 expires)/TP_PROTO(void *timer, u64 expires, bool was_armed)/
s/TP_ARGS(timer, expires)/TP_ARGS(timer, expires, was_armed)/
s/__field(u64, expires)/__field(u64, expires)\n\t\t__field(bool, was_armed)/
s/__entry->expires = expires;/__entry->expires = expires;\n\t\t__entry->was_armed = was_armed;/
s/trace_rt_test_change(timer, expires)$/trace_rt_test_change(timer, expires, true)/
