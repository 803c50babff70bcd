// SPDX-License-Identifier: GPL-2.0-only
/*
 * Records of generated events.
 *
 * A generated probe (instrumentation/gen.h) fills a scratch record exactly
 * as ftrace would, with the event's own TP_fast_assign: fixed fields in C
 * layout, then the data of dynamic fields.  rt_record_write() then sizes
 * the trace record, reserves it and writes its fields in the order and
 * form the description gives: dynamic strings in place as CTF strings,
 * dynamic arrays as 32-bit-length sequences, and LTTng's conversions
 * (renames, prio - 100, narrower integers, rwbs bitmask, current tid).
 *
 * Scratch records are per CPU, one per nesting level: a probe runs with
 * preemption disabled, so only an interrupt or NMI on the same CPU can
 * nest, and each takes the next level (this_cpu_inc_return is atomic
 * against both on this CPU).  Records deeper than RT_SCRATCH_NEST, or
 * larger than RT_SCRATCH_SIZE (ftrace's own limit is about a page), are
 * dropped and counted as discarded (rt_rb_lost()).
 */
#include <linux/blk_types.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <ringtail/record.h>
#include <ringtail/session.h>

#define RT_SCRATCH_NEST	4

static DEFINE_PER_CPU(int, rt_scratch_nest);
static DEFINE_PER_CPU(char *, rt_scratch_buf);

void *rt_scratch_get(size_t len)
{
	int level = this_cpu_inc_return(rt_scratch_nest) - 1;

	barrier();
	if (level >= RT_SCRATCH_NEST || len > RT_SCRATCH_SIZE) {
		rt_scratch_put();
		return NULL;
	}
	return this_cpu_read(rt_scratch_buf) + level * RT_SCRATCH_SIZE;
}
EXPORT_SYMBOL_GPL(rt_scratch_get);

void rt_scratch_put(void)
{
	barrier();
	this_cpu_dec(rt_scratch_nest);
}
EXPORT_SYMBOL_GPL(rt_scratch_put);

/* LTTng's rwbs bits (doc/lttng-abi.md, 5.5), from ftrace's rwbs text. */
enum {
	RT_RWBS_WRITE = 1 << 0, RT_RWBS_DISCARD = 1 << 1, RT_RWBS_READ = 1 << 2,
	RT_RWBS_RAHEAD = 1 << 3, RT_RWBS_SYNC = 1 << 5, RT_RWBS_META = 1 << 6,
	RT_RWBS_SECURE = 1 << 7, RT_RWBS_FLUSH = 1 << 8, RT_RWBS_FUA = 1 << 9,
	RT_RWBS_PREFLUSH = 1 << 10,
};

/*
 * blk_fill_rwbs() writes an optional F (preflush), the operation (W, R, D,
 * DE for secure erase, F for flush, N for others), then F (FUA), A
 * (readahead), S (sync) and M (meta).
 */
static u32 rt_rwbs(const char *s, size_t len)
{
	size_t i = 0;
	u32 bits = 0;

	if (len > 1 && s[0] == 'F' && s[1] && strchr("WDFRN", s[1])) {
		bits |= RT_RWBS_PREFLUSH;
		i++;
	}
	if (i < len) {
		switch (s[i]) {
		case 'W': bits |= RT_RWBS_WRITE; break;
		case 'R': bits |= RT_RWBS_READ; break;
		case 'F': bits |= RT_RWBS_FLUSH; break;
		case 'D':
			bits |= RT_RWBS_DISCARD;
			if (i + 1 < len && s[i + 1] == 'E') {
				bits |= RT_RWBS_SECURE;
				i++;
			}
			break;
		}
		i++;
	}
	for (; i < len && s[i]; i++) {
		switch (s[i]) {
		case 'F': bits |= RT_RWBS_FUA; break;
		case 'A': bits |= RT_RWBS_RAHEAD; break;
		case 'S': bits |= RT_RWBS_SYNC; break;
		case 'M': bits |= RT_RWBS_META; break;
		}
	}
	return bits;
}

/* The data of a dynamic field: where it is and its length in bytes. */
static const char *rt_dyn(const struct rt_field *f, const char *raw, u32 *len)
{
	u32 loc = *(const u32 *)(raw + f->src);
	u32 off = loc & 0xffff;

	*len = loc >> 16;
	if (f->src_type == RT_FIELD_RELLOC_STRING ||
	    f->src_type == RT_FIELD_RELLOC_BYTES)
		off += f->src + sizeof(u32);
	if (off + *len > RT_SCRATCH_SIZE)
		*len = 0;
	return raw + off;
}

static void rt_put_int(char *dst, u64 v, unsigned int size)
{
	switch (size) {
	case 1: *(u8 *)dst = v; break;
	case 2: *(u16 *)dst = v; break;
	case 4: *(u32 *)dst = v; break;
	default: *(u64 *)dst = v; break;
	}
}

static u64 rt_get_int(const char *src, unsigned int size, bool is_signed)
{
	switch (size) {
	case 1: return is_signed ? (s64)*(const s8 *)src : *(const u8 *)src;
	case 2: return is_signed ? (s64)*(const s16 *)src : *(const u16 *)src;
	case 4: return is_signed ? (s64)*(const s32 *)src : *(const u32 *)src;
	default: return *(const u64 *)src;
	}
}

/*
 * Write the record of @d from @raw at @dst, or only size it if @dst is
 * NULL.  Returns its length.  Fields are aligned from the start of the
 * payload, which is aligned for the most aligned of them.
 */
static size_t rt_record_fill(const struct rt_event_desc *d, const char *raw,
			     char *dst)
{
	size_t pos = 0;
	unsigned int i;

	for (i = 0; i < d->nr_fields; i++) {
		const struct rt_field *f = &d->fields[i];
		const char *src = raw ? raw + f->src : NULL;
		const char *data;
		u32 len, n;

		if (f->type != RT_FIELD_SEQ)
			pos = ALIGN(pos, RT_CTF_PACKED ? 1 : f->align);
		switch (f->type) {
		case RT_FIELD_STRING:
			data = rt_dyn(f, raw, &len);
			n = strnlen(data, len);
			if (dst) {
				memcpy(dst + pos, data, n);
				dst[pos + n] = '\0';
			}
			pos += n + 1;
			break;
		case RT_FIELD_SEQ:
			data = rt_dyn(f, raw, &len);
			n = len / f->size;
			pos = ALIGN(pos, RT_CTF_ALIGN(sizeof(u32)));
			if (dst)
				*(u32 *)(dst + pos) = n;
			pos = ALIGN(pos + sizeof(u32), RT_CTF_PACKED ? 1 : f->align);
			if (dst)
				memcpy(dst + pos, data, n * f->size);
			pos += n * f->size;
			break;
		case RT_FIELD_TEXT:
		case RT_FIELD_ARRAY:
			if (dst)
				memcpy(dst + pos, src, f->size * f->len);
			pos += f->size * f->len;
			break;
		case RT_FIELD_BYTES:
			if (dst)
				memcpy(dst + pos, src, f->size);
			pos += f->size;
			break;
		default:
			if (!dst) {
				pos += f->size;
				break;
			}
			switch (f->xform) {
			case RT_XF_TID:
				rt_put_int(dst + pos, current->pid, f->size);
				break;
			case RT_XF_RWBS:
				rt_put_int(dst + pos, rt_rwbs(src, f->src_size), f->size);
				break;
			default:
				rt_put_int(dst + pos, rt_get_int(src, f->src_size,
								 f->is_signed) + f->arg,
					   f->size);
			}
			pos += f->size;
		}
	}
	return pos;
}

void rt_record_write(struct rt_event *event, const void *raw)
{
	const struct rt_event_desc *d = event->desc;
	size_t len = d->dynamic ? rt_record_fill(d, raw, NULL) : d->payload_len;
	struct rt_rb_ctx ctx;

	if (!rt_ctf_reserve(event, &ctx, len))
		return;
	rt_record_fill(d, raw, ctx.payload);
	rt_rb_commit(&ctx);
}
EXPORT_SYMBOL_GPL(rt_record_write);

const char *rt_enums_note(struct rt_enums *enums, const char *expr,
			  const struct trace_print_flags *table)
{
	unsigned int n = 0;
	struct rt_enum *enm;

	while (table[n].name)
		n++;
	if (enums->nr == RT_ENUMS_MAX || !n)
		return "";
	enm = kmalloc(struct_size(enm, map, n), GFP_KERNEL);
	if (!enm)
		return "";
	enm->nr = n;
	for (n = 0; n < enm->nr; n++) {
		enm->map[n].value = table[n].mask;
		enm->map[n].end = table[n].mask;
		enm->map[n].label = table[n].name;
	}
	enums->e[enums->nr].expr = expr;
	enums->e[enums->nr++].enm = enm;
	return "";
}
EXPORT_SYMBOL_GPL(rt_enums_note);

void rt_enums_free(struct rt_enums *enums)
{
	while (enums->nr--)
		kfree(enums->e[enums->nr].enm);
	enums->nr = 0;
}
EXPORT_SYMBOL_GPL(rt_enums_free);

/* Whether @expr (as TP_printk spells it) is field @name as it is. */
static bool rt_enum_of(const char *expr, const char *name)
{
	expr = skip_spaces(expr);
	if (strncmp(expr, "__entry->", 9))
		return false;
	expr += 9;
	while (*name && *expr == *name) {
		expr++;
		name++;
	}
	return !*name && !*skip_spaces(expr);
}

/* Give output field @f the table of @enums that prints it. */
static void rt_field_enum(struct rt_field *f, const char *raw_name,
			  struct rt_enums *enums)
{
	unsigned int i;

	if (f->type != RT_FIELD_INT || f->xform != RT_XF_COPY)
		return;
	for (i = 0; i < enums->nr; i++) {
		if (enums->e[i].enm && rt_enum_of(enums->e[i].expr, raw_name)) {
			f->enm = enums->e[i].enm;
			enums->e[i].enm = NULL;
			return;
		}
	}
}

/* Bytes a raw field takes in place. */
static size_t rt_raw_size(const struct rt_field *f)
{
	switch (f->type) {
	case RT_FIELD_TEXT:
	case RT_FIELD_ARRAY:
		return f->size * f->len;
	case RT_FIELD_DATALOC_STRING:
	case RT_FIELD_DATALOC_BYTES:
	case RT_FIELD_RELLOC_STRING:
	case RT_FIELD_RELLOC_BYTES:
		return sizeof(u32);
	default:
		return f->size;
	}
}

/* The trace field for raw field @r at @off, as the kernel defines it. */
static void rt_field_from_raw(struct rt_field *f, const struct rt_field *r,
			      size_t off)
{
	*f = *r;
	f->src = off;
	f->src_type = r->type;
	f->src_size = rt_raw_size(r);
	switch (r->type) {
	case RT_FIELD_DATALOC_STRING:
	case RT_FIELD_RELLOC_STRING:
		f->type = RT_FIELD_STRING;
		f->size = 1;
		f->align = 1;
		break;
	case RT_FIELD_DATALOC_BYTES:
	case RT_FIELD_RELLOC_BYTES:
		f->type = RT_FIELD_SEQ;
		f->len_size = sizeof(u32);
		break;
	default:
		break;
	}
}

/*
 * One field of an overlay (instrumentation/overlay.c), parsed in place:
 * src[+N|-N|:size|:x|~][>name], or @tid.
 */
static int rt_field_from_overlay(struct rt_field *f, char *tok,
				 const struct rt_field *raw, const size_t *offs,
				 unsigned int nr_raw)
{
	char *rename = strchr(tok, '>'), *p;
	unsigned int i, size = 0, base = 0;
	bool rwbs = false;
	long add = 0;

	if (!strcmp(tok, "@tid")) {
		*f = (struct rt_field){ .name = "tid", .type = RT_FIELD_INT,
			.size = sizeof(s32), .align = sizeof(s32),
			.is_signed = true, .base = 10, .xform = RT_XF_TID };
		return 0;
	}
	for (p = tok; *p && *p != '>'; p++) {
		if (*p == '+' || *p == '-') {
			if (kstrtol(p, 10, &add))
				return -EINVAL;
			break;
		}
		if (*p == ':') {
			if (p[1] == 'x')
				base = 16;
			else
				size = p[1] - '0';
			break;
		}
		if (*p == '~') {
			rwbs = true;
			break;
		}
	}
	*p = '\0';
	for (i = 0; i < nr_raw && strcmp(raw[i].name, tok); i++)
		;
	if (i == nr_raw)
		return -ENOENT;
	rt_field_from_raw(f, &raw[i], offs[i]);
	if (rename)
		f->name = rename + 1;
	if (add) {
		f->xform = RT_XF_ADD;
		f->arg = add;
	}
	if (base)
		f->base = base;
	if (size == 1 || size == 2 || size == 4 || size == 8) {
		f->size = size;
		f->align = size;
	}
	if (rwbs) {
		*f = (struct rt_field){ .name = f->name, .type = RT_FIELD_INT,
			.size = sizeof(u32), .align = sizeof(u32), .base = 10,
			.xform = RT_XF_RWBS, .src = f->src,
			.src_size = f->src_size };
	}
	return 0;
}

int rt_record_desc(struct rt_event_desc *desc, const struct rt_field *raw,
		   unsigned int nr_raw, size_t raw_size, struct rt_enums *enums)
{
	const struct rt_overlay *ov = rt_overlay_find(desc->tp_name);
	const char *spec = ov ? ov->fields : NULL;
	unsigned int i, nr = nr_raw, align = 1;
	struct rt_field *fields;
	size_t *offs, pos = 0;
	char *pool, *tok;
	int ret = 0;

	if (spec && !strcmp(spec, "-"))
		return 1;	/* hand-written */
	desc->name = ov && ov->name ? ov->name : desc->tp_name;

	/* Raw offsets: C layout, checked against the compiler's. */
	offs = kcalloc(nr_raw + 1, sizeof(*offs), GFP_KERNEL);
	if (!offs)
		return -ENOMEM;
	for (i = 0; i < nr_raw; i++) {
		unsigned int a = raw[i].align ?: 1;

		/* Dynamic fields: a u32 in place, whatever their elements. */
		if (raw[i].type >= RT_FIELD_DATALOC_STRING)
			a = __alignof__(u32);
		offs[i] = ALIGN(pos, a);
		pos = offs[i] + rt_raw_size(&raw[i]);
	}
	if (pos != raw_size) {
		pr_warn("ringtail: %s: raw layout %zu != %zu bytes, event left out\n",
			desc->tp_name, pos, raw_size);
		kfree(offs);
		return 1;
	}

	if (spec) {
		nr = 1;
		for (tok = (char *)spec; *tok; tok++)
			nr += *tok == ' ';
	}
	fields = kcalloc(1, nr * sizeof(*fields) + (spec ? strlen(spec) + 1 : 0),
			 GFP_KERNEL);
	if (!fields) {
		kfree(offs);
		return -ENOMEM;
	}
	if (spec) {
		pool = strcpy((char *)(fields + nr), spec);
		for (i = 0; (tok = strsep(&pool, " ")) && !ret; i++)
			ret = rt_field_from_overlay(&fields[i], tok, raw, offs, nr_raw);
		if (ret)
			pr_warn("ringtail: %s: bad overlay field %d\n",
				desc->tp_name, i);
	} else {
		for (i = 0; i < nr_raw; i++) {
			rt_field_from_raw(&fields[i], &raw[i], offs[i]);
			/* LTTng's events keep LTTng's integer types. */
			if (!ov && enums)
				rt_field_enum(&fields[i], raw[i].name, enums);
		}
	}
	kfree(offs);
	if (ret) {
		kfree(fields);
		return 1;
	}

	desc->fields = fields;
	desc->nr_fields = nr;
	desc->payload_len = 0;
	for (i = 0; i < nr; i++) {
		if (!RT_CTF_PACKED) {
			fields[i].align = max_t(u8, fields[i].align, 1);
			align = max_t(unsigned int, align, fields[i].align);
		} else {
			fields[i].align = 1;
		}
		if (fields[i].type == RT_FIELD_STRING || fields[i].type == RT_FIELD_SEQ)
			desc->dynamic = true;
	}
	desc->payload_align = align;
	if (!desc->dynamic)
		desc->payload_len = rt_record_fill(desc, NULL, NULL);
	return 0;
}
EXPORT_SYMBOL_GPL(rt_record_desc);

void rt_record_descs_free(struct rt_event_table *table)
{
	unsigned int i, j;

	for (i = 0; i < table->nr; i++) {
		for (j = 0; j < table->descs[i].nr_fields; j++)
			kfree(table->descs[i].fields[j].enm);
		kfree(table->descs[i].fields);
	}
	kfree(table->descs);
	table->descs = NULL;
	table->nr = 0;
}
EXPORT_SYMBOL_GPL(rt_record_descs_free);

int rt_record_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		char *buf = kmalloc_node(RT_SCRATCH_NEST * RT_SCRATCH_SIZE,
					 GFP_KERNEL, cpu_to_node(cpu));

		if (!buf) {
			rt_record_exit();
			return -ENOMEM;
		}
		per_cpu(rt_scratch_buf, cpu) = buf;
	}
	return 0;
}

void rt_record_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kfree(per_cpu(rt_scratch_buf, cpu));
		per_cpu(rt_scratch_buf, cpu) = NULL;
	}
}
