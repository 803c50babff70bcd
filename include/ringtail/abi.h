/* SPDX-License-Identifier: GPL-2.0-only */
/* The /proc/lttng control file and the files its ioctls hand out. */
#ifndef _RINGTAIL_ABI_H
#define _RINGTAIL_ABI_H

#include <uapi/ringtail/abi.h>

struct rt_rb_chan;
struct rt_enabler;
struct rt_enabler_spec;

int rt_abi_init(void);
void rt_abi_exit(void);

int rt_tracepoint_list_fd(void);
int rt_syscall_list_fd(void);
int rt_session_fd(void);
int rt_notifier_group_fd(void);
/*
 * abi/session.c, for event notifiers too: the model's enabler for EVENT's
 * argument, and ENABLE or DISABLE of an enabler (-EEXIST for a probe's
 * already so).
 */
int rt_abi_enabler_spec(struct rt_enabler_spec *spec,
			const struct rt_abi_event *attr);
int rt_abi_enabler_set_enabled(struct rt_enabler *enabler, bool enabled);
long rt_abi_enabler_ioctl(struct rt_enabler *enabler, unsigned int cmd,
			  unsigned long arg);
int rt_stream_fd(struct rt_rb_chan *chan, unsigned int i, u64 stream_id,
		 bool metadata);

#endif /* _RINGTAIL_ABI_H */
