/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Notification queues (notify/queue.c): what an event-notifier group's
 * notifiers write into and lttng-sessiond reads from its notification
 * file, as one byte stream of records (doc/lttng-abi.md, section 2.3:
 * a 42-byte header, then the capture).
 *
 * One queue per group, shared by every CPU: notifications come out in
 * the order they were written, which a per-CPU buffer could only give
 * with a merge on the reader's side.  Writers take the queue's lock with
 * interrupts off, for the time it takes to write one record (a few
 * hundred bytes at most).  A writer that would wait for a lock its own
 * CPU holds (an NMI, or a kprobe hit under the lock) gives up instead,
 * and so does any writer in NMI context when the lock is taken: it never
 * deadlocks, and the caller counts the notification as lost.
 *
 * The reader copies one record at a time out of the queue under the lock
 * and then to user space without it, so a read may end in the middle of
 * a record and the next read goes on from there, as with lttng-modules.
 */
#ifndef _RINGTAIL_NOTIFY_H
#define _RINGTAIL_NOTIFY_H

#include <linux/poll.h>
#include <linux/types.h>

/* A record's largest size: LTTng's header and capture buffer. */
#define RT_NQ_HEADER		42
#define RT_NQ_CAPTURE_MAX	512
#define RT_NQ_RECORD_MAX	(RT_NQ_HEADER + RT_NQ_CAPTURE_MAX)

struct rt_nq;

/* A queue of @size bytes (a power of two, at least a page). */
struct rt_nq *rt_nq_create(size_t size);
/* Once no writer can run any more. */
void rt_nq_destroy(struct rt_nq *q);

/*
 * Room for a record of up to @max bytes (at most RT_NQ_RECORD_MAX), or
 * NULL if the queue is full or its lock cannot be taken here.  Any
 * context; the caller writes the record and calls rt_nq_commit() with
 * its length (at most @max) and @flags, nothing else in between.
 */
void *rt_nq_reserve(struct rt_nq *q, size_t max, unsigned long *flags);
/*
 * Whether a record of @max bytes would find no room, at a glance, without
 * the lock: may be stale by the reader's latest pop.
 */
bool rt_nq_full(const struct rt_nq *q, size_t max);
void rt_nq_commit(struct rt_nq *q, size_t len, unsigned long flags);

/*
 * The reader (process context): read() and poll() of the notification
 * file.  Reads block until a record is there unless @nonblock.
 */
ssize_t rt_nq_read(struct rt_nq *q, char __user *buf, size_t count,
		   bool nonblock);
__poll_t rt_nq_poll(struct rt_nq *q, struct file *file, poll_table *wait);

#endif /* _RINGTAIL_NOTIFY_H */
