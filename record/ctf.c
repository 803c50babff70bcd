// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CTF 1.8 data client: packet header and context at the start of every
 * packet, and the compact or large event header of every record
 * (doc/lttng-abi.md, sections 4.4 and 4.5).
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <ringtail/unaligned.h>
#include <ringtail/record.h>

#define RT_CTF_PACKET_MAGIC	0xC1FC1FC1U
/*
 * LTTng's rule for the compact headers: the full timestamp whenever its
 * bits above the low 27 differ from the previous record's (the large
 * header's 32 bits would allow more; lttng-modules uses 27 for both).
 */
#define RT_CTF_COMPACT_TS_BITS	27

/* Packet header then packet context; natural alignment, no holes. */
struct rt_ctf_packet {
	u32 magic;
	u8 uuid[16];
	u32 stream_id;
	u64 stream_instance_id;
	u64 timestamp_begin;
	u64 timestamp_end;
	u64 content_size;		/* bits */
	u64 packet_size;		/* bits */
	u64 packet_seq_num;
	u64 events_discarded;
	u32 cpu_id;
} __packed;

/* What the packets of one channel say about it; lives with its buffers. */
struct rt_ctf_stream {
	u8 uuid[16];
	u32 stream_id;
};

static notrace void rt_ctf_packet_begin(struct rt_rb_buf *buf, void *header,
				const struct rt_rb_packet *pkt)
{
	const struct rt_ctf_stream *st = buf->chan->cfg.priv;
	struct rt_ctf_packet *p = header;

	p->magic = RT_CTF_PACKET_MAGIC;
	memcpy(p->uuid, st->uuid, sizeof(p->uuid));
	p->stream_id = st->stream_id;
	p->stream_instance_id = buf->cpu;
	p->timestamp_begin = pkt->ts_begin;
	p->packet_seq_num = pkt->seq;
	p->cpu_id = buf->cpu;
}

static notrace void rt_ctf_packet_end(struct rt_rb_buf *buf, void *header,
			      const struct rt_rb_packet *pkt)
{
	struct rt_ctf_packet *p = header;

	p->timestamp_end = pkt->ts_end;
	p->content_size = (u64)pkt->content_size * 8;
	p->packet_size = (u64)PAGE_ALIGN(pkt->content_size) * 8;
	p->events_discarded = pkt->discarded;
}

static const struct rt_rb_client rt_ctf_client = {
	.header_size = sizeof(struct rt_ctf_packet),
	.packet_begin = rt_ctf_packet_begin,
	.packet_end = rt_ctf_packet_end,
	.owner = THIS_MODULE,
};

static void rt_ctf_stream_release(void *priv)
{
	kfree(priv);
}

int rt_ctf_channel_setup(struct rt_rb_config *cfg, const u8 uuid[16],
			 u32 stream_id)
{
	struct rt_ctf_stream *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	memcpy(st->uuid, uuid, sizeof(st->uuid));
	st->stream_id = stream_id;
	cfg->client = &rt_ctf_client;
	cfg->priv = st;
	cfg->release = rt_ctf_stream_release;
	/* Both event headers hold the low 27 bits of the timestamp or more. */
	cfg->compact_ts_bits = RT_CTF_COMPACT_TS_BITS;
	return 0;
}

/*
 * Header shapes (see struct rt_rb_hdr_shape).  Compact header: a 32-bit
 * word holding a 5-bit id and the low 27 bits of the timestamp; extended:
 * id 31 in a byte, then the 32-bit id and the 64-bit timestamp.  Large
 * header: a 16-bit id, then the low 32 bits of the timestamp; extended:
 * id 65535, then the 32-bit id and the 64-bit timestamp.  Packed, or with
 * every field naturally aligned (RT_CTF_PACKED).
 */
static const struct rt_rb_hdr_shape rt_ctf_compact = { 4, 1, 0 };
static const struct rt_rb_hdr_shape rt_ctf_large = { 2, RT_CTF_ALIGN(4), 4 };
#if RT_CTF_PACKED
static const struct rt_rb_hdr_shape rt_ctf_compact_ext = { 1, 1, 12 };
static const struct rt_rb_hdr_shape rt_ctf_large_ext = { 2, 1, 12 };
#define RT_CTF_EXT_TS_OFFSET	4
#else
static const struct rt_rb_hdr_shape rt_ctf_compact_ext = { 1, 8, 16 };
static const struct rt_rb_hdr_shape rt_ctf_large_ext = { 2, 8, 16 };
#define RT_CTF_EXT_TS_OFFSET	8
#endif

#define RT_CTF_COMPACT_EXT_ID	31
#define RT_CTF_LARGE_EXT_ID	65535

static notrace void rt_ctf_write_header(const struct rt_rb_ctx *ctx, bool large, u32 id)
{
	u8 *h = ctx->hdr, *ext;

	if (!large) {
		if (ctx->compact) {
			put_unaligned(id | ((u32)ctx->ts << 5), (u32 *)h);
			return;
		}
		h[0] = RT_CTF_COMPACT_EXT_ID;
		ext = PTR_ALIGN(h + 1, rt_ctf_compact_ext.align);
	} else {
		if (ctx->compact) {
			put_unaligned((u16)id, (u16 *)h);
			put_unaligned((u32)ctx->ts, (u32 *)PTR_ALIGN(h + 2, rt_ctf_large.align));
			return;
		}
		put_unaligned((u16)RT_CTF_LARGE_EXT_ID, (u16 *)h);
		ext = PTR_ALIGN(h + 2, rt_ctf_large_ext.align);
	}
	put_unaligned(id, (u32 *)ext);
	put_unaligned(ctx->ts, (u64 *)(ext + RT_CTF_EXT_TS_OFFSET));
}

/*
 * The header shapes of event @id, chosen once: the compact forms only while
 * the id fits their id field.
 */
void rt_record_target_init(struct rt_record_target *t, struct rt_rb_chan *rb,
			   const struct rt_ctx_set *ctx, u32 id, bool large,
			   const struct rt_event_desc *d)
{
	t->rb = rb;
	t->ctx = ctx && ctx->nr ? ctx : NULL;
	t->layout.context_align = t->ctx ? t->ctx->align : 1;
	t->id = id;
	t->large = large;
	t->layout.payload_align = d->payload_align;
	rt_record_plan_target(t, d);
	if (!large) {
		t->layout.hdr_align = RT_CTF_ALIGN(4);
		t->layout.shape = rt_ctf_compact_ext;
		t->layout.shape_compact = rt_ctf_compact;
		if (id >= RT_CTF_COMPACT_EXT_ID)
			t->layout.shape_compact.align = 0;
	} else {
		t->layout.hdr_align = RT_CTF_ALIGN(2);
		t->layout.shape = rt_ctf_large_ext;
		t->layout.shape_compact = rt_ctf_large;
		if (id >= RT_CTF_LARGE_EXT_ID)
			t->layout.shape_compact.align = 0;
	}
	rt_rb_layout_seal(&t->layout);
}
EXPORT_SYMBOL_GPL(rt_record_target_init);

/*
 * With contexts: call stacks are saved before the reservation, which
 * needs their length, and the capture is given back whatever happens.
 *
 * Named after lttng-modules' function, and kept out of line under that
 * name: a kernel call stack context starts with the tracer's own frames,
 * and lttng-tools' test of it (tests/regression/kernel/test_callstack)
 * looks for this symbol in the recorded stack.
 */
noinline notrace bool lttng_event_reserve(const struct rt_record_target *t,
					  struct rt_rb_ctx *ctx);
noinline notrace bool lttng_event_reserve(const struct rt_record_target *t,
					  struct rt_rb_ctx *ctx)
{
	struct rt_ctx_capture cap;
	bool ok;

	ctx->context_len = rt_ctx_begin(t->ctx, &cap);
	ok = !rt_rb_reserve(t->rb, ctx);
	if (ok) {
		rt_ctf_write_header(ctx, t->large, t->id);
		rt_ctx_write(t->ctx, rt_rb_context(ctx), &cap);
	}
	rt_ctx_end(&cap);
	return ok;
}

notrace bool rt_record_reserve(const struct rt_record_target *t,
			       struct rt_rb_ctx *ctx, size_t len)
{
	ctx->layout = &t->layout;
	ctx->payload_len = len;
	if (t->ctx)
		return lttng_event_reserve(t, ctx);
	ctx->context_len = 0;
	if (rt_rb_reserve(t->rb, ctx))
		return false;
	rt_ctf_write_header(ctx, t->large, t->id);
	return true;
}
EXPORT_SYMBOL_GPL(rt_record_reserve);
