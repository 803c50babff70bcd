/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Ringtail: the LTTng 2.13 kernel tracer ABI, as seen from user space.
 *
 * lttng-tools talks to the kernel tracer through ioctls on /proc/lttng and
 * on the files those ioctls return.  Request numbers and argument layouts
 * are fixed by lttng-tools 2.13 (see doc/lttng-abi.md); every structure is packed
 * and little endian.  This header is shared by the modules and the tests.
 */
#ifndef _UAPI_RINGTAIL_ABI_H
#define _UAPI_RINGTAIL_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include "version.h"

#define RT_ABI_IOC_TYPE			0xF6

struct rt_abi_tracer_version {
	__u32 major;
	__u32 minor;
	__u32 patchlevel;
} __attribute__((packed));

struct rt_abi_tracer_abi_version {
	__u32 major;
	__u32 minor;
} __attribute__((packed));

/* ioctls on the tracer file, /proc/lttng */
#define RT_ABI_SESSION			_IO(RT_ABI_IOC_TYPE, 0x45)
#define RT_ABI_TRACER_VERSION		_IOR(RT_ABI_IOC_TYPE, 0x46, struct rt_abi_tracer_version)
#define RT_ABI_TRACEPOINT_LIST		_IO(RT_ABI_IOC_TYPE, 0x47)
#define RT_ABI_WAIT_QUIESCENT		_IO(RT_ABI_IOC_TYPE, 0x48)
#define RT_ABI_SYSCALL_LIST		_IO(RT_ABI_IOC_TYPE, 0x4A)
#define RT_ABI_TRACER_ABI_VERSION	_IOR(RT_ABI_IOC_TYPE, 0x4B, struct rt_abi_tracer_abi_version)
#define RT_ABI_EVENT_NOTIFIER_GROUP_CREATE _IO(RT_ABI_IOC_TYPE, 0x4C)

/* Argument of CHANNEL and METADATA (320 bytes). */
struct rt_abi_channel {
	__u64 subbuf_size;
	__u64 num_subbuf;
	__u32 switch_timer_interval;	/* us */
	__u32 read_timer_interval;	/* us */
	__u32 output;			/* RT_ABI_OUTPUT_* */
	__s32 overwrite;
	char padding[288];
} __attribute__((packed));

#define RT_ABI_OUTPUT_SPLICE	0
#define RT_ABI_OUTPUT_MMAP	1

#define RT_ABI_SYM_NAME_LEN	256

/* Argument of EVENT (564 bytes). */
struct rt_abi_event {
	char name[RT_ABI_SYM_NAME_LEN];
	__u32 instrumentation;		/* RT_ABI_INSTR_* */
	__u64 token;
	char padding[8];
	union {
		struct {
			__u8 entryexit;
			__u8 abi;
			__u8 match;
			__u8 padding;
			__u32 nr;
		} __attribute__((packed)) syscall;
		/*
		 * KPROBE and KRETPROBE: an address, or a symbol and an
		 * offset in it (entryexit: lttng-modules', always 0).
		 */
		struct {
			__u64 addr;
			__u64 offset;
			char symbol_name[RT_ABI_SYM_NAME_LEN];
			__u8 entryexit;
		} __attribute__((packed)) kprobe;
		/*
		 * UPROBE: a file descriptor of the binary, in the caller's
		 * table; its call sites follow with ADD_CALLSITE.
		 */
		struct {
			__s32 fd;
		} __attribute__((packed)) uprobe;
		char padding[288];
	} u;
} __attribute__((packed));

/* Argument of ADD_CALLSITE: where in the file of a UPROBE event. */
struct rt_abi_event_callsite {
	__u64 offset;
} __attribute__((packed));

#define RT_ABI_INSTR_TRACEPOINT	0
#define RT_ABI_INSTR_KPROBE	1
#define RT_ABI_INSTR_FUNCTION	2
#define RT_ABI_INSTR_KRETPROBE	3
#define RT_ABI_INSTR_NOOP	4
#define RT_ABI_INSTR_SYSCALL	5
#define RT_ABI_INSTR_UPROBE	6

/* Argument of CONTEXT (308 bytes): what `lttng add-context -k` adds. */
struct rt_abi_context {
	__u32 ctx;			/* RT_ABI_CTX_* */
	char padding[16];
	union {
		struct {
			__u32 type;	/* PERF_TYPE_* */
			__u64 config;
			char name[RT_ABI_SYM_NAME_LEN];
		} __attribute__((packed)) perf_counter;
		char padding[288];
	} u;
} __attribute__((packed));

/* Context types, in lttng-modules' numbering. */
#define RT_ABI_CTX_PID			0
#define RT_ABI_CTX_PERF_CPU_COUNTER	1
#define RT_ABI_CTX_PROCNAME		2
#define RT_ABI_CTX_PRIO			3
#define RT_ABI_CTX_NICE			4
#define RT_ABI_CTX_VPID			5
#define RT_ABI_CTX_TID			6
#define RT_ABI_CTX_VTID			7
#define RT_ABI_CTX_PPID			8
#define RT_ABI_CTX_VPPID		9
#define RT_ABI_CTX_HOSTNAME		10
#define RT_ABI_CTX_CPU_ID		11
#define RT_ABI_CTX_INTERRUPTIBLE	12
#define RT_ABI_CTX_PREEMPTIBLE		13
#define RT_ABI_CTX_NEED_RESCHEDULE	14
#define RT_ABI_CTX_MIGRATABLE		15
#define RT_ABI_CTX_CALLSTACK_KERNEL	16
#define RT_ABI_CTX_CALLSTACK_USER	17
#define RT_ABI_CTX_CGROUP_NS		18
#define RT_ABI_CTX_IPC_NS		19
#define RT_ABI_CTX_MNT_NS		20
#define RT_ABI_CTX_NET_NS		21
#define RT_ABI_CTX_PID_NS		22
#define RT_ABI_CTX_USER_NS		23
#define RT_ABI_CTX_UTS_NS		24
#define RT_ABI_CTX_UID			25
#define RT_ABI_CTX_EUID			26
#define RT_ABI_CTX_SUID			27
#define RT_ABI_CTX_GID			28
#define RT_ABI_CTX_EGID			29
#define RT_ABI_CTX_SGID			30
#define RT_ABI_CTX_VUID			31
#define RT_ABI_CTX_VEUID		32
#define RT_ABI_CTX_VSUID		33
#define RT_ABI_CTX_VGID			34
#define RT_ABI_CTX_VEGID		35
#define RT_ABI_CTX_VSGID		36
#define RT_ABI_CTX_TIME_NS		37

struct rt_abi_session_name {
	char name[RT_ABI_SYM_NAME_LEN];
} __attribute__((packed));

#define RT_ABI_ISO8601_LEN	26
struct rt_abi_session_creation_time {
	char iso8601[RT_ABI_ISO8601_LEN];
} __attribute__((packed));

/*
 * A tracker's id (-1: all of them), for TRACK_ID/UNTRACK_ID; types: 0 pid,
 * 1 vpid, 2 uid, 3 vuid, 4 gid, 5 vgid.
 */
struct rt_abi_tracker_args {
	__u32 type;
	__s32 id;
} __attribute__((packed));

/* ioctls on a session file */
#define RT_ABI_METADATA			_IOW(RT_ABI_IOC_TYPE, 0x54, struct rt_abi_channel)
#define RT_ABI_CHANNEL			_IOW(RT_ABI_IOC_TYPE, 0x55, struct rt_abi_channel)
#define RT_ABI_SESSION_START		_IO(RT_ABI_IOC_TYPE, 0x56)
#define RT_ABI_SESSION_STOP		_IO(RT_ABI_IOC_TYPE, 0x57)
#define RT_ABI_SESSION_METADATA_REGEN	_IO(RT_ABI_IOC_TYPE, 0x59)
#define RT_ABI_SESSION_STATEDUMP	_IO(RT_ABI_IOC_TYPE, 0x5C)
#define RT_ABI_SESSION_SET_NAME		_IOW(RT_ABI_IOC_TYPE, 0x5D, struct rt_abi_session_name)
#define RT_ABI_SESSION_SET_CREATION_TIME _IOW(RT_ABI_IOC_TYPE, 0x5E, struct rt_abi_session_creation_time)
/*
 * lttng-modules 2.14's trace format: the argument itself, not a pointer to
 * it.  lttng-tools 2.14 and later send it for every kernel session.
 */
#define RT_ABI_SESSION_SET_OUTPUT_FORMAT _IOW(RT_ABI_IOC_TYPE, 0x5F, __u32)
#define RT_ABI_OUTPUT_FORMAT_CTF_1_8	1
#define RT_ABI_OUTPUT_FORMAT_CTF_2	2
/* The pid tracker's id is the argument itself, not a pointer to it. */
#define RT_ABI_SESSION_TRACK_PID	_IOW(RT_ABI_IOC_TYPE, 0x58, __s32)
#define RT_ABI_SESSION_UNTRACK_PID	_IOW(RT_ABI_IOC_TYPE, 0x59, __s32)
#define RT_ABI_SESSION_TRACK_ID		_IOW(RT_ABI_IOC_TYPE, 0xA1, struct rt_abi_tracker_args)
#define RT_ABI_SESSION_UNTRACK_ID	_IOW(RT_ABI_IOC_TYPE, 0xA2, struct rt_abi_tracker_args)
/* The numbers of lttng-modules before 2.13, which it still takes. */
#define RT_ABI_OLD_SESSION_TRACK_PID	_IOR(RT_ABI_IOC_TYPE, 0x58, __s32)
#define RT_ABI_OLD_SESSION_UNTRACK_PID	_IOR(RT_ABI_IOC_TYPE, 0x59, __s32)
#define RT_ABI_OLD_SESSION_TRACK_ID	_IOR(RT_ABI_IOC_TYPE, 0xA1, struct rt_abi_tracker_args)
#define RT_ABI_OLD_SESSION_UNTRACK_ID	_IOR(RT_ABI_IOC_TYPE, 0xA2, struct rt_abi_tracker_args)

/* ioctls on a channel file (STREAM also on the metadata channel) */
#define RT_ABI_STREAM			_IO(RT_ABI_IOC_TYPE, 0x62)
#define RT_ABI_EVENT			_IOW(RT_ABI_IOC_TYPE, 0x63, struct rt_abi_event)
#define RT_ABI_CONTEXT			_IOW(RT_ABI_IOC_TYPE, 0x71, struct rt_abi_context)

/*
 * On an event file: filter bytecode (doc/lttng-abi.md, 6.1; _IO although
 * it takes a pointer, as in lttng-modules).
 */
#define RT_ABI_FILTER			_IO(RT_ABI_IOC_TYPE, 0x90)
/* On a UPROBE event file: one more call site (_IO, takes a pointer). */
#define RT_ABI_ADD_CALLSITE		_IO(RT_ABI_IOC_TYPE, 0x91)

/* on channel, event and session files */
#define RT_ABI_ENABLE			_IO(RT_ABI_IOC_TYPE, 0x82)
#define RT_ABI_DISABLE			_IO(RT_ABI_IOC_TYPE, 0x83)

/*
 * Event-notifier groups (doc/lttng-abi.md, section 2.2, category i).  The
 * group file hands out the notification file and the error counter; an
 * event notifier is an event (as EVENT's argument) with the index of its
 * element in the error counter.
 */
struct rt_abi_event_notifier {
	struct rt_abi_event event;
	__u64 error_counter_index;
	char padding[32];
} __attribute__((packed));

/*
 * On an event-notifier file: one more capture (the same header as
 * FILTER's; _IO, takes a pointer).  ENABLE, DISABLE, FILTER and
 * ADD_CALLSITE apply too.
 */
#define RT_ABI_CAPTURE			_IO(RT_ABI_IOC_TYPE, 0xB8)

/*
 * What read() on the notification file gives, one after the other: this
 * header, then capture_buf_size bytes of msgpack capture.
 */
struct rt_abi_event_notifier_notification {
	__u64 token;
	__u16 capture_buf_size;
	char padding[32];
} __attribute__((packed));

#define RT_ABI_COUNTER_DIMENSION_MAX	4
#define RT_ABI_COUNTER_ARITHMETIC_MODULAR 0
#define RT_ABI_COUNTER_BITNESS_32	0
#define RT_ABI_COUNTER_BITNESS_64	1

struct rt_abi_counter_dimension {
	__u64 size;
	__u64 underflow_index;
	__u64 overflow_index;
	__u8 has_underflow;
	__u8 has_overflow;
} __attribute__((packed));

/* Argument of COUNTER (192 bytes). */
struct rt_abi_counter_conf {
	__u32 arithmetic;		/* RT_ABI_COUNTER_ARITHMETIC_* */
	__u32 bitness;			/* RT_ABI_COUNTER_BITNESS_* */
	__u32 number_dimensions;
	__s64 global_sum_step;
	struct rt_abi_counter_dimension dimensions[RT_ABI_COUNTER_DIMENSION_MAX];
	__u8 coalesce_hits;
	char padding[67];
} __attribute__((packed));

struct rt_abi_counter_index {
	__u32 number_dimensions;
	__u64 dimension_indexes[RT_ABI_COUNTER_DIMENSION_MAX];
} __attribute__((packed));

struct rt_abi_counter_value {
	__s64 value;
	__u8 underflow;
	__u8 overflow;
} __attribute__((packed));

/* Arguments of COUNTER_READ (82 bytes), _AGGREGATE (78) and _CLEAR (68). */
struct rt_abi_counter_read {
	struct rt_abi_counter_index index;
	__s32 cpu;			/* -1: every CPU */
	struct rt_abi_counter_value value;	/* out */
	char padding[32];
} __attribute__((packed));

struct rt_abi_counter_aggregate {
	struct rt_abi_counter_index index;
	struct rt_abi_counter_value value;	/* out */
	char padding[32];
} __attribute__((packed));

struct rt_abi_counter_clear {
	struct rt_abi_counter_index index;
	char padding[32];
} __attribute__((packed));

/* ioctls on an event-notifier group file */
#define RT_ABI_EVENT_NOTIFIER_CREATE	_IOW(RT_ABI_IOC_TYPE, 0xB0, struct rt_abi_event_notifier)
#define RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD _IO(RT_ABI_IOC_TYPE, 0xB1)
#define RT_ABI_COUNTER			_IOW(RT_ABI_IOC_TYPE, 0x84, struct rt_abi_counter_conf)

/* ioctls on a counter file */
#define RT_ABI_COUNTER_READ		_IOWR(RT_ABI_IOC_TYPE, 0xC0, struct rt_abi_counter_read)
#define RT_ABI_COUNTER_AGGREGATE	_IOWR(RT_ABI_IOC_TYPE, 0xC1, struct rt_abi_counter_aggregate)
#define RT_ABI_COUNTER_CLEAR		_IOW(RT_ABI_IOC_TYPE, 0xC2, struct rt_abi_counter_clear)

/*
 * RING_BUFFER_FLUSH_OR_POPULATE_PACKET (lttng-modules 2.14, ABI 2.7): flush;
 * if that delivered no packet, the empty next packet is written at packet
 * (a user buffer of at least the padded length, a page) instead of into the
 * ring buffer.  The lengths are in bytes.
 */
struct rt_abi_rb_flush_or_populate {
	__u64 packet;			/* in: user address */
	__u64 packet_length;		/* out: header only */
	__u64 packet_length_padded;	/* out: what to write out */
	__u8 flush_done;		/* out */
	__u8 packet_populated;		/* out */
} __attribute__((packed));

/* ioctls on a ring buffer stream file (doc/lttng-abi.md, section 3) */
#define RT_ABI_RB_SNAPSHOT			_IO(RT_ABI_IOC_TYPE, 0x00)
#define RT_ABI_RB_SNAPSHOT_GET_CONSUMED		_IOR(RT_ABI_IOC_TYPE, 0x01, unsigned long)
#define RT_ABI_RB_SNAPSHOT_GET_PRODUCED		_IOR(RT_ABI_IOC_TYPE, 0x02, unsigned long)
#define RT_ABI_RB_GET_SUBBUF			_IOW(RT_ABI_IOC_TYPE, 0x03, unsigned long)
#define RT_ABI_RB_PUT_SUBBUF			_IO(RT_ABI_IOC_TYPE, 0x04)
#define RT_ABI_RB_GET_NEXT_SUBBUF		_IO(RT_ABI_IOC_TYPE, 0x05)
#define RT_ABI_RB_PUT_NEXT_SUBBUF		_IO(RT_ABI_IOC_TYPE, 0x06)
#define RT_ABI_RB_GET_SUBBUF_SIZE		_IOR(RT_ABI_IOC_TYPE, 0x07, unsigned long)
#define RT_ABI_RB_GET_PADDED_SUBBUF_SIZE	_IOR(RT_ABI_IOC_TYPE, 0x08, unsigned long)
#define RT_ABI_RB_GET_MAX_SUBBUF_SIZE		_IOR(RT_ABI_IOC_TYPE, 0x09, unsigned long)
#define RT_ABI_RB_GET_MMAP_LEN			_IOR(RT_ABI_IOC_TYPE, 0x0A, unsigned long)
#define RT_ABI_RB_GET_MMAP_READ_OFFSET		_IOR(RT_ABI_IOC_TYPE, 0x0B, unsigned long)
#define RT_ABI_RB_FLUSH				_IO(RT_ABI_IOC_TYPE, 0x0C)
#define RT_ABI_RB_GET_METADATA_VERSION		_IOR(RT_ABI_IOC_TYPE, 0x0D, __u64)
#define RT_ABI_RB_SNAPSHOT_SAMPLE_POSITIONS	_IO(RT_ABI_IOC_TYPE, 0x0E)
#define RT_ABI_RB_FLUSH_EMPTY			_IO(RT_ABI_IOC_TYPE, 0x0F)
#define RT_ABI_RB_METADATA_CACHE_DUMP		_IO(RT_ABI_IOC_TYPE, 0x10)
#define RT_ABI_RB_CLEAR				_IO(RT_ABI_IOC_TYPE, 0x11)
#define RT_ABI_RB_GET_NEXT_SUBBUF_METADATA_CHECK	_IOR(RT_ABI_IOC_TYPE, 0x12, __u32)
#define RT_ABI_RB_FLUSH_OR_POPULATE_PACKET	_IOWR(RT_ABI_IOC_TYPE, 0x13, struct rt_abi_rb_flush_or_populate)
#define RT_ABI_RB_GET_TIMESTAMP_BEGIN		_IOR(RT_ABI_IOC_TYPE, 0x20, __u64)
#define RT_ABI_RB_GET_TIMESTAMP_END		_IOR(RT_ABI_IOC_TYPE, 0x21, __u64)
#define RT_ABI_RB_GET_EVENTS_DISCARDED		_IOR(RT_ABI_IOC_TYPE, 0x22, __u64)
#define RT_ABI_RB_GET_CONTENT_SIZE		_IOR(RT_ABI_IOC_TYPE, 0x23, __u64)
#define RT_ABI_RB_GET_PACKET_SIZE		_IOR(RT_ABI_IOC_TYPE, 0x24, __u64)
#define RT_ABI_RB_GET_STREAM_ID			_IOR(RT_ABI_IOC_TYPE, 0x25, __u64)
#define RT_ABI_RB_GET_CURRENT_TIMESTAMP		_IOR(RT_ABI_IOC_TYPE, 0x26, __u64)
#define RT_ABI_RB_GET_SEQ_NUM			_IOR(RT_ABI_IOC_TYPE, 0x27, __u64)
#define RT_ABI_RB_INSTANCE_ID			_IOR(RT_ABI_IOC_TYPE, 0x28, __u64)

#endif /* _UAPI_RINGTAIL_ABI_H */
