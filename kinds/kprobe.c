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
 *
 * Beyond lttng-modules: where the kernel describes the function in its
 * BTF (kinds/btf.c), a kprobe on a function's entry and a function entry
 * event also record its arguments, and a function exit event its return
 * value `ret`, named and typed as in the kernel's source.  Such a payload
 * has strings, so it is built in a scratch record first (this CPU's, for
 * the handler's context), then copied into the buffer or handed to the
 * event's filters.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

/*
 * lttng_tracer.kprobe_btf=0 keeps lttng-modules' fields for the probes
 * created from then on: traces for tools that expect exactly those.
 */
static bool rt_kprobe_btf = true;
module_param_named(kprobe_btf, rt_kprobe_btf, bool, 0644);
MODULE_PARM_DESC(kprobe_btf, "Record the arguments and return values of probed functions, typed from BTF (default: on)");

/* The fields of an event: ip, parent_ip (kretprobes), typed ones. */
#define RT_KPROBE_FIELDS	(2 + RT_BTF_ARGS)

struct rt_kprobe {
	/* A kprobe is krp.kp alone. */
	struct kretprobe krp;
	bool ret;			/* a kretprobe: entry and exit events */
	bool typed;			/* fields from BTF: sig */
	bool registered;
	unsigned int nr;		/* its events: 1, or 2 */
	unsigned int attached;		/* of them */
	unsigned int recording;		/* of them; armed while non-zero */
	unsigned long missed;		/* the core's count when armed */
	struct rt_event *events[2];	/* the kprobe's or the entry, the exit */
	u64 addr, offset;
	char symbol[RT_NAME_LEN];
	struct rt_event_desc descs[2];
	char names[2][RT_NAME_LEN + sizeof("_entry")];
	struct rt_btf_sig sig;
	struct rt_field fields[2][RT_KPROBE_FIELDS];
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

/*
 * A kernel string at @addr into @dst (@room bytes, at least 1) without
 * faulting, a page at most at a time: its size with NUL (cut to @room),
 * or 0 if it cannot be read.
 */
static notrace size_t rt_kprobe_kernel_str(char *dst, size_t room,
					   unsigned long addr)
{
	size_t done = 0, chunk;
	char *nul;

	while (done < room - 1) {
		chunk = min_t(size_t, room - 1 - done,
			      PAGE_SIZE - offset_in_page(addr + done));
		chunk = min_t(size_t, chunk, 64);
		if (copy_from_kernel_nofault(dst + done, (const void *)(addr + done), chunk))
			return 0;
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst + 1;
		done += chunk;
	}
	dst[done] = '\0';
	return done + 1;
}

/*
 * A string at @addr, in user space or the kernel's, into @dst: its size
 * with NUL.  User memory is read with page faults disabled (the handler
 * may run with interrupts off), and not at all in an NMI, which may
 * come while the address space is being switched.
 */
static notrace size_t rt_kprobe_copy_str(char *dst, size_t room, unsigned long addr)
{
	long n = 0;

	if (!addr)
		return strscpy(dst, "(null)", room) + 1;
	if (!access_ok((const void __user *)addr, 1)) {
		n = rt_kprobe_kernel_str(dst, room, addr);
	} else if (!in_nmi()) {
		pagefault_disable();
		n = strncpy_from_user(dst, (const char __user *)addr, room);
		pagefault_enable();
		if (n >= 0) {
			if (n == room)
				n--;	/* cut: no NUL within room */
			dst[n++] = '\0';
		}
	}
	if (n <= 0)
		return strscpy(dst, "(fault)", room) + 1;
	return n;
}

/*
 * An event with fields from BTF: @vals holds one value per field (an
 * integer, or a string's address).  Strings share the scratch record:
 * each gets at most PATH_MAX bytes and an equal part of what is left.
 */
static notrace void rt_kprobe_record_typed(struct rt_event *event,
					   const unsigned long *vals)
{
	const struct rt_event_desc *d;
	const struct rt_filter_set *filters;
	unsigned int i, left = 0;
	struct rt_rb_ctx ctx;
	char *buf, *p;
	size_t room;

	if (!event || !rt_event_recording(event))
		return;
	d = event->desc;
	buf = rt_scratch_get(RT_SCRATCH_SIZE);
	if (!buf) {
		rt_event_lost(event, 1);
		return;
	}
	for (i = 0; i < d->nr_fields; i++)
		left += d->fields[i].type == RT_FIELD_STRING;
	p = buf;
	for (i = 0; i < d->nr_fields; i++) {
		if (d->fields[i].type != RT_FIELD_STRING) {
			p = rt_put_int(p, vals[i], d->fields[i].size);
			continue;
		}
		/* Room kept for the integers that may follow. */
		room = (RT_SCRATCH_SIZE - (p - buf) - RT_KPROBE_FIELDS * sizeof(long)) / left--;
		p += rt_kprobe_copy_str(p, min_t(size_t, room, PATH_MAX), vals[i]);
	}
	filters = rt_event_filters(event);
	if (filters) {
		rt_filter_record(filters, &event->rec, buf, p - buf);
	} else if (rt_record_reserve(&event->rec, &ctx, p - buf)) {
		memcpy(ctx.payload, buf, p - buf);
		rt_rb_commit(&ctx);
	}
	rt_scratch_put();
}

/* The function's arguments after @n values, as BTF typed them. */
static __always_inline void rt_kprobe_args(const struct rt_kprobe *k,
					   struct pt_regs *regs,
					   unsigned long *vals)
{
#ifdef CONFIG_HAVE_FUNCTION_ARG_ACCESS_API
	unsigned int i;

	for (i = 0; i < k->sig.nr_args; i++)
		vals[i] = regs_get_kernel_argument(regs, i);
#endif
}

static int notrace rt_kprobe_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct rt_kprobe *k = container_of(p, struct rt_kprobe, krp.kp);
	unsigned long vals[RT_KPROBE_FIELDS];

	if (!k->typed) {
		rt_kprobe_record(READ_ONCE(k->events[0]), (unsigned long)p->addr, 0, 1);
		return 0;
	}
	vals[0] = (unsigned long)p->addr;
	rt_kprobe_args(k, regs, vals + 1);
	rt_kprobe_record_typed(READ_ONCE(k->events[0]), vals);
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
	unsigned long vals[RT_KPROBE_FIELDS];
	struct rt_kprobe *k;

	if (!krp)
		return 0;
	k = container_of(krp, struct rt_kprobe, krp);
	if (!k->typed) {
		rt_kprobe_record(READ_ONCE(k->events[0]), (unsigned long)krp->kp.addr,
				 rt_kprobe_entry_return(regs), 2);
		return 0;
	}
	vals[0] = (unsigned long)krp->kp.addr;
	vals[1] = rt_kprobe_entry_return(regs);
	rt_kprobe_args(k, regs, vals + 2);
	rt_kprobe_record_typed(READ_ONCE(k->events[0]), vals);
	return 0;
}
NOKPROBE_SYMBOL(rt_kretprobe_entry);

static int notrace rt_kretprobe_exit(struct kretprobe_instance *ri,
				     struct pt_regs *regs)
{
	struct kretprobe *krp = get_kretprobe(ri);
	unsigned long vals[RT_KPROBE_FIELDS];
	struct rt_kprobe *k;

	if (!krp)
		return 0;
	k = container_of(krp, struct rt_kprobe, krp);
	if (!k->typed) {
		rt_kprobe_record(READ_ONCE(k->events[1]), (unsigned long)krp->kp.addr,
				 get_kretprobe_retaddr(ri), 2);
		return 0;
	}
	vals[0] = (unsigned long)krp->kp.addr;
	vals[1] = get_kretprobe_retaddr(ri);
	vals[2] = regs_return_value(regs);
	rt_kprobe_record_typed(READ_ONCE(k->events[1]), vals);
	return 0;
}
NOKPROBE_SYMBOL(rt_kretprobe_exit);

/*
 * Whether a probe placed at an offset into a symbol is still inside it:
 * the kernel takes any offset that lands on an instruction, in whatever
 * function follows.  The function holding the probed address must start
 * where the symbol does (the symbol, or an alias of it), or at the
 * probed address itself: a function's start reached from another
 * symbol, as lttng-tools' trigger tests place one (lttng_channel_enable
 * plus the distance to lttng_channel_disable), is a probe on that
 * function.
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
	       (off == k->offset || !off);
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
 * Hits the kprobe core skipped: nested in another probe's handler, or
 * without a free kretprobe instance.
 */
static unsigned long rt_kprobe_missed(const struct rt_kprobe *k)
{
	return k->krp.kp.nmissed + (k->ret ? (unsigned int)k->krp.nmissed : 0);
}

/*
 * Each hit skipped while armed lost an event of each of its events (a
 * kretprobe's entry and exit alike): counted as discarded in their
 * channel, so that `lttng stop` and the trace's packets say so.
 */
static void rt_kprobe_count_missed(struct rt_kprobe *k)
{
	unsigned long n = rt_kprobe_missed(k) - k->missed;
	unsigned int i;

	for (i = 0; n && i < k->nr; i++)
		if (k->events[i])
			rt_event_lost(k->events[i], n);
	k->missed += n;
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
		if (!--k->recording && !kprobe_gone(kp)) {
			disable_kprobe(kp);
			rt_kprobe_count_missed(k);
		}
		return 0;
	}
	if (k->recording++)
		return 0;
	k->missed = rt_kprobe_missed(k);
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
	struct rt_kprobe *k = kind_data;

	rt_btf_sig_free(&k->sig);
	kfree(k);
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

/*
 * Event @i: ip (and parent_ip for a kretprobe's), then @nr typed fields;
 * those with strings have no fixed payload length.
 */
static void rt_kprobe_desc(struct rt_kprobe *k, unsigned int i,
			   const struct rt_kind *kind, const char *name,
			   const char *suffix, const struct rt_field *typed,
			   unsigned int nr)
{
	struct rt_event_desc *d = &k->descs[i];
	unsigned int n = k->ret ? 2 : 1, j;

	snprintf(k->names[i], sizeof(k->names[i]), "%s%s", name, suffix);
	d->name = k->names[i];
	d->kind = kind;
	d->kind_data = k;
	memcpy(k->fields[i], rt_kprobe_fields, n * sizeof(*rt_kprobe_fields));
	memcpy(k->fields[i] + n, typed, nr * sizeof(*typed));
	d->fields = k->fields[i];
	d->nr_fields = n + nr;
	d->payload_align = RT_CTF_ALIGN(sizeof(long));
	d->payload_len = 0;
	for (j = 0; j < d->nr_fields; j++) {
		if (d->fields[j].type == RT_FIELD_STRING)
			d->dynamic = true;
		else
			d->payload_len += d->fields[j].size;
	}
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
	/* Arguments are where BTF says only at a function's entry. */
#ifdef CONFIG_HAVE_FUNCTION_ARG_ACCESS_API
	if (READ_ONCE(rt_kprobe_btf) && k->symbol[0] && !k->offset &&
	    !rt_btf_func(k->symbol, &k->sig))
		/* A signature with no field to add keeps the plain path. */
		k->typed = k->sig.nr_args || (ret && k->sig.has_ret);
#endif
	if (ret) {
		k->nr = 2;
		rt_kprobe_desc(k, 0, &rt_kretprobe_kind, spec->name, "_entry",
			       k->sig.args, k->sig.nr_args);
		rt_kprobe_desc(k, 1, &rt_kretprobe_kind, spec->name, "_exit",
			       &k->sig.ret, k->sig.has_ret);
	} else {
		k->nr = 1;
		rt_kprobe_desc(k, 0, &rt_kprobe_kind, spec->name, "",
			       k->sig.args, k->sig.nr_args);
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
