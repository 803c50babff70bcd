// SPDX-License-Identifier: GPL-2.0-only
/*
 * The instrumentation built into the core module: the scratch records of
 * generated probes, the hand-written probes, the system calls, lttng-logger,
 * then one table per kernel event header the build generated
 * (instrumentation/gen/units.h).
 */
#include <linux/kernel.h>
#include <ringtail/events.h>
#include <ringtail/record.h>
#include <ringtail/syscalls.h>

#define RT_GEN_UNIT(unit)						\
	int rt_instrumentation_##unit##_init(void);			\
	void rt_instrumentation_##unit##_exit(void);
#include "gen/units.h"
#undef RT_GEN_UNIT

static const struct {
	int (*init)(void);
	void (*exit)(void);
} rt_instrumentation[] = {
	{ rt_record_init, rt_record_exit },
	{ rt_tracepoints_init, rt_tracepoints_exit },
	{ rt_instrumentation_sched_init, rt_instrumentation_sched_exit },
	{ rt_instrumentation_syscalls_init, rt_instrumentation_syscalls_exit },
	{ rt_instrumentation_logger_init, rt_instrumentation_logger_exit },
#define RT_GEN_UNIT(unit)						\
	{ rt_instrumentation_##unit##_init, rt_instrumentation_##unit##_exit },
#include "gen/units.h"
#undef RT_GEN_UNIT
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
