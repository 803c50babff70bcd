/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trace clock: by default CLOCK_MONOTONIC in nanoseconds, read without
 * locks so it is safe from NMI, and coherent across CPUs (one clocksource).
 * This is the clock declared in the CTF metadata.
 *
 * A module may replace it with a clock of its own (a "clock plugin", what
 * lttng-modules' lttng-clock offers and lttng-tools' test_clock_override
 * exercises): name, description, uuid, frequency and read function.  The
 * clock may only change while nothing uses it: every session and every
 * ring buffer channel holds a reference (rt_clock_get()) for its whole
 * life, so the timestamps of one trace, and of every packet its streams
 * close after the session is gone, come from one clock.  A plugin's module
 * is pinned by those references, so it cannot unload under them.
 *
 * Reading costs one patched-out jump while no plugin is registered.
 */
#ifndef _RINGTAIL_CLOCK_H
#define _RINGTAIL_CLOCK_H

#include <linux/jump_label.h>
#include <linux/module.h>
#include <linux/timekeeping.h>
#include <linux/types.h>

struct rt_trace_clock {
	const char *name;		/* CTF identifier: [A-Za-z_][A-Za-z0-9_]* */
	const char *description;
	const char *uuid;		/* 36-character text form, or NULL */
	u64 freq;			/* ticks per second */
	u64 (*read)(void);		/* any context, NMI included */
	struct module *owner;
};

DECLARE_STATIC_KEY_FALSE(rt_clock_plugged);
u64 rt_clock_plugin_read(void);

static __always_inline u64 rt_clock_read(void)
{
	if (static_branch_unlikely(&rt_clock_plugged))
		return rt_clock_plugin_read();
	return ktime_get_mono_fast_ns();
}

/*
 * For clock modules: -EBUSY while a session or buffer uses the clock,
 * -EEXIST if another plugin is registered, -EINVAL for a bad name or
 * uuid, a zero frequency or no read function.
 */
int rt_clock_register(const struct rt_trace_clock *clock);
void rt_clock_unregister(const struct rt_trace_clock *clock);

/*
 * The clock in use now, pinned until rt_clock_put(); ERR_PTR(-EAGAIN) while
 * the plugin's module is unloading.
 */
const struct rt_trace_clock *rt_clock_get(void);
void rt_clock_put(const struct rt_trace_clock *clock);

#endif /* _RINGTAIL_CLOCK_H */
