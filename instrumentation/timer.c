// SPDX-License-Identifier: GPL-2.0-only
/* Events of the kernel's include/trace/events/timer.h, generated. */
#include <linux/hrtimer.h>
#include <linux/timer.h>
#include <trace/events/timer.h>

#define RT_GEN_HEADER	<trace/events/timer.h>
#include "gen.h"

static struct rt_event_table rt_timer_table;

int rt_instrumentation_timer_init(void)
{
	int ret = rt_gen_build(&rt_timer_table);

	if (ret)
		return ret;
	rt_overlay_apply((struct rt_event_desc *)rt_timer_table.descs, rt_timer_table.nr);
	return rt_events_register(&rt_timer_table);
}

void rt_instrumentation_timer_exit(void)
{
	rt_events_unregister(&rt_timer_table);
	kfree(rt_timer_table.descs);
}
