/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A trace's CTF metadata (metadata/): the text of a session, kept in a
 * cache that metadata streams read, and its two writers, CTF 1.8's TSDL
 * and CTF 2's JSON text sequence.
 */
#ifndef _RINGTAIL_METADATA_H
#define _RINGTAIL_METADATA_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <ringtail/clock.h>
#include <ringtail/context.h>
#include <ringtail/events.h>
#include <ringtail/ringbuffer.h>

/*
 * The metadata text, read by metadata streams.  It grows by whole blocks: text
 * is appended (rt_metadata_printf) by one writer at a time (the session
 * model's lock) and readers see it only once committed, so a stream never
 * hands out half a declaration; a failed block is taken back
 * (rt_metadata_abort).  A regeneration replaces the whole text and bumps
 * the version, which tells streams to start over.
 */
struct rt_metadata_cache {
	struct kref ref;
	struct mutex lock;		/* data, len, committed vs. readers */
	char *data;
	size_t len, alloc;
	size_t committed;		/* what readers may copy */
	u64 version;
	wait_queue_head_t wait;		/* metadata streams' readers */
};

/* metadata/cache.c */
struct rt_metadata_cache *rt_metadata_cache_create(void);
void rt_metadata_cache_put(struct rt_metadata_cache *cache);
int rt_metadata_printf(struct rt_metadata_cache *cache, const char *fmt, ...)
	__printf(2, 3);
void rt_metadata_commit(struct rt_metadata_cache *cache);
void rt_metadata_abort(struct rt_metadata_cache *cache);
void rt_metadata_replace(struct rt_metadata_cache *cache,
			 struct rt_metadata_cache *src);

struct rt_metadata_writer;
/*
 * The client of a metadata channel's (global) buffer, reading @cache,
 * whose packets say they carry @w's format.
 */
int rt_metadata_channel_setup(struct rt_rb_config *cfg,
			      struct rt_metadata_cache *cache, const u8 uuid[16],
			      const struct rt_metadata_writer *w);
/* Its stream, with the buffer's reader lock held. */
void rt_metadata_fill(struct rt_rb_buf *buf);
bool rt_metadata_coherent(struct rt_rb_buf *buf);
void rt_metadata_consumed(struct rt_rb_buf *buf);
u64 rt_metadata_version(struct rt_rb_buf *buf);
int rt_metadata_dump(struct rt_rb_buf *buf);
__poll_t rt_metadata_poll(struct rt_rb_buf *buf, struct file *file,
			  poll_table *wait);

/* What the preamble of a trace's metadata says. */
struct rt_metadata_trace {
	const u8 *uuid;			/* 16 bytes */
	const char *name;
	const char *creation_time;
	const struct rt_trace_clock *clock;
};

/*
 * A metadata format: its blocks, appended to the open block of a cache.
 * The preamble comes first, then a data stream's block before those of
 * its events.  @major and @minor are the CTF version metadata packets
 * carry in their header.
 */
struct rt_metadata_writer {
	int (*preamble)(struct rt_metadata_cache *c, const struct rt_metadata_trace *t);
	int (*stream)(struct rt_metadata_cache *c, u32 id, bool large,
		      const struct rt_ctx_set *ctx, const struct rt_trace_clock *clock);
	int (*event)(struct rt_metadata_cache *c, const struct rt_event_desc *d,
		     u32 id, u32 stream_id);
	u8 major, minor;
};

/* The formats of lttng-modules' SESSION_SET_OUTPUT_FORMAT. */
enum rt_metadata_format {
	RT_METADATA_CTF_1_8 = 1,
	RT_METADATA_CTF_2 = 2,
};

/* metadata/tsdl.c, for both writers. */
void rt_metadata_clock_uid(const struct rt_trace_clock *clock, char id[37]);
s64 rt_metadata_clock_offset(const struct rt_trace_clock *clock);
/* Alignment in bits of @f's integers (of its elements). */
unsigned int rt_metadata_align(const struct rt_field *f);
/* Whether @v, one of @f's enumeration values, fits the field's integer. */
bool rt_metadata_fits(const struct rt_field *f, u64 v);

/* The writer of a format; NULL for an unknown one. */
const struct rt_metadata_writer *rt_metadata_writer(unsigned int format);
extern const struct rt_metadata_writer rt_tsdl_writer;	/* metadata/tsdl.c */
extern const struct rt_metadata_writer rt_ctf2_writer;	/* metadata/ctf2.c */

#endif /* _RINGTAIL_METADATA_H */
