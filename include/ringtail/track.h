/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trackers: `lttng track -k` / `untrack -k` (doc/lttng-abi.md, the
 * tracker_args of section 4), in session/track.c.
 *
 * A session has six trackers, each of one id of the task an event is
 * recorded for: its process id (tgid) and user and group ids, as the
 * initial namespaces see them and as its own do.  Each either lets every
 * id through (the default; `lttng track --all`) or only those of its set,
 * which may be empty (`lttng untrack --all`).  An event records only if
 * every tracker lets its task's ids through.
 *
 * Probes read an immutable snapshot of all six (struct rt_track), NULL
 * when they all let everything through: a probe pays one load then.  A
 * change builds a new snapshot under rt_sessions_lock, publishes it to
 * the session's events and frees the old one after an RCU grace period
 * (probes run with preemption disabled).  Each set is kept twice: sorted,
 * for the changes, and as an open-addressing hash table at most half full,
 * for the probes: a lookup is one multiplication and, most of the time,
 * one or two loads; no lock, no writes on the hot path.  The pid tracker
 * alone, the usual case, takes a path without the loop over trackers.
 */
#ifndef _RINGTAIL_TRACK_H
#define _RINGTAIL_TRACK_H

#include <linux/rcupdate.h>
#include <linux/types.h>

/* The order of the ABI's tracker types. */
enum rt_track_type {
	RT_TRACK_PID,
	RT_TRACK_VPID,
	RT_TRACK_UID,
	RT_TRACK_VUID,
	RT_TRACK_GID,
	RT_TRACK_VGID,
	RT_TRACK_NR,
};

/* Ids one tracker holds at most. */
#define RT_TRACK_MAX_IDS	4096

struct rt_track {
	struct rcu_head rcu;
	unsigned int restricted;	/* bit per type that has a set */
	/* Type t's ids, sorted: ids[start[t]] up to ids[start[t + 1]]. */
	unsigned int start[RT_TRACK_NR + 1];
	/*
	 * Type t's hash table: 1 << (32 - shift[t]) slots from
	 * ids[table[t]], each an id or RT_TRACK_FREE; at least one is free.
	 */
	unsigned int table[RT_TRACK_NR];
	unsigned int shift[RT_TRACK_NR];
	s32 ids[];
};

/* A free hash table slot: ids are never negative. */
#define RT_TRACK_FREE	(-1)

/* Whether the current task passes every tracker of @track. */
bool rt_track_current(const struct rt_track *track);

/*
 * @track with @id of @type added (@add) or removed; id -1 makes the type
 * let everything through (@add) or nothing.  Returns the new snapshot
 * (NULL: no tracker restricts) and leaves @track to the caller, or
 * -EINVAL (bad type or id), -EEXIST (added twice), -ENOENT (removing an
 * id the tracker does not hold), -ENOSPC, -ENOMEM.
 */
struct rt_track *rt_track_change(const struct rt_track *track,
				 enum rt_track_type type, s32 id, bool add);

#endif /* _RINGTAIL_TRACK_H */
