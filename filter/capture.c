// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event notifiers' side of filters (include/ringtail/filter.h): the sets
 * of notifier events, their captures, and the notification each
 * notifier writes when its filters let an event through.
 *
 * A notification is LTTng's record (doc/lttng-abi.md, section 2.3): the
 * notifier's token, the capture's size and 32 zero bytes, then the
 * capture: a msgpack array with one element per capture program, in the
 * order they were attached, as lttng-tools' client decodes it (it reads
 * element i for the i-th capture without checking the count, so there
 * is always one per program).  Integers take msgpack's smallest form
 * (signed fields the signed forms, as lttng-modules writes them: the
 * client sees non-negative values as unsigned either way); enumerations
 * a map {"type": "enum", "value": v}; texts a string; arrays and
 * sequences of integers an array; and what the event has not (an
 * unknown field, an index past the end, a context that is not there) a
 * nil.  A capture that would not fit in the 512 bytes lttng-modules
 * allows is a nil too, and the notification still goes out.
 *
 * The notification is written straight into the group's queue, under
 * its lock (notify/queue.c): nothing is copied twice.  When the queue
 * has no room, or its lock cannot be taken here, the notifier's element
 * of the group's error counter gets one more, which is what lttng-tools
 * shows as the trigger's discarded notifications.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <ringtail/counter.h>
#include <ringtail/notify.h>
#include "internal.h"

/* lttng-tools' capture program: a root, a name, maybe an index. */
struct rt_capture {
	refcount_t ref;
	u8 root;			/* enum rt_bc_root */
	bool indexed;
	u64 index;
	char name[RT_NAME_LEN];
};

struct rt_capture_link {
	const struct rt_capture *cap;
	const struct rt_field *field;	/* NULL: the context ctx */
	const struct rt_event_desc *desc;	/* hand-written: its payload */
	int ctx;
	bool ctx_signed;		/* the context's integer is */
	bool ok;			/* resolved */
};

/* The ioctl's argument: a header, then len bytes (code, relocations). */
struct rt_capture_abi {
	u32 len;
	u32 reloc_offset;
	u64 seqnum;
} __packed;

struct rt_capture *rt_capture_from_user(const void __user *arg)
{
	struct rt_capture_abi hdr;
	struct rt_capture *cap;
	u32 at = 0, end, name;
	char *data;
	int ret = -EINVAL;
	u8 op;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return ERR_PTR(-EFAULT);
	if (!hdr.len || hdr.len > RT_BC_MAX_LEN || !hdr.reloc_offset ||
	    hdr.reloc_offset >= hdr.len)
		return ERR_PTR(-EINVAL);
	data = memdup_user(arg + sizeof(hdr), hdr.len);
	if (IS_ERR(data))
		return ERR_CAST(data);
	cap = kzalloc(sizeof(*cap), GFP_KERNEL);
	if (!cap) {
		ret = -ENOMEM;
		goto out;
	}
	refcount_set(&cap->ref, 1);
	end = hdr.reloc_offset;
	/* The root. */
	switch (data[at++]) {
	case RT_BC_GET_PAYLOAD_ROOT:
		cap->root = RT_BC_ROOT_PAYLOAD;
		break;
	case RT_BC_GET_CONTEXT_ROOT:
		cap->root = RT_BC_ROOT_CONTEXT;
		break;
	case RT_BC_GET_APP_CONTEXT_ROOT:
		cap->root = RT_BC_ROOT_APP;	/* user space's: always nil */
		break;
	default:
		goto out;
	}
	/* One name, its offset in the relocation table, NUL-terminated. */
	if (at + 3 > end || data[at] != RT_BC_GET_SYMBOL)
		goto out;
	name = hdr.reloc_offset + rt_bc_get_u16(data + at + 1);
	at += 3;
	if (name >= hdr.len ||
	    strnlen(data + name, hdr.len - name) >= min_t(u32, hdr.len - name, RT_NAME_LEN))
		goto out;
	/* lttng-tools names contexts as written: "$ctx.procname". */
	if (cap->root == RT_BC_ROOT_CONTEXT && !strncmp(data + name, "$ctx.", 5))
		name += 5;
	strscpy(cap->name, data + name, sizeof(cap->name));
	/* At most one index. */
	if (at < end && data[at] == RT_BC_GET_INDEX_U16) {
		if (at + 3 > end)
			goto out;
		cap->indexed = true;
		cap->index = rt_bc_get_u16(data + at + 1);
		at += 3;
	} else if (at < end && data[at] == RT_BC_GET_INDEX_U64) {
		if (at + 9 > end)
			goto out;
		cap->indexed = true;
		cap->index = rt_bc_get_u64(data + at + 1);
		at += 9;
	}
	if (at < end && data[at] == RT_BC_LOAD_FIELD)
		at++;
	op = at < end ? data[at++] : 0;
	if (op != RT_BC_RETURN || at != end)
		goto out;
	kfree(data);
	return cap;
out:

	kfree(cap);
	kfree(data);
	return ERR_PTR(ret);
}

void rt_capture_put(struct rt_capture *cap)
{
	if (cap && refcount_dec_and_test(&cap->ref))
		kfree(cap);
}

/* What @cap names in events of @desc: l->ok false if nothing. */
static void rt_capture_link(struct rt_capture_link *l, struct rt_capture *cap,
			    const struct rt_event_desc *desc)
{
	const struct rt_field *f;
	unsigned int i;

	refcount_inc(&cap->ref);
	*l = (struct rt_capture_link){ .cap = cap };
	if (cap->root == RT_BC_ROOT_CONTEXT) {
		l->ctx = rt_ctx_by_name(cap->name);
		/* Only texts have elements. */
		l->ok = l->ctx >= 0 && (!cap->indexed || l->ctx == RT_CTX_PROCNAME ||
					l->ctx == RT_CTX_HOSTNAME);
		l->ctx_signed = l->ok && rt_ctx_is_signed(l->ctx);
		return;
	}
	if (cap->root != RT_BC_ROOT_PAYLOAD)
		return;
	for (i = 0, f = desc->fields; i < desc->nr_fields; i++, f++)
		if (!strcmp(f->name, cap->name))
			break;
	if (i == desc->nr_fields)
		return;
	l->field = f;
	l->desc = desc->plan ? NULL : desc;
	switch (f->type) {
	case RT_FIELD_INT:
		l->ok = !cap->indexed;
		break;
	case RT_FIELD_TEXT:
	case RT_FIELD_STRING:
		l->ok = true;
		break;
	case RT_FIELD_ARRAY:
	case RT_FIELD_SEQ:
		l->ok = !f->bits && f->size && f->size <= 8;
		break;
	default:
		break;
	}
}

/* msgpack, big-endian, into a bounded buffer: fail once full. */
struct rt_mp {
	u8 *p, *end;
	bool full;
};

static notrace void rt_mp_put(struct rt_mp *m, const void *src, size_t n)
{
	if (m->full || m->end - m->p < n) {
		m->full = true;
		return;
	}
	memcpy(m->p, src, n);
	m->p += n;
}

static notrace void rt_mp_byte(struct rt_mp *m, u8 b)
{
	rt_mp_put(m, &b, 1);
}

/* A one-byte tag, then @v in @size big-endian bytes. */
static notrace void rt_mp_tagged(struct rt_mp *m, u8 tag, u64 v, unsigned int size)
{
	u8 b[9];
	unsigned int i;

	b[0] = tag;
	for (i = 0; i < size; i++)
		b[1 + i] = v >> (8 * (size - 1 - i));
	rt_mp_put(m, b, 1 + size);
}

static notrace void rt_mp_uint(struct rt_mp *m, u64 v)
{
	if (v <= 0x7f)
		rt_mp_byte(m, v);
	else if (v <= U8_MAX)
		rt_mp_tagged(m, 0xcc, v, 1);
	else if (v <= U16_MAX)
		rt_mp_tagged(m, 0xcd, v, 2);
	else if (v <= U32_MAX)
		rt_mp_tagged(m, 0xce, v, 4);
	else
		rt_mp_tagged(m, 0xcf, v, 8);
}

static notrace void rt_mp_int(struct rt_mp *m, s64 v)
{
	if (v >= -32 && v <= 0x7f)
		rt_mp_byte(m, (u8)v);
	else if (v >= S8_MIN && v <= S8_MAX)
		rt_mp_tagged(m, 0xd0, v, 1);
	else if (v >= S16_MIN && v <= S16_MAX)
		rt_mp_tagged(m, 0xd1, v, 2);
	else if (v >= S32_MIN && v <= S32_MAX)
		rt_mp_tagged(m, 0xd2, v, 4);
	else
		rt_mp_tagged(m, 0xd3, v, 8);
}

/* An array's or a map's header: fix form up to 15, else 16-bit. */
static notrace void rt_mp_count(struct rt_mp *m, u8 fix, u8 tag16, u32 n)
{
	if (n <= 15)
		rt_mp_byte(m, fix | n);
	else if (n <= U16_MAX)
		rt_mp_tagged(m, tag16, n, 2);
	else
		m->full = true;
}

static notrace void rt_mp_str(struct rt_mp *m, const char *s, size_t len)
{
	if (len <= 31)
		rt_mp_byte(m, 0xa0 | len);
	else if (len <= U16_MAX)
		rt_mp_tagged(m, 0xda, len, 2);
	else
		m->full = true;
	rt_mp_put(m, s, len);
}

static notrace void rt_mp_field_int(struct rt_mp *m, const struct rt_field *f,
				    u64 v)
{
	if (f->enm) {
		/* LTTng's enumeration: its value, signed, without labels. */
		rt_mp_byte(m, 0x82);
		rt_mp_str(m, "type", 4);
		rt_mp_str(m, "enum", 4);
		rt_mp_str(m, "value", 5);
		rt_mp_int(m, v);
	} else if (f->is_signed) {
		rt_mp_int(m, v);
	} else {
		rt_mp_uint(m, v);
	}
}

static notrace void rt_mp_elem(struct rt_mp *m, const struct rt_field *f,
			       const void *p, unsigned int size)
{
	s64 v = rt_bc_int(p, size, f->is_signed, f->be);

	if (f->is_signed)
		rt_mp_int(m, v);
	else
		rt_mp_uint(m, v);
}

/*
 * Capture @l of the event being notified (@in, as filters take it):
 * false if the event has no such value (the caller writes a nil).
 */
static notrace bool rt_capture_value(struct rt_mp *m,
				     const struct rt_capture_link *l,
				     const void *in)
{
	const struct rt_capture *cap = l->cap;
	const struct rt_field *f = l->field;
	struct rt_field_value fv;
	unsigned int elem, n, i;
	const char *s;
	s64 v;
	u32 len;

	if (!l->ok)
		return false;
	if (!f) {
		s = rt_ctx_value(l->ctx, &v, &len);
		if (!s) {
			/* As lttng-modules: the context field's signedness. */
			if (l->ctx_signed)
				rt_mp_int(m, v);
			else
				rt_mp_uint(m, v);
			return true;
		}
		len = strnlen(s, len);
		if (!cap->indexed) {
			rt_mp_str(m, s, len);
			return true;
		}
		if (cap->index >= len)
			return false;
		rt_mp_int(m, (s8)s[cap->index]);
		return true;
	}
	if (l->desc ? !rt_payload_load(l->desc, f, in, &fv) :
		      !rt_field_load(f, in, &fv))
		return false;
	if (f->type == RT_FIELD_INT) {
		/* Only hand-written payloads have big-endian ones. */
		if (f->be && fv.data)
			fv.integer = rt_bc_int(fv.data, f->size, f->is_signed, true);
		rt_mp_field_int(m, f, fv.integer);
		return true;
	}
	elem = f->type == RT_FIELD_TEXT || f->type == RT_FIELD_STRING ? 1 : f->size;
	n = fv.len / elem;
	if (cap->indexed) {
		if (cap->index >= n)
			return false;
		rt_mp_elem(m, f, fv.data + cap->index * elem, elem);
		return true;
	}
	if (elem == 1 && (f->text || f->type == RT_FIELD_TEXT ||
			  f->type == RT_FIELD_STRING)) {
		/* As lttng-modules: up to the first NUL. */
		rt_mp_str(m, fv.data, strnlen(fv.data, fv.len));
		return true;
	}
	rt_mp_count(m, 0x90, 0xdc, n);
	for (i = 0; i < n && !m->full; i++)
		rt_mp_elem(m, f, fv.data + i * elem, elem);
	return true;
}

/* The capture of clause @c into @buf: its length. */
static notrace size_t rt_capture_encode(const struct rt_notify_clause *c,
					const void *in, u8 *buf)
{
	struct rt_mp m = { .p = buf, .end = buf + RT_NQ_CAPTURE_MAX };
	unsigned int i;
	u8 *at;

	rt_mp_count(&m, 0x90, 0xdc, c->nr_captures);
	for (i = 0; i < c->nr_captures; i++) {
		at = m.p;
		/* Leave a byte for each nil still to come. */
		m.end = buf + RT_NQ_CAPTURE_MAX - (c->nr_captures - 1 - i);
		if (!rt_capture_value(&m, &c->captures[i], in) || m.full) {
			m.p = at;
			m.full = false;
			rt_mp_byte(&m, 0xc0);
		}
	}
	return m.p - buf;
}

static notrace void rt_notify_error(const struct rt_notify_clause *c,
				    unsigned long n)
{
	/* Acquire: pairs with the release that published the counter. */
	struct rt_counter *counter = smp_load_acquire(c->counter);

	if (counter)
		rt_counter_add(counter, &c->error_index, n);
}

static notrace void rt_notify_fire(const struct rt_notify_clause *c,
				   const void *in)
{
	unsigned long flags;
	size_t len = 0;
	u8 *p;

	p = rt_nq_reserve(c->queue, c->nr_captures ? RT_NQ_RECORD_MAX :
				    RT_NQ_HEADER, &flags);
	if (!p) {
		rt_notify_error(c, 1);
		return;
	}
	if (c->nr_captures)
		len = rt_capture_encode(c, in, p + RT_NQ_HEADER);
	/* struct rt_abi_event_notifier_notification, in host order. */
	put_unaligned(c->token, (u64 *)p);
	put_unaligned((u16)len, (u16 *)(p + 8));
	memset(p + 10, 0, RT_NQ_HEADER - 10);
	rt_nq_commit(c->queue, RT_NQ_HEADER + len, flags);
}

notrace void rt_notify_run(const struct rt_filter_set *set, const void *in)
{
	unsigned int i, j;

	for (i = 0; i < set->nr_clauses; i++) {
		const struct rt_notify_clause *c = &set->clauses[i];
		bool pass = !c->nr;

		for (j = c->first; !pass && j < c->first + c->nr; j++) {
			const struct rt_filter_link *l = &set->link[j];

			pass = l->targets && rt_bc_run(&l->bc->prog, l->targets, in);
		}
		if (pass)
			rt_notify_fire(c, in);
	}
}

notrace bool rt_filter_notify_early(const struct rt_filter_set *set)
{
	unsigned int i;

	if (!set->unfiltered)
		return false;
	/*
	 * Every clause fires.  One that captures payload fields needs the
	 * record, unless its queue is full and the notification would be
	 * lost anyway: a storm the reader cannot keep up with then costs
	 * no record building.  The queue is looked at once only: the
	 * decision taken here is what is counted.
	 */
	for (i = 0; i < set->nr_clauses; i++)
		if (set->clauses[i].reads &&
		    !rt_nq_full(set->clauses[i].queue, RT_NQ_RECORD_MAX))
			return false;
	for (i = 0; i < set->nr_clauses; i++) {
		const struct rt_notify_clause *c = &set->clauses[i];

		if (c->reads)
			rt_notify_error(c, 1);
		else
			rt_notify_fire(c, NULL);
	}
	return true;
}
EXPORT_SYMBOL_GPL(rt_filter_notify_early);

void rt_filter_lost(const struct rt_filter_set *set, unsigned long n)
{
	unsigned int i;

	for (i = 0; set && i < set->nr_clauses; i++)
		rt_notify_error(&set->clauses[i], n);
}
EXPORT_SYMBOL_GPL(rt_filter_lost);

void rt_notify_clauses_free(struct rt_filter_set *set)
{
	unsigned int i, j;

	for (i = 0; i < set->nr_clauses; i++) {
		struct rt_notify_clause *c = &set->clauses[i];

		for (j = 0; c->captures && j < c->nr_captures; j++)
			rt_capture_put((struct rt_capture *)c->captures[j].cap);
		kfree(c->captures);
	}
	kfree(set->clauses);
}

struct rt_filter_set *rt_notify_set_new(const struct rt_event_desc *desc,
					const struct rt_notify_src *srcs,
					unsigned int nr)
{
	struct rt_filter_set *set;
	unsigned int i, j, nr_links = 0;

	for (i = 0; i < nr; i++)
		nr_links += srcs[i].nr_filters;
	set = kzalloc(struct_size(set, link, nr_links), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	set->clauses = kcalloc(nr ?: 1, sizeof(*set->clauses), GFP_KERNEL);
	if (!set->clauses)
		goto nomem;
	for (i = 0; i < nr; i++) {
		const struct rt_notify *n = srcs[i].notify;
		struct rt_notify_clause *c = &set->clauses[set->nr_clauses++];

		c->src = n;
		c->token = n->token;
		c->error_index = n->error_index;
		c->queue = n->queue;
		c->counter = n->counter;
		c->first = set->nr;
		c->nr = srcs[i].nr_filters;
		for (j = 0; j < srcs[i].nr_filters; j++)
			if (rt_filter_link_add(set, desc, srcs[i].filters[j]))
				goto nomem;
		if (!n->nr_captures)
			continue;
		c->captures = kcalloc(n->nr_captures, sizeof(*c->captures),
				      GFP_KERNEL);
		if (!c->captures)
			goto nomem;
		for (j = 0; j < n->nr_captures; j++, c->nr_captures++)
			rt_capture_link(&c->captures[j], n->captures[j], desc);
	}
	/* No filter reads the event: rt_filter_notify_early() may do. */
	set->unfiltered = !set->nr;
	for (i = 0; i < set->nr_clauses; i++)
		for (j = 0; j < set->clauses[i].nr_captures; j++)
			if (set->clauses[i].captures[j].field)
				set->clauses[i].reads = true;
	return set;
nomem:
	rt_filter_set_free_now(set);
	return ERR_PTR(-ENOMEM);
}

bool rt_notify_set_same(const struct rt_filter_set *set,
			const struct rt_notify_src *srcs, unsigned int nr)
{
	unsigned int i, j;

	if (!set || !set->clauses || set->nr_clauses != nr)
		return false;
	for (i = 0; i < nr; i++) {
		const struct rt_notify_clause *c = &set->clauses[i];

		if (c->src != srcs[i].notify || c->nr != srcs[i].nr_filters ||
		    c->nr_captures != srcs[i].notify->nr_captures)
			return false;
		for (j = 0; j < c->nr_captures; j++)
			if (c->captures[j].cap != srcs[i].notify->captures[j])
				return false;
		for (j = 0; j < c->nr; j++)
			if (set->link[c->first + j].bc != srcs[i].filters[j])
				return false;
	}
	return true;
}
