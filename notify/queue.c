// SPDX-License-Identifier: GPL-2.0-only
/*
 * Notification queues (include/ringtail/notify.h).
 *
 * A queue is a byte ring with two free-running positions, head (where
 * the next record goes) and tail (the oldest record), both changed under
 * the lock only, and read without it only to tell a full or an empty
 * queue at a glance.  Each record is stored as a 16-bit length, then its
 * bytes, and never wraps: a writer that finds too little room before the
 * ring's end leaves a zero length there (or nothing, if even that does
 * not fit) and starts again at the beginning; the reader skips to the
 * beginning likewise.
 *
 * Recursion.  Whoever takes the lock (writer or reader) first marks the
 * queue busy on its CPU, with interrupts off, and clears the mark only
 * once the lock is released.  Anything that runs on that CPU in between
 * and would write (an NMI; a probe hit in the lock's own code, such as
 * the lock:contention_* tracepoints, lockdep's, or a kprobe on
 * _raw_spin_unlock) finds the mark and gives up, counted as lost,
 * instead of spinning on a lock its own CPU holds or waits for.  Writers
 * in NMI context only ever try the lock, so that an NMI never waits.
 *
 * Waking the reader takes the wait queue's lock, which an NMI must not
 * take, so writers hand it to an irq_work, and only when the queue was
 * empty before their record (padding included): the reader sleeps only
 * on an empty queue, and the lock orders the reader's check against the
 * writer's.  The waker's memory barriers (try_to_wake_up()) then make
 * the new head visible to the woken reader.
 */
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <ringtail/unaligned.h>
#include <ringtail/notify.h>

#define RT_NQ_LEN	sizeof(u16)

struct rt_nq {
	raw_spinlock_t lock;
	int __percpu *busy;		/* this CPU takes or holds lock */
	unsigned long head, tail;	/* under lock */
	bool was_empty;			/* under lock: before the reserve */
	unsigned long mask;		/* size - 1 */
	char *mem;
	struct irq_work wake_work;
	wait_queue_head_t read_wait;

	/* The reader's: the record being read, and how far. */
	struct mutex read_lock;
	size_t cur_len, cur_off;
	char cur[RT_NQ_RECORD_MAX];
};

static void rt_nq_wake(struct irq_work *work)
{
	struct rt_nq *q = container_of(work, struct rt_nq, wake_work);

	wake_up_interruptible(&q->read_wait);
}

struct rt_nq *rt_nq_create(size_t size)
{
	struct rt_nq *q;

	if (size < PAGE_SIZE || !is_power_of_2(size))
		return ERR_PTR(-EINVAL);
	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return ERR_PTR(-ENOMEM);
	q->mem = vmalloc(size);
	q->busy = alloc_percpu(int);
	if (!q->mem || !q->busy) {
		free_percpu(q->busy);
		vfree(q->mem);
		kfree(q);
		return ERR_PTR(-ENOMEM);
	}
	raw_spin_lock_init(&q->lock);
	q->mask = size - 1;
	init_irq_work(&q->wake_work, rt_nq_wake);
	init_waitqueue_head(&q->read_wait);
	mutex_init(&q->read_lock);
	return q;
}

void rt_nq_destroy(struct rt_nq *q)
{
	if (!q)
		return;
	irq_work_sync(&q->wake_work);
	free_percpu(q->busy);
	vfree(q->mem);
	kfree(q);
}

/*
 * Only the reader frees room, so a queue whose reader falls behind costs
 * a storm of writers two loads each instead of a lock round each.  Head
 * is read first: a writer that moves it between the two loads makes the
 * queue look emptier, never fuller, and only a tail the reader moved
 * after our load can make a record that would have fitted count as lost,
 * as if it had come a moment earlier.
 */
notrace bool rt_nq_full(const struct rt_nq *q, size_t max)
{
	unsigned long used = READ_ONCE(q->head);

	used -= READ_ONCE(q->tail);
	return used + RT_NQ_LEN + max > q->mask + 1;
}
NOKPROBE_SYMBOL(rt_nq_full);

notrace void *rt_nq_reserve(struct rt_nq *q, size_t max, unsigned long *flags)
{
	unsigned long off, pad, used;

	if (WARN_ON_ONCE(max > RT_NQ_RECORD_MAX) || rt_nq_full(q, max))
		return NULL;
	raw_local_irq_save(*flags);
	/* Interrupts off: only NMIs and probes can nest over this. */
	if (this_cpu_inc_return(*q->busy) > 1)
		goto busy;
	if (!raw_spin_trylock(&q->lock)) {
		if (in_nmi())
			goto busy;
		raw_spin_lock(&q->lock);
	}
	off = q->head & q->mask;
	pad = off + RT_NQ_LEN + max > q->mask + 1 ? q->mask + 1 - off : 0;
	used = q->head - q->tail;
	if (used + pad + RT_NQ_LEN + max > q->mask + 1) {
		raw_spin_unlock(&q->lock);
		goto busy;
	}
	q->was_empty = !used;
	if (pad) {
		/* A zero length, where it fits: the reader goes to the start. */
		if (pad >= RT_NQ_LEN)
			put_unaligned((u16)0, (u16 *)(q->mem + off));
		WRITE_ONCE(q->head, q->head + pad);
		off = 0;
	}
	return q->mem + off + RT_NQ_LEN;
busy:
	this_cpu_dec(*q->busy);
	raw_local_irq_restore(*flags);
	return NULL;
}
NOKPROBE_SYMBOL(rt_nq_reserve);

notrace void rt_nq_commit(struct rt_nq *q, size_t len, unsigned long flags)
{
	bool was_empty = q->was_empty;

	put_unaligned((u16)len, (u16 *)(q->mem + (q->head & q->mask)));
	WRITE_ONCE(q->head, q->head + RT_NQ_LEN + len);
	raw_spin_unlock(&q->lock);
	this_cpu_dec(*q->busy);
	raw_local_irq_restore(flags);
	if (was_empty)
		irq_work_queue(&q->wake_work);
}
NOKPROBE_SYMBOL(rt_nq_commit);

/* The oldest record into q->cur, if there is one. */
static bool rt_nq_pop(struct rt_nq *q)
{
	unsigned long flags, off;
	size_t len = 0;

	local_irq_save(flags);
	/* As a writer's: none of them may wait for us on this CPU. */
	this_cpu_inc(*q->busy);
	raw_spin_lock(&q->lock);
	while (q->head != q->tail) {
		off = q->tail & q->mask;
		if (q->mask + 1 - off >= RT_NQ_LEN)
			len = get_unaligned((u16 *)(q->mem + off));
		if (!len) {		/* the rest up to the end is padding */
			WRITE_ONCE(q->tail, q->tail + q->mask + 1 - off);
			continue;
		}
		memcpy(q->cur, q->mem + off + RT_NQ_LEN, len);
		WRITE_ONCE(q->tail, q->tail + RT_NQ_LEN + len);
		break;
	}
	raw_spin_unlock(&q->lock);
	this_cpu_dec(*q->busy);
	local_irq_restore(flags);
	q->cur_len = len;
	q->cur_off = 0;
	return len;
}

static bool rt_nq_empty(struct rt_nq *q)
{
	return READ_ONCE(q->head) == READ_ONCE(q->tail);
}

ssize_t rt_nq_read(struct rt_nq *q, char __user *buf, size_t count,
		   bool nonblock)
{
	size_t done = 0, n;
	ssize_t ret = 0;

	if (mutex_lock_interruptible(&q->read_lock))
		return -ERESTARTSYS;
	while (done < count) {
		if (q->cur_off < q->cur_len) {
			n = min(count - done, q->cur_len - q->cur_off);
			if (copy_to_user(buf + done, q->cur + q->cur_off, n)) {
				/* The record stays for the next read. */
				ret = -EFAULT;
				break;
			}
			q->cur_off += n;
			done += n;
			continue;
		}
		if (rt_nq_pop(q))
			continue;
		if (done)
			break;
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&q->read_lock);
		ret = wait_event_interruptible(q->read_wait, !rt_nq_empty(q));
		if (ret)
			return ret;
		if (mutex_lock_interruptible(&q->read_lock))
			return -ERESTARTSYS;
	}
	mutex_unlock(&q->read_lock);
	return done ?: ret;
}

__poll_t rt_nq_poll(struct rt_nq *q, struct file *file, poll_table *wait)
{
	poll_wait(file, &q->read_wait, wait);
	if (READ_ONCE(q->cur_off) < READ_ONCE(q->cur_len) || !rt_nq_empty(q))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}
