// SPDX-License-Identifier: GPL-2.0-only
/*
 * Listing files: TRACEPOINT_LIST and SYSCALL_LIST return an fd that
 * lttng-sessiond reads line by line with fscanf (doc/lttng-abi.md, section 2.5):
 *
 *   event { name = sched_switch; };
 *   syscall { index = 0; name = read; bitness = 64; };
 *
 * The text is rendered when the file is created, so a reader sees one
 * consistent list whatever loads or unloads meanwhile.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <ringtail/abi.h>
#include <ringtail/events.h>
#include <ringtail/file.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>

struct rt_list {
	size_t len;
	char text[];
};

static ssize_t rt_list_read(struct file *file, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	struct rt_list *list = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, list->text, list->len);
}

static int rt_list_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations rt_list_fops = {
	.owner = THIS_MODULE,
	.read = rt_list_read,
	.llseek = default_llseek,
	.release = rt_list_release,
};

static int rt_list_fd(const char *name, struct rt_list *list)
{
	struct file *file;
	int fd;

	file = rt_anon_file(name, &rt_list_fops, list, O_RDONLY, &fd);
	if (IS_ERR(file)) {
		kvfree(list);
		return PTR_ERR(file);
	}
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD;
	fd_install(fd, file);
	return fd;
}

struct rt_list_build {
	struct seq_buf sb;
	size_t need;
};

static int rt_list_event(const struct rt_event_desc *desc, void *priv)
{
	struct rt_list_build *b = priv;

	/*
	 * Tracepoint events that can be attached now (events of modules not
	 * loaded, or of tracepoints this kernel lacks, are not listed);
	 * system calls have their own list.
	 */
	if (desc->kind != &rt_tracepoint_kind)
		return 0;
	seq_buf_printf(&b->sb, "event { name = %s; };\n", desc->name);
	b->need += strlen(desc->name) + sizeof("event { name = ; };\n") - 1;
	return 0;
}

int rt_tracepoint_list_fd(void)
{
	struct rt_list_build b = { };
	struct rt_list *list = NULL;
	size_t size = PAGE_SIZE;

	/* Render, and render again into a bigger buffer if it did not fit. */
	for (;;) {
		list = kvmalloc(sizeof(*list) + size, GFP_KERNEL);
		if (!list)
			return -ENOMEM;
		seq_buf_init(&b.sb, list->text, size);
		b.need = 0;
		rt_events_for_each(rt_list_event, &b, true);
		if (!seq_buf_has_overflowed(&b.sb) && b.need < size)
			break;
		kvfree(list);
		size = max(2 * size, b.need + 1);
	}
	list->len = seq_buf_used(&b.sb);
	return rt_list_fd("[lttng_tracepoint_list]", list);
}

static void rt_list_syscall(unsigned int index, const char *name,
			    unsigned int bitness, void *priv)
{
	seq_buf_printf(priv, "syscall { index = %u; name = %s; bitness = %u; };\n",
		       index, name, bitness);
}

/* Every described call of the native and compat tables (section 2.5). */
int rt_syscall_list_fd(void)
{
	struct rt_list *list = NULL;
	struct seq_buf sb;
	size_t size = 64 * PAGE_SIZE;

	for (;;) {
		list = kvmalloc(sizeof(*list) + size, GFP_KERNEL);
		if (!list)
			return -ENOMEM;
		seq_buf_init(&sb, list->text, size);
		rt_syscalls_for_each(rt_list_syscall, &sb);
		if (!seq_buf_has_overflowed(&sb))
			break;
		kvfree(list);
		size *= 2;
	}
	list->len = seq_buf_used(&sb);
	return rt_list_fd("[lttng_syscall_list]", list);
}
