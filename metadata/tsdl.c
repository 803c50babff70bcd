// SPDX-License-Identifier: GPL-2.0-only
/*
 * CTF 1.8 metadata (TSDL) of a session: the preamble (types, trace, env,
 * clock, packet context, event headers), one stream block per data channel
 * and one event block per event, generated from the event descriptions
 * (doc/lttng-abi.md, section 4.3).
 */
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/utsname.h>
#include <ringtail/metadata.h>
#include <uapi/ringtail/version.h>

/* TSDL alignment, in bits, of an integer of @size bytes. */
#define RT_TSDL_ALIGN(size)	(8 * RT_CTF_ALIGN(size))

/* Emit a quoted TSDL string, escaping what needs escaping. */
static int rt_tsdl_quoted(struct rt_metadata_cache *c, const char *key,
			  const char *value)
{
	char buf[2 * __NEW_UTS_LEN + 2 * RT_NAME_LEN + 4], *o = buf;
	const char *v;

	for (v = value; *v && o < buf + sizeof(buf) - 3; v++) {
		if (*v == '"' || *v == '\\')
			*o++ = '\\';
		*o++ = *v == '\n' ? ' ' : *v;
	}
	*o = '\0';
	return rt_metadata_printf(c, "\t%s = \"%s\";\n", key, buf);
}

/*
 * The clock's uuid: a plugin's own, else the boot id, so that traces of
 * one boot (kernel and user space) share their clock.  The kernel does not
 * export it to modules other than through its sysctl file.  Empty if it
 * cannot be read.
 */
void rt_metadata_clock_uid(const struct rt_trace_clock *clock, char id[37])
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	int i;

	id[0] = '\0';
	if (clock->uuid) {
		strscpy(id, clock->uuid, 37);
		return;
	}
	f = filp_open("/proc/sys/kernel/random/boot_id", O_RDONLY, 0);
	if (IS_ERR(f))
		return;
	n = kernel_read(f, id, 36, &pos);
	filp_close(f, NULL);
	if (n != 36) {
		id[0] = '\0';
		return;
	}
	id[36] = '\0';
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23 ? id[i] != '-' : !isxdigit(id[i])) {
			id[0] = '\0';
			return;
		}
	}
}

/*
 * The trace clock's offset from the Epoch, in its own ticks: realtime minus
 * the clock, sampled around one realtime read with interrupts off.  May be
 * negative (a realtime clock set to 0 after boot).
 */
s64 rt_metadata_clock_offset(const struct rt_trace_clock *clock)
{
	struct timespec64 real;
	unsigned long flags;
	u64 t1, t2, ticks;

	local_irq_save(flags);
	t1 = clock->read();
	ktime_get_real_ts64(&real);
	t2 = clock->read();
	local_irq_restore(flags);
	ticks = (u64)real.tv_sec * clock->freq;
	if (clock->freq == NSEC_PER_SEC)
		ticks += real.tv_nsec;
	else
		ticks += mul_u64_u32_div(clock->freq, real.tv_nsec, NSEC_PER_SEC);
	return (s64)(ticks - (t1 + (t2 - t1) / 2));
}

/* The preamble: types, trace, env, clock, packet context, event headers. */
static int rt_tsdl_preamble(struct rt_metadata_cache *c, const struct rt_metadata_trace *t)
{
	const struct rt_trace_clock *clock = t->clock;
	struct new_utsname *uts = utsname();
	char boot_id[37];
	int ret = 0;

	ret |= rt_metadata_printf(c,
		"/* CTF 1.8 */\n\n"
		"typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
		"typealias integer { size = 16; align = %u; signed = false; } := uint16_t;\n"
		"typealias integer { size = 32; align = %u; signed = false; } := uint32_t;\n"
		"typealias integer { size = 64; align = %u; signed = false; } := uint64_t;\n"
		"typealias integer { size = 64; align = %u; signed = false; } := unsigned long;\n"
		"typealias integer { size = 5; align = 1; signed = false; } := uint5_t;\n"
		"typealias integer { size = 27; align = 1; signed = false; } := uint27_t;\n\n"
		"trace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = \"%pUb\";\n\tbyte_order = le;\n"
		"\tpacket.header := struct {\n\t\tuint32_t magic;\n\t\tuint8_t  uuid[16];\n"
		"\t\tuint32_t stream_id;\n\t\tuint64_t stream_instance_id;\n\t};\n};\n\n",
		RT_TSDL_ALIGN(2), RT_TSDL_ALIGN(4), RT_TSDL_ALIGN(8), RT_TSDL_ALIGN(8),
		t->uuid);
	ret |= rt_metadata_printf(c, "env {\n");
	ret |= rt_tsdl_quoted(c, "hostname", uts->nodename);
	ret |= rt_tsdl_quoted(c, "domain", "kernel");
	ret |= rt_tsdl_quoted(c, "sysname", uts->sysname);
	ret |= rt_tsdl_quoted(c, "kernel_release", uts->release);
	ret |= rt_tsdl_quoted(c, "kernel_version", uts->version);
	ret |= rt_tsdl_quoted(c, "tracer_name", "lttng-modules");
	ret |= rt_metadata_printf(c, "\ttracer_major = %d;\n\ttracer_minor = %d;\n"
				  "\ttracer_patchlevel = %d;\n",
				  RT_LTTNG_VERSION_MAJOR, RT_LTTNG_VERSION_MINOR,
				  RT_LTTNG_VERSION_PATCHLEVEL);
	ret |= rt_tsdl_quoted(c, "trace_buffering_scheme", "global");
	ret |= rt_tsdl_quoted(c, "trace_name", t->name);
	ret |= rt_tsdl_quoted(c, "trace_creation_datetime", t->creation_time);
	ret |= rt_metadata_printf(c, "};\n\n");

	rt_metadata_clock_uid(clock, boot_id);
	ret |= rt_metadata_printf(c, "clock {\n");
	ret |= rt_tsdl_quoted(c, "name", clock->name);
	if (boot_id[0])
		ret |= rt_metadata_printf(c, "\tuuid = \"%s\";\n", boot_id);
	ret |= rt_tsdl_quoted(c, "description", clock->description);
	ret |= rt_metadata_printf(c, "\tfreq = %llu;\n\toffset = %lld;\n};\n\n"
		"typealias integer {\n\tsize = 27; align = 1; signed = false;\n"
		"\tmap = clock.%s.value;\n} := uint27_clock_monotonic_t;\n\n"
		"typealias integer {\n\tsize = 32; align = %u; signed = false;\n"
		"\tmap = clock.%s.value;\n} := uint32_clock_monotonic_t;\n\n"
		"typealias integer {\n\tsize = 64; align = %u; signed = false;\n"
		"\tmap = clock.%s.value;\n} := uint64_clock_monotonic_t;\n\n",
		clock->freq, rt_metadata_clock_offset(clock), clock->name,
		RT_TSDL_ALIGN(4), clock->name, RT_TSDL_ALIGN(8), clock->name);
	ret |= rt_metadata_printf(c,
		"struct packet_context {\n"
		"\tuint64_clock_monotonic_t timestamp_begin;\n"
		"\tuint64_clock_monotonic_t timestamp_end;\n"
		"\tuint64_t content_size;\n\tuint64_t packet_size;\n"
		"\tuint64_t packet_seq_num;\n\tunsigned long events_discarded;\n"
		"\tuint32_t cpu_id;\n};\n\n"
		"struct event_header_compact {\n"
		"\tenum : uint5_t { compact = 0 ... 30, extended = 31 } id;\n"
		"\tvariant <id> {\n"
		"\t\tstruct {\n\t\t\tuint27_clock_monotonic_t timestamp;\n\t\t} compact;\n"
		"\t\tstruct {\n\t\t\tuint32_t id;\n\t\t\tuint64_clock_monotonic_t timestamp;\n"
		"\t\t} extended;\n\t} v;\n} align(%u);\n\n"
		"struct event_header_large {\n"
		"\tenum : uint16_t { compact = 0 ... 65534, extended = 65535 } id;\n"
		"\tvariant <id> {\n"
		"\t\tstruct {\n\t\t\tuint32_clock_monotonic_t timestamp;\n\t\t} compact;\n"
		"\t\tstruct {\n\t\t\tuint32_t id;\n\t\t\tuint64_clock_monotonic_t timestamp;\n"
		"\t\t} extended;\n\t} v;\n} align(%u);\n\n",
		RT_TSDL_ALIGN(4), RT_TSDL_ALIGN(2));
	return ret ? -ENOMEM : 0;
}

static int rt_tsdl_field(struct rt_metadata_cache *c, const struct rt_field *f);

/* A data stream: its headers, and its contexts (event.context) if any. */
static int rt_tsdl_stream(struct rt_metadata_cache *c, u32 id, bool large,
			  const struct rt_ctx_set *ctx,
			  const struct rt_trace_clock *clock)
{
	unsigned int i;
	int ret;

	ret = rt_metadata_printf(c,
		"stream {\n\tid = %u;\n\tevent.header := struct event_header_%s;\n"
		"\tpacket.context := struct packet_context;\n",
		id, large ? "large" : "compact");
	if (!ret && ctx && ctx->nr) {
		ret = rt_metadata_printf(c, "\tevent.context := struct {\n");
		for (i = 0; i < ctx->nr && !ret; i++)
			ret = rt_tsdl_field(c, &ctx->f[i].field);
		ret = ret ?: rt_metadata_printf(c, "\t};\n");
	}
	return ret ?: rt_metadata_printf(c, "};\n\n");
}

unsigned int rt_metadata_align(const struct rt_field *f)
{
	return f->align ? 8 * f->align : RT_TSDL_ALIGN(f->size);
}

/* The CTF integer type of @f's values (its elements', for arrays and sequences). */
static int rt_tsdl_int_type(struct rt_metadata_cache *c, const struct rt_field *f)
{
	if (f->bits)
		return rt_metadata_printf(c,
			"integer { size = 1; align = 1; signed = 0; encoding = none; base = 10; }");
	return rt_metadata_printf(c,
		"integer { size = %u; align = %u; signed = %d; encoding = %s; base = %u;%s }",
		f->size * 8, rt_metadata_align(f), f->is_signed,
		f->text ? "UTF8" : "none", f->base ?: 10,
		f->be ? " byte_order = be;" : "");
}

/*
 * Bit elements have no alignment of their own: the integers they come
 * from are aligned by an empty structure before them.
 */
static int rt_tsdl_bits_padding(struct rt_metadata_cache *c,
				const struct rt_field *f)
{
	if (!f->bits)
		return 0;
	return rt_metadata_printf(c, "\t\tstruct { } align(%u) _%s_padding;\n",
				  rt_metadata_align(f), f->name);
}

/* Whether @v (an enumeration's value) fits the integer field @f. */
bool rt_metadata_fits(const struct rt_field *f, u64 v)
{
	unsigned int bits = f->size * 8;

	if (bits >= 64)
		return true;
	if (f->is_signed)
		return (s64)v >= -(1LL << (bits - 1)) && (s64)v < (1LL << (bits - 1));
	return v < (1ULL << bits);
}

static int rt_tsdl_enum_value(struct rt_metadata_cache *c,
			      const struct rt_field *f, u64 v)
{
	if (f->is_signed)
		return rt_metadata_printf(c, "%lld", (s64)v);
	return rt_metadata_printf(c, "%llu", v);
}

/* An integer with labels: a CTF enumeration over the same integer. */
static int rt_tsdl_enum(struct rt_metadata_cache *c, const struct rt_field *f)
{
	const struct rt_enum *e = f->enm;
	unsigned int i, n = 0;
	const char *l;
	int ret;

	for (i = 0; i < e->nr; i++)
		n += rt_metadata_fits(f, e->map[i].value) && rt_metadata_fits(f, e->map[i].end);
	if (!n)
		return rt_metadata_printf(c, "\t\t") ?:
		       rt_tsdl_int_type(c, f) ?:
		       rt_metadata_printf(c, " _%s;\n", f->name);
	n = 0;
	ret = rt_metadata_printf(c, "\t\tenum : ") ?: rt_tsdl_int_type(c, f) ?:
	      rt_metadata_printf(c, " {");
	for (i = 0; i < e->nr && !ret; i++) {
		const struct rt_enum_entry *m = &e->map[i];

		if (!rt_metadata_fits(f, m->value) || !rt_metadata_fits(f, m->end))
			continue;
		ret = rt_metadata_printf(c, "%s \"", n++ ? "," : "");
		for (l = m->label; *l && !ret; l++)
			ret = rt_metadata_printf(c, "%s%c",
						 *l == '"' || *l == '\\' ? "\\" : "",
						 isprint(*l) ? *l : '?');
		ret = ret ?: rt_metadata_printf(c, "\" = ") ?:
		      rt_tsdl_enum_value(c, f, m->value);
		if (!ret && m->end != m->value)
			ret = rt_metadata_printf(c, " ... ") ?:
			      rt_tsdl_enum_value(c, f, m->end);
	}
	return ret ?: rt_metadata_printf(c, " } _%s;\n", f->name);
}

/* One field of an event record. */
static int rt_tsdl_field(struct rt_metadata_cache *c, const struct rt_field *f)
{
	switch (f->type) {
	case RT_FIELD_TEXT:
		return rt_metadata_printf(c,
			"\t\tinteger { size = 8; align = 8; signed = 1; encoding = UTF8; base = 10; } _%s[%u];\n",
			f->name, f->len);
	case RT_FIELD_ARRAY:
		return rt_tsdl_bits_padding(c, f) ?:
		       rt_metadata_printf(c, "\t\t") ?: rt_tsdl_int_type(c, f) ?:
		       rt_metadata_printf(c, " _%s[%u];\n", f->name, f->len);
	case RT_FIELD_BYTES:
		return rt_metadata_printf(c,
			"\t\tstruct { } align(%u) _%s_padding;\n"
			"\t\tinteger { size = 8; align = 8; signed = 0; encoding = none; base = 16; } _%s[%u];\n",
			rt_metadata_align(f), f->name, f->name, f->size);
	case RT_FIELD_STRING:
		return rt_metadata_printf(c, "\t\tstring _%s;\n", f->name);
	case RT_FIELD_SEQ:
		return rt_metadata_printf(c,
			"\t\tinteger { size = %u; align = %u; signed = 0; encoding = none; base = 10; } __%s_length;\n",
			f->len_size * 8, RT_TSDL_ALIGN(f->len_size), f->name) ?:
		       rt_tsdl_bits_padding(c, f) ?:
		       rt_metadata_printf(c, "\t\t") ?: rt_tsdl_int_type(c, f) ?:
		       rt_metadata_printf(c, " _%s[ __%s_length ];\n", f->name, f->name);
	default:
		if (f->enm)
			return rt_tsdl_enum(c, f);
		return rt_metadata_printf(c, "\t\t") ?: rt_tsdl_int_type(c, f) ?:
		       rt_metadata_printf(c, " _%s;\n", f->name);
	}
}

/* An event's declaration. */
static int rt_tsdl_event(struct rt_metadata_cache *c, const struct rt_event_desc *d,
			 u32 id, u32 stream_id)
{
	unsigned int i;
	int ret;

	ret = rt_metadata_printf(c, "event {\n\tname = \"%s\";\n\tid = %u;\n"
				 "\tstream_id = %u;\n\tfields := struct {\n",
				 d->name, id, stream_id);
	for (i = 0; i < d->nr_fields && !ret; i++)
		ret = rt_tsdl_field(c, &d->fields[i]);
	return ret ?: rt_metadata_printf(c, "\t};\n};\n\n");
}

const struct rt_metadata_writer rt_tsdl_writer = {
	.preamble = rt_tsdl_preamble,
	.stream = rt_tsdl_stream,
	.event = rt_tsdl_event,
	.major = 1,
	.minor = 8,
};
