/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System call events (doc/lttng-abi.md, section 5.8).
 *
 * instrumentation/syscalls.c describes every call of the kernel's syscall
 * tables (generated at build time by scripts/gen-syscalls.pl) and registers
 * the syscall_entry_* / syscall_exit_* (and compat_*) event descriptions;
 * events/syscall.c records them: one probe pair on the kernel's sys_enter
 * and sys_exit tracepoints per channel, which looks the call up in the
 * channel's bitmaps of enabled events.
 */
#ifndef _RINGTAIL_SYSCALLS_H
#define _RINGTAIL_SYSCALLS_H

#include <linux/types.h>

struct rt_channel;
struct rt_event;
struct rt_event_desc;

enum rt_sc_abi {
	RT_SC_NATIVE,
	RT_SC_COMPAT,		/* ia32 tasks */
	RT_SC_NR_ABI
};

enum rt_sc_dir {
	RT_SC_ENTRY,
	RT_SC_EXIT,
	RT_SC_NR_DIR
};

/* How an argument is recorded. */
enum rt_sc_kind {
	RT_SC_IN,		/* its value, at entry */
	RT_SC_INOUT,		/* a pointer the call may write through:
				 * its value at entry and exit */
	RT_SC_STR,		/* a user string, copied at entry */
	RT_SC_INTS,		/* an int array the call fills: its value at
				 * entry, the ints at exit */
};

#define RT_SC_MAX_ARGS	6

struct rt_sc_arg {
	const char *name;
	u8 size;
	bool is_signed;
	u8 kind;		/* enum rt_sc_kind */
	u8 len;			/* RT_SC_INTS: number of ints */
	const char *exit_name;	/* RT_SC_INTS: the exit field's name */
};

struct rt_syscall {
	const char *name;	/* the kernel's function name without sys_ */
	u8 nr_args;
	bool raw;		/* prototype unknown: nr_args raw registers */
	bool unnamed;		/* argument names to take from the kernel */
	u8 nr_str;		/* RT_SC_STR arguments */
	u8 entry_len, exit_len;	/* fixed payload bytes */
	struct rt_sc_arg args[RT_SC_MAX_ARGS];
};

/* The tables of instrumentation/syscalls.c, indexed by call number. */
extern struct rt_syscall *const rt_syscalls[RT_SC_NR_ABI];
extern const unsigned int rt_syscalls_nr[RT_SC_NR_ABI];

/* What an event description of a system call event says about it. */
struct rt_sc_event {
	u8 abi, dir;
	bool unknown;		/* syscall_entry_unknown and the like */
	u16 nr;
	const char *name;	/* what enablers match: "openat", "unknown" */
};

int rt_instrumentation_syscalls_init(void);
void rt_instrumentation_syscalls_exit(void);
/* SYSCALL_LIST's text (abi/list.c): call fn for every described call. */
bool rt_syscall_exists(const char *name);
void rt_syscalls_for_each(void (*fn)(unsigned int index, const char *name,
				     unsigned int bitness, void *priv),
			  void *priv);

/* events/syscall.c, under rt_sessions_lock. */
int rt_sc_event_add(struct rt_event *event);
void rt_sc_event_update(struct rt_event *event);
void rt_sc_channel_sync(struct rt_channel *chan);
void rt_sc_channel_free(struct rt_channel *chan);

#endif /* _RINGTAIL_SYSCALLS_H */
