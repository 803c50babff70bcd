// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness self-test: WARNs once at load, on purpose.  The guest harness must
 * see the splat on the console and report the test that loaded it as failed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init rt_test_warn_init(void)
{
	WARN(1, "ringtail harness self-test: deliberate warning\n");
	return 0;
}
module_init(rt_test_warn_init);

static void __exit rt_test_warn_exit(void)
{
}
module_exit(rt_test_warn_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ringtail test: deliberate WARN");
