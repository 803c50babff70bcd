/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-notifier groups (session/notifier.c): what `lttng add-trigger`
 * on kernel events stands on.  lttng-sessiond makes one group when it
 * starts, reads the group's notifications from one notification file,
 * and counts the notifications the group could not deliver in its error
 * counter, one element per trigger (doc/lttng-abi.md, sections 1.2 and
 * 2.2, category i).
 *
 * A group's state changes under rt_sessions_lock.  Its error counter is
 * set once and published with a release, so whoever loads it with an
 * acquire (a probe that lost a notification) finds it complete.
 */
#ifndef _RINGTAIL_NOTIFIER_H
#define _RINGTAIL_NOTIFIER_H

#include <linux/types.h>
#include <linux/wait.h>

struct rt_counter;

struct rt_notifier_group {
	struct rt_counter *error_counter;	/* NULL until set */
	bool reader;				/* the notification file is open */
	wait_queue_head_t read_wait;
};

struct rt_notifier_group *rt_notifier_group_create(void);
void rt_notifier_group_destroy(struct rt_notifier_group *group);

/*
 * The group's error counter, of @nr_dims dimensions of @sizes elements,
 * 64-bit if @bits64: -EBUSY once it has one, else rt_counter_create()'s
 * errors.
 */
int rt_notifier_group_set_error_counter(struct rt_notifier_group *group,
					unsigned int nr_dims, const u64 *sizes,
					bool bits64);

/* The one reader of the group's notifications: -EBUSY if there is one. */
int rt_notifier_group_open_reader(struct rt_notifier_group *group);
void rt_notifier_group_close_reader(struct rt_notifier_group *group);

/* Whether a notification waits to be read: never before notifiers exist. */
bool rt_notifier_group_readable(struct rt_notifier_group *group);

#endif /* _RINGTAIL_NOTIFIER_H */
