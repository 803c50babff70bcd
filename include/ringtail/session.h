/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sessions, channels, enablers and events: LTTng's object model behind the
 * session, channel and event files (doc/lttng-abi.md, section 2.1), in
 * session/session.c.
 *
 * All control operations run under rt_sessions_lock.  Probes only read
 * event->recording (and what their kind's update() sets), recomputed under
 * the lock whenever the session, the channel or an enabler changes state;
 * WAIT_QUIESCENT (an RCU grace period) then guarantees no probe still acts
 * on the old state.  Kinds of instrumentation (struct rt_kind, events.h)
 * hook the probes; the model knows them only through their operations.
 */
#ifndef _RINGTAIL_SESSION_H
#define _RINGTAIL_SESSION_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <ringtail/clock.h>
#include <ringtail/context.h>
#include <ringtail/events.h>
#include <ringtail/filter.h>
#include <ringtail/metadata.h>
#include <ringtail/record.h>
#include <ringtail/ringbuffer.h>
#include <ringtail/track.h>

extern struct mutex rt_sessions_lock;

struct rt_session {
	struct list_head node;		/* in rt_sessions */
	struct list_head chans;
	struct list_head enablers;
	struct rt_metadata_cache *cache;
	const struct rt_trace_clock *clock;
	bool active;
	bool been_active;
	/*
	 * An event-notifier group's (rt_session_create_notifier()): its
	 * events write notifications, not records.
	 */
	bool notify;
	bool metadata_written;		/* preamble and stream blocks */
	const struct rt_metadata_writer *writer;	/* its format */
	struct rt_track *track;		/* its trackers; NULL: all let all through */
	unsigned int next_chan_id;
	u8 uuid[16];
	char name[RT_NAME_LEN];
	char creation_time[32];
};

/* What a channel is asked to be (the ABI's channel attributes). */
struct rt_channel_attr {
	size_t subbuf_size;
	size_t num_subbuf;
	bool overwrite;
	unsigned int switch_timer_us;
	unsigned int read_timer_us;
};

struct rt_channel {
	struct list_head node;		/* in session->chans */
	struct rt_session *session;
	struct rt_rb_chan *rb;
	unsigned int id;		/* CTF stream id */
	bool metadata;
	bool enabled;
	bool large_headers;		/* event_header_large */
	/* Contexts: added before the session first starts, then fixed. */
	struct rt_ctx_set *ctx;
	unsigned int next_event_id;
	struct list_head events;
	/* The ABI's (its transport), released when the channel is freed. */
	void *owner_data;
	void (*owner_release)(void *owner_data);
};

/*
 * What `lttng enable-event` asks for: a name or star glob of one kind,
 * matched against the registry's descriptions; or, for a probe placed at
 * run time (a kprobe, a uprobe), the descriptions of its own events, which
 * its kind made for it and which no other enabler matches.
 */
struct rt_enabler_spec {
	const struct rt_kind *kind;
	char name[RT_NAME_LEN];
	u32 kind_args;			/* the kind's own selection */
	const struct rt_event_desc *descs;	/* NULL: the registry's */
	unsigned int nr_descs;
	/* The kind's state behind descs, freed by its release(). */
	void *kind_data;
};

/* Filters one enabler holds (lttng-tools attaches one). */
#define RT_ENABLER_FILTERS	8

struct rt_enabler {
	struct list_head node;		/* in session->enablers */
	struct rt_channel *chan;
	struct rt_enabler_spec spec;
	bool enabled;
	/* Its events record what any of these lets through; none: all. */
	unsigned int nr_filters;
	struct rt_bytecode *filters[RT_ENABLER_FILTERS];
	/* An event notifier's: what it writes; owned by the enabler. */
	struct rt_notify *notify;
};

/* Captures one notifier holds: lttng-modules sets no limit, 512 bytes do. */
#define RT_NOTIFY_CAPTURES	128

struct rt_event {
	struct list_head node;		/* in chan->events */
	struct rt_channel *chan;
	const struct rt_event_desc *desc;
	struct rt_record_target rec;	/* where its probe writes */
	void *kind_data;		/* its kind's */
	bool in_metadata;
	bool fresh;			/* created by the ongoing change */
	bool recording;			/* read by the probe */
	/*
	 * Its session's trackers, NULL if they let every task through:
	 * replaced whole, the old one outliving the probes that saw it.
	 */
	const struct rt_track *track;
	/*
	 * The filters of the enablers that select it, NULL if one of them
	 * has none: published before recording turns on (the release in
	 * rt_event_update() orders it), replaced whole while it records.
	 */
	struct rt_filter_set *filters;
};

/*
 * Whether the session's trackers let the current task's events through;
 * for probes that know the event records (system calls: see
 * kinds/syscall.c).
 */
static __always_inline bool rt_event_tracked(const struct rt_event *event)
{
	const struct rt_track *track = READ_ONCE(event->track);

	return likely(!track) || rt_track_current(track);
}

/*
 * Whether @event records now, for the current task: what its probe reads
 * first.  The acquire pairs with the release in rt_event_update(): a
 * probe that sees the event recording sees its record target and its
 * trackers, set up before.
 */
static __always_inline bool rt_event_recording(const struct rt_event *event)
{
	/* Acquire: pairs with the release in rt_event_update(). */
	return smp_load_acquire(&event->recording) && rt_event_tracked(event);
}

/*
 * The event's filters, read once by its probe after rt_event_recording():
 * the set it points to stays until an RCU grace period after it was
 * replaced, and probes run with preemption disabled.
 */
static __always_inline const struct rt_filter_set *
rt_event_filters(const struct rt_event *event)
{
	return READ_ONCE(event->filters);
}

/*
 * @n events of @event were lost before anything was written (no scratch
 * record, or probe hits the kernel skipped): counted in its channel's
 * ring buffer, or, for an event notifier's event, which has none, as an
 * error of each of its notifiers.
 */
static inline void rt_event_lost(const struct rt_event *event, unsigned long n)
{
	if (likely(event->rec.rb && n == 1))
		rt_rb_lost(event->rec.rb);
	else if (event->rec.rb)
		rt_rb_lost_n(event->rec.rb, n);
	else
		rt_filter_lost(rt_event_filters(event), n);
}

/*
 * Hand-written probes (system calls, sched_process_fork, the state dump,
 * lttng_logger, lttng-test) write their @len payload bytes where
 * rt_event_begin() says: straight into the ring buffer when the event has
 * no filter, else into a scratch record, which rt_event_end() hands to the
 * filters and copies into the ring buffer if it passes: a rejected event
 * never touches the buffer.  NULL: nothing to write (dropped, and
 * counted).  Called by a probe that saw the event recording.
 */
/*
 * True when @event's notifiers, which read nothing of it, have taken it
 * already: a probe that measures its payload before rt_event_begin() asks
 * first, so that a bare notification costs no measuring.
 */
static __always_inline bool rt_event_notified(const struct rt_event *event)
{
	const struct rt_filter_set *filters = rt_event_filters(event);

	return unlikely(filters) && rt_filter_notify_early(filters);
}

struct rt_event_write {
	struct rt_rb_ctx ctx;
	const struct rt_filter_set *filters;
	size_t len;
};

static __always_inline void *rt_event_begin(const struct rt_event *event,
					    struct rt_event_write *w,
					    size_t len)
{
	void *scratch;

	w->filters = rt_event_filters(event);
	if (likely(!w->filters))
		return rt_record_reserve(&event->rec, &w->ctx, len) ?
		       w->ctx.payload : NULL;
	/* A notifier's, that reads nothing of it: notified already. */
	if (rt_filter_notify_early(w->filters))
		return NULL;
	w->len = len;
	scratch = rt_scratch_get(len);
	if (!scratch)
		rt_event_lost(event, 1);
	w->ctx.payload = scratch;
	return scratch;
}

static __always_inline void rt_event_end(const struct rt_event *event,
					 struct rt_event_write *w)
{
	if (likely(!w->filters)) {
		rt_rb_commit(&w->ctx);
		return;
	}
	rt_filter_record(w->filters, &event->rec, w->ctx.payload, w->len);
	rt_scratch_put();
}

/*
 * Kinds register at init; the model waits out each kind's probes
 * (rt_kind.synchronize) before freeing what they may read.
 */
void rt_kind_register(struct rt_kind *kind);
void rt_kind_unregister(struct rt_kind *kind);

struct rt_session *rt_session_create(void);
struct rt_session *rt_session_create_notifier(void);
void rt_session_destroy(struct rt_session *session);
int rt_session_start(struct rt_session *session);
int rt_session_stop(struct rt_session *session);
int rt_session_metadata_regen(struct rt_session *session);
int rt_session_set_format(struct rt_session *session, unsigned int format);
/* Track (@add) or untrack @id of @type: see rt_track_change(). */
int rt_session_track(struct rt_session *session, enum rt_track_type type,
		     s32 id, bool add);
struct rt_channel *rt_channel_create(struct rt_session *session,
				     const struct rt_channel_attr *attr,
				     bool metadata);
int rt_channel_set_enabled(struct rt_channel *chan, bool enabled);
int rt_channel_add_context(struct rt_channel *chan, const struct rt_ctx_spec *spec);
/*
 * The enabler owns spec->kind_data from here on, even if this fails.
 * -EEXIST for an enabler with descriptions of its own whose name the
 * channel already has (an event, or another such enabler).
 */
struct rt_enabler *rt_enabler_create(struct rt_channel *chan,
				     const struct rt_enabler_spec *spec);
/* Free the kind's state of a spec that never made an enabler. */
void rt_enabler_spec_release(const struct rt_enabler_spec *spec);
int rt_enabler_set_enabled(struct rt_enabler *enabler, bool enabled);
/*
 * Attach a checked program (the reference is the enabler's on success):
 * -ENOSPC past RT_ENABLER_FILTERS, or the error of updating the events.
 */
int rt_enabler_add_filter(struct rt_enabler *enabler, struct rt_bytecode *bc);
/*
 * Attach a capture to a notifier's enabler (the reference is the
 * enabler's on success): -EINVAL for an enabler that is no notifier's,
 * -E2BIG past RT_NOTIFY_CAPTURES.
 */
int rt_enabler_add_capture(struct rt_enabler *enabler, struct rt_capture *cap);
int rt_sessions_init(void);
void rt_sessions_exit(void);

#endif /* _RINGTAIL_SESSION_H */
