/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A kernel event header for the simulated kernel change test
 * (tests/kernel-change/build.sh): it is copied into a copy of the kernel's
 * headers, where change.sed then gives the tracepoint an extra argument,
 * the way Debian's 6.1 kernel gave hrtimer_start a `was_armed` argument.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM rt_test_change

#if !defined(_TRACE_RT_TEST_CHANGE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_RT_TEST_CHANGE_H

#include <linux/tracepoint.h>

TRACE_EVENT(rt_test_change,

	TP_PROTO(void *timer, u64 expires),

	TP_ARGS(timer, expires),

	TP_STRUCT__entry(
		__field(void *, timer)
		__field(u64, expires)
	),

	TP_fast_assign(
		__entry->timer = timer;
		__entry->expires = expires;
	),

	TP_printk("timer=%p expires=%llu", __entry->timer, __entry->expires)
);

/* The "kernel" calls it so (tests/kernel-change/rt_test_change.c). */
#define rt_test_change_fire(timer, expires) trace_rt_test_change(timer, expires)

#endif /* _TRACE_RT_TEST_CHANGE_H */

#include <trace/define_trace.h>
