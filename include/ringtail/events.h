/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event descriptions: what an event is called, which kernel tracepoint it
 * attaches to, its payload fields (for the CTF metadata) and its probe.
 * Instrumentation registers tables of them; sessions look them up by name.
 */
#ifndef _RINGTAIL_EVENTS_H
#define _RINGTAIL_EVENTS_H

#include <linux/list.h>
#include <linux/types.h>

/*
 * Record layout.  Like lttng-modules, records are packed where the CPU
 * handles unaligned accesses well (x86: smaller traces, no padding to
 * compute) and naturally aligned elsewhere.  Payload structures are
 * declared __rt_ctf_layout; RT_CTF_ALIGN() gives a type's CTF alignment.
 */
#ifdef CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS
#define RT_CTF_PACKED		1
#define __rt_ctf_layout		__packed
#define RT_CTF_ALIGN(size)	1
#else
#define RT_CTF_PACKED		0
#define __rt_ctf_layout
#define RT_CTF_ALIGN(size)	(size)
#endif

enum rt_field_type {
	RT_FIELD_INT,		/* an integer of size bytes */
	RT_FIELD_TEXT,		/* char[len], UTF-8 text array */
	RT_FIELD_ARRAY,		/* len integers of size bytes */
	RT_FIELD_BYTES,		/* size opaque bytes (a C structure) */
	RT_FIELD_SEQ,		/* unsigned len_size-byte length, then ints */
	RT_FIELD_STRING,	/* NUL-terminated UTF-8 */
	/*
	 * ftrace's dynamic fields: a 32-bit word (16-bit offset, 16-bit
	 * length) in place, the data after every fixed field.
	 */
	RT_FIELD_DATALOC_STRING,
	RT_FIELD_DATALOC_BYTES,
};

struct rt_field {
	const char *name;
	enum rt_field_type type;
	u16 size;		/* integer or element size */
	u16 len;		/* RT_FIELD_TEXT, RT_FIELD_ARRAY */
	u8 align;		/* bytes; 0: RT_CTF_ALIGN(size) */
	bool is_signed;
	u8 base;		/* 10 or 16 */
	u8 len_size;		/* RT_FIELD_SEQ: size of the length */
};

struct rt_event;

struct rt_event_desc {
	const char *name;		/* LTTng's event name */
	const char *tp_name;		/* the kernel tracepoint */
	const struct rt_field *fields;
	unsigned int nr_fields;
	void *probe;			/* tracepoint probe, data = struct rt_event */
	size_t payload_len;		/* the fixed-size ones */
	unsigned int payload_align;
	struct module *owner;
};

struct rt_event_table {
	const struct rt_event_desc *descs;
	unsigned int nr;
	struct list_head node;
};

int rt_events_register(struct rt_event_table *table);
void rt_events_unregister(struct rt_event_table *table);
/* Call @fn on every known event description, under the registry lock. */
void rt_events_for_each(void (*fn)(const struct rt_event_desc *desc, void *priv),
			void *priv);
const struct rt_event_desc *rt_events_find(const char *name);
void rt_sessions_resync(void);

int rt_instrumentation_init(void);
void rt_instrumentation_exit(void);
int rt_instrumentation_sched_init(void);
void rt_instrumentation_sched_exit(void);
int rt_instrumentation_irq_init(void);
void rt_instrumentation_irq_exit(void);
int rt_instrumentation_timer_init(void);
void rt_instrumentation_timer_exit(void);
void rt_overlay_apply(struct rt_event_desc *descs, unsigned int nr);

#endif /* _RINGTAIL_EVENTS_H */
