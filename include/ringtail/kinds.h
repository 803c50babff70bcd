/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kinds of instrumentation (kinds/): how the probes of events are
 * hooked to the kernel.  Each is a struct rt_kind (events.h) that event
 * descriptions point at and the session model drives.
 *
 *   rt_tracepoint_kind: one kernel tracepoint per event, found by name in
 *                       vmlinux or a module (kinds/tracepoint.c);
 *   rt_syscall_kind:    system call events, recorded by one probe pair on
 *                       sys_enter/sys_exit per channel (kinds/syscall.c);
 *   rt_kprobe_kind,
 *   rt_kretprobe_kind:  a kprobe or kretprobe placed at run time, whose
 *                       enabler brings its own events (kinds/kprobe.c);
 *   rt_uprobe_kind:     the same for a uprobe on a file's call sites
 *                       (kinds/uprobe.c).
 */
#ifndef _RINGTAIL_KINDS_H
#define _RINGTAIL_KINDS_H

#include <linux/list.h>
#include <ringtail/events.h>

extern struct rt_kind rt_tracepoint_kind;
extern struct rt_kind rt_syscall_kind;
extern struct rt_kind rt_kprobe_kind;
extern struct rt_kind rt_kretprobe_kind;
extern struct rt_kind rt_uprobe_kind;

/* Where a probe placed at run time goes, as `lttng enable-event` says. */
struct rt_probe_attr {
	const char *symbol;	/* kprobes: a symbol ("": none), plus offset */
	u64 offset;
	u64 addr;		/* or an address */
	int fd;			/* uprobes: the binary, in current's files */
};

/*
 * The enabler spec (its name set) of a kprobe, or with @ret of a
 * kretprobe (NAME_entry and NAME_exit events), or of a uprobe whose call
 * sites rt_uprobe_add_callsite() adds (-EINVAL for any other enabler).
 * The spec owns the state they allocate (its kind's release()).
 */
struct rt_enabler_spec;
struct rt_enabler;
int rt_kprobe_spec(struct rt_enabler_spec *spec, const struct rt_probe_attr *a,
		   bool ret);
int rt_uprobe_spec(struct rt_enabler_spec *spec, const struct rt_probe_attr *a);
int rt_uprobe_add_callsite(struct rt_enabler *enabler, u64 offset);

/* A probe attached by tracepoint name, whenever such a tracepoint exists. */
struct tracepoint;
struct rt_tp_probe {
	struct list_head node;
	const char *name;
	void *probe;
	void *data;
	struct tracepoint *tp;	/* attached to, or NULL */
};
int rt_tp_attach(struct rt_tp_probe *p);
/* The probe may still run until tracepoint_synchronize_unregister(). */
void rt_tp_detach(struct rt_tp_probe *p);
bool rt_tp_exists(const char *name);

int rt_tracepoints_init(void);
void rt_tracepoints_exit(void);
int rt_syscall_kind_init(void);
void rt_syscall_kind_exit(void);
/*
 * A kernel function's signature from the kernel's BTF (kinds/btf.c): its
 * first arguments that fit a register each, and its return value, as
 * fields named as in its source (strings: char pointers).  -ENOENT
 * without BTF or without the function in it.
 */
#define RT_BTF_ARGS		6
#define RT_BTF_NAME_LEN		64
struct rt_btf_sig {
	unsigned int nr_args;
	bool has_ret;
	struct rt_field args[RT_BTF_ARGS];
	struct rt_field ret;
	char names[RT_BTF_ARGS][RT_BTF_NAME_LEN];
};
int rt_btf_func(const char *func, struct rt_btf_sig *sig);
void rt_btf_sig_free(struct rt_btf_sig *sig);

int rt_kprobe_kinds_init(void);
void rt_kprobe_kinds_exit(void);
int rt_uprobe_kind_init(void);
void rt_uprobe_kind_exit(void);

#endif /* _RINGTAIL_KINDS_H */
