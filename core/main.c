// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ringtail: an implementation of the LTTng 2.13 kernel tracer.
 *
 * This is the core module, lttng-tracer.ko as in lttng-modules: tools look
 * for it by that name (`modprobe -n lttng-tracer` is how lttng-tools' test
 * suite tells whether a kernel tracer is installed).  Every other Ringtail
 * module depends on it, so loading any of them (lttng-sessiond loads the
 * ring buffer clients by file name) brings it in first.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/module.h>
#include <ringtail/abi.h>
#include <ringtail/events.h>

static int __init ringtail_init(void)
{
	int ret;

	ret = rt_instrumentation_init();
	if (ret)
		return ret;
	ret = rt_abi_init();
	if (ret) {
		rt_instrumentation_exit();
		return ret;
	}
	pr_info("LTTng %d.%d.%d kernel tracer ABI %d.%d ready\n",
		RT_LTTNG_VERSION_MAJOR, RT_LTTNG_VERSION_MINOR,
		RT_LTTNG_VERSION_PATCHLEVEL, RT_LTTNG_ABI_MAJOR,
		RT_LTTNG_ABI_MINOR);
	return 0;
}
module_init(ringtail_init);

static void __exit ringtail_exit(void)
{
	rt_abi_exit();
	rt_instrumentation_exit();
}
module_exit(ringtail_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Ringtail developers");
MODULE_DESCRIPTION("Ringtail, an LTTng 2.13 compatible kernel tracer");
MODULE_ALIAS("ringtail");
