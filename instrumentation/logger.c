// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-logger: /proc/lttng-logger and /dev/lttng-logger, which any
 * process may write a line to, recorded as an `lttng_logger` event whose
 * `msg` is the text written, as lttng-modules does.
 *
 * The event hangs on a tracepoint of this module, so sessions enable it
 * like any other.  A write takes at most RT_LOGGER_MAX bytes and returns
 * how many it took (write(2) callers loop over the rest, one event each).
 * The text is copied into kernel memory before the tracepoint fires: the
 * probe runs with preemption disabled and could not fault the user pages
 * in.  While no session has the event, the tracepoint's static key is off
 * and a write costs only the system call.
 */
#include <linux/miscdevice.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <ringtail/unaligned.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

#define RT_LOGGER_MAX	1024	/* lttng-modules' limit, which tests rely on */

DECLARE_TRACE(lttng_logger,
	TP_PROTO(const char *text, size_t len),
	TP_ARGS(text, len));
DEFINE_TRACE(lttng_logger,
	TP_PROTO(const char *text, size_t len),
	TP_ARGS(text, len));

static void rt_probe_logger(void *data, const char *text, size_t len)
{
	struct rt_event *event = data;
	struct rt_event_write w __rt_noinit;
	char *p;

	if (!rt_event_recording(event))
		return;
	p = rt_event_begin(event, &w, sizeof(u64) + len);
	if (!p)
		return;
	put_unaligned((u64)len, (u64 *)p);
	memcpy(p + sizeof(u64), text, len);
	rt_event_end(event, &w);
}

/* msg: a sequence of UTF-8 characters with a size_t length. */
static const struct rt_field rt_logger_fields[] = {
	{ .name = "msg", .type = RT_FIELD_SEQ, .size = 1, .is_signed = true,
	  .base = 10, .len_size = sizeof(u64), .text = true },
};

static const struct rt_event_desc rt_logger_events[] = {
	{ .name = "lttng_logger", .tp_name = "lttng_logger",
	  .kind = &rt_tracepoint_kind, .fields = rt_logger_fields, .nr_fields = ARRAY_SIZE(rt_logger_fields),
	  .probe = rt_probe_logger, .payload_align = RT_CTF_ALIGN(sizeof(u64)),
	  .dynamic = true, .owner = THIS_MODULE },
};

static struct rt_event_table rt_logger_table = {
	.descs = rt_logger_events,
	.nr = ARRAY_SIZE(rt_logger_events),
};

static ssize_t rt_logger_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char *text;

	count = min_t(size_t, count, RT_LOGGER_MAX);
	if (!count || !trace_lttng_logger_enabled())
		return count;
	text = kmalloc(count, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	if (copy_from_user(text, ubuf, count)) {
		kfree(text);
		return -EFAULT;
	}
	trace_lttng_logger(text, count);
	kfree(text);
	*ppos += count;
	return count;
}

static const struct proc_ops rt_logger_proc_ops = {
	.proc_write = rt_logger_write,
	.proc_lseek = noop_llseek,
};

static const struct file_operations rt_logger_fops = {
	.owner = THIS_MODULE,
	.write = rt_logger_write,
	.llseek = noop_llseek,
};

static struct miscdevice rt_logger_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lttng-logger",
	.mode = 0666,
	.fops = &rt_logger_fops,
};

static struct proc_dir_entry *rt_logger_pde;

int rt_instrumentation_logger_init(void)
{
	int ret;

	ret = rt_events_register(&rt_logger_table);
	if (ret)
		return ret;
	ret = misc_register(&rt_logger_dev);
	if (ret)
		goto unregister;
	rt_logger_pde = proc_create("lttng-logger", 0666, NULL, &rt_logger_proc_ops);
	if (!rt_logger_pde) {
		ret = -ENOMEM;
		goto misc;
	}
	return 0;

misc:
	misc_deregister(&rt_logger_dev);
unregister:
	rt_events_unregister(&rt_logger_table);
	return ret;
}

void rt_instrumentation_logger_exit(void)
{
	/*
	 * proc_remove() waits for writers in progress; open device files pin
	 * this module, so none is left by now.
	 */
	proc_remove(rt_logger_pde);
	misc_deregister(&rt_logger_dev);
	rt_events_unregister(&rt_logger_table);
}
