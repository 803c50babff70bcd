// SPDX-License-Identifier: GPL-2.0-only
/*
 * CTF 2 metadata of a session: a JSON text sequence (each fragment is the
 * record separator 0x1E, one JSON object, a line feed) that declares what
 * metadata/tsdl.c declares in CTF 1.8, for the same data packets.  The
 * preamble fragment, the field class aliases of the packet and event
 * headers, the trace class (with the environment) and the clock class
 * come first; then one data stream class per data channel and one event
 * record class per event, as in TSDL.
 *
 * Field names are the TSDL ones without the leading underscore TSDL adds
 * (and readers strip), so that both formats read back the same.  Roles
 * stand where TSDL maps integers to the clock or names special fields:
 * babeltrace2 accepts them only in the headers and the packet context.
 */
#include <linux/math64.h>
#include <linux/utsname.h>
#include <ringtail/metadata.h>
#include <uapi/ringtail/version.h>

/* Alignment in bits of an integer of @size bytes, as in TSDL. */
#define RT_CTF2_ALIGN(size)	(8 * RT_CTF_ALIGN(size))

#ifdef __BIG_ENDIAN
#define RT_CTF2_HOST_ORDER	"big-endian"
#else
#define RT_CTF2_HOST_ORDER	"little-endian"
#endif

/*
 * A JSON string.  Control characters, DEL, '"' and '\' are escaped (a raw
 * record separator would split the fragment); other bytes, UTF-8 ones
 * included, are written as they are.
 */
static int rt_ctf2_str(struct rt_metadata_cache *c, const char *s)
{
	const char *run = s;
	int ret = rt_metadata_printf(c, "\"");

	for (; *s && !ret; s++) {
		unsigned char ch = *s;

		if (ch >= 0x20 && ch != 0x7f && ch != '"' && ch != '\\')
			continue;
		ret = rt_metadata_printf(c, "%.*s\\u%04x", (int)(s - run), run, ch);
		run = s + 1;
	}
	return ret ?: rt_metadata_printf(c, "%s\"", run);
}

/* "key":"value", escaped, after a comma unless @first. */
static int rt_ctf2_kv(struct rt_metadata_cache *c, const char *key,
		      const char *value, bool first)
{
	return rt_metadata_printf(c, "%s\"%s\":", first ? "" : ",", key) ?:
	       rt_ctf2_str(c, value);
}

/* A field's name (@prefix, @name, @suffix) as a JSON string. */
static int rt_ctf2_name(struct rt_metadata_cache *c, const char *prefix,
			const char *name, const char *suffix)
{
	char buf[RT_NAME_LEN + 16];

	snprintf(buf, sizeof(buf), "%s%s%s", prefix, name, suffix);
	return rt_ctf2_str(c, buf);
}

/*
 * The beginning of a structure member, after a comma unless it is the
 * structure's first; its field class follows, then rt_ctf2_member_end().
 */
static int rt_ctf2_member(struct rt_metadata_cache *c, bool *first,
			  const char *prefix, const char *name, const char *suffix)
{
	int ret = rt_metadata_printf(c, "%s{\"name\":", *first ? "" : ",");

	*first = false;
	return ret ?: rt_ctf2_name(c, prefix, name, suffix) ?:
	       rt_metadata_printf(c, ",\"field-class\":");
}

static int rt_ctf2_member_end(struct rt_metadata_cache *c)
{
	return rt_metadata_printf(c, "}");
}

/* An enumeration value, as the field's integer has it. */
static int rt_ctf2_enum_value(struct rt_metadata_cache *c,
			      const struct rt_field *f, u64 v)
{
	if (f->is_signed)
		return rt_metadata_printf(c, "%lld", (s64)v);
	return rt_metadata_printf(c, "%llu", v);
}

/*
 * An enumeration's labels as "mappings": each label once (JSON objects
 * have unique keys), with every range of that label, those the integer
 * can hold.  Nothing if none fits, as in TSDL.
 */
static int rt_ctf2_mappings(struct rt_metadata_cache *c, const struct rt_field *f)
{
	const struct rt_enum *e = f->enm;
	unsigned int i, j;
	bool first = true, seen;
	int ret = 0;

	for (i = 0; i < e->nr && !ret; i++) {
		const struct rt_enum_entry *m = &e->map[i];

		if (!rt_metadata_fits(f, m->value) || !rt_metadata_fits(f, m->end))
			continue;
		seen = false;
		for (j = 0; j < i && !seen; j++)
			seen = rt_metadata_fits(f, e->map[j].value) &&
			       rt_metadata_fits(f, e->map[j].end) &&
			       !strcmp(e->map[j].label, m->label);
		if (seen)
			continue;
		ret = rt_metadata_printf(c, first ? ",\"mappings\":{" : ",") ?:
		      rt_ctf2_str(c, m->label) ?: rt_metadata_printf(c, ":[");
		first = false;
		for (j = i; j < e->nr && !ret; j++) {
			const struct rt_enum_entry *o = &e->map[j];

			if (strcmp(o->label, m->label) ||
			    !rt_metadata_fits(f, o->value) || !rt_metadata_fits(f, o->end))
				continue;
			ret = rt_metadata_printf(c, "%s[", j == i ? "" : ",") ?:
			      rt_ctf2_enum_value(c, f, o->value) ?:
			      rt_metadata_printf(c, ",") ?:
			      rt_ctf2_enum_value(c, f, o->end) ?:
			      rt_metadata_printf(c, "]");
		}
		ret = ret ?: rt_metadata_printf(c, "]");
	}
	if (!ret && !first)
		ret = rt_metadata_printf(c, "}");
	return ret;
}

/*
 * The integer class of @f's values (its elements', for arrays and
 * sequences): bit elements are 1-bit integers with no alignment.
 */
static int rt_ctf2_int(struct rt_metadata_cache *c, const struct rt_field *f)
{
	unsigned int align = rt_metadata_align(f);
	unsigned int base = f->base ?: 10;
	int ret;

	if (f->bits)
		return rt_metadata_printf(c,
			"{\"type\":\"fixed-length-unsigned-integer\",\"length\":1,"
			"\"byte-order\":\"" RT_CTF2_HOST_ORDER "\"}");
	ret = rt_metadata_printf(c,
		"{\"type\":\"fixed-length-%s-integer\",\"length\":%u,\"byte-order\":\"%s\"",
		f->is_signed ? "signed" : "unsigned", f->size * 8,
		f->be ? "big-endian" : RT_CTF2_HOST_ORDER);
	if (!ret && align > 1)
		ret = rt_metadata_printf(c, ",\"alignment\":%u", align);
	if (!ret && base != 10)
		ret = rt_metadata_printf(c, ",\"preferred-display-base\":%u", base);
	if (!ret && f->enm && f->type == RT_FIELD_INT)
		ret = rt_ctf2_mappings(c, f);
	return ret ?: rt_metadata_printf(c, "}");
}

/*
 * An empty structure aligned as @f's integers: what TSDL's padding
 * structure before bit elements and opaque bytes is.
 */
static int rt_ctf2_padding(struct rt_metadata_cache *c, const struct rt_field *f,
			   bool *first)
{
	return rt_ctf2_member(c, first, "", f->name, "_padding") ?:
	       rt_metadata_printf(c,
			"{\"type\":\"structure\",\"minimum-alignment\":%u,\"member-classes\":[]}",
			rt_metadata_align(f)) ?:
	       rt_ctf2_member_end(c);
}

/* Whether @f's elements are characters: a string class instead of an array. */
static bool rt_ctf2_chars(const struct rt_field *f)
{
	return f->text && f->size == 1 && !f->bits;
}

/* The member(s) of one field: padding and length members first, as in TSDL. */
static int rt_ctf2_field(struct rt_metadata_cache *c, const struct rt_field *f,
			 bool *first)
{
	int ret;

	switch (f->type) {
	case RT_FIELD_TEXT:
		return rt_ctf2_member(c, first, "", f->name, "") ?:
		       rt_metadata_printf(c,
				"{\"type\":\"static-length-string\",\"length\":%u}", f->len) ?:
		       rt_ctf2_member_end(c);
	case RT_FIELD_ARRAY:
		if (rt_ctf2_chars(f))
			return rt_ctf2_member(c, first, "", f->name, "") ?:
			       rt_metadata_printf(c,
					"{\"type\":\"static-length-string\",\"length\":%u}", f->len) ?:
			       rt_ctf2_member_end(c);
		ret = f->bits ? rt_ctf2_padding(c, f, first) : 0;
		return ret ?: rt_ctf2_member(c, first, "", f->name, "") ?:
		       rt_metadata_printf(c,
				"{\"type\":\"static-length-array\",\"length\":%u,"
				"\"element-field-class\":", f->len) ?:
		       rt_ctf2_int(c, f) ?: rt_metadata_printf(c, "}") ?:
		       rt_ctf2_member_end(c);
	case RT_FIELD_BYTES:
		return rt_ctf2_padding(c, f, first) ?:
		       rt_ctf2_member(c, first, "", f->name, "") ?:
		       rt_metadata_printf(c,
				"{\"type\":\"static-length-array\",\"length\":%u,"
				"\"element-field-class\":{\"type\":\"fixed-length-unsigned-integer\","
				"\"length\":8,\"byte-order\":\"" RT_CTF2_HOST_ORDER "\","
				"\"alignment\":8,\"preferred-display-base\":16}}", f->size) ?:
		       rt_ctf2_member_end(c);
	case RT_FIELD_STRING:
		return rt_ctf2_member(c, first, "", f->name, "") ?:
		       rt_metadata_printf(c, "{\"type\":\"null-terminated-string\"}") ?:
		       rt_ctf2_member_end(c);
	case RT_FIELD_SEQ:
		ret = rt_ctf2_member(c, first, "_", f->name, "_length") ?:
		      rt_metadata_printf(c,
				"{\"type\":\"fixed-length-unsigned-integer\",\"length\":%u,"
				"\"byte-order\":\"" RT_CTF2_HOST_ORDER "\",\"alignment\":%u}",
				f->len_size * 8, RT_CTF2_ALIGN(f->len_size)) ?:
		      rt_ctf2_member_end(c);
		if (!ret && f->bits)
			ret = rt_ctf2_padding(c, f, first);
		ret = ret ?: rt_ctf2_member(c, first, "", f->name, "");
		if (ret)
			return ret;
		if (rt_ctf2_chars(f))
			ret = rt_metadata_printf(c, "{\"type\":\"dynamic-length-string\"");
		else
			ret = rt_metadata_printf(c,
				"{\"type\":\"dynamic-length-array\",\"element-field-class\":") ?:
			      rt_ctf2_int(c, f);
		/* Relative: the length is a member of the same structure. */
		return ret ?: rt_metadata_printf(c, ",\"length-field-location\":{\"path\":[") ?:
		       rt_ctf2_name(c, "_", f->name, "_length") ?:
		       rt_metadata_printf(c, "]}}") ?: rt_ctf2_member_end(c);
	default:
		return rt_ctf2_member(c, first, "", f->name, "") ?:
		       rt_ctf2_int(c, f) ?: rt_ctf2_member_end(c);
	}
}

/* The members of a structure: an event's fields, or a channel's contexts. */
static int rt_ctf2_struct(struct rt_metadata_cache *c, const struct rt_field *fields,
			  unsigned int nr, size_t stride)
{
	bool first = true;
	unsigned int i;
	int ret;

	ret = rt_metadata_printf(c, "{\"type\":\"structure\",\"member-classes\":[");
	for (i = 0; i < nr && !ret; i++)
		ret = rt_ctf2_field(c, (const void *)fields + i * stride, &first);
	return ret ?: rt_metadata_printf(c, "]}");
}

/* An unsigned integer of @bits bits, @align-bit aligned, in @role. */
#define RT_CTF2_UINT(bits, align, role)						\
	"{\"type\":\"fixed-length-unsigned-integer\",\"length\":" #bits		\
	",\"byte-order\":\"" RT_CTF2_HOST_ORDER "\",\"alignment\":%u"		\
	",\"roles\":[\"" role "\"]}"

/* The headers of packets and event records, named once. */
static int rt_ctf2_aliases(struct rt_metadata_cache *c)
{
	const unsigned int a16 = RT_CTF2_ALIGN(2), a32 = RT_CTF2_ALIGN(4);
	const unsigned int a64 = RT_CTF2_ALIGN(8);
	const char *alias = "\x1e{\"type\":\"field-class-alias\",\"name\":";

	return rt_metadata_printf(c,
		"%s\"u32-erc-id\",\"field-class\":"
		RT_CTF2_UINT(32, a32, "event-record-class-id") "}\n"
		"%s\"u64-ts\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "default-clock-timestamp") "}\n",
		alias, a32, alias, a64) ?:
	       rt_metadata_printf(c,
		"%s\"er-header-compact\",\"field-class\":{\"type\":\"structure\","
		"\"minimum-alignment\":%u,\"member-classes\":["
		"{\"name\":\"id\",\"field-class\":{\"type\":\"fixed-length-unsigned-integer\","
		"\"length\":5,\"byte-order\":\"" RT_CTF2_HOST_ORDER "\","
		"\"mappings\":{\"compact\":[[0,30]],\"extended\":[[31,31]]},"
		"\"roles\":[\"event-record-class-id\"]}},"
		"{\"name\":\"v\",\"field-class\":{\"type\":\"variant\","
		"\"selector-field-location\":{\"path\":[\"id\"]},\"options\":["
		"{\"name\":\"compact\",\"selector-field-ranges\":[[0,30]],"
		"\"field-class\":{\"type\":\"structure\",\"member-classes\":["
		"{\"name\":\"timestamp\",\"field-class\":{\"type\":\"fixed-length-unsigned-integer\","
		"\"length\":27,\"byte-order\":\"" RT_CTF2_HOST_ORDER "\","
		"\"roles\":[\"default-clock-timestamp\"]}}]}},"
		"{\"name\":\"extended\",\"selector-field-ranges\":[[31,31]],"
		"\"field-class\":{\"type\":\"structure\",\"member-classes\":["
		"{\"name\":\"id\",\"field-class\":\"u32-erc-id\"},"
		"{\"name\":\"timestamp\",\"field-class\":\"u64-ts\"}]}}]}}]}}\n",
		alias, a32) ?:
	       rt_metadata_printf(c,
		"%s\"er-header-large\",\"field-class\":{\"type\":\"structure\","
		"\"minimum-alignment\":%u,\"member-classes\":["
		"{\"name\":\"id\",\"field-class\":{\"type\":\"fixed-length-unsigned-integer\","
		"\"length\":16,\"byte-order\":\"" RT_CTF2_HOST_ORDER "\",\"alignment\":%u,"
		"\"mappings\":{\"compact\":[[0,65534]],\"extended\":[[65535,65535]]},"
		"\"roles\":[\"event-record-class-id\"]}},"
		"{\"name\":\"v\",\"field-class\":{\"type\":\"variant\","
		"\"selector-field-location\":{\"path\":[\"id\"]},\"options\":["
		"{\"name\":\"compact\",\"selector-field-ranges\":[[0,65534]],"
		"\"field-class\":{\"type\":\"structure\",\"member-classes\":["
		"{\"name\":\"timestamp\",\"field-class\":"
		RT_CTF2_UINT(32, a32, "default-clock-timestamp") "}]}},"
		"{\"name\":\"extended\",\"selector-field-ranges\":[[65535,65535]],"
		"\"field-class\":{\"type\":\"structure\",\"member-classes\":["
		"{\"name\":\"id\",\"field-class\":\"u32-erc-id\"},"
		"{\"name\":\"timestamp\",\"field-class\":\"u64-ts\"}]}}]}}]}}\n",
		alias, a16, a16, a32) ?:
	       rt_metadata_printf(c,
		"%s\"pkt-ctx\",\"field-class\":{\"type\":\"structure\",\"member-classes\":["
		"{\"name\":\"timestamp_begin\",\"field-class\":\"u64-ts\"},"
		"{\"name\":\"timestamp_end\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "packet-end-default-clock-timestamp") "},"
		"{\"name\":\"content_size\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "packet-content-length") "},"
		"{\"name\":\"packet_size\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "packet-total-length") "},"
		"{\"name\":\"packet_seq_num\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "packet-sequence-number") "},"
		"{\"name\":\"events_discarded\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "discarded-event-record-counter-snapshot") "},"
		"{\"name\":\"cpu_id\",\"field-class\":{\"type\":\"fixed-length-unsigned-integer\","
		"\"length\":32,\"byte-order\":\"" RT_CTF2_HOST_ORDER "\",\"alignment\":%u}}]}}\n",
		alias, a64, a64, a64, a64, a64, a32) ?:
	       rt_metadata_printf(c,
		"%s\"pkt-header\",\"field-class\":{\"type\":\"structure\",\"member-classes\":["
		"{\"name\":\"magic\",\"field-class\":"
		RT_CTF2_UINT(32, a32, "packet-magic-number") "},"
		"{\"name\":\"uuid\",\"field-class\":{\"type\":\"static-length-blob\","
		"\"length\":16,\"roles\":[\"metadata-stream-uuid\"]}},"
		"{\"name\":\"stream_id\",\"field-class\":"
		RT_CTF2_UINT(32, a32, "data-stream-class-id") "},"
		"{\"name\":\"stream_instance_id\",\"field-class\":"
		RT_CTF2_UINT(64, a64, "data-stream-id") "}]}}\n",
		alias, a32, a32, a64);
}

/* The trace class, with the environment TSDL's env block has. */
static int rt_ctf2_trace(struct rt_metadata_cache *c, const struct rt_metadata_trace *t)
{
	struct new_utsname *uts = utsname();

	return rt_metadata_printf(c,
		"\x1e{\"type\":\"trace-class\",\"namespace\":\"lttng.org,2009\","
		"\"name\":\"\",\"uid\":\"%pUb\",\"environment\":{", t->uuid) ?:
	       rt_ctf2_kv(c, "hostname", uts->nodename, true) ?:
	       rt_ctf2_kv(c, "domain", "kernel", false) ?:
	       rt_ctf2_kv(c, "sysname", uts->sysname, false) ?:
	       rt_ctf2_kv(c, "kernel_release", uts->release, false) ?:
	       rt_ctf2_kv(c, "kernel_version", uts->version, false) ?:
	       rt_ctf2_kv(c, "tracer_name", "lttng-modules", false) ?:
	       rt_metadata_printf(c,
		",\"tracer_major\":%d,\"tracer_minor\":%d,\"tracer_patchlevel\":%d",
		RT_LTTNG_VERSION_MAJOR, RT_LTTNG_VERSION_MINOR,
		RT_LTTNG_VERSION_PATCHLEVEL) ?:
	       rt_ctf2_kv(c, "trace_buffering_scheme", "global", false) ?:
	       rt_ctf2_kv(c, "trace_name", t->name, false) ?:
	       rt_ctf2_kv(c, "trace_creation_datetime", t->creation_time, false) ?:
	       rt_metadata_printf(c, "},\"packet-header-field-class\":\"pkt-header\"}\n");
}

/*
 * The clock class: its offset from the Epoch in whole seconds (possibly
 * negative) and cycles, which must be fewer than a second's.
 */
static int rt_ctf2_clock(struct rt_metadata_cache *c, const struct rt_trace_clock *clock)
{
	s64 offset = rt_metadata_clock_offset(clock), freq = clock->freq;
	s64 seconds = div64_s64(offset, freq), cycles = offset - seconds * freq;
	char uid[37];

	if (cycles < 0) {
		seconds--;
		cycles += freq;
	}
	rt_metadata_clock_uid(clock, uid);
	return rt_metadata_printf(c, "\x1e{\"type\":\"clock-class\"") ?:
	       rt_ctf2_kv(c, "id", clock->name, false) ?:
	       rt_ctf2_kv(c, "name", clock->name, false) ?:
	       (uid[0] ? rt_ctf2_kv(c, "uid", uid, false) : 0) ?:
	       rt_ctf2_kv(c, "description", clock->description, false) ?:
	       rt_metadata_printf(c,
		",\"frequency\":%llu,\"origin\":\"unix-epoch\","
		"\"offset-from-origin\":{\"seconds\":%lld,\"cycles\":%lld}}\n",
		clock->freq, seconds, cycles);
}

/* The preamble fragment (the first), then the headers, trace and clock. */
static int rt_ctf2_preamble(struct rt_metadata_cache *c, const struct rt_metadata_trace *t)
{
	unsigned int i;
	int ret;

	ret = rt_metadata_printf(c, "\x1e{\"type\":\"preamble\",\"version\":2,\"uuid\":[");
	for (i = 0; i < 16 && !ret; i++)
		ret = rt_metadata_printf(c, "%s%u", i ? "," : "", t->uuid[i]);
	return ret ?: rt_metadata_printf(c, "]}\n") ?:
	       rt_ctf2_aliases(c) ?: rt_ctf2_trace(c, t) ?: rt_ctf2_clock(c, t->clock);
}

/* A data stream class: its headers, and its contexts if any. */
static int rt_ctf2_stream(struct rt_metadata_cache *c, u32 id, bool large,
			  const struct rt_ctx_set *ctx,
			  const struct rt_trace_clock *clock)
{
	int ret;

	ret = rt_metadata_printf(c, "\x1e{\"type\":\"data-stream-class\",\"id\":%u", id) ?:
	      rt_ctf2_kv(c, "default-clock-class-id", clock->name, false) ?:
	      rt_metadata_printf(c,
		",\"packet-context-field-class\":\"pkt-ctx\","
		"\"event-record-header-field-class\":\"er-header-%s\"",
		large ? "large" : "compact");
	if (!ret && ctx && ctx->nr)
		ret = rt_metadata_printf(c, ",\"event-record-common-context-field-class\":") ?:
		      rt_ctf2_struct(c, &ctx->f[0].field, ctx->nr, sizeof(ctx->f[0]));
	return ret ?: rt_metadata_printf(c, "}\n");
}

/* An event record class: its fields, as its payload. */
static int rt_ctf2_event(struct rt_metadata_cache *c, const struct rt_event_desc *d,
			 u32 id, u32 stream_id)
{
	return rt_metadata_printf(c,
		"\x1e{\"type\":\"event-record-class\",\"id\":%u,\"data-stream-class-id\":%u",
		id, stream_id) ?:
	       rt_ctf2_kv(c, "name", d->name, false) ?:
	       rt_metadata_printf(c, ",\"payload-field-class\":") ?:
	       rt_ctf2_struct(c, d->fields, d->nr_fields, sizeof(d->fields[0])) ?:
	       rt_metadata_printf(c, "}\n");
}

/*
 * Metadata packets say CTF 2.0, as lttng-modules' do for CTF 2 sessions;
 * lttng-consumerd strips their header and writes the text alone.
 */
const struct rt_metadata_writer rt_ctf2_writer = {
	.preamble = rt_ctf2_preamble,
	.stream = rt_ctf2_stream,
	.event = rt_ctf2_event,
	.major = 2,
	.minor = 0,
};
