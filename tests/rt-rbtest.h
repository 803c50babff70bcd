/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interface of the ring buffer test module (tests/modules/rt_test_rb.c),
 * shared with its user-space reader (tests/guest/ringbuffer.c).
 *
 * /proc/rt_rbtest: CREATE a channel, open STREAMs on it, RUN writers on
 * every CPU (task, hrtimer and NMI context) for a while, WAIT for them,
 * read STATS, DESTROY the channel.
 */
#ifndef RT_RBTEST_H
#define RT_RBTEST_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define RBT_MAX_CPUS		64
#define RBT_KINDS		3	/* writer kinds: task, hrtimer, NMI */
#define RBT_KIND_TASK		0
#define RBT_KIND_HRTIMER	1
#define RBT_KIND_NMI		2
#define RBT_WRITER(cpu, kind)	((cpu) * RBT_KINDS + (kind))

#define RBT_PACKET_MAGIC	0x5254504bU	/* "RTPK" */
#define RBT_RECORD_MAGIC	0x52545243U	/* "RTRC" */

struct rbt_config {
	__u64 subbuf_size;
	__u64 num_subbuf;
	__u32 overwrite;
	__u32 switch_timer_us;
	__u32 read_timer_us;
	__u32 pad;
};

struct rbt_run {
	__u32 duration_ms;
	__u32 min_len;		/* record length range, bytes */
	__u32 max_len;
	__u32 kinds;		/* bit per writer kind */
	__u32 hrtimer_us;	/* hrtimer writer period */
	__u32 pad;
};

struct rbt_stats {
	__u64 written[RBT_MAX_CPUS * RBT_KINDS];	/* records reserved and committed */
	__u64 dropped[RBT_MAX_CPUS * RBT_KINDS];	/* reserve failures seen by writers */
	__u64 discarded[RBT_MAX_CPUS];			/* buffer counters */
	__u64 lost_big[RBT_MAX_CPUS];
	__u64 overwritten[RBT_MAX_CPUS];
	__u32 nr_cpus;		/* possible CPUs */
	__u32 nmi_ok;		/* NMI writers ran in NMI context */
};

/* The packet header written by the test client. */
struct rbt_packet_header {
	__u32 magic;
	__u32 cpu;
	__u64 seq;
	__u64 ts_begin;
	__u64 ts_end;
	__u64 content_size;
	__u64 discarded;
} __attribute__((packed));

/* A test record: header, then len - sizeof(header) payload bytes. */
struct rbt_record {
	__u32 magic;
	__u16 writer;
	__u16 len;
	__u64 seq;		/* per writer, from 1 */
	__u64 ts;
	__u32 sum;		/* rbt_sum() of the payload */
} __attribute__((packed));

#define RBT_CREATE	_IOW('r', 1, struct rbt_config)
#define RBT_STREAM	_IO('r', 2)	/* arg: cpu; returns a stream fd */
#define RBT_RUN		_IOW('r', 3, struct rbt_run)
#define RBT_WAIT	_IO('r', 4)
#define RBT_STATS	_IOR('r', 5, struct rbt_stats)
#define RBT_DESTROY	_IO('r', 6)
#define RBT_WRITE_BIG	_IO('r', 7)	/* one record larger than a packet */

/* Payload byte i of record (writer, seq), and the checksum of a payload. */
static inline __u8 rbt_byte(__u16 writer, __u64 seq, unsigned int i)
{
	return (__u8)(seq * 31 + writer * 7 + i);
}

static inline __u32 rbt_sum(const __u8 *p, unsigned int n)
{
	__u32 s = 0x811c9dc5;
	unsigned int i;

	for (i = 0; i < n; i++)
		s = (s ^ p[i]) * 0x01000193;
	return s;
}

#endif /* RT_RBTEST_H */
