// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event-notifier group, notification and counter files (doc/lttng-abi.md,
 * sections 1.2 and 2.2, category i) over the group model
 * (session/notifier.c).
 *
 * lttng-sessiond makes a group when it starts; unless the group also
 * hands out its notification file and an error counter, sessiond gives
 * up kernel tracing altogether, and with LTTNG_ABORT_ON_ERROR (lttng-tools'
 * test suite) a group it cannot make at all aborts it.  Then it creates
 * one event notifier per trigger: CREATE, FILTER, ADD_CALLSITE, CAPTUREs,
 * ENABLE, and DISABLE before it closes the notifier's file.  As with
 * lttng-modules, closing that file leaves the notifier as it is; it goes
 * with the group.
 *
 * The notification, counter and notifier files hold a reference on the
 * group file, so the group lives until the last of them is closed.  Every
 * ioctl runs under rt_sessions_lock but the counter's, which reads or
 * clears the counter alone, and reads of the notification file.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <ringtail/abi.h>
#include <ringtail/counter.h>
#include <ringtail/file.h>
#include <ringtail/kinds.h>
#include <ringtail/notifier.h>
#include <ringtail/notify.h>
#include <ringtail/session.h>

static_assert(sizeof(struct rt_abi_event_notifier) == 604);
static_assert(sizeof(struct rt_abi_counter_conf) == 192);
static_assert(sizeof(struct rt_abi_counter_read) == 82);
static_assert(sizeof(struct rt_abi_counter_aggregate) == 78);
static_assert(sizeof(struct rt_abi_counter_clear) == 68);
static_assert(sizeof(struct rt_abi_event_notifier_notification) == RT_NQ_HEADER);

static long rt_notifier_compat_ioctl(struct file *file, unsigned int cmd,
				     unsigned long arg)
{
	return file->f_op->unlocked_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}

static bool rt_zeroed(const char *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* Counter files: private_data is the group file. */

static struct rt_counter *rt_counter_of(struct file *file)
{
	struct file *gfile = file->private_data;
	struct rt_notifier_group *group = gfile->private_data;

	/* Set before this file was installed, and never changed. */
	return group->error_counter;
}

/* The index tools pass, as the counter's: EINVAL unless its dimensions. */
static int rt_counter_index(const struct rt_counter *counter,
			    const struct rt_abi_counter_index *index, u64 *out)
{
	unsigned int d;

	if (index->number_dimensions != rt_counter_dims(counter))
		return -EINVAL;
	for (d = 0; d < index->number_dimensions; d++)
		out[d] = index->dimension_indexes[d];
	return 0;
}

static long rt_counter_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_counter *counter = rt_counter_of(file);
	void __user *uarg = (void __user *)arg;
	u64 index[RT_COUNTER_MAX_DIMS];
	bool overflow, underflow;
	s64 value;
	int ret;

	switch (cmd) {
	case RT_ABI_COUNTER_READ: {
		struct rt_abi_counter_read r;

		if (copy_from_user(&r, uarg, sizeof(r)))
			return -EFAULT;
		if (!rt_zeroed(r.padding, sizeof(r.padding)))
			return -EINVAL;
		ret = rt_counter_index(counter, &r.index, index) ?:
		      rt_counter_read(counter, index, r.cpu, &value, &overflow, &underflow);
		if (ret)
			return ret;
		r.value = (struct rt_abi_counter_value){ value, underflow, overflow };
		return copy_to_user(&((struct rt_abi_counter_read __user *)uarg)->value,
				    &r.value, sizeof(r.value)) ? -EFAULT : 0;
	}
	case RT_ABI_COUNTER_AGGREGATE: {
		struct rt_abi_counter_aggregate a;

		if (copy_from_user(&a, uarg, sizeof(a)))
			return -EFAULT;
		if (!rt_zeroed(a.padding, sizeof(a.padding)))
			return -EINVAL;
		ret = rt_counter_index(counter, &a.index, index) ?:
		      rt_counter_read(counter, index, -1, &value, &overflow, &underflow);
		if (ret)
			return ret;
		a.value = (struct rt_abi_counter_value){ value, underflow, overflow };
		return copy_to_user(&((struct rt_abi_counter_aggregate __user *)uarg)->value,
				    &a.value, sizeof(a.value)) ? -EFAULT : 0;
	}
	case RT_ABI_COUNTER_CLEAR: {
		struct rt_abi_counter_clear c;

		if (copy_from_user(&c, uarg, sizeof(c)))
			return -EFAULT;
		if (!rt_zeroed(c.padding, sizeof(c.padding)))
			return -EINVAL;
		return rt_counter_index(counter, &c.index, index) ?:
		       rt_counter_clear(counter, index);
	}
	default:
		return -ENOIOCTLCMD;
	}
}

static int rt_notifier_child_release(struct inode *inode, struct file *file)
{
	fput(file->private_data);
	return 0;
}

static const struct file_operations rt_counter_fops = {
	.owner = THIS_MODULE,
	.release = rt_notifier_child_release,
	.unlocked_ioctl = rt_counter_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl = rt_notifier_compat_ioctl,
#endif
	.llseek = noop_llseek,
};

/*
 * The error counter, as lttng-modules takes it: one dimension, modular,
 * 32 or 64 bits.  The rest of the configuration must be unused.
 */
static int rt_counter_fd(struct file *gfile, const void __user *uarg)
{
	struct rt_notifier_group *group = gfile->private_data;
	struct rt_abi_counter_conf conf;
	struct file *file;
	unsigned int d;
	int fd, ret;

	if (copy_from_user(&conf, uarg, sizeof(conf)))
		return -EFAULT;
	if (conf.arithmetic != RT_ABI_COUNTER_ARITHMETIC_MODULAR ||
	    conf.number_dimensions != 1 ||
	    (conf.bitness != RT_ABI_COUNTER_BITNESS_32 &&
	     conf.bitness != RT_ABI_COUNTER_BITNESS_64) ||
	    !rt_zeroed(conf.padding, sizeof(conf.padding)))
		return -EINVAL;
	for (d = 0; d < RT_ABI_COUNTER_DIMENSION_MAX; d++)
		if (conf.dimensions[d].has_underflow || conf.dimensions[d].has_overflow)
			return -EINVAL;
	/* The counter file's reference, dropped by its release. */
	get_file(gfile);
	file = rt_anon_file("[lttng_counter]", &rt_counter_fops, gfile, O_RDONLY, &fd);
	if (IS_ERR(file)) {
		fput(gfile);
		return PTR_ERR(file);
	}
	ret = rt_notifier_group_set_error_counter(group, 1, &conf.dimensions[0].size,
			conf.bitness == RT_ABI_COUNTER_BITNESS_64);
	if (ret) {
		put_unused_fd(fd);
		fput(file);
		return ret;
	}
	fd_install(fd, file);
	return fd;
}

/* Notification files: private_data is the group file. */

static ssize_t rt_notification_read(struct file *file, char __user *buf,
				    size_t count, loff_t *ppos)
{
	struct rt_notifier_group *group =
		((struct file *)file->private_data)->private_data;

	return rt_nq_read(group->queue, buf, count, file->f_flags & O_NONBLOCK);
}

static __poll_t rt_notification_poll(struct file *file, poll_table *wait)
{
	struct rt_notifier_group *group =
		((struct file *)file->private_data)->private_data;

	return rt_nq_poll(group->queue, file, wait);
}

static int rt_notification_release(struct inode *inode, struct file *file)
{
	struct file *gfile = file->private_data;

	mutex_lock(&rt_sessions_lock);
	rt_notifier_group_close_reader(gfile->private_data);
	mutex_unlock(&rt_sessions_lock);
	fput(gfile);
	return 0;
}

static const struct file_operations rt_notification_fops = {
	.owner = THIS_MODULE,
	.release = rt_notification_release,
	.read = rt_notification_read,
	.poll = rt_notification_poll,
	.llseek = noop_llseek,
};

static int rt_notification_fd(struct file *gfile)
{
	struct file *file;
	int fd, ret;

	ret = rt_notifier_group_open_reader(gfile->private_data);
	if (ret)
		return ret;
	/* The notification file's reference, dropped by its release. */
	get_file(gfile);
	file = rt_anon_file("[lttng_event_notifier_stream]", &rt_notification_fops,
			    gfile, O_RDONLY, &fd);
	if (IS_ERR(file)) {
		fput(gfile);
		rt_notifier_group_close_reader(gfile->private_data);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}

/* Event-notifier files: the notifier's enabler, and the group's file. */

struct rt_notifier_file {
	struct rt_enabler *enabler;
	struct file *group_file;
};

static long rt_notifier_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct rt_notifier_file *nf = file->private_data;

	return rt_abi_enabler_ioctl(nf->enabler, cmd, arg);
}

static int rt_notifier_release(struct inode *inode, struct file *file)
{
	struct rt_notifier_file *nf = file->private_data;

	if (nf->group_file)
		fput(nf->group_file);
	kfree(nf);
	return 0;
}

static const struct file_operations rt_notifier_fops = {
	.owner = THIS_MODULE,
	.release = rt_notifier_release,
	.unlocked_ioctl = rt_notifier_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl = rt_notifier_compat_ioctl,
#endif
	.llseek = noop_llseek,
};

/*
 * EVENT_NOTIFIER_CREATE.  lttng-modules takes tracepoints, system calls,
 * kprobes and uprobes here, not kretprobes (lttng-tools has no trigger
 * on function exits).
 */
static int rt_notifier_fd(struct file *gfile, const void __user *uarg)
{
	struct rt_notifier_group *group = gfile->private_data;
	struct rt_abi_event_notifier *attr;
	struct rt_notifier_file *nf;
	struct rt_enabler_spec *spec;
	struct rt_enabler *enabler;
	struct file *file;
	int fd, ret;

	attr = memdup_user(uarg, sizeof(*attr));
	if (IS_ERR(attr))
		return PTR_ERR(attr);
	spec = kmalloc(sizeof(*spec), GFP_KERNEL);
	nf = kzalloc(sizeof(*nf), GFP_KERNEL);
	ret = -ENOMEM;
	if (!spec || !nf)
		goto free;
	ret = -EINVAL;
	if (attr->event.instrumentation == RT_ABI_INSTR_KRETPROBE)
		goto free;
	ret = rt_abi_enabler_spec(spec, &attr->event);
	if (ret)
		goto free;
	file = rt_anon_file("[lttng_event_notifier]", &rt_notifier_fops, nf,
			    O_RDWR, &fd);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		rt_enabler_spec_release(spec);
		goto free;
	}
	enabler = rt_notifier_create(group, spec, attr->event.token,
				     attr->error_counter_index);
	if (IS_ERR(enabler)) {
		ret = PTR_ERR(enabler);
		put_unused_fd(fd);
		fput(file);		/* frees nf */
		nf = NULL;
		goto free;
	}
	nf->enabler = enabler;
	nf->group_file = get_file(gfile);
	fd_install(fd, file);
	ret = fd;
	nf = NULL;
free:
	kfree(nf);
	kfree(spec);
	kfree(attr);
	return ret;
}

/* Group files */

static long rt_group_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	mutex_lock(&rt_sessions_lock);
	switch (cmd) {
	case RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD:
		ret = rt_notification_fd(file);
		break;
	case RT_ABI_COUNTER:
		ret = rt_counter_fd(file, (const void __user *)arg);
		break;
	case RT_ABI_EVENT_NOTIFIER_CREATE:
		ret = rt_notifier_fd(file, (const void __user *)arg);
		break;
	default:
		ret = -ENOIOCTLCMD;
	}
	mutex_unlock(&rt_sessions_lock);
	return ret;
}

static int rt_group_release(struct inode *inode, struct file *file)
{
	rt_notifier_group_destroy(file->private_data);
	return 0;
}

static const struct file_operations rt_group_fops = {
	.owner = THIS_MODULE,
	.release = rt_group_release,
	.unlocked_ioctl = rt_group_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl = rt_notifier_compat_ioctl,
#endif
	.llseek = noop_llseek,
};

int rt_notifier_group_fd(void)
{
	struct rt_notifier_group *group = rt_notifier_group_create();
	struct file *file;
	int fd;

	if (IS_ERR(group))
		return PTR_ERR(group);
	file = rt_anon_file("[lttng_event_notifier_group]", &rt_group_fops, group,
			    O_RDWR, &fd);
	if (IS_ERR(file)) {
		rt_notifier_group_destroy(group);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}
