/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * filter/bytecode.c in user space, for the fuzzer and the unit test: an
 * event shaped like lttng-test's lttng_test_filter_event (integers, an
 * integer array and sequence, texts, a string) plus two contexts, each
 * value in a buffer of exactly its size so that AddressSanitizer sees any
 * read past one.  Resolution and loading follow filter/env-kernel.h.
 */
#ifndef RT_FILTER_TEST_ENV_H
#define RT_FILTER_TEST_ENV_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int32_t s32;
typedef int64_t s64;

#define RT_BC_HOT
#define rt_bc_alloc(n)		malloc((n) ?: 1)
#define rt_bc_free(p)		free(p)
#define rt_bc_strnlen		strnlen
#define rt_bc_strncmp		strncmp
#define rt_bc_strchr		strchr

static inline u16 rt_bc_get_u16(const char *p)
{
	return (u8)p[0] | (u8)p[1] << 8;
}

static inline u64 rt_bc_get_u64(const char *p)
{
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | (u8)p[i];
	return v;
}

#include "../../filter/bytecode.h"

enum rt_t_kind { RT_T_INT, RT_T_TEXT, RT_T_INTS };

struct rt_t_field {
	const char *name;
	enum rt_t_kind kind;
	unsigned int elem;	/* RT_T_INTS: bytes per element */
	bool is_signed;
};

static const struct rt_t_field rt_t_fields[] = {
	{ "intfield", RT_T_INT },
	{ "intfield2", RT_T_INT },
	{ "longfield", RT_T_INT },
	{ "netintfield", RT_T_INT },
	{ "netintfieldhex", RT_T_INT },
	{ "arrfield1", RT_T_INTS, 4, false },
	{ "arrfield2", RT_T_TEXT },
	{ "seqfield1", RT_T_INTS, 1, true },
	{ "seqfield2", RT_T_TEXT },
	{ "stringfield", RT_T_TEXT },
	{ "enumfield", RT_T_INT },
};
#define RT_T_NR		(sizeof(rt_t_fields) / sizeof(rt_t_fields[0]))
#define RT_T_CTX_PROCNAME	0
#define RT_T_CTX_TID		1

/* The event being recorded: one value per field, then the contexts. */
struct rt_t_value {
	s64 v;
	const char *s;		/* texts and arrays: exactly len bytes */
	u32 len;
};

struct rt_t_input {
	struct rt_t_value f[RT_T_NR];
	struct rt_t_value procname, tid;
};

struct rt_bc_target {
	int field;		/* -1: context ctx */
	int ctx;
	unsigned int elem;
};

static inline int rt_bc_resolve(const void *what, const struct rt_bc_ref *ref,
				const char *name, struct rt_bc_target *t)
{
	unsigned int i;

	(void)what;
	memset(t, 0, sizeof(*t));
	t->field = -1;
	t->elem = 1;
	if (ref->root == RT_BC_ROOT_CONTEXT) {
		if (!strcmp(name, "procname"))
			t->ctx = RT_T_CTX_PROCNAME;
		else if (!strcmp(name, "tid") && !ref->indexed)
			t->ctx = RT_T_CTX_TID;
		else
			return -ENOENT;
		return 0;
	}
	for (i = 0; i < RT_T_NR; i++)
		if (!strcmp(rt_t_fields[i].name, name))
			break;
	if (i == RT_T_NR)
		return -ENOENT;
	t->field = i;
	switch (rt_t_fields[i].kind) {
	case RT_T_INT:
		return ref->indexed ? -ENOENT : 0;
	case RT_T_INTS:
		t->elem = rt_t_fields[i].elem;
		return ref->indexed ? 0 : -ENOENT;
	default:
		return 0;
	}
}

static inline s64 rt_bc_int(const void *p, unsigned int size, bool is_signed)
{
	u64 v = 0;

	memcpy(&v, p, size);
	if (is_signed && size < 8)
		return (s64)(v << (64 - 8 * size)) >> (64 - 8 * size);
	return v;
}

static inline bool rt_bc_load(const struct rt_bc_target *t,
			      const struct rt_bc_ref *ref, const void *in,
			      struct rt_bc_val *out)
{
	const struct rt_t_input *input = in;
	const struct rt_t_value *v;
	bool is_signed = true;
	enum rt_t_kind kind;

	if (t->field < 0) {
		v = t->ctx == RT_T_CTX_PROCNAME ? &input->procname : &input->tid;
		kind = t->ctx == RT_T_CTX_PROCNAME ? RT_T_TEXT : RT_T_INT;
	} else {
		v = &input->f[t->field];
		kind = rt_t_fields[t->field].kind;
		is_signed = rt_t_fields[t->field].is_signed;
	}
	if (!ref->indexed) {
		out->type = kind == RT_T_INT ? RT_BC_S64 : RT_BC_STR;
		out->v = v->v;
		out->s = v->s;
		out->len = v->len;
		return true;
	}
	if (ref->index >= v->len / t->elem)
		return false;
	out->type = RT_BC_S64;
	out->v = rt_bc_int(v->s + ref->index * t->elem, t->elem, is_signed);
	return true;
}

/* An integer value of @t, as rt_bc_run()'s terms take it. */
static inline bool rt_bc_load_int(const struct rt_bc_target *t,
				  const struct rt_bc_ref *ref, const void *in,
				  s64 *v)
{
	struct rt_bc_val val;

	if (!rt_bc_load(t, ref, in, &val) || val.type != RT_BC_S64)
		return false;
	*v = val.v;
	return true;
}

/* Test inputs: buffers of exactly their sizes (free with rt_t_free()). */
static inline void rt_t_text(struct rt_t_value *v, const char *bytes, u32 len)
{
	char *p = malloc(len ?: 1);

	memcpy(p, bytes, len);
	v->s = p;
	v->len = len;
}

static inline void rt_t_free(struct rt_t_input *in)
{
	unsigned int i;

	for (i = 0; i < RT_T_NR; i++)
		free((void *)in->f[i].s);
	free((void *)in->procname.s);
}

#endif
