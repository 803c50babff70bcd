/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What filter/filter.c (filters) and filter/capture.c (event notifiers'
 * captures and notifications) share: programs and the sets that link
 * them to an event.
 */
#ifndef _RINGTAIL_FILTER_INTERNAL_H
#define _RINGTAIL_FILTER_INTERNAL_H

#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <ringtail/filter.h>
#include "env-kernel.h"

struct rt_bytecode {
	refcount_t ref;
	struct rt_bc_prog prog;		/* ends with its data */
};

struct rt_filter_link {
	struct rt_bytecode *bc;
	struct rt_bc_target *targets;	/* NULL: linked to nothing */
};

/* One capture of a notifier, linked to an event (filter/capture.c). */
struct rt_capture_link;

/*
 * One event notifier of an event: its filters are links first .. first
 * + nr - 1 of the set (none: every event passes), and what it writes.
 */
struct rt_notify_clause {
	const struct rt_notify *src;	/* what it was built from */
	unsigned int first, nr;
	u64 token, error_index;
	struct rt_nq *queue;
	struct rt_counter *const *counter;
	unsigned int nr_captures;
	struct rt_capture_link *captures;
	bool reads;			/* captures payload fields */
};

/*
 * A recording event's set: its programs, any of which lets the event
 * through.  An event notifier's event's (clauses set): one clause per
 * notifier, each with its own filters.
 */
struct rt_filter_set {
	struct rcu_head rcu;
	bool unfiltered;		/* notifier clauses, none filtered */
	unsigned int nr;
	unsigned int nr_clauses;
	struct rt_notify_clause *clauses;
	struct rt_filter_link link[];
};

int rt_filter_link_add(struct rt_filter_set *set,
		       const struct rt_event_desc *desc, struct rt_bytecode *bc);

/* filter/capture.c */
void rt_notify_run(const struct rt_filter_set *set, const void *in);
void rt_notify_clauses_free(struct rt_filter_set *set);

#endif /* _RINGTAIL_FILTER_INTERNAL_H */
