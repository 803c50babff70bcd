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

/* An integer of @size bytes at @p, sign-extended if @is_signed. */
static __always_inline s64 rt_bc_int(const void *p, unsigned int size,
				     bool is_signed)
{
	switch (size) {
	case 1:
		return is_signed ? *(const s8 *)p : *(const u8 *)p;
	case 2:
		return is_signed ? (s16)get_unaligned((const u16 *)p) :
				   get_unaligned((const u16 *)p);
	case 4:
		return is_signed ? (s32)get_unaligned((const u32 *)p) :
				   get_unaligned((const u32 *)p);
	default:
		return get_unaligned((const u64 *)p);
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
	bool is_signed = true;

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
		if (!ref->indexed) {
			if (t->field->type == RT_FIELD_INT) {
				out->type = RT_BC_S64;
				out->v = fv.integer;
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
			   t->elem, is_signed);
	return true;
}

#endif /* _RINGTAIL_FILTER_ENV_KERNEL_H */
