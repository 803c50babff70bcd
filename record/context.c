// SPDX-License-Identifier: GPL-2.0-only
/*
 * Contexts (see include/ringtail/context.h): their types as lttng-modules
 * declares them, and their values for the current task.
 *
 * Every value is read from the current task without sleeping, faulting or
 * taking a lock a probe could already hold: its own fields, its
 * credentials and namespaces (stable while it runs: only the task itself
 * replaces them, and it is busy recording), its parent under RCU.
 * Call stacks are saved before the record is reserved, into per-CPU
 * buffers, one per nesting level (task, softirq, irq, NMI), taken and
 * given back like the scratch records of record.c.  Per-CPU perf counters
 * follow CPU hotplug: a counter exists for every online CPU, made and
 * freed outside the hotplug callbacks (see rt_ctx_perf_fill()).
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/cpuhotplug.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/ipc_namespace.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/workqueue.h>
#include <linux/perf_event.h>
#include <linux/pid_namespace.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>
#include <ringtail/unaligned.h>
#include <ringtail/context.h>
#include <ringtail/record.h>

#ifdef RT_HAVE_FS_MOUNT_H
#include "mount.h"	/* the kernel's fs/mount.h: struct mnt_namespace */
#endif

/* Call stacks: LTTng's bound on their depth, per nesting level. */
#define RT_CTX_STACK_MAX	128
#define RT_CTX_NEST		4

struct rt_ctx_stacks {
	/* With room for the marker of a truncated stack, ULONG_MAX. */
	unsigned long e[RT_CTX_NEST][2][RT_CTX_STACK_MAX + 1];
};

static DEFINE_PER_CPU(int, rt_ctx_nest);
/* Saving a user stack, whose page faults may have events of their own. */
static DEFINE_PER_CPU(int, rt_ctx_in_user_stack);
static struct rt_ctx_stacks __percpu *rt_ctx_stacks;

struct rt_ctx_perf;

static enum cpuhp_state rt_ctx_cpuhp;

/* How each type is declared: a 32-bit signed integer unless said here. */
struct rt_ctx_decl {
	const char *name;
	enum rt_field_type type;
	u8 size;
	bool is_signed;
	u16 len;			/* text arrays */
};

#define RT_INT(n, s, sg)	{ .name = n, .type = RT_FIELD_INT, .size = s, .is_signed = sg }
static const struct rt_ctx_decl rt_ctx_decls[RT_CTX_NR] = {
	[RT_CTX_PID] = RT_INT("pid", 4, true),
	[RT_CTX_PROCNAME] = { .name = "procname", .type = RT_FIELD_TEXT,
			      .size = 1, .is_signed = true, .len = TASK_COMM_LEN },
	[RT_CTX_PRIO] = RT_INT("prio", 4, true),
	[RT_CTX_NICE] = RT_INT("nice", 4, true),
	[RT_CTX_VPID] = RT_INT("vpid", 4, true),
	[RT_CTX_TID] = RT_INT("tid", 4, true),
	[RT_CTX_VTID] = RT_INT("vtid", 4, true),
	[RT_CTX_PPID] = RT_INT("ppid", 4, true),
	[RT_CTX_VPPID] = RT_INT("vppid", 4, true),
	[RT_CTX_HOSTNAME] = { .name = "hostname", .type = RT_FIELD_TEXT,
			      .size = 1, .is_signed = true,
			      .len = __NEW_UTS_LEN + 1 },
	[RT_CTX_CPU_ID] = RT_INT("cpu_id", 4, true),
	[RT_CTX_INTERRUPTIBLE] = RT_INT("interruptible", 1, true),
	[RT_CTX_PREEMPTIBLE] = RT_INT("preemptible", 1, false),
	[RT_CTX_NEED_RESCHEDULE] = RT_INT("need_reschedule", 1, false),
	[RT_CTX_MIGRATABLE] = RT_INT("migratable", 1, false),
	[RT_CTX_CALLSTACK_KERNEL] = { .name = "callstack_kernel", .type = RT_FIELD_SEQ,
				      .size = sizeof(long) },
	[RT_CTX_CALLSTACK_USER] = { .name = "callstack_user", .type = RT_FIELD_SEQ,
				    .size = sizeof(long) },
	[RT_CTX_CGROUP_NS] = RT_INT("cgroup_ns", 4, false),
	[RT_CTX_IPC_NS] = RT_INT("ipc_ns", 4, false),
	[RT_CTX_MNT_NS] = RT_INT("mnt_ns", 4, false),
	[RT_CTX_NET_NS] = RT_INT("net_ns", 4, false),
	[RT_CTX_PID_NS] = RT_INT("pid_ns", 4, false),
	[RT_CTX_USER_NS] = RT_INT("user_ns", 4, false),
	[RT_CTX_UTS_NS] = RT_INT("uts_ns", 4, false),
	[RT_CTX_UID] = RT_INT("uid", 4, false),
	[RT_CTX_EUID] = RT_INT("euid", 4, false),
	[RT_CTX_SUID] = RT_INT("suid", 4, false),
	[RT_CTX_GID] = RT_INT("gid", 4, false),
	[RT_CTX_EGID] = RT_INT("egid", 4, false),
	[RT_CTX_SGID] = RT_INT("sgid", 4, false),
	[RT_CTX_VUID] = RT_INT("vuid", 4, false),
	[RT_CTX_VEUID] = RT_INT("veuid", 4, false),
	[RT_CTX_VSUID] = RT_INT("vsuid", 4, false),
	[RT_CTX_VGID] = RT_INT("vgid", 4, false),
	[RT_CTX_VEGID] = RT_INT("vegid", 4, false),
	[RT_CTX_VSGID] = RT_INT("vsgid", 4, false),
	[RT_CTX_TIME_NS] = RT_INT("time_ns", 4, false),
};

/* Whether this kernel has what a type records. */
static bool rt_ctx_supported(enum rt_ctx_type type)
{
	switch (type) {
	case RT_CTX_CGROUP_NS:
		return IS_ENABLED(CONFIG_CGROUPS);
	case RT_CTX_IPC_NS:
		return IS_ENABLED(CONFIG_IPC_NS);
	case RT_CTX_MNT_NS:
		return IS_ENABLED(RT_HAVE_FS_MOUNT_H);
	case RT_CTX_NET_NS:
		return IS_ENABLED(CONFIG_NET_NS);
	case RT_CTX_USER_NS:
		return IS_ENABLED(CONFIG_USER_NS);
	case RT_CTX_UTS_NS:
		return IS_ENABLED(CONFIG_UTS_NS);
	case RT_CTX_TIME_NS:
		return IS_ENABLED(CONFIG_TIME_NS);
	case RT_CTX_PID_NS:
		return IS_ENABLED(CONFIG_PID_NS);
	case RT_CTX_CALLSTACK_USER:
		return IS_ENABLED(CONFIG_X86_64);
	case RT_CTX_PREEMPTIBLE:
		/* Without a preemption count, there is nothing to say. */
		return IS_ENABLED(CONFIG_PREEMPT_COUNT);
	default:
		return true;
	}
}

/* The length of the sequence length word of a call stack. */
#define RT_CTX_SEQ_LEN	sizeof(u32)

/* Where a field starts: a call stack with its length word. */
static notrace unsigned int rt_ctx_align(const struct rt_field *f)
{
	if (f->type == RT_FIELD_TEXT)
		return 1;
	if (f->type == RT_FIELD_SEQ)
		return RT_CTF_ALIGN(RT_CTX_SEQ_LEN);
	return RT_CTF_ALIGN(f->size);
}

/* Lay the set out again: its alignment and fixed length. */
static void rt_ctx_layout(struct rt_ctx_set *set)
{
	size_t off = 0;
	unsigned int i, a;

	set->align = 1;
	set->callstacks = false;
	for (i = 0; i < set->nr; i++) {
		const struct rt_field *f = &set->f[i].field;

		a = rt_ctx_align(f);
		set->align = max_t(unsigned int, set->align, a);
		if (f->type == RT_FIELD_SEQ) {
			set->callstacks = true;
			set->align = max_t(unsigned int, set->align,
					   RT_CTF_ALIGN(f->size));
		}
		off = ALIGN(off, a);
		if (f->type == RT_FIELD_TEXT)
			off += f->len;
		else if (f->type == RT_FIELD_SEQ)
			off = ALIGN(off + RT_CTX_SEQ_LEN, RT_CTF_ALIGN(f->size));
		else
			off += f->size;
	}
	set->len = off;
}

/*
 * Perf counters.  A counter exists for every online CPU.  Perf creates and
 * frees software counters under the CPU hotplug lock (their static keys),
 * which a hotplug callback cannot take while the hotplug that called it
 * holds it: the callbacks therefore only move counters out of the probes'
 * way and queue rt_ctx_perf_work(), which creates and frees them in
 * process context.  Perf itself detaches a CPU's counters when the CPU
 * goes down, so a CPU coming up always gets new ones.
 *
 * Slots and generations: a callback for @cpu first bumps gen[@cpu]
 * (A), then takes the slot's counter away (B).  The work creates a
 * counter for an empty slot, stores it (C), then checks that gen[@cpu]
 * did not change since before the creation (D); if it did, a callback
 * ran meanwhile and the counter may belong to a CPU that has been down
 * since, so the work takes it back.  A matches D and B matches C: either
 * the callback's B sees the counter stored by C, or the work's D sees the
 * generation bumped by A; a stale counter never stays in a slot.
 */
struct rt_ctx_perf {
	struct perf_event_attr attr;
	struct perf_event * __percpu *events;	/* the probes' slots */
	unsigned int __percpu *gen;
	struct hlist_node cpuhp;
	struct work_struct work;
	/* Counters taken out of slots, freed a grace period later. */
	spinlock_t lock;
	unsigned int nr_dead;
	struct perf_event **dead;	/* 2 * nr_cpu_ids: see rt_ctx_perf_bury() */
};

/*
 * Counters die only from slots (at most one per CPU between two runs of
 * the work, which frees them all) and from the work's own check (at most
 * one per CPU per run): twice the CPUs is enough.
 */
static void rt_ctx_perf_bury(struct rt_ctx_perf *perf, struct perf_event *ev)
{
	unsigned long flags;

	if (!ev)
		return;
	spin_lock_irqsave(&perf->lock, flags);
	if (!WARN_ON_ONCE(perf->nr_dead >= 2 * nr_cpu_ids))
		perf->dead[perf->nr_dead++] = ev;
	spin_unlock_irqrestore(&perf->lock, flags);
}

/* Take @cpu's counter away from the probes (hotplug callbacks, serialized). */
static void rt_ctx_perf_evict(struct rt_ctx_perf *perf, unsigned int cpu)
{
	/* A (see above) */
	WRITE_ONCE(*per_cpu_ptr(perf->gen, cpu), *per_cpu_ptr(perf->gen, cpu) + 1);
	smp_mb();
	/* B */
	rt_ctx_perf_bury(perf, xchg(per_cpu_ptr(perf->events, cpu), NULL));
}

/* A counter for @cpu, or an errno (-ENODEV: @cpu is down). */
static struct perf_event *rt_ctx_perf_create(struct rt_ctx_perf *perf, unsigned int cpu)
{
	struct perf_event *ev;

	ev = perf_event_create_kernel_counter(&perf->attr, cpu, NULL, NULL, NULL);
	if (IS_ERR(ev))
		return ev;
	/* A pinned counter the PMU has no room for would never count. */
	if (READ_ONCE(ev->state) == PERF_EVENT_STATE_ERROR) {
		perf_event_release_kernel(ev);
		return ERR_PTR(-EBUSY);
	}
	return ev;
}

/*
 * Free the dead counters, then give every online CPU with an empty slot a
 * counter.  Process context, no hotplug lock held; the first error other
 * than a CPU gone down is returned.
 */
static int rt_ctx_perf_fill(struct rt_ctx_perf *perf)
{
	struct perf_event *dead[16], *ev;
	unsigned int cpu, n, g;
	int ret = 0;

	do {
		spin_lock_irq(&perf->lock);
		n = min_t(unsigned int, perf->nr_dead, ARRAY_SIZE(dead));
		perf->nr_dead -= n;
		memcpy(dead, perf->dead + perf->nr_dead, n * sizeof(*dead));
		spin_unlock_irq(&perf->lock);
		if (!n)
			break;
		/*
		 * A probe that read a slot before its counter was taken
		 * away runs with preemption disabled: a grace period later,
		 * none still reads it.
		 */
		synchronize_rcu();
		while (n)
			perf_event_release_kernel(dead[--n]);
	} while (true);

	for_each_online_cpu(cpu) {
		if (READ_ONCE(*per_cpu_ptr(perf->events, cpu)))
			continue;
		g = READ_ONCE(*per_cpu_ptr(perf->gen, cpu));
		smp_rmb();
		ev = rt_ctx_perf_create(perf, cpu);
		if (IS_ERR(ev)) {
			if (PTR_ERR(ev) != -ENODEV && !ret)
				ret = PTR_ERR(ev);
			continue;
		}
		/* C */
		if (cmpxchg(per_cpu_ptr(perf->events, cpu), NULL, ev)) {
			perf_event_release_kernel(ev);	/* never seen by a probe */
			continue;
		}
		smp_mb();
		/* D */
		if (READ_ONCE(*per_cpu_ptr(perf->gen, cpu)) != g) {
			rt_ctx_perf_bury(perf, xchg(per_cpu_ptr(perf->events, cpu), NULL));
			queue_work(system_unbound_wq, &perf->work);
		}
	}
	return ret;
}

static void rt_ctx_perf_work(struct work_struct *work)
{
	struct rt_ctx_perf *perf = container_of(work, struct rt_ctx_perf, work);
	int ret = rt_ctx_perf_fill(perf);

	if (ret)
		pr_warn_ratelimited("perf counter context: %d on a CPU that came up\n", ret);
}

/* Hotplug callbacks (on the CPU itself, the hotplug lock held). */
static int rt_ctx_perf_hotplug(unsigned int cpu, struct hlist_node *node)
{
	struct rt_ctx_perf *perf = hlist_entry(node, struct rt_ctx_perf, cpuhp);

	/* Going down: perf detaches the counter; coming up: it was detached. */
	rt_ctx_perf_evict(perf, cpu);
	queue_work(system_unbound_wq, &perf->work);
	return 0;
}

static notrace u64 rt_ctx_perf_read(const struct rt_ctx_perf *perf)
{
	struct perf_event *ev = READ_ONCE(*this_cpu_ptr(perf->events));

	if (!ev)
		return 0;
	/* Bring an active hardware counter's count up to date. */
	if (READ_ONCE(ev->state) == PERF_EVENT_STATE_ACTIVE)
		ev->pmu->read(ev);
	return local64_read(&ev->count);
}

/* No probe reads @perf any more (its channel is being freed). */
static void rt_ctx_perf_free(struct rt_ctx_perf *perf)
{
	struct perf_event *ev;
	unsigned int cpu;

	if (!perf)
		return;
	cpuhp_state_remove_instance_nocalls(rt_ctx_cpuhp, &perf->cpuhp);
	/* No callback queues the work now; it may queue itself: wait for all. */
	cancel_work_sync(&perf->work);
	for_each_possible_cpu(cpu) {
		ev = *per_cpu_ptr(perf->events, cpu);
		if (ev)
			perf_event_release_kernel(ev);
	}
	while (perf->nr_dead)
		perf_event_release_kernel(perf->dead[--perf->nr_dead]);
	kfree(perf->dead);
	free_percpu(perf->gen);
	free_percpu(perf->events);
	kfree(perf);
}

static int rt_ctx_perf_new(struct rt_ctx_field *cf, const struct rt_ctx_spec *spec)
{
	struct rt_ctx_perf *perf;
	int ret;

	if (spec->perf_type >= PERF_TYPE_MAX ||
	    spec->perf_type == PERF_TYPE_TRACEPOINT ||
	    spec->perf_type == PERF_TYPE_BREAKPOINT)
		return -EINVAL;
	perf = kzalloc(sizeof(*perf), GFP_KERNEL);
	if (!perf)
		return -ENOMEM;
	spin_lock_init(&perf->lock);
	INIT_WORK(&perf->work, rt_ctx_perf_work);
	perf->events = alloc_percpu(struct perf_event *);
	perf->gen = alloc_percpu(unsigned int);
	perf->dead = kcalloc(2 * nr_cpu_ids, sizeof(*perf->dead), GFP_KERNEL);
	if (!perf->events || !perf->gen || !perf->dead) {
		kfree(perf->dead);
		free_percpu(perf->gen);
		free_percpu(perf->events);
		kfree(perf);
		return -ENOMEM;
	}
	perf->attr.size = sizeof(perf->attr);
	perf->attr.type = spec->perf_type;
	perf->attr.config = spec->perf_config;
	perf->attr.pinned = 1;
	/*
	 * Hotplug callbacks first, then a counter on every online CPU made
	 * here, so that add-context gets the perf subsystem's errno.
	 */
	ret = cpuhp_state_add_instance_nocalls(rt_ctx_cpuhp, &perf->cpuhp);
	if (!ret)
		ret = rt_ctx_perf_fill(perf);
	cf->perf = perf;
	if (ret) {
		rt_ctx_perf_free(perf);
		cf->perf = NULL;
	}
	return ret;
}

/* A perf counter's field name: a CTF identifier. */
static bool rt_ctx_name_ok(const char *name)
{
	const char *c;

	if (!*name || isdigit(*name))
		return false;
	for (c = name; *c; c++)
		if (!isalnum(*c) && *c != '_')
			return false;
	return true;
}

int rt_ctx_add(struct rt_ctx_set **setp, const struct rt_ctx_spec *spec)
{
	struct rt_ctx_set *set = *setp;
	struct rt_ctx_field *cf;
	const char *name;
	unsigned int i;
	int ret;

	if (spec->type >= RT_CTX_NR)
		return -EINVAL;
	if (!rt_ctx_supported(spec->type))
		return -ENOSYS;
	if (spec->type == RT_CTX_PERF_CPU) {
		name = spec->perf_name;
		if (strnlen(name, RT_NAME_LEN) == RT_NAME_LEN || !rt_ctx_name_ok(name))
			return -EINVAL;
	} else {
		name = rt_ctx_decls[spec->type].name;
	}
	if (set)
		for (i = 0; i < set->nr; i++)
			if (!strcmp(set->f[i].field.name, name))
				return -EEXIST;
	if (set && set->nr == RT_CTX_MAX)
		return -E2BIG;
	if (!set) {
		set = kzalloc(sizeof(*set), GFP_KERNEL);
		if (!set)
			return -ENOMEM;
	}
	cf = &set->f[set->nr];
	memset(cf, 0, sizeof(*cf));
	cf->type = spec->type;
	if (spec->type == RT_CTX_PERF_CPU) {
		cf->field = (struct rt_field){ .type = RT_FIELD_INT, .size = 8, .base = 10 };
		cf->field.name = kstrdup(name, GFP_KERNEL);
		ret = cf->field.name ? rt_ctx_perf_new(cf, spec) : -ENOMEM;
		if (ret) {
			kfree(cf->field.name);
			goto fail;
		}
	} else {
		const struct rt_ctx_decl *d = &rt_ctx_decls[spec->type];

		cf->field = (struct rt_field){
			.name = d->name, .type = d->type, .size = d->size,
			.len = d->len, .is_signed = d->is_signed, .base = 10,
		};
		if (d->type == RT_FIELD_TEXT)
			cf->field.text = true;
		if (d->type == RT_FIELD_SEQ) {
			cf->field.len_size = RT_CTX_SEQ_LEN;
			cf->field.base = 16;
		}
	}
	set->nr++;
	rt_ctx_layout(set);
	*setp = set;
	return 0;
fail:
	if (!*setp)
		kfree(set);
	return ret;
}

void rt_ctx_set_free(struct rt_ctx_set *set)
{
	unsigned int i;

	if (!set)
		return;
	for (i = 0; i < set->nr; i++) {
		if (set->f[i].type != RT_CTX_PERF_CPU)
			continue;
		rt_ctx_perf_free(set->f[i].perf);
		kfree(set->f[i].field.name);
	}
	kfree(set);
}

/* Recording */

/*
 * The return addresses of the user stack, from the frame pointers: each
 * frame read without faulting (copy_from_user_nofault() gives up on a
 * page that is not there, and in NMI context when the user's page tables
 * are not the ones loaded).  Only 64-bit user code, which Debian builds
 * with frame pointers where it matters (glibc does not).
 */
static notrace unsigned int rt_ctx_user_stack(unsigned long *e, unsigned int max)
{
	struct pt_regs *regs;
	unsigned long fp;
	unsigned int n = 0;
	struct {
		unsigned long next;
		unsigned long ret;
	} frame;

	if ((current->flags & PF_KTHREAD) || !current->mm)
		return 0;
	regs = task_pt_regs(current);
	if (!user_mode(regs))
		return 0;
	e[n++] = instruction_pointer(regs);
	if (!user_64bit_mode(regs))
		return n;
	fp = regs->bp;
	/* A frame is on the stack, above its stack pointer. */
	while (n < max && fp >= regs->sp && !(fp & (sizeof(long) - 1))) {
		/*
		 * Code built without frame pointers leaves anything in
		 * the frame pointer register: stop at what cannot be a
		 * return address.
		 */
		if (copy_from_user_nofault(&frame, (void __user *)fp, sizeof(frame)) ||
		    !frame.ret || frame.ret >= TASK_SIZE_MAX)
			break;
		e[n++] = frame.ret;
		/* Callers' frames are further up: anything else is a loop. */
		if (frame.next <= fp)
			break;
		fp = frame.next;
	}
	return n;
}

notrace size_t rt_ctx_begin(const struct rt_ctx_set *set, struct rt_ctx_capture *cap)
{
	size_t off = 0;
	unsigned int i, n;
	unsigned long *e;

	cap->level = -1;
	if (!set->callstacks)
		return set->len;
	cap->level = this_cpu_inc_return(rt_ctx_nest) - 1;
	barrier();	/* as rt_scratch_get() */
	for (i = 0; i < set->nr; i++) {
		const struct rt_field *f = &set->f[i].field;
		unsigned int which;

		off = ALIGN(off, rt_ctx_align(f));
		if (f->type != RT_FIELD_SEQ) {
			off += f->type == RT_FIELD_TEXT ? f->len : f->size;
			continue;
		}
		which = set->f[i].type == RT_CTX_CALLSTACK_USER;
		n = 0;
		if (cap->level < RT_CTX_NEST) {
			bool full;

			e = this_cpu_ptr(rt_ctx_stacks)->e[cap->level][which];
			if (!which) {
				/*
				 * From the tracer's own frames on, as in
				 * lttng-modules (see lttng_event_reserve()).
				 */
				n = stack_trace_save(e, RT_CTX_STACK_MAX, 0);
				full = n == RT_CTX_STACK_MAX;
			} else if (!this_cpu_read(rt_ctx_in_user_stack)) {
				this_cpu_inc(rt_ctx_in_user_stack);
				barrier();
				n = rt_ctx_user_stack(e, RT_CTX_STACK_MAX);
				barrier();
				this_cpu_dec(rt_ctx_in_user_stack);
				full = n == RT_CTX_STACK_MAX;
			} else {
				full = false;
			}
			/* A stack cut at the bound ends with ULONG_MAX, as in LTTng. */
			if (full)
				e[n++] = ULONG_MAX;
			cap->stack[which] = e;
		}
		cap->depth[which] = n;
		off = ALIGN(off + RT_CTX_SEQ_LEN, RT_CTF_ALIGN(f->size)) + n * f->size;
	}
	return off;
}

notrace void rt_ctx_end(struct rt_ctx_capture *cap)
{
	if (cap->level < 0)
		return;
	barrier();
	this_cpu_dec(rt_ctx_nest);
}

/*
 * The inode number of one of @ns's namespaces (those an nsproxy holds:
 * cgroup, ipc, mnt, net, uts, time), as /proc/PID/ns shows it; 0 without
 * @ns (an exiting task has left them) or without the namespace in this
 * kernel.  The statedump reads other tasks' through it too.
 */
notrace u32 rt_ctx_nsproxy_inum(enum rt_ctx_type type, struct nsproxy *ns)
{
	if (!ns)
		return 0;
	switch (type) {
#ifdef CONFIG_CGROUPS
	case RT_CTX_CGROUP_NS:
		return ns->cgroup_ns->ns.inum;
#endif
#ifdef CONFIG_IPC_NS
	case RT_CTX_IPC_NS:
		return ns->ipc_ns->ns.inum;
#endif
#ifdef RT_HAVE_FS_MOUNT_H
	case RT_CTX_MNT_NS:
		return ns->mnt_ns->ns.inum;
#endif
#ifdef CONFIG_NET_NS
	case RT_CTX_NET_NS:
		return ns->net_ns->ns.inum;
#endif
#ifdef CONFIG_UTS_NS
	case RT_CTX_UTS_NS:
		return ns->uts_ns->ns.inum;
#endif
#ifdef CONFIG_TIME_NS
	case RT_CTX_TIME_NS:
		return ns->time_ns->ns.inum;
#endif
	default:
		return 0;
	}
}

static notrace u32 rt_ctx_ns(enum rt_ctx_type type, struct nsproxy *ns)
{
	/* The pid and user namespaces are not the nsproxy's. */
	switch (type) {
#ifdef CONFIG_PID_NS
	case RT_CTX_PID_NS: {
		struct pid_namespace *pid_ns = task_active_pid_ns(current);

		return pid_ns ? pid_ns->ns.inum : 0;
	}
#endif
#ifdef CONFIG_USER_NS
	case RT_CTX_USER_NS:
		return current_user_ns()->ns.inum;
#endif
	default:
		return rt_ctx_nsproxy_inum(type, ns);
	}
}

static notrace u32 rt_ctx_id(enum rt_ctx_type type)
{
	const struct cred *cred = current_cred();
	struct user_namespace *ns;

	ns = type >= RT_CTX_VUID ? cred->user_ns : &init_user_ns;
	switch (type) {
	case RT_CTX_UID: case RT_CTX_VUID:
		return from_kuid_munged(ns, cred->uid);
	case RT_CTX_EUID: case RT_CTX_VEUID:
		return from_kuid_munged(ns, cred->euid);
	case RT_CTX_SUID: case RT_CTX_VSUID:
		return from_kuid_munged(ns, cred->suid);
	case RT_CTX_GID: case RT_CTX_VGID:
		return from_kgid_munged(ns, cred->gid);
	case RT_CTX_EGID: case RT_CTX_VEGID:
		return from_kgid_munged(ns, cred->egid);
	default:
		return from_kgid_munged(ns, cred->sgid);
	}
}

static notrace pid_t rt_ctx_ppid(bool virt)
{
	struct task_struct *parent;
	pid_t pid;

	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	pid = virt ? task_tgid_nr_ns(parent, task_active_pid_ns(current)) :
		     task_tgid_nr(parent);
	rcu_read_unlock();
	return pid;
}

static notrace char *rt_ctx_text(char *p, const char *src, size_t len)
{
	memcpy(p, src, len);
	return p + len;
}

/*
 * The integer contexts of the current task @t, whose namespaces are @nsp
 * (read once by the caller, so that every field of a record sees the same
 * ones, even on the way out of them in exit_task_namespaces()).
 */
static notrace s64 rt_ctx_int(enum rt_ctx_type type, struct task_struct *t,
			      struct nsproxy *nsp)
{
	switch (type) {
	case RT_CTX_PID:
		return task_tgid_nr(t);
	case RT_CTX_TID:
		return task_pid_nr(t);
	/*
	 * Virtual ids are seen from the task's namespaces: none once it
	 * left them on its way out (0, as lttng-modules records).
	 */
	case RT_CTX_VPID:
		return nsp ? task_tgid_vnr(t) : 0;
	case RT_CTX_VTID:
		return nsp ? task_pid_vnr(t) : 0;
	case RT_CTX_PPID:
		return rt_ctx_ppid(false);
	case RT_CTX_VPPID:
		return nsp ? rt_ctx_ppid(true) : 0;
	case RT_CTX_PRIO:
		return t->prio - MAX_RT_PRIO;
	case RT_CTX_NICE:
		return task_nice(t);
	case RT_CTX_CPU_ID:
		return raw_smp_processor_id();
	case RT_CTX_INTERRUPTIBLE:
		return !irqs_disabled();
	case RT_CTX_PREEMPTIBLE:
		/*
		 * The tracepoint's own preempt_disable() does not count; any
		 * other, or an interrupt, does.
		 */
		return preempt_count() <= 1;
	case RT_CTX_NEED_RESCHEDULE:
		return test_tsk_need_resched(t);
	case RT_CTX_MIGRATABLE:
#ifdef CONFIG_SMP
		return !t->migration_disabled;
#else
		return 0;
#endif
	case RT_CTX_UID ... RT_CTX_SGID:
	case RT_CTX_VUID ... RT_CTX_VSGID:
		return rt_ctx_id(type);
	default:
		return rt_ctx_ns(type, nsp);
	}
}

/* The current task's hostname, or NULL without namespaces. */
static notrace const char *rt_ctx_hostname(struct nsproxy *nsp)
{
	return nsp ? nsp->uts_ns->name.nodename : NULL;
}

notrace void rt_ctx_write(const struct rt_ctx_set *set, void *dst,
			  const struct rt_ctx_capture *cap)
{
	struct task_struct *t = current;
	struct nsproxy *nsp = READ_ONCE(t->nsproxy);
	const char *host;
	char *p = dst;
	unsigned int i;
	s64 v;

	for (i = 0; i < set->nr; i++) {
		const struct rt_ctx_field *cf = &set->f[i];
		const struct rt_field *f = &cf->field;

		p = PTR_ALIGN(p, rt_ctx_align(f));
		switch (cf->type) {
		case RT_CTX_PROCNAME:
			p = rt_ctx_text(p, t->comm, TASK_COMM_LEN);
			continue;
		case RT_CTX_HOSTNAME:
			host = rt_ctx_hostname(nsp);
			if (host)
				p = rt_ctx_text(p, host, __NEW_UTS_LEN + 1);
			else
				p = memset(p, 0, __NEW_UTS_LEN + 1) + __NEW_UTS_LEN + 1;
			continue;
		case RT_CTX_CALLSTACK_KERNEL:
		case RT_CTX_CALLSTACK_USER: {
			unsigned int which = cf->type == RT_CTX_CALLSTACK_USER;
			u32 n = cap->depth[which];

			put_unaligned(n, (u32 *)p);
			p = PTR_ALIGN(p + RT_CTX_SEQ_LEN, RT_CTF_ALIGN(f->size));
			if (n)
				memcpy(p, cap->stack[which], n * sizeof(long));
			p += n * sizeof(long);
			continue;
		}
		case RT_CTX_PERF_CPU:
			put_unaligned(rt_ctx_perf_read(cf->perf), (u64 *)p);
			p += 8;
			continue;
		default:
			v = rt_ctx_int(cf->type, t, nsp);
			break;
		}
		switch (f->size) {
		case 1:
			*(u8 *)p = v;
			break;
		default:
			put_unaligned((u32)v, (u32 *)p);
			break;
		}
		p += f->size;
	}
}

int rt_ctx_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < RT_CTX_NR; i++)
		if (rt_ctx_decls[i].name && !strcmp(rt_ctx_decls[i].name, name) &&
		    rt_ctx_decls[i].type != RT_FIELD_SEQ && rt_ctx_supported(i))
			return i;
	return -ENOENT;
}

bool rt_ctx_is_signed(enum rt_ctx_type type)
{
	return rt_ctx_decls[type].is_signed;
}

notrace const char *rt_ctx_value(enum rt_ctx_type type, s64 *v, u32 *len)
{
	struct task_struct *t = current;
	struct nsproxy *nsp = READ_ONCE(t->nsproxy);

	*v = 0;
	*len = 0;
	switch (type) {
	case RT_CTX_PROCNAME:
		*len = TASK_COMM_LEN;
		return t->comm;
	case RT_CTX_HOSTNAME:
		*len = __NEW_UTS_LEN + 1;
		return rt_ctx_hostname(nsp) ?: "";
	default:
		*v = rt_ctx_int(type, t, nsp);
		/* As the trace shows it: the field's size and signedness. */
		if (rt_ctx_decls[type].size == 1)
			*v = rt_ctx_decls[type].is_signed ? (s8)*v : (u8)*v;
		else if (rt_ctx_decls[type].is_signed)
			*v = (s32)*v;
		else
			*v = (u32)*v;
		return NULL;
	}
}

int rt_ctx_init(void)
{
	int ret;

	rt_ctx_stacks = alloc_percpu(struct rt_ctx_stacks);
	if (!rt_ctx_stacks)
		return -ENOMEM;
	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "ringtail/context:perf",
				      rt_ctx_perf_hotplug, rt_ctx_perf_hotplug);
	if (ret < 0) {
		free_percpu(rt_ctx_stacks);
		return ret;
	}
	rt_ctx_cpuhp = ret;
	return 0;
}

void rt_ctx_exit(void)
{
	cpuhp_remove_multi_state(rt_ctx_cpuhp);
	free_percpu(rt_ctx_stacks);
}
