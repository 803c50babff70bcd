/* SPDX-License-Identifier: GPL-2.0-only */
/* The /proc/lttng control file and the files its ioctls hand out. */
#ifndef _RINGTAIL_ABI_H
#define _RINGTAIL_ABI_H

#include <linux/seq_file.h>
#include <uapi/ringtail/abi.h>

int rt_abi_init(void);
void rt_abi_exit(void);

/* A read-only text file produced by @ops, installed as a new fd. */
int rt_list_fd(const char *name, const struct seq_operations *ops);
int rt_tracepoint_list_fd(void);
int rt_syscall_list_fd(void);

#endif /* _RINGTAIL_ABI_H */
