// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace clock and its plugins (see include/ringtail/clock.h).
 *
 * rt_clock_lock orders registration against rt_clock_get().  A plugin is
 * published as a pointer and a static key; both only change while
 * rt_clock_users is zero, i.e. while no session or ring buffer channel
 * exists, so no writer reads the clock then.  A reader that is not a
 * writer (a stream ioctl reading the time) may still race with a change:
 * it sees either clock, never a freed one, because the read side runs with
 * preemption disabled and unregistering waits for an RCU grace period
 * before the module can go.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/ctype.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <ringtail/clock.h>

static u64 rt_clock_monotonic_read(void)
{
	return ktime_get_mono_fast_ns();
}

/* Its uuid is the boot id, filled in by the metadata (metadata/tsdl.c). */
static const struct rt_trace_clock rt_clock_monotonic = {
	.name = "monotonic",
	.description = "Monotonic Clock",
	.freq = NSEC_PER_SEC,
	.read = rt_clock_monotonic_read,
};

static DEFINE_MUTEX(rt_clock_lock);
static const struct rt_trace_clock *rt_clock_plugin;
static unsigned int rt_clock_users;

DEFINE_STATIC_KEY_FALSE(rt_clock_plugged);
EXPORT_SYMBOL_GPL(rt_clock_plugged);

u64 notrace rt_clock_plugin_read(void)
{
	const struct rt_trace_clock *c;
	u64 t;

	preempt_disable_notrace();
	c = READ_ONCE(rt_clock_plugin);
	t = c ? c->read() : ktime_get_mono_fast_ns();
	preempt_enable_notrace();
	return t;
}
EXPORT_SYMBOL_GPL(rt_clock_plugin_read);

static bool rt_clock_valid(const struct rt_trace_clock *c)
{
	const char *p = c->name;
	int i;

	if (!c->read || !c->freq || !c->description || !p ||
	    !(isalpha(*p) || *p == '_'))
		return false;
	for (; *p; p++)
		if (!isalnum(*p) && *p != '_')
			return false;
	if (!c->uuid)
		return true;
	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? c->uuid[i] != '-' : !isxdigit(c->uuid[i]))
			return false;
	}
	return c->uuid[36] == '\0';
}

int rt_clock_register(const struct rt_trace_clock *clock)
{
	int ret = 0;

	if (!rt_clock_valid(clock))
		return -EINVAL;
	mutex_lock(&rt_clock_lock);
	if (rt_clock_users)
		ret = -EBUSY;
	else if (rt_clock_plugin)
		ret = -EEXIST;
	if (!ret) {
		WRITE_ONCE(rt_clock_plugin, clock);
		static_branch_enable(&rt_clock_plugged);
		pr_info("trace clock: %s (%llu Hz)\n", clock->name, clock->freq);
	}
	mutex_unlock(&rt_clock_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(rt_clock_register);

void rt_clock_unregister(const struct rt_trace_clock *clock)
{
	mutex_lock(&rt_clock_lock);
	/* Users pin the plugin's module: none can be left at its exit. */
	WARN_ON_ONCE(rt_clock_users);
	if (rt_clock_plugin == clock) {
		static_branch_disable(&rt_clock_plugged);
		WRITE_ONCE(rt_clock_plugin, NULL);
	}
	mutex_unlock(&rt_clock_lock);
	/* Readers that loaded the pointer are done with it. */
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(rt_clock_unregister);

const struct rt_trace_clock *rt_clock_get(void)
{
	const struct rt_trace_clock *c;

	mutex_lock(&rt_clock_lock);
	c = rt_clock_plugin ?: &rt_clock_monotonic;
	if (c->owner && !try_module_get(c->owner))
		c = ERR_PTR(-EAGAIN);
	else
		rt_clock_users++;
	mutex_unlock(&rt_clock_lock);
	return c;
}

void rt_clock_put(const struct rt_trace_clock *clock)
{
	mutex_lock(&rt_clock_lock);
	rt_clock_users--;
	mutex_unlock(&rt_clock_lock);
	module_put(clock->owner);
}
