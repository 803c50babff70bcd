/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _RINGTAIL_FILE_H
#define _RINGTAIL_FILE_H

#include <linux/fs.h>

/*
 * A new anonymous file and a reserved fd for it (close-on-exec).  The
 * caller finishes setting the file up, then publishes it with
 * fd_install(*fdp, file); nothing can reach it before that.
 */
struct file *rt_anon_file(const char *name, const struct file_operations *fops,
			  void *priv, int flags, int *fdp);

#endif /* _RINGTAIL_FILE_H */
