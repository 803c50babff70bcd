// SPDX-License-Identifier: GPL-2.0-only
/*
 * The uprobe kind: `lttng enable-event -k --userspace-probe
 * elf:PATH:SYMBOL | sdt:PATH:PROVIDER:NAME`.  lttng-sessiond resolves the
 * offsets in the binary itself and hands over a file descriptor of it,
 * then each call site's file offset (ADD_CALLSITE): one for a function,
 * one per expansion of an SDT probe.
 *
 * Each such enabler brings its own event description, in a struct
 * rt_uprobe it owns: one event NAME with `ip`, the user address of the
 * call site hit, as lttng-modules records it.  The probe is keyed by the
 * inode that holds the file's pages: on a stacked file system (overlayfs,
 * the root of a container or of our test guests) that is the inode below,
 * as the kernel's own uprobe events do, since the overlay's has no pages
 * of its own for the uprobe core to read.  We keep the path, which pins
 * the inode and its mount, as uprobe_register() requires.
 *
 * A call site is checked when added (registered and, unless the event
 * records, unregistered again: an offset past the file's end, a file
 * system whose pages cannot be read, or an instruction the uprobe core
 * cannot probe in a process that maps the file fails there), and
 * registered only while the event records.
 *
 * Handlers run in the probed task, preemptible.  Once a site is
 * unregistered and rt_uprobe_unreg_wait() has returned, none of its
 * handlers runs: kernels whose uprobe_unregister() takes the uprobe's
 * register_rwsem for writing wait in it; kernels that split it into
 * uprobe_unregister_nosync() and uprobe_unregister_sync() run handlers
 * under tasks-trace RCU and wait in the latter, which we call once per
 * batch, before a site is freed or its consumer (a list node of the
 * uprobe's) registered again.  Recording needs preemption off
 * (this CPU's buffer, the scratch records, the RCU-freed filters and
 * trackers), so the handler disables it around the write: the model's
 * synchronize() then waits for it with an RCU grace period, as for every
 * other kind.
 */
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/uprobes.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

/* Call sites of one event: an SDT probe's expansions; more is abuse. */
#define RT_UPROBE_SITES_MAX	4096

struct rt_uprobe {
	struct path path;
	struct inode *inode;		/* the one with the pages */
	struct rt_event *event;
	bool armed;			/* its sites registered */
	unsigned int nr_sites;
	struct list_head sites;
	struct rt_event_desc desc;
	char name[RT_NAME_LEN];
};

struct rt_uprobe_site {
	struct list_head node;
	struct uprobe_consumer uc;
	struct uprobe *uprobe;		/* while registered, where returned */
	struct rt_uprobe *up;
	loff_t offset;
};

/*
 * The uprobe core's two registration interfaces; which one this kernel
 * has, the Kbuild reads off its <linux/uprobes.h>.
 */
#ifdef RT_HAVE_UPROBE_NOSYNC
static int rt_uprobe_reg(struct rt_uprobe_site *site)
{
	struct uprobe *u = uprobe_register(site->up->inode, site->offset, 0,
					   &site->uc);

	if (IS_ERR(u))
		return PTR_ERR(u);
	site->uprobe = u;
	return 0;
}

static void rt_uprobe_unreg(struct rt_uprobe_site *site)
{
	uprobe_unregister_nosync(site->uprobe, &site->uc);
	site->uprobe = NULL;
}

static void rt_uprobe_unreg_wait(void)
{
	uprobe_unregister_sync();
}
#else
static int rt_uprobe_reg(struct rt_uprobe_site *site)
{
	return uprobe_register(site->up->inode, site->offset, &site->uc);
}

static void rt_uprobe_unreg(struct rt_uprobe_site *site)
{
	uprobe_unregister(site->up->inode, site->offset, &site->uc);
}

/* uprobe_unregister() has waited. */
static void rt_uprobe_unreg_wait(void)
{
}
#endif

static const struct rt_field rt_uprobe_fields[] = {
	{ .name = "ip", .type = RT_FIELD_INT, .size = sizeof(long), .base = 16 },
};

static int notrace rt_uprobe_handler(struct uprobe_consumer *uc,
				     struct pt_regs *regs)
{
	struct rt_uprobe_site *site = container_of(uc, struct rt_uprobe_site, uc);
	struct rt_event_write w;
	struct rt_event *event;
	unsigned long *pl;

	preempt_disable_notrace();
	event = READ_ONCE(site->up->event);
	if (event && rt_event_recording(event)) {
		pl = rt_event_begin(event, &w, sizeof(long));
		if (pl) {
			put_unaligned(instruction_pointer(regs), pl);
			rt_event_end(event, &w);
		}
	}
	preempt_enable_notrace();
	return 0;
}

static void rt_uprobe_disarm(struct rt_uprobe *up)
{
	struct rt_uprobe_site *site;

	list_for_each_entry(site, &up->sites, node)
		rt_uprobe_unreg(site);
	rt_uprobe_unreg_wait();
	up->armed = false;
}

static int rt_uprobe_arm(struct rt_uprobe *up)
{
	struct rt_uprobe_site *site;
	int ret;

	list_for_each_entry(site, &up->sites, node) {
		ret = rt_uprobe_reg(site);
		if (ret) {
			list_for_each_entry_continue_reverse(site, &up->sites, node)
				rt_uprobe_unreg(site);
			rt_uprobe_unreg_wait();
			return ret;
		}
		cond_resched();
	}
	up->armed = true;
	return 0;
}

static int rt_uprobe_attach(struct rt_event *event)
{
	struct rt_uprobe *up = (struct rt_uprobe *)event->desc->kind_data;

	WRITE_ONCE(up->event, event);
	return 0;
}

static void rt_uprobe_detach(struct rt_event *event)
{
	struct rt_uprobe *up = (struct rt_uprobe *)event->desc->kind_data;

	if (up->armed)
		rt_uprobe_disarm(up);
	WRITE_ONCE(up->event, NULL);
}

static int rt_uprobe_update(struct rt_event *event)
{
	struct rt_uprobe *up = (struct rt_uprobe *)event->desc->kind_data;

	if (!event->recording) {
		if (up->armed)
			rt_uprobe_disarm(up);
		return 0;
	}
	return up->armed ? 0 : rt_uprobe_arm(up);
}

/* Handlers write with preemption disabled. */
static void rt_uprobe_synchronize(void)
{
	synchronize_rcu();
}

/* Once its event is detached: no site is registered any more. */
static void rt_uprobe_release(void *kind_data)
{
	struct rt_uprobe *up = kind_data;
	struct rt_uprobe_site *site, *tmp;

	list_for_each_entry_safe(site, tmp, &up->sites, node)
		kfree(site);
	iput(up->inode);
	path_put(&up->path);
	kfree(up);
}

struct rt_kind rt_uprobe_kind = {
	.name = "uprobe",
	.attach = rt_uprobe_attach,
	.detach = rt_uprobe_detach,
	.update = rt_uprobe_update,
	.synchronize = rt_uprobe_synchronize,
	.release = rt_uprobe_release,
};

int rt_uprobe_spec(struct rt_enabler_spec *spec, const struct rt_probe_attr *a)
{
	struct rt_uprobe *up;
	struct file *file;
	int ret;

	file = fget(a->fd);
	if (!file)
		return -EBADF;
	ret = -EINVAL;
	if (!S_ISREG(file_inode(file)->i_mode))
		goto put;
	ret = -ENOMEM;
	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		goto put;
	up->path = file->f_path;
	path_get(&up->path);
	up->inode = igrab(d_real_inode(file->f_path.dentry));
	if (!up->inode) {
		path_put(&up->path);
		kfree(up);
		goto put;
	}
	INIT_LIST_HEAD(&up->sites);
	strscpy(up->name, spec->name, sizeof(up->name));
	up->desc.name = up->name;
	up->desc.kind = &rt_uprobe_kind;
	up->desc.kind_data = up;
	up->desc.fields = rt_uprobe_fields;
	up->desc.nr_fields = ARRAY_SIZE(rt_uprobe_fields);
	up->desc.payload_len = sizeof(long);
	up->desc.payload_align = RT_CTF_ALIGN(sizeof(long));
	spec->kind = &rt_uprobe_kind;
	spec->descs = &up->desc;
	spec->nr_descs = 1;
	spec->kind_data = up;
	ret = 0;
put:
	fput(file);
	return ret;
}

int rt_uprobe_add_callsite(struct rt_enabler *enabler, u64 offset)
{
	struct rt_uprobe *up = enabler->spec.kind_data;
	struct rt_uprobe_site *site;
	int ret;

	if (enabler->spec.kind != &rt_uprobe_kind)
		return -EINVAL;
	if (offset > LLONG_MAX)
		return -EINVAL;
	if (up->nr_sites == RT_UPROBE_SITES_MAX)
		return -ENOSPC;
	list_for_each_entry(site, &up->sites, node)
		if (site->offset == offset)
			return -EEXIST;
	site = kzalloc(sizeof(*site), GFP_KERNEL);
	if (!site)
		return -ENOMEM;
	site->uc.handler = rt_uprobe_handler;
	site->up = up;
	site->offset = offset;
	ret = rt_uprobe_reg(site);
	if (ret) {
		kfree(site);
		return ret;
	}
	if (!up->armed) {
		rt_uprobe_unreg(site);
		rt_uprobe_unreg_wait();
	}
	list_add_tail(&site->node, &up->sites);
	up->nr_sites++;
	return 0;
}

int rt_uprobe_kind_init(void)
{
	rt_kind_register(&rt_uprobe_kind);
	return 0;
}

void rt_uprobe_kind_exit(void)
{
	rt_kind_unregister(&rt_uprobe_kind);
}
