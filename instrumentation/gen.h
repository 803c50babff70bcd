/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event descriptions generated from one kernel event header.
 *
 * The including file defines RT_GEN_HEADER (the header, as for #include)
 * after including the header once, then RT_GEN_INSTRUMENTATION(system)
 * for the init and exit functions of its table of descriptions, which
 * carry LTTng's names where the overlay has them.
 * The header is read again for each stage below, with TRACE_HEADER_MULTI_READ,
 * the kernel's own field macros of include/trace/stages/ and Ringtail's
 * event macros, exactly as the kernel's trace_events.h does for ftrace:
 *
 *   stage 1: struct rt_raw_<class>, ftrace's raw entry without its header;
 *   stage 2: the offsets of dynamic fields;
 *   stage 5: their sizes, for one event;
 *   stage 6: the probe, whose body is the event's own TP_fast_assign;
 *   then the field tables (for the metadata) and the descriptions, each
 *   probe type-checked against the tracepoint's own declaration.
 *
 * The record is the C layout of rt_raw_<class>, described field by field
 * with natural alignment, each __data_loc word as an offset and a length,
 * and the dynamic data after the fixed fields.
 */
#include <linux/tracepoint.h>
#include <linux/trace_events.h>
#include <linux/slab.h>
#include <ringtail/session.h>

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
#undef TRACE_DEFINE_ENUM
#define TRACE_DEFINE_ENUM(a)
#undef TRACE_DEFINE_SIZEOF
#define TRACE_DEFINE_SIZEOF(a)
#undef TRACE_HEADER_MULTI_READ
#define TRACE_HEADER_MULTI_READ

/* Stage 1: the record. */
#include <trace/stages/stage1_struct_define.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	struct rt_raw_##call {						\
		tstruct							\
		char __data[];						\
	};
#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)
#include RT_GEN_HEADER

/* Stage 2: offsets of the dynamic fields. */
#include <trace/stages/stage2_data_offsets.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	struct rt_offsets_##call {					\
		tstruct							\
	};
#include RT_GEN_HEADER

/* Stage 5: sizes of the dynamic fields of one event. */
#include <trace/stages/stage5_get_offsets.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
static inline int rt_get_offsets_##call(				\
	struct rt_offsets_##call *__data_offsets, proto)		\
{									\
	int __data_size = 0;						\
	int __maybe_unused __item_length;				\
	struct rt_raw_##call __maybe_unused *entry;			\
									\
	tstruct;							\
	return __data_size;						\
}
#include RT_GEN_HEADER

/* Stage 6: the probe (with stage 3's accessors of dynamic fields). */
#include <trace/stages/stage3_trace_output.h>
#include <trace/stages/stage6_event_callback.h>
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
static notrace void rt_probe_##call(void *__data, proto)		\
{									\
	struct rt_event *__event = __data;				\
	struct rt_offsets_##call __maybe_unused __data_offsets;		\
	struct rt_raw_##call *entry;					\
	struct rt_rb_ctx __ctx;						\
	int __data_size;						\
									\
	if (!READ_ONCE(__event->recording))				\
		return;							\
	__data_size = rt_get_offsets_##call(&__data_offsets, args);	\
	if (!rt_ctf_reserve(__event, &__ctx,				\
			    offsetof(struct rt_raw_##call, __data) + __data_size)) \
		return;							\
	entry = __ctx.payload;						\
	tstruct								\
	{ assign; }							\
	rt_rb_commit(&__ctx);						\
}
#include RT_GEN_HEADER

/* The field tables (macro parameters must not be designator names). */
/* Pointers are shown in hexadecimal, as lttng-modules shows them. */
#define RT_GEN_BASE(_t)	(__builtin_classify_type((_t)0) == 5 ? 16 : 10)
#undef __field
#define __field(_t, _item)						\
	{ .name = #_item, .type = RT_FIELD_INT, .size = sizeof(_t),	\
	  .align = __alignof__(_t), .is_signed = is_signed_type(_t),	\
	  .base = RT_GEN_BASE(_t) },
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
#define __dynamic_array(_t, _item, _len)				\
	{ .name = #_item, .type = RT_FIELD_DATALOC_BYTES },
#undef __string
#define __string(_item, _src)						\
	{ .name = #_item, .type = RT_FIELD_DATALOC_STRING },
#undef __string_len
#define __string_len(_item, _src, _len) __string(_item, _src)
#undef __vstring
#define __vstring(_item, _fmt, _ap) __string(_item, _fmt)
#undef __bitmask
#define __bitmask(_item, _nr_bits) __dynamic_array(unsigned long, _item, -1)
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)	\
	static const struct rt_field rt_fields_##call[] = { tstruct };
#include RT_GEN_HEADER

/* Each probe has the prototype the tracepoint declares. */
#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)
#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)			\
	static inline void __maybe_unused rt_check_##name(void)		\
	{								\
		check_trace_callback_type_##name(rt_probe_##template);	\
	}
#include RT_GEN_HEADER

/*
 * The descriptions, under the kernel's names, built at init: the header is
 * read inside a function body, where whatever it holds besides events
 * (forward declarations, enums, macros) is harmless.
 */
static int rt_gen_build(struct rt_event_table *table)
{
	struct rt_event_desc *d;
	unsigned int n = 0;

#undef DEFINE_EVENT
#define DEFINE_EVENT(template, _name, proto, args) n++;
#include RT_GEN_HEADER

	d = kcalloc(n, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	n = 0;

#undef DEFINE_EVENT
#define DEFINE_EVENT(template, _name, proto, args)			\
	d[n++] = (struct rt_event_desc){				\
		.name = #_name, .tp_name = #_name,			\
		.fields = rt_fields_##template,				\
		.nr_fields = ARRAY_SIZE(rt_fields_##template),		\
		.probe = rt_probe_##template,				\
		.payload_align = __alignof__(struct rt_raw_##template),	\
		.owner = THIS_MODULE };
#include RT_GEN_HEADER

	rt_overlay_apply(d, n);
	table->descs = d;
	table->nr = n;
	return 0;
}

/* The init and exit of the instrumentation of one header, named by @sys. */
#define RT_GEN_INSTRUMENTATION(sys)					\
static struct rt_event_table rt_##sys##_table;				\
									\
int rt_instrumentation_##sys##_init(void)				\
{									\
	int ret = rt_gen_build(&rt_##sys##_table);			\
									\
	return ret ?: rt_events_register(&rt_##sys##_table);		\
}									\
									\
void rt_instrumentation_##sys##_exit(void)				\
{									\
	rt_events_unregister(&rt_##sys##_table);			\
	kfree(rt_##sys##_table.descs);					\
}
