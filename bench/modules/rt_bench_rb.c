// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer micro-benchmark (bench only): ns per reserve + 32-byte write
 * + commit, Ringtail's ring buffer against the kernel's own ftrace ring
 * buffer through its exported API, on one CPU and on every CPU at once.
 * Both buffers are in overwrite mode (ftrace's default), 4 x 1 MiB per CPU,
 * so both wrap many times and nothing is dropped.  Results in dmesg.
 */
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/ring_buffer.h>
#include <ringtail/ringbuffer.h>

static unsigned int iterations = 200000;
module_param(iterations, uint, 0444);

#define RECORD 32

static const struct rt_rb_client bench_client = {
	.header_size = 32,
	.owner = THIS_MODULE,
};

static struct rt_rb_chan *rt_chan;
static struct trace_buffer *ft_buf;

static u64 run_rt(void)
{
	u64 t0, t1, payload[RECORD / 8] = { 1, 2, 3, 4 };
	struct rt_rb_ctx ctx = {
		.layout = &rt_rb_bytes, .payload_len = RECORD,
	};
	unsigned int i;

	preempt_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < iterations; i++) {
		if (!rt_rb_reserve(rt_chan, &ctx)) {
			memcpy(ctx.payload, payload, RECORD);
			rt_rb_commit(&ctx);
		}
	}
	t1 = ktime_get_ns();
	preempt_enable();
	return t1 - t0;
}

static u64 run_ftrace(void)
{
	u64 t0, t1, payload[RECORD / 8] = { 1, 2, 3, 4 };
	unsigned int i;

	preempt_disable();
	t0 = ktime_get_ns();
	/*
	 * Reserve, copy and commit in one call: the one form of it whose
	 * prototype every kernel shares (unlock_commit lost its event
	 * argument).
	 */
	for (i = 0; i < iterations; i++)
		ring_buffer_write(ft_buf, RECORD, payload);
	t1 = ktime_get_ns();
	preempt_enable();
	return t1 - t0;
}

struct bench_run {
	u64 (*fn)(void);
	atomic_t ready;
	struct completion go;
	u64 *ns;
	atomic_t done;
	struct completion all_done;
	int nr;
};

static int bench_thread(void *arg)
{
	struct bench_run *r = arg;

	atomic_inc(&r->ready);
	wait_for_completion(&r->go);
	r->ns[smp_processor_id()] = r->fn();
	if (atomic_inc_return(&r->done) == r->nr)
		complete(&r->all_done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/* Average ns per event with one writer per online CPU, all at once. */
static u64 run_all(u64 (*fn)(void))
{
	static struct bench_run r;
	struct task_struct **t;
	u64 sum = 0;
	int cpu, n = 0;

	memset(&r, 0, sizeof(r));
	t = kcalloc(nr_cpu_ids, sizeof(*t), GFP_KERNEL);
	r.ns = kcalloc(nr_cpu_ids, sizeof(*r.ns), GFP_KERNEL);
	if (!t || !r.ns)
		goto out;
	r.fn = fn;
	init_completion(&r.go);
	init_completion(&r.all_done);
	cpus_read_lock();
	r.nr = num_online_cpus();
	for_each_online_cpu(cpu) {
		t[cpu] = kthread_create_on_cpu(bench_thread, &r, cpu, "rtbench/%u");
		if (IS_ERR(t[cpu])) {
			t[cpu] = NULL;
			r.nr--;
			continue;
		}
		wake_up_process(t[cpu]);
	}
	cpus_read_unlock();
	while (atomic_read(&r.ready) < r.nr)
		schedule_timeout_uninterruptible(1);
	complete_all(&r.go);
	wait_for_completion(&r.all_done);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!t[cpu])
			continue;
		kthread_stop(t[cpu]);
		sum += r.ns[cpu];
		n++;
	}
out:
	kfree(t);
	kfree(r.ns);
	return n ? sum / n : U64_MAX;
}

static int __init bench_init(void)
{
	struct rt_rb_config cfg = {
		.subbuf_size = 1 << 20, .num_subbuf = 4, .overwrite = true,
		.client = &bench_client,
	};
	u64 rt1, ft1, rtn, ftn;
	int rep;

	rt_chan = rt_rb_chan_create(&cfg);
	if (IS_ERR(rt_chan))
		return PTR_ERR(rt_chan);
	ft_buf = ring_buffer_alloc(4 << 20, RB_FL_OVERWRITE);
	if (!ft_buf) {
		rt_rb_chan_destroy(rt_chan);
		return -ENOMEM;
	}
	/* Warm up both (page faults, caches), then take the best of 3. */
	run_rt();
	run_ftrace();
	rt1 = ft1 = rtn = ftn = U64_MAX;
	for (rep = 0; rep < 3; rep++) {
		rt1 = min(rt1, run_rt());
		ft1 = min(ft1, run_ftrace());
		rtn = min(rtn, run_all(run_rt));
		ftn = min(ftn, run_all(run_ftrace));
	}
	pr_info("rt_bench_rb: %u x %d-byte records, %u online CPUs\n",
		iterations, RECORD, num_online_cpus());
	pr_info("rt_bench_rb: one CPU:  ringtail %llu ns/event, ftrace %llu ns/event, ratio %llu.%02llu\n",
		rt1 / iterations, ft1 / iterations, rt1 / ft1, (rt1 * 100 / ft1) % 100);
	pr_info("rt_bench_rb: all CPUs: ringtail %llu ns/event, ftrace %llu ns/event, ratio %llu.%02llu\n",
		rtn / iterations, ftn / iterations, rtn / ftn, (rtn * 100 / ftn) % 100);
	ring_buffer_free(ft_buf);
	rt_rb_chan_destroy(rt_chan);
	return 0;
}
module_init(bench_init);

static void __exit bench_exit(void)
{
}
module_exit(bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ringtail bench: ring buffer against ftrace's");
