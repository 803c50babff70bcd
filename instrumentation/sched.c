// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler event whose LTTng layout (doc/lttng-abi.md, 5.2) holds
 * what the kernel's TRACE_EVENT does not record: sched_process_fork's
 * thread ids in every pid namespace and the namespaces themselves.  Every
 * other sched_* event is generated (instrumentation/overlay.c).  The probe
 * has the tracepoint's prototype, with its struct rt_event as data.
 */
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

#define RT_INT(n, t)	{ .name = #n, .type = RT_FIELD_INT, .size = sizeof(t), \
			  .is_signed = (t)-1 < (t)0, .base = 10 }
#define RT_TEXT(n, l)	{ .name = #n, .type = RT_FIELD_TEXT, .size = 1, .len = l }
#define RT_SEQ(n, t, lt) { .name = #n, .type = RT_FIELD_SEQ, .size = sizeof(t), \
			  .is_signed = (t)-1 < (t)0, .base = 10, .len_size = sizeof(lt) }

/*
 * Begin a record of @event with @len payload bytes at `p` (a T): in the
 * ring buffer, or in a scratch record its filters read (rt_event_begin());
 * or return.  CTF structures have no tail padding: the payload types here
 * have none either (checked below).
 */
#define RT_RECORD_BEGIN_LEN(event, T, len)				\
	struct rt_event_write w __rt_noinit;				\
	T *p;								\
	if (!rt_event_recording(event))					\
		return;							\
	p = rt_event_begin(event, &w, len);				\
	if (!p)								\
		return

#define RT_RECORD_END(event)	rt_event_end(event, &w)

/*
 * sched_process_fork: the child's thread id in every pid namespace from
 * the root down (vtids), and both processes' pid namespaces.
 */
struct __rt_ctf_layout rt_sched_fork_head {
	char parent_comm[TASK_COMM_LEN];
	s32 parent_tid;
	s32 parent_pid;
	u32 parent_ns_inum;
	char child_comm[TASK_COMM_LEN];
	s32 child_tid;
	u8 vtids_length;
	s32 vtids[];
};

struct __rt_ctf_layout rt_sched_fork_tail {
	s32 child_pid;
	u32 child_ns_inum;
};

static const struct rt_field rt_sched_fork_fields[] = {
	RT_TEXT(parent_comm, TASK_COMM_LEN), RT_INT(parent_tid, s32),
	RT_INT(parent_pid, s32), RT_INT(parent_ns_inum, u32),
	RT_TEXT(child_comm, TASK_COMM_LEN), RT_INT(child_tid, s32),
	RT_SEQ(vtids, s32, u8), RT_INT(child_pid, s32),
	RT_INT(child_ns_inum, u32),
};

static u32 rt_pid_ns_inum(struct task_struct *t)
{
	struct pid_namespace *ns = task_active_pid_ns(t);

	return ns ? ns->ns.inum : 0;
}

static void rt_probe_sched_fork(void *data, struct task_struct *parent,
				struct task_struct *child)
{
	struct rt_event *event = data;
	struct pid *pid = task_pid(child);
	unsigned int i, n = pid ? pid->level + 1 : 0;
	struct rt_sched_fork_tail *tail;

	RT_RECORD_BEGIN_LEN(event, struct rt_sched_fork_head,
			    struct_size(p, vtids, n) + sizeof(*tail));
	memcpy(p->parent_comm, parent->comm, TASK_COMM_LEN);
	p->parent_tid = parent->pid;
	p->parent_pid = parent->tgid;
	p->parent_ns_inum = rt_pid_ns_inum(parent);
	memcpy(p->child_comm, child->comm, TASK_COMM_LEN);
	p->child_tid = child->pid;
	p->vtids_length = n;
	for (i = 0; i < n; i++)
		p->vtids[i] = pid->numbers[i].nr;
	tail = (void *)&p->vtids[n];
	tail->child_pid = child->tgid;
	tail->child_ns_inum = rt_pid_ns_inum(child);
	RT_RECORD_END(event);
}

static const struct rt_event_desc rt_sched_events[] = {
	{ .name = "sched_process_fork", .tp_name = "sched_process_fork",
	  .kind = &rt_tracepoint_kind, .fields = rt_sched_fork_fields,
	  .nr_fields = ARRAY_SIZE(rt_sched_fork_fields),
	  .probe = rt_probe_sched_fork,
	  .payload_len = sizeof(struct rt_sched_fork_head),
	  .payload_align = __alignof__(struct rt_sched_fork_head),
	  .owner = THIS_MODULE },
};

static struct rt_event_table rt_sched_table = {
	.descs = rt_sched_events,
	.nr = ARRAY_SIZE(rt_sched_events),
};

static_assert(sizeof(struct rt_sched_fork_tail) ==
	      offsetofend(struct rt_sched_fork_tail, child_ns_inum),
	      "CTF structures have no tail padding");

int rt_instrumentation_sched_init(void)
{
	return rt_events_register(&rt_sched_table);
}

void rt_instrumentation_sched_exit(void)
{
	rt_events_unregister(&rt_sched_table);
}
