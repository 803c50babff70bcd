// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sessions, channels, enablers and events (see include/ringtail/session.h).
 *
 * An enabler is what `lttng enable-event` creates: a name or star glob in
 * a channel.  Events are created in the channel for every known event
 * description an enabler matches, as soon as it matches; an event records
 * while its session is active, its channel enabled and an enabled enabler
 * matches it.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/glob.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uuid.h>
#include <ringtail/session.h>
#include <ringtail/syscalls.h>

DEFINE_MUTEX(rt_sessions_lock);
static LIST_HEAD(rt_sessions);

struct rt_session *rt_session_create(void)
{
	struct rt_session *session = kzalloc(sizeof(*session), GFP_KERNEL);

	if (!session)
		return ERR_PTR(-ENOMEM);
	session->cache = rt_metadata_cache_create();
	if (!session->cache) {
		kfree(session);
		return ERR_PTR(-ENOMEM);
	}
	/* The clock its metadata declares, pinned until it goes. */
	session->clock = rt_clock_get();
	if (IS_ERR(session->clock)) {
		int ret = PTR_ERR(session->clock);

		rt_metadata_cache_put(session->cache);
		kfree(session);
		return ERR_PTR(ret);
	}
	INIT_LIST_HEAD(&session->chans);
	INIT_LIST_HEAD(&session->enablers);
	generate_random_uuid(session->uuid);
	mutex_lock(&rt_sessions_lock);
	list_add_tail(&session->node, &rt_sessions);
	mutex_unlock(&rt_sessions_lock);
	return session;
}

/*
 * Tracepoint enablers match event names; system call enablers match call
 * names ("openat", "unknown" for the catch-all events), restricted to
 * entry or exit and to an ABI if they say so (0: both).
 */
static bool rt_enabler_matches(const struct rt_enabler *enabler,
			       const struct rt_event_desc *desc)
{
	const struct rt_sc_event *sc = desc->sc;

	if (enabler->instrumentation == RT_ABI_INSTR_TRACEPOINT)
		return !sc && glob_match(enabler->name, desc->name);
	if (enabler->instrumentation != RT_ABI_INSTR_SYSCALL || !sc)
		return false;
	if (enabler->sc_entryexit && enabler->sc_entryexit != sc->dir + 1)
		return false;
	if (enabler->sc_abi && enabler->sc_abi != sc->abi + 1)
		return false;
	return glob_match(enabler->name, sc->name);
}

/* Recompute what the probe of @event reads. */
static void rt_event_update(struct rt_event *event)
{
	struct rt_channel *chan = event->chan;
	struct rt_session *session = chan->session;
	struct rt_enabler *enabler;
	bool enabled = false;

	list_for_each_entry(enabler, &session->enablers, node)
		if (enabler->chan == chan && enabler->enabled &&
		    rt_enabler_matches(enabler, event->desc))
			enabled = true;
	WRITE_ONCE(event->recording, session->active && chan->enabled && enabled);
	if (event->desc->sc)
		rt_sc_event_update(event);
}

static int rt_event_create(struct rt_channel *chan, const struct rt_event_desc *desc)
{
	struct rt_event *event;

	event = kzalloc(sizeof(*event), GFP_KERNEL);
	if (!event)
		return -ENOMEM;
	if (!try_module_get(desc->owner)) {
		kfree(event);
		return -ENOENT;
	}
	event->chan = chan;
	event->desc = desc;
	if (desc->sc) {
		/* Recorded by its channel's sys_enter/sys_exit probes. */
		if (rt_sc_event_add(event)) {
			module_put(desc->owner);
			kfree(event);
			return -ENOMEM;
		}
	} else {
		event->tp.name = desc->tp_name;
		event->tp.probe = desc->probe;
		event->tp.data = event;
		rt_tp_attach(&event->tp);
	}
	event->id = chan->next_event_id++;
	list_add_tail(&event->node, &chan->events);
	if (chan->session->metadata_written) {
		rt_tsdl_event(event);
		rt_metadata_commit(chan->session->cache);
	}
	return 0;
}

/* Once no probe can see it: detached and tracepoints synchronized. */
static void rt_event_free(struct rt_event *event)
{
	list_del(&event->node);
	module_put(event->desc->owner);
	kfree(event);
}

struct rt_sync {
	struct rt_enabler *enabler;
};

static void rt_sync_desc(const struct rt_event_desc *desc, void *priv)
{
	struct rt_sync *sync = priv;
	struct rt_channel *chan = sync->enabler->chan;
	struct rt_event *event;

	if (!rt_enabler_matches(sync->enabler, desc) ||
	    (!desc->sc && !rt_tp_exists(desc->tp_name)))
		return;
	list_for_each_entry(event, &chan->events, node)
		if (event->desc == desc)
			return;
	rt_event_create(chan, desc);
}

/*
 * Create the events the session's enablers match, and recompute what every
 * probe of the session reads.  rt_sessions_lock held.
 */
static void rt_session_sync(struct rt_session *session)
{
	struct rt_enabler *enabler;
	struct rt_channel *chan;
	struct rt_event *event;

	list_for_each_entry(enabler, &session->enablers, node) {
		struct rt_sync sync = { .enabler = enabler };

		rt_events_for_each(rt_sync_desc, &sync);
	}
	list_for_each_entry(chan, &session->chans, node) {
		list_for_each_entry(event, &chan->events, node)
			rt_event_update(event);
		rt_sc_channel_sync(chan);
	}
}

/* New event descriptions: let every session's enablers match them. */
void rt_sessions_resync(void)
{
	struct rt_session *session;

	mutex_lock(&rt_sessions_lock);
	list_for_each_entry(session, &rt_sessions, node)
		rt_session_sync(session);
	mutex_unlock(&rt_sessions_lock);
}

int rt_session_start(struct rt_session *session)
{
	struct rt_channel *chan;
	struct rt_event *event;
	unsigned int n;
	int ret;

	if (session->active)
		return -EBUSY;
	if (!session->metadata_written) {
		/* The 31-event rule, decided once per channel. */
		list_for_each_entry(chan, &session->chans, node) {
			n = 0;
			list_for_each_entry(event, &chan->events, node)
				n++;
			chan->large_headers = n >= 31;
		}
		ret = rt_tsdl_session(session);
		if (ret)
			return ret;
		session->metadata_written = true;
	}
	session->active = true;
	session->been_active = true;
	rt_session_sync(session);
	return 0;
}

int rt_session_stop(struct rt_session *session)
{
	struct rt_channel *chan;
	struct rt_rb_buf *buf;
	unsigned int i;

	if (!session->active)
		return -EBUSY;
	session->active = false;
	rt_session_sync(session);
	/*
	 * Probes that saw their event recording may still be writing (or
	 * failing to, which counts as discarded): let them finish, so that
	 * the packets closed below account for all of them.
	 */
	tracepoint_synchronize_unregister();
	/* Every stream ends with a packet closed at stop time. */
	list_for_each_entry(chan, &session->chans, node)
		if (!chan->metadata)
			rt_rb_for_each_buf(chan->rb, buf, i)
				rt_rb_flush(buf, false);
	return 0;
}

static int rt_channel_check(const struct rt_abi_channel *attr)
{
	if (attr->subbuf_size < PAGE_SIZE || !is_power_of_2(attr->subbuf_size) ||
	    !attr->num_subbuf || !is_power_of_2(attr->num_subbuf))
		return -EINVAL;
	if (attr->overwrite != 0 && attr->overwrite != 1)
		return -EINVAL;
	if (attr->output != RT_ABI_OUTPUT_SPLICE && attr->output != RT_ABI_OUTPUT_MMAP)
		return -EINVAL;
	return 0;
}

struct rt_channel *rt_channel_create(struct rt_session *session,
				     const struct rt_abi_channel *attr,
				     bool metadata)
{
	struct rt_rb_config cfg = {
		.subbuf_size = attr->subbuf_size,
		.num_subbuf = attr->num_subbuf,
		.overwrite = attr->overwrite,
		.switch_timer_us = attr->switch_timer_interval,
		.read_timer_us = attr->read_timer_interval,
	};
	struct rt_channel *chan;
	int ret;

	ret = rt_channel_check(attr);
	if (ret)
		return ERR_PTR(ret);
	if (cfg.subbuf_size != attr->subbuf_size || cfg.num_subbuf != attr->num_subbuf)
		return ERR_PTR(-EINVAL);
	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return ERR_PTR(-ENOMEM);
	chan->session = session;
	chan->metadata = metadata;
	chan->enabled = true;
	INIT_LIST_HEAD(&chan->events);
	chan->transport = rt_transport_get(attr->output, attr->overwrite, metadata);
	if (!chan->transport) {
		ret = -ENODEV;		/* the client module is not loaded */
		goto free;
	}
	chan->id = session->next_chan_id;
	cfg.stream_id = chan->id;
	ret = metadata ? rt_metadata_channel_setup(session, &cfg) :
			 rt_ctf_channel_setup(chan, &cfg);
	if (ret)
		goto put;
	chan->rb = rt_rb_chan_create(&cfg);
	if (IS_ERR(chan->rb)) {
		ret = PTR_ERR(chan->rb);
		cfg.release(cfg.priv);
		goto put;
	}
	session->next_chan_id++;
	list_add_tail(&chan->node, &session->chans);
	return chan;

put:
	rt_transport_put(chan->transport);
free:
	kfree(chan);
	return ERR_PTR(ret);
}

int rt_channel_set_enabled(struct rt_channel *chan, bool enabled)
{
	if (chan->enabled == enabled)
		return -EEXIST;
	chan->enabled = enabled;
	rt_session_sync(chan->session);
	return 0;
}

struct rt_enabler *rt_enabler_create(struct rt_channel *chan,
				     const struct rt_abi_event *attr)
{
	struct rt_enabler *enabler;

	switch (attr->instrumentation) {
	case RT_ABI_INSTR_TRACEPOINT:
		/* An exact name must exist now; globs may match later events. */
		if (!strpbrk(attr->name, "*?[") && !rt_events_find(attr->name))
			return ERR_PTR(-ENOENT);
		break;
	case RT_ABI_INSTR_SYSCALL:
		/* Matching by number is not implemented (nor by lttng-modules). */
		if (attr->u.syscall.entryexit > 2 || attr->u.syscall.abi > 2 ||
		    attr->u.syscall.match)
			return ERR_PTR(-EINVAL);
		if (!strpbrk(attr->name, "*?[") && !rt_syscall_exists(attr->name))
			return ERR_PTR(-ENOENT);
		break;
	case RT_ABI_INSTR_FUNCTION:
	case RT_ABI_INSTR_NOOP:
		return ERR_PTR(-EINVAL);
	default:
		return ERR_PTR(-ENOSYS);
	}
	enabler = kzalloc(sizeof(*enabler), GFP_KERNEL);
	if (!enabler)
		return ERR_PTR(-ENOMEM);
	enabler->chan = chan;
	strscpy(enabler->name, attr->name, sizeof(enabler->name));
	enabler->instrumentation = attr->instrumentation;
	if (attr->instrumentation == RT_ABI_INSTR_SYSCALL) {
		enabler->sc_entryexit = attr->u.syscall.entryexit;
		enabler->sc_abi = attr->u.syscall.abi;
	}
	list_add_tail(&enabler->node, &chan->session->enablers);
	rt_session_sync(chan->session);
	return enabler;
}

int rt_enabler_set_enabled(struct rt_enabler *enabler, bool enabled)
{
	enabler->enabled = enabled;
	rt_session_sync(enabler->chan->session);
	return 0;
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
	/* Stopped: the system call probes are detached already. */
	list_for_each_entry(chan, &session->chans, node)
		list_for_each_entry(event, &chan->events, node)
			if (!event->desc->sc)
				rt_tp_detach(&event->tp);
	/* A probe that started before may still read its event. */
	tracepoint_synchronize_unregister();
	list_for_each_entry_safe(chan, tmp_chan, &session->chans, node) {
		list_for_each_entry_safe(event, tmp_event, &chan->events, node)
			rt_event_free(event);
		rt_sc_channel_free(chan);
		rt_rb_chan_destroy(chan->rb);
		rt_transport_put(chan->transport);
		list_del(&chan->node);
		kfree(chan);
	}
	list_for_each_entry_safe(enabler, tmp_enabler, &session->enablers, node) {
		list_del(&enabler->node);
		kfree(enabler);
	}
	list_del(&session->node);
	mutex_unlock(&rt_sessions_lock);
	rt_metadata_cache_put(session->cache);
	rt_clock_put(session->clock);
	kfree(session);
}
