// SPDX-License-Identifier: GPL-2.0-only
/*
 * Registry of event descriptions (include/ringtail/events.h).
 *
 * Instrumentation (built-in tables, test modules) registers tables; a
 * table's owner stays pinned while a session uses one of its events (the
 * event holds a module reference).  Subscribers learn that descriptions
 * appeared or went through a notifier chain: a blocking chain, called
 * without rt_events_lock, so that subscribers may walk the registry.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include <ringtail/events.h>

static LIST_HEAD(rt_event_tables);
static DEFINE_MUTEX(rt_events_lock);
static BLOCKING_NOTIFIER_HEAD(rt_events_subscribers);

int rt_events_register(struct rt_event_table *table)
{
	mutex_lock(&rt_events_lock);
	list_add_tail(&table->node, &rt_event_tables);
	mutex_unlock(&rt_events_lock);
	/* Enablers (globs) also match events that appear later. */
	rt_events_changed();
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

int rt_events_for_each(int (*fn)(const struct rt_event_desc *desc, void *priv),
		       void *priv, bool available)
{
	const struct rt_event_desc *d;
	struct rt_event_table *t;
	unsigned int i;
	int ret = 0;

	mutex_lock(&rt_events_lock);
	list_for_each_entry(t, &rt_event_tables, node) {
		for (i = 0; i < t->nr && !ret; i++) {
			d = &t->descs[i];
			if (available && d->kind->available && !d->kind->available(d))
				continue;
			ret = fn(d, priv);
			cond_resched();	/* thousands of them */
		}
		if (ret)
			break;
	}
	mutex_unlock(&rt_events_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(rt_events_for_each);

static int rt_events_named(const struct rt_event_desc *desc, void *priv)
{
	const struct rt_event_desc **found = priv;

	if (strcmp(desc->name, (*found)->name))
		return 0;
	*found = desc;
	return 1;
}

const struct rt_event_desc *rt_events_find(const char *name)
{
	struct rt_event_desc key = { .name = name };
	const struct rt_event_desc *found = &key;

	return rt_events_for_each(rt_events_named, &found, false) ? found : NULL;
}
EXPORT_SYMBOL_GPL(rt_events_find);

int rt_events_subscribe(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&rt_events_subscribers, nb);
}

void rt_events_unsubscribe(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&rt_events_subscribers, nb);
}

/* Descriptions appeared or went, or their availability changed. */
void rt_events_changed(void)
{
	blocking_notifier_call_chain(&rt_events_subscribers, 0, NULL);
}
EXPORT_SYMBOL_GPL(rt_events_changed);
