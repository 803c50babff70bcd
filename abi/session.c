// SPDX-License-Identifier: GPL-2.0-only
/*
 * Session, channel and event files (doc/lttng-abi.md, sections 2.1, 2.2).
 *
 * A channel file holds a reference on its session's file and an event
 * file on its channel's file, so the session is destroyed when the last of
 * them is closed, whatever the order.  Stream files hold their ring buffer
 * channel only and outlive the session.  Every ioctl here runs under
 * rt_sessions_lock.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <ringtail/abi.h>
#include <ringtail/file.h>
#include <ringtail/session.h>

/* Event files point at their enabler and keep the channel file open. */
struct rt_event_file {
	struct rt_enabler *enabler;
	struct file *chan_file;
};

/* Channel files point at their channel and keep the session file open. */
struct rt_channel_file {
	struct rt_channel *chan;
	struct rt_session *session;
};

static int rt_install(const char *name, const struct file_operations *fops,
		      void *priv)
{
	struct file *file;
	int fd;

	file = rt_anon_file(name, fops, priv, O_RDWR, &fd);
	if (IS_ERR(file))
		return PTR_ERR(file);
	fd_install(fd, file);
	return fd;
}

static long rt_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return file->f_op->unlocked_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}

/* Event (enabler) files */

static long rt_event_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_event_file *ef = file->private_data;
	long ret;

	mutex_lock(&rt_sessions_lock);
	switch (cmd) {
	case RT_ABI_ENABLE:
		ret = rt_enabler_set_enabled(ef->enabler, true);
		break;
	case RT_ABI_DISABLE:
		ret = rt_enabler_set_enabled(ef->enabler, false);
		break;
	default:
		ret = -ENOIOCTLCMD;
	}
	mutex_unlock(&rt_sessions_lock);
	return ret;
}

static int rt_event_release(struct inode *inode, struct file *file)
{
	struct rt_event_file *ef = file->private_data;

	fput(ef->chan_file);
	kfree(ef);
	return 0;
}

static const struct file_operations rt_event_fops = {
	.owner = THIS_MODULE,
	.release = rt_event_release,
	.unlocked_ioctl = rt_event_ioctl,
	.compat_ioctl = rt_compat_ioctl,
	.llseek = noop_llseek,
};

/* Channel and metadata channel files */

static int rt_channel_stream(struct rt_channel *chan)
{
	unsigned int i;
	int fd;

	/* The next buffer without a reader, as sessiond expects. */
	for (i = 0; i < chan->rb->nr_bufs; i++) {
		if (!chan->rb->bufs[i])
			continue;
		fd = rt_rb_stream_fd(chan->rb, i);
		if (fd != -EBUSY)
			return fd;
	}
	return -ENOENT;
}

static int rt_channel_event(struct file *file, struct rt_channel *chan,
			    void __user *uarg)
{
	struct rt_abi_event *attr;
	struct rt_event_file *ef;
	struct rt_enabler *enabler;
	int fd;

	attr = memdup_user(uarg, sizeof(*attr));
	if (IS_ERR(attr))
		return PTR_ERR(attr);
	attr->name[sizeof(attr->name) - 1] = '\0';
	ef = kzalloc(sizeof(*ef), GFP_KERNEL);
	if (!ef) {
		fd = -ENOMEM;
		goto out;
	}
	enabler = rt_enabler_create(chan, attr);
	if (IS_ERR(enabler)) {
		fd = PTR_ERR(enabler);
		kfree(ef);
		goto out;
	}
	ef->enabler = enabler;
	ef->chan_file = get_file(file);
	fd = rt_install("[lttng_event]", &rt_event_fops, ef);
	if (fd < 0) {
		/* The enabler stays, disabled, until the session goes. */
		fput(file);
		kfree(ef);
	}
out:
	kfree(attr);
	return fd;
}

static long rt_channel_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_channel_file *cf = file->private_data;
	struct rt_channel *chan = cf->chan;
	long ret;

	/* A metadata channel only hands out its stream. */
	if (chan->metadata && cmd != RT_ABI_STREAM)
		return -ENOIOCTLCMD;
	mutex_lock(&rt_sessions_lock);
	switch (cmd) {
	case RT_ABI_STREAM:
		ret = rt_channel_stream(chan);
		break;
	case RT_ABI_EVENT:
		ret = rt_channel_event(file, chan, (void __user *)arg);
		break;
	case RT_ABI_CONTEXT:
		ret = -ENOSYS;
		break;
	case RT_ABI_ENABLE:
	case RT_ABI_DISABLE:
		ret = rt_channel_set_enabled(chan, cmd == RT_ABI_ENABLE);
		break;
	default:
		ret = -ENOIOCTLCMD;
	}
	mutex_unlock(&rt_sessions_lock);
	return ret;
}

/* POLLIN while a per-CPU buffer has no reader: sessiond opens its stream. */
static __poll_t rt_channel_poll(struct file *file, poll_table *wait)
{
	struct rt_channel_file *cf = file->private_data;
	struct rt_rb_buf *buf;
	__poll_t mask = 0;
	unsigned int i;

	mutex_lock(&rt_sessions_lock);
	if (!cf->chan->metadata)
		rt_rb_for_each_buf(cf->chan->rb, buf, i)
			if (!atomic_read(&buf->reader_open))
				mask = EPOLLIN | EPOLLRDNORM;
	mutex_unlock(&rt_sessions_lock);
	return mask;
}

static int rt_channel_release(struct inode *inode, struct file *file)
{
	struct rt_channel_file *cf = file->private_data;

	fput(cf->session->file);
	kfree(cf);
	return 0;
}

static const struct file_operations rt_channel_fops = {
	.owner = THIS_MODULE,
	.release = rt_channel_release,
	.unlocked_ioctl = rt_channel_ioctl,
	.compat_ioctl = rt_compat_ioctl,
	.poll = rt_channel_poll,
	.llseek = noop_llseek,
};

/* Session files */

static int rt_session_channel(struct rt_session *session, void __user *uarg,
			      bool metadata)
{
	struct rt_abi_channel attr;
	struct rt_channel_file *cf;
	struct rt_channel *chan;
	int fd;

	if (copy_from_user(&attr, uarg, sizeof(attr)))
		return -EFAULT;
	/* Channels are fixed once the session has run. */
	if (!metadata && session->been_active)
		return -EINVAL;
	cf = kzalloc(sizeof(*cf), GFP_KERNEL);
	if (!cf)
		return -ENOMEM;
	chan = rt_channel_create(session, &attr, metadata);
	if (IS_ERR(chan)) {
		kfree(cf);
		return PTR_ERR(chan);
	}
	cf->chan = chan;
	cf->session = session;
	get_file(session->file);
	fd = rt_install(metadata ? "[lttng_metadata]" : "[lttng_channel]",
			&rt_channel_fops, cf);
	if (fd < 0) {
		/* The channel stays, unused, until the session goes. */
		fput(session->file);
		kfree(cf);
	}
	return fd;
}

static int rt_copy_string(char *dst, const void __user *src, size_t len)
{
	char *tmp = memdup_user(src, len);

	if (IS_ERR(tmp))
		return PTR_ERR(tmp);
	if (!memchr(tmp, '\0', len)) {
		kfree(tmp);
		return -EINVAL;
	}
	strscpy(dst, tmp, len);
	kfree(tmp);
	return 0;
}

static long rt_session_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_session *session = file->private_data;
	void __user *uarg = (void __user *)arg;
	long ret;

	mutex_lock(&rt_sessions_lock);
	switch (cmd) {
	case RT_ABI_CHANNEL:
		ret = rt_session_channel(session, uarg, false);
		break;
	case RT_ABI_METADATA:
		ret = rt_session_channel(session, uarg, true);
		break;
	case RT_ABI_SESSION_START:
	case RT_ABI_ENABLE:
		ret = rt_session_start(session);
		break;
	case RT_ABI_SESSION_STOP:
	case RT_ABI_DISABLE:
		ret = rt_session_stop(session);
		break;
	case RT_ABI_SESSION_SET_NAME:
		ret = rt_copy_string(session->name, uarg, sizeof(session->name));
		break;
	case RT_ABI_SESSION_SET_CREATION_TIME:
		ret = rt_copy_string(session->creation_time, uarg,
				     sizeof(session->creation_time));
		break;
	default:
		ret = -ENOIOCTLCMD;
	}
	mutex_unlock(&rt_sessions_lock);
	return ret;
}

static int rt_session_release(struct inode *inode, struct file *file)
{
	rt_session_destroy(file->private_data);
	return 0;
}

static const struct file_operations rt_session_fops = {
	.owner = THIS_MODULE,
	.release = rt_session_release,
	.unlocked_ioctl = rt_session_ioctl,
	.compat_ioctl = rt_compat_ioctl,
	.llseek = noop_llseek,
};

int rt_session_fd(void)
{
	struct rt_session *session;
	struct file *file;
	int fd;

	session = rt_session_create();
	if (IS_ERR(session))
		return PTR_ERR(session);
	file = rt_anon_file("[lttng_session]", &rt_session_fops, session, O_RDWR, &fd);
	if (IS_ERR(file)) {
		rt_session_destroy(session);
		return PTR_ERR(file);
	}
	/* Set before the fd exists: channel creation takes a reference. */
	session->file = file;
	fd_install(fd, file);
	return fd;
}
