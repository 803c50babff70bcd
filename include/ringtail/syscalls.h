/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System call events (doc/lttng-abi.md, section 5.8).
 *
 * instrumentation/syscalls.c describes every call of the kernel's syscall
 * tables (generated at build time by scripts/gen-syscalls.pl) and registers
 * the syscall_entry_* / syscall_exit_* (and compat_*) event descriptions;
 * the system call kind (kinds/syscall.c) records them: one probe pair on
 * the kernel's sys_enter and sys_exit tracepoints per channel, which looks
 * the call up in the channel's table of recording events.
 */
#ifndef _RINGTAIL_SYSCALLS_H
#define _RINGTAIL_SYSCALLS_H

#include <linux/types.h>


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

/* What an event description of a system call event says about it. */
struct rt_sc_event {
	u8 abi, dir;
	bool unknown;		/* syscall_entry_unknown and the like */
	u16 nr;
	const char *name;	/* what enablers match: "openat", "unknown" */
};

/*
 * What a system call enabler selects besides its name (kind_args of its
 * spec): entry, exit or both (0), and an ABI or both (0).
 */
#define RT_SC_ARGS(entryexit, abi)	((entryexit) | (abi) << 8)
#define RT_SC_ARGS_ENTRYEXIT(args)	((args) & 0xff)
#define RT_SC_ARGS_ABI(args)		(((args) >> 8) & 0xff)

/* The instrumentation hands its call tables to the kind (kinds/syscall.c). */
void rt_syscall_tables_set(struct rt_syscall *const *tables,
			   const unsigned int *nr);

#endif /* _RINGTAIL_SYSCALLS_H */
