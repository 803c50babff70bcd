// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system call kind: recording system call events.
 *
 * A channel with system call events gets one probe on the kernel's
 * sys_enter and one on sys_exit, attached only while at least one of its
 * system call events records: with none, no probe runs and the kernel's
 * syscall fast path is untouched.  The probes find the call's event in the
 * channel's tables, indexed by ABI, entry/exit and call number; a bit per
 * call says whether it records.  The call descriptions come from the
 * instrumentation (instrumentation/syscalls.c), which hands its tables
 * over at init.
 *
 * Control (the model's operations, under its lock) sets an event's slot
 * once, when the event is attached, and flips its bit whenever the event
 * starts or stops recording: the slot is written before the bit (A, the
 * smp_mb__before_atomic() in rt_sc_kind_update()) and the probes read the
 * bit before the slot (B, the smp_rmb() in the probes); A pairs with B,
 * so a probe that sees the bit sees the slot, stable while the bit is set.
 * A channel's tables are freed once its last system call event is
 * detached and the kind's synchronize() has waited out every probe.
 *
 * Arguments come from the task's registers (syscall_get_arguments(): the
 * ia32 ones for compat tasks).  User strings are copied with page faults
 * disabled (probes run with preemption disabled): a string that is not
 * mapped, or not resident, is recorded as "(fault)", a NULL one as
 * "(null)" (an empty string would do, but babeltrace2 2.0 shows the
 * previous value of the field for an empty one).  Int arrays the call
 * filled (pipe's fds) are read the same way at exit; -1s if unreadable.
 */
#include <linux/compat.h>
#include <linux/glob.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include <asm/unaligned.h>
#include <ringtail/kinds.h>
#include <ringtail/record.h>
#include <ringtail/session.h>
#include <ringtail/syscalls.h>

/* Per channel with system call events (the events' kind_data). */
struct rt_sc_chan {
	struct list_head node;		/* rt_sc_chans, then rt_sc_dead */
	struct rt_channel *chan;
	unsigned int nr_events, nr_recording;
	struct rt_tp_probe enter, exit;
	bool attached;
	struct rt_event *unknown[RT_SC_NR_ABI][RT_SC_NR_DIR];
	unsigned long *on[RT_SC_NR_ABI][RT_SC_NR_DIR];
	struct rt_event **events[RT_SC_NR_ABI][RT_SC_NR_DIR];
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

static __always_inline void *rt_sc_put(void *p, unsigned long v, unsigned int size)
{
	switch (size) {
	case 1:
		*(u8 *)p = v;
		break;
	case 2:
		put_unaligned((u16)v, (u16 *)p);
		break;
	case 4:
		put_unaligned((u32)v, (u32 *)p);
		break;
	default:
		put_unaligned((u64)v, (u64 *)p);
		break;
	}
	return p + size;
}

/* Copy a user string into @dst (@room bytes); returns its size with NUL. */
static size_t rt_sc_copy_str(char *dst, size_t room, unsigned long uaddr)
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

static void rt_sc_entry(struct rt_event *event, const struct rt_syscall *call,
			const unsigned long *args)
{
	size_t len = call->entry_len, slen[RT_SC_MAX_ARGS], off = 0;
	unsigned int left = call->nr_str;
	struct rt_rb_ctx ctx;
	char *strs = NULL;
	unsigned int i;
	void *p;

	if (left) {
		/* Strings first, into scratch memory: their size is the record's. */
		strs = rt_scratch_get(RT_SCRATCH_SIZE);
		if (!strs) {
			rt_rb_lost(event->rec.rb);
			return;
		}
		for (i = 0; i < call->nr_args; i++) {
			if (call->args[i].kind != RT_SC_STR)
				continue;
			/*
			 * An equal share of what is left each (mount has
			 * three): at least RT_SCRATCH_SIZE / RT_SC_MAX_ARGS
			 * bytes, room for the markers.
			 */
			slen[i] = rt_sc_copy_str(strs + off,
						 min_t(size_t, RT_SC_STR_MAX,
						       (RT_SCRATCH_SIZE - off) / left--),
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
				p = rt_sc_put(p, args[i], call->args[i].size);
			}
		}
		rt_rb_commit(&ctx);
	}
	if (strs)
		rt_scratch_put();
}

static void rt_sc_exit(struct rt_event *event, const struct rt_syscall *call,
		       const unsigned long *args, long ret)
{
	struct rt_rb_ctx ctx;
	unsigned int i;
	void *p;

	if (!rt_record_reserve(&event->rec, &ctx, call->exit_len))
		return;
	p = rt_sc_put(ctx.payload, ret, sizeof(s64));
	for (i = 0; i < call->nr_args; i++) {
		const struct rt_sc_arg *a = &call->args[i];

		if (a->kind == RT_SC_INOUT) {
			p = rt_sc_put(p, args[i], a->size);
		} else if (a->kind == RT_SC_INTS) {
			/* Unreadable: -1s, which no file descriptor is. */
			if (copy_from_user_nofault(p, (const void __user *)args[i],
						   a->len * sizeof(int)))
				memset(p, 0xff, a->len * sizeof(int));
			p += a->len * sizeof(int);
		}
	}
	rt_rb_commit(&ctx);
}

/* syscall_{entry,exit}_unknown: id, [ret,] the six argument registers. */
static void rt_sc_unknown(struct rt_event *event, struct pt_regs *regs,
			  long id, bool exit, long ret)
{
	unsigned long args[RT_SC_MAX_ARGS];
	struct rt_rb_ctx ctx;
	void *p;

	if (!rt_event_recording(event))
		return;
	syscall_get_arguments(current, regs, args);
	if (!rt_record_reserve(&event->rec, &ctx, event->desc->payload_len))
		return;
	p = rt_sc_put(ctx.payload, id, sizeof(s32));
	if (exit)
		p = rt_sc_put(p, ret, sizeof(s64));
	memcpy(p, args, sizeof(args));
	rt_rb_commit(&ctx);
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
 * The call's description, or NULL for numbers no description covers; @id
 * is then clamped (under speculation too) to the table.
 */
static __always_inline const struct rt_syscall *rt_sc_call(int abi, long *id)
{
	unsigned long nr = rt_sc_nr[abi];

	if ((unsigned long)*id >= nr)
		return NULL;
	*id = array_index_nospec(*id, nr);
	return rt_sc_tables[abi][*id].name ? &rt_sc_tables[abi][*id] : NULL;
}

static notrace void rt_sc_probe_enter(void *data, struct pt_regs *regs, long id)
{
	struct rt_sc_chan *sc = data;
	const struct rt_syscall *call;
	unsigned long args[RT_SC_MAX_ARGS];
	int abi = rt_sc_abi(id);

	if (abi < 0)
		return;
	call = rt_sc_call(abi, &id);
	if (!call) {
		struct rt_event *unknown = READ_ONCE(sc->unknown[abi][RT_SC_ENTRY]);

		if (unknown)
			rt_sc_unknown(unknown, regs, id, false, 0);
		return;
	}
	if (!test_bit(id, sc->on[abi][RT_SC_ENTRY]))
		return;
	smp_rmb();		/* the slot, set before the bit */
	rt_sc_args(abi, call, regs, args);
	rt_sc_entry(READ_ONCE(sc->events[abi][RT_SC_ENTRY][id]), call, args);
}

static notrace void rt_sc_probe_exit(void *data, struct pt_regs *regs, long ret)
{
	struct rt_sc_chan *sc = data;
	const struct rt_syscall *call;
	unsigned long args[RT_SC_MAX_ARGS];
	long id = syscall_get_nr(current, regs);
	int abi = rt_sc_abi(id);

	if (abi < 0)
		return;
	call = rt_sc_call(abi, &id);
	if (!call) {
		struct rt_event *unknown = READ_ONCE(sc->unknown[abi][RT_SC_EXIT]);

		if (unknown)
			rt_sc_unknown(unknown, regs, id, true, ret);
		return;
	}
	if (!test_bit(id, sc->on[abi][RT_SC_EXIT]))
		return;
	smp_rmb();		/* the slot, set before the bit */
	if (call->exit_len > sizeof(s64))
		rt_sc_args(abi, call, regs, args);
	rt_sc_exit(READ_ONCE(sc->events[abi][RT_SC_EXIT][id]), call, args, ret);
}

static LIST_HEAD(rt_sc_chans);
static LIST_HEAD(rt_sc_dead);		/* freed by rt_sc_kind_synchronize() */

static void rt_sc_chan_free(struct rt_sc_chan *sc)
{
	unsigned int abi, dir;

	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		for (dir = 0; dir < RT_SC_NR_DIR; dir++) {
			bitmap_free(sc->on[abi][dir]);
			kfree(sc->events[abi][dir]);
		}
	kfree(sc);
}

static struct rt_sc_chan *rt_sc_chan_get(struct rt_channel *chan)
{
	struct rt_sc_chan *sc;
	unsigned int abi, dir;

	list_for_each_entry(sc, &rt_sc_chans, node)
		if (sc->chan == chan)
			return sc;
	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (!sc)
		return NULL;
	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		for (dir = 0; dir < RT_SC_NR_DIR; dir++) {
			sc->on[abi][dir] = bitmap_zalloc(rt_sc_nr[abi], GFP_KERNEL);
			sc->events[abi][dir] = kcalloc(rt_sc_nr[abi],
						       sizeof(struct rt_event *),
						       GFP_KERNEL);
			if (!sc->on[abi][dir] || !sc->events[abi][dir]) {
				rt_sc_chan_free(sc);
				return NULL;
			}
		}
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

/* Give the event its slot in its channel's tables. */
static int rt_sc_kind_attach(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->kind_data;
	struct rt_sc_chan *sc = rt_sc_chan_get(event->chan);

	if (!sc)
		return -ENOMEM;
	if (e->unknown)
		WRITE_ONCE(sc->unknown[e->abi][e->dir], event);
	else
		WRITE_ONCE(sc->events[e->abi][e->dir][e->nr], event);
	sc->nr_events++;
	event->kind_data = sc;
	return 0;
}

/*
 * The channel's probes are attached while one of its events records
 * (A, before the bit is set: a probe that runs sees the bit or not).
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
	if (event->recording) {
		smp_mb__before_atomic();	/* A: the slot before the bit */
		set_bit(e->nr, sc->on[e->abi][e->dir]);
	} else {
		clear_bit(e->nr, sc->on[e->abi][e->dir]);
	}
	return 0;
}

/* Not recording any more (the model turned it off first). */
static void rt_sc_kind_detach(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->kind_data;
	struct rt_sc_chan *sc = event->kind_data;

	WARN_ON_ONCE(event->recording);
	/* Probes that loaded the slot before are waited out by synchronize(). */
	if (e->unknown)
		WRITE_ONCE(sc->unknown[e->abi][e->dir], NULL);
	else
		WRITE_ONCE(sc->events[e->abi][e->dir][e->nr], NULL);
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
