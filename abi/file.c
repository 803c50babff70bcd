// SPDX-License-Identifier: GPL-2.0-only
/* Anonymous files for the fds the tracer hands out (include/ringtail/file.h). */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <ringtail/file.h>

struct file *rt_anon_file(const char *name, const struct file_operations *fops,
			  void *priv, int flags, int *fdp)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return ERR_PTR(fd);
	file = anon_inode_getfile(name, fops, priv, flags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return file;
	}
	*fdp = fd;
	return file;
}
