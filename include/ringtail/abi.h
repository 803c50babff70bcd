/* SPDX-License-Identifier: GPL-2.0-only */
/* The /proc/lttng control file and the files its ioctls hand out. */
#ifndef _RINGTAIL_ABI_H
#define _RINGTAIL_ABI_H

#include <uapi/ringtail/abi.h>

struct rt_rb_chan;

int rt_abi_init(void);
void rt_abi_exit(void);

int rt_tracepoint_list_fd(void);
int rt_syscall_list_fd(void);
int rt_session_fd(void);
int rt_notifier_group_fd(void);
int rt_stream_fd(struct rt_rb_chan *chan, unsigned int i, u64 stream_id,
		 bool metadata);

#endif /* _RINGTAIL_ABI_H */
