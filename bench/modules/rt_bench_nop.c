// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's own share of a traced event (bench only): an empty probe on
 * each tracepoint named in tps=, so that a workload timed with it loaded
 * pays what any tracer pays for an enabled tracepoint (the static branch,
 * the probe call; for sys_enter and sys_exit the slow system call path
 * that an attached probe turns on) and nothing a tracer does.  The benches
 * subtract it to show each tracer's own cost above that floor.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static char *tps = "sys_enter,sys_exit";
module_param(tps, charp, 0444);

#define RT_NOP_MAX	8
static struct tracepoint *rt_nop_tps[RT_NOP_MAX];
static unsigned int rt_nop_nr;

/* Called with the tracepoint's arguments, which it ignores. */
static notrace void rt_nop_probe(void *data)
{
}

static void rt_nop_find(struct tracepoint *tp, void *priv)
{
	const char *name = priv;

	if (!strcmp(tp->name, name))
		rt_nop_tps[rt_nop_nr] = tp;
}

static void rt_nop_detach(void)
{
	while (rt_nop_nr)
		tracepoint_probe_unregister(rt_nop_tps[--rt_nop_nr], rt_nop_probe, NULL);
	tracepoint_synchronize_unregister();
}

static int __init rt_bench_nop_init(void)
{
	char *list = kstrdup(tps, GFP_KERNEL), *p = list, *name;
	int ret = 0;

	if (!list)
		return -ENOMEM;
	while (!ret && (name = strsep(&p, ","))) {
		if (rt_nop_nr == RT_NOP_MAX) {
			ret = -E2BIG;
			break;
		}
		rt_nop_tps[rt_nop_nr] = NULL;
		for_each_kernel_tracepoint(rt_nop_find, name);
		if (!rt_nop_tps[rt_nop_nr]) {
			pr_err("rt_bench_nop: no tracepoint %s\n", name);
			ret = -ENOENT;
			break;
		}
		ret = tracepoint_probe_register(rt_nop_tps[rt_nop_nr], rt_nop_probe, NULL);
		if (!ret)
			rt_nop_nr++;
	}
	kfree(list);
	if (ret)
		rt_nop_detach();
	return ret;
}

static void __exit rt_bench_nop_exit(void)
{
	rt_nop_detach();
}

module_init(rt_bench_nop_init);
module_exit(rt_bench_nop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ringtail bench: empty probes, the kernel's share of an event");
