/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-notifier groups (session/notifier.c): what `lttng add-trigger`
 * on kernel events stands on.  lttng-sessiond makes one group when it
 * starts, creates one notifier in it per trigger, reads the group's
 * notifications from one notification file, and counts the
 * notifications the group could not deliver in its error counter, one
 * element per trigger (doc/lttng-abi.md, sections 1.2 and 2.2, category
 * i).
 *
 * A group's state changes under rt_sessions_lock.  Its error counter is
 * set once and published with a release, so whoever loads it with an
 * acquire (a probe that lost a notification) finds it complete.
 */
#ifndef _RINGTAIL_NOTIFIER_H
#define _RINGTAIL_NOTIFIER_H

#include <linux/types.h>

struct rt_counter;
struct rt_enabler;
struct rt_enabler_spec;
struct rt_nq;
struct rt_session;

struct rt_notifier_group {
	struct rt_session *session;	/* its notifiers' model */
	struct rt_nq *queue;		/* the notifications */
	struct rt_counter *error_counter;	/* NULL until set */
	bool reader;			/* the notification file is open */
};

/* ERR_PTR(-ENOMEM) */
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

/*
 * A notifier of the events @spec selects, disabled, writing @token and
 * counting its losses in element @error_index of the error counter:
 * -EINVAL if that is past the counter's end, else rt_enabler_create()'s
 * errors.  The spec's kind state is the enabler's, even on failure.
 */
struct rt_enabler *rt_notifier_create(struct rt_notifier_group *group,
				      const struct rt_enabler_spec *spec,
				      u64 token, u64 error_index);

#endif /* _RINGTAIL_NOTIFIER_H */
