/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU counters (counter/counter.c): arrays of one to four dimensions
 * of 32- or 64-bit integers in modular arithmetic, one copy per possible
 * CPU.  What LTTng's COUNTER objects are made of: an event-notifier
 * group counts the notifications it lost in one (doc/lttng-abi.md,
 * section 2.2, category i).
 *
 * rt_counter_add() may run in any context, NMI included, on any CPU: it
 * adds to the current CPU's copy with one atomic operation, and notes in
 * that copy when the addition wrapped.  Readers sum the copies; a clear
 * that races with additions may leave some of them counted, as with
 * lttng-modules (tools clear an element before they use it).
 */
#ifndef _RINGTAIL_COUNTER_H
#define _RINGTAIL_COUNTER_H

#include <linux/types.h>

#define RT_COUNTER_MAX_DIMS	4
/* Elements of a counter at most: 8 MiB a CPU at 64 bits. */
#define RT_COUNTER_MAX_ELEMS	(1UL << 20)

struct rt_counter;

/*
 * A counter of @nr_dims dimensions of @sizes[] elements each, 64-bit if
 * @bits64; zeroed.  ERR_PTR -EINVAL (no dimension, too many, an empty
 * one, or more than RT_COUNTER_MAX_ELEMS in all) or -ENOMEM.
 */
struct rt_counter *rt_counter_create(unsigned int nr_dims, const u64 *sizes,
				     bool bits64);
void rt_counter_destroy(struct rt_counter *counter);

unsigned int rt_counter_dims(const struct rt_counter *counter);

/*
 * The element at @index (one index per dimension): -EOVERFLOW when an
 * index is past its dimension, as lttng-modules answers.
 */
int rt_counter_add(struct rt_counter *counter, const u64 *index, s64 v);

/*
 * The value at @index on @cpu, or summed over every CPU for cpu -1, in
 * the counter's modular arithmetic; @overflow and @underflow say whether
 * an addition or the sum wrapped.  -EINVAL for a CPU that cannot exist.
 */
int rt_counter_read(const struct rt_counter *counter, const u64 *index,
		    int cpu, s64 *value, bool *overflow, bool *underflow);
int rt_counter_clear(struct rt_counter *counter, const u64 *index);

#endif /* _RINGTAIL_COUNTER_H */
