// SPDX-License-Identifier: GPL-2.0-only
/*
 * The metadata cache and the metadata stream (doc/lttng-abi.md, 3.7, 4.2).
 *
 * A session's TSDL text accumulates in its cache.  The metadata channel is
 * a ring buffer with one global buffer; its stream copies the cache into
 * packets on demand, one packet at a time, when the reader asks for the
 * next one (or flushes): the stream file (abi/stream.c) calls
 * rt_metadata_fill() first.  The copying runs under the stream's reader
 * lock, which makes it the buffer's only writer.  Stream state lives with
 * the ring buffer channel, so the stream outlives its session.
 */
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <ringtail/metadata.h>

#define RT_METADATA_MAGIC	0x75D11D57U

struct rt_metadata_packet {
	u32 magic;
	u8 uuid[16];
	u32 checksum;
	u32 content_size;		/* bits */
	u32 packet_size;		/* bits */
	u8 compression_scheme;
	u8 encryption_scheme;
	u8 checksum_scheme;
	u8 major;
	u8 minor;
} __packed;

struct rt_metadata_stream {
	struct rt_metadata_cache *cache;
	u8 uuid[16];
	u8 major, minor;		/* of the format, in packet headers */
	size_t in;			/* cache bytes copied into packets */
	size_t out;			/* ... consumed by the reader */
	u64 version;
};

const struct rt_metadata_writer *rt_metadata_writer(unsigned int format)
{
	switch (format) {
	case RT_METADATA_CTF_1_8:
		return &rt_tsdl_writer;
	case RT_METADATA_CTF_2:
		return &rt_ctf2_writer;
	}
	return NULL;
}

struct rt_metadata_cache *rt_metadata_cache_create(void)
{
	struct rt_metadata_cache *cache = kzalloc(sizeof(*cache), GFP_KERNEL);

	if (!cache)
		return NULL;
	kref_init(&cache->ref);
	mutex_init(&cache->lock);
	init_waitqueue_head(&cache->wait);
	return cache;
}

static void rt_metadata_cache_free(struct kref *ref)
{
	struct rt_metadata_cache *cache = container_of(ref, struct rt_metadata_cache, ref);

	kvfree(cache->data);
	kfree(cache);
}

void rt_metadata_cache_put(struct rt_metadata_cache *cache)
{
	kref_put(&cache->ref, rt_metadata_cache_free);
}

/*
 * Append to the cache's open block; readers see it once committed.  On
 * failure the caller aborts the block.
 */
int rt_metadata_printf(struct rt_metadata_cache *cache, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *data;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	mutex_lock(&cache->lock);
	need = cache->len + n + 1;
	if (need > cache->alloc) {
		size_t alloc = max_t(size_t, 2 * cache->alloc, max_t(size_t, need, PAGE_SIZE));

		data = kvmalloc(alloc, GFP_KERNEL);
		if (!data) {
			mutex_unlock(&cache->lock);
			return -ENOMEM;
		}
		if (cache->len)
			memcpy(data, cache->data, cache->len);
		kvfree(cache->data);
		cache->data = data;
		cache->alloc = alloc;
	}
	va_start(ap, fmt);
	vsnprintf(cache->data + cache->len, n + 1, fmt, ap);
	va_end(ap);
	cache->len += n;
	mutex_unlock(&cache->lock);
	return 0;
}

/* Publish the block appended since the last commit, and wake readers. */
void rt_metadata_commit(struct rt_metadata_cache *cache)
{
	mutex_lock(&cache->lock);
	cache->committed = cache->len;
	mutex_unlock(&cache->lock);
	wake_up_interruptible(&cache->wait);
}

/* Take back the block appended since the last commit. */
void rt_metadata_abort(struct rt_metadata_cache *cache)
{
	mutex_lock(&cache->lock);
	cache->len = cache->committed;
	mutex_unlock(&cache->lock);
}

/*
 * A regeneration: the committed text of @src (built aside) becomes the
 * cache's, as its next version.  Streams see the new version when they
 * next copy text, and start again from the beginning.  @src is left empty.
 */
void rt_metadata_replace(struct rt_metadata_cache *cache,
			 struct rt_metadata_cache *src)
{
	char *old;

	mutex_lock(&cache->lock);
	old = cache->data;
	cache->data = src->data;
	cache->len = src->committed;
	cache->committed = src->committed;
	cache->alloc = src->alloc;
	cache->version++;
	mutex_unlock(&cache->lock);
	src->data = NULL;
	src->len = src->committed = src->alloc = 0;
	kvfree(old);
	wake_up_interruptible(&cache->wait);
}

static void rt_metadata_packet_begin(struct rt_rb_buf *buf, void *header,
				     const struct rt_rb_packet *pkt)
{
	const struct rt_metadata_stream *ms = buf->chan->cfg.priv;
	struct rt_metadata_packet *p = header;

	memset(p, 0, sizeof(*p));
	p->magic = RT_METADATA_MAGIC;
	memcpy(p->uuid, ms->uuid, sizeof(p->uuid));
	p->major = ms->major;
	p->minor = ms->minor;
}

static void rt_metadata_packet_end(struct rt_rb_buf *buf, void *header,
				   const struct rt_rb_packet *pkt)
{
	struct rt_metadata_packet *p = header;

	p->content_size = pkt->content_size * 8;
	p->packet_size = PAGE_ALIGN(pkt->content_size) * 8;
}

static const struct rt_rb_client rt_metadata_client = {
	.header_size = sizeof(struct rt_metadata_packet),
	.packet_begin = rt_metadata_packet_begin,
	.packet_end = rt_metadata_packet_end,
	.owner = THIS_MODULE,
};

/*
 * Copy up to one packet of new text into the buffer, unless a packet is
 * still waiting for the reader.  Reader lock held.
 */
void rt_metadata_fill(struct rt_rb_buf *buf)
{
	struct rt_metadata_stream *ms = buf->chan->cfg.priv;
	struct rt_metadata_cache *cache = ms->cache;
	struct rt_rb_ctx ctx = { .layout = &rt_rb_bytes };
	size_t room = rt_rb_sb_size(buf->chan) - sizeof(struct rt_metadata_packet);

	if (buf->held || rt_rb_readable(buf))
		return;
	mutex_lock(&cache->lock);
	if (ms->version != cache->version) {
		/* Regenerated: the whole new text, from the start. */
		ms->in = 0;
		ms->out = 0;
		ms->version = cache->version;
	}
	ctx.payload_len = min(cache->committed - ms->in, room);
	if (ctx.payload_len && !rt_rb_reserve_buf(buf, &ctx)) {
		memcpy(ctx.payload, cache->data + ms->in, ctx.payload_len);
		rt_rb_commit(&ctx);
		rt_rb_switch_local(buf, false);
		ms->in += ctx.payload_len;
	}
	mutex_unlock(&cache->lock);
}

/*
 * The stream side, for the stream file (abi/stream.c), reader lock held.
 * Whether the text copied so far ends at a whole block.
 */
bool rt_metadata_coherent(struct rt_rb_buf *buf)
{
	struct rt_metadata_stream *ms = buf->chan->cfg.priv;
	bool coherent;

	mutex_lock(&ms->cache->lock);
	coherent = ms->in == ms->cache->committed;
	mutex_unlock(&ms->cache->lock);
	return coherent;
}

/* The reader consumed every packet copied so far. */
void rt_metadata_consumed(struct rt_rb_buf *buf)
{
	struct rt_metadata_stream *ms = buf->chan->cfg.priv;

	ms->out = ms->in;
}

/* The cache version the text copied so far comes from. */
u64 rt_metadata_version(struct rt_rb_buf *buf)
{
	struct rt_metadata_stream *ms = buf->chan->cfg.priv;

	return ms->version;
}

/*
 * Read the whole cache again; -EBUSY until all copied text was consumed.
 * The reader is woken at once: lttng-consumerd dumps the metadata into
 * each new trace chunk, and the next rotation's flush would put a packet
 * of it in the buffer if it were not read by then; a metadata stream with
 * a packet unread when a rotation samples its positions never completes
 * that rotation (lttng-consumerd counts no sequence numbers on it).
 */
int rt_metadata_dump(struct rt_rb_buf *buf)
{
	struct rt_metadata_stream *ms = buf->chan->cfg.priv;

	if (ms->in != ms->out || buf->held)
		return -EBUSY;
	ms->in = 0;
	ms->out = 0;
	wake_up_interruptible(&buf->read_wait);
	return 0;
}

__poll_t rt_metadata_poll(struct rt_rb_buf *buf, struct file *file,
			  poll_table *wait)
{
	struct rt_metadata_stream *ms = buf->chan->cfg.priv;
	__poll_t mask;

	poll_wait(file, &ms->cache->wait, wait);
	mask = rt_rb_poll_mask(buf);
	if (READ_ONCE(ms->in) < READ_ONCE(ms->cache->committed) ||
	    READ_ONCE(ms->version) != READ_ONCE(ms->cache->version))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static void rt_metadata_stream_release(void *priv)
{
	struct rt_metadata_stream *ms = priv;

	rt_metadata_cache_put(ms->cache);
	kfree(ms);
}

int rt_metadata_channel_setup(struct rt_rb_config *cfg,
			      struct rt_metadata_cache *cache, const u8 uuid[16],
			      const struct rt_metadata_writer *w)
{
	struct rt_metadata_stream *ms = kzalloc(sizeof(*ms), GFP_KERNEL);

	if (!ms)
		return -ENOMEM;
	kref_get(&cache->ref);
	ms->cache = cache;
	memcpy(ms->uuid, uuid, sizeof(ms->uuid));
	ms->major = w->major;
	ms->minor = w->minor;
	cfg->client = &rt_metadata_client;
	cfg->priv = ms;
	cfg->release = rt_metadata_stream_release;
	cfg->global = true;
	/* Woken when text is appended, not by a timer. */
	cfg->switch_timer_us = 0;
	cfg->read_timer_us = 0;
	return 0;
}
