// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe micro-benchmark (bench only): ns per sched_switch event for every
 * tracer attached to the kernel's sched_switch tracepoint (ftrace, Ringtail,
 * lttng-modules), measured by calling the tracepoint's registered probes
 * the way the tracepoint itself does, with current as prev and next, in a
 * tight loop on one CPU.  With nothing attached it measures the loop.
 * Reports at load time (dmesg) and refuses to stay loaded.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static unsigned int iterations = 100000;
module_param(iterations, uint, 0444);

typedef void (*rt_sched_switch_probe)(void *data, bool preempt,
				      struct task_struct *prev,
				      struct task_struct *next,
				      unsigned int prev_state);

static void rt_find(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_switch"))
		*(struct tracepoint **)priv = tp;
}

static int __init rt_bench_tp_init(void)
{
	struct tracepoint *tp = NULL;
	struct tracepoint_func *f;
	unsigned int i, probes = 0;
	u64 t0, t1;

	for_each_kernel_tracepoint(rt_find, &tp);
	if (!tp)
		return -ENOENT;
	preempt_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < iterations; i++) {
		f = rcu_dereference_sched(tp->funcs);
		for (probes = 0; f && f->func; f++, probes++)
			((rt_sched_switch_probe)f->func)(f->data, false, current,
							 current, TASK_INTERRUPTIBLE);
	}
	t1 = ktime_get_ns();
	preempt_enable();
	pr_info("rt_bench_tp: %u probes, %llu ns per event\n", probes,
		(t1 - t0) / iterations);
	return -EAGAIN;	/* measured; nothing to keep loaded */
}
module_init(rt_bench_tp_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ringtail bench: sched_switch probe cost");
