// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduler events with LTTng's names and layouts (doc/lttng-abi.md, 5.2).
 *
 * Interim, hand-written probes: the generated instrumentation replaces
 * them.  Each probe has the kernel tracepoint's prototype, with the
 * struct rt_event it was registered for as data.
 */
#include <linux/binfmts.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/string.h>
#include <ringtail/session.h>

#define RT_INT(n, t)	{ .name = #n, .type = RT_FIELD_INT, .size = sizeof(t), \
			  .is_signed = (t)-1 < (t)0, .base = 10 }
#define RT_TEXT(n, l)	{ .name = #n, .type = RT_FIELD_TEXT, .size = 1, .len = l }
#define RT_STRING(n)	{ .name = #n, .type = RT_FIELD_STRING }
#define RT_SEQ(n, t, lt) { .name = #n, .type = RT_FIELD_SEQ, .size = sizeof(t), \
			  .is_signed = (t)-1 < (t)0, .base = 10, .len_size = sizeof(lt) }

/*
 * Reserve a record of @event with @len payload bytes at `p` (a T); or
 * return.  CTF structures have no tail padding: the payload types here
 * have none either (checked in rt_sched_layout_checks()).
 */
#define RT_RECORD_BEGIN_LEN(event, T, len)				\
	struct rt_rb_ctx ctx;						\
	T *p;								\
	if (!READ_ONCE((event)->recording) ||				\
	    !rt_ctf_reserve(event, &ctx, len))				\
		return;							\
	p = ctx.payload

#define RT_RECORD_BEGIN(event, T) RT_RECORD_BEGIN_LEN(event, T, sizeof(T))

#define RT_RECORD_END()	rt_rb_commit(&ctx)

/* sched_switch */
struct __rt_ctf_layout rt_sched_switch {
	char prev_comm[TASK_COMM_LEN];
	s32 prev_tid;
	s32 prev_prio;
	s64 prev_state;
	char next_comm[TASK_COMM_LEN];
	s32 next_tid;
	s32 next_prio;
};

static const struct rt_field rt_sched_switch_fields[] = {
	RT_TEXT(prev_comm, TASK_COMM_LEN), RT_INT(prev_tid, s32),
	RT_INT(prev_prio, s32), RT_INT(prev_state, s64),
	RT_TEXT(next_comm, TASK_COMM_LEN), RT_INT(next_tid, s32),
	RT_INT(next_prio, s32),
};

/* As ftrace reports it: preempted, or the 1 << index of the task state. */
static s64 rt_switch_state(bool preempt, unsigned int prev_state,
			   struct task_struct *prev)
{
	unsigned int state;

	if (preempt)
		return TASK_REPORT_MAX;
	state = __task_state_index(prev_state, prev->exit_state);
	return state ? (1 << (state - 1)) : 0;
}

static void rt_probe_sched_switch(void *data, bool preempt,
				  struct task_struct *prev,
				  struct task_struct *next,
				  unsigned int prev_state)
{
	struct rt_event *event = data;

	RT_RECORD_BEGIN(event, struct rt_sched_switch);
	memcpy(p->prev_comm, prev->comm, TASK_COMM_LEN);
	p->prev_tid = prev->pid;
	p->prev_prio = prev->prio - MAX_RT_PRIO;
	p->prev_state = rt_switch_state(preempt, prev_state, prev);
	memcpy(p->next_comm, next->comm, TASK_COMM_LEN);
	p->next_tid = next->pid;
	p->next_prio = next->prio - MAX_RT_PRIO;
	RT_RECORD_END();
}

/* sched_waking, sched_wakeup, sched_wakeup_new */
struct __rt_ctf_layout rt_sched_wakeup {
	char comm[TASK_COMM_LEN];
	s32 tid;
	s32 prio;
	s32 target_cpu;
};

static const struct rt_field rt_sched_wakeup_fields[] = {
	RT_TEXT(comm, TASK_COMM_LEN), RT_INT(tid, s32), RT_INT(prio, s32),
	RT_INT(target_cpu, s32),
};

static void rt_probe_sched_wakeup(void *data, struct task_struct *t)
{
	struct rt_event *event = data;

	RT_RECORD_BEGIN(event, struct rt_sched_wakeup);
	memcpy(p->comm, t->comm, TASK_COMM_LEN);
	p->tid = t->pid;
	p->prio = t->prio - MAX_RT_PRIO;
	p->target_cpu = task_cpu(t);
	RT_RECORD_END();
}

/* sched_process_exit, sched_process_free */
struct __rt_ctf_layout rt_sched_process {
	char comm[TASK_COMM_LEN];
	s32 tid;
	s32 prio;
};

static const struct rt_field rt_sched_process_fields[] = {
	RT_TEXT(comm, TASK_COMM_LEN), RT_INT(tid, s32), RT_INT(prio, s32),
};

static void rt_probe_sched_process(void *data, struct task_struct *t)
{
	struct rt_event *event = data;

	RT_RECORD_BEGIN(event, struct rt_sched_process);
	memcpy(p->comm, t->comm, TASK_COMM_LEN);
	p->tid = t->pid;
	p->prio = t->prio - MAX_RT_PRIO;
	RT_RECORD_END();
}

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
	RT_RECORD_END();
}

/* sched_process_exec: the file name, then the thread ids. */
struct __rt_ctf_layout rt_sched_exec_tail {
	s32 tid;
	s32 old_tid;
};

static const struct rt_field rt_sched_exec_fields[] = {
	RT_STRING(filename), RT_INT(tid, s32), RT_INT(old_tid, s32),
};

static void rt_probe_sched_exec(void *data, struct task_struct *t,
				pid_t old_pid, struct linux_binprm *bprm)
{
	struct rt_event *event = data;
	size_t name_len = strlen(bprm->filename) + 1;
	struct rt_sched_exec_tail *tail;

	RT_RECORD_BEGIN_LEN(event, char,
			    ALIGN(name_len, __alignof__(*tail)) + sizeof(*tail));
	memcpy(p, bprm->filename, name_len);
	tail = (void *)(p + ALIGN(name_len, __alignof__(*tail)));
	tail->tid = t->pid;
	tail->old_tid = old_pid;
	RT_RECORD_END();
}

#define RT_EVENT(n, tp, f, fn, T) {					\
	.name = n, .tp_name = tp, .fields = f, .nr_fields = ARRAY_SIZE(f), \
	.probe = fn, .payload_len = sizeof(T), .payload_align = __alignof__(T), \
	.owner = THIS_MODULE }

static const struct rt_event_desc rt_sched_events[] = {
	RT_EVENT("sched_switch", "sched_switch", rt_sched_switch_fields,
		 rt_probe_sched_switch, struct rt_sched_switch),
	RT_EVENT("sched_waking", "sched_waking", rt_sched_wakeup_fields,
		 rt_probe_sched_wakeup, struct rt_sched_wakeup),
	RT_EVENT("sched_wakeup", "sched_wakeup", rt_sched_wakeup_fields,
		 rt_probe_sched_wakeup, struct rt_sched_wakeup),
	RT_EVENT("sched_wakeup_new", "sched_wakeup_new", rt_sched_wakeup_fields,
		 rt_probe_sched_wakeup, struct rt_sched_wakeup),
	RT_EVENT("sched_process_fork", "sched_process_fork", rt_sched_fork_fields,
		 rt_probe_sched_fork, struct rt_sched_fork_head),
	RT_EVENT("sched_process_exec", "sched_process_exec", rt_sched_exec_fields,
		 rt_probe_sched_exec, struct rt_sched_exec_tail),
	RT_EVENT("sched_process_exit", "sched_process_exit", rt_sched_process_fields,
		 rt_probe_sched_process, struct rt_sched_process),
	RT_EVENT("sched_process_free", "sched_process_free", rt_sched_process_fields,
		 rt_probe_sched_process, struct rt_sched_process),
};

static struct rt_event_table rt_sched_table = {
	.descs = rt_sched_events,
	.nr = ARRAY_SIZE(rt_sched_events),
};

static void __maybe_unused rt_sched_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct rt_sched_switch) !=
		     offsetofend(struct rt_sched_switch, next_prio));
	BUILD_BUG_ON(sizeof(struct rt_sched_wakeup) !=
		     offsetofend(struct rt_sched_wakeup, target_cpu));
	BUILD_BUG_ON(sizeof(struct rt_sched_process) !=
		     offsetofend(struct rt_sched_process, prio));
	BUILD_BUG_ON(sizeof(struct rt_sched_fork_tail) !=
		     offsetofend(struct rt_sched_fork_tail, child_ns_inum));
	BUILD_BUG_ON(sizeof(struct rt_sched_exec_tail) !=
		     offsetofend(struct rt_sched_exec_tail, old_tid));
}

int rt_instrumentation_sched_init(void)
{
	return rt_events_register(&rt_sched_table);
}

void rt_instrumentation_sched_exit(void)
{
	rt_events_unregister(&rt_sched_table);
}
