// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event-notifier groups (include/ringtail/notifier.h).  A group is a
 * session of the model that never writes a trace (rt_session_create_
 * notifier()): each notifier is an enabler of its one channel, carrying
 * what it writes (struct rt_notify), and its events' filter sets write
 * the notifications into the group's queue (filter/capture.c).  So the
 * events of every kind of instrumentation notify as they record, through
 * the same probes.
 */
#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <ringtail/counter.h>
#include <ringtail/notifier.h>
#include <ringtail/notify.h>
#include <ringtail/session.h>

/* lttng-modules' notification buffer: 16 sub-buffers of a page. */
#define RT_NOTIFIER_QUEUE_SIZE	(64 * 1024)

struct rt_notifier_group *rt_notifier_group_create(void)
{
	struct rt_notifier_group *group = kzalloc(sizeof(*group), GFP_KERNEL);
	int ret;

	if (!group)
		return ERR_PTR(-ENOMEM);
	group->queue = rt_nq_create(RT_NOTIFIER_QUEUE_SIZE);
	if (IS_ERR(group->queue)) {
		ret = PTR_ERR(group->queue);
		goto free;
	}
	group->session = rt_session_create_notifier();
	if (IS_ERR(group->session)) {
		ret = PTR_ERR(group->session);
		rt_nq_destroy(group->queue);
		goto free;
	}
	return group;
free:
	kfree(group);
	return ERR_PTR(ret);
}

/*
 * The group's files are all closed: nothing can reach it any more.  Its
 * session goes first, which waits until no probe can still notify.
 */
void rt_notifier_group_destroy(struct rt_notifier_group *group)
{
	rt_session_destroy(group->session);
	rt_nq_destroy(group->queue);
	rt_counter_destroy(group->error_counter);
	kfree(group);
}

int rt_notifier_group_set_error_counter(struct rt_notifier_group *group,
					unsigned int nr_dims, const u64 *sizes,
					bool bits64)
{
	struct rt_counter *counter;

	lockdep_assert_held(&rt_sessions_lock);
	if (group->error_counter)
		return -EBUSY;
	counter = rt_counter_create(nr_dims, sizes, bits64);
	if (IS_ERR(counter))
		return PTR_ERR(counter);
	/* Release: whoever loads it with an acquire sees it zeroed. */
	smp_store_release(&group->error_counter, counter);
	return 0;
}

int rt_notifier_group_open_reader(struct rt_notifier_group *group)
{
	lockdep_assert_held(&rt_sessions_lock);
	if (group->reader)
		return -EBUSY;
	group->reader = true;
	return 0;
}

void rt_notifier_group_close_reader(struct rt_notifier_group *group)
{
	lockdep_assert_held(&rt_sessions_lock);
	group->reader = false;
}

struct rt_enabler *rt_notifier_create(struct rt_notifier_group *group,
				      const struct rt_enabler_spec *spec,
				      u64 token, u64 error_index)
{
	struct rt_channel *chan = list_first_entry(&group->session->chans,
						   struct rt_channel, node);
	struct rt_enabler *enabler;
	struct rt_notify *n;

	lockdep_assert_held(&rt_sessions_lock);
	/*
	 * Its element of the error counter, zeroed as lttng-modules does
	 * (lttng-sessiond clears it only when the trigger goes).
	 */
	if (group->error_counter &&
	    rt_counter_clear(group->error_counter, &error_index)) {
		rt_enabler_spec_release(spec);
		return ERR_PTR(-EINVAL);
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n) {
		rt_enabler_spec_release(spec);
		return ERR_PTR(-ENOMEM);
	}
	n->token = token;
	n->error_index = error_index;
	n->queue = group->queue;
	n->counter = &group->error_counter;
	/* Disabled: nothing reads n until it is the enabler's. */
	enabler = rt_enabler_create(chan, spec);
	if (IS_ERR(enabler)) {
		kfree(n);
		return enabler;
	}
	enabler->notify = n;
	return enabler;
}
