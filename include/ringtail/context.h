/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contexts (record/context.c): what `lttng add-context -k` adds to every
 * record of a channel, between the event header and the payload (CTF's
 * stream event context, doc/lttng-abi.md section 4.7).
 *
 * A channel's contexts form a set, built while its session has never been
 * active and frozen from its first start on: probes read it without any
 * synchronization, and it is freed with the channel, once no probe runs.
 * Each context describes the task current when the event is recorded,
 * read without sleeping or faulting, in any context up to NMI.
 */
#ifndef _RINGTAIL_CONTEXT_H
#define _RINGTAIL_CONTEXT_H

#include <linux/types.h>
#include <ringtail/events.h>

enum rt_ctx_type {
	RT_CTX_PID,
	RT_CTX_PERF_CPU,		/* a per-CPU perf counter */
	RT_CTX_PROCNAME,
	RT_CTX_PRIO,
	RT_CTX_NICE,
	RT_CTX_VPID,
	RT_CTX_TID,
	RT_CTX_VTID,
	RT_CTX_PPID,
	RT_CTX_VPPID,
	RT_CTX_HOSTNAME,
	RT_CTX_CPU_ID,
	RT_CTX_INTERRUPTIBLE,
	RT_CTX_PREEMPTIBLE,
	RT_CTX_NEED_RESCHEDULE,
	RT_CTX_MIGRATABLE,
	RT_CTX_CALLSTACK_KERNEL,
	RT_CTX_CALLSTACK_USER,
	RT_CTX_CGROUP_NS,
	RT_CTX_IPC_NS,
	RT_CTX_MNT_NS,
	RT_CTX_NET_NS,
	RT_CTX_PID_NS,
	RT_CTX_USER_NS,
	RT_CTX_UTS_NS,
	RT_CTX_UID,
	RT_CTX_EUID,
	RT_CTX_SUID,
	RT_CTX_GID,
	RT_CTX_EGID,
	RT_CTX_SGID,
	RT_CTX_VUID,
	RT_CTX_VEUID,
	RT_CTX_VSUID,
	RT_CTX_VGID,
	RT_CTX_VEGID,
	RT_CTX_VSGID,
	RT_CTX_TIME_NS,
	RT_CTX_NR
};

/* What is asked for: a type, and for perf counters which one. */
struct rt_ctx_spec {
	enum rt_ctx_type type;
	u32 perf_type;			/* PERF_TYPE_* */
	u64 perf_config;
	char perf_name[RT_NAME_LEN];	/* the field's name */
};

struct rt_ctx_perf;

/* One context of a set: how it is recorded and how the metadata says it. */
struct rt_ctx_field {
	enum rt_ctx_type type;
	struct rt_field field;
	struct rt_ctx_perf *perf;	/* RT_CTX_PERF_CPU */
};

/* Up to one of each type, plus perf counters. */
#define RT_CTX_MAX	64

struct rt_ctx_set {
	unsigned int nr;
	u8 align;			/* the largest of its fields' */
	bool callstacks;		/* some field's length varies */
	size_t len;			/* without callstacks: every record's */
	struct rt_ctx_field f[RT_CTX_MAX];
};

/*
 * Add a context to *@set (allocated on first use).  -EEXIST: already
 * there; -EINVAL: not a context; -ENOSYS or the perf subsystem's error: it
 * cannot work on this machine; -E2BIG: the set is full.
 */
int rt_ctx_add(struct rt_ctx_set **set, const struct rt_ctx_spec *spec);
void rt_ctx_set_free(struct rt_ctx_set *set);

/*
 * Recording, with preemption disabled: rt_ctx_begin() captures what must
 * be measured before the record is reserved (call stacks) and returns
 * the length of the context part, rt_ctx_write() writes it (aligned to
 * set->align), rt_ctx_end() releases what rt_ctx_begin() took, whether
 * or not the record was written.
 */
struct rt_ctx_capture {
	int level;			/* the call stack buffers', or -1 */
	const unsigned long *stack[2];	/* kernel, user */
	u32 depth[2];
};
size_t rt_ctx_begin(const struct rt_ctx_set *set, struct rt_ctx_capture *cap);
void rt_ctx_write(const struct rt_ctx_set *set, void *dst,
		  const struct rt_ctx_capture *cap);
void rt_ctx_end(struct rt_ctx_capture *cap);

struct nsproxy;
/*
 * The inode number of @ns's namespace of @type (RT_CTX_CGROUP_NS,
 * _IPC_NS, _MNT_NS, _NET_NS, _UTS_NS or _TIME_NS); 0 without @ns or that
 * namespace.
 */
u32 rt_ctx_nsproxy_inum(enum rt_ctx_type type, struct nsproxy *ns);

/*
 * Filters read contexts whether or not a channel records them: the type
 * named @name ("procname", "vtid", ...; no call stacks), or -ENOENT; and
 * the current task's value of @type, as a record would show it: a text
 * (returned, at most *@len bytes or to a NUL) or an integer (*@v, and
 * NULL returned).  Any context up to NMI.
 */
int rt_ctx_by_name(const char *name);
const char *rt_ctx_value(enum rt_ctx_type type, s64 *v, u32 *len);
/* Whether @type's integer is signed, as its field in the trace says. */
bool rt_ctx_is_signed(enum rt_ctx_type type);

int rt_ctx_init(void);
void rt_ctx_exit(void);

#endif /* _RINGTAIL_CONTEXT_H */
