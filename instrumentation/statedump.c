// SPDX-License-Identifier: GPL-2.0-only
/*
 * The state dump: when a session starts, and again on SESSION_STATEDUMP
 * (`lttng regenerate statedump`), the lttng_statedump_* events describe
 * what already existed before tracing began: every thread with its
 * namespaces, the files each file table holds open, the interrupt
 * handlers, the network interfaces, the block devices and the CPUs.
 * lttng-analyses and Trace Compass name processes and files with them.
 * Names, fields, types and order follow lttng-modules (doc/lttng-abi.md,
 * 5.9); vm_map, which lttng-modules leaves out, is left out here too.
 *
 * Each event is a tracepoint of this module, so sessions enable them like
 * any other (`lttng enable-event -k lttng_statedump_*`).  All of them
 * pass the session being dumped and the event's values, one per field in
 * the order of its field table; the one probe records only into that
 * session's channels, so a dump for one session leaves the others alone.
 * A dump step whose tracepoint no session has enabled is skipped
 * whole (no path is resolved for a file nobody records).
 *
 * The dump runs in the ioctl's process context, under the model's lock,
 * with only exported kernel interfaces.  It walks the threads one
 * process at a time (find_ge_pid() under RCU), so that no RCU read-side
 * section spans the whole task list; a thread is described under its
 * task lock, which keeps its file table and namespaces in place.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/blkdev.h>
#include <linux/cpu.h>
#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/inetdevice.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/kdev_t.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <linux/user_namespace.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <ringtail/unaligned.h>
#include <ringtail/context.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

/* The most fields an event has (process_state's). */
#define RT_SD_MAX_FIELDS	10

/* One value per field of the event, in the order of its field table. */
union rt_sd_val {
	u64 i;			/* integers, truncated to the field's size */
	const char *s;		/* strings; text arrays (their whole length) */
};

#define RT_SD_TRACE(n)							\
	DECLARE_TRACE(n,						\
		TP_PROTO(struct rt_session *session, const union rt_sd_val *v), \
		TP_ARGS(session, v));					\
	DEFINE_TRACE(n,							\
		TP_PROTO(struct rt_session *session, const union rt_sd_val *v), \
		TP_ARGS(session, v))

RT_SD_TRACE(lttng_statedump_start);
RT_SD_TRACE(lttng_statedump_end);
RT_SD_TRACE(lttng_statedump_process_state);
RT_SD_TRACE(lttng_statedump_process_pid_ns);
RT_SD_TRACE(lttng_statedump_process_user_ns);
RT_SD_TRACE(lttng_statedump_process_cgroup_ns);
RT_SD_TRACE(lttng_statedump_process_ipc_ns);
RT_SD_TRACE(lttng_statedump_process_mnt_ns);
RT_SD_TRACE(lttng_statedump_process_net_ns);
RT_SD_TRACE(lttng_statedump_process_uts_ns);
RT_SD_TRACE(lttng_statedump_process_time_ns);
RT_SD_TRACE(lttng_statedump_file_descriptor);
RT_SD_TRACE(lttng_statedump_network_interface);
RT_SD_TRACE(lttng_statedump_block_device);
RT_SD_TRACE(lttng_statedump_interrupt);
#ifdef CONFIG_X86
RT_SD_TRACE(lttng_statedump_cpu_topology);
#endif

/* lttng-modules' values of process_state's type, mode, submode, status. */
enum { RT_SD_USER_THREAD, RT_SD_KERNEL_THREAD };
#define RT_SD_MODE_UNKNOWN	5
#define RT_SD_SUBMODE_NONE	0
enum {
	RT_SD_UNNAMED, RT_SD_WAIT_FORK, RT_SD_WAIT_CPU, RT_SD_EXIT,
	RT_SD_ZOMBIE, RT_SD_WAIT, RT_SD_RUN, RT_SD_DEAD,
};

#define RT_INT(n, t)	{ .name = #n, .type = RT_FIELD_INT, .size = sizeof(t), \
			  .is_signed = (t)-1 < (t)0, .base = 10 }
#define RT_HEX(n, t)	{ .name = #n, .type = RT_FIELD_INT, .size = sizeof(t), .base = 16 }
#define RT_TEXT(n, l)	{ .name = #n, .type = RT_FIELD_TEXT, .size = 1, .len = l }
#define RT_STR(n)	{ .name = #n, .type = RT_FIELD_STRING, .size = 1 }

static const struct rt_field rt_sd_process_state[] = {
	RT_INT(tid, s32), RT_INT(pid, s32), RT_INT(ppid, s32),
	RT_TEXT(name, TASK_COMM_LEN), RT_INT(type, s32), RT_INT(mode, s32),
	RT_INT(submode, s32), RT_INT(status, s32), RT_INT(cpu, u32),
	RT_HEX(file_table_address, u64),
};
static const struct rt_field rt_sd_pid_ns[] = {
	RT_INT(tid, s32), RT_INT(vtid, s32), RT_INT(vpid, s32),
	RT_INT(vppid, s32), RT_INT(ns_level, s32), RT_INT(ns_inum, u32),
};
static const struct rt_field rt_sd_user_ns[] = {
	RT_INT(tid, s32), RT_INT(vuid, u32), RT_INT(vgid, u32),
	RT_INT(ns_level, s32), RT_INT(ns_inum, u32),
};
static const struct rt_field rt_sd_ns[] = {
	RT_INT(tid, s32), RT_INT(ns_inum, u32),
};
static const struct rt_field rt_sd_fd[] = {
	RT_HEX(file_table_address, u64), RT_INT(fd, s32),
	{ .name = "flags", .type = RT_FIELD_INT, .size = 4, .base = 8 },
	RT_HEX(fmode, u32), RT_STR(filename),
};
/* The address as the kernel holds it: in network byte order. */
static const struct rt_field rt_sd_netif[] = {
	RT_STR(name),
	{ .name = "address_ipv4", .type = RT_FIELD_INT, .size = 4, .base = 16, .be = true },
};
static const struct rt_field rt_sd_blockdev[] = {
	RT_INT(dev, u32), RT_STR(diskname),
};
static const struct rt_field rt_sd_irq[] = {
	RT_INT(irq, u32), RT_STR(name), RT_STR(action), RT_INT(tid, s32),
};
static const struct rt_field rt_sd_cpu[] = {
	RT_STR(architecture), RT_INT(cpu_id, u16), RT_STR(vendor),
	RT_INT(family, u8), RT_INT(model, u8), RT_STR(model_name),
	RT_INT(physical_id, u16), RT_INT(core_id, u16), RT_INT(cores, u16),
};

/* A field's alignment in the record (CTF's: none where records are packed). */
static unsigned int rt_sd_align(const struct rt_field *f)
{
	return f->type == RT_FIELD_INT ? RT_CTF_ALIGN(f->size) : 1;
}

/*
 * The one probe of every statedump event: @v holds a value per field.
 * The record is sized, then written, from the event's field table.
 */
static void rt_probe_statedump(void *data, struct rt_session *session,
			       const union rt_sd_val *v)
{
	struct rt_event *event = data;
	const struct rt_event_desc *d = event->desc;
	size_t len = 0, slen[RT_SD_MAX_FIELDS];
	struct rt_event_write w __rt_noinit;
	unsigned int i;
	char *p;

	if (event->chan->session != session || !rt_event_recording(event))
		return;
	for (i = 0; i < d->nr_fields; i++) {
		const struct rt_field *f = &d->fields[i];

		if (f->type == RT_FIELD_STRING) {
			slen[i] = strlen(v[i].s) + 1;
			len += slen[i];
		} else if (f->type == RT_FIELD_TEXT) {
			len += f->len;
		} else {
			len = ALIGN(len, rt_sd_align(f)) + f->size;
		}
	}
	p = rt_event_begin(event, &w, len);
	if (!p)
		return;
	for (i = 0; i < d->nr_fields; i++) {
		const struct rt_field *f = &d->fields[i];

		if (f->type == RT_FIELD_STRING) {
			/* A name may change under us: end it where we measured. */
			memcpy(p, v[i].s, slen[i] - 1);
			p[slen[i] - 1] = '\0';
			p += slen[i];
			continue;
		}
		if (f->type == RT_FIELD_TEXT) {
			memcpy(p, v[i].s, f->len);
			p += f->len;
			continue;
		}
		p = PTR_ALIGN(p, rt_sd_align(f));
		switch (f->size) {
		case 1:
			*p = v[i].i;
			break;
		case 2:
			put_unaligned((u16)v[i].i, (u16 *)p);
			break;
		case 4:
			put_unaligned((u32)v[i].i, (u32 *)p);
			break;
		default:
			put_unaligned(v[i].i, (u64 *)p);
			break;
		}
		p += f->size;
	}
	rt_event_end(event, &w);
}

#define RT_SD_EVENT(n, f)						\
	{ .name = "lttng_statedump_" #n, .tp_name = "lttng_statedump_" #n, \
	  .kind = &rt_tracepoint_kind, .fields = f, .nr_fields = ARRAY_SIZE(f), \
	  .probe = rt_probe_statedump, .dynamic = true, .owner = THIS_MODULE }
#define RT_SD_EMPTY(n)							\
	{ .name = "lttng_statedump_" #n, .tp_name = "lttng_statedump_" #n, \
	  .kind = &rt_tracepoint_kind, .probe = rt_probe_statedump,	\
	  .dynamic = true, .owner = THIS_MODULE }

/* Not const: the payload alignments are computed at init. */
static struct rt_event_desc rt_sd_events[] = {
	RT_SD_EMPTY(start),
	RT_SD_EMPTY(end),
	RT_SD_EVENT(process_state, rt_sd_process_state),
	RT_SD_EVENT(process_pid_ns, rt_sd_pid_ns),
	RT_SD_EVENT(process_user_ns, rt_sd_user_ns),
	RT_SD_EVENT(process_cgroup_ns, rt_sd_ns),
	RT_SD_EVENT(process_ipc_ns, rt_sd_ns),
	RT_SD_EVENT(process_mnt_ns, rt_sd_ns),
	RT_SD_EVENT(process_net_ns, rt_sd_ns),
	RT_SD_EVENT(process_uts_ns, rt_sd_ns),
	RT_SD_EVENT(process_time_ns, rt_sd_ns),
	RT_SD_EVENT(file_descriptor, rt_sd_fd),
	RT_SD_EVENT(network_interface, rt_sd_netif),
	RT_SD_EVENT(block_device, rt_sd_blockdev),
	RT_SD_EVENT(interrupt, rt_sd_irq),
#ifdef CONFIG_X86
	RT_SD_EVENT(cpu_topology, rt_sd_cpu),
#endif
};

static struct rt_event_table rt_sd_table = {
	.descs = rt_sd_events,
	.nr = ARRAY_SIZE(rt_sd_events),
};

struct rt_sd {
	struct rt_session *session;
	struct files_struct *files;	/* whose descriptors are dumped */
	char *page;			/* d_path()'s buffer */
};

/*
 * lttng-modules' status of a thread.  A running thread whose real-time
 * run list is empty is reported as waiting for its fork to complete, as
 * lttng-modules does: analyses expect those values.
 */
static int rt_sd_status(struct task_struct *p)
{
	if (p->exit_state == EXIT_ZOMBIE)
		return RT_SD_ZOMBIE;
	if (p->exit_state == EXIT_DEAD)
		return RT_SD_DEAD;
	if (task_is_running(p))
		return list_empty(&p->rt.run_list) ? RT_SD_WAIT_FORK : RT_SD_WAIT_CPU;
	if (READ_ONCE(p->__state) & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE))
		return RT_SD_WAIT;
	return RT_SD_UNNAMED;
}

/* iterate_fd()'s callback, under the file table's lock. */
static int rt_sd_fd_one(const void *priv, struct file *file, unsigned int fd)
{
	const struct rt_sd *sd = priv;
	struct fdtable *fdt = files_fdtable(sd->files);
	const char *path = d_path(&file->f_path, sd->page, PAGE_SIZE);
	/* Only the flags user space sees. */
	unsigned int flags = file->f_flags & ~(__force unsigned int)FMODE_NONOTIFY;
	union rt_sd_val v[] = {
		{ .i = (unsigned long)sd->files }, { .i = fd }, { },
		{ .i = (__force unsigned int)file->f_mode }, { .s = path },
	};

	if (fd < fdt->max_fds && test_bit(fd, fdt->close_on_exec))
		flags |= O_CLOEXEC;
	v[2].i = flags;
	if (!IS_ERR(path)) {
		trace_lttng_statedump_file_descriptor(sd->session, v);
		return 0;
	}
	/* Too long a path, or unreachable: at least its last name. */
	spin_lock(&file->f_path.dentry->d_lock);
	v[4].s = file->f_path.dentry->d_name.name;
	trace_lttng_statedump_file_descriptor(sd->session, v);
	spin_unlock(&file->f_path.dentry->d_lock);
	return 0;
}

static void rt_sd_namespaces(struct rt_session *session, struct task_struct *p)
{
	struct pid_namespace *pid_ns = task_active_pid_ns(p);
	struct user_namespace *user_ns = task_cred_xxx(p, user_ns);
	struct nsproxy *ns = p->nsproxy;
	union rt_sd_val v[6];

	/*
	 * The pid and user namespaces nest: one event for each, from the
	 * task's own up to the root (one event with zeros for a task that
	 * has left its pid namespace).
	 */
	v[0].i = p->pid;
	do {
		if (!trace_lttng_statedump_process_pid_ns_enabled())
			break;
		v[1].i = pid_ns ? task_pid_nr_ns(p, pid_ns) : 0;
		v[2].i = pid_ns ? task_tgid_nr_ns(p, pid_ns) : 0;
		v[3].i = pid_ns ? task_tgid_nr_ns(rcu_dereference(p->real_parent),
						  pid_ns) : 0;
		v[4].i = pid_ns ? pid_ns->level : 0;
		v[5].i = pid_ns ? pid_ns->ns.inum : 0;
		trace_lttng_statedump_process_pid_ns(session, v);
		pid_ns = pid_ns ? pid_ns->parent : NULL;
	} while (pid_ns);
	do {
		if (!trace_lttng_statedump_process_user_ns_enabled())
			break;
		v[1].i = from_kuid_munged(user_ns, task_cred_xxx(p, uid));
		v[2].i = from_kgid_munged(user_ns, task_cred_xxx(p, gid));
		v[3].i = user_ns->level;
		v[4].i = user_ns->ns.inum;
		trace_lttng_statedump_process_user_ns(session, v);
		user_ns = user_ns->parent;
	} while (user_ns);
	/*
	 * The others are the nsproxy's, which the task lock keeps; a task
	 * that is exiting has left them.
	 */
	if (!ns)
		return;
	v[1].i = rt_ctx_nsproxy_inum(RT_CTX_CGROUP_NS, ns);
	trace_lttng_statedump_process_cgroup_ns(session, v);
	v[1].i = rt_ctx_nsproxy_inum(RT_CTX_IPC_NS, ns);
	trace_lttng_statedump_process_ipc_ns(session, v);
	v[1].i = rt_ctx_nsproxy_inum(RT_CTX_MNT_NS, ns);
	trace_lttng_statedump_process_mnt_ns(session, v);
	v[1].i = rt_ctx_nsproxy_inum(RT_CTX_NET_NS, ns);
	trace_lttng_statedump_process_net_ns(session, v);
	v[1].i = rt_ctx_nsproxy_inum(RT_CTX_UTS_NS, ns);
	trace_lttng_statedump_process_uts_ns(session, v);
	v[1].i = rt_ctx_nsproxy_inum(RT_CTX_TIME_NS, ns);
	trace_lttng_statedump_process_time_ns(session, v);
}

/*
 * One thread, under RCU: its state, its namespaces, and the descriptors
 * of its file table unless the previous thread of its process shared it
 * (*@prev).
 */
static void rt_sd_thread(struct rt_sd *sd, struct task_struct *p,
			 struct files_struct **prev)
{
	struct files_struct *files;

	task_lock(p);
	files = p->files;
	if (trace_lttng_statedump_process_state_enabled()) {
		union rt_sd_val v[] = {
			{ .i = p->pid }, { .i = p->tgid },
			{ .i = task_tgid_nr(rcu_dereference(p->real_parent)) },
			{ .s = p->comm },
			{ .i = p->mm ? RT_SD_USER_THREAD : RT_SD_KERNEL_THREAD },
			{ .i = RT_SD_MODE_UNKNOWN }, { .i = RT_SD_SUBMODE_NONE },
			{ .i = rt_sd_status(p) }, { .i = task_cpu(p) },
			{ .i = (unsigned long)files },
		};

		trace_lttng_statedump_process_state(sd->session, v);
	}
	rt_sd_namespaces(sd->session, p);
	if (files && files != *prev &&
	    trace_lttng_statedump_file_descriptor_enabled()) {
		sd->files = files;
		iterate_fd(files, 0, rt_sd_fd_one, sd);
	}
	*prev = files;
	task_unlock(p);
}

/* The threads of the process of @leader, under RCU. */
static void rt_sd_process(struct rt_sd *sd, struct task_struct *leader)
{
	struct files_struct *prev = NULL;
	struct task_struct *p;

	for_each_thread(leader, p)
		rt_sd_thread(sd, p, &prev);
}

/*
 * Every process, one at a time: the idle task of the boot CPU first (pid
 * 0, which no pid number names), then each thread group leader by pid
 * number in the initial namespace.  A process that forks while we walk
 * may be missed or seen with its new children; the trace records both
 * from here on.
 */
static void rt_sd_processes(struct rt_sd *sd)
{
	struct task_struct *leader;
	struct pid *pid;
	int nr = 1;

	rcu_read_lock();
	rt_sd_process(sd, &init_task);
	rcu_read_unlock();
	for (;;) {
		rcu_read_lock();
		pid = find_ge_pid(nr, &init_pid_ns);
		if (!pid) {
			rcu_read_unlock();
			break;
		}
		nr = pid_nr(pid) + 1;
		leader = pid_task(pid, PIDTYPE_TGID);
		if (leader)
			rt_sd_process(sd, leader);
		rcu_read_unlock();
		cond_resched();
	}
}

/*
 * Interrupt handlers.  irq_to_desc() is not exported; irq_get_irq_data()
 * is, and the descriptor it is part of is freed only after an RCU grace
 * period, so it stays valid while we lock it.
 */
static void rt_sd_interrupts(struct rt_session *session)
{
	struct irqaction *action;
	struct irq_desc *desc;
	struct irq_data *data;
	struct irq_chip *chip;
	unsigned long flags;
	unsigned int irq;
	union rt_sd_val v[4];

	if (!trace_lttng_statedump_interrupt_enabled())
		return;
	for (irq = 0; irq < nr_irqs; irq++) {
		rcu_read_lock();
		data = irq_get_irq_data(irq);
		if (!data) {
			rcu_read_unlock();
			continue;
		}
		desc = irq_data_to_desc(data);
		raw_spin_lock_irqsave(&desc->lock, flags);
		chip = irq_desc_get_chip(desc);
		v[0].i = irq;
		v[1].s = chip && chip->name ? chip->name : "unnamed_irq_chip";
		for (action = desc->action; action; action = action->next) {
			v[2].s = action->name ?: "";
			v[3].i = action->thread ? action->thread->pid : 0;
			trace_lttng_statedump_interrupt(session, v);
		}
		raw_spin_unlock_irqrestore(&desc->lock, flags);
		rcu_read_unlock();
		if (!(irq % 64))
			cond_resched();
	}
}

/*
 * The interfaces of the initial network namespace: one event per IPv4
 * address of an interface that is up, one with address 0 for an
 * interface that is down (an interface up without IPv4 has none).
 */
static void rt_sd_network(struct rt_session *session)
{
	struct net_device *dev;
	struct in_device *in_dev;
	struct in_ifaddr *ifa;
	union rt_sd_val v[2];

	if (!trace_lttng_statedump_network_interface_enabled())
		return;
	rcu_read_lock();
	for_each_netdev_rcu(&init_net, dev) {
		v[0].s = dev->name;
		if (!(dev->flags & IFF_UP)) {
			v[1].i = 0;
			trace_lttng_statedump_network_interface(session, v);
			continue;
		}
		in_dev = __in_dev_get_rcu(dev);
		if (!in_dev)
			continue;
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			v[1].i = (__force u32)ifa->ifa_address;
			trace_lttng_statedump_network_interface(session, v);
		}
	}
	rcu_read_unlock();
}

/* One line of /proc/partitions: "major minor #blocks name". */
static void rt_sd_partition(struct rt_session *session, const char *line)
{
	char name[BDEVNAME_SIZE];
	unsigned int major, minor;
	unsigned long long blocks;
	union rt_sd_val v[2];

	if (sscanf(line, "%u %u %llu %31s", &major, &minor, &blocks, name) != 4)
		return;		/* the heading, or the blank line under it */
	v[0].i = MKDEV(major, minor);
	v[1].s = name;
	trace_lttng_statedump_block_device(session, v);
}

/*
 * Block devices: every disk and partition with sectors, as lttng-modules
 * lists them.  The block class and the disk type, through which the
 * block layer lists its devices, are not exported to modules; the list
 * it publishes for everyone, /proc/partitions, holds exactly those
 * devices and names.  Without procfs, there are no block_device events.
 */
static void rt_sd_block_devices(struct rt_session *session, char *buf)
{
	struct file *file;
	size_t have = 0;
	loff_t pos = 0;
	ssize_t n;
	char *nl, *line;

	if (!trace_lttng_statedump_block_device_enabled())
		return;
	file = filp_open("/proc/partitions", O_RDONLY, 0);
	if (IS_ERR(file)) {
		pr_debug("statedump: no /proc/partitions (%ld)\n", PTR_ERR(file));
		return;
	}
	for (;;) {
		n = kernel_read(file, buf + have, PAGE_SIZE - 1 - have, &pos);
		if (n <= 0)
			break;
		have += n;
		buf[have] = '\0';
		for (line = buf; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			rt_sd_partition(session, line);
		}
		/* Keep the unfinished line; one longer than a page is dropped. */
		have = buf + have - line;
		if (have == PAGE_SIZE - 1)
			have = 0;
		memmove(buf, line, have);
	}
	fput(file);
}

#ifdef CONFIG_X86
/* The cores of @cpu's package: its CPUs that are the first of their core. */
static unsigned int rt_sd_cores(unsigned int cpu)
{
	unsigned int c, n = 0;

	for_each_cpu(c, topology_core_cpumask(cpu))
		n += cpumask_first(topology_sibling_cpumask(c)) == c;
	return n;
}

static void rt_sd_cpus(struct rt_session *session)
{
	struct cpuinfo_x86 *c;
	union rt_sd_val v[9];
	unsigned int cpu;

	if (!trace_lttng_statedump_cpu_topology_enabled())
		return;
	cpus_read_lock();
	for_each_possible_cpu(cpu) {
		c = &cpu_data(cpu);
		v[0].s = "x86";
		v[1].i = cpu;
		v[2].s = c->x86_vendor_id[0] ? c->x86_vendor_id : "unknown";
		v[3].i = c->x86;
		v[4].i = c->x86_model;
		v[5].s = c->x86_model_id[0] ? c->x86_model_id : "unknown";
		v[6].i = topology_physical_package_id(cpu);
		v[7].i = topology_core_id(cpu);
		v[8].i = rt_sd_cores(cpu);
		trace_lttng_statedump_cpu_topology(session, v);
	}
	cpus_read_unlock();
}
#else
static void rt_sd_cpus(struct rt_session *session) { }
#endif

static void rt_sd_cpu_work(struct work_struct *work) { }

/*
 * Before the end event, a work item has run on every online CPU: each
 * CPU has left whatever it was interrupted in when the dump began, so
 * an analysis that reads the end event knows every CPU's mode (as
 * lttng-modules guarantees).
 */
static int rt_sd_cpu_barrier(void)
{
	struct work_struct *works;
	unsigned int cpu;

	works = kcalloc(nr_cpu_ids, sizeof(*works), GFP_KERNEL);
	if (!works)
		return -ENOMEM;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		INIT_WORK(&works[cpu], rt_sd_cpu_work);
		queue_work_on(cpu, system_wq, &works[cpu]);
	}
	for_each_online_cpu(cpu)
		flush_work(&works[cpu]);
	cpus_read_unlock();
	kfree(works);
	return 0;
}

int rt_statedump(struct rt_session *session)
{
	struct rt_sd sd = { .session = session };
	int ret;

	sd.page = (char *)__get_free_page(GFP_KERNEL);
	if (!sd.page)
		return -ENOMEM;
	trace_lttng_statedump_start(session, NULL);
	rt_sd_processes(&sd);
	rt_sd_interrupts(session);
	rt_sd_network(session);
	rt_sd_block_devices(session, sd.page);
	rt_sd_cpus(session);
	ret = rt_sd_cpu_barrier();
	if (!ret)
		trace_lttng_statedump_end(session, NULL);
	free_page((unsigned long)sd.page);
	return ret;
}

int rt_instrumentation_statedump_init(void)
{
	unsigned int i, j, align;

	/* A payload is aligned as its most aligned field (CTF's structure). */
	for (i = 0; i < ARRAY_SIZE(rt_sd_events); i++) {
		if (WARN_ON(rt_sd_events[i].nr_fields > RT_SD_MAX_FIELDS))
			return -EINVAL;
		align = 1;
		for (j = 0; j < rt_sd_events[i].nr_fields; j++)
			align = max(align, rt_sd_align(&rt_sd_events[i].fields[j]));
		rt_sd_events[i].payload_align = align;
	}
	return rt_events_register(&rt_sd_table);
}

void rt_instrumentation_statedump_exit(void)
{
	rt_events_unregister(&rt_sd_table);
}
