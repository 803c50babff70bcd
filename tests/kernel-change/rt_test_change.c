// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "kernel" side of the simulated kernel change: defines the
 * rt_test_change tracepoint of whichever copy of the headers it is built
 * against, and fires it once per write to its `fire` parameter.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#define CREATE_TRACE_POINTS
#include <trace/events/rt_test_change.h>

static u64 rt_tc_timer;

static int rt_tc_fire(const char *val, const struct kernel_param *kp)
{
	u64 expires;
	int ret = kstrtou64(val, 0, &expires);

	if (ret)
		return ret;
	rt_test_change_fire(&rt_tc_timer, expires);
	return 0;
}

static const struct kernel_param_ops rt_tc_ops = { .set = rt_tc_fire };
module_param_cb(fire, &rt_tc_ops, NULL, 0200);

MODULE_LICENSE("GPL");
