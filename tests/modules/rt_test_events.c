// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only event table: 40 events (more than the 31 a compact event
 * header can number), all attached to sched_switch, each recording a
 * per-event counter.  Loading it while a session runs tests events that
 * appear later; a session started with it tests large event headers.
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

#define RT_TEST_EVENTS 40

struct __rt_ctf_layout rt_test_payload {
	u64 count;
	s32 tid;
};

static const struct rt_field rt_test_fields[] = {
	{ .name = "count", .type = RT_FIELD_INT, .size = 8, .base = 10 },
	{ .name = "tid", .type = RT_FIELD_INT, .size = 4, .is_signed = true, .base = 10 },
};

static atomic64_t rt_test_count;

static void rt_test_probe(void *data, bool preempt, struct task_struct *prev,
			  struct task_struct *next, unsigned int prev_state)
{
	struct rt_event *event = data;
	struct rt_test_payload *p;
	struct rt_rb_ctx ctx;

	/* CTF structures have no tail padding: not sizeof(*p). */
	if (!rt_event_recording(event) ||
	    !rt_record_reserve(&event->rec, &ctx, offsetofend(struct rt_test_payload, tid)))
		return;
	p = ctx.payload;
	p->count = atomic64_inc_return(&rt_test_count);
	p->tid = next->pid;
	rt_rb_commit(&ctx);
}

static char rt_test_names[RT_TEST_EVENTS][16];
static struct rt_event_desc rt_test_descs[RT_TEST_EVENTS];
static struct rt_event_table rt_test_table = {
	.descs = rt_test_descs,
	.nr = RT_TEST_EVENTS,
};

static int __init rt_test_events_init(void)
{
	int i;

	for (i = 0; i < RT_TEST_EVENTS; i++) {
		snprintf(rt_test_names[i], sizeof(rt_test_names[i]), "rt_test_ev%d", i);
		rt_test_descs[i] = (struct rt_event_desc){
			.name = rt_test_names[i],
			.tp_name = "sched_switch",
			.kind = &rt_tracepoint_kind,
			.fields = rt_test_fields,
			.nr_fields = ARRAY_SIZE(rt_test_fields),
			.probe = rt_test_probe,
			.payload_len = offsetofend(struct rt_test_payload, tid),
			.payload_align = __alignof__(struct rt_test_payload),
			.owner = THIS_MODULE,
		};
	}
	return rt_events_register(&rt_test_table);
}
module_init(rt_test_events_init);

static void __exit rt_test_events_exit(void)
{
	rt_events_unregister(&rt_test_table);
}
module_exit(rt_test_events_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ringtail test: 40 events on sched_switch");
