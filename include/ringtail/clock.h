/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trace clock: CLOCK_MONOTONIC in nanoseconds, read without locks so it
 * is safe from NMI, and coherent across CPUs (one clocksource).  This is the
 * clock declared in the CTF metadata.
 */
#ifndef _RINGTAIL_CLOCK_H
#define _RINGTAIL_CLOCK_H

#include <linux/timekeeping.h>

static __always_inline u64 rt_clock_read(void)
{
	return ktime_get_mono_fast_ns();
}

#endif /* _RINGTAIL_CLOCK_H */
