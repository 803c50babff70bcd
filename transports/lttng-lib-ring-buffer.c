// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module of the name lttng-tools 2.13.15 and later load, as a required
 * module, before the ring buffer clients: lttng-modules builds its ring
 * buffer library as a module of that name, and without one those versions
 * of lttng-sessiond start with no kernel domain at all.  Ringtail's ring
 * buffer is part of lttng-tracer (the clients depend on it), so this
 * module has nothing to do.
 */
#include <linux/module.h>

static int __init rt_lib_ring_buffer_init(void)
{
	return 0;
}
module_init(rt_lib_ring_buffer_init);

static void __exit rt_lib_ring_buffer_exit(void)
{
}
module_exit(rt_lib_ring_buffer_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Ringtail developers");
MODULE_DESCRIPTION("Ringtail: the module name of lttng-modules' ring buffer library, for lttng-tools");
