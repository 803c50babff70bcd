// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer writer slow paths: beginning and ending packets, dropping
 * records that cannot be stored, overwriting in flight-recorder mode, and
 * delivering complete packets to the reader.  The protocol is described in
 * include/ringtail/ringbuffer.h; everything here runs on the CPU owning the
 * buffer (or on behalf of an offline one, with CPU hotplug held off), in any
 * context, possibly nested, except rt_rb_open_first(), which runs before
 * the buffer has any writer.
 */
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <ringtail/ringbuffer.h>

/*
 * Overwrite mode: move consumed past @victim, one packet at a time.  Every
 * packet passed this way had its slot claimed for a later packet, which
 * left in the slot how many of its records are lost (none if the reader
 * had taken the packet).  Whoever moves consumed past a packet accounts
 * for it: the claimer, or a nested writer that got there first.
 */
static notrace void rt_rb_push(struct rt_rb_buf *buf, unsigned long victim)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long sb = rt_rb_sb_size(chan), lost;
	long c = atomic_long_read(&buf->consumed);

	while ((long)(victim - c) >= 0) {
		lost = READ_ONCE(buf->slots[rt_rb_slot_of(chan, c)].victim_records);
		if (atomic_long_try_cmpxchg(&buf->consumed, &c, c + sb)) {
			atomic_long_add(lost, &buf->overwritten);
			c += sb;
		}
	}
}

/*
 * Overwrite mode: tag the slot of packet @seq with it, so the reader can no
 * longer take the packet the slot held (the victim), then push consumed past
 * the victim.  Claims happen in packet order, before the offset update that
 * enters the packet, so every writer of a packet finds its slot claimed.
 * A claim whose offset update then fails is harmless: the packet is entered
 * later (claiming is idempotent) and the victim was accounted.  Returns
 * false if a later packet already owns the slot: nested writers went on
 * while we were interrupted, and our view of offset is stale.
 */
static notrace bool rt_rb_claim(struct rt_rb_buf *buf, unsigned long seq)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long pos = seq << chan->sb_shift;
	struct rt_rb_slot *slot = &buf->slots[rt_rb_slot_of(chan, pos)];
	unsigned long tag = seq & RT_RB_ID_TAG_MASK;
	unsigned long prev = (seq - chan->cfg.num_subbuf) & RT_RB_ID_TAG_MASK;
	unsigned long old = atomic_long_read(&slot->id), new;

	while (RT_RB_ID_TAG(old) != tag) {
		/* Tags only move forward. */
		if (RT_RB_ID_TAG(old) != prev)
			return false;
		/*
		 * Written before the tag moves, for whoever pushes consumed past
		 * the victim; the cmpxchg fails if the reader took or returned
		 * the packet since we looked at the id.
		 */
		WRITE_ONCE(slot->victim_records, (old & RT_RB_ID_TAKEN) ? 0 :
			   buf->pkt[old & RT_RB_ID_PHYS_MASK].records);
		new = RT_RB_ID(tag, old & RT_RB_ID_PHYS_MASK);
		/* (G) against the reader's swaps in rt_rb_get_subbuf(). */
		if (atomic_long_try_cmpxchg(&slot->id, &old, new))
			break;
	}
	rt_rb_push(buf, pos - (1UL << chan->buf_shift));
	return true;
}

/*
 * May a packet begin at @pos?  Its slot's previous cycle must be delivered
 * (no writer still in it), and in discard mode also consumed.  In overwrite
 * mode, claim the slot.  Called before the offset update entering @pos; a
 * false answer may come from a stale view (nested writers moved on since
 * offset was read), so callers re-read offset before they give up.
 */
static notrace bool rt_rb_enter(struct rt_rb_buf *buf, unsigned long pos)
{
	struct rt_rb_chan *chan = buf->chan;
	struct rt_rb_slot *slot = &buf->slots[rt_rb_slot_of(chan, pos)];
	unsigned long buf_size = 1UL << chan->buf_shift;

	/* Written by this CPU's writers (rt_rb_deliver()): no ordering needed. */
	if (READ_ONCE(slot->commit_seq) != (pos >> chan->buf_shift) << chan->sb_shift)
		return false;
	if (chan->cfg.overwrite)
		return rt_rb_claim(buf, pos >> chan->sb_shift);
	/* (D) pairs with (C) in rt_rb_put_subbuf(): writes into the slot depend on it. */
	return pos - atomic_long_read(&buf->consumed) < buf_size;
}

notrace void rt_rb_deliver(struct rt_rb_buf *buf, unsigned long slot_idx,
		   unsigned long cc)
{
	struct rt_rb_chan *chan = buf->chan;
	struct rt_rb_slot *slot = &buf->slots[slot_idx];
	unsigned long phys = slot_idx, records = local_read(&slot->records);

	if (chan->cfg.overwrite)
		phys = atomic_long_read(&slot->id) & RT_RB_ID_PHYS_MASK;
	buf->pkt[phys].records = records - slot->records_delivered;
	slot->records_delivered = records;
	/* (A) pairs with (B) in rt_rb_packet_ready(): the packet before cc. */
	smp_store_release(&slot->commit_seq, cc);
	if (!chan->cfg.read_timer_us)
		irq_work_queue(&buf->wake_work);
}
EXPORT_SYMBOL_GPL(rt_rb_deliver);

static notrace void rt_rb_begin_packet(struct rt_rb_buf *buf, unsigned long pos, u64 ts)
{
	struct rt_rb_chan *chan = buf->chan;
	const struct rt_rb_client *client = chan->cfg.client;
	unsigned long phys = rt_rb_phys(buf, pos);
	struct rt_rb_packet *pkt = &buf->pkt[phys];

	/*
	 * Only the begin fields: a nested writer may already have filled and
	 * ended this packet since our offset update (it cannot be delivered
	 * before our header commit below).
	 */
	pkt->seq = pos >> chan->sb_shift;
	pkt->ts_begin = ts;
	if (client->packet_begin)
		client->packet_begin(buf, buf->mem + (phys << chan->sb_shift), pkt);
	rt_rb_commit_bytes(buf, pos, client->header_size);
}

/*
 * Begin the first packet of a new buffer, before any writer can see the
 * buffer, as lttng-modules' buffers do.  Its begin timestamp then says when
 * the buffer began gathering, and the first flush delivers a packet even
 * from a CPU that never recorded anything: lttng-relayd counts a live
 * stream's beacons only once the stream has sent it a packet, and without
 * one a live viewer retries an idle CPU's stream for good.
 */
void rt_rb_open_first(struct rt_rb_buf *buf)
{
	u64 ts = rt_clock_read();

	/* A new buffer's first slot is free: this cannot fail. */
	if (WARN_ON_ONCE(!rt_rb_enter(buf, 0)))
		return;
	rt_rb_begin_packet(buf, 0, ts);
	local_set(&buf->offset, buf->chan->cfg.client->header_size);
}

/*
 * Write the end fields of the packet containing @end - 1, which ends at
 * @end, and commit the padding up to the sub-buffer boundary.
 */
static notrace void rt_rb_end_packet(struct rt_rb_buf *buf, unsigned long end, u64 ts)
{
	struct rt_rb_chan *chan = buf->chan;
	const struct rt_rb_client *client = chan->cfg.client;
	unsigned long sb = rt_rb_sb_size(chan);
	unsigned long start = (end - 1) & ~(sb - 1);
	unsigned long phys = rt_rb_phys(buf, start);
	struct rt_rb_packet *pkt = &buf->pkt[phys];

	pkt->ts_end = ts;
	pkt->content_size = end - start;
	/*
	 * Losses counted from here on, nested writers' included, are the next
	 * packet's to report; rt_rb_switch_local() sees any left unreported.
	 */
	pkt->discarded = rt_rb_losses(buf);
	WRITE_ONCE(buf->reported, pkt->discarded);
	if (client->packet_end)
		client->packet_end(buf, buf->mem + (phys << chan->sb_shift), pkt);
	if (end - start < sb)
		rt_rb_commit_bytes(buf, start, sb - (end - start));
}

const struct rt_rb_layout rt_rb_bytes = {
	.hdr_align = 1, .context_align = 1, .payload_align = 1, .packed = true,
	.shape.align = 1,
};
EXPORT_SYMBOL_GPL(rt_rb_bytes);

static notrace int rt_rb_drop(struct rt_rb_buf *buf, bool big)
{
	local_inc(&buf->discarded);
	if (big)
		local_inc(&buf->lost_big);
	return -ENOBUFS;
}

/*
 * Count a record of this CPU's buffer that its writer could not build (it
 * never reached the buffer): it is discarded like one that did not fit.
 */
notrace void rt_rb_lost(struct rt_rb_chan *chan)
{
	rt_rb_drop(chan->bufs[chan->cfg.global ? 0 : smp_processor_id()], false);
}
EXPORT_SYMBOL_GPL(rt_rb_lost);

/*
 * Count @n records that never reached the channel, known of after the fact
 * (probe hits the kernel skipped): in this CPU's buffer, as any loss.
 */
void rt_rb_lost_n(struct rt_rb_chan *chan, unsigned long n)
{
	unsigned int cpu = get_cpu();

	local_add(n, &chan->bufs[chan->cfg.global ? 0 : cpu]->discarded);
	put_cpu();
}
EXPORT_SYMBOL_GPL(rt_rb_lost_n);

notrace int rt_rb_reserve_slow(struct rt_rb_buf *buf, struct rt_rb_ctx *ctx)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long sb = rt_rb_sb_size(chan), mask = sb - 1;
	unsigned long pkthdr = chan->cfg.client->header_size;
	const struct rt_rb_layout *l = ctx->layout;
	size_t cx = ctx->context_len, len = ctx->payload_len;
	unsigned long old, pos, end, hdr, payload, start;
	bool end_old, begin, compact;
	u64 ts;

	/* Even alone in a packet, with a full header, it would not fit. */
	if (unlikely(rt_rb_place(l, cx, len, pkthdr, false, &hdr, &payload) > sb))
		return rt_rb_drop(buf, true);
	for (;;) {
		old = local_read(&buf->offset);
		ts = rt_clock_read();
		compact = rt_rb_compact(buf, l, chan->cfg.compact_ts_bits, ts);
		pos = old;
		end = rt_rb_place(l, cx, len, old, compact, &hdr, &payload);
		end_old = (old & mask) && end - (old & ~mask) > sb;
		if (end_old)
			pos = ALIGN(old, sb);
		begin = !(pos & mask);
		if (begin) {
			if (!rt_rb_enter(buf, pos)) {
				if (local_read(&buf->offset) != old)
					continue;
				return rt_rb_drop(buf, false);
			}
			end = rt_rb_place(l, cx, len, pos + pkthdr, compact, &hdr, &payload);
		}
		if (local_cmpxchg(&buf->offset, old, end) == old)
			break;
	}
	WRITE_ONCE(buf->last_ts, ts);

	if (end_old)
		rt_rb_end_packet(buf, old, ts);
	if (begin)
		rt_rb_begin_packet(buf, pos, ts);
	/* A record filling its packet exactly also ends it (no padding). */
	if (!(end & mask))
		rt_rb_end_packet(buf, end, ts);
	start = begin ? pos + pkthdr : old;
	ctx->pos = start;
	ctx->size = end - start;
	ctx->ts = ts;
	ctx->compact = compact;
	ctx->hdr = rt_rb_addr(buf, rt_rb_phys(buf, start), hdr);
	ctx->payload = rt_rb_addr(buf, rt_rb_phys(buf, start), payload);
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_reserve_slow);

/*
 * Reserve in a given buffer, for writers that are not the buffer's CPU: a
 * global buffer's single writer, serialized by its caller.
 */
int rt_rb_reserve_buf(struct rt_rb_buf *buf, struct rt_rb_ctx *ctx)
{
	ctx->buf = buf;
	return rt_rb_reserve_slow(buf, ctx);
}
EXPORT_SYMBOL_GPL(rt_rb_reserve_buf);

/*
 * Close the open packet, if any.  With no open packet, write an empty one
 * (header only) if @empty_ok, so that the reader sees the buffer is alive,
 * or if losses were counted since the last packet end, so that the reader
 * learns of them.  Returns -ENOBUFS if the empty packet asked for has no
 * room; one for losses is left to the reader's next consume then
 * (loss_retry).
 */
notrace int rt_rb_switch_local(struct rt_rb_buf *buf, bool empty_ok)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long sb = rt_rb_sb_size(chan), hdr = chan->cfg.client->header_size;
	unsigned long old, new;
	u64 ts;

	for (;;) {
		old = local_read(&buf->offset);
		ts = rt_clock_read();
		if (old & (sb - 1)) {
			new = ALIGN(old, sb);
		} else {
			if (!empty_ok && rt_rb_losses(buf) == buf->reported)
				return 0;
			if (!rt_rb_enter(buf, old)) {
				if (local_read(&buf->offset) != old)
					continue;
				/* Losses wait for the reader to make room. */
				if (rt_rb_losses(buf) != buf->reported)
					WRITE_ONCE(buf->loss_retry, true);
				return empty_ok ? -ENOBUFS : 0;
			}
			new = old + sb;
		}
		if (local_cmpxchg(&buf->offset, old, new) == old)
			break;
	}

	if (old & (sb - 1)) {
		rt_rb_end_packet(buf, old, ts);
	} else {
		rt_rb_begin_packet(buf, old, ts);
		rt_rb_end_packet(buf, old + hdr, ts);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(rt_rb_switch_local);

/*
 * Write into @header (the client's header_size bytes, not in the buffer)
 * the header of an empty packet at position @pos, stamped now: the packet
 * the buffer would deliver next, with the losses counted so far.  Nothing
 * in the buffer changes, so the next real packet there has the same
 * sequence number; a reader appends this one to a copy of the buffer (a
 * snapshot) and never to the stream it consumes.
 */
notrace void rt_rb_populate_local(struct rt_rb_buf *buf, unsigned long pos,
				  void *header)
{
	const struct rt_rb_client *client = buf->chan->cfg.client;
	struct rt_rb_packet pkt = {
		.seq = pos >> buf->chan->sb_shift,
		.content_size = client->header_size,
		.discarded = rt_rb_losses(buf),
	};

	pkt.ts_begin = rt_clock_read();
	pkt.ts_end = pkt.ts_begin;
	if (client->packet_begin)
		client->packet_begin(buf, header, &pkt);
	if (client->packet_end)
		client->packet_end(buf, header, &pkt);
}
