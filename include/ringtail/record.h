/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing event records (record/): the CTF packet header and context of
 * every packet (the data channels' ring buffer client), the event header
 * of every record, and the payloads of generated events.
 *
 * A probe writes into a struct rt_record_target, prepared once per event
 * when its channel's header layout is known: the ring buffer channel, the
 * event id and the header shape.  Hand-written probes reserve, write and
 * commit themselves; generated probes run the event's own TP_fast_assign
 * on a scratch record in ftrace's layout and rt_record_write() makes the
 * trace record from it, following the description's plan.
 */
#ifndef _RINGTAIL_RECORD_H
#define _RINGTAIL_RECORD_H

#include <ringtail/context.h>
#include <ringtail/events.h>
#include <ringtail/ringbuffer.h>
#include <ringtail/unaligned.h>

/* An integer of a direct record converted in place: @add added to it. */
struct rt_record_fixup {
	u16 off;
	u8 size;
	s16 add;
};
#define RT_RECORD_FIXUPS	4

/*
 * Where the records of one event go, and with which event header.  It
 * also holds what the probe of a generated event needs of the event's
 * description, so that recording reads the event and its channel only:
 * each other structure touched is one more cache line, and under
 * emulation one more TLB fill after every context switch.
 */
struct rt_record_target {
	struct rt_rb_chan *rb;
	const struct rt_ctx_set *ctx;	/* the channel's contexts, or NULL */
	u32 id;				/* event id in its stream */
	bool large;			/* event_header_large */
	struct rt_rb_layout layout;
	/* Generated events: desc->payload_len, and whether direct. */
	u32 payload_len;
	bool direct;
	u8 nr_fixups;
	struct rt_record_fixup fixups[RT_RECORD_FIXUPS];
};

/*
 * Set @t up for event @id of a channel, whose description is @d; @large:
 * its headers are large; @ctx: the channel's contexts (NULL: none).
 */
void rt_record_target_init(struct rt_record_target *t, struct rt_rb_chan *rb,
			   const struct rt_ctx_set *ctx, u32 id, bool large,
			   const struct rt_event_desc *d);

/*
 * Reserve a record with a payload of @len bytes in this CPU's buffer and
 * write its event header and contexts; the caller writes the payload at ctx->payload
 * and commits (rt_rb_commit()).  Preemption disabled, as in tracepoint
 * probes.  False: dropped, and counted.
 */
bool rt_record_reserve(const struct rt_record_target *t, struct rt_rb_ctx *ctx,
		       size_t len);

/*
 * Write integer @v as @size bytes (1, 2, 4 or 8) at @p, in the record's
 * layout (unaligned where records are packed); returns what follows it.
 * For hand-written probes that lay out their payload field by field.
 */
static __always_inline void *rt_put_int(void *p, u64 v, unsigned int size)
{
	switch (size) {
	case 1:
		*(u8 *)p = v;
		break;
	case 2:
		put_unaligned((u16)v, (u16 *)p);
		break;
	case 4:
		put_unaligned((u32)v, (u32 *)p);
		break;
	default:
		put_unaligned(v, (u64 *)p);
		break;
	}
	return p + size;
}

/* The CTF data client of a channel's buffers. */
int rt_ctf_channel_setup(struct rt_rb_config *cfg, const u8 uuid[16],
			 u32 stream_id);

/* Scratch records: about ftrace's own limit on one event. */
#define RT_SCRATCH_SIZE	(2 * PAGE_SIZE)

/*
 * This CPU's scratch record for the current context (task, softirq, irq,
 * NMI nest), or NULL if @len is too large or the nesting too deep.  Called
 * with preemption disabled, as tracepoint probes are; rt_scratch_put()
 * releases it.
 */
void *rt_scratch_get(size_t len);
void rt_scratch_put(void);

/* Write the trace record of @d from its raw record @raw (a scratch record). */
void rt_record_write(const struct rt_record_target *t,
		     const struct rt_event_desc *d, const void *raw);

/*
 * The same for an event its filters let through: a direct one's raw
 * record is its payload, copied and converted in place (rt_record_fixup())
 * rather than written field by field.
 */
void rt_record_filtered(const struct rt_record_target *t,
			const struct rt_event_desc *d, const void *raw);

/*
 * A "direct" description (desc->direct): its trace payload is its raw
 * record itself, converted in place (no dynamic field, every field where
 * the raw record has it).  Its probe assigns straight into the reserved
 * record and calls this on it before committing; t->direct is false if
 * it has more conversions than t->fixups holds (the probe then takes the
 * scratch record).
 */
static __always_inline void rt_record_fixup(const struct rt_record_target *t,
					    void *payload)
{
	unsigned int i;

	for (i = 0; i < t->nr_fixups; i++) {
		const struct rt_record_fixup *f = &t->fixups[i];
		void *p = payload + f->off;

		switch (f->size) {
		case 1:
			*(u8 *)p += f->add;
			break;
		case 2:
			put_unaligned(get_unaligned((u16 *)p) + f->add, (u16 *)p);
			break;
		case 4:
			put_unaligned(get_unaligned((u32 *)p) + f->add, (u32 *)p);
			break;
		default:
			put_unaligned(get_unaligned((u64 *)p) + f->add, (u64 *)p);
			break;
		}
	}
}

/* The direct-record part of rt_record_target_init(), from @d's plan. */
void rt_record_plan_target(struct rt_record_target *t,
			   const struct rt_event_desc *d);

/*
 * The field loader: field @f of a generated event's raw record @raw, as
 * the trace shows it.  Integers (conversions applied) as u64,
 * sign-extended if signed; strings and sequences as where their bytes
 * are and how many.  Returns false for a field of no integer, string or
 * sequence type.
 */
struct rt_field_value {
	u64 integer;
	const void *data;		/* strings, sequences, arrays */
	u32 len;			/* bytes (strings: without their NUL) */
};
bool rt_field_load(const struct rt_field *f, const void *raw,
		   struct rt_field_value *v);

/*
 * rt_field_load()'s integers, inline for filters: integer field @f of
 * generated raw record @raw as the trace shows it, sign-extended if
 * signed.  Conversions other than an addition take the loader itself.
 */
static __always_inline u64 rt_field_int(const struct rt_field *f,
					const void *raw)
{
	const char *src = (const char *)raw + f->src;
	unsigned int shift = 64 - 8 * f->size;
	struct rt_field_value fv;
	u64 v;

	if (unlikely(f->xform > RT_XF_ADD)) {
		rt_field_load(f, raw, &fv);
		return fv.integer;
	}
	switch (f->src_size) {
	case 1:
		v = f->is_signed ? (s64)*(const s8 *)src : *(const u8 *)src;
		break;
	case 2:
		v = f->is_signed ? (s64)*(const s16 *)src : *(const u16 *)src;
		break;
	case 4:
		v = f->is_signed ? (s64)*(const s32 *)src : *(const u32 *)src;
		break;
	default:
		v = *(const u64 *)src;
	}
	v += f->arg;
	/* Narrowed to the size the trace shows, then extended. */
	if (f->size < 8)
		v = f->is_signed ? (u64)((s64)(v << shift) >> shift) :
				   (v << shift) >> shift;
	return v;
}

/*
 * The same for a hand-written event (no raw record): field @f of @d read
 * from the trace payload its probe wrote, @in.  False if the payload is
 * shorter than its fields say.
 */
struct rt_payload {
	const void *data;
	size_t len;
};
bool rt_payload_load(const struct rt_event_desc *d, const struct rt_field *f,
		     const struct rt_payload *in, struct rt_field_value *v);

/*
 * The symbol tables of a class's TP_printk, noted (copied) when its print
 * arguments are evaluated (instrumentation/gen.h), with the expression
 * each table prints.  rt_record_desc() takes those it uses;
 * rt_enums_free() frees the others.
 */
struct trace_print_flags;
#define RT_ENUMS_MAX	8
struct rt_enums {
	unsigned int nr;
	struct {
		const char *expr;
		struct rt_enum *enm;
	} e[RT_ENUMS_MAX];
};
const char *rt_enums_note(struct rt_enums *enums, const char *expr,
			  const struct trace_print_flags *table);
void rt_enums_free(struct rt_enums *enums);

/*
 * LTTng's name and fields for a tracepoint (instrumentation/overlay.c),
 * given to rt_record_desc().
 */
struct rt_overlay {
	const char *tp;
	const char *name;	/* LTTng's event name, NULL: the tracepoint's */
	const char *fields;	/* see overlay.c; NULL: the kernel's fields */
};

/*
 * Fill in the fields of @desc (tp_name set) from the raw fields of its
 * class, whose record has @raw_size fixed bytes, its LTTng overlay @ov
 * (or NULL) and, for events LTTng does not define, the symbol tables in
 * @enums that print one field (CTF enumerations).  Returns 0, -errno, or
 * 1 if the event is left out (hand-written, or a layout this cannot
 * describe).
 */
int rt_record_desc(struct rt_event_desc *desc, const struct rt_field *raw,
		   unsigned int nr_raw, size_t raw_size,
		   const struct rt_overlay *ov, struct rt_enums *enums);
void rt_record_descs_free(struct rt_event_table *table);
int rt_record_init(void);
void rt_record_exit(void);

#endif /* _RINGTAIL_RECORD_H */
