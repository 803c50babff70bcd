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
#include <ringtail/context.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/record.h>
#include <ringtail/session.h>

/* Each layer in turn, from the bottom (doc/design.md, "Layers"). */
static const struct {
	int (*init)(void);
	void (*exit)(void);
} rt_layers[] = {
	{ rt_record_init, rt_record_exit },
	{ rt_ctx_init, rt_ctx_exit },
	{ rt_filter_init, rt_filter_exit },
	{ rt_sessions_init, rt_sessions_exit },
	{ rt_tracepoints_init, rt_tracepoints_exit },
	{ rt_syscall_kind_init, rt_syscall_kind_exit },
	{ rt_kprobe_kinds_init, rt_kprobe_kinds_exit },
	{ rt_uprobe_kind_init, rt_uprobe_kind_exit },
	{ rt_instrumentation_init, rt_instrumentation_exit },
	{ rt_abi_init, rt_abi_exit },
};

static int __init ringtail_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(rt_layers); i++) {
		ret = rt_layers[i].init();
		if (ret) {
			while (i--)
				rt_layers[i].exit();
			return ret;
		}
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
	int i = ARRAY_SIZE(rt_layers);

	while (i--)
		rt_layers[i].exit();
}
module_exit(ringtail_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Ringtail developers");
MODULE_DESCRIPTION("Ringtail, an LTTng 2.13 compatible kernel tracer");
MODULE_ALIAS("ringtail");
