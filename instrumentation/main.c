// SPDX-License-Identifier: GPL-2.0-only
/*
 * The instrumentation built into the core module: the hand-written probes,
 * the system calls, lttng-logger, the state dump, then one table per kernel event header
 * the build generated (instrumentation/gen/units.h).
 */
#include <linux/kernel.h>
#include <ringtail/instrumentation.h>

#define RT_GEN_UNIT(unit)						\
	int rt_instrumentation_##unit##_init(void);			\
	void rt_instrumentation_##unit##_exit(void);
#include "gen/units.h"
#undef RT_GEN_UNIT

static const struct {
	int (*init)(void);
	void (*exit)(void);
} rt_instrumentation[] = {
	{ rt_instrumentation_sched_init, rt_instrumentation_sched_exit },
	{ rt_instrumentation_syscalls_init, rt_instrumentation_syscalls_exit },
	{ rt_instrumentation_logger_init, rt_instrumentation_logger_exit },
	{ rt_instrumentation_statedump_init, rt_instrumentation_statedump_exit },
#define RT_GEN_UNIT(unit)						\
	{ rt_instrumentation_##unit##_init, rt_instrumentation_##unit##_exit },
#include "gen/units.h"
#undef RT_GEN_UNIT
};

struct rt_instrumentation_count {
	unsigned int events, generated, direct;
};

static int rt_instrumentation_count(const struct rt_event_desc *desc, void *priv)
{
	struct rt_instrumentation_count *c = priv;

	c->events++;
	c->generated += !!desc->plan;
	c->direct += desc->direct;
	return 0;
}

int rt_instrumentation_init(void)
{
	struct rt_instrumentation_count c = { };
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(rt_instrumentation); i++) {
		ret = rt_instrumentation[i].init();
		if (ret) {
			while (i--)
				rt_instrumentation[i].exit();
			return ret;
		}
	}
	rt_events_for_each(rt_instrumentation_count, &c, false);
	pr_info("ringtail: %u events, %u generated, %u of them written in place\n",
		c.events, c.generated, c.direct);
	return 0;
}

void rt_instrumentation_exit(void)
{
	int i = ARRAY_SIZE(rt_instrumentation);

	while (i--)
		rt_instrumentation[i].exit();
}
