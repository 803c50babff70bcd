// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system call kind: recording system call events.
 *
 * A channel with system call events gets one probe on the kernel's
 * sys_enter and one on sys_exit, attached only while at least one of its
 * system call events records: with none, no probe runs and the kernel's
 * syscall fast path is untouched.  The probes find the call's event in the
 * channel's tables, indexed by ABI, entry/exit and call number, set while
 * it records; numbers no description covers go to the channel's
 * syscall_*_unknown events, if any.  The call descriptions come from the
 * instrumentation (instrumentation/syscalls.c), which hands its tables
 * over at init.
 *
 * A channel's tables hold, per ABI and call number, the call's entry and
 * exit events side by side (one cache line for both probes of a call),
 * each set only while that event records: the probe makes one load to
 * learn whether the call records and which event it is.  The tables live
 * in the allocation of the channel's struct rt_sc_chan, with a copy of
 * the instrumentation's table bounds, so that a probe touches that
 * structure, its call's slot, the call's description and the event.
 *
 * Control (the model's operations, under its lock) publishes an event in
 * its slot when it starts recording, with a store-release (A, in
 * rt_sc_kind_update()) after everything the probe reads of it was
 * written (its record target, set when it got its id); the probes load
 * the slot with READ_ONCE() and reach the event through that pointer (B,
 * an address dependency): A pairs with B.  Stopping clears the slot; a
 * probe that loaded the pointer before may still write one record, as a
 * probe that tested a flag would.  The event stays allocated until the
 * model has detached it and the kind's synchronize() has waited out every
 * probe; a channel's tables are freed the same way after its last system
 * call event is detached.
 *
 * Arguments come from the task's registers (syscall_get_arguments(): the
 * ia32 ones for compat tasks).  User strings are copied with page faults
 * disabled (the probes record with preemption disabled; where the kernel
 * calls them preemptible, they fault the strings in first, see
 * rt_sc_fault_in()): a string that is not mapped, or not resident, is
 * recorded as "(fault)", a NULL one as
 * "(null)" (an empty string would do, but babeltrace2 2.0 shows the
 * previous value of the field for an empty one).  Int arrays the call
 * filled (pipe's fds) are read the same way at exit; -1s if unreadable.
 *
 * An event with filters (filter/) gets its whole payload written into a
 * scratch record first (rt_sc_entry_filtered(), rt_event_begin()): its
 * filters read the arguments there, user strings included, and only a
 * passing event is copied into the ring buffer.  One scratch record per
 * event, as for every other probe, so that the nesting levels are left
 * to interrupts.
 */
#include <linux/compat.h>
#include <linux/glob.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include <ringtail/unaligned.h>
#include <ringtail/kinds.h>
#include <ringtail/record.h>
#include <ringtail/session.h>
#include <ringtail/syscalls.h>

/* One call of one ABI in a channel: its events while they record. */
struct rt_sc_slot {
	struct rt_event *event[RT_SC_NR_DIR];
};

/* Per channel with system call events (the events' kind_data). */
struct rt_sc_chan {
	struct list_head node;		/* rt_sc_chans, then rt_sc_dead */
	struct rt_channel *chan;
	unsigned int nr_events, nr_recording;
	struct rt_tp_probe enter, exit;
	bool attached;
	struct rt_event *unknown[RT_SC_NR_ABI][RT_SC_NR_DIR];
	/* rt_sc_nr and rt_sc_tables, and each ABI's part of slot_mem. */
	unsigned long nr[RT_SC_NR_ABI];
	struct rt_syscall *const *tables;
	struct rt_sc_slot *slots[RT_SC_NR_ABI];
	struct rt_sc_slot slot_mem[];
};

/* The instrumentation's call descriptions (rt_syscall_tables_set()). */
static struct rt_syscall *const *rt_sc_tables;
static const unsigned int *rt_sc_nr;

/* A string argument is cut at this many bytes, its NUL included. */
#define RT_SC_STR_MAX	PATH_MAX
#define RT_SC_FAULT	"(fault)"
#define RT_SC_NULL	"(null)"

/* The ABI of the current call, or -1 for x32 calls (not traced). */
static __always_inline int rt_sc_abi(long id)
{
#ifdef __X32_SYSCALL_BIT
	if (id >= 0 && (id & __X32_SYSCALL_BIT))
		return -1;
#endif
#ifdef CONFIG_X86
	/* Not in_compat_syscall(): it takes orig_ax -1 (sigreturn) for x32. */
	return in_ia32_syscall() ? RT_SC_COMPAT : RT_SC_NATIVE;
#else
	return in_compat_syscall() ? RT_SC_COMPAT : RT_SC_NATIVE;
#endif
}

/* Copy a user string into @dst (@room bytes); returns its size with NUL. */
static notrace size_t rt_sc_copy_str(char *dst, size_t room, unsigned long uaddr)
{
	long n;

	if (!uaddr)
		return strscpy(dst, RT_SC_NULL, room) + 1;
	pagefault_disable();
	n = strncpy_from_user(dst, (const char __user *)uaddr, room);
	pagefault_enable();
	if (n < 0)
		return strscpy(dst, RT_SC_FAULT, room) + 1;
	if (n == room)
		n--;		/* cut: no NUL within room */
	dst[n] = '\0';
	return n + 1;
}

/* A string argument's share of the scratch record (mount has three). */
static __always_inline size_t rt_sc_str_room(const struct rt_syscall *call,
					     size_t off, unsigned int left)
{
	/*
	 * An equal share of what is left each: at least (RT_SCRATCH_SIZE -
	 * entry_len) / RT_SC_MAX_ARGS bytes, room for the markers.  The
	 * fixed part is kept out, so that a filtered entry, whose whole
	 * payload is in one scratch record, cuts its strings the same way.
	 */
	return min_t(size_t, RT_SC_STR_MAX,
		     (RT_SCRATCH_SIZE - call->entry_len - off) / left);
}

/*
 * An entry event with filters: its payload built in one scratch record
 * (strings in place), which the filters read before anything is reserved.
 */
static notrace void rt_sc_entry_filtered(struct rt_event *event,
					 const struct rt_filter_set *filters,
					 const struct rt_syscall *call,
					 const unsigned long *args)
{
	unsigned int left = call->nr_str, i;
	size_t off = 0, n;
	char *buf, *p;

	if (rt_filter_notify_early(filters))
		return;
	buf = rt_scratch_get(RT_SCRATCH_SIZE);
	if (!buf) {
		rt_event_lost(event, 1);
		return;
	}
	p = buf;
	for (i = 0; i < call->nr_args; i++) {
		if (call->args[i].kind != RT_SC_STR) {
			p = rt_put_int(p, args[i], call->args[i].size);
			continue;
		}
		n = rt_sc_copy_str(p, rt_sc_str_room(call, off, left--), args[i]);
		p += n;
		off += n;
	}
	rt_filter_record(filters, &event->rec, buf, p - buf);
	rt_scratch_put();
}

/* Inlined in the probes: one frame per event, not two. */
static __always_inline void rt_sc_entry(struct rt_event *event,
					const struct rt_syscall *call,
					const unsigned long *args)
{
	size_t len = call->entry_len, slen[RT_SC_MAX_ARGS] __rt_noinit, off = 0;
	const struct rt_filter_set *filters = rt_event_filters(event);
	unsigned int left = call->nr_str;
	struct rt_rb_ctx ctx __rt_noinit;
	char *strs = NULL;
	unsigned int i;
	void *p;

	if (unlikely(filters)) {
		rt_sc_entry_filtered(event, filters, call, args);
		return;
	}
	if (left) {
		/* Strings first, into scratch memory: their size is the record's. */
		strs = rt_scratch_get(RT_SCRATCH_SIZE);
		if (!strs) {
			rt_event_lost(event, 1);
			return;
		}
		for (i = 0; i < call->nr_args; i++) {
			if (call->args[i].kind != RT_SC_STR)
				continue;
			slen[i] = rt_sc_copy_str(strs + off,
						 rt_sc_str_room(call, off, left--),
						 args[i]);
			off += slen[i];
			len += slen[i];
		}
	}
	if (rt_record_reserve(&event->rec, &ctx, len)) {
		p = ctx.payload;
		off = 0;
		for (i = 0; i < call->nr_args; i++) {
			if (call->args[i].kind == RT_SC_STR) {
				memcpy(p, strs + off, slen[i]);
				p += slen[i];
				off += slen[i];
			} else {
				p = rt_put_int(p, args[i], call->args[i].size);
			}
		}
		rt_rb_commit(&ctx);
	}
	if (strs)
		rt_scratch_put();
}

static __always_inline void rt_sc_exit(struct rt_event *event,
				       const struct rt_syscall *call,
				       const unsigned long *args, long ret)
{
	struct rt_event_write w __rt_noinit;
	unsigned int i;
	void *p;

	p = rt_event_begin(event, &w, call->exit_len);
	if (!p)
		return;
	p = rt_put_int(p, ret, sizeof(s64));
	for (i = 0; i < call->nr_args; i++) {
		const struct rt_sc_arg *a = &call->args[i];

		if (a->kind == RT_SC_INOUT) {
			p = rt_put_int(p, args[i], a->size);
		} else if (a->kind == RT_SC_INTS) {
			/* Unreadable: -1s, which no file descriptor is. */
			if (copy_from_user_nofault(p, (const void __user *)args[i],
						   a->len * sizeof(int)))
				memset(p, 0xff, a->len * sizeof(int));
			p += a->len * sizeof(int);
		}
	}
	rt_event_end(event, &w);
}

/* syscall_{entry,exit}_unknown: id, [ret,] the six argument registers. */
static notrace void rt_sc_unknown(struct rt_event *event, struct pt_regs *regs,
			  long id, bool exit, long ret)
{
	unsigned long args[RT_SC_MAX_ARGS] __rt_noinit;
	struct rt_event_write w __rt_noinit;
	void *p;

	syscall_get_arguments(current, regs, args);
	p = rt_event_begin(event, &w, event->desc->payload_len);
	if (!p)
		return;
	p = rt_put_int(p, id, sizeof(s32));
	if (exit)
		p = rt_put_int(p, ret, sizeof(s64));
	memcpy(p, args, sizeof(args));
	rt_event_end(event, &w);
}

/*
 * The arguments as the call sees them: an ia32 call's are the low 32 bits
 * of its registers, sign-extended for signed types (as the kernel's ia32
 * entry points cast them).
 */
static __always_inline void rt_sc_args(int abi, const struct rt_syscall *call,
				       struct pt_regs *regs, unsigned long *args)
{
	unsigned int i;

	syscall_get_arguments(current, regs, args);
	if (abi != RT_SC_COMPAT)
		return;
	for (i = 0; i < call->nr_args; i++)
		args[i] = call->args[i].is_signed ? (long)(s32)args[i] : (u32)args[i];
}

/*
 * The event of call @id (@abi, @dir) if it records, with its description
 * in *@call; NULL otherwise.  @id is clamped to the table under
 * speculation too.
 */
static __always_inline struct rt_event *
rt_sc_lookup(const struct rt_sc_chan *sc, int abi, int dir, long id,
	     const struct rt_syscall **call)
{
	unsigned long nr = sc->nr[abi];
	struct rt_event *event;

	if ((unsigned long)id >= nr)
		return NULL;
	id = array_index_nospec(id, nr);
	event = READ_ONCE(sc->slots[abi][id].event[dir]);	/* B, see A */
	if (event)
		*call = &sc->tables[abi][id];
	return event;
}

/*
 * The syscall_*_unknown event to record call @id with, if one records and
 * no description covers @id.
 */
static notrace struct rt_event *rt_sc_unknown_event(const struct rt_sc_chan *sc,
					    int abi, int dir, long id)
{
	struct rt_event *event = READ_ONCE(sc->unknown[abi][dir]);
	unsigned long nr = sc->nr[abi];

	if (!event || !rt_event_recording(event))
		return NULL;
	if ((unsigned long)id < nr &&
	    sc->tables[abi][array_index_nospec(id, nr)].name)
		return NULL;
	return event;
}

static __always_inline void rt_sc_record_enter(void *data, struct pt_regs *regs, long id)
{
	struct rt_sc_chan *sc = data;
	const struct rt_syscall *call;
	unsigned long args[RT_SC_MAX_ARGS] __rt_noinit;
	struct rt_event *event;
	int abi = rt_sc_abi(id);

	if (abi < 0)
		return;
	event = rt_sc_lookup(sc, abi, RT_SC_ENTRY, id, &call);
	if (likely(event)) {
		if (!rt_event_tracked(event))
			return;
		rt_sc_args(abi, call, regs, args);
		rt_sc_entry(event, call, args);
		return;
	}
	event = rt_sc_unknown_event(sc, abi, RT_SC_ENTRY, id);
	if (event)
		rt_sc_unknown(event, regs, id, false, 0);
}

static __always_inline void rt_sc_record_exit(void *data, struct pt_regs *regs, long ret)
{
	struct rt_sc_chan *sc = data;
	const struct rt_syscall *call;
	unsigned long args[RT_SC_MAX_ARGS] __rt_noinit;
	long id = syscall_get_nr(current, regs);
	struct rt_event *event;
	int abi = rt_sc_abi(id);

	if (abi < 0)
		return;
	event = rt_sc_lookup(sc, abi, RT_SC_EXIT, id, &call);
	if (likely(event)) {
		if (!rt_event_tracked(event))
			return;
		if (call->exit_len > sizeof(s64))
			rt_sc_args(abi, call, regs, args);
		rt_sc_exit(event, call, args, ret);
		return;
	}
	event = rt_sc_unknown_event(sc, abi, RT_SC_EXIT, id);
	if (event)
		rt_sc_unknown(event, regs, id, true, ret);
}

/*
 * Kernels whose system call tracepoints may fault call these probes
 * preemptible, under tasks-trace RCU; older ones with preemption
 * disabled.  Everything below assumes the latter (this CPU's buffer and
 * scratch record, RCU-protected filters and trackers), so the probes turn
 * preemption off themselves: a nested count where it already is.
 *
 * Where the probe may sleep, it first faults in the user strings the entry
 * event is about to copy: the copy itself never faults, and would record a
 * string not yet paged in as "(fault)".  The event is looked up again with
 * preemption off: it may have stopped recording in between.  The channel
 * and its tables stay until the kind's synchronize(), which waits for
 * faultable probes too (tracepoint_synchronize_unregister()).
 */
static noinline notrace void rt_sc_fault_in(const struct rt_sc_chan *sc,
					    struct pt_regs *regs, long id)
{
	unsigned long args[RT_SC_MAX_ARGS] __rt_noinit;
	const struct rt_syscall *call;
	int abi = rt_sc_abi(id);
	unsigned int i;

	if (abi < 0 || !rt_sc_lookup(sc, abi, RT_SC_ENTRY, id, &call) || !call->nr_str)
		return;
	rt_sc_args(abi, call, regs, args);
	for (i = 0; i < call->nr_args; i++) {
		if (call->args[i].kind != RT_SC_STR || !args[i])
			continue;
		/* Looking for the NUL brings in every page up to it. */
		if (strnlen_user((const char __user *)args[i], RT_SC_STR_MAX) <= 0)
			return;		/* unmapped: recorded as "(fault)" */
	}
}

static notrace void rt_sc_probe_enter(void *data, struct pt_regs *regs, long id)
{
	if (preemptible())
		rt_sc_fault_in(data, regs, id);
	preempt_disable_notrace();
	rt_sc_record_enter(data, regs, id);
	preempt_enable_notrace();
}

static notrace void rt_sc_probe_exit(void *data, struct pt_regs *regs, long ret)
{
	preempt_disable_notrace();
	rt_sc_record_exit(data, regs, ret);
	preempt_enable_notrace();
}

static LIST_HEAD(rt_sc_chans);
static LIST_HEAD(rt_sc_dead);		/* freed by rt_sc_kind_synchronize() */

static void rt_sc_chan_free(struct rt_sc_chan *sc)
{
	kvfree(sc);
}

static struct rt_sc_chan *rt_sc_chan_get(struct rt_channel *chan)
{
	struct rt_sc_chan *sc;
	unsigned int abi;
	size_t nr = 0;

	list_for_each_entry(sc, &rt_sc_chans, node)
		if (sc->chan == chan)
			return sc;
	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		nr += rt_sc_nr[abi];
	sc = kvzalloc(struct_size(sc, slot_mem, nr), GFP_KERNEL);
	if (!sc)
		return NULL;
	nr = 0;
	for (abi = 0; abi < RT_SC_NR_ABI; abi++) {
		sc->nr[abi] = rt_sc_nr[abi];
		sc->slots[abi] = &sc->slot_mem[nr];
		nr += rt_sc_nr[abi];
	}
	sc->tables = rt_sc_tables;
	sc->chan = chan;
	sc->enter.name = "sys_enter";
	sc->enter.probe = rt_sc_probe_enter;
	sc->enter.data = sc;
	sc->exit.name = "sys_exit";
	sc->exit.probe = rt_sc_probe_exit;
	sc->exit.data = sc;
	list_add_tail(&sc->node, &rt_sc_chans);
	return sc;
}

/* The model's operations, under its lock. */

static bool rt_sc_kind_match(const struct rt_enabler *enabler,
			     const struct rt_event_desc *desc)
{
	const struct rt_sc_event *e = desc->kind_data;
	u32 args = enabler->spec.kind_args;
	unsigned int entryexit = RT_SC_ARGS_ENTRYEXIT(args), abi = RT_SC_ARGS_ABI(args);

	if (entryexit && entryexit != e->dir + 1)
		return false;
	if (abi && abi != e->abi + 1)
		return false;
	return glob_match(enabler->spec.name, e->name);
}

/* The event's channel gets its tables; unknown events their slot. */
static int rt_sc_kind_attach(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->kind_data;
	struct rt_sc_chan *sc = rt_sc_chan_get(event->chan);

	if (!sc)
		return -ENOMEM;
	if (e->unknown)
		/* A, as for the slots: the probe reads event->recording. */
		smp_store_release(&sc->unknown[e->abi][e->dir], event);
	sc->nr_events++;
	event->kind_data = sc;
	return 0;
}

/*
 * The channel's probes are attached while one of its events records, and
 * an event is in its slot while it records.
 */
static int rt_sc_kind_update(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->kind_data;
	struct rt_sc_chan *sc = event->kind_data;
	int ret;

	if (event->recording && !sc->nr_recording++) {
		ret = rt_tp_attach(&sc->enter);
		if (!ret) {
			ret = rt_tp_attach(&sc->exit);
			if (ret)
				rt_tp_detach(&sc->enter);
		}
		if (ret) {
			sc->nr_recording--;
			return ret;
		}
		sc->attached = true;
	} else if (!event->recording && !--sc->nr_recording) {
		rt_tp_detach(&sc->enter);
		rt_tp_detach(&sc->exit);
		sc->attached = false;
	}
	if (e->unknown)
		return 0;	/* the probe reads event->recording */
	if (event->recording)		/* A: the event, then its slot; see B */
		smp_store_release(&sc->slots[e->abi][e->nr].event[e->dir], event);
	else
		WRITE_ONCE(sc->slots[e->abi][e->nr].event[e->dir], NULL);
	return 0;
}

/* Not recording any more (the model turned it off first). */
static void rt_sc_kind_detach(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->kind_data;
	struct rt_sc_chan *sc = event->kind_data;

	WARN_ON_ONCE(event->recording);
	/*
	 * Not recording: not in its slot.  Probes that loaded it before are
	 * waited out by synchronize().
	 */
	if (e->unknown)
		WRITE_ONCE(sc->unknown[e->abi][e->dir], NULL);
	if (!--sc->nr_events) {
		WARN_ON_ONCE(sc->attached);
		list_move_tail(&sc->node, &rt_sc_dead);
	}
	event->kind_data = NULL;
}

static void rt_sc_kind_synchronize(void)
{
	struct rt_sc_chan *sc, *tmp;
	LIST_HEAD(done);

	list_splice_init(&rt_sc_dead, &done);
	/* The sys_enter and sys_exit probes run with preemption disabled. */
	tracepoint_synchronize_unregister();
	list_for_each_entry_safe(sc, tmp, &done, node)
		rt_sc_chan_free(sc);
}

struct rt_kind rt_syscall_kind = {
	.name = "syscall",
	.match = rt_sc_kind_match,
	.attach = rt_sc_kind_attach,
	.detach = rt_sc_kind_detach,
	.update = rt_sc_kind_update,
	.synchronize = rt_sc_kind_synchronize,
};
EXPORT_SYMBOL_GPL(rt_syscall_kind);

void rt_syscall_tables_set(struct rt_syscall *const *tables,
			   const unsigned int *nr)
{
	rt_sc_tables = tables;
	rt_sc_nr = nr;
}

int rt_syscall_kind_init(void)
{
	rt_kind_register(&rt_syscall_kind);
	return 0;
}

void rt_syscall_kind_exit(void)
{
	rt_kind_unregister(&rt_syscall_kind);
}
