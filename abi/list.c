// SPDX-License-Identifier: GPL-2.0-only
/*
 * Listing files: TRACEPOINT_LIST and SYSCALL_LIST return an fd that
 * lttng-sessiond reads line by line with fscanf (doc/lttng-abi.md, section 2.5):
 *
 *   event { name = sched_switch; };
 *   syscall { index = 0; name = read; bitness = 64; };
 *
 * Each file is a seq_file on an anonymous inode, generated as it is read.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <ringtail/abi.h>

static const struct file_operations rt_list_fops = {
	.owner = THIS_MODULE,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release,
};

int rt_list_fd(const char *name, const struct seq_operations *ops)
{
	struct file *file;
	int fd, ret;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile(name, &rt_list_fops, NULL, O_RDONLY);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto put_fd;
	}
	ret = seq_open(file, ops);
	if (ret)
		goto put_file;
	/* anon_inode_getfile() does not set the mode bits read() checks. */
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD;
	fd_install(fd, file);
	return fd;

put_file:
	fput(file);
put_fd:
	put_unused_fd(fd);
	return ret;
}

/*
 * No event provider is registered yet: both lists are empty, which
 * lttng-tools shows as a kernel tracer with nothing to enable.
 */
static void *rt_list_empty_start(struct seq_file *m, loff_t *pos)
{
	return NULL;
}

static void *rt_list_empty_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void rt_list_empty_stop(struct seq_file *m, void *v)
{
}

static int rt_list_empty_show(struct seq_file *m, void *v)
{
	return 0;
}

static const struct seq_operations rt_list_empty_ops = {
	.start = rt_list_empty_start,
	.next = rt_list_empty_next,
	.stop = rt_list_empty_stop,
	.show = rt_list_empty_show,
};

int rt_tracepoint_list_fd(void)
{
	return rt_list_fd("[lttng_tracepoint_list]", &rt_list_empty_ops);
}

int rt_syscall_list_fd(void)
{
	return rt_list_fd("[lttng_syscall_list]", &rt_list_empty_ops);
}
