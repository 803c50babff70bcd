/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event descriptions: what an event is called, its payload fields (for the
 * CTF metadata and the record writer), its probe, and the kind of
 * instrumentation that attaches it (a kernel tracepoint, the system call
 * tracepoints, ...: struct rt_kind, implemented in kinds/).
 *
 * Instrumentation registers tables of descriptions; the registry
 * (record/registry.c) lists them, tells subscribers (the session model)
 * when descriptions appear or go, and asks each description's kind
 * whether it can be attached now.
 */
#ifndef _RINGTAIL_EVENTS_H
#define _RINGTAIL_EVENTS_H

#include <linux/list.h>
#include <linux/notifier.h>
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

/* Names of events, enablers, sessions: LTTng's symbol length. */
#define RT_NAME_LEN		256

enum rt_field_type {
	RT_FIELD_INT,		/* an integer of size bytes */
	RT_FIELD_TEXT,		/* char[len], UTF-8 text array */
	RT_FIELD_ARRAY,		/* len integers of size bytes */
	RT_FIELD_BYTES,		/* size opaque bytes (a C structure) */
	RT_FIELD_SEQ,		/* unsigned len_size-byte length, then ints */
	RT_FIELD_STRING,	/* NUL-terminated UTF-8 */
	/*
	 * Only in the raw records of generated events (ftrace's layout):
	 * dynamic fields, a 32-bit word (16-bit offset from the record, or
	 * from the end of the word for the rel forms, and 16-bit length) in
	 * place, the data after every fixed field.  They are written to the
	 * trace as RT_FIELD_STRING and RT_FIELD_SEQ (a 32-bit length).
	 */
	RT_FIELD_DATALOC_STRING,
	RT_FIELD_DATALOC_BYTES,
	RT_FIELD_RELLOC_STRING,
	RT_FIELD_RELLOC_BYTES,
};

/* How a generated event's field is made from its raw record. */
enum rt_field_xform {
	RT_XF_COPY,		/* as it is (or narrowed to size) */
	RT_XF_ADD,		/* an integer plus arg */
	RT_XF_TID,		/* current's thread id, no source */
	RT_XF_RWBS,		/* ftrace's rwbs text as LTTng's bitmask */
};

/*
 * An enumeration: labels of integer values or ranges (TP_printk's symbol
 * tables, LTTng's own enumerations).  Values are the field's, sign-extended
 * to 64 bits if it is signed; a single value has end == value.
 */
struct rt_enum_entry {
	u64 value, end;
	const char *label;
};

struct rt_enum {
	unsigned int nr;
	struct rt_enum_entry map[];
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
	bool be;		/* big-endian integers (network byte order) */
	bool text;		/* RT_FIELD_ARRAY, RT_FIELD_SEQ: UTF-8 characters */
	/*
	 * RT_FIELD_ARRAY, RT_FIELD_SEQ: the bits of size-byte integers as
	 * 1-bit elements, least significant first; len and the sequence
	 * length count bits.
	 */
	bool bits;
	/* Generated events only (record/record.c). */
	u8 xform;		/* enum rt_field_xform */
	enum rt_field_type src_type;
	u16 src;		/* offset in the raw record */
	u16 src_size;
	s16 arg;
	const struct rt_enum *enm;	/* RT_FIELD_INT shown as an enumeration */
};

struct rt_event;
struct rt_enabler;
struct rt_event_desc;
struct rt_record_plan;

/*
 * A kind of instrumentation: how the probes of its events are hooked to
 * the kernel, and which enablers select its events.  The session model
 * knows kinds only through these operations, called under the model's
 * lock (process context).
 */
struct rt_kind {
	const char *name;
	/* Whether @enabler (of this kind) selects @desc (of this kind). */
	bool (*match)(const struct rt_enabler *enabler,
		      const struct rt_event_desc *desc);
	/* Whether @desc can be attached now; NULL: always. */
	bool (*available)(const struct rt_event_desc *desc);
	/* Hook @event's probe; it writes only while event->recording. */
	int (*attach)(struct rt_event *event);
	/* Unhook it; it may run until synchronize() returns. */
	void (*detach)(struct rt_event *event);
	/* event->recording changed; NULL if the probe reads it. */
	int (*update)(struct rt_event *event);
	/*
	 * Wait until no probe of this kind can still run for an event
	 * detached or no longer recording (the grace period its hooks
	 * need), then free what detach() left for it.
	 */
	void (*synchronize)(void);
	/*
	 * Kinds whose enablers bring their own descriptions (probes placed
	 * at run time: rt_enabler_spec.descs) free that state here, once
	 * the enabler and its events are gone; NULL: no such state.
	 */
	void (*release)(void *kind_data);
	struct list_head node;		/* the model's list of kinds */
};

struct rt_event_desc {
	const char *name;		/* LTTng's event name */
	const char *tp_name;		/* the kernel tracepoint, if any */
	const struct rt_kind *kind;	/* what attaches its probe */
	const void *kind_data;		/* the kind's own description */
	const struct rt_field *fields;
	unsigned int nr_fields;
	void *probe;			/* data: its struct rt_event */
	size_t payload_len;		/* the fixed-size ones */
	unsigned int payload_align;
	struct module *owner;
	bool source;			/* generated with linux-source's help */
	bool dynamic;			/* has strings or sequences */
	bool direct;			/* generated: see rt_record_fixup() */
	/* Generated events: how the record is made from the raw one. */
	const struct rt_record_plan *plan;
};

struct rt_event_table {
	const struct rt_event_desc *descs;
	unsigned int nr;
	struct list_head node;
};

/* record/registry.c */
int rt_events_register(struct rt_event_table *table);
void rt_events_unregister(struct rt_event_table *table);
/*
 * Call @fn on every known event description (with @available, only those
 * whose kind can attach them now), under the registry lock, until it
 * returns non-zero; returns that.
 */
int rt_events_for_each(int (*fn)(const struct rt_event_desc *desc, void *priv),
		       void *priv, bool available);
const struct rt_event_desc *rt_events_find(const char *name);
/*
 * Subscribers are called (process context, no registry lock held) when
 * descriptions appear or go: tables registered, or the targets of their
 * kind (a module's tracepoints) coming or going.
 */
int rt_events_subscribe(struct notifier_block *nb);
void rt_events_unsubscribe(struct notifier_block *nb);
void rt_events_changed(void);

#endif /* _RINGTAIL_EVENTS_H */
