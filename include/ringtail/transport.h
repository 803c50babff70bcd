/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ring buffer clients ("transports" in LTTng's words).
 *
 * lttng-sessiond loads six modules by file name before it opens /proc/lttng
 * (doc/lttng-abi.md, section 1.3).  In Ringtail each of them is a few lines that
 * register one transport with the core: a name and the buffer mode and
 * output it stands for.  The core only creates channels whose transport is
 * registered, and pins the owning module for as long as the channel lives.
 */
#ifndef _RINGTAIL_TRANSPORT_H
#define _RINGTAIL_TRANSPORT_H

#include <linux/list.h>
#include <linux/module.h>

enum rt_output {
	RT_OUTPUT_SPLICE = 0,
	RT_OUTPUT_MMAP = 1,
};

struct rt_transport {
	const char *name;		/* LTTng transport name, "relay-discard" */
	enum rt_output output;
	bool overwrite;			/* flight recorder instead of discard */
	bool metadata;			/* carries the metadata stream */
	struct module *owner;
	struct list_head node;		/* in the core's transport list */
};

int rt_transport_register(struct rt_transport *t);
void rt_transport_unregister(struct rt_transport *t);
struct rt_transport *rt_transport_get(enum rt_output output, bool overwrite,
				      bool metadata);
void rt_transport_put(struct rt_transport *t);

#endif /* _RINGTAIL_TRANSPORT_H */
