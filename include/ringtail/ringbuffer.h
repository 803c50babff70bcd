/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ringtail ring buffer: per-CPU, lock-free, packet oriented.
 *
 * A channel has one buffer per possible CPU.  A buffer is n sub-buffers of
 * S bytes (both powers of two); a sub-buffer holds one packet: a header
 * written by the client, then records, then padding.  Records never span
 * packets.
 *
 * Positions.  Each buffer has two free-running byte counters: offset (where
 * the next record goes) and consumed (where the reader is).  Every packet
 * takes exactly S bytes of position space, so the packet starting at
 * position P has sequence number P / S, lives in slot (P / S) mod n and is
 * the (P / (n * S))th use of that slot, its "cycle".  An offset that is a
 * multiple of S means "no open packet": packets are begun lazily by the
 * first record (or flush-empty) that needs one.
 *
 * Writers.  Only the CPU owning a buffer writes to it, from any context:
 * task, softirq, hardirq, NMI, nested in any order.  Reserving is a
 * local_cmpxchg loop on offset that also reads the clock, so timestamps
 * follow buffer order even when a writer is interrupted by another.  After
 * writing its record a writer commits: it adds its length to its slot's
 * commit counter (cc, local_t, cumulative over cycles).  Padding and packet
 * headers are committed the same way, so cycle k of a slot is complete when
 * cc == (k + 1) * S.  Exactly one commit sees that value; it "delivers" the
 * packet by publishing cc in the slot's commit_seq with a store-release.
 * Readers on other CPUs load-acquire commit_seq before touching the data.
 *
 * A writer that does not fit in the open packet ends it (writes the packet
 * end fields, commits the padding) and begins the next one in the same
 * offset update.  Entering a slot for cycle k requires cycle k - 1 of it to
 * be delivered; in discard mode it also requires the reader to have consumed
 * it.  When that fails the record is dropped and counted in "discarded".
 *
 * Overwrite mode and the reader's sub-buffer.  Slots map to physical
 * sub-buffers through slot->id = {packet sequence tag, reader-taken bit,
 * physical index}; there is one physical sub-buffer more than slots, owned
 * by the reader.  To read the packet of sequence q the reader swaps its
 * spare with the slot's physical sub-buffer by cmpxchg on slot->id,
 * expecting tag q.  A writer about to begin packet q + n in that slot first
 * claims it: a cmpxchg setting the tag to q + n, before its offset update.
 * Both sides go through the same word, so either the reader swapped first
 * (the writer then fills the spare and the reader's copy stays intact) or
 * the writer claimed first (the swap fails: the packet was overwritten).
 * The claimer also pushes consumed past the packet it overwrites, and
 * counts that packet's records as overwritten unless the reader had taken
 * it (see rt_rb_claim() for nested claimers).  In discard mode the
 * writer never overwrites, slots keep their physical sub-buffer and none of
 * this happens.
 *
 * So every record written is exactly one of: read, still in the buffer,
 * discarded (dropped at reserve), or overwritten (counted with its packet).
 *
 * Reporting losses.  Every packet end carries the buffer's losses so far
 * (discarded + overwritten, cumulative), which is how readers learn of
 * them.  Losses counted after the last packet end would reach no reader if
 * no packet followed: a buffer that stays full until tracing stops, or a
 * writer nesting over a packet end.  So a flush that finds no open packet
 * but unreported losses writes an empty packet to carry them, and when
 * there is no room for it, it leaves loss_retry set and the reader's next
 * consume of a packet (which makes room) has the flush done again, once.
 * Readers thus see every loss before they see the end of the data.  Only
 * a flush that failed is retried: were every consume of a full buffer to
 * write such a packet, each packet the reader freed would go to an empty
 * one, and a buffer that overflows would record nothing but its losses
 * until the workload stopped.  While tracing goes on, the next packet end
 * reports those losses anyway (the count is cumulative).
 *
 * Memory ordering.  Writers of a buffer all run on its CPU (nesting only
 * by interrupting each other), so what they share needs atomicity, not
 * ordering: offset (local_cmpxchg), last_ts, victim_records, reported.
 * Between the writers and the reader, each pairing is labelled where it
 * stands:
 *   (A) rt_rb_deliver() publishes a slot's commit_seq with a release,
 *       after the packet's records, header and end fields; (B) the reader
 *       loads it with an acquire (rt_rb_packet_ready()) before reading any
 *       of them.  A pairs with B.
 *   (C) the reader consumes a packet with a fully ordered cmpxchg on
 *       consumed, after its last read of it (rt_rb_put_subbuf());
 *       (D) a discard-mode writer reads consumed before entering the
 *       slot again (rt_rb_enter()), and every store into the slot is
 *       control-dependent on that load.  C pairs with D.
 *   (E) rt_rb_chan_destroy() sets finalized with a release after the
 *       flush that delivered the last packets; (F) the reader loads it
 *       with an acquire before it checks for a packet (rt_rb_nothing(),
 *       rt_rb_poll_mask()), so "finalized" never hides one.  E pairs
 *       with F.
 *   (G) in overwrite mode, the reader's swap and a writer's claim are
 *       both cmpxchg on the slot's id: one word, one order (see above).
 *   (H) the reader checks for unreported losses and loss_retry after a
 *       full barrier (rt_rb_put_subbuf()); a wrong answer only costs or
 *       saves an IPI, whose handler decides on the buffer's CPU (IPIs
 *       order both ways) and sets loss_retry again if it still has no room.
 */
#ifndef _RINGTAIL_RINGBUFFER_H
#define _RINGTAIL_RINGBUFFER_H

#include <linux/atomic.h>
#include <linux/irq_work.h>
#include <linux/kref.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <asm/local.h>
#include <ringtail/clock.h>

struct rt_rb_buf;

/* What a packet's end fields say; also what the reader's ioctls report. */
struct rt_rb_packet {
	u64 ts_begin;
	u64 ts_end;
	unsigned long seq;		/* position / S */
	unsigned long content_size;	/* bytes, header included */
	unsigned long records;		/* records committed in the packet */
	u64 discarded;			/* buffer's losses at packet end */
};

/* The writer of packet headers: LTTng's "client". */
struct rt_rb_client {
	size_t header_size;		/* bytes reserved at packet start */
	/*
	 * Write the begin fields of a new packet's header (seq, ts_begin).
	 * Nested writers may end the packet before this returns: it must not
	 * touch the fields packet_end writes.
	 */
	void (*packet_begin)(struct rt_rb_buf *buf, void *header,
			     const struct rt_rb_packet *pkt);
	/* Fill the header's end fields; content is final, padding follows. */
	void (*packet_end)(struct rt_rb_buf *buf, void *header,
			   const struct rt_rb_packet *pkt);
	struct module *owner;
};

struct rt_rb_config {
	size_t subbuf_size;
	size_t num_subbuf;
	bool overwrite;
	unsigned int switch_timer_us;	/* 0: off */
	unsigned int read_timer_us;	/* 0: wake readers at each packet */
	bool global;			/* one buffer, not one per CPU */
	/*
	 * A record header may take its compact shape while the timestamp's
	 * bits above this many stay those of the previous record's.
	 */
	u8 compact_ts_bits;
	const struct rt_rb_client *client;
	void *priv;			/* for the client and its users */
	void (*release)(void *priv);	/* when the channel is freed */
};

/* slot->id: packet sequence tag | reader-taken bit | physical index */
#define RT_RB_ID_PHYS_BITS	22
#define RT_RB_ID_PHYS_MASK	((1UL << RT_RB_ID_PHYS_BITS) - 1)
#define RT_RB_ID_TAKEN		(1UL << RT_RB_ID_PHYS_BITS)
#define RT_RB_ID_TAG_SHIFT	(RT_RB_ID_PHYS_BITS + 1)
#define RT_RB_ID(tag, phys)	(((tag) << RT_RB_ID_TAG_SHIFT) | (phys))
#define RT_RB_ID_TAG(id)	((id) >> RT_RB_ID_TAG_SHIFT)
#define RT_RB_ID_TAG_MASK	(~0UL >> RT_RB_ID_TAG_SHIFT)

struct rt_rb_slot {
	local_t cc;			/* bytes committed, all cycles */
	local_t records;		/* records committed, all cycles */
	unsigned long records_delivered; /* records at last delivery */
	unsigned long commit_seq;	/* cc of the last delivered cycle */
	atomic_long_t id;		/* see RT_RB_ID; overwrite mode */
	unsigned long victim_records;	/* lost if its last packet is pushed */
} ____cacheline_aligned;

struct rt_rb_chan;

struct rt_rb_buf {
	/* Written by the owning CPU's writers. */
	local_t offset;
	local_t discarded;		/* records dropped at reserve */
	local_t lost_big;		/* ... of which larger than a packet */
	unsigned long reported;		/* losses carried by the last packet end */
	bool loss_retry;		/* a flush found no room for them */
	u64 last_ts;			/* of the last record reserved */
	void *mem;			/* vmap of the physical sub-buffers */
	struct rt_rb_packet *pkt;	/* per physical sub-buffer */
	struct rt_rb_chan *chan;
	int cpu;

	/* Written by the reader; by overwriting writers for consumed. */
	atomic_long_t consumed ____cacheline_aligned;
	atomic_long_t overwritten;	/* records lost to overwrite */
	unsigned long reader_phys;	/* the reader's spare (overwrite) */
	unsigned long held_pos;		/* packet the reader holds */
	unsigned long held_phys;
	bool held;
	unsigned long snap_consumed, snap_produced;
	struct mutex reader_lock;	/* serializes reader operations */
	atomic_t reader_open;		/* one stream file at a time */
	wait_queue_head_t read_wait;
	struct irq_work wake_work;

	struct page **pages;
	unsigned long nr_pages;

	/*
	 * One per sub-buffer, in the same allocation: a writer touches the
	 * buffer, its slot and its memory, and nothing else of the buffer.
	 */
	struct rt_rb_slot slots[];
};

struct rt_rb_chan {
	struct rt_rb_config cfg;
	unsigned int sb_shift;		/* log2(S) */
	unsigned int buf_shift;		/* log2(n * S) */
	unsigned long nr_phys;		/* n, or n + 1 in overwrite mode */
	unsigned int nr_bufs;
	struct kref ref;		/* owner + one per open stream file */
	const struct rt_trace_clock *clock; /* pinned for the channel's life */
	struct delayed_work switch_work;
	struct timer_list read_timer;
	bool timers_off;
	bool finalized;			/* destroyed: no packet will follow */
	/* Per possible CPU, or just bufs[0]; in the channel's allocation. */
	struct rt_rb_buf *bufs[];
};

/*
 * A record being written.  The caller describes its layout, the reserve
 * fills in where it goes.  A record is a header, a context part of
 * context_len bytes aligned to context_align (CTF's stream event context:
 * the same fields for every record of a channel, though not always the
 * same length), then a payload aligned to payload_align.  The header
 * starts aligned to hdr_align and has a shape:
 * prefix bytes, then tail bytes aligned to align (CTF's event headers put
 * an id first and an aligned timestamp after it).  It may take its compact
 * shape when the timestamp shares every bit above the low compact_ts_bits
 * of the channel with the previous record's in the buffer.  Alignment is
 * relative to the packet start (packets are page aligned).
 */

struct rt_rb_hdr_shape {
	u8 prefix;
	u8 align;			/* power of two */
	u8 tail;
};

/*
 * The layout of a kind of record, set up once (an event's record target
 * holds one) and pointed to by every record of it: a probe copies nothing.
 */
struct rt_rb_layout {
	u8 hdr_align;			/* power of two */
	u8 context_align;		/* power of two */
	u8 payload_align;		/* power of two */
	bool packed;			/* every alignment is 1: rt_rb_layout_seal() */
	struct rt_rb_hdr_shape shape;	/* with a full timestamp */
	struct rt_rb_hdr_shape shape_compact; /* align 0: no compact shape */
};

/*
 * Note, once a layout is filled in, whether it aligns anything: a packed
 * record is placed with two additions instead of three roundings.
 */
static inline void rt_rb_layout_seal(struct rt_rb_layout *l)
{
	l->packed = l->hdr_align == 1 && l->context_align == 1 &&
		    l->payload_align == 1 &&
		    l->shape.align == 1 && l->shape_compact.align <= 1;
}

/* Records of bare bytes: no header, no alignment. */
extern const struct rt_rb_layout rt_rb_bytes;

struct rt_rb_ctx {
	/* in */
	const struct rt_rb_layout *layout;
	size_t context_len;
	size_t payload_len;
	/* out */
	struct rt_rb_buf *buf;
	unsigned long pos;		/* reservation start (alignment first) */
	unsigned long size;		/* bytes reserved from pos */
	u64 ts;
	bool compact;			/* write the compact header */
	void *hdr;
	void *payload;
};
/*
 * For a probe's struct rt_rb_ctx, and other objects on a probe's stack
 * that are written before they are read: the kernel's automatic
 * initialization of stack variables (CONFIG_INIT_STACK_ALL_ZERO) would
 * clear them for every event, a loop of stores that under emulation costs
 * a good part of a small event.  Nothing of them leaves the kernel.
 */
#if __has_attribute(__uninitialized__)
#define __rt_noinit	__attribute__((__uninitialized__))
#else
#define __rt_noinit
#endif

/* Channel life cycle (process context). */
struct rt_rb_chan *rt_rb_chan_create(const struct rt_rb_config *cfg);
void rt_rb_chan_destroy(struct rt_rb_chan *chan);	/* flush, finalize, put */
void rt_rb_chan_put(struct rt_rb_chan *chan);
int rt_rb_chan_check_config(const struct rt_rb_config *cfg);

/*
 * Close the open packet of one buffer (any context on its CPU); with none
 * open, write an empty packet if @empty_ok or to carry unreported losses.
 */
int rt_rb_switch_local(struct rt_rb_buf *buf, bool empty_ok);
/* The same from any CPU, process context. */
int rt_rb_flush(struct rt_rb_buf *buf, bool empty_ok);
/*
 * Flush without an empty packet; if nothing was delivered, build the next
 * (empty) packet's header in @header instead: 1, else 0 (ringbuffer/buffer.c).
 */
int rt_rb_flush_or_populate(struct rt_rb_buf *buf, void *header);

/* Reader side, process context; see ringbuffer/read.c. */
int rt_rb_snapshot(struct rt_rb_buf *buf, bool sample_only);
int rt_rb_get_subbuf(struct rt_rb_buf *buf, unsigned long pos);
int rt_rb_get_next_subbuf(struct rt_rb_buf *buf);
int rt_rb_put_subbuf(struct rt_rb_buf *buf, bool advance);
int rt_rb_clear(struct rt_rb_buf *buf);
bool rt_rb_readable(struct rt_rb_buf *buf);
bool rt_rb_full(struct rt_rb_buf *buf);
/* EPOLLIN for a packet to read, EPOLLPRI if full, EPOLLHUP once drained. */
__poll_t rt_rb_poll_mask(struct rt_rb_buf *buf);
unsigned long rt_rb_mmap_len(const struct rt_rb_chan *chan);
/* The packet the reader holds, or NULL. */
const struct rt_rb_packet *rt_rb_held(const struct rt_rb_buf *buf);

/* Records lost so far: dropped at reserve, or overwritten. */
static inline unsigned long rt_rb_losses(struct rt_rb_buf *buf)
{
	return local_read(&buf->discarded) + atomic_long_read(&buf->overwritten);
}

/* Writer slow paths (ringbuffer/write.c). */
int rt_rb_reserve_slow(struct rt_rb_buf *buf, struct rt_rb_ctx *ctx);
void rt_rb_open_first(struct rt_rb_buf *buf);
void rt_rb_populate_local(struct rt_rb_buf *buf, unsigned long pos,
			  void *header);
void rt_rb_lost(struct rt_rb_chan *chan);
void rt_rb_lost_n(struct rt_rb_chan *chan, unsigned long n);
int rt_rb_reserve_buf(struct rt_rb_buf *buf, struct rt_rb_ctx *ctx);
void rt_rb_deliver(struct rt_rb_buf *buf, unsigned long slot_idx,
		   unsigned long cc);

static inline struct rt_rb_buf *rt_rb_next_buf(struct rt_rb_chan *chan,
					       unsigned int *i)
{
	for (; *i < chan->nr_bufs; (*i)++)
		if (chan->bufs[*i])
			return chan->bufs[*i];
	return NULL;
}

/* Every buffer of @chan: one per possible CPU, or the global one. */
#define rt_rb_for_each_buf(chan, buf, i)				\
	for ((i) = 0; ((buf) = rt_rb_next_buf(chan, &(i))); (i)++)

static inline unsigned long rt_rb_sb_size(const struct rt_rb_chan *chan)
{
	return 1UL << chan->sb_shift;
}

static inline unsigned long rt_rb_slot_of(const struct rt_rb_chan *chan,
					  unsigned long pos)
{
	return (pos >> chan->sb_shift) & (chan->cfg.num_subbuf - 1);
}

/* Commit count of the slot of @pos once its cycle is complete. */
static inline unsigned long rt_rb_full_cc(const struct rt_rb_chan *chan,
					  unsigned long pos)
{
	return ((pos >> chan->buf_shift) + 1) << chan->sb_shift;
}

/*
 * Physical sub-buffer of the packet at @pos.  In overwrite mode the slot
 * was claimed for that packet before any writer could enter it, and stays
 * so until the packet is delivered: the mapping is stable while we write.
 */
static __always_inline unsigned long __rt_rb_phys(const struct rt_rb_chan *chan,
						  struct rt_rb_buf *buf,
						  unsigned long pos)
{
	unsigned long slot = rt_rb_slot_of(chan, pos);

	if (!chan->cfg.overwrite)
		return slot;
	return atomic_long_read(&buf->slots[slot].id) & RT_RB_ID_PHYS_MASK;
}

static __always_inline unsigned long rt_rb_phys(struct rt_rb_buf *buf,
						unsigned long pos)
{
	return __rt_rb_phys(buf->chan, buf, pos);
}

/*
 * Place a record of layout @l, context part @cx and payload @len from
 * position @at: returns where it ends, and where its header and payload
 * go (rt_rb_context() finds the context part).
 */
static __always_inline unsigned long rt_rb_place(const struct rt_rb_layout *l,
						 size_t cx, size_t len,
						 unsigned long at, bool compact,
						 unsigned long *hdr,
						 unsigned long *payload)
{
	const struct rt_rb_hdr_shape *h = compact ? &l->shape_compact : &l->shape;
	unsigned long c;

	if (l->packed) {
		*hdr = at;
		*payload = at + h->prefix + h->tail + cx;
		return *payload + len;
	}
	*hdr = ALIGN(at, l->hdr_align);
	c = ALIGN(ALIGN(*hdr + h->prefix, h->align) + h->tail, l->context_align);
	*payload = ALIGN(c + cx, l->payload_align);
	return *payload + len;
}

/* Where the context part of a reserved record goes (see rt_rb_place()). */
static __always_inline void *rt_rb_context(const struct rt_rb_ctx *ctx)
{
	const struct rt_rb_layout *l = ctx->layout;
	const struct rt_rb_hdr_shape *h = ctx->compact ? &l->shape_compact : &l->shape;

	if (l->packed)
		return ctx->payload - ctx->context_len;
	return PTR_ALIGN(PTR_ALIGN(ctx->hdr + h->prefix, h->align) + h->tail,
			 l->context_align);
}

static __always_inline bool rt_rb_compact(const struct rt_rb_buf *buf,
					  const struct rt_rb_layout *l,
					  unsigned int compact_ts_bits, u64 ts)
{
	return l->shape_compact.align &&
	       !((ts ^ READ_ONCE(buf->last_ts)) >> compact_ts_bits);
}

/* Where position @pos of a packet whose physical sub-buffer is @phys is. */
static __always_inline void *rt_rb_addr(struct rt_rb_buf *buf,
					unsigned long phys, unsigned long pos)
{
	return buf->mem + (phys << buf->chan->sb_shift) +
	       (pos & (rt_rb_sb_size(buf->chan) - 1));
}

/*
 * Reserve a record in this CPU's buffer.  The caller has preemption
 * disabled (as tracepoint probes do) and must commit what it reserved.
 * Returns 0, or -ENOBUFS when the record was dropped (and counted).
 */
static __always_inline int rt_rb_reserve(struct rt_rb_chan *chan,
					 struct rt_rb_ctx *ctx)
{
	struct rt_rb_buf *buf = chan->bufs[chan->cfg.global ? 0 : smp_processor_id()];
	/*
	 * What the loop and the stores below need of the channel, read once:
	 * after the clock call and the cmpxchg (a compiler barrier), and
	 * between stores through @ctx (no strict aliasing in the kernel), the
	 * compiler would read it again.
	 */
	const struct rt_rb_layout *l = ctx->layout;
	size_t cx = ctx->context_len, len = ctx->payload_len;
	unsigned int sb_shift = chan->sb_shift, ts_bits = chan->cfg.compact_ts_bits;
	unsigned long old, end, hdr, payload, mask = (1UL << sb_shift) - 1;
	bool compact;
	void *at;
	u64 ts;

	do {
		old = local_read(&buf->offset);
		ts = rt_clock_read();
		compact = rt_rb_compact(buf, l, ts_bits, ts);
		end = rt_rb_place(l, cx, len, old, compact, &hdr, &payload);
		/* Begin, end or switch a packet: not for the fast path. */
		if (unlikely(!(old & mask) || end - (old & ~mask) > mask)) {
			ctx->buf = buf;
			return rt_rb_reserve_slow(buf, ctx);
		}
	} while (local_cmpxchg(&buf->offset, old, end) != old);
	WRITE_ONCE(buf->last_ts, ts);
	/* The record lies inside the packet of @old, after its start. */
	at = buf->mem + (__rt_rb_phys(chan, buf, old) << sb_shift) + (old & mask);
	ctx->buf = buf;
	ctx->pos = old;
	ctx->size = end - old;
	ctx->ts = ts;
	ctx->compact = compact;
	ctx->hdr = at + (hdr - old);
	ctx->payload = at + (payload - old);
	return 0;
}

/* Add @len committed bytes to the slot of @pos; deliver if it completes. */
static __always_inline void rt_rb_commit_bytes(struct rt_rb_buf *buf,
					       unsigned long pos, size_t len)
{
	struct rt_rb_chan *chan = buf->chan;
	unsigned long slot = rt_rb_slot_of(chan, pos), cc;

	cc = local_add_return(len, &buf->slots[slot].cc);
	if (unlikely(cc == rt_rb_full_cc(chan, pos)))
		rt_rb_deliver(buf, slot, cc);
}

static __always_inline void rt_rb_commit(const struct rt_rb_ctx *ctx)
{
	struct rt_rb_buf *buf = ctx->buf;
	struct rt_rb_chan *chan = buf->chan;
	unsigned long pos = ctx->pos, slot = rt_rb_slot_of(chan, pos);
	/*
	 * Computed before the counter updates: the compiler cannot tell that
	 * those leave the channel alone, and would read it again after them.
	 */
	unsigned long full = rt_rb_full_cc(chan, pos), size = ctx->size, cc;

	local_inc(&buf->slots[slot].records);
	cc = local_add_return(size, &buf->slots[slot].cc);
	if (unlikely(cc == full))
		rt_rb_deliver(buf, slot, cc);
}

#endif /* _RINGTAIL_RINGBUFFER_H */
