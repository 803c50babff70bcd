/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Filters (filter/): `lttng enable-event --filter` bytecode, checked when
 * it is attached (FILTER ioctl), linked to each event an enabler selects,
 * and run by the event's probe on the event's raw record before anything
 * is reserved in the ring buffer.
 *
 * An event's filter set is built by the session model under its lock and
 * replaced whole: the model publishes a new set with a store-release and
 * frees the old one after an RCU grace period (rt_filter_set_free());
 * probes, which run with preemption disabled, read the pointer once with
 * READ_ONCE() and reach the set through it (an address dependency).
 */
#ifndef _RINGTAIL_FILTER_H
#define _RINGTAIL_FILTER_H

#include <linux/types.h>
#include <ringtail/events.h>
#include <ringtail/record.h>

/* A checked program, shared by the enabler and the events it selects. */
struct rt_bytecode;

/*
 * Copy and check the FILTER ioctl's argument (doc/lttng-abi.md, 6.1): the
 * program, or ERR_PTR(-EFAULT, -EINVAL for any malformed program, -ENOMEM).
 */
struct rt_bytecode *rt_bytecode_from_user(const void __user *arg);
void rt_bytecode_put(struct rt_bytecode *bc);

/*
 * The programs of the enablers that select an event, linked to its
 * description: the event records if any of them says so.  A program
 * naming what the event does not have is left out (it would never let
 * the event through, as in lttng-modules).
 */
struct rt_filter_set;

/*
 * A set for @desc from @nr programs (references taken); ERR_PTR(-ENOMEM).
 * rt_filter_set_same(): whether @set was built from exactly these.
 */
struct rt_filter_set *rt_filter_set_new(const struct rt_event_desc *desc,
					struct rt_bytecode *const *bcs,
					unsigned int nr);
bool rt_filter_set_same(const struct rt_filter_set *set,
			struct rt_bytecode *const *bcs, unsigned int nr);
/* Free @set once no probe can still be running it (NULL: nothing). */
void rt_filter_set_free(struct rt_filter_set *set);
/* The same, when the caller has already waited for the probes. */
void rt_filter_set_free_now(struct rt_filter_set *set);

/*
 * Whether the event being recorded passes @set: @in is its raw record if
 * it is generated, else its struct rt_payload.  Preemption disabled.
 */
bool rt_filter_pass(const struct rt_filter_set *set, const void *in);

/*
 * A hand-written probe whose event has filters writes its payload (@len
 * bytes at @payload) into a scratch record first; this records it into
 * @t if @set lets it through.
 */
void rt_filter_record(const struct rt_filter_set *set,
		      const struct rt_record_target *t,
		      const void *payload, size_t len);

/*
 * Event notifiers (filter/capture.c).  A notifier's event has a set of
 * its own kind: one clause per notifier that selects the event, each
 * with its filters, and rt_filter_pass() runs them all, writes a
 * notification for each that lets the event through, and lets nothing
 * into a ring buffer.
 *
 * A capture is a program of lttng-tools' capture bytecode: one payload
 * field, context or element, whose value goes into the notification,
 * msgpack-encoded as lttng-modules encodes it (nil when the event has
 * no such value).
 */
struct rt_capture;
struct rt_nq;
struct rt_counter;

/*
 * Copy and check the CAPTURE ioctl's argument: ERR_PTR(-EFAULT, -EINVAL
 * for anything but one reference, -ENOMEM).
 */
struct rt_capture *rt_capture_from_user(const void __user *arg);
void rt_capture_put(struct rt_capture *cap);

/* What one notifier is; its owner changes it under the model's lock. */
struct rt_notify {
	u64 token;
	u64 error_index;
	struct rt_nq *queue;
	/* Its group's error counter: set once, loaded with an acquire. */
	struct rt_counter *const *counter;
	unsigned int nr_captures;
	struct rt_capture **captures;
};

/* A notifier selecting an event, with its enabler's filters. */
struct rt_notify_src {
	const struct rt_notify *notify;
	struct rt_bytecode *const *filters;
	unsigned int nr_filters;
};

/*
 * A set for @desc from @nr notifiers; ERR_PTR(-ENOMEM).
 * rt_notify_set_same(): whether @set was built from exactly these, in
 * this state.
 */
struct rt_filter_set *rt_notify_set_new(const struct rt_event_desc *desc,
					const struct rt_notify_src *srcs,
					unsigned int nr);
bool rt_notify_set_same(const struct rt_filter_set *set,
			const struct rt_notify_src *srcs, unsigned int nr);

/*
 * If @set is a notifier event's whose notifiers need nothing of the event
 * (no filter; no payload capture, or one whose notification finds its
 * queue full), write their notifications or count them as lost, and
 * return true: the probe then has no record to build.  Preemption
 * disabled.
 */
bool rt_filter_notify_early(const struct rt_filter_set *set);

/*
 * @n events of a notifier set's event were lost before its filters could
 * run (no scratch record, a probe hit the kernel skipped): each of its
 * notifiers counts them as errors.
 */
void rt_filter_lost(const struct rt_filter_set *set, unsigned long n);

/* Module exit waits for the sets still to be freed. */
int rt_filter_init(void);
void rt_filter_exit(void);

#endif /* _RINGTAIL_FILTER_H */
