// SPDX-License-Identifier: GPL-2.0-only
/* Events of the kernel's include/trace/events/irq.h, generated. */
#include <linux/interrupt.h>
#include <trace/events/irq.h>

#define RT_GEN_HEADER	<trace/events/irq.h>
#include "gen.h"

static struct rt_event_table rt_irq_table;

int rt_instrumentation_irq_init(void)
{
	int ret = rt_gen_build(&rt_irq_table);

	if (ret)
		return ret;
	rt_overlay_apply((struct rt_event_desc *)rt_irq_table.descs, rt_irq_table.nr);
	return rt_events_register(&rt_irq_table);
}

void rt_instrumentation_irq_exit(void)
{
	rt_events_unregister(&rt_irq_table);
	kfree(rt_irq_table.descs);
}
