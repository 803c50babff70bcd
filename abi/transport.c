// SPDX-License-Identifier: GPL-2.0-only
/*
 * Registry of ring buffer clients.  See include/ringtail/transport.h.
 *
 * Clients register from their module_init and unregister from module_exit.
 * A user of a transport holds a reference on its module (rt_transport_get),
 * so a registered transport cannot go away while a channel uses it; the
 * mutex only orders list updates against lookups.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/mutex.h>
#include <linux/string.h>
#include <ringtail/transport.h>

static LIST_HEAD(rt_transports);
static DEFINE_MUTEX(rt_transports_lock);

static bool rt_transport_same_kind(const struct rt_transport *a,
				   enum rt_output output, bool overwrite,
				   bool metadata)
{
	return a->output == output && a->overwrite == overwrite &&
	       a->metadata == metadata;
}

int rt_transport_register(struct rt_transport *t)
{
	struct rt_transport *cur;
	int ret = 0;

	mutex_lock(&rt_transports_lock);
	list_for_each_entry(cur, &rt_transports, node) {
		if (!strcmp(cur->name, t->name) ||
		    rt_transport_same_kind(cur, t->output, t->overwrite,
					   t->metadata)) {
			ret = -EEXIST;
			goto out;
		}
	}
	list_add_tail(&t->node, &rt_transports);
	pr_debug("transport %s registered\n", t->name);
out:
	mutex_unlock(&rt_transports_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(rt_transport_register);

void rt_transport_unregister(struct rt_transport *t)
{
	mutex_lock(&rt_transports_lock);
	list_del(&t->node);
	mutex_unlock(&rt_transports_lock);
}
EXPORT_SYMBOL_GPL(rt_transport_unregister);

/*
 * Find the transport for a channel of this kind and pin its module.
 * Returns NULL when the client module is not loaded (or is unloading).
 */
struct rt_transport *rt_transport_get(enum rt_output output, bool overwrite,
				      bool metadata)
{
	struct rt_transport *cur, *found = NULL;

	mutex_lock(&rt_transports_lock);
	list_for_each_entry(cur, &rt_transports, node) {
		if (rt_transport_same_kind(cur, output, overwrite, metadata) &&
		    try_module_get(cur->owner)) {
			found = cur;
			break;
		}
	}
	mutex_unlock(&rt_transports_lock);
	return found;
}

void rt_transport_put(struct rt_transport *t)
{
	module_put(t->owner);
}
