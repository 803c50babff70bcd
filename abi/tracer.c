// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/lttng: the file lttng-sessiond opens to drive the tracer.
 *
 * It is the root of LTTng's fd tree (doc/lttng-abi.md, section 2.1).  The ioctls
 * answered here either report fixed facts (versions) or hand out new files;
 * none keeps state in the /proc/lttng file itself, so any number of openers
 * may use it concurrently.  The entry is root-only (0600) like the one of
 * lttng-modules, and opening it takes CAP_SYS_ADMIN as well: whoever can
 * open it can trace the whole kernel, which a root whose capabilities
 * were dropped (a container's, or a daemon's that gave them up) must not.
 * Every other file of the tree comes from an ioctl on an open one.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/uaccess.h>
#include <ringtail/abi.h>
#include <ringtail/session.h>

static int rt_tracer_open(struct inode *inode, struct file *file)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static long rt_tracer_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case RT_ABI_SESSION:
		return rt_session_fd();
	case RT_ABI_TRACER_VERSION: {
		struct rt_abi_tracer_version v = {
			.major = RT_LTTNG_VERSION_MAJOR,
			.minor = RT_LTTNG_VERSION_MINOR,
			.patchlevel = RT_LTTNG_VERSION_PATCHLEVEL,
		};

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case RT_ABI_TRACER_ABI_VERSION: {
		struct rt_abi_tracer_abi_version v = {
			.major = RT_LTTNG_ABI_MAJOR,
			.minor = RT_LTTNG_ABI_MINOR,
		};

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case RT_ABI_TRACEPOINT_LIST:
		return rt_tracepoint_list_fd();
	case RT_ABI_SYSCALL_LIST:
		return rt_syscall_list_fd();
	case RT_ABI_WAIT_QUIESCENT:
		/*
		 * Probes run with preemption disabled (tracepoint callbacks),
		 * so one RCU grace period waits for every probe that could
		 * still see an object changed before this call.
		 */
		synchronize_rcu();
		return 0;
	case RT_ABI_EVENT_NOTIFIER_GROUP_CREATE:
		return rt_notifier_group_fd();
	default:
		return -ENOIOCTLCMD;
	}
}

#ifdef CONFIG_COMPAT
static long rt_tracer_compat_ioctl(struct file *file, unsigned int cmd,
				   unsigned long arg)
{
	return rt_tracer_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}
#endif

static const struct proc_ops rt_tracer_proc_ops = {
	.proc_open = rt_tracer_open,
	.proc_ioctl = rt_tracer_ioctl,
#ifdef CONFIG_COMPAT
	.proc_compat_ioctl = rt_tracer_compat_ioctl,
#endif
	.proc_lseek = noop_llseek,
};

static struct proc_dir_entry *rt_tracer_pde;

int rt_abi_init(void)
{
	rt_tracer_pde = proc_create("lttng", 0600, NULL, &rt_tracer_proc_ops);
	if (!rt_tracer_pde) {
		pr_err("cannot create /proc/lttng (is another LTTng tracer loaded?)\n");
		return -EEXIST;
	}
	return 0;
}

void rt_abi_exit(void)
{
	/* Waits for running ioctls and closes every open /proc/lttng file. */
	proc_remove(rt_tracer_pde);
}
