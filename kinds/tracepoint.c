// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tracepoint kind: probes attached to kernel tracepoints by name, in
 * vmlinux and in modules, including modules loaded after a session
 * enabled their events.
 *
 * A probe (struct rt_tp_probe, one per event) stays on rt_tp_probes from
 * rt_tp_attach() to rt_tp_detach(), attached whenever a tracepoint of its
 * name exists.  The tracepoint module notifier tells us of every module
 * with tracepoints, those already loaded included: when one comes, the
 * waiting probes of its tracepoints are attached and sessions resync (their
 * enablers may match events that only now exist); when one goes, the
 * probes attached to it are detached before its memory goes away.
 *
 * rt_tp_lock orders everything here.  The notifier runs under the
 * tracepoint core's module list mutex; the registry's subscribers it
 * notifies (the sessions, which re-match their enablers) take their own
 * lock, then (attaching) rt_tp_lock, the order every other path uses, and
 * rt_tp_lock is never held while notifying.
 *
 * An event's probe gets its struct rt_event as data; the kind keeps the
 * event's struct rt_tp_probe in event->kind_data.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

struct rt_tp_mod {
	struct list_head node;
	struct tp_module *tp_mod;
};

static LIST_HEAD(rt_tp_probes);
static LIST_HEAD(rt_tp_mods);
static DEFINE_MUTEX(rt_tp_lock);

struct rt_tp_lookup {
	const char *name;
	struct tracepoint *tp;
};

static void rt_tp_match(struct tracepoint *tp, void *priv)
{
	struct rt_tp_lookup *l = priv;

	if (!l->tp && !strcmp(tp->name, l->name))
		l->tp = tp;
}

static struct tracepoint *rt_tp_in_module(struct module *mod, const char *name)
{
	unsigned int i;

	for (i = 0; i < mod->num_tracepoints; i++) {
		struct tracepoint *tp = tracepoint_ptr_deref(&mod->tracepoints_ptrs[i]);

		if (!strcmp(tp->name, name))
			return tp;
	}
	return NULL;
}

/* The tracepoint called @name, in vmlinux or a known module.  rt_tp_lock. */
static struct tracepoint *rt_tp_find(const char *name)
{
	struct rt_tp_lookup l = { .name = name };
	struct rt_tp_mod *m;

	for_each_kernel_tracepoint(rt_tp_match, &l);
	list_for_each_entry(m, &rt_tp_mods, node) {
		if (l.tp)
			break;
		l.tp = rt_tp_in_module(m->tp_mod->mod, name);
	}
	return l.tp;
}

bool rt_tp_exists(const char *name)
{
	bool ret;

	mutex_lock(&rt_tp_lock);
	ret = rt_tp_find(name);
	mutex_unlock(&rt_tp_lock);
	return ret;
}

static int rt_tp_register(struct rt_tp_probe *p, struct tracepoint *tp)
{
	int ret = tracepoint_probe_register(tp, p->probe, p->data);

	if (!ret)
		p->tp = tp;
	return ret;
}

/*
 * Attach @p to the tracepoint of its name now if there is one, else when
 * a module brings it.  Fails only if the tracepoint exists and refuses it.
 */
int rt_tp_attach(struct rt_tp_probe *p)
{
	struct tracepoint *tp;
	int ret = 0;

	mutex_lock(&rt_tp_lock);
	p->tp = NULL;
	tp = rt_tp_find(p->name);
	if (tp)
		ret = rt_tp_register(p, tp);
	if (!ret)
		list_add_tail(&p->node, &rt_tp_probes);
	mutex_unlock(&rt_tp_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(rt_tp_attach);

/* The probe may still run until tracepoint_synchronize_unregister(). */
void rt_tp_detach(struct rt_tp_probe *p)
{
	mutex_lock(&rt_tp_lock);
	if (p->tp)
		tracepoint_probe_unregister(p->tp, p->probe, p->data);
	p->tp = NULL;
	list_del(&p->node);
	mutex_unlock(&rt_tp_lock);
}
EXPORT_SYMBOL_GPL(rt_tp_detach);

static int rt_tp_module_coming(struct tp_module *tp_mod)
{
	struct rt_tp_mod *m = kzalloc(sizeof(*m), GFP_KERNEL);
	struct rt_tp_probe *p;
	struct tracepoint *tp;

	if (!m)
		return -ENOMEM;
	m->tp_mod = tp_mod;
	mutex_lock(&rt_tp_lock);
	list_add_tail(&m->node, &rt_tp_mods);
	list_for_each_entry(p, &rt_tp_probes, node) {
		if (p->tp)
			continue;
		tp = rt_tp_in_module(tp_mod->mod, p->name);
		if (tp && rt_tp_register(p, tp))
			pr_warn("ringtail: cannot attach to tracepoint %s of %s\n",
				p->name, tp_mod->mod->name);
	}
	mutex_unlock(&rt_tp_lock);
	/* Events of this module can be attached now: enablers may match them. */
	rt_events_changed();
	return 0;
}

static void rt_tp_module_going(struct tp_module *tp_mod)
{
	struct module *mod = tp_mod->mod;
	struct rt_tp_probe *p;
	struct rt_tp_mod *m;

	mutex_lock(&rt_tp_lock);
	list_for_each_entry(p, &rt_tp_probes, node) {
		if (p->tp && within_module((unsigned long)p->tp, mod)) {
			tracepoint_probe_unregister(p->tp, p->probe, p->data);
			p->tp = NULL;
		}
	}
	list_for_each_entry(m, &rt_tp_mods, node) {
		if (m->tp_mod == tp_mod) {
			list_del(&m->node);
			kfree(m);
			break;
		}
	}
	mutex_unlock(&rt_tp_lock);
}

static int rt_tp_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	switch (val) {
	case MODULE_STATE_COMING:
		if (rt_tp_module_coming(data))
			pr_warn("ringtail: no memory to follow a module's tracepoints\n");
		break;
	case MODULE_STATE_GOING:
		rt_tp_module_going(data);
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block rt_tp_nb = {
	.notifier_call = rt_tp_notify,
};

/* The kind of events attached to one tracepoint each, by its name. */
static bool rt_tp_kind_available(const struct rt_event_desc *desc)
{
	return rt_tp_exists(desc->tp_name);
}

static int rt_tp_kind_attach(struct rt_event *event)
{
	struct rt_tp_probe *p = kzalloc(sizeof(*p), GFP_KERNEL);
	int ret;

	if (!p)
		return -ENOMEM;
	p->name = event->desc->tp_name;
	p->probe = event->desc->probe;
	p->data = event;
	ret = rt_tp_attach(p);
	if (ret) {
		kfree(p);
		return ret;
	}
	event->kind_data = p;
	return 0;
}

/* Freed by rt_tp_kind_synchronize(), once no probe can use the event. */
static LIST_HEAD(rt_tp_detached);

static void rt_tp_kind_detach(struct rt_event *event)
{
	struct rt_tp_probe *p = event->kind_data;

	rt_tp_detach(p);
	mutex_lock(&rt_tp_lock);
	list_add_tail(&p->node, &rt_tp_detached);
	mutex_unlock(&rt_tp_lock);
	event->kind_data = NULL;
}

static void rt_tp_kind_synchronize(void)
{
	struct rt_tp_probe *p, *tmp;
	LIST_HEAD(done);

	/* Those detached before the grace period starts. */
	mutex_lock(&rt_tp_lock);
	list_splice_init(&rt_tp_detached, &done);
	mutex_unlock(&rt_tp_lock);
	/* Probes run with preemption disabled, or under SRCU (faultable). */
	tracepoint_synchronize_unregister();
	list_for_each_entry_safe(p, tmp, &done, node)
		kfree(p);
}

struct rt_kind rt_tracepoint_kind = {
	.name = "tracepoint",
	.available = rt_tp_kind_available,
	.attach = rt_tp_kind_attach,
	.detach = rt_tp_kind_detach,
	.synchronize = rt_tp_kind_synchronize,
};
EXPORT_SYMBOL_GPL(rt_tracepoint_kind);

int rt_tracepoints_init(void)
{
	int ret;

	rt_kind_register(&rt_tracepoint_kind);
	ret = register_tracepoint_module_notifier(&rt_tp_nb);
	if (ret)
		rt_kind_unregister(&rt_tracepoint_kind);
	return ret;
}

void rt_tracepoints_exit(void)
{
	struct rt_tp_mod *m, *tmp;

	unregister_tracepoint_module_notifier(&rt_tp_nb);
	list_for_each_entry_safe(m, tmp, &rt_tp_mods, node) {
		list_del(&m->node);
		kfree(m);
	}
	rt_kind_unregister(&rt_tracepoint_kind);
}
