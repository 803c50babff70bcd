// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer reader side: the position model lttng-consumerd works with
 * (doc/lttng-abi.md, section 3.2).  One reader per buffer; its operations
 * are serialized by buf->reader_lock, and run concurrently with writers on
 * the buffer's CPU following the protocol in include/ringtail/ringbuffer.h.
 */
#include <linux/mm.h>
#include <linux/poll.h>
#include <ringtail/ringbuffer.h>

/* Is the packet at @pos complete and delivered?  Acquire: data follows. */
static bool rt_rb_packet_ready(struct rt_rb_buf *buf, unsigned long pos)
{
	struct rt_rb_chan *chan = buf->chan;
	struct rt_rb_slot *slot = &buf->slots[rt_rb_slot_of(chan, pos)];

	/* (B) pairs with (A) in rt_rb_deliver(). */
	return smp_load_acquire(&slot->commit_seq) == rt_rb_full_cc(chan, pos);
}

static int rt_rb_nothing(struct rt_rb_buf *buf)
{
	/* (F) pairs with (E) in rt_rb_chan_destroy(); callers check for a packet after. */
	return smp_load_acquire(&buf->chan->finalized) ? -ENODATA : -EAGAIN;
}

bool rt_rb_readable(struct rt_rb_buf *buf)
{
	return rt_rb_packet_ready(buf, atomic_long_read(&buf->consumed));
}
EXPORT_SYMBOL_GPL(rt_rb_readable);

/* Discard mode only: every sub-buffer holds an unread packet. */
bool rt_rb_full(struct rt_rb_buf *buf)
{
	struct rt_rb_chan *chan = buf->chan;

	return !chan->cfg.overwrite &&
	       local_read(&buf->offset) - atomic_long_read(&buf->consumed) >=
	       (1UL << chan->buf_shift);
}

/*
 * SNAPSHOT: record consumed and the start of the writer's packet, if a
 * complete packet is there to read.  SAMPLE_POSITIONS (@sample_only):
 * record consumed and the raw write position, always.
 */
int rt_rb_snapshot(struct rt_rb_buf *buf, bool sample_only)
{
	unsigned long sb = rt_rb_sb_size(buf->chan);
	unsigned long c = atomic_long_read(&buf->consumed);
	unsigned long w = local_read(&buf->offset);

	if (!sample_only && !rt_rb_packet_ready(buf, c))
		return rt_rb_nothing(buf);
	buf->snap_consumed = c;
	buf->snap_produced = sample_only ? w : w & ~(sb - 1);
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_snapshot);

/* Take the packet at @pos for reading. */
int rt_rb_get_subbuf(struct rt_rb_buf *buf, unsigned long pos)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long sb = rt_rb_sb_size(chan), slot_idx, id, tag;
	struct rt_rb_slot *slot;

	if (buf->held)
		return -EBUSY;
	if (pos & (sb - 1))
		return -EINVAL;
	if ((long)(pos - atomic_long_read(&buf->consumed)) < 0)
		return -EAGAIN;		/* already consumed or overwritten */
	if (!rt_rb_packet_ready(buf, pos))
		return rt_rb_nothing(buf);
	slot_idx = rt_rb_slot_of(chan, pos);
	if (!chan->cfg.overwrite) {
		/* Writers cannot enter this slot again before we consume it. */
		buf->held_phys = slot_idx;
		goto held;
	}
	/*
	 * Swap our spare in; succeeds only if no writer claimed the slot for a
	 * newer packet since the packet at @pos was delivered.
	 */
	slot = &buf->slots[slot_idx];
	tag = (pos >> chan->sb_shift) & RT_RB_ID_TAG_MASK;
	id = atomic_long_read(&slot->id);
	do {
		if (RT_RB_ID_TAG(id) != tag)
			return -EAGAIN;
		/* (G) against the writers' claims in rt_rb_claim(). */
	} while (!atomic_long_try_cmpxchg(&slot->id, &id,
			RT_RB_ID(tag, buf->reader_phys) | RT_RB_ID_TAKEN));
	buf->held_phys = id & RT_RB_ID_PHYS_MASK;
held:
	buf->held_pos = pos;
	buf->held = true;
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_get_subbuf);

int rt_rb_get_next_subbuf(struct rt_rb_buf *buf)
{
	int ret;

	if (buf->held)
		return -EBUSY;
	ret = rt_rb_snapshot(buf, false);
	if (ret)
		return ret;
	return rt_rb_get_subbuf(buf, buf->snap_consumed);
}
EXPORT_SYMBOL_GPL(rt_rb_get_next_subbuf);

/*
 * Release the held packet; with @advance, also consume it.  In overwrite
 * mode the packet goes back into its slot if no writer claimed the slot
 * meanwhile, so that it can be read again (snapshots do); otherwise our
 * copy becomes the spare.
 */
int rt_rb_put_subbuf(struct rt_rb_buf *buf, bool advance)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long sb = rt_rb_sb_size(chan), c, id, tag, next;

	if (!buf->held)
		return -EINVAL;
	/*
	 * Consume first: once the packet is back in its slot, a writer
	 * claiming the slot must not count it as overwritten.
	 */
	if (advance) {
		next = buf->held_pos + sb;
		c = atomic_long_read(&buf->consumed);
		/*
		 * (C) fully ordered, after our last read of the packet: pairs
		 * with (D) in rt_rb_enter().
		 */
		while ((long)(next - c) > 0 &&
		       !atomic_long_try_cmpxchg(&buf->consumed, &c, next))
			;
	}
	if (chan->cfg.overwrite) {
		struct rt_rb_slot *slot = &buf->slots[rt_rb_slot_of(chan, buf->held_pos)];

		tag = (buf->held_pos >> chan->sb_shift) & RT_RB_ID_TAG_MASK;
		id = atomic_long_read(&slot->id);
		buf->reader_phys = buf->held_phys;
		do {
			if (RT_RB_ID_TAG(id) != tag || !(id & RT_RB_ID_TAKEN))
				break;
			if (atomic_long_try_cmpxchg(&slot->id, &id,
						    RT_RB_ID(tag, buf->held_phys))) {
				buf->reader_phys = id & RT_RB_ID_PHYS_MASK;
				break;
			}
		} while (1);
	}
	buf->held = false;
	/*
	 * A flush found losses no packet carries and no room for one, and
	 * now there is room (see "Reporting losses" in ringbuffer.h): have
	 * the buffer's CPU write it.  The check is racy and only saves an
	 * IPI; the CPU decides.  A global buffer's writer is this reader,
	 * which never drops.
	 */
	if (advance && !chan->cfg.global) {
		smp_mb();	/* (H) */
		if (READ_ONCE(buf->loss_retry) &&
		    !(local_read(&buf->offset) & (sb - 1)) &&
		    rt_rb_losses(buf) != READ_ONCE(buf->reported)) {
			WRITE_ONCE(buf->loss_retry, false);
			rt_rb_flush(buf, false);
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_put_subbuf);

/* Drop everything not read yet: close the open packet, consume up to it. */
int rt_rb_clear(struct rt_rb_buf *buf)
{
	unsigned long w, c;

	if (buf->held)
		return -EBUSY;
	/*
	 * A global buffer's writer works under the reader lock, which the
	 * caller holds: close its packet here, as rt_rb_flush() would after
	 * taking that lock (which deadlocked on metadata streams).
	 */
	if (buf->chan->cfg.global)
		rt_rb_switch_local(buf, false);
	else
		rt_rb_flush(buf, false);
	/* Writers may have begun a packet since: it will be read. */
	w = local_read(&buf->offset) & ~(rt_rb_sb_size(buf->chan) - 1);
	c = atomic_long_read(&buf->consumed);
	while ((long)(w - c) > 0 &&
	       !atomic_long_try_cmpxchg(&buf->consumed, &c, w))
		;
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_clear);

/* POLLIN for a packet to read, POLLPRI if full, POLLHUP once drained. */
__poll_t rt_rb_poll_mask(struct rt_rb_buf *buf)
{
	/* (F) pairs with (E): a packet delivered before finalized is seen below. */
	bool finalized = smp_load_acquire(&buf->chan->finalized);

	if (rt_rb_readable(buf))
		return rt_rb_full(buf) ? EPOLLPRI | EPOLLRDBAND : EPOLLIN | EPOLLRDNORM;
	return finalized ? EPOLLHUP : 0;
}
EXPORT_SYMBOL_GPL(rt_rb_poll_mask);

/* Bytes of the buffer a reader maps: every physical sub-buffer. */
unsigned long rt_rb_mmap_len(const struct rt_rb_chan *chan)
{
	return chan->nr_phys << chan->sb_shift;
}
EXPORT_SYMBOL_GPL(rt_rb_mmap_len);

const struct rt_rb_packet *rt_rb_held(const struct rt_rb_buf *buf)
{
	return buf->held ? &buf->pkt[buf->held_phys] : NULL;
}
EXPORT_SYMBOL_GPL(rt_rb_held);
