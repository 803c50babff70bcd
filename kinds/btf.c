// SPDX-License-Identifier: GPL-2.0-only
/*
 * The signature of a kernel function, from the BTF the kernel publishes
 * about itself (/sys/kernel/btf/vmlinux): the names and types of its
 * arguments and the type of its return value, as event fields, for the
 * kprobes placed on its entry (kinds/kprobe.c).
 *
 * The kernel exports no API to look a function up in its own BTF, so we
 * read the file (a few megabytes, once per probe created, freed at once)
 * and walk its type section, as any BTF reader does: every type is a
 * struct btf_type followed by data whose size its kind and vlen give.
 * Everything read is bounds-checked; a file that does not parse, like a
 * kernel without BTF, gives -ENOENT, and the probe keeps lttng-modules'
 * fields.
 *
 * What becomes a field: integers (their size and signedness; bool and
 * char too), enumerations (with their labels), pointers (hex addresses;
 * a pointer to char is a string, copied without faulting).  The
 * arguments are taken in order while they fit in a register each: the
 * first one of another type (a structure by value, a float) ends them.
 */
#include <linux/btf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <ringtail/kinds.h>

#define RT_BTF_PATH		"/sys/kernel/btf/vmlinux"
/* Enumerations with more labels are shown as plain integers. */
#define RT_BTF_ENUM_MAX		1024

struct rt_btf {
	const void *data;
	size_t size;
	const struct btf_header *hdr;
	const char *strs;
	u32 str_len;
	u32 nr;				/* types, the void type 0 included */
	const struct btf_type **types;	/* by id */
};

static const char *rt_btf_str(const struct rt_btf *b, u32 off)
{
	return off < b->str_len ? b->strs + off : NULL;
}

/* The size of the data after type @t, or -1 for an unknown kind. */
static long rt_btf_extra(const struct btf_type *t)
{
	u32 vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return (long)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	}
	return -1;
}

/* Index the types of the file read into @b; the id of FUNC @name, or 0. */
static u32 rt_btf_index(struct rt_btf *b, const char *name)
{
	const struct btf_header *h = b->data;
	const void *p, *end;
	u32 func = 0, max;
	long extra;

	if (b->size < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h) ||
	    h->hdr_len > b->size ||
	    (u64)h->type_off + h->type_len > b->size - h->hdr_len ||
	    (u64)h->str_off + h->str_len > b->size - h->hdr_len || !h->str_len)
		return 0;
	b->hdr = h;
	b->strs = b->data + h->hdr_len + h->str_off;
	b->str_len = h->str_len;
	if (b->strs[b->str_len - 1])
		return 0;
	p = b->data + h->hdr_len + h->type_off;
	end = p + h->type_len;
	max = h->type_len / sizeof(struct btf_type) + 1;
	b->types = kvmalloc_array(max, sizeof(*b->types), GFP_KERNEL);
	if (!b->types)
		return 0;
	b->types[0] = NULL;		/* void */
	b->nr = 1;
	while (p + sizeof(struct btf_type) <= end && b->nr < max) {
		const struct btf_type *t = p;
		const char *n;

		extra = rt_btf_extra(t);
		if (extra < 0 || p + sizeof(*t) + extra > end)
			return 0;
		if (!func && BTF_INFO_KIND(t->info) == BTF_KIND_FUNC) {
			n = rt_btf_str(b, t->name_off);
			if (n && !strcmp(n, name))
				func = b->nr;
		}
		b->types[b->nr++] = t;
		p += sizeof(*t) + extra;
		if (!(b->nr & 4095))
			cond_resched();
	}
	return p == end ? func : 0;
}

static const struct btf_type *rt_btf_type(const struct rt_btf *b, u32 id)
{
	return id && id < b->nr ? b->types[id] : NULL;
}

/* @id without typedefs and qualifiers; NULL for void or a bad id. */
static const struct btf_type *rt_btf_resolve(const struct rt_btf *b, u32 id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < 32; depth++) {
		t = rt_btf_type(b, id);
		if (!t)
			return NULL;
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			continue;
		}
		return t;
	}
	return NULL;
}

/* The labels of enumeration @t, sign-extended as the field is. */
static struct rt_enum *rt_btf_enum(const struct rt_btf *b, const struct btf_type *t,
				   bool is_signed)
{
	bool wide = BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64;
	u32 vlen = BTF_INFO_VLEN(t->info), i;
	const void *v = t + 1;
	size_t labels = 0;
	struct rt_enum *e;
	char *s;

	if (!vlen || vlen > RT_BTF_ENUM_MAX)
		return NULL;
	for (i = 0; i < vlen; i++) {
		u32 off = wide ? ((const struct btf_enum64 *)v)[i].name_off :
				 ((const struct btf_enum *)v)[i].name_off;
		const char *n = rt_btf_str(b, off);

		if (!n)
			return NULL;
		labels += strlen(n) + 1;
	}
	e = kzalloc(struct_size(e, map, vlen) + labels, GFP_KERNEL);
	if (!e)
		return NULL;
	s = (char *)&e->map[vlen];
	for (i = 0; i < vlen; i++) {
		u64 val;
		u32 off;

		if (wide) {
			const struct btf_enum64 *x = &((const struct btf_enum64 *)v)[i];

			off = x->name_off;
			val = (u64)x->val_hi32 << 32 | x->val_lo32;
		} else {
			const struct btf_enum *x = &((const struct btf_enum *)v)[i];

			off = x->name_off;
			val = is_signed ? (u64)(s64)(s32)x->val : (u32)x->val;
		}
		e->map[i].value = e->map[i].end = val;
		e->map[i].label = s;
		s += strscpy(s, rt_btf_str(b, off), labels) + 1;
	}
	e->nr = vlen;
	return e;
}

/*
 * Field @f for a value of type @id, or false if it has no register-sized
 * shape.  @name is the field's name; an enumeration's labels are
 * allocated and owned by the field (rt_btf_sig_free()).
 */
static bool rt_btf_field(const struct rt_btf *b, u32 id, const char *name,
			 struct rt_field *f)
{
	const struct btf_type *t = rt_btf_resolve(b, id), *to;
	u32 enc;

	memset(f, 0, sizeof(*f));
	f->name = name;
	f->type = RT_FIELD_INT;
	f->base = 10;
	if (!t)
		return false;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
		enc = BTF_INT_ENCODING(*(const u32 *)(t + 1));
		if (!t->size || t->size > sizeof(long) || !is_power_of_2(t->size))
			return false;
		f->size = t->size;
		f->is_signed = enc & BTF_INT_SIGNED;
		return true;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->size || t->size > sizeof(long) || !is_power_of_2(t->size))
			return false;
		f->size = t->size;
		f->is_signed = BTF_INFO_KFLAG(t->info);
		f->enm = rt_btf_enum(b, t, f->is_signed);
		return true;
	case BTF_KIND_PTR:
		to = rt_btf_resolve(b, t->type);
		if (to && BTF_INFO_KIND(to->info) == BTF_KIND_INT && to->size == 1) {
			f->type = RT_FIELD_STRING;
			return true;
		}
		f->size = sizeof(long);
		f->base = 16;
		return true;
	}
	return false;
}

void rt_btf_sig_free(struct rt_btf_sig *sig)
{
	unsigned int i;

	for (i = 0; i < sig->nr_args; i++)
		kfree(sig->args[i].enm);
	if (sig->has_ret)
		kfree(sig->ret.enm);
	memset(sig, 0, sizeof(*sig));
}

/* A field name the event has already: the argument's gets a prefix. */
static bool rt_btf_reserved(const char *name)
{
	return !strcmp(name, "ip") || !strcmp(name, "parent_ip") ||
	       !strcmp(name, "ret");
}

/*
 * Read the kernel's BTF (@RT_BTF_PATH) into a vmalloc()ed buffer; returns
 * its size or a negative errno.  Not kernel_read_file_from_path(): its
 * reads are for firmware, modules, policies and the like, each an id that
 * LSMs judge, and none fits this one (IPE, in newer kernels, warns at
 * READING_UNKNOWN).  A plain kernel_read() of the file is what this is.
 */
static ssize_t rt_btf_read(void **datap)
{
	struct file *file;
	loff_t size, pos = 0;
	ssize_t n = -ENOENT;
	void *data;

	file = filp_open(RT_BTF_PATH, O_RDONLY, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	size = i_size_read(file_inode(file));
	if (size <= 0 || size > INT_MAX)
		goto out;
	n = -ENOMEM;
	data = vmalloc(size);
	if (!data)
		goto out;
	while (pos < size) {
		n = kernel_read(file, data + pos, size - pos, &pos);
		if (n <= 0)
			break;
	}
	if (pos < size) {
		vfree(data);
		n = n < 0 ? n : -EIO;
		goto out;
	}
	*datap = data;
	n = size;
out:
	fput(file);
	return n;
}

int rt_btf_func(const char *func, struct rt_btf_sig *sig)
{
	struct rt_btf b = { };
	const struct btf_type *fn, *proto;
	const struct btf_param *params;
	unsigned int i, vlen;
	void *data = NULL;
	ssize_t len;
	u32 id;
	int ret = -ENOENT;

	memset(sig, 0, sizeof(*sig));
	len = rt_btf_read(&data);
	if (len < 0)
		return -ENOENT;
	b.data = data;
	b.size = len;
	id = rt_btf_index(&b, func);
	fn = rt_btf_type(&b, id);
	proto = fn ? rt_btf_type(&b, fn->type) : NULL;
	if (!proto || BTF_INFO_KIND(proto->info) != BTF_KIND_FUNC_PROTO)
		goto out;
	params = (const struct btf_param *)(proto + 1);
	vlen = BTF_INFO_VLEN(proto->info);
	for (i = 0; i < vlen && i < RT_BTF_ARGS; i++) {
		const char *name = rt_btf_str(&b, params[i].name_off);
		char *dst = sig->names[i];

		/* A variadic function's last parameter has type 0. */
		if (!params[i].type)
			break;
		if (name && *name && !rt_btf_reserved(name))
			strscpy(dst, name, RT_BTF_NAME_LEN);
		else if (name && *name)
			snprintf(dst, RT_BTF_NAME_LEN, "arg_%s", name);
		else
			snprintf(dst, RT_BTF_NAME_LEN, "arg%u", i);
		if (!rt_btf_field(&b, params[i].type, dst, &sig->args[i]))
			break;
		sig->nr_args++;
	}
	sig->has_ret = rt_btf_field(&b, proto->type, "ret", &sig->ret);
	ret = 0;
out:
	kvfree(b.types);
	vfree(data);
	return ret;
}
