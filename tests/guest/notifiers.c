// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event notifiers through the ABI, as lttng-sessiond drives them: a
 * group with its notification file and error counter, then notifiers on
 * a tracepoint (lttng-test's event, with captures of every kind of
 * field, a context, an element, and what the event does not have), on a
 * system call and on a kprobe.  Every notification is read back and its
 * capture decoded (msgpack, as lttng-tools' client decodes it) and
 * checked against what the workload did.  Then two notifiers on one
 * event, DISABLE, storms nobody reads (delivered + counted errors ==
 * fired), with and without a capture, a blocking reader, the errnos of
 * bad input, and the group closed while its notifiers fire.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

static int tracer, group, notif, counter;

/* One capture program: a root, a name, maybe an index; then RETURN. */
static int capture(int fd, int root, const char *name, long long index)
{
	unsigned char buf[16 + 512];
	uint32_t len, reloc;
	size_t at = 16;

	memset(buf, 0, sizeof(buf));
	buf[at++] = root;			/* GET_*_ROOT */
	buf[at++] = 82;				/* GET_SYMBOL */
	buf[at++] = 2;				/* the name, in the table */
	buf[at++] = 0;
	if (index >= 0) {
		buf[at++] = 85;			/* GET_INDEX_U64 */
		memcpy(buf + at, &index, 8);
		at += 8;
	}
	buf[at++] = 1;				/* RETURN */
	reloc = at - 16;
	buf[at++] = 1;				/* GET_SYMBOL's offset */
	buf[at++] = 0;
	strcpy((char *)buf + at, name);
	at += strlen(name) + 1;
	len = at - 16;
	memcpy(buf, &len, 4);
	memcpy(buf + 4, &reloc, 4);
	return ioctl(fd, RT_ABI_CAPTURE, buf);
}

#define PAYLOAD	81
#define CONTEXT	79
#define APP	80

static int create(const char *name, int instr, unsigned long long token,
		  unsigned long long index)
{
	struct rt_abi_event_notifier en;

	memset(&en, 0, sizeof(en));
	strcpy(en.event.name, name);
	en.event.instrumentation = instr;
	en.event.token = token;
	en.error_counter_index = index;
	if (instr == RT_ABI_INSTR_KPROBE)
		strcpy(en.event.u.kprobe.symbol_name, name);
	return ioctl(group, RT_ABI_EVENT_NOTIFIER_CREATE, &en);
}

/* msgpack as text, enough for what Ringtail writes. */
static const unsigned char *mp_text(const unsigned char *p, const unsigned char *end,
				    char *out, size_t room)
{
	unsigned int n, i, size = 0;
	long long v = 0;
	int is_signed = 0;
	size_t used;

#define OUT(...) do {						\
	used = strlen(out);						\
	snprintf(out + used, room - used, __VA_ARGS__);		\
} while (0)
	if (!p || p >= end)
		return NULL;
	if (*p <= 0x7f) {
		OUT("%u", *p);
		return p + 1;
	}
	if (*p >= 0xe0) {
		OUT("%d", (signed char)*p);
		return p + 1;
	}
	if ((*p & 0xf0) == 0x90 || (*p & 0xf0) == 0x80 || *p == 0xdc) {
		int map = (*p & 0xf0) == 0x80;

		if (*p == 0xdc) {
			n = p[1] << 8 | p[2];
			p += 3;
		} else {
			n = *p++ & 0x0f;
		}
		OUT(map ? "{" : "[");
		for (i = 0; i < n * (map ? 2 : 1) && p; i++) {
			if (i)
				OUT(map && i % 2 ? ":" : ",");
			p = mp_text(p, end, out, room);
		}
		OUT(map ? "}" : "]");
		return p;
	}
	if ((*p & 0xe0) == 0xa0 || *p == 0xda) {
		if (*p == 0xda) {
			n = p[1] << 8 | p[2];
			p += 3;
		} else {
			n = *p++ & 0x1f;
		}
		if (p + n > end)
			return NULL;
		OUT("\"%.*s\"", n, p);
		return p + n;
	}
	if (*p == 0xc0) {
		OUT("nil");
		return p + 1;
	}
	/* 0xcc-0xcf: unsigned of 1 to 8 bytes; 0xd0-0xd3: signed. */
	if (*p >= 0xcc && *p <= 0xd3) {
		is_signed = *p >= 0xd0;
		size = 1u << ((*p - 0xcc) & 3);
	}
	if (!size) {
		OUT("?%02x", *p);
		return NULL;
	}
	if (p + 1 + size > end)
		return NULL;
	for (i = 0; i < size; i++)
		v = v << 8 | p[1 + i];
	if (is_signed && size < 8)
		v = (v << (64 - 8 * size)) >> (64 - 8 * size);
	OUT(is_signed ? "%lld" : "%llu", v);
	return p + 1 + size;
#undef OUT
}

struct notification {
	unsigned long long token;
	unsigned int size;
	char text[1024];
	unsigned char raw[16];		/* the capture's first bytes */
	int padding_zero;
};

/* The next notification, or 0 if there is none (non-blocking). */
static int next(struct notification *n)
{
	struct rt_abi_event_notifier_notification h;
	unsigned char cap[4096];
	ssize_t r;
	int i;

	r = read(notif, &h, sizeof(h));
	if (r != (ssize_t)sizeof(h))
		return 0;
	n->token = h.token;
	n->size = h.capture_buf_size;
	n->padding_zero = 1;
	for (i = 0; i < 32; i++)
		n->padding_zero &= !h.padding[i];
	n->text[0] = 0;
	if (!n->size)
		return 1;
	/* The capture in two reads: a read may end inside a record. */
	r = read(notif, cap, 1);
	if (r == 1 && n->size > 1)
		r += read(notif, cap + 1, n->size - 1);
	memcpy(n->raw, cap, sizeof(n->raw));
	if (r != n->size || !mp_text(cap, cap + n->size, n->text, sizeof(n->text)))
		snprintf(n->text, sizeof(n->text), "(undecodable, %zd bytes)", r);
	return 1;
}

static void lttng_test(int n)
{
	char buf[16];
	int fd = open("/proc/lttng-test-filter-event", O_WRONLY);

	snprintf(buf, sizeof(buf), "%d", n);
	if (fd < 0 || write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf))
		printf("note: lttng-test write failed\n");
	if (fd >= 0)
		close(fd);
}

static long long aggregate(unsigned long long i)
{
	struct rt_abi_counter_aggregate a;

	memset(&a, 0, sizeof(a));
	a.index.number_dimensions = 1;
	a.index.dimension_indexes[0] = i;
	if (ioctl(counter, RT_ABI_COUNTER_AGGREGATE, &a))
		return -errno;
	return a.value.value;
}

/* Every notification waiting, counted by token. */
static int drain(unsigned long long token)
{
	struct notification n;
	int count = 0;

	while (next(&n))
		count += n.token == token;
	return count;
}

int main(void)
{
	struct rt_abi_counter_conf conf;
	struct notification n;
	int a, d, sc, kp, e, f, g, ret, i, ok, pid, status;
	char want[1024];
	long long errors;
	int delivered;

	if (system("modprobe lttng-tracer") != 0 || system("modprobe lttng-test") != 0)
		printf("note: modprobe failed\n");
	prctl(PR_SET_NAME, "rt-notifiers");
	tracer = open("/proc/lttng", O_RDWR);
	group = ioctl(tracer, RT_ABI_EVENT_NOTIFIER_GROUP_CREATE);
	notif = ioctl(group, RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD);
	memset(&conf, 0, sizeof(conf));
	conf.bitness = RT_ABI_COUNTER_BITNESS_64;
	conf.number_dimensions = 1;
	conf.dimensions[0].size = 4096;
	counter = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK(tracer >= 0 && group >= 0 && notif >= 0 && counter >= 0,
	      "a group, its notification file and its error counter");
	fcntl(notif, F_SETFL, O_NONBLOCK);

	/* A tracepoint notifier with captures of every kind. */
	a = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT,
		   0x1122334455667788ULL, 5);
	CHECK(a >= 0, "EVENT_NOTIFIER_CREATE on lttng_test_filter_event (%d)", a);
	ok = !capture(a, PAYLOAD, "intfield", -1) &&
	     !capture(a, PAYLOAD, "stringfield", -1) &&
	     !capture(a, PAYLOAD, "arrfield1", -1) &&
	     !capture(a, CONTEXT, "procname", -1) &&
	     !capture(a, PAYLOAD, "nosuchfield", -1) &&
	     !capture(a, PAYLOAD, "arrfield1", 2) &&
	     !capture(a, PAYLOAD, "arrfield1", 9) &&
	     !capture(a, PAYLOAD, "enum23", -1) &&
	     !capture(a, PAYLOAD, "netintfield", -1) &&
	     !capture(a, PAYLOAD, "signedfield", -1) &&
	     !capture(a, PAYLOAD, "seqfield2", -1) &&
	     !capture(a, PAYLOAD, "arrfield3", -1) &&
	     !capture(a, APP, "a:b", -1);
	CHECK(ok, "13 captures attached");
	CHECK(!next(&n), "nothing before ENABLE");
	lttng_test(1);
	CHECK(!next(&n), "nothing while disabled");
	CHECK(ioctl(a, RT_ABI_ENABLE) == 0, "ENABLE");
	lttng_test(3);
	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want),
			 "[%d,\"test\",[1,2,3],\"rt-notifiers\",nil,3,nil,"
			 "{\"type\":\"enum\",\"value\":23},%d,-1,\"test\",[1,2,3],nil]",
			 i, i);
		ret = next(&n);
		CHECK(ret && n.token == 0x1122334455667788ULL && n.padding_zero,
		      "notification %d: token 0x%llx, zero padding", i, ret ? n.token : 0);
		CHECK(ret && !strcmp(n.text, want), "... capture %s (%u bytes)",
		      ret ? n.text : "-", ret ? n.size : 0);
	}
	CHECK(!next(&n), "exactly 3 notifications");
	CHECK(aggregate(5) == 0, "no error counted");

	/* lttng-tools' capture test's 19 captures on one notifier. */
	d = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 12, 10);
	{
		static const char *const names[] = {
			"DOESNOTEXIST", "intfield", "longfield", "signedfield",
			"arrfield1", "arrfield2", "arrfield3", "seqfield1",
			"seqfield2", "seqfield3", "seqfield4", "arrfield1",
			"stringfield", "stringfield2", "floatfield",
			"doublefield", "enum0", "enumnegative",
		};

		ok = d >= 0;
		for (i = 0; ok && i < 18; i++)
			ok = !capture(d, PAYLOAD, names[i], i == 11 ? 1 : -1);
		ok = ok && !capture(d, CONTEXT, "$ctx.procname", -1);
	}
	CHECK(ok && ioctl(d, RT_ABI_ENABLE) == 0, "a notifier with 19 captures");
	ioctl(a, RT_ABI_DISABLE);
	lttng_test(2);
	ioctl(d, RT_ABI_DISABLE);
	ioctl(a, RT_ABI_ENABLE);
	snprintf(want, sizeof(want), "[nil,1,1,-1,[1,2,3],\"test\",[1,2,3],[116,101,115,116],"
		 "\"test\",[1,2,3],[1,2,3],2,\"test\",\"\\*\",nil,nil,"
		 "{\"type\":\"enum\",\"value\":0},{\"type\":\"enum\",\"value\":-1},"
		 "\"rt-notifiers\"]");
	ret = next(&n) && next(&n);
	CHECK(ret && n.token == 12 && !strcmp(n.text, want), "... its second notification: %s",
	      ret ? n.text : "-");
	close(d);

	/*
	 * An unsigned context (the pid namespace's inode number, above
	 * INT32_MAX) is encoded unsigned, as lttng-modules does: uint32.
	 */
	d = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 16, 14);
	CHECK(d >= 0 && !capture(d, CONTEXT, "$ctx.pid_ns", -1) &&
	      ioctl(d, RT_ABI_ENABLE) == 0, "a notifier capturing $ctx.pid_ns");
	ioctl(a, RT_ABI_DISABLE);
	lttng_test(1);
	ioctl(d, RT_ABI_DISABLE);
	ioctl(a, RT_ABI_ENABLE);
	{
		struct stat st;
		unsigned long long ino = 0;

		ret = next(&n);
		for (i = 0; ret && i < 4; i++)
			ino = ino << 8 | n.raw[2 + i];
		CHECK(ret && n.token == 16 && n.size == 6 && n.raw[0] == 0x91 &&
		      n.raw[1] == 0xce && !stat("/proc/self/ns/pid", &st) &&
		      ino == (unsigned long long)st.st_ino,
		      "... as uint32 (tag %#x): %llu", ret ? n.raw[1] : 0, ino);
	}
	close(d);

	/* A system call notifier: getppid's entries, this thread's by vtid. */
	sc = create("getppid", RT_ABI_INSTR_SYSCALL, 7, 6);
	CHECK(sc >= 0, "a notifier on getppid (entry and exit)");
	CHECK(!capture(sc, CONTEXT, "vtid", -1), "capture $ctx.vtid");
	CHECK(ioctl(sc, RT_ABI_ENABLE) == 0, "ENABLE");
	for (i = 0; i < 5; i++)
		syscall(SYS_getppid);
	ioctl(sc, RT_ABI_DISABLE);
	snprintf(want, sizeof(want), "[%ld]", (long)syscall(SYS_gettid));
	ret = 0;
	while (next(&n))
		ret += n.token == 7 && !strcmp(n.text, want);
	CHECK(ret == 10, "10 notifications of this thread's 5 calls (%d)", ret);

	/* A kprobe notifier. */
	kp = create("lttng_test_filter_event_write", RT_ABI_INSTR_KPROBE, 9, 7);
	CHECK(kp >= 0, "a kprobe notifier (%d)", kp);
	CHECK(ioctl(kp, RT_ABI_ENABLE) == 0, "ENABLE");
	ret = ioctl(kp, RT_ABI_ENABLE);
	CHECK_ERRNO(ret, EEXIST, "ENABLE twice, as lttng-modules' kprobes");
	lttng_test(2);
	ret = 0;
	delivered = 0;
	while (next(&n)) {
		ret += n.token == 9 && n.size == 0;
		delivered += n.token == 0x1122334455667788ULL;
	}
	CHECK(ret == 1 && delivered == 2, "one kprobe hit, two tracepoint events (%d, %d)",
	      ret, delivered);
	ioctl(kp, RT_ABI_DISABLE);

	/* Two notifiers on one event, then one disabled. */
	d = create("lttng_test_*", RT_ABI_INSTR_TRACEPOINT, 10, 8);
	CHECK(d >= 0 && ioctl(d, RT_ABI_ENABLE) == 0, "a second notifier, by glob");
	lttng_test(4);
	ret = delivered = 0;
	while (next(&n)) {
		ret += n.token == 10 && n.size == 0;
		delivered += n.token == 0x1122334455667788ULL;
	}
	CHECK(ret == 4 && delivered == 4, "both notify each event (%d, %d)", ret, delivered);
	CHECK(ioctl(a, RT_ABI_DISABLE) == 0, "DISABLE the first");
	lttng_test(4);
	ret = delivered = 0;
	while (next(&n)) {
		ret += n.token == 10;
		delivered += n.token == 0x1122334455667788ULL;
	}
	CHECK(ret == 4 && delivered == 0, "only the second notifies (%d, %d)", ret, delivered);
	ioctl(d, RT_ABI_DISABLE);

	/* A storm nobody reads: what does not fit is counted. */
	e = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 11, 9);
	CHECK(e >= 0 && ioctl(e, RT_ABI_ENABLE) == 0, "a notifier for the storm");
	lttng_test(20000);
	delivered = drain(11);
	errors = aggregate(9);
	CHECK(errors > 0 && delivered > 0 && delivered + errors == 20000,
	      "storm: %d delivered + %lld errors == 20000 fired", delivered, errors);
	CHECK(aggregate(5) == 0 && aggregate(8) == 0, "other notifiers' elements untouched");
	ioctl(e, RT_ABI_DISABLE);

	/*
	 * The same storm with two notifiers, one capturing a payload field:
	 * once the queue is full it counts its losses before the probe
	 * builds a record, the other as it fires.  Each one's delivered +
	 * errors == fired, and every capture delivered is whole, in order.
	 */
	f = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 14, 12);
	g = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 15, 13);
	CHECK(f >= 0 && g >= 0 && !capture(f, PAYLOAD, "intfield", -1) &&
	      ioctl(f, RT_ABI_ENABLE) == 0 && ioctl(g, RT_ABI_ENABLE) == 0,
	      "a capturing and a bare notifier for a second storm");
	lttng_test(20000);
	{
		int got[2] = { 0, 0 }, in_order = 1, last = -1, v;

		while (next(&n)) {
			if (n.token == 14) {
				got[0]++;
				if (sscanf(n.text, "[%d]", &v) != 1 || v <= last)
					in_order = 0;
				last = v;
			}
			got[1] += n.token == 15;
		}
		CHECK(got[0] > 0 && got[0] + aggregate(12) == 20000 &&
		      got[1] > 0 && got[1] + aggregate(13) == 20000,
		      "second storm: %d + %lld and %d + %lld == 20000 fired",
		      got[0], aggregate(12), got[1], aggregate(13));
		CHECK(in_order, "its captures decode, intfield increasing (last %d)", last);
	}
	ioctl(f, RT_ABI_DISABLE);
	ioctl(g, RT_ABI_DISABLE);
	close(f);
	close(g);

	/*
	 * A blocking reader kept woken: 3,000 notifications go round the
	 * queue (64 KiB) twice, padding at its end each time.
	 */
	ret = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 13, 11);
	CHECK(ret >= 0 && ioctl(ret, RT_ABI_ENABLE) == 0, "a notifier for a blocking reader");
	fcntl(notif, F_SETFL, 0);
	pid = fork();
	if (!pid) {
		struct rt_abi_event_notifier_notification h;
		int got = 0;

		alarm(120);
		while (got < 3000 && read(notif, &h, sizeof(h)) == (ssize_t)sizeof(h))
			got += h.token == 13;
		_exit(got == 3000 ? 0 : 1);
	}
	for (i = 0; i < 30; i++) {
		lttng_test(100);
		usleep(20000);
	}
	waitpid(pid, &status, 0);
	errors = aggregate(11);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && errors == 0,
	      "the reader, woken each time, got all 3000 (status %#x, %lld errors)",
	      status, errors);
	ioctl(ret, RT_ABI_DISABLE);
	close(ret);
	fcntl(notif, F_SETFL, O_NONBLOCK);

	/* Bad input. */
	ret = create("x", RT_ABI_INSTR_KRETPROBE, 1, 1);
	CHECK_ERRNO(ret, EINVAL, "CREATE of a kretprobe");
	ret = create("lttng_test_filter_event", RT_ABI_INSTR_TRACEPOINT, 1, 4096);
	CHECK_ERRNO(ret, EINVAL, "CREATE with an error index past the counter");
	ret = create("no_such_function_here", RT_ABI_INSTR_KPROBE, 1, 1);
	CHECK_ERRNO(ret, ENOENT, "CREATE of a kprobe on no function");
	ret = ioctl(group, RT_ABI_EVENT_NOTIFIER_CREATE, (void *)8);
	CHECK_ERRNO(ret, EFAULT, "CREATE from a bad pointer");
	ret = ioctl(a, RT_ABI_CAPTURE, (void *)8);
	CHECK_ERRNO(ret, EFAULT, "CAPTURE from a bad pointer");
	{
		unsigned char bad[32] = { 4, 0, 0, 0, 3, 0, 0, 0 };

		bad[16] = 81;
		bad[17] = 1;
		ret = ioctl(a, RT_ABI_CAPTURE, bad);
		CHECK_ERRNO(ret, EINVAL, "CAPTURE of a program with no name");
		memset(bad, 0, sizeof(bad));
		ret = ioctl(a, RT_ABI_CAPTURE, bad);
		CHECK_ERRNO(ret, EINVAL, "CAPTURE of an empty program");
	}
	ret = capture(a, 99, "intfield", -1);
	CHECK_ERRNO(ret, EINVAL, "CAPTURE with an unknown root");
	ret = ioctl(a, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, ENOTTY, "a group command on a notifier");

	/* The group closed while its notifiers fire. */
	pid = fork();
	if (!pid) {
		for (;;)
			lttng_test(100);
	}
	CHECK(ioctl(e, RT_ABI_ENABLE) == 0 && ioctl(a, RT_ABI_ENABLE) == 0,
	      "notifiers firing in another process");
	usleep(200000);
	close(a);
	close(d);
	close(e);
	close(sc);
	close(kp);
	close(counter);
	close(group);
	usleep(100000);
	close(notif);
	usleep(200000);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(tracer);
	CHECK(system("modprobe -r lttng-test") == 0 && system("modprobe -r lttng-tracer") == 0,
	      "lttng-test and lttng-tracer unload: nothing left behind");
	return rt_test_done();
}
