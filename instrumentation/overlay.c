// SPDX-License-Identifier: GPL-2.0-only
/*
 * LTTng's names for the events it defines under another name than the
 * kernel's tracepoint (doc/lttng-abi.md, section 5.1), applied to generated
 * event descriptions.  Field conventions come with the events they concern.
 */
#include <linux/string.h>
#include <ringtail/events.h>

static const struct {
	const char *tp;
	const char *lttng;
} rt_overlay_names[] = {
	{ "softirq_entry", "irq_softirq_entry" },
	{ "softirq_exit", "irq_softirq_exit" },
	{ "softirq_raise", "irq_softirq_raise" },
	{ "hrtimer_init", "timer_hrtimer_init" },
	{ "hrtimer_start", "timer_hrtimer_start" },
	{ "hrtimer_expire_entry", "timer_hrtimer_expire_entry" },
	{ "hrtimer_expire_exit", "timer_hrtimer_expire_exit" },
	{ "hrtimer_cancel", "timer_hrtimer_cancel" },
	{ "itimer_state", "timer_itimer_state" },
	{ "itimer_expire", "timer_itimer_expire" },
};

void rt_overlay_apply(struct rt_event_desc *descs, unsigned int nr)
{
	unsigned int i, j;

	for (i = 0; i < nr; i++)
		for (j = 0; j < ARRAY_SIZE(rt_overlay_names); j++)
			if (!strcmp(descs[i].tp_name, rt_overlay_names[j].tp))
				descs[i].name = rt_overlay_names[j].lttng;
}
