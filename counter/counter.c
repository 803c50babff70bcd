// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU counters (include/ringtail/counter.h).  Each possible CPU has
 * its own copy of the elements and of two bitmaps that remember which
 * elements wrapped up or down.  Additions are single atomic operations
 * on whichever CPU's copy the adder runs on, so they need no lock, no
 * disabled preemption and are safe in NMI context; a preempted adder that
 * migrated only adds to another CPU's copy, which readers sum anyway.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <ringtail/counter.h>

struct rt_counter_cpu {
	void *elems;			/* atomic64_t or atomic_t */
	unsigned long *overflow;	/* bit per element */
	unsigned long *underflow;
};

struct rt_counter {
	unsigned int nr_dims;
	bool bits64;
	u64 sizes[RT_COUNTER_MAX_DIMS];
	size_t nr_elems;
	struct rt_counter_cpu cpu[];	/* nr_cpu_ids */
};

void rt_counter_destroy(struct rt_counter *counter)
{
	unsigned int cpu;

	if (!counter)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		kvfree(counter->cpu[cpu].elems);
		kvfree(counter->cpu[cpu].overflow);
		kvfree(counter->cpu[cpu].underflow);
	}
	kfree(counter);
}
EXPORT_SYMBOL_GPL(rt_counter_destroy);

struct rt_counter *rt_counter_create(unsigned int nr_dims, const u64 *sizes,
				     bool bits64)
{
	size_t n = 1, width = bits64 ? sizeof(atomic64_t) : sizeof(atomic_t);
	struct rt_counter *counter;
	unsigned int d;
	int cpu;

	if (!nr_dims || nr_dims > RT_COUNTER_MAX_DIMS)
		return ERR_PTR(-EINVAL);
	for (d = 0; d < nr_dims; d++) {
		/* n stays at most RT_COUNTER_MAX_ELEMS: no overflow here. */
		if (!sizes[d] || sizes[d] > RT_COUNTER_MAX_ELEMS / n)
			return ERR_PTR(-EINVAL);
		n *= sizes[d];
	}
	counter = kzalloc(struct_size(counter, cpu, nr_cpu_ids), GFP_KERNEL);
	if (!counter)
		return ERR_PTR(-ENOMEM);
	counter->nr_dims = nr_dims;
	counter->bits64 = bits64;
	memcpy(counter->sizes, sizes, nr_dims * sizeof(*sizes));
	counter->nr_elems = n;
	for_each_possible_cpu(cpu) {
		struct rt_counter_cpu *pc = &counter->cpu[cpu];
		int node = cpu_to_node(cpu);

		pc->elems = kvzalloc_node(n * width, GFP_KERNEL, node);
		pc->overflow = kvzalloc_node(BITS_TO_LONGS(n) * sizeof(long), GFP_KERNEL, node);
		pc->underflow = kvzalloc_node(BITS_TO_LONGS(n) * sizeof(long), GFP_KERNEL, node);
		if (!pc->elems || !pc->overflow || !pc->underflow) {
			rt_counter_destroy(counter);
			return ERR_PTR(-ENOMEM);
		}
	}
	return counter;
}
EXPORT_SYMBOL_GPL(rt_counter_create);

unsigned int rt_counter_dims(const struct rt_counter *counter)
{
	return counter->nr_dims;
}
EXPORT_SYMBOL_GPL(rt_counter_dims);

/* Row-major offset of @index, or -EOVERFLOW. */
static notrace long rt_counter_offset(const struct rt_counter *counter,
				      const u64 *index)
{
	size_t off = 0;
	unsigned int d;

	for (d = 0; d < counter->nr_dims; d++) {
		if (index[d] >= counter->sizes[d])
			return -EOVERFLOW;
		off = off * counter->sizes[d] + index[d];
	}
	return off;
}

notrace int rt_counter_add(struct rt_counter *counter, const u64 *index, s64 v)
{
	long off = rt_counter_offset(counter, index);
	struct rt_counter_cpu *pc;
	s64 old, exact;

	if (off < 0)
		return off;
	/* Any CPU's copy will do: the additions are atomic. */
	pc = &counter->cpu[raw_smp_processor_id()];
	if (counter->bits64) {
		old = atomic64_fetch_add(v, (atomic64_t *)pc->elems + off);
		if (!check_add_overflow(old, v, &exact))
			return 0;
	} else {
		old = atomic_fetch_add((int)v, (atomic_t *)pc->elems + off);
		exact = old + v;
		if (exact >= S32_MIN && exact <= S32_MAX)
			return 0;
	}
	set_bit(off, v > 0 ? pc->overflow : pc->underflow);
	return 0;
}
EXPORT_SYMBOL_GPL(rt_counter_add);

static s64 rt_counter_elem(const struct rt_counter *counter, int cpu, long off)
{
	const struct rt_counter_cpu *pc = &counter->cpu[cpu];

	if (counter->bits64)
		return atomic64_read((atomic64_t *)pc->elems + off);
	return atomic_read((atomic_t *)pc->elems + off);
}

int rt_counter_read(const struct rt_counter *counter, const u64 *index,
		    int cpu, s64 *value, bool *overflow, bool *underflow)
{
	long off = rt_counter_offset(counter, index);
	s64 sum = 0, v;
	int c;

	if (off < 0)
		return off;
	if (cpu < -1 || cpu >= (int)nr_cpu_ids || (cpu >= 0 && !cpu_possible(cpu)))
		return -EINVAL;
	*overflow = *underflow = false;
	for_each_possible_cpu(c) {
		if (cpu >= 0 && c != cpu)
			continue;
		v = rt_counter_elem(counter, c, off);
		*overflow |= test_bit(off, counter->cpu[c].overflow);
		*underflow |= test_bit(off, counter->cpu[c].underflow);
		if (counter->bits64) {
			if (check_add_overflow(sum, v, &sum))
				*(v > 0 ? overflow : underflow) = true;
		} else {
			sum += v;
			if (sum > S32_MAX || sum < S32_MIN) {
				*(sum > 0 ? overflow : underflow) = true;
				sum = (s32)(u32)sum;
			}
		}
	}
	*value = sum;
	return 0;
}
EXPORT_SYMBOL_GPL(rt_counter_read);

int rt_counter_clear(struct rt_counter *counter, const u64 *index)
{
	long off = rt_counter_offset(counter, index);
	int cpu;

	if (off < 0)
		return off;
	for_each_possible_cpu(cpu) {
		struct rt_counter_cpu *pc = &counter->cpu[cpu];

		if (counter->bits64)
			atomic64_set((atomic64_t *)pc->elems + off, 0);
		else
			atomic_set((atomic_t *)pc->elems + off, 0);
		clear_bit(off, pc->overflow);
		clear_bit(off, pc->underflow);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(rt_counter_clear);
