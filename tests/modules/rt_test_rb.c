// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer torture module (test only).  Writes checksummed, sequenced
 * records into a Ringtail ring buffer channel from every CPU at once, from
 * a pinned kthread (task context), a pinned hrtimer (hardirq) and a perf
 * overflow handler (NMI when the CPU has a PMU, hrtimer context otherwise),
 * all nesting into each other.  Without a PMU (under TCG), NMIs are sent
 * as IPIs by the hrtimer writers, each to the next CPU, so they land in
 * every context there.  User space drives it through
 * /proc/rt_rbtest (tests/rt-rbtest.h) and reads the streams.
 */
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include <ringtail/abi.h>
#include <ringtail/ringbuffer.h>
#include "../rt-rbtest.h"

struct rbt_writer {
	u64 seq;
	u64 dropped;
};

static DEFINE_MUTEX(rbt_lock);
static struct rt_rb_chan *rbt_chan;
static struct rbt_writer rbt_writers[RBT_MAX_CPUS * RBT_KINDS];
static struct rbt_run rbt_cfg;
static unsigned long rbt_deadline;
static bool rbt_running;
static int rbt_nmi_seen;
static struct task_struct *rbt_threads[RBT_MAX_CPUS];
static struct hrtimer rbt_timers[RBT_MAX_CPUS];
static bool rbt_timer_started[RBT_MAX_CPUS];
static struct perf_event *rbt_events[RBT_MAX_CPUS];
static bool rbt_nmi_ipi;		/* NMI writers driven by IPIs */
static atomic_t rbt_nmi_pending[RBT_MAX_CPUS];
static bool rbt_nmi_registered;

static void rbt_packet_begin(struct rt_rb_buf *buf, void *header,
			     const struct rt_rb_packet *pkt)
{
	struct rbt_packet_header *h = header;

	h->magic = RBT_PACKET_MAGIC;
	h->cpu = buf->cpu;
	h->seq = pkt->seq;
	h->ts_begin = pkt->ts_begin;
}

static void rbt_packet_end(struct rt_rb_buf *buf, void *header,
			   const struct rt_rb_packet *pkt)
{
	struct rbt_packet_header *h = header;

	h->ts_end = pkt->ts_end;
	h->content_size = pkt->content_size;
	h->discarded = pkt->discarded;
}

static const struct rt_rb_client rbt_client = {
	.header_size = sizeof(struct rbt_packet_header),
	.packet_begin = rbt_packet_begin,
	.packet_end = rbt_packet_end,
	.owner = THIS_MODULE,
};

/* One record from the current CPU; preemption is disabled. */
static void rbt_write(int kind)
{
	int cpu = smp_processor_id();
	u16 id = RBT_WRITER(cpu, kind);
	struct rbt_writer *w = &rbt_writers[id];
	u64 seq = w->seq + 1;
	unsigned int span = rbt_cfg.max_len - rbt_cfg.min_len + 1;
	unsigned int len = rbt_cfg.min_len + (u32)(seq * 2654435761U) % span;
	unsigned int i, n = len - sizeof(struct rbt_record);
	struct rt_rb_ctx ctx = {
		.layout = &rt_rb_bytes, .payload_len = len,
	};
	struct rbt_record *r;
	u8 *p;

	w->seq = seq;
	if (rt_rb_reserve(rbt_chan, &ctx)) {
		w->dropped++;
		return;
	}
	r = ctx.payload;
	p = (u8 *)(r + 1);
	for (i = 0; i < n; i++)
		p[i] = rbt_byte(id, seq, i);
	r->magic = RBT_RECORD_MAGIC;
	r->writer = id;
	r->len = len;
	r->seq = seq;
	r->ts = ctx.ts;
	r->sum = rbt_sum(p, n);
	rt_rb_commit(&ctx);
}

static bool rbt_expired(void)
{
	return time_after(jiffies, READ_ONCE(rbt_deadline));
}

static int rbt_thread(void *unused)
{
	int i;

	while (!kthread_should_stop() && !rbt_expired()) {
		preempt_disable();
		for (i = 0; i < 16; i++)
			rbt_write(RBT_KIND_TASK);
		preempt_enable();
		cond_resched();
	}
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/* At most one NMI in flight per CPU, so that none is mistaken for ours. */
static void rbt_send_nmi(void)
{
	int cpu = cpumask_next_wrap(smp_processor_id(), cpu_online_mask, nr_cpu_ids, false);

	if (cpu < nr_cpu_ids && cpu < RBT_MAX_CPUS &&
	    atomic_cmpxchg(&rbt_nmi_pending[cpu], 0, 1) == 0)
		apic->send_IPI(cpu, NMI_VECTOR);
}

static int rbt_nmi(unsigned int type, struct pt_regs *regs)
{
	int cpu = smp_processor_id();

	if (cpu >= RBT_MAX_CPUS || atomic_cmpxchg(&rbt_nmi_pending[cpu], 1, 0) != 1)
		return NMI_DONE;
	WRITE_ONCE(rbt_nmi_seen, 1);
	if (!rbt_expired())
		rbt_write(RBT_KIND_NMI);
	return NMI_HANDLED;
}

static enum hrtimer_restart rbt_timer_fn(struct hrtimer *t)
{
	int i;

	if (rbt_expired())
		return HRTIMER_NORESTART;
	if (READ_ONCE(rbt_nmi_ipi))
		rbt_send_nmi();
	for (i = 0; i < 4; i++)
		rbt_write(RBT_KIND_HRTIMER);
	hrtimer_forward_now(t, ns_to_ktime(rbt_cfg.hrtimer_us * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static void rbt_timer_start(void *unused)
{
	struct hrtimer *t = &rbt_timers[smp_processor_id()];

	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	t->function = rbt_timer_fn;
	hrtimer_start(t, ns_to_ktime(rbt_cfg.hrtimer_us * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

static void rbt_overflow(struct perf_event *event, struct perf_sample_data *data,
			 struct pt_regs *regs)
{
	if (in_nmi())
		WRITE_ONCE(rbt_nmi_seen, 1);
	if (!rbt_expired())
		rbt_write(RBT_KIND_NMI);
}

/* A PMU overflow handler in NMI context, if the CPU has a PMU. */
static struct perf_event *rbt_perf_create(int cpu)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.config = PERF_COUNT_HW_CPU_CYCLES,
		.size = sizeof(attr),
		.pinned = 1,
		.sample_period = 200000,
	};
	struct perf_event *ev;

	ev = perf_event_create_kernel_counter(&attr, cpu, NULL, rbt_overflow, NULL);
	return IS_ERR(ev) ? NULL : ev;
}

static void rbt_stop(void)
{
	int cpu;

	for (cpu = 0; cpu < RBT_MAX_CPUS; cpu++) {
		if (rbt_threads[cpu]) {
			kthread_stop(rbt_threads[cpu]);
			put_task_struct(rbt_threads[cpu]);
			rbt_threads[cpu] = NULL;
		}
		if (rbt_timer_started[cpu]) {
			hrtimer_cancel(&rbt_timers[cpu]);
			rbt_timer_started[cpu] = false;
		}
		if (rbt_events[cpu]) {
			perf_event_release_kernel(rbt_events[cpu]);
			rbt_events[cpu] = NULL;
		}
	}
	rbt_running = false;
	WRITE_ONCE(rbt_nmi_ipi, false);
	if (rbt_nmi_registered) {
		int i, waited = 0;

		/* Let NMIs already sent arrive while we still claim them. */
		for (i = 0; i < RBT_MAX_CPUS; i++)
			while (atomic_read(&rbt_nmi_pending[i]) && waited++ < 100)
				msleep(1);
		/* Waits for running handlers. */
		unregister_nmi_handler(NMI_LOCAL, "rt_rbtest");
		rbt_nmi_registered = false;
	}
}

static int rbt_start(const struct rbt_run *run)
{
	struct task_struct *t;
	int cpu;

	if (run->min_len < sizeof(struct rbt_record) || run->max_len < run->min_len ||
	    run->max_len > 65535 || !run->duration_ms || !run->hrtimer_us)
		return -EINVAL;
	rbt_cfg = *run;
	memset(rbt_writers, 0, sizeof(rbt_writers));
	WRITE_ONCE(rbt_deadline, jiffies + msecs_to_jiffies(run->duration_ms));
	rbt_running = true;
	if (run->kinds & BIT(RBT_KIND_NMI)) {
		memset(rbt_nmi_pending, 0, sizeof(rbt_nmi_pending));
		if (!register_nmi_handler(NMI_LOCAL, rbt_nmi, 0, "rt_rbtest"))
			rbt_nmi_registered = true;
	}
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (cpu >= RBT_MAX_CPUS)
			break;
		if (run->kinds & BIT(RBT_KIND_TASK)) {
			t = kthread_create_on_cpu(rbt_thread, NULL, cpu, "rbt/%u");
			if (!IS_ERR(t)) {
				get_task_struct(t);
				rbt_threads[cpu] = t;
				wake_up_process(t);
			}
		}
		if (run->kinds & BIT(RBT_KIND_HRTIMER)) {
			smp_call_function_single(cpu, rbt_timer_start, NULL, 1);
			rbt_timer_started[cpu] = true;
		}
		if (run->kinds & BIT(RBT_KIND_NMI)) {
			rbt_events[cpu] = rbt_perf_create(cpu);
			/* No PMU (e.g. under TCG): NMIs by IPI instead. */
			if (!rbt_events[cpu] && rbt_nmi_registered)
				WRITE_ONCE(rbt_nmi_ipi, true);
		}
	}
	cpus_read_unlock();
	return 0;
}

static long rbt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct rbt_config cfg;
	struct rbt_run run;
	struct rbt_stats *st;
	long ret = 0;
	int cpu;

	mutex_lock(&rbt_lock);
	switch (cmd) {
	case RBT_CREATE: {
		struct rt_rb_config rc = { .client = &rbt_client, .compact_ts_bits = 27 };

		if (copy_from_user(&cfg, uarg, sizeof(cfg))) {
			ret = -EFAULT;
			break;
		}
		if (rbt_chan) {
			ret = -EBUSY;
			break;
		}
		rc.subbuf_size = cfg.subbuf_size;
		rc.num_subbuf = cfg.num_subbuf;
		rc.overwrite = cfg.overwrite;
		rc.switch_timer_us = cfg.switch_timer_us;
		rc.read_timer_us = cfg.read_timer_us;
		/* Do not truncate absurd sizes into acceptable ones. */
		if (rc.subbuf_size != cfg.subbuf_size || rc.num_subbuf != cfg.num_subbuf) {
			ret = -EINVAL;
			break;
		}
		rbt_chan = rt_rb_chan_create(&rc);
		if (IS_ERR(rbt_chan)) {
			ret = PTR_ERR(rbt_chan);
			rbt_chan = NULL;
		}
		break;
	}
	case RBT_STREAM:
		ret = rbt_chan ? rt_stream_fd(rbt_chan, arg, 7, false) : -ENOENT;
		break;
	case RBT_RUN:
		if (copy_from_user(&run, uarg, sizeof(run)))
			ret = -EFAULT;
		else if (!rbt_chan)
			ret = -ENOENT;
		else if (rbt_running)
			ret = -EBUSY;
		else
			ret = rbt_start(&run);
		break;
	case RBT_WAIT:
		if (!rbt_running)
			break;
		while (!rbt_expired() && !signal_pending(current))
			msleep(20);
		rbt_stop();
		break;
	case RBT_STATS:
		if (!rbt_chan) {
			ret = -ENOENT;
			break;
		}
		st = kzalloc(sizeof(*st), GFP_KERNEL);
		if (!st) {
			ret = -ENOMEM;
			break;
		}
		for (cpu = 0; cpu < RBT_MAX_CPUS * RBT_KINDS; cpu++) {
			st->written[cpu] = rbt_writers[cpu].seq;
			st->dropped[cpu] = rbt_writers[cpu].dropped;
		}
		for_each_possible_cpu(cpu) {
			struct rt_rb_buf *buf = rbt_chan->bufs[cpu];

			if (cpu >= RBT_MAX_CPUS)
				break;
			st->discarded[cpu] = local_read(&buf->discarded);
			st->lost_big[cpu] = local_read(&buf->lost_big);
			st->overwritten[cpu] = atomic_long_read(&buf->overwritten);
		}
		st->nr_cpus = num_possible_cpus();
		st->nmi_ok = READ_ONCE(rbt_nmi_seen);
		if (copy_to_user(uarg, st, sizeof(*st)))
			ret = -EFAULT;
		kfree(st);
		break;
	case RBT_WRITE_BIG: {
		struct rt_rb_ctx ctx;

		if (!rbt_chan) {
			ret = -ENOENT;
			break;
		}
		ctx = (struct rt_rb_ctx){
			.layout = &rt_rb_bytes,
			.payload_len = rbt_chan->cfg.subbuf_size + 8,
		};
		preempt_disable();
		ret = rt_rb_reserve(rbt_chan, &ctx);
		if (!ret)
			rt_rb_commit(&ctx);	/* must not happen */
		preempt_enable();
		break;
	}
	case RBT_DESTROY:
		if (!rbt_chan) {
			ret = -ENOENT;
			break;
		}
		if (rbt_running)
			rbt_stop();
		rt_rb_chan_destroy(rbt_chan);
		rbt_chan = NULL;
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&rbt_lock);
	return ret;
}

static const struct proc_ops rbt_proc_ops = {
	.proc_ioctl = rbt_ioctl,
	.proc_lseek = noop_llseek,
};

static struct proc_dir_entry *rbt_pde;

static int __init rbt_init(void)
{
	rbt_pde = proc_create("rt_rbtest", 0600, NULL, &rbt_proc_ops);
	return rbt_pde ? 0 : -ENOMEM;
}
module_init(rbt_init);

static void __exit rbt_exit(void)
{
	proc_remove(rbt_pde);
	if (rbt_running)
		rbt_stop();
	if (rbt_chan)
		rt_rb_chan_destroy(rbt_chan);
}
module_exit(rbt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ringtail test: ring buffer torture");
