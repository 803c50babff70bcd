// SPDX-License-Identifier: GPL-2.0-only
/* The instrumentation built into the core module. */
#include <linux/kernel.h>
#include <ringtail/events.h>

static const struct {
	int (*init)(void);
	void (*exit)(void);
} rt_instrumentation[] = {
	{ rt_instrumentation_sched_init, rt_instrumentation_sched_exit },
	{ rt_instrumentation_irq_init, rt_instrumentation_irq_exit },
	{ rt_instrumentation_timer_init, rt_instrumentation_timer_exit },
};

int rt_instrumentation_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(rt_instrumentation); i++) {
		ret = rt_instrumentation[i].init();
		if (ret) {
			while (i--)
				rt_instrumentation[i].exit();
			return ret;
		}
	}
	return 0;
}

void rt_instrumentation_exit(void)
{
	int i = ARRAY_SIZE(rt_instrumentation);

	while (i--)
		rt_instrumentation[i].exit();
}
