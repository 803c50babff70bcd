/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * filter/bytecode.c in the kernel: references resolve against an event
 * description's fields (filter/filter.c) and the context types, and load
 * through the record writer's field loader (rt_field_load()) and the
 * contexts' own values (rt_ctx_value()), so a filter sees exactly what
 * the trace shows.
 */
#ifndef _RINGTAIL_FILTER_ENV_KERNEL_H
#define _RINGTAIL_FILTER_ENV_KERNEL_H

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/types.h>
#include <ringtail/context.h>
#include <ringtail/record.h>
#include "bytecode.h"

#define RT_BC_HOT	notrace

#define rt_bc_alloc(n)		kvmalloc(n, GFP_KERNEL)
#define rt_bc_free(p)		kvfree(p)
#define rt_bc_strnlen		strnlen
#define rt_bc_strncmp		strncmp
#define rt_bc_strchr		strchr

static inline u16 rt_bc_get_u16(const char *p)
{
	return get_unaligned_le16(p);
}

static inline u64 rt_bc_get_u64(const char *p)
{
	return get_unaligned_le64(p);
}

/*
 * What a reference resolved to: a payload field (of a generated event's
 * raw record, or of a hand-written event's payload, desc), or a context.
 */
struct rt_bc_target {
	const struct rt_field *field;	/* NULL: the context ctx */
	const struct rt_event_desc *desc;	/* hand-written: its payload */
	u8 ctx;				/* enum rt_ctx_type */
	u8 elem;			/* indexed: element size */
};

/* filter/filter.c; @what is the event's struct rt_event_desc. */
int rt_bc_resolve(const void *what, const struct rt_bc_ref *ref,
		  const char *name, struct rt_bc_target *t);

/*
 * An integer of @size bytes at @p, big-endian if @be (a network-order
 * field), as a native value sign-extended if @is_signed: lttng-modules
 * hands its filters network-order integers swapped too.
 */
static __always_inline s64 rt_bc_int(const void *p, unsigned int size,
				     bool is_signed, bool be)
{
	u16 v16;
	u32 v32;
	u64 v64;

	switch (size) {
	case 1:
		return is_signed ? *(const s8 *)p : *(const u8 *)p;
	case 2:
		v16 = be ? get_unaligned_be16(p) : get_unaligned((const u16 *)p);
		return is_signed ? (s16)v16 : v16;
	case 4:
		v32 = be ? get_unaligned_be32(p) : get_unaligned((const u32 *)p);
		return is_signed ? (s32)v32 : v32;
	default:
		v64 = be ? get_unaligned_be64(p) : get_unaligned((const u64 *)p);
		return v64;
	}
}

/*
 * Load the value of @t for the event being recorded: @in is its raw
 * record if it is generated, its struct rt_payload if hand-written.  False: no value (an
 * index past the end), and the event is not recorded.
 */
static __always_inline bool rt_bc_load(const struct rt_bc_target *t,
				       const struct rt_bc_ref *ref,
				       const void *in, struct rt_bc_val *out)
{
	struct rt_field_value fv;
	bool is_signed = true, be = false;

	if (!t->field) {
		u32 len;

		out->s = rt_ctx_value(t->ctx, &out->v, &len);
		out->type = out->s ? RT_BC_STR : RT_BC_S64;
		out->len = len;
		if (!ref->indexed)
			return true;
		fv.data = out->s;
		fv.len = out->s ? len : 0;
	} else {
		if (t->desc ? !rt_payload_load(t->desc, t->field, in, &fv) :
			      !rt_field_load(t->field, in, &fv))
			return false;
		is_signed = t->field->is_signed;
		be = t->field->be;
		if (!ref->indexed) {
			if (t->field->type == RT_FIELD_INT) {
				out->type = RT_BC_S64;
				/* Only hand-written payloads have them. */
				out->v = be && fv.data ?
					 rt_bc_int(fv.data, t->field->size,
						   is_signed, true) :
					 fv.integer;
			} else {
				out->type = RT_BC_STR;
				out->s = fv.data;
				out->len = fv.len;
			}
			return true;
		}
	}
	/* An element of an array, a sequence or a text. */
	if (ref->index >= fv.len / t->elem)
		return false;
	out->type = RT_BC_S64;
	out->v = rt_bc_int((const char *)fv.data + ref->index * t->elem,
			   t->elem, is_signed, be);
	return true;
}

/*
 * An integer value of @t, as rt_bc_run()'s terms take it: a generated
 * event's integer field inline (the field loader's own rt_field_int()),
 * anything else through rt_bc_load().  False: no value, or not an
 * integer.
 */
static __always_inline bool rt_bc_load_int(const struct rt_bc_target *t,
					   const struct rt_bc_ref *ref,
					   const void *in, s64 *v)
{
	struct rt_bc_val val;

	/* Integer fields are never indexed (rt_bc_resolve()). */
	if (likely(t->field && !t->desc && t->field->type == RT_FIELD_INT)) {
		*v = rt_field_int(t->field, in);
		return true;
	}
	if (!rt_bc_load(t, ref, in, &val) || val.type != RT_BC_S64)
		return false;
	*v = val.v;
	return true;
}

#endif /* _RINGTAIL_FILTER_ENV_KERNEL_H */
