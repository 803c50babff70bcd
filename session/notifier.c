// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event-notifier groups (include/ringtail/notifier.h): the group, its one
 * reader and its error counter.  Notifiers themselves, which fire into a
 * group, are not there yet: until they are, a group never has a
 * notification to read and its error counter stays at zero.
 */
#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <ringtail/counter.h>
#include <ringtail/notifier.h>
#include <ringtail/session.h>

struct rt_notifier_group *rt_notifier_group_create(void)
{
	struct rt_notifier_group *group = kzalloc(sizeof(*group), GFP_KERNEL);

	if (!group)
		return NULL;
	init_waitqueue_head(&group->read_wait);
	return group;
}

/* The group's files are all closed: nothing can reach it any more. */
void rt_notifier_group_destroy(struct rt_notifier_group *group)
{
	if (!group)
		return;
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

bool rt_notifier_group_readable(struct rt_notifier_group *group)
{
	return false;
}
