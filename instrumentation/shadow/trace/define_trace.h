/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ringtail's stand-in for the kernel's trace/define_trace.h, first on the
 * include path of Ringtail's objects (NOSTDINC_FLAGS in Kbuild).  Event
 * headers include it last; the kernel's defines the tracepoints when
 * CREATE_TRACE_POINTS is set.  Generated units set CREATE_TRACE_POINTS only
 * for the helpers some headers keep under it (sched.h's
 * __trace_sched_switch_state()): the tracepoints are the kernel's, so
 * nothing is defined here, and the header's later reads see it unset.
 */
#undef CREATE_TRACE_POINTS
