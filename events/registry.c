// SPDX-License-Identifier: GPL-2.0-only
/*
 * Registry of event descriptions.  Instrumentation (built-in tables, later
 * probe modules) registers tables; a table's owner stays pinned while a
 * session uses one of its events (the event holds a module reference).
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <ringtail/events.h>

static LIST_HEAD(rt_event_tables);
static DEFINE_MUTEX(rt_events_lock);

int rt_events_register(struct rt_event_table *table)
{
	mutex_lock(&rt_events_lock);
	list_add_tail(&table->node, &rt_event_tables);
	mutex_unlock(&rt_events_lock);
	/* Enablers (globs) also match events that appear later. */
	rt_sessions_resync();
	return 0;
}
EXPORT_SYMBOL_GPL(rt_events_register);

void rt_events_unregister(struct rt_event_table *table)
{
	mutex_lock(&rt_events_lock);
	list_del(&table->node);
	mutex_unlock(&rt_events_lock);
}
EXPORT_SYMBOL_GPL(rt_events_unregister);

void rt_events_for_each(void (*fn)(const struct rt_event_desc *desc, void *priv),
			void *priv)
{
	struct rt_event_table *t;
	unsigned int i;

	mutex_lock(&rt_events_lock);
	list_for_each_entry(t, &rt_event_tables, node)
		for (i = 0; i < t->nr; i++)
			fn(&t->descs[i], priv);
	mutex_unlock(&rt_events_lock);
}
EXPORT_SYMBOL_GPL(rt_events_for_each);

const struct rt_event_desc *rt_events_find(const char *name)
{
	const struct rt_event_desc *found = NULL;
	struct rt_event_table *t;
	unsigned int i;

	mutex_lock(&rt_events_lock);
	list_for_each_entry(t, &rt_event_tables, node)
		for (i = 0; i < t->nr && !found; i++)
			if (!strcmp(t->descs[i].name, name))
				found = &t->descs[i];
	mutex_unlock(&rt_events_lock);
	return found;
}
