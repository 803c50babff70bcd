// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer channels: validation, allocation of the per-CPU buffers,
 * timers, flush and teardown.
 *
 * Buffer memory is allocated page by page on the CPU's node and mapped
 * contiguously with vmap(), so writers copy records with plain stores and
 * the reader can mmap and splice the same pages.  A channel is freed when
 * its owner has destroyed it and the last stream file is closed.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/cpu.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ringtail/ringbuffer.h>

/* Bounds on what a channel may ask for. */
#define RT_RB_MAX_SUBBUF_SIZE	(256UL << 20)
#define RT_RB_MAX_NUM_SUBBUF	(1UL << 20)

int rt_rb_chan_check_config(const struct rt_rb_config *cfg)
{
	unsigned long per_cpu, total, limit;

	if (!cfg->client || cfg->client->header_size >= cfg->subbuf_size)
		return -EINVAL;
	if (cfg->subbuf_size < PAGE_SIZE || !is_power_of_2(cfg->subbuf_size) ||
	    cfg->subbuf_size > RT_RB_MAX_SUBBUF_SIZE)
		return -EINVAL;
	if (!cfg->num_subbuf || !is_power_of_2(cfg->num_subbuf) ||
	    cfg->num_subbuf > RT_RB_MAX_NUM_SUBBUF)
		return -EINVAL;
	/* Flight recorder: one packet being written, one being overwritten. */
	if (cfg->overwrite && cfg->num_subbuf < 2)
		return -EINVAL;
	/* Cannot overflow: both factors are bounded above. */
	per_cpu = (cfg->num_subbuf + cfg->overwrite) * cfg->subbuf_size;
	if (check_mul_overflow(per_cpu, cfg->global ? 1UL : num_possible_cpus(), &total))
		return -ENOMEM;
	/* Never more than half of RAM for trace buffers. */
	limit = totalram_pages() / 2;
	if (total >> PAGE_SHIFT > limit)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_chan_check_config);

static void rt_rb_wake_work(struct irq_work *work)
{
	struct rt_rb_buf *buf = container_of(work, struct rt_rb_buf, wake_work);

	wake_up_interruptible(&buf->read_wait);
}

static void rt_rb_buf_free(struct rt_rb_buf *buf)
{
	unsigned long i;

	if (!buf)
		return;
	irq_work_sync(&buf->wake_work);
	if (buf->mem)
		vunmap(buf->mem);
	for (i = 0; i < buf->nr_pages && buf->pages[i]; i++)
		__free_page(buf->pages[i]);
	kvfree(buf->pages);
	kfree(buf->pkt);
	kfree(buf);
}

static struct rt_rb_buf *rt_rb_buf_alloc(struct rt_rb_chan *chan, int cpu)
{
	const struct rt_rb_config *cfg = &chan->cfg;
	unsigned long n = cfg->num_subbuf, i;
	int node = cpu_to_node(cpu);
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	struct rt_rb_buf *buf;

	buf = kzalloc_node(struct_size(buf, slots, n), gfp, node);
	if (!buf)
		return NULL;
	buf->chan = chan;
	buf->cpu = cpu;
	mutex_init(&buf->reader_lock);
	init_waitqueue_head(&buf->read_wait);
	init_irq_work(&buf->wake_work, rt_rb_wake_work);

	buf->pkt = kcalloc_node(chan->nr_phys, sizeof(*buf->pkt), gfp, node);
	buf->nr_pages = (chan->nr_phys << chan->sb_shift) >> PAGE_SHIFT;
	buf->pages = kvcalloc(buf->nr_pages, sizeof(*buf->pages), gfp);
	if (!buf->pkt || !buf->pages)
		goto fail;
	for (i = 0; i < buf->nr_pages; i++) {
		buf->pages[i] = alloc_pages_node(node, gfp | __GFP_ZERO, 0);
		if (!buf->pages[i])
			goto fail;
	}
	buf->mem = vmap(buf->pages, buf->nr_pages, VM_MAP, PAGE_KERNEL);
	if (!buf->mem)
		goto fail;

	/*
	 * Slot i starts out mapped to physical sub-buffer i and tagged with
	 * the packet before its first one, so the first writer claims it; the
	 * extra physical sub-buffer n is the reader's spare.
	 */
	for (i = 0; i < n; i++) {
		local_set(&buf->slots[i].cc, 0);
		local_set(&buf->slots[i].records, 0);
		atomic_long_set(&buf->slots[i].id,
				RT_RB_ID((i - n) & RT_RB_ID_TAG_MASK, i));
	}
	buf->reader_phys = n;
	/*
	 * A global buffer's writer is its reader (metadata), which only ever
	 * writes when it has something to say.
	 */
	if (!cfg->global)
		rt_rb_open_first(buf);
	return buf;

fail:
	rt_rb_buf_free(buf);
	return NULL;
}

static void rt_rb_switch_ipi(void *info)
{
	struct rt_rb_chan *chan = info;

	rt_rb_switch_local(chan->bufs[smp_processor_id()], false);
}

/* Switch timer: close every CPU's partial packet, each on its own CPU. */
static void rt_rb_switch_work(struct work_struct *work)
{
	struct rt_rb_chan *chan = container_of(to_delayed_work(work),
					       struct rt_rb_chan, switch_work);

	on_each_cpu(rt_rb_switch_ipi, chan, 1);
	if (!READ_ONCE(chan->timers_off))
		schedule_delayed_work(&chan->switch_work,
				      usecs_to_jiffies(chan->cfg.switch_timer_us));
}

/* Read timer: wake the readers of buffers that have a packet to read. */
static void rt_rb_read_timer(struct timer_list *t)
{
	struct rt_rb_chan *chan = from_timer(chan, t, read_timer);
	struct rt_rb_buf *buf;
	unsigned int i;

	rt_rb_for_each_buf(chan, buf, i) {
		if (wq_has_sleeper(&buf->read_wait) && rt_rb_readable(buf))
			wake_up_interruptible(&buf->read_wait);
	}
	if (!READ_ONCE(chan->timers_off))
		mod_timer(&chan->read_timer,
			  jiffies + usecs_to_jiffies(chan->cfg.read_timer_us));
}

static void rt_rb_chan_free(struct rt_rb_chan *chan)
{
	struct rt_rb_buf *buf;
	unsigned int i;

	rt_rb_for_each_buf(chan, buf, i)
		rt_rb_buf_free(buf);
	if (chan->cfg.release)
		chan->cfg.release(chan->cfg.priv);
	if (!IS_ERR_OR_NULL(chan->clock))
		rt_clock_put(chan->clock);
	module_put(chan->cfg.client->owner);
	kfree(chan);
}

struct rt_rb_chan *rt_rb_chan_create(const struct rt_rb_config *cfg)
{
	struct rt_rb_chan *chan;
	int cpu, ret;

	ret = rt_rb_chan_check_config(cfg);
	if (ret)
		return ERR_PTR(ret);
	if (!try_module_get(cfg->client->owner))
		return ERR_PTR(-ENODEV);
	chan = kzalloc(struct_size(chan, bufs, cfg->global ? 1 : nr_cpu_ids), GFP_KERNEL);
	if (!chan) {
		module_put(cfg->client->owner);
		return ERR_PTR(-ENOMEM);
	}
	chan->cfg = *cfg;
	/* Every timestamp of the channel, until its last reader goes. */
	chan->clock = rt_clock_get();
	if (IS_ERR(chan->clock)) {
		ret = PTR_ERR(chan->clock);
		goto fail;
	}
	chan->sb_shift = ilog2(cfg->subbuf_size);
	chan->buf_shift = chan->sb_shift + ilog2(cfg->num_subbuf);
	chan->nr_phys = cfg->num_subbuf + (cfg->overwrite ? 1 : 0);
	kref_init(&chan->ref);
	INIT_DELAYED_WORK(&chan->switch_work, rt_rb_switch_work);
	timer_setup(&chan->read_timer, rt_rb_read_timer, 0);

	chan->nr_bufs = cfg->global ? 1 : nr_cpu_ids;
	for_each_possible_cpu(cpu) {
		chan->bufs[cpu] = rt_rb_buf_alloc(chan, cpu);
		if (!chan->bufs[cpu])
			goto nomem;
		if (cfg->global)
			break;
	}
	/* A global buffer has no CPU to run a switch timer on. */
	if (cfg->switch_timer_us && !cfg->global)
		schedule_delayed_work(&chan->switch_work,
				      usecs_to_jiffies(cfg->switch_timer_us));
	if (cfg->read_timer_us)
		mod_timer(&chan->read_timer,
			  jiffies + usecs_to_jiffies(cfg->read_timer_us));
	return chan;

nomem:
	ret = -ENOMEM;
fail:
	/* On failure the caller keeps its private data. */
	chan->cfg.release = NULL;
	rt_rb_chan_free(chan);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(rt_rb_chan_create);

static void rt_rb_chan_release(struct kref *ref)
{
	rt_rb_chan_free(container_of(ref, struct rt_rb_chan, ref));
}

void rt_rb_chan_put(struct rt_rb_chan *chan)
{
	kref_put(&chan->ref, rt_rb_chan_release);
}
EXPORT_SYMBOL_GPL(rt_rb_chan_put);

struct rt_rb_flush_args {
	struct rt_rb_buf *buf;
	bool empty_ok;
	void *header;		/* populate: where the empty packet goes */
	int ret;
};

static void rt_rb_flush_ipi(void *info)
{
	struct rt_rb_flush_args *args = info;
	unsigned long old = local_read(&args->buf->offset);

	args->ret = rt_rb_switch_local(args->buf, args->empty_ok);
	/*
	 * The switch moves the offset whenever it delivers a packet; if it
	 * did not, none was open and the losses, if any, found no room.  On
	 * this CPU with interrupts off only an NMI writer can move the offset
	 * meanwhile, by opening a packet: then nothing is populated and the
	 * reader's copy simply ends at the last packet delivered.
	 */
	if (args->header && !args->ret &&
	    local_read(&args->buf->offset) == old) {
		rt_rb_populate_local(args->buf, old, args->header);
		args->ret = 1;
	}
}

static int rt_rb_flush_on_cpu(struct rt_rb_flush_args *args)
{
	struct rt_rb_buf *buf = args->buf;

	if (buf->chan->cfg.global) {
		/* Its writer works under the reader lock (metadata). */
		mutex_lock(&buf->reader_lock);
		rt_rb_flush_ipi(args);
		mutex_unlock(&buf->reader_lock);
		return args->ret;
	}
	cpus_read_lock();
	if (cpu_online(buf->cpu))
		smp_call_function_single(buf->cpu, rt_rb_flush_ipi, args, 1);
	else
		rt_rb_flush_ipi(args);
	cpus_read_unlock();
	return args->ret;
}

/*
 * Close the open packet of @buf from any CPU.  Writers only ever run on the
 * buffer's own CPU, so the switch is done there (by IPI); an offline CPU has
 * no writer, and hotplug is held off meanwhile.
 */
int rt_rb_flush(struct rt_rb_buf *buf, bool empty_ok)
{
	struct rt_rb_flush_args args = { .buf = buf, .empty_ok = empty_ok };

	return rt_rb_flush_on_cpu(&args);
}
EXPORT_SYMBOL_GPL(rt_rb_flush);

/*
 * Close the open packet of @buf, as rt_rb_flush(buf, false) does; if that
 * delivers no packet, write into @header (header_size bytes) the empty
 * packet the buffer would deliver next, stamped now, instead of taking
 * room for it in the buffer as FLUSH_EMPTY does.  A snapshot appends it to
 * its copy, which then shows the stream alive until now without the empty
 * packet overwriting the oldest one of a full flight-recorder buffer.
 * Returns 1 if @header was written, else 0.
 */
int rt_rb_flush_or_populate(struct rt_rb_buf *buf, void *header)
{
	struct rt_rb_flush_args args = { .buf = buf, .header = header };

	return rt_rb_flush_on_cpu(&args);
}
EXPORT_SYMBOL_GPL(rt_rb_flush_or_populate);

/*
 * The owner is done with the channel: no writer may use it any more (the
 * caller made sure of that, e.g. with an RCU grace period).  Close the last
 * packets, tell the readers there will be nothing more, and drop the
 * owner's reference; stream files keep the memory until they are closed.
 */
void rt_rb_chan_destroy(struct rt_rb_chan *chan)
{
	struct rt_rb_buf *buf;
	unsigned int i;

	WRITE_ONCE(chan->timers_off, true);
	cancel_delayed_work_sync(&chan->switch_work);
	timer_delete_sync(&chan->read_timer);
	rt_rb_for_each_buf(chan, buf, i)
		rt_rb_flush(buf, false);
	/*
	 * (E) pairs with (F) in the reader: readers seeing finalized also see
	 * every packet the flush delivered; wake_up orders this store before
	 * the readers' re-check.
	 */
	smp_store_release(&chan->finalized, true);
	rt_rb_for_each_buf(chan, buf, i)
		wake_up_interruptible(&buf->read_wait);
	rt_rb_chan_put(chan);
}
EXPORT_SYMBOL_GPL(rt_rb_chan_destroy);
