// SPDX-License-Identifier: GPL-2.0-only
/*
 * Filters in the kernel: the FILTER ioctl's copy, and the programs of an
 * event linked to its description (include/ringtail/filter.h).  The
 * bytecode itself is checked and run by filter/bytecode.c.
 *
 * Generated events (desc->plan) are filtered on their raw record, read by
 * the record writer's own loader; hand-written ones on the payload their
 * probe wrote into a scratch record (rt_payload_load()).  A program naming
 * what an event does not have links to nothing, and that event is not
 * recorded while the program applies (lttng-modules' behaviour).
 */
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <ringtail/filter.h>
#include "internal.h"

/* The ioctl's argument: a header, then len bytes. */
struct rt_bytecode_abi {
	u32 len;
	u32 reloc_offset;
	u64 seqnum;
} __packed;

struct rt_bytecode *rt_bytecode_from_user(const void __user *arg)
{
	struct rt_bytecode_abi hdr;
	struct rt_bytecode *bc;
	int ret;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return ERR_PTR(-EFAULT);
	if (!hdr.len || hdr.len > RT_BC_MAX_LEN || hdr.reloc_offset > hdr.len)
		return ERR_PTR(-EINVAL);
	bc = kvmalloc(struct_size(bc, prog.data, hdr.len), GFP_KERNEL);
	if (!bc)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(bc->prog.data, arg + sizeof(hdr), hdr.len)) {
		kvfree(bc);
		return ERR_PTR(-EFAULT);
	}
	refcount_set(&bc->ref, 1);
	bc->prog.len = hdr.len;
	bc->prog.reloc_offset = hdr.reloc_offset;
	bc->prog.seqnum = hdr.seqnum;
	ret = rt_bc_check(&bc->prog);
	if (ret) {
		kvfree(bc);
		return ERR_PTR(ret);
	}
	return bc;
}

void rt_bytecode_put(struct rt_bytecode *bc)
{
	if (!bc || !refcount_dec_and_test(&bc->ref))
		return;
	rt_bc_release(&bc->prog);
	kvfree(bc);
}

int rt_bc_resolve(const void *what, const struct rt_bc_ref *ref,
		  const char *name, struct rt_bc_target *t)
{
	const struct rt_event_desc *desc = what;
	const struct rt_field *f;
	unsigned int i;
	int type;

	memset(t, 0, sizeof(*t));
	if (ref->root == RT_BC_ROOT_CONTEXT) {
		type = rt_ctx_by_name(name);
		if (type < 0)
			return -ENOENT;
		t->ctx = type;
		t->elem = 1;	/* only texts can be indexed */
		if (ref->indexed && type != RT_CTX_PROCNAME && type != RT_CTX_HOSTNAME)
			return -ENOENT;
		return 0;
	}
	if (!desc->plan)
		t->desc = desc;
	for (i = 0, f = desc->fields; i < desc->nr_fields; i++, f++)
		if (!strcmp(f->name, name))
			break;
	if (i == desc->nr_fields)
		return -ENOENT;
	t->field = f;
	t->elem = f->size;
	switch (f->type) {
	case RT_FIELD_INT:
		return ref->indexed ? -ENOENT : 0;
	case RT_FIELD_TEXT:
	case RT_FIELD_STRING:
		return 0;
	case RT_FIELD_ARRAY:
	case RT_FIELD_SEQ:
		/* Integers one by one; texts as strings, or bytes. */
		if (f->bits || !f->size || f->size > 8 ||
		    (!ref->indexed && !f->text))
			return -ENOENT;
		return 0;
	default:
		return -ENOENT;
	}
}

/* Link program @bc to @desc as set->link[set->nr++]. */
int rt_filter_link_add(struct rt_filter_set *set,
		       const struct rt_event_desc *desc, struct rt_bytecode *bc)
{
	const struct rt_bc_prog *p = &bc->prog;
	struct rt_filter_link *l = &set->link[set->nr++];

	refcount_inc(&bc->ref);
	l->bc = bc;
	/* Room for at least one, so NULL means "links to nothing". */
	l->targets = kcalloc(p->nr_refs ?: 1, sizeof(*l->targets), GFP_KERNEL);
	if (!l->targets)
		return -ENOMEM;
	if (rt_bc_link(p, desc, l->targets)) {
		kfree(l->targets);
		l->targets = NULL;
	}
	return 0;
}

struct rt_filter_set *rt_filter_set_new(const struct rt_event_desc *desc,
					struct rt_bytecode *const *bcs,
					unsigned int nr)
{
	struct rt_filter_set *set;
	unsigned int i;

	set = kzalloc(struct_size(set, link, nr), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < nr; i++)
		if (rt_filter_link_add(set, desc, bcs[i])) {
			rt_filter_set_free_now(set);
			return ERR_PTR(-ENOMEM);
		}
	return set;
}

bool rt_filter_set_same(const struct rt_filter_set *set,
			struct rt_bytecode *const *bcs, unsigned int nr)
{
	unsigned int i;

	if (!set || set->clauses || set->nr != nr)
		return false;
	for (i = 0; i < nr; i++)
		if (set->link[i].bc != bcs[i])
			return false;
	return true;
}

void rt_filter_set_free_now(struct rt_filter_set *set)
{
	unsigned int i;

	if (!set)
		return;
	for (i = 0; i < set->nr; i++) {
		kfree(set->link[i].targets);
		rt_bytecode_put(set->link[i].bc);
	}
	rt_notify_clauses_free(set);
	kfree(set);
}

static void rt_filter_set_rcu(struct rcu_head *head)
{
	rt_filter_set_free_now(container_of(head, struct rt_filter_set, rcu));
}

void rt_filter_set_free(struct rt_filter_set *set)
{
	/* Probes run with preemption disabled: RCU readers. */
	if (set)
		call_rcu(&set->rcu, rt_filter_set_rcu);
}

notrace bool rt_filter_pass(const struct rt_filter_set *set, const void *in)
{
	unsigned int i;

	/* An event notifier's: it notifies, and nothing is recorded. */
	if (unlikely(set->clauses)) {
		rt_notify_run(set, in);
		return false;
	}
	for (i = 0; i < set->nr; i++) {
		const struct rt_filter_link *l = &set->link[i];

		if (l->targets && rt_bc_run(&l->bc->prog, l->targets, in))
			return true;
	}
	return false;
}
EXPORT_SYMBOL_GPL(rt_filter_pass);

notrace void rt_filter_record(const struct rt_filter_set *set,
			      const struct rt_record_target *t,
			      const void *payload, size_t len)
{
	struct rt_payload in = { .data = payload, .len = len };
	struct rt_rb_ctx ctx;

	if (!rt_filter_pass(set, &in) || !rt_record_reserve(t, &ctx, len))
		return;
	memcpy(ctx.payload, payload, len);
	rt_rb_commit(&ctx);
}
EXPORT_SYMBOL_GPL(rt_filter_record);

int rt_filter_init(void)
{
	return 0;
}

void rt_filter_exit(void)
{
	rcu_barrier();	/* rt_filter_set_rcu() is this module's code */
}

/* The program, with this file's resolver and the kernel's loaders. */
#define RT_BC_ENV "env-kernel.h"
#include "bytecode.c"
