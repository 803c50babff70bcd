/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Records of generated events (events/record.c).  A generated probe runs
 * the event's own TP_fast_assign on a scratch record in ftrace's layout,
 * then rt_record_write() writes the trace record from it, field by field,
 * as the description (with its LTTng overlay) says.
 */
#ifndef _RINGTAIL_RECORD_H
#define _RINGTAIL_RECORD_H

#include <ringtail/events.h>

struct rt_event;
struct rt_event_table;

/* Scratch records: about ftrace's own limit on one event. */
#define RT_SCRATCH_SIZE	(2 * PAGE_SIZE)

/*
 * This CPU's scratch record for the current context (task, softirq, irq,
 * NMI nest), or NULL if @len is too large or the nesting too deep.  Called
 * with preemption disabled, as tracepoint probes are; rt_scratch_put()
 * releases it.
 */
void *rt_scratch_get(size_t len);
void rt_scratch_put(void);
void rt_record_write(struct rt_event *event, const void *raw);

/*
 * The symbol tables of a class's TP_printk, noted (copied) when its print
 * arguments are evaluated (instrumentation/gen.h), with the expression
 * each table prints.  rt_record_desc() takes those it uses;
 * rt_enums_free() frees the others.
 */
struct trace_print_flags;
#define RT_ENUMS_MAX	8
struct rt_enums {
	unsigned int nr;
	struct {
		const char *expr;
		struct rt_enum *enm;
	} e[RT_ENUMS_MAX];
};
const char *rt_enums_note(struct rt_enums *enums, const char *expr,
			  const struct trace_print_flags *table);
void rt_enums_free(struct rt_enums *enums);

/*
 * Fill in the fields of @desc (tp_name set) from the raw fields of its
 * class, whose record has @raw_size fixed bytes, LTTng's overlay and, for
 * events LTTng does not define, the symbol tables in @enums that print one
 * field (CTF enumerations).  Returns 0, -errno, or 1 if the event is left
 * out (hand-written, or a layout this cannot describe).
 */
int rt_record_desc(struct rt_event_desc *desc, const struct rt_field *raw,
		   unsigned int nr_raw, size_t raw_size,
		   struct rt_enums *enums);
void rt_record_descs_free(struct rt_event_table *table);
int rt_record_init(void);
void rt_record_exit(void);

#endif /* _RINGTAIL_RECORD_H */
