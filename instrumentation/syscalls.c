// SPDX-License-Identifier: GPL-2.0-only
/*
 * System call event descriptions, from the kernel's own syscall tables and
 * prototypes: scripts/gen-syscalls.pl writes gen-sc/syscalls.h at build
 * time, one line per call of the native and ia32 tables, and the compiler
 * turns each argument's C type into its size and signedness here.
 *
 * Names and fields follow lttng-modules (doc/lttng-abi.md, 5.8):
 * syscall_entry_<call> has every argument in prototype order,
 * syscall_exit_<call> the return value then the pointers the call may
 * write through; compat_syscall_* for ia32 tasks; *_unknown for numbers no
 * description covers.  Where the prototype leaves argument names out
 * (builds without the kernel source), they come from the kernel's syscall
 * metadata, the one ftrace's syscalls:sys_enter_* events show.
 */
#define pr_fmt(fmt) "ringtail: " fmt

#include <linux/compat.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/trace_events.h>
#include <trace/syscall.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/syscalls.h>

/* Size and signedness of an argument, from its C type. */
#define RT_SC_IS_PTR(t)	(__builtin_classify_type((t)0) == 5)
#define RT_SC_SIGNED(t)	__builtin_choose_expr(RT_SC_IS_PTR(t), 0, (t)-1 < (t)1)

#define RT_ARG(k, t, n)							\
	{ .name = #n, .size = sizeof(t), .is_signed = RT_SC_SIGNED(t),	\
	  .kind = RT_SC_##k },
#define RT_SC_DESC(nr, n, cnt, ...)					\
	[nr] = { .name = #n, .nr_args = cnt, .args = { __VA_ARGS__ } },
#define RT_SC_RAW_DESC(nr, n)						\
	[nr] = { .name = #n, .raw = true, .unnamed = true },

/* Each table takes its own lines of the generated file. */
#define RT_SC_64(...)		RT_SC_DESC(__VA_ARGS__)
#define RT_SC_32(...)
#define RT_SCU_64(...)		RT_SC_DESC(__VA_ARGS__)
#define RT_SCU_32(...)
#define RT_SC_RAW_64(...)	RT_SC_RAW_DESC(__VA_ARGS__)
#define RT_SC_RAW_32(...)
#define RT_SC(bits, ...)	RT_SC_##bits(__VA_ARGS__)
#define RT_SCU(bits, ...)	RT_SCU_##bits(__VA_ARGS__)
#define RT_SC_RAW(bits, ...)	RT_SC_RAW_##bits(__VA_ARGS__)

static struct rt_syscall rt_syscalls_64[] = {
#include "gen-sc/syscalls.h"
};

#undef RT_SC_64
#undef RT_SC_32
#undef RT_SCU_64
#undef RT_SCU_32
#undef RT_SC_RAW_64
#undef RT_SC_RAW_32
#define RT_SC_64(...)
#define RT_SC_32(...)		RT_SC_DESC(__VA_ARGS__)
#define RT_SCU_64(...)
#define RT_SCU_32(...)		RT_SC_DESC(__VA_ARGS__)
#define RT_SC_RAW_64(...)
#define RT_SC_RAW_32(...)	RT_SC_RAW_DESC(__VA_ARGS__)

static struct rt_syscall rt_syscalls_32[RT_SC_NR_32 ?: 1] = {
#include "gen-sc/syscalls.h"
};

/* Which lines left argument names out (RT_SCU): marked at init. */
#undef RT_SC
#undef RT_SCU
#undef RT_SC_RAW
#define RT_SC(bits, ...)
#define RT_SCU(bits, nr, ...)	{ bits == 64 ? RT_SC_NATIVE : RT_SC_COMPAT, nr },
#define RT_SC_RAW(bits, ...)
static const struct {
	u8 abi;
	u16 nr;
} rt_syscalls_unnamed[] = {
#include "gen-sc/syscalls.h"
	{ RT_SC_NR_ABI, 0 }
};

static_assert(ARRAY_SIZE(rt_syscalls_64) == RT_SC_NR_64);

static struct rt_syscall *const rt_syscalls[RT_SC_NR_ABI] = {
	rt_syscalls_64, rt_syscalls_32
};
static const unsigned int rt_syscalls_nr[RT_SC_NR_ABI] = { RT_SC_NR_64, RT_SC_NR_32 };

/*
 * Argument names (and, for a call whose prototype is unknown, its number
 * of arguments) from the kernel's syscall metadata: the data of ftrace's
 * syscalls:sys_enter_<name> event.  Arguments of unknown type are
 * recorded as the unsigned long registers they are passed in.
 */
static void rt_sc_name_args(struct rt_syscall *call)
{
	struct trace_event_file *file;
	struct syscall_metadata *meta;
	char event[64];
	int i, n;

	snprintf(event, sizeof(event), "sys_enter_%s", call->name);
	file = trace_get_event_file(NULL, "syscalls", event);
	if (IS_ERR(file)) {
		if (call->raw)
			call->name = NULL;	/* left to *_unknown */
		return;
	}
	meta = file->event_call->data;
	n = min(meta->nb_args, RT_SC_MAX_ARGS);
	if (call->raw) {
		call->nr_args = n;
		for (i = 0; i < n; i++) {
			call->args[i].size = sizeof(unsigned long);
			call->args[i].kind = RT_SC_IN;
		}
	}
	if (n == call->nr_args)
		for (i = 0; i < n; i++)
			call->args[i].name = meta->args[i];
	trace_put_event_file(file);
	call->unnamed = false;
}

/*
 * The buffers lttng-modules records (lttng-abi.md 5.8): the int arrays
 * pipe, pipe2 and socketpair fill, at exit, under its field names.
 */
static const struct {
	const char *call, *arg, *field;
	u8 len;
} rt_sc_ints[] = {
	{ "pipe", "fildes", "fildes", 2 },
	{ "pipe2", "fildes", "fildes", 2 },
	{ "socketpair", "usockvec", "socket", 2 },
};

static void rt_sc_overlay(struct rt_syscall *call)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(rt_sc_ints); i++) {
		if (strcmp(call->name, rt_sc_ints[i].call))
			continue;
		for (j = 0; j < call->nr_args; j++) {
			struct rt_sc_arg *a = &call->args[j];

			if (a->kind != RT_SC_INOUT || strcmp(a->name, rt_sc_ints[i].arg))
				continue;
			a->kind = RT_SC_INTS;
			a->len = rt_sc_ints[i].len;
			a->exit_name = rt_sc_ints[i].field;
		}
	}
}

static void rt_sc_prepare(struct rt_syscall *call)
{
	unsigned int i;

	if (call->unnamed)
		rt_sc_name_args(call);
	if (!call->name)
		return;
	rt_sc_overlay(call);
	call->exit_len = sizeof(s64);
	for (i = 0; i < call->nr_args; i++) {
		struct rt_sc_arg *a = &call->args[i];

		if (a->kind == RT_SC_STR) {
			call->nr_str++;
			continue;
		}
		call->entry_len += a->size;
		if (a->kind == RT_SC_INOUT)
			call->exit_len += a->size;
		else if (a->kind == RT_SC_INTS)
			call->exit_len += a->len * sizeof(int);
	}
}

#define RT_SC_INT(n, t)	{ .name = n, .type = RT_FIELD_INT, .size = sizeof(t), \
			  .is_signed = (t)-1 < (t)0, .base = 10 }

static const struct rt_field rt_sc_unknown_entry[] = {
	RT_SC_INT("id", s32),
	{ .name = "args", .type = RT_FIELD_ARRAY, .size = 8, .len = 6, .base = 10 },
};

static const struct rt_field rt_sc_unknown_exit[] = {
	RT_SC_INT("id", s32), RT_SC_INT("ret", s64),
	{ .name = "args", .type = RT_FIELD_ARRAY, .size = 8, .len = 6, .base = 10 },
};

static const struct rt_field rt_sc_ret = RT_SC_INT("ret", s64);

static struct rt_event_table rt_sc_table;
static struct rt_sc_event *rt_sc_events;

static void rt_sc_field(struct rt_field *f, const struct rt_sc_arg *a)
{
	f->name = a->name;
	f->base = 10;
	if (a->kind == RT_SC_STR) {
		f->type = RT_FIELD_STRING;
		f->size = 1;
		return;
	}
	f->type = RT_FIELD_INT;
	f->size = a->size;
	f->is_signed = a->is_signed;
}

/* The entry and exit descriptions of @call, their fields allocated. */
static int rt_sc_descs(struct rt_event_desc *d, const struct rt_syscall *call,
		       unsigned int abi)
{
	const char *prefix = abi == RT_SC_COMPAT ? "compat_" : "";
	struct rt_field *f;
	unsigned int i, n;

	f = kcalloc(2 * call->nr_args + 1, sizeof(*f), GFP_KERNEL);
	d[0].name = kasprintf(GFP_KERNEL, "%ssyscall_entry_%s", prefix, call->name);
	d[1].name = kasprintf(GFP_KERNEL, "%ssyscall_exit_%s", prefix, call->name);
	if (!f || !d[0].name || !d[1].name)
		return -ENOMEM;
	d[0].fields = f;
	for (i = 0; i < call->nr_args; i++)
		rt_sc_field(&f[i], &call->args[i]);
	d[0].nr_fields = call->nr_args;
	d[0].payload_len = call->entry_len;
	d[0].dynamic = call->nr_str;

	f += call->nr_args;
	d[1].fields = f;
	f[0] = rt_sc_ret;
	for (i = 0, n = 1; i < call->nr_args; i++) {
		const struct rt_sc_arg *a = &call->args[i];

		if (a->kind == RT_SC_INOUT) {
			rt_sc_field(&f[n++], a);
		} else if (a->kind == RT_SC_INTS) {
			f[n++] = (struct rt_field){ .name = a->exit_name,
				.type = RT_FIELD_ARRAY, .size = sizeof(int),
				.len = a->len, .is_signed = true, .base = 10 };
		}
	}
	d[1].nr_fields = n;
	d[1].payload_len = call->exit_len;
	return 0;
}

static void rt_sc_free_descs(void)
{
	unsigned int i;

	for (i = 0; i < rt_sc_table.nr; i++) {
		const struct rt_event_desc *d = &rt_sc_table.descs[i];

		kfree(d->name);
		/* One allocation holds the fields of an entry and its exit. */
		if (!rt_sc_events[i].unknown && rt_sc_events[i].dir == RT_SC_ENTRY)
			kfree(d->fields);
	}
	kfree(rt_sc_table.descs);
	kfree(rt_sc_events);
}

int rt_instrumentation_syscalls_init(void)
{
	struct rt_event_desc *descs, *d;
	struct rt_sc_event *e;
	unsigned int abi, nr, i, n = 0;
	int ret = 0;

	for (i = 0; rt_syscalls_unnamed[i].abi != RT_SC_NR_ABI; i++)
		rt_syscalls[rt_syscalls_unnamed[i].abi][rt_syscalls_unnamed[i].nr].unnamed = true;
	for (abi = 0; abi < RT_SC_NR_ABI; abi++)
		for (nr = 0; nr < rt_syscalls_nr[abi]; nr++) {
			rt_sc_prepare(&rt_syscalls[abi][nr]);
			n += !!rt_syscalls[abi][nr].name;
		}
	n = 2 * n + 2 * RT_SC_NR_ABI;
	descs = kcalloc(n, sizeof(*descs), GFP_KERNEL);
	rt_sc_events = kcalloc(n, sizeof(*rt_sc_events), GFP_KERNEL);
	rt_sc_table.descs = descs;
	if (!descs || !rt_sc_events) {
		ret = -ENOMEM;
		goto fail;
	}
	d = descs;
	e = rt_sc_events;
	for (abi = 0; abi < RT_SC_NR_ABI; abi++) {
		for (nr = 0; nr < rt_syscalls_nr[abi]; nr++) {
			const struct rt_syscall *call = &rt_syscalls[abi][nr];

			if (!call->name)
				continue;
			for (i = 0; i < 2; i++) {
				e[i] = (struct rt_sc_event){ abi, i, false, nr, call->name };
				d[i].kind = &rt_syscall_kind;
				d[i].kind_data = &e[i];
				d[i].owner = THIS_MODULE;
				d[i].payload_align = 1;
			}
			rt_sc_table.nr += 2;
			ret = rt_sc_descs(d, call, abi);
			if (ret)
				goto fail;
			d += 2;
			e += 2;
		}
		for (i = 0; i < 2; i++, d++, e++) {
			*e = (struct rt_sc_event){ abi, i, true, 0, "unknown" };
			d->kind = &rt_syscall_kind;
			d->kind_data = e;
			rt_sc_table.nr++;
			d->name = kasprintf(GFP_KERNEL, "%ssyscall_%s_unknown",
					    abi == RT_SC_COMPAT ? "compat_" : "",
					    i ? "exit" : "entry");
			if (!d->name) {
				ret = -ENOMEM;
				goto fail;
			}
			d->fields = i ? rt_sc_unknown_exit : rt_sc_unknown_entry;
			d->nr_fields = i ? ARRAY_SIZE(rt_sc_unknown_exit) :
					   ARRAY_SIZE(rt_sc_unknown_entry);
			d->payload_len = i ? 4 + 8 + 6 * 8 : 4 + 6 * 8;
			d->payload_align = 1;
			d->owner = THIS_MODULE;
		}
	}
	/* The kind records with the tables the descriptions come from. */
	rt_syscall_tables_set(rt_syscalls, rt_syscalls_nr);
	return rt_events_register(&rt_sc_table);
fail:
	rt_sc_free_descs();
	return ret;
}

void rt_instrumentation_syscalls_exit(void)
{
	rt_events_unregister(&rt_sc_table);
	rt_sc_free_descs();
}

void rt_syscalls_for_each(void (*fn)(unsigned int index, const char *name,
				     unsigned int bitness, void *priv),
			  void *priv)
{
	unsigned int nr;

	for (nr = 0; nr < rt_syscalls_nr[RT_SC_NATIVE]; nr++)
		if (rt_syscalls[RT_SC_NATIVE][nr].name)
			fn(nr, rt_syscalls[RT_SC_NATIVE][nr].name, BITS_PER_LONG, priv);
	for (nr = 0; nr < rt_syscalls_nr[RT_SC_COMPAT]; nr++)
		if (rt_syscalls[RT_SC_COMPAT][nr].name)
			fn(rt_syscalls_nr[RT_SC_NATIVE] + nr,
			   rt_syscalls[RT_SC_COMPAT][nr].name, 32, priv);
}
