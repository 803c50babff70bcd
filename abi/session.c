// SPDX-License-Identifier: GPL-2.0-only
/*
 * Session, channel and event files (doc/lttng-abi.md, sections 2.1, 2.2):
 * the LTTng ABI over the session model, translating its structures and
 * instrumentation types (the kinds of instrumentation) into the model's.
 *
 * A channel file holds a reference on its session's file and an event
 * file on its channel's file, so the session is destroyed when the last of
 * them is closed, whatever the order.  Stream files hold their ring buffer
 * channel only and outlive the session.  Every ioctl here runs under
 * rt_sessions_lock.  A file is made before the object it stands for, so
 * that a failure leaves neither.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <ringtail/abi.h>
#include <ringtail/file.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/metadata.h>
#include <ringtail/session.h>
#include <ringtail/syscalls.h>
#include <ringtail/transport.h>

/* lttng-tools' layout of EVENT's argument. */
static_assert(sizeof(struct rt_abi_event) == 564);
static_assert(offsetof(struct rt_abi_event, u.kprobe.addr) == 276);
static_assert(offsetof(struct rt_abi_event, u.kprobe.offset) == 284);
static_assert(offsetof(struct rt_abi_event, u.kprobe.symbol_name) == 292);
static_assert(offsetof(struct rt_abi_event, u.kprobe.entryexit) == 548);
static_assert(offsetof(struct rt_abi_event, u.uprobe.fd) == 276);

/* Event files point at their enabler and keep the channel file open. */
struct rt_event_file {
	struct rt_enabler *enabler;
	struct file *chan_file;
};

/* Channel files point at their channel and keep the session file open. */
struct rt_channel_file {
	struct rt_channel *chan;
	struct file *session_file;
};

static long rt_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return file->f_op->unlocked_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}

/* Event (enabler) files */

/*
 * ENABLE and DISABLE: an event of a probe placed at run time (an enabler
 * with events of its own) says -EEXIST if it is already so, as
 * lttng-modules' events do; name and glob enablers do not.
 */
int rt_abi_enabler_set_enabled(struct rt_enabler *enabler, bool enabled)
{
	if (enabler->spec.descs && enabler->enabled == enabled)
		return -EEXIST;
	return rt_enabler_set_enabled(enabler, enabled);
}

/*
 * What the file of an enabler takes, an event's or an event notifier's:
 * FILTER, CAPTURE (notifiers only: -EINVAL otherwise), ADD_CALLSITE,
 * ENABLE and DISABLE.  Arguments are copied and checked before the lock:
 * they may fault, or be large.
 */
long rt_abi_enabler_ioctl(struct rt_enabler *enabler, unsigned int cmd,
			  unsigned long arg)
{
	struct rt_abi_event_callsite site;
	struct rt_capture *cap = NULL;
	struct rt_bytecode *bc = NULL;
	long ret;

	if (cmd == RT_ABI_FILTER) {
		bc = rt_bytecode_from_user((const void __user *)arg);
		if (IS_ERR(bc))
			return PTR_ERR(bc);
	}
	if (cmd == RT_ABI_CAPTURE) {
		cap = rt_capture_from_user((const void __user *)arg);
		if (IS_ERR(cap))
			return PTR_ERR(cap);
	}
	if (cmd == RT_ABI_ADD_CALLSITE &&
	    copy_from_user(&site, (const void __user *)arg, sizeof(site)))
		return -EFAULT;
	mutex_lock(&rt_sessions_lock);
	switch (cmd) {
	case RT_ABI_FILTER:
		ret = rt_enabler_add_filter(enabler, bc);
		if (!ret)
			bc = NULL;
		break;
	case RT_ABI_CAPTURE:
		ret = rt_enabler_add_capture(enabler, cap);
		if (!ret)
			cap = NULL;
		break;
	case RT_ABI_ADD_CALLSITE:
		ret = rt_uprobe_add_callsite(enabler, site.offset);
		break;
	case RT_ABI_ENABLE:
		ret = rt_abi_enabler_set_enabled(enabler, true);
		break;
	case RT_ABI_DISABLE:
		ret = rt_abi_enabler_set_enabled(enabler, false);
		break;
	default:
		ret = -ENOIOCTLCMD;
	}
	mutex_unlock(&rt_sessions_lock);
	rt_bytecode_put(bc);
	rt_capture_put(cap);
	return ret;
}

static long rt_event_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_event_file *ef = file->private_data;

	if (cmd == RT_ABI_CONTEXT)
		return -ENOSYS;	/* contexts are per channel, as in lttng-modules */
	if (cmd == RT_ABI_CAPTURE)
		return -ENOIOCTLCMD;	/* event notifiers' */
	return rt_abi_enabler_ioctl(ef->enabler, cmd, arg);
}

static int rt_event_release(struct inode *inode, struct file *file)
{
	struct rt_event_file *ef = file->private_data;

	if (ef->chan_file)
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
		fd = rt_stream_fd(chan->rb, i, chan->id, chan->metadata);
		if (fd != -EBUSY)
			return fd;
	}
	return -ENOENT;
}

/*
 * A kprobe or kretprobe (@ret): lttng-tools sends `--function` as a
 * kretprobe.  An unterminated symbol is refused rather than cut: it would
 * name another function.
 */
static int rt_kprobe_enabler_spec(struct rt_enabler_spec *spec,
				  const struct rt_abi_event *attr, bool ret)
{
	struct rt_probe_attr a = {
		.symbol = attr->u.kprobe.symbol_name,
		.offset = attr->u.kprobe.offset,
		.addr = attr->u.kprobe.addr,
	};

	if (strnlen(a.symbol, RT_ABI_SYM_NAME_LEN) == RT_ABI_SYM_NAME_LEN)
		return -EINVAL;
	/* lttng-modules' own field, which lttng-tools leaves 0. */
	if (ret && attr->u.kprobe.entryexit)
		return -EINVAL;
	return rt_kprobe_spec(spec, &a, ret);
}

/* The model's enabler for the ABI's event attributes. */
int rt_abi_enabler_spec(struct rt_enabler_spec *spec,
			const struct rt_abi_event *attr)
{
	struct rt_probe_attr a = { };

	memset(spec, 0, sizeof(*spec));
	BUILD_BUG_ON(sizeof(spec->name) != sizeof(attr->name));
	memcpy(spec->name, attr->name, sizeof(spec->name));
	spec->name[sizeof(spec->name) - 1] = '\0';
	switch (attr->instrumentation) {
	case RT_ABI_INSTR_TRACEPOINT:
		spec->kind = &rt_tracepoint_kind;
		break;
	case RT_ABI_INSTR_SYSCALL:
		/* Matching by number is not implemented (nor by lttng-modules). */
		if (attr->u.syscall.entryexit > 2 || attr->u.syscall.abi > 2 ||
		    attr->u.syscall.match)
			return -EINVAL;
		spec->kind = &rt_syscall_kind;
		spec->kind_args = RT_SC_ARGS(attr->u.syscall.entryexit,
					     attr->u.syscall.abi);
		break;
	case RT_ABI_INSTR_KPROBE:
	case RT_ABI_INSTR_KRETPROBE:
		return rt_kprobe_enabler_spec(spec, attr,
				attr->instrumentation == RT_ABI_INSTR_KRETPROBE);
	case RT_ABI_INSTR_UPROBE:
		a.fd = attr->u.uprobe.fd;
		return rt_uprobe_spec(spec, &a);
	case RT_ABI_INSTR_FUNCTION:
	case RT_ABI_INSTR_NOOP:
		return -EINVAL;
	default:
		return -ENOSYS;
	}
	return 0;
}

static int rt_channel_event(struct file *file, struct rt_channel *chan,
			    void __user *uarg)
{
	struct rt_enabler_spec *spec;
	struct rt_abi_event *attr;
	struct rt_event_file *ef;
	struct rt_enabler *enabler;
	struct file *efile;
	int fd, ret;

	attr = memdup_user(uarg, sizeof(*attr));
	if (IS_ERR(attr))
		return PTR_ERR(attr);
	spec = kmalloc(sizeof(*spec), GFP_KERNEL);
	ef = kzalloc(sizeof(*ef), GFP_KERNEL);
	ret = -ENOMEM;
	if (!spec || !ef)
		goto free;
	ret = rt_abi_enabler_spec(spec, attr);
	if (ret)
		goto free;
	efile = rt_anon_file("[lttng_event]", &rt_event_fops, ef, O_RDWR, &fd);
	if (IS_ERR(efile)) {
		ret = PTR_ERR(efile);
		rt_enabler_spec_release(spec);
		goto free;
	}
	enabler = rt_enabler_create(chan, spec);
	if (IS_ERR(enabler)) {
		ret = PTR_ERR(enabler);
		put_unused_fd(fd);
		fput(efile);		/* frees ef */
		ef = NULL;
		goto free;
	}
	ef->enabler = enabler;
	ef->chan_file = get_file(file);
	fd_install(fd, efile);
	ret = fd;
	ef = NULL;
free:
	kfree(ef);
	kfree(spec);
	kfree(attr);
	return ret;
}

/* The model's context for the ABI's, in the ABI's numbering. */
static const enum rt_ctx_type rt_abi_ctx_types[] = {
	[RT_ABI_CTX_PID] = RT_CTX_PID,
	[RT_ABI_CTX_PERF_CPU_COUNTER] = RT_CTX_PERF_CPU,
	[RT_ABI_CTX_PROCNAME] = RT_CTX_PROCNAME,
	[RT_ABI_CTX_PRIO] = RT_CTX_PRIO,
	[RT_ABI_CTX_NICE] = RT_CTX_NICE,
	[RT_ABI_CTX_VPID] = RT_CTX_VPID,
	[RT_ABI_CTX_TID] = RT_CTX_TID,
	[RT_ABI_CTX_VTID] = RT_CTX_VTID,
	[RT_ABI_CTX_PPID] = RT_CTX_PPID,
	[RT_ABI_CTX_VPPID] = RT_CTX_VPPID,
	[RT_ABI_CTX_HOSTNAME] = RT_CTX_HOSTNAME,
	[RT_ABI_CTX_CPU_ID] = RT_CTX_CPU_ID,
	[RT_ABI_CTX_INTERRUPTIBLE] = RT_CTX_INTERRUPTIBLE,
	[RT_ABI_CTX_PREEMPTIBLE] = RT_CTX_PREEMPTIBLE,
	[RT_ABI_CTX_NEED_RESCHEDULE] = RT_CTX_NEED_RESCHEDULE,
	[RT_ABI_CTX_MIGRATABLE] = RT_CTX_MIGRATABLE,
	[RT_ABI_CTX_CALLSTACK_KERNEL] = RT_CTX_CALLSTACK_KERNEL,
	[RT_ABI_CTX_CALLSTACK_USER] = RT_CTX_CALLSTACK_USER,
	[RT_ABI_CTX_CGROUP_NS] = RT_CTX_CGROUP_NS,
	[RT_ABI_CTX_IPC_NS] = RT_CTX_IPC_NS,
	[RT_ABI_CTX_MNT_NS] = RT_CTX_MNT_NS,
	[RT_ABI_CTX_NET_NS] = RT_CTX_NET_NS,
	[RT_ABI_CTX_PID_NS] = RT_CTX_PID_NS,
	[RT_ABI_CTX_USER_NS] = RT_CTX_USER_NS,
	[RT_ABI_CTX_UTS_NS] = RT_CTX_UTS_NS,
	[RT_ABI_CTX_UID] = RT_CTX_UID,
	[RT_ABI_CTX_EUID] = RT_CTX_EUID,
	[RT_ABI_CTX_SUID] = RT_CTX_SUID,
	[RT_ABI_CTX_GID] = RT_CTX_GID,
	[RT_ABI_CTX_EGID] = RT_CTX_EGID,
	[RT_ABI_CTX_SGID] = RT_CTX_SGID,
	[RT_ABI_CTX_VUID] = RT_CTX_VUID,
	[RT_ABI_CTX_VEUID] = RT_CTX_VEUID,
	[RT_ABI_CTX_VSUID] = RT_CTX_VSUID,
	[RT_ABI_CTX_VGID] = RT_CTX_VGID,
	[RT_ABI_CTX_VEGID] = RT_CTX_VEGID,
	[RT_ABI_CTX_VSGID] = RT_CTX_VSGID,
	[RT_ABI_CTX_TIME_NS] = RT_CTX_TIME_NS,
};

static int rt_channel_context(struct rt_channel *chan, void __user *uarg)
{
	struct rt_abi_context *attr;
	struct rt_ctx_spec *spec;
	int ret;

	BUILD_BUG_ON(sizeof(*attr) != 308);
	attr = memdup_user(uarg, sizeof(*attr));
	if (IS_ERR(attr))
		return PTR_ERR(attr);
	spec = kzalloc(sizeof(*spec), GFP_KERNEL);
	ret = -ENOMEM;
	if (!spec)
		goto free;
	ret = -EINVAL;
	if (attr->ctx >= ARRAY_SIZE(rt_abi_ctx_types))
		goto free;
	spec->type = rt_abi_ctx_types[attr->ctx];
	if (spec->type == RT_CTX_PERF_CPU) {
		BUILD_BUG_ON(sizeof(spec->perf_name) != sizeof(attr->u.perf_counter.name));
		spec->perf_type = attr->u.perf_counter.type;
		spec->perf_config = attr->u.perf_counter.config;
		memcpy(spec->perf_name, attr->u.perf_counter.name, sizeof(spec->perf_name));
	}
	ret = rt_channel_add_context(chan, spec);
free:
	kfree(spec);
	kfree(attr);
	return ret;
}

/*
 * lttng-tools' trigger tests place kprobes on these two functions of
 * module lttng_tracer, by lttng-modules' names (and on one's address as
 * an offset from the other): keep the names, out of line.
 */
static noinline int lttng_channel_enable(struct rt_channel *chan)
{
	return rt_channel_set_enabled(chan, true);
}

static noinline int lttng_channel_disable(struct rt_channel *chan)
{
	return rt_channel_set_enabled(chan, false);
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
		ret = rt_channel_context(chan, (void __user *)arg);
		break;
	case RT_ABI_ENABLE:
		ret = lttng_channel_enable(chan);
		break;
	case RT_ABI_DISABLE:
		ret = lttng_channel_disable(chan);
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

	if (cf->session_file)
		fput(cf->session_file);
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

static int rt_channel_check(const struct rt_abi_channel *attr)
{
	if (attr->overwrite != 0 && attr->overwrite != 1)
		return -EINVAL;
	if (attr->output != RT_ABI_OUTPUT_SPLICE && attr->output != RT_ABI_OUTPUT_MMAP)
		return -EINVAL;
	/* The ring buffer checks the sizes; they must survive the narrowing. */
	if (attr->subbuf_size != (size_t)attr->subbuf_size ||
	    attr->num_subbuf != (size_t)attr->num_subbuf)
		return -EINVAL;
	return 0;
}

static void rt_channel_transport_put(void *transport)
{
	rt_transport_put(transport);
}

static int rt_session_channel(struct file *sfile, void __user *uarg,
			      bool metadata)
{
	struct rt_session *session = sfile->private_data;
	struct rt_abi_channel attr;
	struct rt_channel_attr cattr;
	struct rt_channel_file *cf;
	struct rt_transport *transport;
	struct rt_channel *chan;
	struct file *file;
	int fd, ret;

	if (copy_from_user(&attr, uarg, sizeof(attr)))
		return -EFAULT;
	ret = rt_channel_check(&attr);
	if (ret)
		return ret;
	/* Channels are fixed once the session has run. */
	if (!metadata && session->been_active)
		return -EINVAL;
	cattr = (struct rt_channel_attr){
		.subbuf_size = attr.subbuf_size,
		.num_subbuf = attr.num_subbuf,
		.overwrite = attr.overwrite,
		.switch_timer_us = attr.switch_timer_interval,
		.read_timer_us = attr.read_timer_interval,
	};
	cf = kzalloc(sizeof(*cf), GFP_KERNEL);
	if (!cf)
		return -ENOMEM;
	/* The client module lttng-sessiond loaded for this kind of channel. */
	transport = rt_transport_get(attr.output, attr.overwrite, metadata);
	if (!transport) {
		kfree(cf);
		return -ENODEV;
	}
	file = rt_anon_file(metadata ? "[lttng_metadata]" : "[lttng_channel]",
			    &rt_channel_fops, cf, O_RDWR, &fd);
	if (IS_ERR(file)) {
		rt_transport_put(transport);
		kfree(cf);
		return PTR_ERR(file);
	}
	chan = rt_channel_create(session, &cattr, metadata);
	if (IS_ERR(chan)) {
		rt_transport_put(transport);
		put_unused_fd(fd);
		fput(file);		/* frees cf */
		return PTR_ERR(chan);
	}
	/* The channel pins its transport's module for as long as it lives. */
	chan->owner_data = transport;
	chan->owner_release = rt_channel_transport_put;
	cf->chan = chan;
	cf->session_file = get_file(sfile);
	fd_install(fd, file);
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

/* TRACK_ID, UNTRACK_ID: the tracker and id from user space. */
static long rt_session_track_id(struct rt_session *session,
				const void __user *uarg, bool add)
{
	struct rt_abi_tracker_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.type >= RT_TRACK_NR)
		return -EINVAL;
	return rt_session_track(session, args.type, args.id, add);
}

static long rt_session_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_session *session = file->private_data;
	void __user *uarg = (void __user *)arg;
	long ret;

	mutex_lock(&rt_sessions_lock);
	switch (cmd) {
	case RT_ABI_CHANNEL:
		ret = rt_session_channel(file, uarg, false);
		break;
	case RT_ABI_METADATA:
		ret = rt_session_channel(file, uarg, true);
		break;
	case RT_ABI_SESSION_START:
	case RT_ABI_ENABLE:
		/*
		 * The state dump follows every start, as in lttng-modules:
		 * a session that could not dump does not run.
		 */
		ret = rt_session_start(session);
		if (!ret) {
			ret = rt_statedump(session);
			if (ret)
				rt_session_stop(session);
		}
		break;
	case RT_ABI_SESSION_STOP:
	case RT_ABI_DISABLE:
		ret = rt_session_stop(session);
		break;
	case RT_ABI_SESSION_METADATA_REGEN:
		ret = rt_session_metadata_regen(session);
		break;
	case RT_ABI_SESSION_STATEDUMP:
		ret = rt_statedump(session);
		break;
	case RT_ABI_SESSION_SET_NAME:
		BUILD_BUG_ON(sizeof(session->name) < RT_ABI_SYM_NAME_LEN);
		ret = rt_copy_string(session->name, uarg, RT_ABI_SYM_NAME_LEN);
		break;
	case RT_ABI_SESSION_SET_CREATION_TIME:
		BUILD_BUG_ON(sizeof(session->creation_time) < RT_ABI_ISO8601_LEN);
		ret = rt_copy_string(session->creation_time, uarg,
				     RT_ABI_ISO8601_LEN);
		break;
	case RT_ABI_SESSION_SET_OUTPUT_FORMAT:
		/* CTF 1.8 or CTF 2: the ABI's values are the model's. */
		BUILD_BUG_ON(RT_ABI_OUTPUT_FORMAT_CTF_1_8 != RT_METADATA_CTF_1_8 ||
			     RT_ABI_OUTPUT_FORMAT_CTF_2 != RT_METADATA_CTF_2);
		ret = arg > UINT_MAX ? -EINVAL : rt_session_set_format(session, arg);
		break;
	case RT_ABI_SESSION_TRACK_PID:
	case RT_ABI_OLD_SESSION_TRACK_PID:
		ret = rt_session_track(session, RT_TRACK_PID, (s32)arg, true);
		break;
	case RT_ABI_SESSION_UNTRACK_PID:
	case RT_ABI_OLD_SESSION_UNTRACK_PID:
		ret = rt_session_track(session, RT_TRACK_PID, (s32)arg, false);
		break;
	case RT_ABI_SESSION_TRACK_ID:
	case RT_ABI_OLD_SESSION_TRACK_ID:
		ret = rt_session_track_id(session, uarg, true);
		break;
	case RT_ABI_SESSION_UNTRACK_ID:
	case RT_ABI_OLD_SESSION_UNTRACK_ID:
		ret = rt_session_track_id(session, uarg, false);
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
	fd_install(fd, file);
	return fd;
}
