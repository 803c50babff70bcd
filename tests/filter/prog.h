/* SPDX-License-Identifier: GPL-2.0-only */
/* Programs for the user-space builds of filter/bytecode.c. */
#ifndef RT_FILTER_TEST_PROG_H
#define RT_FILTER_TEST_PROG_H

#include <stdio.h>
#include "env.h"

/*
 * A program from a corpus file's bytes (u16 reloc_offset, then the
 * program), in a buffer of exactly its size; NULL if too short.
 */
static inline struct rt_bc_prog *rt_t_prog(const u8 *bytes, size_t size)
{
	struct rt_bc_prog *p;

	if (size < 2)
		return NULL;
	p = malloc(sizeof(*p) + size - 2);
	p->len = size - 2;
	p->reloc_offset = bytes[0] | bytes[1] << 8;
	p->seqnum = 0;
	memcpy(p->data, bytes + 2, size - 2);
	return p;
}

/* The event lttng-test emits for i = 1, and a task named @procname. */
static inline void rt_t_input(struct rt_t_input *in, s64 i, const char *procname)
{
	static const u32 arr1[3] = { 1, 2, 3 };
	static const s8 seq1[4] = { 't', 'e', 's', 't' };

	memset(in, 0, sizeof(*in));
	in->f[0].v = i;			/* intfield */
	in->f[1].v = i;			/* intfield2 */
	in->f[2].v = i;			/* longfield */
	in->f[3].v = i;		/* netintfield, swapped to native (lttng-modules) */
	in->f[4].v = in->f[3].v;
	rt_t_text(&in->f[5], (const char *)arr1, sizeof(arr1));
	/* arrfield2: "test" padded with NULs, as lttng-test records it. */
	rt_t_text(&in->f[6], "test\0\0\0\0\0\0", 10);
	rt_t_text(&in->f[7], (const char *)seq1, sizeof(seq1));
	rt_t_text(&in->f[8], "test", 4);	/* no NUL: a text sequence */
	rt_t_text(&in->f[9], "test", 4);
	in->f[10].v = 0;
	rt_t_text(&in->procname, procname, strlen(procname));
	in->tid.v = 42;
}

#endif
