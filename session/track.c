// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tracker snapshots (see include/ringtail/track.h): the check probes make,
 * and the copy-on-write changes the session makes under its lock.
 */
#include <linux/bsearch.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/hash.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <ringtail/track.h>

/*
 * The id of the current task that tracker @type looks at, as
 * lttng-modules takes it: the process, not the thread, and the real user
 * and group ids.  Safe in any context: the task's pids and credentials
 * stay while it runs, and these reads take no lock.
 */
static notrace s32 rt_track_id(enum rt_track_type type)
{
	switch (type) {
	case RT_TRACK_PID:
		return task_tgid_nr(current);
	case RT_TRACK_VPID:
		return task_tgid_vnr(current);
	case RT_TRACK_UID:
		return from_kuid_munged(&init_user_ns, current_uid());
	case RT_TRACK_VUID:
		return from_kuid_munged(current_user_ns(), current_uid());
	case RT_TRACK_GID:
		return from_kgid_munged(&init_user_ns, current_gid());
	case RT_TRACK_VGID:
		return from_kgid_munged(current_user_ns(), current_gid());
	default:
		return -1;
	}
}

/*
 * Whether @id is in the set of @type: its hash table is at most half full,
 * so the probe from the id's home slot to the first free one is short.
 */
static __always_inline bool rt_track_has(const struct rt_track *track,
					 enum rt_track_type type, s32 id)
{
	const s32 *slot = track->ids + track->table[type];
	unsigned int shift = track->shift[type];
	u32 h = ((u32)id * GOLDEN_RATIO_32) >> shift;

	for (;;) {
		s32 v = slot[h];

		if (v == id)
			return true;
		if (v == RT_TRACK_FREE)
			return false;
		h = (h + 1) & (~0U >> shift);
	}
}

static noinline notrace bool rt_track_current_all(const struct rt_track *track)
{
	unsigned long restricted = track->restricted;
	unsigned int type;

	for_each_set_bit(type, &restricted, RT_TRACK_NR)
		if (!rt_track_has(track, type, rt_track_id(type)))
			return false;
	return true;
}

notrace bool rt_track_current(const struct rt_track *track)
{
	/* The pid tracker alone, as `lttng track -k --pid` leaves it. */
	if (likely(track->restricted == BIT(RT_TRACK_PID)))
		return rt_track_has(track, RT_TRACK_PID, task_tgid_nr(current));
	return rt_track_current_all(track);
}
EXPORT_SYMBOL_GPL(rt_track_current);

/* The ids of @type in @track, and how many: none if it has no set. */
static const s32 *rt_track_set(const struct rt_track *track,
			       enum rt_track_type type, unsigned int *n)
{
	if (!track || !(track->restricted & BIT(type))) {
		*n = 0;
		return NULL;
	}
	*n = track->start[type + 1] - track->start[type];
	return track->ids + track->start[type];
}

/* The hash table slots for a set of @n ids: a power of two, at least 2n. */
static unsigned int rt_track_slots(unsigned int n)
{
	return roundup_pow_of_two(max(2 * n, 2U));
}

/*
 * Builds the hash table of @type's sorted set from ids[@at] on; returns
 * its number of slots.
 */
static unsigned int rt_track_fill(struct rt_track *track,
				  enum rt_track_type type, unsigned int at)
{
	unsigned int n = track->start[type + 1] - track->start[type];
	unsigned int size = rt_track_slots(n), i;
	s32 *slot = track->ids + at;

	track->table[type] = at;
	track->shift[type] = 32 - ilog2(size);
	for (i = 0; i < size; i++)
		slot[i] = RT_TRACK_FREE;
	for (i = 0; i < n; i++) {
		s32 id = track->ids[track->start[type] + i];
		u32 h = ((u32)id * GOLDEN_RATIO_32) >> track->shift[type];

		while (slot[h] != RT_TRACK_FREE)
			h = (h + 1) & (size - 1);
		slot[h] = id;
	}
	return size;
}

struct rt_track *rt_track_change(const struct rt_track *track,
				 enum rt_track_type type, s32 id, bool add)
{
	unsigned int restricted = track ? track->restricted : 0;
	unsigned int n, at = 0, new_n, total, slots, t;
	const s32 *ids;
	struct rt_track *new;

	if (type >= RT_TRACK_NR || id < -1)
		return ERR_PTR(-EINVAL);
	ids = rt_track_set(track, type, &n);
	if (id == -1) {
		/* Everything (no set) or nothing (an empty set). */
		new_n = 0;
		if (add)
			restricted &= ~BIT(type);
		else
			restricted |= BIT(type);
	} else {
		/* Where @id is, or would go, in the sorted set. */
		unsigned int hi = n;

		while (at < hi) {
			unsigned int mid = at + (hi - at) / 2;

			if (ids[mid] < id)
				at = mid + 1;
			else
				hi = mid;
		}
		if (add && at < n && ids[at] == id)
			return ERR_PTR(-EEXIST);
		if (!add && (at == n || ids[at] != id))
			return ERR_PTR(-ENOENT);
		if (add && n >= RT_TRACK_MAX_IDS)
			return ERR_PTR(-ENOSPC);
		new_n = add ? n + 1 : n - 1;
		restricted |= BIT(type);
	}
	if (!restricted)
		return NULL;

	/* The sorted sets, then a hash table for each: 288 KiB when all are full. */
	total = new_n;
	for (t = 0; t < RT_TRACK_NR; t++)
		if (t != type && track)
			total += track->start[t + 1] - track->start[t];
	slots = 0;
	for (t = 0; t < RT_TRACK_NR; t++)
		slots += rt_track_slots(t == type ? new_n : track ?
					track->start[t + 1] - track->start[t] : 0);
	new = kvzalloc(struct_size(new, ids, total + slots), GFP_KERNEL);
	if (!new)
		return ERR_PTR(-ENOMEM);
	new->restricted = restricted;
	total = 0;
	for (t = 0; t < RT_TRACK_NR; t++) {
		s32 *dst = new->ids + total;

		new->start[t] = total;
		if (t != type) {
			unsigned int m = track ? track->start[t + 1] - track->start[t] : 0;

			if (m)
				memcpy(dst, track->ids + track->start[t], m * sizeof(*dst));
			total += m;
			continue;
		}
		if (new_n) {
			/* The set with @id put in at, or taken out of, its place. */
			if (at)
				memcpy(dst, ids, at * sizeof(*dst));
			if (add) {
				dst[at] = id;
				if (n > at)
					memcpy(dst + at + 1, ids + at, (n - at) * sizeof(*dst));
			} else if (n > at + 1) {
				memcpy(dst + at, ids + at + 1, (n - at - 1) * sizeof(*dst));
			}
		}
		total += new_n;
	}
	new->start[RT_TRACK_NR] = total;
	for (t = 0; t < RT_TRACK_NR; t++)
		total += rt_track_fill(new, t, total);
	return new;
}
