// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sessions, channels, enablers and events (see include/ringtail/session.h).
 *
 * An enabler is what `lttng enable-event` creates: a name or star glob of
 * one kind of instrumentation in a channel.  Events are created in the
 * channel for every available event description an enabler matches, as
 * soon as it matches (now, or when the description appears later: the
 * registry tells us); an event records while its session is active, its
 * channel enabled and an enabled enabler matches it.
 *
 * Every change either completes or leaves the model as it was: the events
 * a change creates stay "fresh" (attached, not recording, not declared)
 * until the whole change succeeded; if anything fails, they are detached
 * and freed again and the errno goes back to the caller.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/glob.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <ringtail/session.h>

DEFINE_MUTEX(rt_sessions_lock);
static LIST_HEAD(rt_sessions);
static LIST_HEAD(rt_kinds);

void rt_kind_register(struct rt_kind *kind)
{
	mutex_lock(&rt_sessions_lock);
	list_add_tail(&kind->node, &rt_kinds);
	mutex_unlock(&rt_sessions_lock);
}
EXPORT_SYMBOL_GPL(rt_kind_register);

void rt_kind_unregister(struct rt_kind *kind)
{
	mutex_lock(&rt_sessions_lock);
	list_del(&kind->node);
	mutex_unlock(&rt_sessions_lock);
}
EXPORT_SYMBOL_GPL(rt_kind_unregister);

/*
 * Wait until no probe of @session's events (those with @fresh_only: of
 * the fresh ones) can still run on a state it no longer has: each kind's
 * own grace period, once per kind.
 */
static void rt_session_synchronize(struct rt_session *session, bool fresh_only)
{
	struct rt_channel *chan;
	struct rt_event *event;
	struct rt_kind *kind;

	list_for_each_entry(kind, &rt_kinds, node) {
		bool used = false;

		list_for_each_entry(chan, &session->chans, node)
			list_for_each_entry(event, &chan->events, node)
				if (event->desc->kind == kind &&
				    (!fresh_only || event->fresh))
					used = true;
		if (used)
			kind->synchronize();
	}
}

struct rt_session *rt_session_create(void)
{
	struct rt_session *session = kzalloc(sizeof(*session), GFP_KERNEL);
	int ret = -ENOMEM;

	if (!session)
		return ERR_PTR(-ENOMEM);
	session->cache = rt_metadata_cache_create();
	if (!session->cache)
		goto free;
	/* The clock its metadata declares, pinned until it goes. */
	session->clock = rt_clock_get();
	if (IS_ERR(session->clock)) {
		ret = PTR_ERR(session->clock);
		rt_metadata_cache_put(session->cache);
		goto free;
	}
	INIT_LIST_HEAD(&session->chans);
	INIT_LIST_HEAD(&session->enablers);
	generate_random_uuid(session->uuid);
	/* CTF 1.8 unless lttng-tools 2.14 or later ask otherwise. */
	session->writer = &rt_tsdl_writer;
	mutex_lock(&rt_sessions_lock);
	list_add_tail(&session->node, &rt_sessions);
	mutex_unlock(&rt_sessions_lock);
	return session;
free:
	kfree(session);
	return ERR_PTR(ret);
}

/*
 * An event-notifier group's session: always active, no metadata, and one
 * channel without a ring buffer, whose events notify (their filter sets
 * write the notifications: rt_event_notify_set()).
 */
struct rt_session *rt_session_create_notifier(void)
{
	struct rt_session *session = kzalloc(sizeof(*session), GFP_KERNEL);
	struct rt_channel *chan = kzalloc(sizeof(*chan), GFP_KERNEL);

	if (!session || !chan) {
		kfree(session);
		kfree(chan);
		return ERR_PTR(-ENOMEM);
	}
	INIT_LIST_HEAD(&session->chans);
	INIT_LIST_HEAD(&session->enablers);
	session->notify = true;
	session->active = true;
	chan->session = session;
	chan->enabled = true;
	INIT_LIST_HEAD(&chan->events);
	list_add_tail(&chan->node, &session->chans);
	mutex_lock(&rt_sessions_lock);
	list_add_tail(&session->node, &rt_sessions);
	mutex_unlock(&rt_sessions_lock);
	return session;
}

static bool rt_enabler_matches(const struct rt_enabler *enabler,
			       const struct rt_event_desc *desc)
{
	const struct rt_kind *kind = enabler->spec.kind;

	/* An enabler with descriptions of its own matches those alone. */
	if (enabler->spec.descs)
		return desc >= enabler->spec.descs &&
		       desc < enabler->spec.descs + enabler->spec.nr_descs;
	if (desc->kind != kind)
		return false;
	if (kind->match)
		return kind->match(enabler, desc);
	return glob_match(enabler->spec.name, desc->name);
}

/*
 * The filter set @event needs, given the @nr programs of the enablers that
 * select it (none unfiltered): its current one if built from the same.
 */
static struct rt_filter_set *rt_event_filter_set(struct rt_event *event,
						 unsigned int nr)
{
	struct rt_session *session = event->chan->session;
	struct rt_filter_set *set;
	struct rt_enabler *enabler;
	struct rt_bytecode **bcs;
	unsigned int n = 0, i;

	bcs = kmalloc_array(nr, sizeof(*bcs), GFP_KERNEL);
	if (!bcs)
		return ERR_PTR(-ENOMEM);
	list_for_each_entry(enabler, &session->enablers, node)
		if (enabler->chan == event->chan && enabler->enabled &&
		    rt_enabler_matches(enabler, event->desc))
			for (i = 0; i < enabler->nr_filters; i++)
				bcs[n++] = enabler->filters[i];
	if (rt_filter_set_same(event->filters, bcs, n))
		set = event->filters;
	else
		set = rt_filter_set_new(event->desc, bcs, n);
	kfree(bcs);
	return set;
}

/*
 * An event notifier's event: one clause for each of the @nr enabled
 * notifiers that select it, filtered or not.  Its current set if built
 * from the same.
 */
static struct rt_filter_set *rt_event_notify_set(struct rt_event *event,
						 unsigned int nr)
{
	struct rt_session *session = event->chan->session;
	struct rt_filter_set *set;
	struct rt_enabler *enabler;
	struct rt_notify_src *srcs;
	unsigned int n = 0;

	srcs = kmalloc_array(nr, sizeof(*srcs), GFP_KERNEL);
	if (!srcs)
		return ERR_PTR(-ENOMEM);
	list_for_each_entry(enabler, &session->enablers, node)
		if (enabler->chan == event->chan && enabler->enabled &&
		    rt_enabler_matches(enabler, event->desc))
			srcs[n++] = (struct rt_notify_src){
				.notify = enabler->notify,
				.filters = enabler->filters,
				.nr_filters = enabler->nr_filters,
			};
	if (rt_notify_set_same(event->filters, srcs, n))
		set = event->filters;
	else
		set = rt_notify_set_new(event->desc, srcs, n);
	kfree(srcs);
	return set;
}

/* Recompute what the probe of @event reads; tell its kind if it changed. */
static int rt_event_update(struct rt_event *event)
{
	struct rt_channel *chan = event->chan;
	struct rt_session *session = chan->session;
	struct rt_filter_set *set = NULL, *old = event->filters;
	struct rt_enabler *enabler;
	bool on = false, unfiltered = false;
	unsigned int nr = 0, nr_on = 0;
	int ret;

	if (session->active && chan->enabled)
		list_for_each_entry(enabler, &session->enablers, node)
			if (enabler->chan == chan && enabler->enabled &&
			    rt_enabler_matches(enabler, event->desc)) {
				on = true;
				unfiltered |= !enabler->nr_filters;
				nr += enabler->nr_filters;
				nr_on++;
			}
	if (on && session->notify) {
		/* Notifier events always run their set: it notifies. */
		set = rt_event_notify_set(event, nr_on);
		if (IS_ERR(set))
			return PTR_ERR(set);
	} else if (on && !unfiltered) {
		set = rt_event_filter_set(event, nr);
		if (IS_ERR(set))
			return PTR_ERR(set);
	} else if (session->notify) {
		/*
		 * Kept while it is off: its probe, which has no ring buffer
		 * to write to, must find a set whenever it sees the event
		 * recording, and may still see that after the store below.
		 */
		set = old;
	}
	if (set != old) {
		/*
		 * Before recording turns on below (its release orders this
		 * store too); while it records, probes see the old set or
		 * the new one, and the old one outlives them.
		 */
		WRITE_ONCE(event->filters, set);
		rt_filter_set_free(old);
	}
	if (on == event->recording)
		return 0;
	/* Its record target first: pairs with rt_event_recording(). */
	smp_store_release(&event->recording, on);
	if (!event->desc->kind->update)
		return 0;
	ret = event->desc->kind->update(event);
	if (ret)
		WRITE_ONCE(event->recording, false);
	return ret;
}

/* A fresh event of @desc in @chan: attached, not recording, not declared. */
static int rt_event_create(struct rt_channel *chan, const struct rt_event_desc *desc)
{
	struct rt_event *event;
	int ret;

	event = kzalloc(sizeof(*event), GFP_KERNEL);
	if (!event)
		return -ENOMEM;
	if (!try_module_get(desc->owner)) {
		kfree(event);
		return -ENOENT;
	}
	event->chan = chan;
	event->desc = desc;
	event->fresh = true;
	/* Published with recording, by rt_event_update()'s release. */
	event->track = chan->session->track;
	/* Before the session first starts, the header layout is not known. */
	if (chan->session->metadata_written)
		rt_record_target_init(&event->rec, chan->rb, chan->ctx,
				      chan->next_event_id, chan->large_headers, desc);
	ret = desc->kind->attach(event);
	if (ret) {
		module_put(desc->owner);
		kfree(event);
		return ret;
	}
	chan->next_event_id++;
	list_add_tail(&event->node, &chan->events);
	return 0;
}

/* Once no probe can see it: detached and its kind synchronized. */
static void rt_event_free(struct rt_event *event)
{
	list_del(&event->node);
	rt_filter_set_free_now(event->filters);
	module_put(event->desc->owner);
	kfree(event);
}

struct rt_sync {
	struct rt_enabler *enabler;
};

static int rt_sync_desc(const struct rt_event_desc *desc, void *priv)
{
	struct rt_sync *sync = priv;
	struct rt_channel *chan = sync->enabler->chan;
	struct rt_event *event;

	/* Matching first: asking a kind about availability costs more. */
	if (!rt_enabler_matches(sync->enabler, desc) ||
	    (desc->kind->available && !desc->kind->available(desc)))
		return 0;
	list_for_each_entry(event, &chan->events, node)
		if (event->desc == desc)
			return 0;
	return rt_event_create(chan, desc);
}

/* A change failed: take its fresh events back (none recorded). */
static void rt_session_undo(struct rt_session *session)
{
	struct rt_channel *chan;
	struct rt_event *event, *tmp;

	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node)
			if (event->fresh) {
				event->desc->kind->detach(event);
				cond_resched();
			}
	rt_session_synchronize(session, true);
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry_safe(event, tmp, &chan->events, node)
			if (event->fresh)
				rt_event_free(event);
}

/*
 * Everything the metadata says at the first start, or after a
 * regeneration: one block, committed whole or taken back.
 */
static int rt_session_metadata(struct rt_session *session,
			       struct rt_metadata_cache *c)
{
	const struct rt_metadata_writer *w = session->writer;
	struct rt_metadata_trace trace = {
		.uuid = session->uuid,
		.name = session->name,
		.creation_time = session->creation_time,
		.clock = session->clock,
	};
	struct rt_channel *chan;
	struct rt_event *event;
	int ret;

	ret = w->preamble(c, &trace);
	list_for_each_entry(chan, &session->chans, node) {
		if (ret || chan->metadata)
			continue;
		ret = w->stream(c, chan->id, chan->large_headers, chan->ctx,
				session->clock);
		list_for_each_entry(event, &chan->events, node)
			if (!ret && !event->fresh) {
				ret = w->event(c, event->desc, event->rec.id, chan->id);
				cond_resched();
			}
	}
	if (ret) {
		rt_metadata_abort(c);
		return ret;
	}
	rt_metadata_commit(c);
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node)
			if (!event->fresh)
				event->in_metadata = true;
	return 0;
}

/*
 * Whether a change of @only (NULL: of the session or a channel) may change
 * what @event's probe reads: an event's state depends on its session, its
 * channel and the enablers that match it, and on nothing else.
 */
static bool rt_event_concerned(const struct rt_event *event,
			       const struct rt_enabler *only)
{
	return !only || (only->chan == event->chan &&
			 rt_enabler_matches(only, event->desc));
}

/*
 * Recompute what the probes of the session read: of every event, or of
 * those enabler @only matches if only it changed.  A session of hundreds
 * of enablers, one per name as `lttng enable-event a,b,c` makes them,
 * would otherwise pay events x enablers matches for each of them.
 * Turning recording off never fails; turning it on may (a kind's hook),
 * and the first error is returned after every event was updated.
 */
static int rt_session_update(struct rt_session *session,
			     const struct rt_enabler *only)
{
	struct rt_channel *chan;
	struct rt_event *event;
	int ret = 0, err;

	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node) {
			if (!rt_event_concerned(event, only))
				continue;
			err = rt_event_update(event);
			ret = ret ?: err;
			/*
			 * Attaching a probe patches kernel text: thousands
			 * of them take seconds, more under a debug kernel.
			 */
			cond_resched();
		}
	return ret;
}

/*
 * Create the events the session's enablers match (only enabler @only's
 * if not NULL: the others' exist already) and declare them if the
 * metadata is written: all or none.  rt_sessions_lock held.
 */
static int rt_session_create_events(struct rt_session *session,
				    struct rt_enabler *only)
{
	struct rt_enabler *enabler;
	struct rt_channel *chan;
	struct rt_event *event;
	bool fresh = false;
	int ret = 0;

	list_for_each_entry(enabler, &session->enablers, node) {
		struct rt_sync sync = { .enabler = enabler };
		unsigned int i;

		if (only && enabler != only)
			continue;
		if (!enabler->spec.descs)
			ret = rt_events_for_each(rt_sync_desc, &sync, false);
		/* Its own, in order: a kretprobe's entry event gets the lower id. */
		for (i = 0; !ret && i < enabler->spec.nr_descs; i++)
			ret = rt_sync_desc(&enabler->spec.descs[i], &sync);
		if (ret)
			goto undo;
	}
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node)
			fresh |= event->fresh;
	if (!fresh)
		return 0;
	if (session->metadata_written) {
		/* The new events' declarations, as one block. */
		list_for_each_entry(chan, &session->chans, node)
			list_for_each_entry(event, &chan->events, node)
				if (event->fresh && !ret) {
					ret = session->writer->event(session->cache, event->desc,
								     event->rec.id, chan->id);
					cond_resched();
				}
		if (ret) {
			rt_metadata_abort(session->cache);
			goto undo;
		}
		rt_metadata_commit(session->cache);
	}
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node) {
			if (event->fresh && session->metadata_written)
				event->in_metadata = true;
			event->fresh = false;
		}
	return 0;
undo:
	rt_session_undo(session);
	return ret;
}

/*
 * Bring the session's events in line with its state after a change of
 * enabler @only (NULL: of anything else): create what its enablers match,
 * then recompute recording.  Every event an enabler matches is made when
 * the enabler is, or when the description appears (rt_sessions_notify()),
 * so an enabler's later changes create nothing.  On failure, no event was
 * created, but recording states may be half-updated: the caller reverts
 * its change and calls rt_session_update(), which cannot fail then.
 */
static int rt_session_sync(struct rt_session *session, struct rt_enabler *only)
{
	return rt_session_create_events(session, only) ?:
	       rt_session_update(session, only);
}

/* Descriptions appeared or went: let every session's enablers match them. */
static int rt_sessions_notify(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	struct rt_session *session;
	int ret;

	mutex_lock(&rt_sessions_lock);
	list_for_each_entry(session, &rt_sessions, node) {
		ret = rt_session_sync(session, NULL);
		if (ret)
			pr_warn("session %s: cannot create the events of new instrumentation (%d)\n",
				session->name, ret);
	}
	mutex_unlock(&rt_sessions_lock);
	return NOTIFY_OK;
}

static struct notifier_block rt_sessions_nb = {
	.notifier_call = rt_sessions_notify,
};

int rt_session_start(struct rt_session *session)
{
	bool been_active = session->been_active;
	struct rt_channel *chan;
	struct rt_event *event;
	unsigned int n;
	int ret;

	if (session->active)
		return -EBUSY;
	if (!session->metadata_written) {
		list_for_each_entry(chan, &session->chans, node) {
			/* The 31-event rule, decided once per channel. */
			n = 0;
			list_for_each_entry(event, &chan->events, node)
				n++;
			chan->large_headers = n >= 31;
			n = 0;
			list_for_each_entry(event, &chan->events, node)
				rt_record_target_init(&event->rec, chan->rb, chan->ctx,
						      n++, chan->large_headers,
						      event->desc);
			chan->next_event_id = n;
		}
		ret = rt_session_metadata(session, session->cache);
		if (ret)
			return ret;
		session->metadata_written = true;
	}
	session->active = true;
	session->been_active = true;
	ret = rt_session_sync(session, NULL);
	if (ret) {
		session->active = false;
		session->been_active = been_active;
		rt_session_update(session, NULL);
	}
	return ret;
}

int rt_session_stop(struct rt_session *session)
{
	struct rt_channel *chan;
	struct rt_rb_buf *buf;
	unsigned int i;

	if (!session->active)
		return -EBUSY;
	session->active = false;
	rt_session_update(session, NULL);	/* turning recording off cannot fail */
	/*
	 * Probes that saw their event recording may still be writing (or
	 * failing to, which counts as discarded): let them finish, so that
	 * the packets closed below account for all of them.
	 */
	rt_session_synchronize(session, false);
	/* Every stream ends with a packet closed at stop time. */
	list_for_each_entry(chan, &session->chans, node)
		if (chan->rb && !chan->metadata)
			rt_rb_for_each_buf(chan->rb, buf, i)
				rt_rb_flush(buf, false);
	return 0;
}

/*
 * SESSION_METADATA_REGEN: the whole metadata again (a new clock offset
 * among others), as a new version of the cache.  Built aside, so that
 * readers see the old text or the new one, never a mix.
 */
/*
 * A new tracker snapshot for every event of the session, recording or
 * not; a probe sees the old one or the new one, and the old one is freed
 * after every probe that may have seen it.
 */
int rt_session_track(struct rt_session *session, enum rt_track_type type,
		     s32 id, bool add)
{
	struct rt_track *old = session->track, *new;
	struct rt_channel *chan;
	struct rt_event *event;

	new = rt_track_change(old, type, id, add);
	if (IS_ERR(new))
		return PTR_ERR(new);
	session->track = new;
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node)
			WRITE_ONCE(event->track, new);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

int rt_session_metadata_regen(struct rt_session *session)
{
	struct rt_metadata_cache *tmp;
	int ret;

	if (!session->active)
		return -EBUSY;
	tmp = rt_metadata_cache_create();
	if (!tmp)
		return -ENOMEM;
	ret = rt_session_metadata(session, tmp);
	if (!ret)
		rt_metadata_replace(session->cache, tmp);
	rt_metadata_cache_put(tmp);
	return ret;
}

/*
 * The metadata format (enum rt_metadata_format): until the session has a
 * metadata channel, whose packets carry the format's version.  lttng-tools
 * sets it right after creating the session.
 */
int rt_session_set_format(struct rt_session *session, unsigned int format)
{
	const struct rt_metadata_writer *w = rt_metadata_writer(format);
	struct rt_channel *chan;

	if (!w)
		return -EINVAL;
	if (w == session->writer)
		return 0;
	list_for_each_entry(chan, &session->chans, node)
		if (chan->metadata)
			return -EBUSY;
	session->writer = w;
	return 0;
}

struct rt_channel *rt_channel_create(struct rt_session *session,
				     const struct rt_channel_attr *attr,
				     bool metadata)
{
	struct rt_rb_config cfg = {
		.subbuf_size = attr->subbuf_size,
		.num_subbuf = attr->num_subbuf,
		.overwrite = attr->overwrite,
		.switch_timer_us = attr->switch_timer_us,
		.read_timer_us = attr->read_timer_us,
	};
	struct rt_channel *chan;
	int ret;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return ERR_PTR(-ENOMEM);
	chan->session = session;
	chan->metadata = metadata;
	chan->enabled = true;
	chan->id = session->next_chan_id;
	INIT_LIST_HEAD(&chan->events);
	ret = metadata ? rt_metadata_channel_setup(&cfg, session->cache, session->uuid,
						   session->writer) :
			 rt_ctf_channel_setup(&cfg, session->uuid, chan->id);
	if (ret)
		goto free;
	chan->rb = rt_rb_chan_create(&cfg);
	if (IS_ERR(chan->rb)) {
		ret = PTR_ERR(chan->rb);
		cfg.release(cfg.priv);
		goto free;
	}
	session->next_chan_id++;
	list_add_tail(&chan->node, &session->chans);
	return chan;
free:
	kfree(chan);
	return ERR_PTR(ret);
}

static void rt_channel_free(struct rt_channel *chan)
{
	if (chan->rb)
		rt_rb_chan_destroy(chan->rb);
	rt_ctx_set_free(chan->ctx);
	if (chan->owner_release)
		chan->owner_release(chan->owner_data);
	list_del(&chan->node);
	kfree(chan);
}

int rt_channel_set_enabled(struct rt_channel *chan, bool enabled)
{
	int ret;

	if (chan->enabled == enabled)
		return -EEXIST;
	chan->enabled = enabled;
	ret = rt_session_sync(chan->session, NULL);
	if (ret) {
		chan->enabled = !enabled;
		rt_session_update(chan->session, NULL);
	}
	return ret;
}

/*
 * Contexts are fixed from the first start on: probes read them without
 * synchronization, and the metadata declared them once per stream.
 */
int rt_channel_add_context(struct rt_channel *chan, const struct rt_ctx_spec *spec)
{
	if (chan->session->been_active)
		return -EPERM;
	if (chan->metadata)
		return -EINVAL;
	return rt_ctx_add(&chan->ctx, spec);
}

/*
 * Whether @chan has an event called @name, or an enabler of its own
 * descriptions called so: lttng-modules refuses a second probe of the
 * same name in a channel.
 */
static bool rt_channel_has_name(const struct rt_channel *chan, const char *name)
{
	const struct rt_enabler *enabler;
	const struct rt_event *event;

	/* Notifiers are told apart by their token, not their name. */
	if (chan->session->notify)
		return false;
	list_for_each_entry(event, &chan->events, node)
		if (!strcmp(event->desc->name, name))
			return true;
	list_for_each_entry(enabler, &chan->session->enablers, node)
		if (enabler->chan == chan && enabler->spec.descs &&
		    !strcmp(enabler->spec.name, name))
			return true;
	return false;
}

void rt_enabler_spec_release(const struct rt_enabler_spec *spec)
{
	if (spec->kind_data && spec->kind->release)
		spec->kind->release(spec->kind_data);
}

struct rt_enabler *rt_enabler_create(struct rt_channel *chan,
				     const struct rt_enabler_spec *spec)
{
	struct rt_enabler *enabler;
	int ret;

	if (spec->descs && rt_channel_has_name(chan, spec->name)) {
		rt_enabler_spec_release(spec);
		return ERR_PTR(-EEXIST);
	}
	enabler = kzalloc(sizeof(*enabler), GFP_KERNEL);
	if (!enabler) {
		rt_enabler_spec_release(spec);
		return ERR_PTR(-ENOMEM);
	}
	enabler->chan = chan;
	enabler->spec = *spec;
	enabler->spec.name[RT_NAME_LEN - 1] = '\0';
	/*
	 * A name that matches no event yet is kept, as lttng-modules keeps
	 * it: the event may come later (a module's tracepoints), and
	 * lttng-tools expects enabling an unknown system call to succeed.
	 */
	list_add_tail(&enabler->node, &chan->session->enablers);
	ret = rt_session_sync(chan->session, enabler);
	if (ret) {
		/* Its events were taken back (and their kind synchronized). */
		list_del(&enabler->node);
		rt_enabler_spec_release(spec);
		kfree(enabler);
		return ERR_PTR(ret);
	}
	return enabler;
}

/* Once its events are freed: nothing reads its descriptions any more. */
static void rt_enabler_free(struct rt_enabler *enabler)
{
	unsigned int i;

	for (i = 0; i < enabler->nr_filters; i++)
		rt_bytecode_put(enabler->filters[i]);
	if (enabler->notify) {
		for (i = 0; i < enabler->notify->nr_captures; i++)
			rt_capture_put(enabler->notify->captures[i]);
		kfree(enabler->notify->captures);
		kfree(enabler->notify);
	}
	rt_enabler_spec_release(&enabler->spec);
	kfree(enabler);
}

int rt_enabler_add_filter(struct rt_enabler *enabler, struct rt_bytecode *bc)
{
	int ret;

	if (enabler->nr_filters == RT_ENABLER_FILTERS)
		return -ENOSPC;
	enabler->filters[enabler->nr_filters++] = bc;
	ret = rt_session_sync(enabler->chan->session, enabler);
	if (ret) {
		enabler->nr_filters--;
		rt_session_update(enabler->chan->session, enabler);
	}
	return ret;
}

int rt_enabler_add_capture(struct rt_enabler *enabler, struct rt_capture *cap)
{
	struct rt_notify *n = enabler->notify;
	struct rt_capture **caps;
	int ret;

	if (!n)
		return -EINVAL;
	if (n->nr_captures == RT_NOTIFY_CAPTURES)
		return -E2BIG;
	caps = krealloc_array(n->captures, n->nr_captures + 1, sizeof(*caps),
			      GFP_KERNEL);
	if (!caps)
		return -ENOMEM;
	n->captures = caps;
	caps[n->nr_captures++] = cap;
	ret = rt_session_sync(enabler->chan->session, enabler);
	if (ret) {
		n->nr_captures--;
		rt_session_update(enabler->chan->session, enabler);
	}
	return ret;
}

int rt_enabler_set_enabled(struct rt_enabler *enabler, bool enabled)
{
	bool was = enabler->enabled;
	int ret;

	enabler->enabled = enabled;
	ret = rt_session_sync(enabler->chan->session, enabler);
	if (ret) {
		enabler->enabled = was;
		rt_session_update(enabler->chan->session, enabler);
	}
	return ret;
}

/*
 * The last file of the session is closed: stop recording, detach every
 * probe and wait until none runs, then finalize the buffers (their stream
 * files may live on) and free everything else.
 */
void rt_session_destroy(struct rt_session *session)
{
	struct rt_channel *chan, *tmp_chan;
	struct rt_enabler *enabler, *tmp_enabler;
	struct rt_event *event, *tmp_event;

	mutex_lock(&rt_sessions_lock);
	if (session->active)
		rt_session_stop(session);
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node) {
			event->desc->kind->detach(event);
			cond_resched();
		}
	/* A probe that started before may still read its event. */
	rt_session_synchronize(session, false);
	list_for_each_entry_safe(chan, tmp_chan, &session->chans, node) {
		list_for_each_entry_safe(event, tmp_event, &chan->events, node) {
			rt_event_free(event);
			cond_resched();
		}
		rt_channel_free(chan);
	}
	list_for_each_entry_safe(enabler, tmp_enabler, &session->enablers, node) {
		list_del(&enabler->node);
		rt_enabler_free(enabler);
	}
	list_del(&session->node);
	mutex_unlock(&rt_sessions_lock);
	/* No probe runs any more (synchronized above). */
	kvfree(session->track);
	if (!session->notify) {
		rt_metadata_cache_put(session->cache);
		rt_clock_put(session->clock);
	}
	kfree(session);
}

int rt_sessions_init(void)
{
	return rt_events_subscribe(&rt_sessions_nb);
}

void rt_sessions_exit(void)
{
	rt_events_unsubscribe(&rt_sessions_nb);
}
