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

#define RT_SCRATCH_NEST	4

static DEFINE_PER_CPU(int, rt_scratch_nest);
static DEFINE_PER_CPU(char *, rt_scratch_buf);

notrace void *rt_scratch_get(size_t len)
{
	int level = this_cpu_inc_return(rt_scratch_nest) - 1;

	/*
	 * Only this CPU's interrupts share the level count: compiler
	 * barriers keep the scratch accesses between taking a level and
	 * giving it back (rt_scratch_put()).
	 */
	barrier();
	if (level >= RT_SCRATCH_NEST || len > RT_SCRATCH_SIZE) {
		rt_scratch_put();
		return NULL;
	}
	return this_cpu_read(rt_scratch_buf) + level * RT_SCRATCH_SIZE;
}
EXPORT_SYMBOL_GPL(rt_scratch_get);

notrace void rt_scratch_put(void)
{
	barrier();	/* see rt_scratch_get() */
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
static notrace u32 rt_rwbs(const char *s, size_t len)
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

static notrace u64 rt_get_int(const char *src, unsigned int size, bool is_signed)
{
	switch (size) {
	case 1: return is_signed ? (s64)*(const s8 *)src : *(const u8 *)src;
	case 2: return is_signed ? (s64)*(const s16 *)src : *(const u16 *)src;
	case 4: return is_signed ? (s64)*(const s32 *)src : *(const u32 *)src;
	default: return *(const u64 *)src;
	}
}

/*
 * The plan of a generated event: how its trace record is made from its raw
 * record, built once from its fields.  Fields copied as they are and
 * adjacent in both records are merged into one copy; strings and
 * sequences are measured once, in the sizing walk, and copied in the
 * writing walk.
 */
enum rt_op_kind {
	RT_OP_COPY,		/* len bytes as they are */
	RT_OP_INT,		/* an integer, converted (plus arg, narrowed) */
	RT_OP_TID,		/* the current thread id */
	RT_OP_RWBS,		/* ftrace's rwbs text as LTTng's bitmask */
	RT_OP_STRING,		/* a dynamic string */
	RT_OP_SEQ,		/* a dynamic array, as a 32-bit-length sequence */
};

struct rt_plan_op {
	u8 kind;
	u8 size;		/* INT, TID, RWBS: written; SEQ: element size */
	u8 src_size;
	u8 align;		/* of what is written (1 when packed) */
	u8 src_type;		/* STRING, SEQ: enum rt_field_type */
	bool is_signed;
	u16 src;		/* offset in the raw record */
	u16 len;		/* COPY: bytes */
	s16 arg;		/* INT: added */
};

struct rt_record_plan {
	unsigned int nr_ops;
	/*
	 * The trace payload is the raw record itself, integers converted in
	 * place: the probe may assign straight into the reserved record.
	 */
	bool direct;
	bool fixups;		/* direct, with integers to convert */
	struct rt_plan_op ops[];
};

/* Lengths the sizing walk measures for the writing walk (more: measured again). */
#define RT_PLAN_DYN	16

/* The data of a dynamic field: where it is and its length in bytes. */
static notrace const char *rt_op_dyn(const struct rt_plan_op *op, const char *raw,
				     u32 *len)
{
	u32 loc = *(const u32 *)(raw + op->src);
	u32 off = loc & 0xffff;

	*len = loc >> 16;
	if (op->src_type == RT_FIELD_RELLOC_STRING ||
	    op->src_type == RT_FIELD_RELLOC_BYTES)
		off += op->src + sizeof(u32);
	if (off + *len > RT_SCRATCH_SIZE)
		*len = 0;
	return raw + off;
}

/* Bytes a dynamic op writes, its length word included for sequences. */
static notrace u32 rt_op_dyn_len(const struct rt_plan_op *op, const char *raw)
{
	const char *data;
	u32 len;

	data = rt_op_dyn(op, raw, &len);
	if (op->kind == RT_OP_STRING)
		return strnlen(data, len);
	return len / op->size;
}

/* The trace record's length; the dynamic lengths go to @dyn. */
static notrace size_t rt_plan_size(const struct rt_record_plan *plan,
				   const char *raw, u32 *dyn)
{
	unsigned int i, n = 0;
	size_t pos = 0;

	for (i = 0; i < plan->nr_ops; i++) {
		const struct rt_plan_op *op = &plan->ops[i];
		u32 len;

		switch (op->kind) {
		case RT_OP_STRING:
			len = rt_op_dyn_len(op, raw);
			if (n < RT_PLAN_DYN)
				dyn[n] = len;
			n++;
			pos += len + 1;
			break;
		case RT_OP_SEQ:
			len = rt_op_dyn_len(op, raw);
			if (n < RT_PLAN_DYN)
				dyn[n] = len;
			n++;
			pos = ALIGN(pos, RT_CTF_ALIGN(sizeof(u32))) + sizeof(u32);
			pos = ALIGN(pos, op->align) + len * op->size;
			break;
		case RT_OP_COPY:
			pos = ALIGN(pos, op->align) + op->len;
			break;
		default:
			pos = ALIGN(pos, op->align) + op->size;
		}
	}
	return pos;
}

static notrace void rt_plan_write(const struct rt_record_plan *plan,
				  const char *raw, char *dst, const u32 *dyn)
{
	unsigned int i, n = 0;
	size_t pos = 0;

	for (i = 0; i < plan->nr_ops; i++) {
		const struct rt_plan_op *op = &plan->ops[i];
		const char *src = raw + op->src, *data;
		u32 len, dlen;

		switch (op->kind) {
		case RT_OP_STRING:
			data = rt_op_dyn(op, raw, &dlen);
			len = n < RT_PLAN_DYN ? dyn[n] : rt_op_dyn_len(op, raw);
			n++;
			memcpy(dst + pos, data, len);
			dst[pos + len] = '\0';
			pos += len + 1;
			break;
		case RT_OP_SEQ:
			data = rt_op_dyn(op, raw, &dlen);
			len = n < RT_PLAN_DYN ? dyn[n] : rt_op_dyn_len(op, raw);
			n++;
			pos = ALIGN(pos, RT_CTF_ALIGN(sizeof(u32)));
			*(u32 *)(dst + pos) = len;
			pos = ALIGN(pos + sizeof(u32), op->align);
			memcpy(dst + pos, data, len * op->size);
			pos += len * op->size;
			break;
		case RT_OP_COPY:
			pos = ALIGN(pos, op->align);
			memcpy(dst + pos, src, op->len);
			pos += op->len;
			break;
		case RT_OP_TID:
			pos = ALIGN(pos, op->align);
			rt_put_int(dst + pos, current->pid, op->size);
			pos += op->size;
			break;
		case RT_OP_RWBS:
			pos = ALIGN(pos, op->align);
			rt_put_int(dst + pos, rt_rwbs(src, op->src_size), op->size);
			pos += op->size;
			break;
		default:
			pos = ALIGN(pos, op->align);
			rt_put_int(dst + pos, rt_get_int(src, op->src_size,
							 op->is_signed) + op->arg,
				   op->size);
			pos += op->size;
		}
	}
}

/*
 * Write the trace record of @d from its raw record (a scratch record):
 * measure, reserve, write.
 */
notrace void rt_record_write(const struct rt_record_target *t,
			     const struct rt_event_desc *d, const void *raw)
{
	const struct rt_record_plan *plan = d->plan;
	u32 dyn[RT_PLAN_DYN];
	struct rt_rb_ctx ctx __rt_noinit;
	size_t len;

	len = d->dynamic ? rt_plan_size(plan, raw, dyn) : d->payload_len;
	if (!rt_record_reserve(t, &ctx, len))
		return;
	rt_plan_write(plan, raw, ctx.payload, dyn);
	rt_rb_commit(&ctx);
}
EXPORT_SYMBOL_GPL(rt_record_write);

notrace void rt_record_filtered(const struct rt_record_target *t,
				const struct rt_event_desc *d, const void *raw)
{
	struct rt_rb_ctx ctx __rt_noinit;

	if (!t->direct) {
		rt_record_write(t, d, raw);
		return;
	}
	if (!rt_record_reserve(t, &ctx, t->payload_len))
		return;
	memcpy(ctx.payload, raw, t->payload_len);
	rt_record_fixup(t, ctx.payload);
	rt_rb_commit(&ctx);
}
EXPORT_SYMBOL_GPL(rt_record_filtered);

/*
 * What the probe of a direct event needs, copied into its record target:
 * the integers it converts in place (rt_record_fixup()).  With more than
 * the target holds, or none of @d's own (hand-written events), the probe
 * takes the general path.
 */
void rt_record_plan_target(struct rt_record_target *t,
			   const struct rt_event_desc *d)
{
	const struct rt_record_plan *plan = d->plan;
	unsigned int i;

	t->payload_len = d->payload_len;
	t->direct = false;
	t->nr_fixups = 0;
	if (!plan || !d->direct)
		return;
	for (i = 0; plan->fixups && i < plan->nr_ops; i++) {
		const struct rt_plan_op *op = &plan->ops[i];

		if (op->kind != RT_OP_INT || !op->arg)
			continue;
		if (t->nr_fixups == RT_RECORD_FIXUPS)
			return;
		t->fixups[t->nr_fixups++] = (struct rt_record_fixup){
			.off = op->src, .size = op->size, .add = op->arg };
	}
	t->direct = true;
}

/* The plan of @d's fields, whose raw record has @raw_size fixed bytes. */
static struct rt_record_plan *rt_plan_build(const struct rt_event_desc *d,
					    size_t raw_size)
{
	struct rt_record_plan *plan;
	struct rt_plan_op *op, *prev = NULL;
	bool direct = !d->dynamic;
	size_t pos = 0;
	unsigned int i;

	plan = kzalloc(struct_size(plan, ops, d->nr_fields), GFP_KERNEL);
	if (!plan)
		return NULL;
	for (i = 0; i < d->nr_fields; i++) {
		const struct rt_field *f = &d->fields[i];
		struct rt_plan_op o = {
			.size = f->size, .src_size = f->src_size, .src = f->src,
			.align = RT_CTF_PACKED ? 1 : f->align, .arg = f->arg,
			.is_signed = f->is_signed, .src_type = f->src_type,
		};

		switch (f->type) {
		case RT_FIELD_STRING:
			o.kind = RT_OP_STRING;
			o.align = 1;
			break;
		case RT_FIELD_SEQ:
			o.kind = RT_OP_SEQ;
			break;
		case RT_FIELD_TEXT:
		case RT_FIELD_ARRAY:
			o.kind = RT_OP_COPY;
			o.len = f->size * f->len;
			break;
		case RT_FIELD_BYTES:
			o.kind = RT_OP_COPY;
			o.len = f->size;
			break;
		default:
			if (f->xform == RT_XF_TID)
				o.kind = RT_OP_TID;
			else if (f->xform == RT_XF_RWBS)
				o.kind = RT_OP_RWBS;
			else if (f->xform == RT_XF_COPY && f->size == f->src_size)
				o.kind = RT_OP_COPY, o.len = f->size;
			else
				o.kind = RT_OP_INT;
		}
		if (o.kind == RT_OP_STRING || o.kind == RT_OP_SEQ) {
			direct = false;
		} else {
			pos = ALIGN(pos, o.align);
			/* Direct: each field where the raw record has it, as big. */
			if (pos != f->src || o.kind == RT_OP_TID || o.kind == RT_OP_RWBS ||
			    (o.kind == RT_OP_INT && o.size != o.src_size))
				direct = false;
			/* Adjacent in both records: one copy. */
			if (o.kind == RT_OP_COPY && prev && prev->kind == RT_OP_COPY &&
			    prev->src + prev->len == o.src && o.align == 1) {
				prev->len += o.len;
				pos += o.len;
				continue;
			}
			pos += o.kind == RT_OP_COPY ? o.len : o.size;
		}
		op = &plan->ops[plan->nr_ops++];
		*op = o;
		prev = op;
	}
	plan->direct = direct && pos == raw_size;
	for (i = 0; i < plan->nr_ops; i++)
		if (plan->ops[i].kind == RT_OP_INT && plan->ops[i].arg)
			plan->fixups = plan->direct;
	return plan;
}

/* @v as an integer of @size bytes shows it: narrowed, then extended. */
static u64 rt_narrow(u64 v, unsigned int size, bool is_signed)
{
	unsigned int shift = 64 - 8 * size;

	if (size >= 8)
		return v;
	return is_signed ? (u64)((s64)(v << shift) >> shift) : (v << shift) >> shift;
}

bool notrace rt_field_load(const struct rt_field *f, const void *raw,
			   struct rt_field_value *v)
{
	const char *src = (const char *)raw + f->src;
	u32 len;

	*v = (struct rt_field_value){ };
	switch (f->type) {
	case RT_FIELD_STRING:
		v->data = rt_dyn(f, raw, &len);
		v->len = strnlen(v->data, len);
		return true;
	case RT_FIELD_SEQ:
		v->data = rt_dyn(f, raw, &len);
		v->len = len - len % f->size;
		v->integer = len / f->size;
		return true;
	case RT_FIELD_TEXT:
	case RT_FIELD_ARRAY:
		v->data = src;
		v->len = f->size * f->len;
		return true;
	case RT_FIELD_INT:
		switch (f->xform) {
		case RT_XF_TID:
			v->integer = rt_narrow(current->pid, f->size, f->is_signed);
			break;
		case RT_XF_RWBS:
			v->integer = rt_narrow(rt_rwbs(src, f->src_size), f->size,
					       f->is_signed);
			break;
		default:
			v->integer = rt_field_int(f, raw);
		}
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_GPL(rt_field_load);

/*
 * Hand-written events' payloads are walked field by field, in the packed
 * layout their probes write where the CPU allows it (events.h); elsewhere
 * their fields are not loaded.
 */
bool notrace rt_payload_load(const struct rt_event_desc *d,
			     const struct rt_field *f,
			     const struct rt_payload *in,
			     struct rt_field_value *v)
{
	const struct rt_field *fi;
	const char *p = in->data;
	size_t pos = 0, len;
	u64 n = 0;

	*v = (struct rt_field_value){ };
	if (!RT_CTF_PACKED)
		return false;
	for (fi = d->fields; fi < d->fields + d->nr_fields; fi++) {
		switch (fi->type) {
		case RT_FIELD_INT:
		case RT_FIELD_BYTES:
			len = fi->size;
			break;
		case RT_FIELD_TEXT:
		case RT_FIELD_ARRAY:
			len = fi->bits ? fi->len / 8 : (size_t)fi->len * fi->size;
			break;
		case RT_FIELD_SEQ:
			if (pos + fi->len_size > in->len)
				return false;
			n = rt_get_int(p + pos, fi->len_size, false);
			pos += fi->len_size;
			len = fi->bits ? n / 8 : n * fi->size;
			break;
		case RT_FIELD_STRING:
			len = strnlen(p + pos, in->len - pos) + 1;
			break;
		default:
			return false;
		}
		if (len > in->len - pos)
			return false;
		if (fi == f)
			break;
		pos += len;
	}
	if (fi != f)
		return false;
	v->data = p + pos;
	switch (f->type) {
	case RT_FIELD_INT:
		v->integer = rt_get_int(p + pos, f->size, f->is_signed);
		return true;
	case RT_FIELD_STRING:
		v->len = len - 1;
		return true;
	case RT_FIELD_SEQ:
		v->integer = n;
		fallthrough;
	default:
		v->len = len;
		return true;
	}
}
EXPORT_SYMBOL_GPL(rt_payload_load);

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
 * src[+N|-N|:size|:x|~][>name][?], or @tid.  1: an optional field (?)
 * that this kernel's event does not have, left out.
 */
static int rt_field_from_overlay(struct rt_field *f, char *tok,
				 const struct rt_field *raw, const size_t *offs,
				 unsigned int nr_raw)
{
	char *rename, *p;
	unsigned int i, size = 0, base = 0;
	size_t len = strlen(tok);
	bool rwbs = false, optional = len && tok[len - 1] == '?';
	long add = 0;

	if (optional)
		tok[len - 1] = '\0';
	rename = strchr(tok, '>');

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
		return optional ? 1 : -ENOENT;
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
		   unsigned int nr_raw, size_t raw_size,
		   const struct rt_overlay *ov, struct rt_enums *enums)
{
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
		for (i = 0, nr = 0; (tok = strsep(&pool, " ")); i++) {
			ret = rt_field_from_overlay(&fields[nr], tok, raw, offs, nr_raw);
			if (ret < 0)
				break;
			nr += !ret;
		}
		ret = min(ret, 0);
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
	desc->plan = rt_plan_build(desc, raw_size);
	if (!desc->plan) {
		kfree(fields);
		desc->fields = NULL;
		return -ENOMEM;
	}
	if (!desc->dynamic)
		desc->payload_len = rt_plan_size(desc->plan, NULL, NULL);
	desc->direct = desc->plan->direct;
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
		kfree(table->descs[i].plan);
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
