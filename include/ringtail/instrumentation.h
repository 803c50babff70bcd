/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instrumentation built into the core module (instrumentation/): the
 * event descriptions generated from the kernel's event headers, LTTng's
 * names and fields for them, the hand-written events, the system call
 * descriptions and lttng-logger.
 */
#ifndef _RINGTAIL_INSTRUMENTATION_H
#define _RINGTAIL_INSTRUMENTATION_H

#include <linux/types.h>
#include <ringtail/record.h>

int rt_instrumentation_init(void);
void rt_instrumentation_exit(void);
int rt_instrumentation_sched_init(void);
void rt_instrumentation_sched_exit(void);
int rt_instrumentation_logger_init(void);
void rt_instrumentation_logger_exit(void);
int rt_instrumentation_syscalls_init(void);
void rt_instrumentation_syscalls_exit(void);
int rt_instrumentation_statedump_init(void);
void rt_instrumentation_statedump_exit(void);

struct rt_session;
/*
 * instrumentation/statedump.c: record the state dump into @session's
 * channels whose lttng_statedump_* events record (at each start and on
 * SESSION_STATEDUMP).  Process context, the model's lock held.
 */
int rt_statedump(struct rt_session *session);

/* instrumentation/overlay.c: LTTng's name and fields for a tracepoint. */
const struct rt_overlay *rt_overlay_find(const char *tp);

/* instrumentation/syscalls.c: SYSCALL_LIST's text (abi/list.c). */
void rt_syscalls_for_each(void (*fn)(unsigned int index, const char *name,
				     unsigned int bitness, void *priv),
			  void *priv);

#endif /* _RINGTAIL_INSTRUMENTATION_H */
