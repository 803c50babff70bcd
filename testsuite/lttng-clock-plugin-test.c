// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-clock-plugin-test: the clock module lttng-tools' test suite loads
 * by this name (tests/regression/kernel/test_clock_override).  It replaces
 * the trace clock with one that never moves, at 1 kHz, with the name,
 * description and uuid the test expects to find in the trace's metadata.
 * Like every clock plugin it can only load while no session exists.
 */
#include <linux/module.h>
#include <ringtail/clock.h>

static u64 rt_frozen_read(void)
{
	return 0;
}

static const struct rt_trace_clock rt_frozen_clock = {
	.name = "lttng_test_clock_override",
	.description = "Freeze time with 1KHz for regression test",
	.uuid = "83c63deb-7aa4-48fb-abda-946f400d76e6",
	.freq = 1000,
	.read = rt_frozen_read,
	.owner = THIS_MODULE,
};

static int __init rt_frozen_init(void)
{
	return rt_clock_register(&rt_frozen_clock);
}
module_init(rt_frozen_init);

static void __exit rt_frozen_exit(void)
{
	rt_clock_unregister(&rt_frozen_clock);
}
module_exit(rt_frozen_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Ringtail developers");
MODULE_DESCRIPTION("Ringtail test clock: frozen time at 1 kHz");
