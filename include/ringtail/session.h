/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sessions, channels, enablers and events: LTTng's object model behind the
 * session, channel and event files (doc/lttng-abi.md, section 2.1).
 *
 * All control operations run under rt_sessions_lock.  Probes only read
 * event->recording, which is recomputed under the lock whenever the
 * session, the channel or an enabler changes state; WAIT_QUIESCENT (an RCU
 * grace period) then guarantees no probe still acts on the old state.
 */
#ifndef _RINGTAIL_SESSION_H
#define _RINGTAIL_SESSION_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <ringtail/events.h>
#include <ringtail/ringbuffer.h>
#include <ringtail/transport.h>
#include <uapi/ringtail/abi.h>

extern struct mutex rt_sessions_lock;

/* The session's CTF metadata text: append-only, read by metadata streams. */
struct rt_metadata_cache {
	struct kref ref;
	struct mutex lock;
	char *data;
	size_t len, alloc;
	u64 version;
	wait_queue_head_t wait;		/* metadata streams' readers */
};

struct rt_session {
	struct list_head node;		/* in rt_sessions */
	struct list_head chans;
	struct list_head enablers;
	struct rt_metadata_cache *cache;
	const struct rt_trace_clock *clock;
	bool active;
	bool been_active;
	bool metadata_written;		/* preamble and stream blocks */
	unsigned int next_chan_id;
	u8 uuid[16];
	char name[RT_ABI_SYM_NAME_LEN];
	char creation_time[RT_ABI_ISO8601_LEN];
	struct file *file;
};

struct rt_channel {
	struct list_head node;		/* in session->chans */
	struct rt_session *session;
	struct rt_rb_chan *rb;
	struct rt_transport *transport;
	unsigned int id;		/* CTF stream id */
	bool metadata;
	bool enabled;
	bool large_headers;		/* event_header_large */
	unsigned int next_event_id;
	struct list_head events;
	struct rt_sc_chan *sc;		/* system call events, events/syscall.c */
};

struct rt_enabler {
	struct list_head node;		/* in session->enablers */
	struct rt_channel *chan;
	char name[RT_ABI_SYM_NAME_LEN];	/* event name or star glob */
	u32 instrumentation;
	u8 sc_entryexit, sc_abi;	/* system calls: 0 both, 1, 2 */
	bool enabled;
};

struct rt_event {
	struct list_head node;		/* in chan->events */
	struct rt_channel *chan;
	const struct rt_event_desc *desc;
	unsigned int id;		/* in its channel */
	struct rt_tp_probe tp;		/* its probe, by tracepoint name */
	bool in_metadata;
	bool recording;			/* read by the probe */
};

/* core/session.c */
struct rt_session *rt_session_create(void);
void rt_session_destroy(struct rt_session *session);
int rt_session_start(struct rt_session *session);
int rt_session_stop(struct rt_session *session);
struct rt_channel *rt_channel_create(struct rt_session *session,
				     const struct rt_abi_channel *attr,
				     bool metadata);
int rt_channel_set_enabled(struct rt_channel *chan, bool enabled);
struct rt_enabler *rt_enabler_create(struct rt_channel *chan,
				     const struct rt_abi_event *attr);
int rt_enabler_set_enabled(struct rt_enabler *enabler, bool enabled);

/* metadata/cache.c */
struct rt_metadata_cache *rt_metadata_cache_create(void);
void rt_metadata_cache_put(struct rt_metadata_cache *cache);
int rt_metadata_printf(struct rt_metadata_cache *cache, const char *fmt, ...)
	__printf(2, 3);
void rt_metadata_commit(struct rt_metadata_cache *cache);
int rt_metadata_channel_setup(struct rt_session *session,
			      struct rt_rb_config *cfg);

/* metadata/tsdl.c */
int rt_tsdl_session(struct rt_session *session);
int rt_tsdl_event(struct rt_event *event);

/* events/ctf.c */
int rt_ctf_channel_setup(struct rt_channel *chan, struct rt_rb_config *cfg);
bool rt_ctf_reserve(struct rt_event *event, struct rt_rb_ctx *ctx, size_t len);

/* abi/session.c */
int rt_session_fd(void);

#endif /* _RINGTAIL_SESSION_H */
