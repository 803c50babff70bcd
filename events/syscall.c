// SPDX-License-Identifier: GPL-2.0-only
/*
 * Recording system call events.
 *
 * A channel with system call events gets one probe on the kernel's
 * sys_enter and one on sys_exit, attached only while at least one of its
 * system call events records: with none, no probe runs and the kernel's
 * syscall fast path is untouched.  The probes find the call's event in the
 * channel's tables, indexed by ABI, entry/exit and call number; a bit per
 * call says whether it records.
 *
 * Control (under rt_sessions_lock) sets an event's slot once, when the
 * event is created, and flips its bit whenever the event starts or stops
 * recording, the slot ordered before the bit; the probes read the bit then
 * the slot (smp_rmb() between), both stable while the bit is set.
 * The tables are freed with the channel, after tracepoint_synchronize_
 * unregister() has waited out every probe.
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
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include <asm/unaligned.h>
#include <ringtail/record.h>
#include <ringtail/session.h>
#include <ringtail/syscalls.h>

struct rt_sc_chan {
	struct rt_tp_probe enter, exit;
	bool attached;
	struct rt_event *unknown[RT_SC_NR_ABI][RT_SC_NR_DIR];
	unsigned long *on[RT_SC_NR_ABI][RT_SC_NR_DIR];
	struct rt_event **events[RT_SC_NR_ABI][RT_SC_NR_DIR];
};

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
			rt_rb_lost(event->chan->rb);
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
	if (rt_ctf_reserve(event, &ctx, len)) {
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

	if (!rt_ctf_reserve(event, &ctx, call->exit_len))
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

	if (!READ_ONCE(event->recording))
		return;
	syscall_get_arguments(current, regs, args);
	if (!rt_ctf_reserve(event, &ctx, event->desc->payload_len))
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
	unsigned long nr = rt_syscalls_nr[abi];

	if ((unsigned long)*id >= nr)
		return NULL;
	*id = array_index_nospec(*id, nr);
	return rt_syscalls[abi][*id].name ? &rt_syscalls[abi][*id] : NULL;
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

static struct rt_sc_chan *rt_sc_chan_alloc(void)
{
	struct rt_sc_chan *sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	unsigned int abi, dir;

	if (!sc)
		return NULL;
	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		for (dir = 0; dir < RT_SC_NR_DIR; dir++) {
			sc->on[abi][dir] = bitmap_zalloc(rt_syscalls_nr[abi],
							 GFP_KERNEL);
			sc->events[abi][dir] = kcalloc(rt_syscalls_nr[abi],
						       sizeof(struct rt_event *),
						       GFP_KERNEL);
			if (!sc->on[abi][dir] || !sc->events[abi][dir])
				goto fail;
		}
	sc->enter.name = "sys_enter";
	sc->enter.probe = rt_sc_probe_enter;
	sc->enter.data = sc;
	sc->exit.name = "sys_exit";
	sc->exit.probe = rt_sc_probe_exit;
	sc->exit.data = sc;
	return sc;
fail:
	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		for (dir = 0; dir < RT_SC_NR_DIR; dir++) {
			bitmap_free(sc->on[abi][dir]);
			kfree(sc->events[abi][dir]);
		}
	kfree(sc);
	return NULL;
}

/* A new system call event of its channel: give it its slot. */
int rt_sc_event_add(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->sc;
	struct rt_channel *chan = event->chan;

	if (!chan->sc) {
		chan->sc = rt_sc_chan_alloc();
		if (!chan->sc)
			return -ENOMEM;
	}
	if (e->unknown)
		WRITE_ONCE(chan->sc->unknown[e->abi][e->dir], event);
	else
		WRITE_ONCE(chan->sc->events[e->abi][e->dir][e->nr], event);
	return 0;
}

/* @event starts or stops recording (event->recording is set). */
void rt_sc_event_update(struct rt_event *event)
{
	const struct rt_sc_event *e = event->desc->sc;

	if (e->unknown)
		return;		/* the probe reads event->recording */
	if (event->recording) {
		smp_mb__before_atomic();	/* the slot before the bit */
		set_bit(e->nr, event->chan->sc->on[e->abi][e->dir]);
	}
	else
		clear_bit(e->nr, event->chan->sc->on[e->abi][e->dir]);
}

/* Attach the channel's probes while one of its events records. */
void rt_sc_channel_sync(struct rt_channel *chan)
{
	struct rt_sc_chan *sc = chan->sc;
	struct rt_event *event;
	bool on = false;

	if (!sc)
		return;
	list_for_each_entry(event, &chan->events, node)
		if (event->desc->sc && event->recording)
			on = true;
	if (on == sc->attached)
		return;
	if (on) {
		rt_tp_attach(&sc->enter);
		rt_tp_attach(&sc->exit);
	} else {
		rt_tp_detach(&sc->enter);
		rt_tp_detach(&sc->exit);
	}
	sc->attached = on;
}

/* After tracepoint_synchronize_unregister(): no probe runs any more. */
void rt_sc_channel_free(struct rt_channel *chan)
{
	struct rt_sc_chan *sc = chan->sc;
	unsigned int abi, dir;

	if (!sc)
		return;
	WARN_ON_ONCE(sc->attached);
	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		for (dir = 0; dir < RT_SC_NR_DIR; dir++) {
			bitmap_free(sc->on[abi][dir]);
			kfree(sc->events[abi][dir]);
		}
	kfree(sc);
	chan->sc = NULL;
}
