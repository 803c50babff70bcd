// SPDX-License-Identifier: GPL-2.0-only
/* The instrumentation built into the core module. */
#include <ringtail/events.h>

int rt_instrumentation_init(void)
{
	int ret;

	ret = rt_instrumentation_sched_init();
	if (ret)
		return ret;
	ret = rt_instrumentation_irq_init();
	if (ret)
		rt_instrumentation_sched_exit();
	return ret;
}

void rt_instrumentation_exit(void)
{
	rt_instrumentation_irq_exit();
	rt_instrumentation_sched_exit();
}
