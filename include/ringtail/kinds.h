/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kinds of instrumentation (kinds/): how the probes of events are
 * hooked to the kernel.  Each is a struct rt_kind (events.h) that event
 * descriptions point at and the session model drives.
 *
 *   rt_tracepoint_kind: one kernel tracepoint per event, found by name in
 *                       vmlinux or a module (kinds/tracepoint.c);
 *   rt_syscall_kind:    system call events, recorded by one probe pair on
 *                       sys_enter/sys_exit per channel (kinds/syscall.c).
 */
#ifndef _RINGTAIL_KINDS_H
#define _RINGTAIL_KINDS_H

#include <linux/list.h>
#include <ringtail/events.h>

extern struct rt_kind rt_tracepoint_kind;
extern struct rt_kind rt_syscall_kind;

/* A probe attached by tracepoint name, whenever such a tracepoint exists. */
struct tracepoint;
struct rt_tp_probe {
	struct list_head node;
	const char *name;
	void *probe;
	void *data;
	struct tracepoint *tp;	/* attached to, or NULL */
};
int rt_tp_attach(struct rt_tp_probe *p);
/* The probe may still run until tracepoint_synchronize_unregister(). */
void rt_tp_detach(struct rt_tp_probe *p);
bool rt_tp_exists(const char *name);

int rt_tracepoints_init(void);
void rt_tracepoints_exit(void);
int rt_syscall_kind_init(void);
void rt_syscall_kind_exit(void);

#endif /* _RINGTAIL_KINDS_H */
