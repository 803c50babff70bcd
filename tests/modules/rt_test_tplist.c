// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only: /proc/rt_test_tracepoints lists every tracepoint of the running
 * kernel (vmlinux, then each loaded module's, learnt from the tracepoint
 * module notifier) as "name owner described source attached": whether
 * Ringtail has an event description for it, whether that description
 * needed the kernel's source tree, and whether some probe is attached now.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <ringtail/events.h>

struct rt_tpl_mod {
	struct list_head node;
	struct module *mod;
};

static LIST_HEAD(rt_tpl_mods);
static DEFINE_MUTEX(rt_tpl_lock);

struct rt_tpl_query {
	const char *name;
	int described, source;
};

static int rt_tpl_desc(const struct rt_event_desc *desc, void *priv)
{
	struct rt_tpl_query *q = priv;

	if (desc->tp_name && !strcmp(desc->tp_name, q->name)) {
		q->described = 1;
		q->source |= desc->source;
	}
	return 0;
}

static void rt_tpl_show(struct seq_file *m, struct tracepoint *tp, const char *owner)
{
	struct rt_tpl_query q = { .name = tp->name };

	rt_events_for_each(rt_tpl_desc, &q, false);
	seq_printf(m, "%s %s %d %d %d\n", tp->name, owner, q.described, q.source,
		   static_key_enabled(&tp->key));
}

static void rt_tpl_vmlinux(struct tracepoint *tp, void *priv)
{
	rt_tpl_show(priv, tp, "vmlinux");
}

static int rt_tpl_proc_show(struct seq_file *m, void *v)
{
	struct rt_tpl_mod *t;
	unsigned int i;

	for_each_kernel_tracepoint(rt_tpl_vmlinux, m);
	mutex_lock(&rt_tpl_lock);
	list_for_each_entry(t, &rt_tpl_mods, node)
		for (i = 0; i < t->mod->num_tracepoints; i++)
			rt_tpl_show(m, tracepoint_ptr_deref(&t->mod->tracepoints_ptrs[i]),
				    t->mod->name);
	mutex_unlock(&rt_tpl_lock);
	return 0;
}

static int rt_tpl_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	struct tp_module *tp_mod = data;
	struct rt_tpl_mod *t, *tmp;

	mutex_lock(&rt_tpl_lock);
	if (val == MODULE_STATE_COMING) {
		t = kzalloc(sizeof(*t), GFP_KERNEL);
		if (t) {
			t->mod = tp_mod->mod;
			list_add_tail(&t->node, &rt_tpl_mods);
		}
	} else if (val == MODULE_STATE_GOING) {
		list_for_each_entry_safe(t, tmp, &rt_tpl_mods, node)
			if (t->mod == tp_mod->mod) {
				list_del(&t->node);
				kfree(t);
			}
	}
	mutex_unlock(&rt_tpl_lock);
	return NOTIFY_OK;
}

static struct notifier_block rt_tpl_nb = { .notifier_call = rt_tpl_notify };

static int __init rt_tpl_init(void)
{
	int ret = register_tracepoint_module_notifier(&rt_tpl_nb);

	if (ret)
		return ret;
	if (!proc_create_single("rt_test_tracepoints", 0400, NULL, rt_tpl_proc_show)) {
		unregister_tracepoint_module_notifier(&rt_tpl_nb);
		return -ENOMEM;
	}
	return 0;
}
module_init(rt_tpl_init);

static void __exit rt_tpl_exit(void)
{
	remove_proc_entry("rt_test_tracepoints", NULL);
	unregister_tracepoint_module_notifier(&rt_tpl_nb);
}
module_exit(rt_tpl_exit);

MODULE_LICENSE("GPL");
