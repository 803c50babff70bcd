// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attaching probes to kernel tracepoints by name, in vmlinux and in
 * modules, including modules loaded after a session enabled their events.
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
 * tracepoint core's module list mutex; the resync it triggers takes
 * rt_sessions_lock then (through rt_tp_attach) rt_tp_lock, the order every
 * other path uses, and rt_tp_lock is never held while calling into
 * sessions.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <ringtail/events.h>

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

static void rt_tp_register(struct rt_tp_probe *p, struct tracepoint *tp)
{
	int ret = tracepoint_probe_register(tp, p->probe, p->data);

	if (ret)
		pr_warn("ringtail: cannot attach to tracepoint %s: %d\n", p->name, ret);
	else
		p->tp = tp;
}

int rt_tp_attach(struct rt_tp_probe *p)
{
	struct tracepoint *tp;

	mutex_lock(&rt_tp_lock);
	p->tp = NULL;
	list_add_tail(&p->node, &rt_tp_probes);
	tp = rt_tp_find(p->name);
	if (tp)
		rt_tp_register(p, tp);
	mutex_unlock(&rt_tp_lock);
	return 0;
}

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
		if (tp)
			rt_tp_register(p, tp);
	}
	mutex_unlock(&rt_tp_lock);
	/* Enablers may match events of this module. */
	rt_sessions_resync();
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

int rt_tracepoints_init(void)
{
	return register_tracepoint_module_notifier(&rt_tp_nb);
}

void rt_tracepoints_exit(void)
{
	struct rt_tp_mod *m, *tmp;

	unregister_tracepoint_module_notifier(&rt_tp_nb);
	list_for_each_entry_safe(m, tmp, &rt_tp_mods, node) {
		list_del(&m->node);
		kfree(m);
	}
}
