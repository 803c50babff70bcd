// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kprobe and kretprobe kinds: `lttng enable-event -k --probe
 * SYMBOL[+OFFSET]|ADDRESS` and `--function SYMBOL`, placed through the
 * kernel's exported kprobe API (it finds the symbol itself).
 *
 * Each such enabler brings its own event descriptions, in a struct
 * rt_kprobe it owns: a kprobe's one event NAME, with the probed address
 * `ip`; a kretprobe's NAME_entry and NAME_exit, with the function's
 * address `ip` and the address it returns to, `parent_ip`, as lttng-modules
 * names and shapes them.  The probe is registered disabled when its
 * events are created, so that a symbol the kernel refuses (unknown,
 * blacklisted, notrace, an offset inside an instruction) fails `lttng
 * enable-event` with the kernel's errno; it is armed only while one of
 * its events records, and costs nothing otherwise.
 *
 * Handlers run with preemption disabled (the int3 handler with interrupts
 * off, the ftrace-based and optimized probes and the return trampoline
 * with preemption off), and the kprobe core keeps them from nesting on a
 * CPU: they read their event through the state with READ_ONCE() and
 * record as tracepoint probes do.  An event is set in the state before
 * the probe is registered and cleared after it is unregistered;
 * unregister_k*probe() waits until no handler runs, and a kretprobe's
 * returns still pending then never call its handler again (rethook_free()
 * clears it before its grace period).  Disarming does not wait: the
 * model's synchronize() does, before it frees anything.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

struct rt_kprobe {
	/* A kprobe is krp.kp alone. */
	struct kretprobe krp;
	bool ret;			/* a kretprobe: entry and exit events */
	bool registered;
	unsigned int nr;		/* its events: 1, or 2 */
	unsigned int attached;		/* of them */
	unsigned int recording;		/* of them; armed while non-zero */
	struct rt_event *events[2];	/* the kprobe's or the entry, the exit */
	u64 addr, offset;
	char symbol[RT_NAME_LEN];
	struct rt_event_desc descs[2];
	char names[2][RT_NAME_LEN + sizeof("_entry")];
};

static const struct rt_field rt_kprobe_fields[] = {
	{ .name = "ip", .type = RT_FIELD_INT, .size = sizeof(long), .base = 16 },
	{ .name = "parent_ip", .type = RT_FIELD_INT, .size = sizeof(long), .base = 16 },
};

/* @n addresses, as the event's fields: ip, then parent_ip. */
static __always_inline void rt_kprobe_record(struct rt_event *event,
					     unsigned long ip,
					     unsigned long parent_ip,
					     unsigned int n)
{
	struct rt_event_write w;
	unsigned long *pl;

	if (!event || !rt_event_recording(event))
		return;
	pl = rt_event_begin(event, &w, n * sizeof(long));
	if (!pl)
		return;
	put_unaligned(ip, pl);
	if (n > 1)
		put_unaligned(parent_ip, pl + 1);
	rt_event_end(event, &w);
}

static int notrace rt_kprobe_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct rt_kprobe *k = container_of(p, struct rt_kprobe, krp.kp);

	rt_kprobe_record(READ_ONCE(k->events[0]), (unsigned long)p->addr, 0, 1);
	return 0;
}
NOKPROBE_SYMBOL(rt_kprobe_handler);

/*
 * The address the probed function returns to, at its entry.  The
 * kretprobe core only saves it after the entry handler ran (lttng-modules
 * records a stale value there); on x86 it is the word at the top of the
 * stack, where the core itself reads it.
 */
static __always_inline unsigned long rt_kprobe_entry_return(struct pt_regs *regs)
{
#ifdef CONFIG_X86
	return regs_get_kernel_stack_nth(regs, 0);
#else
	return 0;
#endif
}

/* Always 0: otherwise the core drops the instance, and the exit event. */
static int notrace rt_kretprobe_entry(struct kretprobe_instance *ri,
				      struct pt_regs *regs)
{
	struct kretprobe *krp = get_kretprobe(ri);
	struct rt_kprobe *k;

	if (!krp)
		return 0;
	k = container_of(krp, struct rt_kprobe, krp);
	rt_kprobe_record(READ_ONCE(k->events[0]), (unsigned long)krp->kp.addr,
			 rt_kprobe_entry_return(regs), 2);
	return 0;
}
NOKPROBE_SYMBOL(rt_kretprobe_entry);

static int notrace rt_kretprobe_exit(struct kretprobe_instance *ri,
				     struct pt_regs *regs)
{
	struct kretprobe *krp = get_kretprobe(ri);
	struct rt_kprobe *k;

	if (!krp)
		return 0;
	k = container_of(krp, struct rt_kprobe, krp);
	rt_kprobe_record(READ_ONCE(k->events[1]), (unsigned long)krp->kp.addr,
			 get_kretprobe_retaddr(ri), 2);
	return 0;
}
NOKPROBE_SYMBOL(rt_kretprobe_exit);

/*
 * Whether a probe placed at an offset into a symbol is still inside it:
 * the kernel takes any offset that lands on an instruction, in whatever
 * function follows.  The function holding the probed address must start
 * where the symbol does (the symbol, or an alias of it).
 */
static bool rt_kprobe_in_function(const struct rt_kprobe *k)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long off, size;
	const char *plus;

	if (!k->symbol[0] || !k->offset)
		return true;
	sprint_symbol(buf, (unsigned long)k->krp.kp.addr);
	plus = strrchr(buf, '+');
	return plus && sscanf(plus, "+%lx/%lx", &off, &size) == 2 &&
	       off == k->offset;
}

/*
 * Registered once all its events are attached (a kretprobe serves both),
 * disabled: update() arms it.  A kprobe structure is filled anew for the
 * registration, which writes into it.
 */
static void rt_kprobe_unregister(struct rt_kprobe *k)
{
	if (k->ret)
		unregister_kretprobe(&k->krp);
	else
		unregister_kprobe(&k->krp.kp);
}

static int rt_kprobe_register(struct rt_kprobe *k)
{
	struct kprobe *kp = &k->krp.kp;
	int ret;

	memset(&k->krp, 0, sizeof(k->krp));
	kp->symbol_name = k->symbol[0] ? k->symbol : NULL;
	kp->addr = (kprobe_opcode_t *)(unsigned long)k->addr;
	kp->offset = k->offset;
	kp->flags = KPROBE_FLAG_DISABLED;
	if (!k->ret) {
		kp->pre_handler = rt_kprobe_handler;
		ret = register_kprobe(kp);
	} else {
		k->krp.entry_handler = rt_kretprobe_entry;
		k->krp.handler = rt_kretprobe_exit;
		ret = register_kretprobe(&k->krp);
	}
	if (!ret && !rt_kprobe_in_function(k)) {
		rt_kprobe_unregister(k);
		ret = -EINVAL;
	}
	return ret;
}

static unsigned int rt_kprobe_index(const struct rt_event *event)
{
	const struct rt_kprobe *k = event->desc->kind_data;

	return event->desc - k->descs;
}

static int rt_kprobe_attach(struct rt_event *event)
{
	struct rt_kprobe *k = (struct rt_kprobe *)event->desc->kind_data;
	unsigned int i = rt_kprobe_index(event);
	int ret;

	WRITE_ONCE(k->events[i], event);
	if (++k->attached < k->nr)
		return 0;
	ret = rt_kprobe_register(k);
	if (ret) {
		k->attached--;
		WRITE_ONCE(k->events[i], NULL);
		return ret;
	}
	k->registered = true;
	return 0;
}

/* A kretprobe's events go together: the first detached unregisters. */
static void rt_kprobe_detach(struct rt_event *event)
{
	struct rt_kprobe *k = (struct rt_kprobe *)event->desc->kind_data;

	if (k->registered) {
		rt_kprobe_unregister(k);
		k->registered = false;
		k->recording = 0;
	}
	WRITE_ONCE(k->events[rt_kprobe_index(event)], NULL);
	k->attached--;
}

/*
 * Armed while one of its events records.  A probe in a module that went
 * away is "gone": nothing to arm, and no reason to fail a start.
 */
static int rt_kprobe_update(struct rt_event *event)
{
	struct rt_kprobe *k = (struct rt_kprobe *)event->desc->kind_data;
	struct kprobe *kp = &k->krp.kp;
	int ret;

	if (!k->registered)
		return event->recording ? -EINVAL : 0;
	if (!event->recording) {
		if (!--k->recording && !kprobe_gone(kp))
			disable_kprobe(kp);
		return 0;
	}
	if (k->recording++)
		return 0;
	ret = enable_kprobe(kp);
	if (ret && kprobe_gone(kp))
		ret = 0;
	if (ret)
		k->recording--;
	return ret;
}

/* Every handler runs with preemption disabled. */
static void rt_kprobe_synchronize(void)
{
	synchronize_rcu();
}

static void rt_kprobe_release(void *kind_data)
{
	kfree(kind_data);
}

struct rt_kind rt_kprobe_kind = {
	.name = "kprobe",
	.attach = rt_kprobe_attach,
	.detach = rt_kprobe_detach,
	.update = rt_kprobe_update,
	.synchronize = rt_kprobe_synchronize,
	.release = rt_kprobe_release,
};

struct rt_kind rt_kretprobe_kind = {
	.name = "kretprobe",
	.attach = rt_kprobe_attach,
	.detach = rt_kprobe_detach,
	.update = rt_kprobe_update,
	.synchronize = rt_kprobe_synchronize,
	.release = rt_kprobe_release,
};

static void rt_kprobe_desc(struct rt_kprobe *k, unsigned int i,
			   const struct rt_kind *kind, const char *name,
			   const char *suffix)
{
	struct rt_event_desc *d = &k->descs[i];

	snprintf(k->names[i], sizeof(k->names[i]), "%s%s", name, suffix);
	d->name = k->names[i];
	d->kind = kind;
	d->kind_data = k;
	d->fields = rt_kprobe_fields;
	d->nr_fields = k->ret ? 2 : 1;
	d->payload_len = d->nr_fields * sizeof(long);
	d->payload_align = RT_CTF_ALIGN(sizeof(long));
}

int rt_kprobe_spec(struct rt_enabler_spec *spec, const struct rt_probe_attr *a,
		   bool ret)
{
	struct rt_kprobe *k = kzalloc(sizeof(*k), GFP_KERNEL);

	if (!k)
		return -ENOMEM;
	k->ret = ret;
	k->addr = a->addr;
	k->offset = a->offset;
	strscpy(k->symbol, a->symbol, sizeof(k->symbol));
	if (ret) {
		k->nr = 2;
		rt_kprobe_desc(k, 0, &rt_kretprobe_kind, spec->name, "_entry");
		rt_kprobe_desc(k, 1, &rt_kretprobe_kind, spec->name, "_exit");
	} else {
		k->nr = 1;
		rt_kprobe_desc(k, 0, &rt_kprobe_kind, spec->name, "");
	}
	spec->kind = k->descs[0].kind;
	spec->descs = k->descs;
	spec->nr_descs = k->nr;
	spec->kind_data = k;
	return 0;
}

int rt_kprobe_kinds_init(void)
{
	rt_kind_register(&rt_kprobe_kind);
	rt_kind_register(&rt_kretprobe_kind);
	return 0;
}

void rt_kprobe_kinds_exit(void)
{
	rt_kind_unregister(&rt_kretprobe_kind);
	rt_kind_unregister(&rt_kprobe_kind);
}
