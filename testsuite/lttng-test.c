// SPDX-License-Identifier: GPL-2.0-only
/*
 * lttng-test: the test module lttng-tools' regression suite loads by this
 * name (filtering, notification, clock, rotation, ... tests).  Writing a
 * count N to /proc/lttng-test-filter-event emits N `lttng_test_filter_event`
 * events, the i-th with intfield = i, whose fields cover every field type
 * the kernel tracer has: integers in decimal, hexadecimal and network byte
 * order, arrays, sequences (with a size_t length, as text or integers),
 * strings, bit fields and enumeration values.  The names, types and values
 * are those the suite's filters and checks expect (lttng-modules' event of
 * the same name).
 *
 * The event hangs on a tracepoint of this module and registers with the
 * tracer like any instrumentation; while a session uses it, this module is
 * pinned.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <ringtail/kinds.h>
#include <ringtail/session.h>

DECLARE_TRACE(lttng_test_filter_event,
	TP_PROTO(int anint, int netint, const long *values, const char *text,
		 size_t textlen, const char *etext, const u32 *net_values),
	TP_ARGS(anint, netint, values, text, textlen, etext, net_values));
DEFINE_TRACE(lttng_test_filter_event,
	TP_PROTO(int anint, int netint, const long *values, const char *text,
		 size_t textlen, const char *etext, const u32 *net_values),
	TP_ARGS(anint, netint, values, text, textlen, etext, net_values));

#define RT_TEST_VALUES	3
#define RT_TEST_TEXT	10	/* arrfield2's length */

static const struct rt_enum rt_test_enum = {
	.nr = 7,
	.map = {
		{ 0, 0, "AUTO: EXPECT 0" },
		{ 23, 23, "VALUE: 23" },
		{ 27, 27, "VALUE: 27" },
		{ 28, 28, "AUTO: EXPECT 28" },
		{ 101, 303, "RANGE: 101 TO 303" },
		{ 304, 304, "AUTO: EXPECT 304" },
		{ -1ULL, -1ULL, "VALUE: -1" },
	},
};

#define RT_INT(n, t, b, ...)	{ .name = #n, .type = RT_FIELD_INT, .size = sizeof(t), \
				  .is_signed = (t)-1 < (t)0, .base = b, __VA_ARGS__ }
#define RT_ARR(n, t, l, ...)	{ .name = #n, .type = RT_FIELD_ARRAY, .size = sizeof(t), \
				  .len = l, .is_signed = (t)-1 < (t)0, .base = 10, __VA_ARGS__ }
#define RT_SEQ(n, t, lt, ...)	{ .name = #n, .type = RT_FIELD_SEQ, .size = sizeof(t), \
				  .is_signed = (t)-1 < (t)0, .base = 10, \
				  .len_size = sizeof(lt), __VA_ARGS__ }
#define RT_ENUM(n)		RT_INT(n, int, 10, .enm = &rt_test_enum)

static const struct rt_field rt_test_fields[] = {
	RT_INT(intfield, int, 10),
	RT_INT(intfield2, int, 16),
	RT_INT(longfield, long, 10),
	RT_INT(signedfield, int, 10),
	RT_INT(netintfield, int, 10, .be = true),
	RT_INT(netintfieldhex, int, 16, .be = true),
	RT_ARR(arrfield1, long, RT_TEST_VALUES),
	{ .name = "arrfield2", .type = RT_FIELD_TEXT, .size = 1, .len = RT_TEST_TEXT },
	RT_ARR(arrfield3, u32, RT_TEST_VALUES, .be = true),
	RT_SEQ(seqfield1, char, size_t),
	RT_SEQ(seqfield2, char, size_t, .text = true),
	RT_SEQ(seqfield3, u32, size_t, .be = true),
	RT_SEQ(seqfield4, long, size_t),
	{ .name = "stringfield", .type = RT_FIELD_STRING, .size = 1 },
	{ .name = "stringfield2", .type = RT_FIELD_STRING, .size = 1 },
	RT_SEQ(bitfield_seq, unsigned long, u8, .bits = true),
	RT_ARR(bitfield_array, unsigned long, RT_TEST_VALUES * BITS_PER_LONG,
	       .bits = true),
	RT_ENUM(enum0), RT_ENUM(enum23), RT_ENUM(enum27), RT_ENUM(enum28),
	RT_ENUM(enum202), RT_ENUM(enum304), RT_ENUM(enumnegative),
};

/* Appends fields at their CTF alignment; with no destination, only sizes. */
struct rt_test_writer {
	char *dst;
	size_t pos;
};

static __always_inline void rt_put(struct rt_test_writer *w, const void *src,
				   size_t len, size_t align)
{
	w->pos = ALIGN(w->pos, RT_CTF_PACKED ? 1 : align);
	if (w->dst)
		memcpy(w->dst + w->pos, src, len);
	w->pos += len;
}

#define rt_put_val(w, type, v) \
	({ type __v = (v); rt_put(w, &__v, sizeof(__v), __alignof__(type)); })

/*
 * Inlined twice, so that the measuring pass (no destination) folds into
 * a few additions.
 */
static __always_inline void rt_test_fill(struct rt_test_writer *w, int anint,
					 int netint, const long *values,
					 const char *text, size_t textlen,
					 const char *etext, const u32 *net_values)
{
	static const int enums[] = { 0, 23, 27, 28, 202, 304, -1 };
	char arr[RT_TEST_TEXT] = { };
	int i;

	rt_put_val(w, int, anint);
	rt_put_val(w, int, anint);
	rt_put_val(w, long, anint);
	rt_put_val(w, int, -1);
	/* Already in network byte order, as the metadata says. */
	rt_put_val(w, int, netint);
	rt_put_val(w, int, netint);
	rt_put(w, values, RT_TEST_VALUES * sizeof(long), __alignof__(long));
	memcpy(arr, text, min_t(size_t, textlen, RT_TEST_TEXT));
	rt_put(w, arr, RT_TEST_TEXT, 1);
	rt_put(w, net_values, RT_TEST_VALUES * sizeof(u32), __alignof__(u32));
	for (i = 0; i < 2; i++) {	/* seqfield1, seqfield2 */
		rt_put_val(w, size_t, textlen);
		rt_put(w, text, textlen, 1);
	}
	rt_put_val(w, size_t, RT_TEST_VALUES);
	rt_put(w, net_values, RT_TEST_VALUES * sizeof(u32), __alignof__(u32));
	rt_put_val(w, size_t, RT_TEST_VALUES);
	rt_put(w, values, RT_TEST_VALUES * sizeof(long), __alignof__(long));
	rt_put(w, text, strlen(text) + 1, 1);
	rt_put(w, etext, strlen(etext) + 1, 1);
	/* Bit fields: the longs' bits, least significant first (x86 memory order). */
	rt_put_val(w, u8, RT_TEST_VALUES * BITS_PER_LONG);
	rt_put(w, values, RT_TEST_VALUES * sizeof(long), __alignof__(long));
	rt_put(w, values, RT_TEST_VALUES * sizeof(long), __alignof__(long));
	for (i = 0; i < ARRAY_SIZE(enums); i++)
		rt_put_val(w, int, enums[i]);
}

static void rt_test_probe(void *data, int anint, int netint, const long *values,
			  const char *text, size_t textlen, const char *etext,
			  const u32 *net_values)
{
	struct rt_event *event = data;
	struct rt_test_writer w = { };
	struct rt_event_write ew;

	if (!rt_event_recording(event) || rt_event_notified(event))
		return;
	/* Measured by a first pass, then written. */
	rt_test_fill(&w, anint, netint, values, text, textlen, etext, net_values);
	w = (struct rt_test_writer){ .dst = rt_event_begin(event, &ew, w.pos) };
	if (!w.dst)
		return;
	rt_test_fill(&w, anint, netint, values, text, textlen, etext, net_values);
	rt_event_end(event, &ew);
}

static const struct rt_event_desc rt_test_events[] = {
	{ .name = "lttng_test_filter_event", .tp_name = "lttng_test_filter_event",
	  .kind = &rt_tracepoint_kind, .fields = rt_test_fields, .nr_fields = ARRAY_SIZE(rt_test_fields),
	  .probe = rt_test_probe, .payload_align = RT_CTF_ALIGN(sizeof(long)),
	  .dynamic = true, .owner = THIS_MODULE },
};

static struct rt_event_table rt_test_table = {
	.descs = rt_test_events,
	.nr = ARRAY_SIZE(rt_test_events),
};

/*
 * lttng-tools' test_kernel_function places a function probe on this
 * function by its lttng-modules name: keep the name, and out of line.
 */
static noinline ssize_t lttng_test_filter_event_write(struct file *file,
						      const char __user *ubuf,
						      size_t count, loff_t *ppos)
{
	static const long values[RT_TEST_VALUES] = { 1, 2, 3 };
	u32 net_values[RT_TEST_VALUES];
	unsigned int n, i;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 10, &n);
	if (ret)
		return ret;
	for (i = 0; i < RT_TEST_VALUES; i++)
		net_values[i] = htonl(values[i]);
	for (i = 0; i < n; i++) {
		trace_lttng_test_filter_event(i, htonl(i), values, "test", 4,
					      "\\*", net_values);
		/* Millions of events are a long system call under emulation. */
		if (!(i & 1023)) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	*ppos += count;
	return count;
}

static const struct proc_ops rt_test_proc_ops = {
	.proc_write = lttng_test_filter_event_write,
	.proc_lseek = noop_llseek,
};

static struct proc_dir_entry *rt_test_pde;

static int __init rt_test_init(void)
{
	int ret;

	ret = rt_events_register(&rt_test_table);
	if (ret)
		return ret;
	rt_test_pde = proc_create("lttng-test-filter-event", 0666, NULL,
				  &rt_test_proc_ops);
	if (!rt_test_pde) {
		rt_events_unregister(&rt_test_table);
		return -ENOMEM;
	}
	return 0;
}
module_init(rt_test_init);

static void __exit rt_test_exit(void)
{
	proc_remove(rt_test_pde);
	rt_events_unregister(&rt_test_table);
}
module_exit(rt_test_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Ringtail developers");
MODULE_DESCRIPTION("Ringtail test events for lttng-tools' test suite");
