/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event descriptions generated from one kernel event header.
 *
 * scripts/gen-instrumentation.sh writes one compile unit per header: it
 * includes the header once (with CREATE_TRACE_POINTS, for the helpers some
 * headers keep under it; instrumentation/shadow/trace/define_trace.h keeps
 * the kernel's tracepoints from being defined again), defines RT_GEN_HEADER
 * (the header, as for #include), includes its skip list (the classes and
 * events the build found it cannot compile or link, as rt_skip_<name> 1)
 * and this file, then RT_GEN_INSTRUMENTATION(unit) for the init and exit
 * functions of its table of descriptions.
 *
 * The header is read again for each stage below, with TRACE_HEADER_MULTI_READ,
 * the kernel's own field macros of include/trace/stages/ and Ringtail's
 * event macros, exactly as the kernel's trace_events.h does for ftrace:
 *
 *   stage 1: struct rt_raw_<class>, ftrace's raw entry without its header;
 *   stage 2: the offsets of dynamic fields;
 *   stage 5: their sizes, for one event;
 *   stage 6: the probe, whose body is the event's own TP_fast_assign, run
 *            on a per-CPU scratch record (record/record.c turns it into the
 *            trace record, with the overlay of instrumentation/overlay.c),
 *            or straight on the reserved record when the trace record is
 *            the raw one (desc->direct, copied into the event's record
 *            target);
 *   then the raw field tables, the symbol tables of TP_printk and the
 *   descriptions, each probe type-checked against the tracepoint's own
 *   declaration.
 *
 * Bare tracepoints (DECLARE_TRACE, no TRACE_EVENT) record their arguments.
 */
#include <linux/kconfig.h>
#include <linux/tracepoint.h>
#include <linux/trace_events.h>
#include <linux/slab.h>
#include <ringtail/instrumentation.h>
#include <ringtail/kinds.h>
#include <ringtail/record.h>
#include <ringtail/session.h>

/*
 * RT_UNLESS(rt_skip_<name>, code...): code, unless the build defined
 * rt_skip_<name> to 1 (the kconfig.h placeholder trick).
 */
#define RT_UNLESS(flag, ...)	__RT_UNLESS(flag, __VA_ARGS__)
#define __RT_UNLESS(flag, ...)	___RT_UNLESS(__ARG_PLACEHOLDER_##flag, __VA_ARGS__)
#define ___RT_UNLESS(junk, ...)	__take_second_arg(junk RT_DROP, RT_PASS)(__VA_ARGS__)
#define RT_DROP(...)
#define RT_PASS(...)		__VA_ARGS__

/* RT_EACH(m, x, a, b, ...): m(x, a) m(x, b) ..., for up to 12 arguments. */
#define RT_EACH(m, x, ...)	CONCATENATE(__RT_EACH, COUNT_ARGS(__VA_ARGS__))(m, x, __VA_ARGS__)
#define __RT_EACH0(m, x)
#define __RT_EACH1(m, x, a)	m(x, a)
#define __RT_EACH2(m, x, a, ...)	m(x, a) __RT_EACH1(m, x, __VA_ARGS__)
#define __RT_EACH3(m, x, a, ...)	m(x, a) __RT_EACH2(m, x, __VA_ARGS__)
#define __RT_EACH4(m, x, a, ...)	m(x, a) __RT_EACH3(m, x, __VA_ARGS__)
#define __RT_EACH5(m, x, a, ...)	m(x, a) __RT_EACH4(m, x, __VA_ARGS__)
#define __RT_EACH6(m, x, a, ...)	m(x, a) __RT_EACH5(m, x, __VA_ARGS__)
#define __RT_EACH7(m, x, a, ...)	m(x, a) __RT_EACH6(m, x, __VA_ARGS__)
#define __RT_EACH8(m, x, a, ...)	m(x, a) __RT_EACH7(m, x, __VA_ARGS__)
#define __RT_EACH9(m, x, a, ...)	m(x, a) __RT_EACH8(m, x, __VA_ARGS__)
#define __RT_EACH10(m, x, a, ...)	m(x, a) __RT_EACH9(m, x, __VA_ARGS__)
#define __RT_EACH11(m, x, a, ...)	m(x, a) __RT_EACH10(m, x, __VA_ARGS__)
#define __RT_EACH12(m, x, a, ...)	m(x, a) __RT_EACH11(m, x, __VA_ARGS__)

/* Every event form maps onto a class and an event. */
#undef TRACE_EVENT
#define TRACE_EVENT(name, proto, args, tstruct, assign, print)		\
	DECLARE_EVENT_CLASS(name, PARAMS(proto), PARAMS(args),		\
			    PARAMS(tstruct), PARAMS(assign), PARAMS(print)) \
	DEFINE_EVENT(name, name, PARAMS(proto), PARAMS(args))
#undef TRACE_EVENT_FN
#define TRACE_EVENT_FN(name, proto, args, tstruct, assign, print, reg, unreg) \
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct),	\
		    PARAMS(assign), PARAMS(print))
#undef TRACE_EVENT_FN_COND
#define TRACE_EVENT_FN_COND(name, proto, args, cond, tstruct, assign, print, reg, unreg) \
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct),	\
		    PARAMS(assign), PARAMS(print))
/* Conditions are evaluated at the call site, before any probe. */
#undef TRACE_EVENT_CONDITION
#define TRACE_EVENT_CONDITION(name, proto, args, cond, tstruct, assign, print) \
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct),	\
		    PARAMS(assign), PARAMS(print))
#undef DEFINE_EVENT_FN
#define DEFINE_EVENT_FN(template, name, proto, args, reg, unreg)	\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))
#undef DEFINE_EVENT_PRINT
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)		\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))
#undef DEFINE_EVENT_CONDITION
#define DEFINE_EVENT_CONDITION(template, name, proto, args, cond)	\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))
#undef DECLARE_TRACE_CONDITION
#define DECLARE_TRACE_CONDITION(name, proto, args, cond)		\
	DECLARE_TRACE(name, PARAMS(proto), PARAMS(args))
/* Events compiled out of this kernel are no tracepoints. */
#undef TRACE_EVENT_NOP
#define TRACE_EVENT_NOP(name, proto, args, tstruct, assign, print)
#undef DEFINE_EVENT_NOP
#define DEFINE_EVENT_NOP(template, name, proto, args)
#undef DECLARE_EVENT_CLASS_NOP
#define DECLARE_EVENT_CLASS_NOP(name, proto, args, tstruct, assign, print)
#undef TRACE_DEFINE_ENUM
#define TRACE_DEFINE_ENUM(a)
#undef TRACE_DEFINE_SIZEOF
#define TRACE_DEFINE_SIZEOF(a)
#undef TRACE_HEADER_MULTI_READ
#define TRACE_HEADER_MULTI_READ

/* Stage 1: the record. */
#include <trace/stages/stage1_struct_define.h>
#define RT_BARE_MEMBER(x, decl)	decl;
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	RT_UNLESS(rt_skip_##call, struct rt_raw_##call {		\
		tstruct							\
		char __data[];						\
	};)
#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)				\
	RT_UNLESS(rt_skip_##call, struct rt_raw_##call {		\
		RT_EACH(RT_BARE_MEMBER, , proto)			\
		char __data[];						\
	};)
#include RT_GEN_HEADER

/* Stage 2: offsets of the dynamic fields. */
#include <trace/stages/stage2_data_offsets.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	RT_UNLESS(rt_skip_##call, struct rt_offsets_##call {		\
		tstruct							\
	};)
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)
#include RT_GEN_HEADER

/* Stage 5: sizes of the dynamic fields of one event. */
#include <trace/stages/stage5_get_offsets.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	RT_UNLESS(rt_skip_##call,					\
static inline int rt_get_offsets_##call(				\
	struct rt_offsets_##call *__data_offsets, proto)		\
{									\
	int __data_size = 0;						\
	int __maybe_unused __item_length;				\
	struct rt_raw_##call __maybe_unused *entry;			\
									\
	tstruct;							\
	return __data_size;						\
})
#include RT_GEN_HEADER

/*
 * Stage 6: the probe (with stage 3's accessors of dynamic fields).  The
 * scratch record is this CPU's and this context's (record/record.c).
 */
#include <trace/stages/stage3_trace_output.h>
#include <trace/stages/stage6_event_callback.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	RT_UNLESS(rt_skip_##call,					\
static notrace void rt_probe_##call(void *__data, proto)		\
{									\
	struct rt_event *__event = __data;				\
	struct rt_offsets_##call __maybe_unused __data_offsets __rt_noinit; \
	const struct rt_filter_set *__filters;				\
	struct rt_raw_##call *entry;					\
	struct rt_rb_ctx __ctx __rt_noinit;					\
	int __data_size;						\
	bool __direct;							\
									\
	if (!rt_event_recording(__event))				\
		return;							\
	/* A filter reads the scratch record before anything is reserved. */ \
	__filters = rt_event_filters(__event);				\
	if (unlikely(__filters) && rt_filter_notify_early(__filters))	\
		return;							\
	__direct = __event->rec.direct && !__filters;			\
	__data_size = rt_get_offsets_##call(&__data_offsets, args);	\
	if (__direct) {							\
		/* Assigned in place: nothing to copy afterwards. */	\
		if (!rt_record_reserve(&__event->rec, &__ctx,		\
				       __event->rec.payload_len))	\
			return;						\
		entry = __ctx.payload;					\
	} else {							\
		entry = rt_scratch_get(offsetof(struct rt_raw_##call, __data) + \
				       __data_size);			\
		if (!entry) {	/* counted as discarded */		\
			rt_event_lost(__event, 1);			\
			return;						\
		}							\
	}								\
	tstruct								\
	{ assign; }							\
	if (__direct) {							\
		rt_record_fixup(&__event->rec, entry);			\
		rt_rb_commit(&__ctx);					\
	} else {							\
		if (!__filters)						\
			rt_record_write(&__event->rec, __event->desc, entry); \
		else if (rt_filter_pass(__filters, entry))		\
			rt_record_filtered(&__event->rec, __event->desc, entry); \
		rt_scratch_put();					\
	}								\
})
#define RT_BARE_ASSIGN(x, arg)	entry->arg = arg;
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)				\
	RT_UNLESS(rt_skip_##call,					\
static notrace void rt_probe_##call(void *__data, proto)		\
{									\
	struct rt_event *__event = __data;				\
	const struct rt_filter_set *__filters;				\
	struct rt_raw_##call *entry;					\
									\
	if (!rt_event_recording(__event))				\
		return;							\
	__filters = rt_event_filters(__event);				\
	if (unlikely(__filters) && rt_filter_notify_early(__filters))	\
		return;							\
	entry = rt_scratch_get(sizeof(*entry));				\
	if (!entry) {							\
		rt_event_lost(__event, 1);				\
		return;							\
	}								\
	RT_EACH(RT_BARE_ASSIGN, , args)					\
	if (!__filters)							\
		rt_record_write(&__event->rec, __event->desc, entry);	\
	else if (rt_filter_pass(__filters, entry))			\
		rt_record_filtered(&__event->rec, __event->desc, entry); \
	rt_scratch_put();						\
})
#include RT_GEN_HEADER

/*
 * The raw field tables, in the order of struct rt_raw_<class> (macro
 * parameters must not be designator names).  Pointers are shown in
 * hexadecimal, as lttng-modules shows them.
 */
#define RT_GEN_BASE(_t)	(__builtin_classify_type((_t)0) == 5 ? 16 : 10)
#define RT_GEN_INT(_t, _item, _type)					\
	{ .name = #_item, .type = _type, .size = sizeof(_t),		\
	  .align = __alignof__(_t), .is_signed = is_signed_type(_t),	\
	  .base = RT_GEN_BASE(_t) },
#undef __field
#define __field(_t, _item)	RT_GEN_INT(_t, _item, RT_FIELD_INT)
#undef __field_ext
#define __field_ext(_t, _item, _filter) __field(_t, _item)
#undef __field_struct
#define __field_struct(_t, _item)					\
	{ .name = #_item, .type = RT_FIELD_BYTES, .size = sizeof(_t),	\
	  .align = __alignof__(_t) },
#undef __field_struct_ext
#define __field_struct_ext(_t, _item, _filter) __field_struct(_t, _item)
#undef __array
#define __array(_t, _item, _len)					\
	{ .name = #_item, .type = __builtin_types_compatible_p(_t, char) ? \
	  RT_FIELD_TEXT : RT_FIELD_ARRAY, .size = sizeof(_t),		\
	  .align = __alignof__(_t), .is_signed = is_signed_type(_t),	\
	  .base = 10, .len = _len },
#undef __dynamic_array
#define __dynamic_array(_t, _item, _len) RT_GEN_INT(_t, _item, RT_FIELD_DATALOC_BYTES)
#undef __string
#define __string(_item, _src)						\
	{ .name = #_item, .type = RT_FIELD_DATALOC_STRING, .size = 1, .align = 4 },
#undef __string_len
#define __string_len(_item, _src, _len) __string(_item, _src)
#undef __vstring
#define __vstring(_item, _fmt, _ap) __string(_item, _fmt)
#undef __bitmask
#define __bitmask(_item, _nr_bits) __dynamic_array(unsigned long, _item, -1)
#undef __cpumask
#define __cpumask(_item) __dynamic_array(unsigned long, _item, -1)
#undef __sockaddr
#define __sockaddr(_item, _len) __dynamic_array(u8, _item, _len)
#undef __rel_dynamic_array
#define __rel_dynamic_array(_t, _item, _len) RT_GEN_INT(_t, _item, RT_FIELD_RELLOC_BYTES)
#undef __rel_string
#define __rel_string(_item, _src)					\
	{ .name = #_item, .type = RT_FIELD_RELLOC_STRING, .size = 1, .align = 4 },
#undef __rel_string_len
#define __rel_string_len(_item, _src, _len) __rel_string(_item, _src)
#undef __rel_bitmask
#define __rel_bitmask(_item, _nr_bits) __rel_dynamic_array(unsigned long, _item, -1)
#undef __rel_cpumask
#define __rel_cpumask(_item) __rel_dynamic_array(unsigned long, _item, -1)
#undef __rel_sockaddr
#define __rel_sockaddr(_item, _len) __rel_dynamic_array(u8, _item, _len)
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	RT_UNLESS(rt_skip_##call,					\
	static const struct rt_field rt_fields_##call[] = { tstruct };)
#define RT_BARE_FIELD(call, arg)					\
	RT_GEN_INT(typeof(((struct rt_raw_##call *)0)->arg), arg,	\
		   __builtin_classify_type(((struct rt_raw_##call *)0)->arg) == 12 ? \
		   RT_FIELD_BYTES : RT_FIELD_INT)
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)				\
	RT_UNLESS(rt_skip_##call,					\
	static const struct rt_field rt_fields_##call[] = {		\
		RT_EACH(RT_BARE_FIELD, call, args)			\
	};)
#include RT_GEN_HEADER

/* Each probe has the prototype the tracepoint declares. */
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)
#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)			\
	RT_UNLESS(rt_skip_##template, RT_UNLESS(rt_skip_##name,	\
	static inline void __maybe_unused rt_check_##name(void)		\
	{								\
		check_trace_callback_type_##name(rt_probe_##template);	\
	}))
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)				\
	DEFINE_EVENT(call, call, PARAMS(proto), PARAMS(args))
#include RT_GEN_HEADER

/*
 * Enumerations: the __print_symbolic() and __print_flags() tables of each
 * class's TP_printk, noted with the expression they print, by evaluating
 * the print arguments at init on a zeroed, writable record as large as a
 * scratch record (ftrace evaluates them on a real one when it prints, so
 * they read nothing else; a few helpers decode into the record's own
 * strings) with a real trace_seq for the helpers that print into one.
 * The tables are static, as ftrace's are: some (cros_ec's commands) are
 * too large for a stack frame.  The build drops the evaluation of a class
 * whose print arguments do not build here (rt_noenum_<class>).  Not
 * inlined, so that the build can tell what each uses.
 */
#include <trace/stages/stage3_trace_output.h>
#undef __print_symbolic
#define __print_symbolic(value, symbol_array...)			\
	({								\
		static const struct trace_print_flags __rt_syms[] =	\
			{ symbol_array, { -1, NULL } };			\
		rt_enums_note(__rt_enums, #value, __rt_syms);		\
	})
#undef __print_flags
#define __print_flags(flag, delim, flag_array...)			\
	({								\
		static const struct trace_print_flags __rt_flags[] =	\
			{ flag_array, { -1, NULL } };			\
		rt_enums_note(__rt_enums, #flag, __rt_flags);		\
	})
#undef TP_printk
#define TP_printk(fmt, args...) fmt, ##args
#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	RT_UNLESS(rt_skip_##call,					\
static noinline void __maybe_unused					\
rt_enums_##call(struct rt_enums *__rt_enums, struct trace_seq *p,	\
		void *zero)						\
{									\
	const struct rt_raw_##call __maybe_unused *field = zero;	\
									\
	RT_UNLESS(rt_noenum_##call, (void)(print);)			\
})
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)				\
	static void __maybe_unused rt_enums_##call(struct rt_enums *e,	\
						   struct trace_seq *p,	\
						   void *zero)		\
	{ }
#include RT_GEN_HEADER
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)
#undef DECLARE_TRACE
#define DECLARE_TRACE(call, proto, args)				\
	DEFINE_EVENT(call, call, PARAMS(proto), PARAMS(args))

/*
 * The descriptions, under the kernel's names, built at init: the header is
 * read inside a function body, where whatever it holds besides events
 * (forward declarations, enums, macros) is harmless.
 */
static int rt_gen_build(struct rt_event_table *table, bool source)
{
	struct rt_enums enums __maybe_unused;	/* a unit may have no class left */
	struct rt_event_desc *d;
	struct trace_seq *seq;
	void *zero;
	unsigned int n = 0;
	int ret = 0;

#undef DEFINE_EVENT
#define DEFINE_EVENT(template, _name, proto, args)			\
	RT_UNLESS(rt_skip_##template, RT_UNLESS(rt_skip_##_name, n++;))
#include RT_GEN_HEADER

	d = kcalloc(n, sizeof(*d), GFP_KERNEL);
	seq = kmalloc(sizeof(*seq), GFP_KERNEL);
	zero = kmalloc(RT_SCRATCH_SIZE, GFP_KERNEL);
	if (!d || !seq || !zero) {
		kfree(d);
		kfree(seq);
		kfree(zero);
		return -ENOMEM;
	}
	table->descs = d;
	table->nr = 0;

#undef DEFINE_EVENT
#define DEFINE_EVENT(template, _name, proto, args)			\
	RT_UNLESS(rt_skip_##template, RT_UNLESS(rt_skip_##_name,	\
	if (!ret) {							\
		d[table->nr] = (struct rt_event_desc){			\
			.tp_name = #_name,				\
			.kind = &rt_tracepoint_kind,			\
			.probe = rt_probe_##template,			\
			.owner = THIS_MODULE,				\
			.source = source };				\
		enums.nr = 0;						\
		trace_seq_init(seq);					\
		memset(zero, 0, RT_SCRATCH_SIZE);			\
		rt_enums_##template(&enums, seq, zero);			\
		ret = rt_record_desc(&d[table->nr], rt_fields_##template, \
				     ARRAY_SIZE(rt_fields_##template),	\
				     offsetof(struct rt_raw_##template, __data), \
				     rt_overlay_find(#_name), &enums);	\
		rt_enums_free(&enums);					\
		if (!ret)						\
			table->nr++;					\
		else if (ret > 0)	/* hand-written, or left out */	\
			ret = 0;					\
	}))
#include RT_GEN_HEADER

	kfree(seq);
	kfree(zero);
	return ret;
}

/* The init and exit of the instrumentation of one header. */
#define RT_GEN_INSTRUMENTATION(unit, source)				\
static struct rt_event_table rt_##unit##_table;				\
									\
int rt_instrumentation_##unit##_init(void)				\
{									\
	int ret = rt_gen_build(&rt_##unit##_table, source);		\
									\
	if (!ret)							\
		ret = rt_events_register(&rt_##unit##_table);		\
	if (ret)							\
		rt_record_descs_free(&rt_##unit##_table);		\
	return ret;							\
}									\
									\
void rt_instrumentation_##unit##_exit(void)				\
{									\
	rt_events_unregister(&rt_##unit##_table);			\
	rt_record_descs_free(&rt_##unit##_table);			\
}
