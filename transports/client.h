/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Body of a ring buffer client module.  The including file defines
 * RT_CLIENT_NAME, RT_CLIENT_OUTPUT, RT_CLIENT_OVERWRITE and RT_CLIENT_METADATA;
 * the module's file name is the one lttng-sessiond asks libkmod for.
 */
#include <linux/module.h>
#include <ringtail/transport.h>

static struct rt_transport rt_client = {
	.name = RT_CLIENT_NAME,
	.output = RT_CLIENT_OUTPUT,
	.overwrite = RT_CLIENT_OVERWRITE,
	.metadata = RT_CLIENT_METADATA,
	.owner = THIS_MODULE,
};

static int __init rt_client_init(void)
{
	return rt_transport_register(&rt_client);
}
module_init(rt_client_init);

static void __exit rt_client_exit(void)
{
	rt_transport_unregister(&rt_client);
}
module_exit(rt_client_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Ringtail developers");
MODULE_DESCRIPTION("Ringtail ring buffer client " RT_CLIENT_NAME);
