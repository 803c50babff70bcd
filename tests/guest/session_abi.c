// SPDX-License-Identifier: GPL-2.0-only
/*
 * Session, channel and event files as lttng-sessiond drives them, with the
 * errnos it relies on for bad input (doc/lttng-abi.md, sections 1.9, 2.2).
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

static struct rt_abi_channel chan_attr(unsigned long subbuf, unsigned long n, int ow)
{
	struct rt_abi_channel c;

	memset(&c, 0, sizeof(c));
	c.subbuf_size = subbuf;
	c.num_subbuf = n;
	c.overwrite = ow;
	c.read_timer_interval = 200000;
	c.output = RT_ABI_OUTPUT_SPLICE;
	return c;
}

static struct rt_abi_event event_attr(const char *name, unsigned int instr)
{
	struct rt_abi_event e;

	memset(&e, 0, sizeof(e));
	strncpy(e.name, name, sizeof(e.name) - 1);
	e.instrumentation = instr;
	return e;
}

int main(void)
{
	static const struct { unsigned long s, n; int ow; } bad[] = {
		{ 0, 4, 0 }, { 1000, 4, 0 }, { 4096, 0, 0 }, { 4096, 3, 0 },
		{ 4096, 1, 1 }, { 4096, 4, 2 }, { 1UL << 40, 4, 0 },
	};
	struct rt_abi_channel c;
	struct rt_abi_event e;
	struct rt_abi_session_name name;
	struct pollfd pf;
	int tracer, s, ch, md, ev, st, n, i, s2, streams[64];
	long ret;

	if (system("modprobe -a lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite "
		   "lttng-ring-buffer-metadata-mmap-client"))
		printf("note: modprobe failed\n");
	tracer = open("/proc/lttng", O_RDWR);
	CHECK(tracer >= 0, "open /proc/lttng");
	s = ioctl(tracer, RT_ABI_SESSION);
	CHECK(s >= 0, "SESSION gives a session fd");

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		c = chan_attr(bad[i].s, bad[i].n, bad[i].ow);
		ret = ioctl(s, RT_ABI_CHANNEL, &c);
		CHECK_ERRNO(ret, EINVAL, "CHANNEL with a bad size, count or mode");
	}
	c = chan_attr(4096, 4, 0);
	c.output = 7;
	ret = ioctl(s, RT_ABI_CHANNEL, &c);
	CHECK_ERRNO(ret, EINVAL, "CHANNEL with an unknown output");
	ret = ioctl(s, RT_ABI_CHANNEL, (void *)16);
	CHECK_ERRNO(ret, EFAULT, "CHANNEL from a bad pointer");

	memset(&name, 'x', sizeof(name));
	ret = ioctl(s, RT_ABI_SESSION_SET_NAME, &name);
	CHECK_ERRNO(ret, EINVAL, "SET_NAME without a terminating NUL");
	strcpy(name.name, "abi-test");
	CHECK(ioctl(s, RT_ABI_SESSION_SET_NAME, &name) == 0, "SET_NAME");

	/* lttng-tools 2.14+: the format by value, until the metadata channel. */
	CHECK(ioctl(s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, RT_ABI_OUTPUT_FORMAT_CTF_2) == 0,
	      "SET_OUTPUT_FORMAT CTF 2");
	CHECK(ioctl(s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, RT_ABI_OUTPUT_FORMAT_CTF_1_8) == 0,
	      "SET_OUTPUT_FORMAT CTF 1.8");
	ret = ioctl(s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, 0);
	CHECK_ERRNO(ret, EINVAL, "SET_OUTPUT_FORMAT 0");
	ret = ioctl(s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, 3);
	CHECK_ERRNO(ret, EINVAL, "SET_OUTPUT_FORMAT 3");

	c = chan_attr(4096, 4, 0);
	ch = ioctl(s, RT_ABI_CHANNEL, &c);
	CHECK(ch >= 0, "CHANNEL 4 KiB x 4");
	c = chan_attr(4096, 2, 0);
	c.output = RT_ABI_OUTPUT_MMAP;
	md = ioctl(s, RT_ABI_METADATA, &c);
	CHECK(md >= 0, "METADATA");
	ret = ioctl(s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, RT_ABI_OUTPUT_FORMAT_CTF_2);
	CHECK_ERRNO(ret, EBUSY, "SET_OUTPUT_FORMAT CTF 2 once the metadata channel exists");
	CHECK(ioctl(s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, RT_ABI_OUTPUT_FORMAT_CTF_1_8) == 0,
	      "... the format it has is still accepted");

	pf.fd = ch;
	pf.events = POLLIN;
	CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLIN),
	      "channel poll: POLLIN while buffers have no reader");
	n = 0;
	while ((st = ioctl(ch, RT_ABI_STREAM)) >= 0 && n < 64)
		streams[n++] = st;
	CHECK(n == sysconf(_SC_NPROCESSORS_CONF) && errno == ENOENT,
	      "STREAM gives one fd per CPU (%d), then ENOENT (%s)", n, strerror(errno));
	CHECK(poll(&pf, 1, 0) == 0, "channel poll: nothing once every buffer has a reader");
	st = ioctl(md, RT_ABI_STREAM);
	CHECK(st >= 0, "metadata STREAM");
	ret = ioctl(md, RT_ABI_STREAM);
	CHECK_ERRNO(ret, ENOENT, "a second metadata stream");
	{
		static char pbuf[4096];
		struct rt_abi_rb_flush_or_populate fp = { .packet = (unsigned long)pbuf };

		ret = ioctl(st, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
		CHECK_ERRNO(ret, ENOTTY, "FLUSH_OR_POPULATE_PACKET on the metadata stream");
	}

	/* Enablers of names no event has (yet) are kept, as lttng-modules does. */
	e = event_attr("no_such_event", RT_ABI_INSTR_TRACEPOINT);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(ret >= 0 && ioctl(ret, RT_ABI_ENABLE) == 0 && close(ret) == 0,
	      "EVENT of an unknown tracepoint: an enabler, which enables");
	e = event_attr("sched_switch", RT_ABI_INSTR_FUNCTION);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "EVENT of FUNCTION instrumentation");
	e = event_attr("sched_switch", 99);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, ENOSYS, "EVENT of an unknown instrumentation");
	ret = ioctl(md, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, ENOTTY, "EVENT on the metadata channel");
	memset(&e, 'a', sizeof(e));
	e.instrumentation = RT_ABI_INSTR_TRACEPOINT;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(ret >= 0 && close(ret) == 0, "EVENT with an unterminated 256-byte name: cut");
	/* System call enablers (left disabled: nothing attaches here). */
	e = event_attr("no_such_call", RT_ABI_INSTR_SYSCALL);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(ret >= 0 && close(ret) == 0, "EVENT of an unknown system call: an enabler");
	e = event_attr("getppid", RT_ABI_INSTR_SYSCALL);
	e.u.syscall.match = 1;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "EVENT of a system call by number");
	e.u.syscall.match = 0;
	e.u.syscall.entryexit = 3;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "EVENT of a system call, bad entry/exit");
	e.u.syscall.entryexit = 1;
	e.u.syscall.abi = 3;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "EVENT of a system call, bad ABI");
	e.u.syscall.abi = 1;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(ret >= 0, "EVENT getppid, entry only, native only");
	close(ret);
	e = event_attr("open*", RT_ABI_INSTR_SYSCALL);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(ret >= 0, "EVENT open* (a system call glob)");
	close(ret);

	e = event_attr("sched_*", RT_ABI_INSTR_TRACEPOINT);
	ev = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(ev >= 0, "EVENT sched_* (a glob)");
	CHECK(ioctl(ev, RT_ABI_ENABLE) == 0, "event ENABLE");
	ret = ioctl(ev, _IO(RT_ABI_IOC_TYPE, 0x7d));
	CHECK_ERRNO(ret, ENOTTY, "unknown event ioctl");

	/* Contexts: bad ones refused, nothing added twice, none per event. */
	{
		struct rt_abi_context cx;

		ret = ioctl(ch, RT_ABI_CONTEXT, (void *)16);
		CHECK_ERRNO(ret, EFAULT, "CONTEXT from a bad pointer");
		memset(&cx, 0, sizeof(cx));
		cx.ctx = 1000;
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EINVAL, "CONTEXT of an unknown type");
		cx.ctx = RT_ABI_CTX_PROCNAME;
		CHECK(ioctl(ch, RT_ABI_CONTEXT, &cx) == 0, "CONTEXT procname");
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EEXIST, "CONTEXT procname twice");
		ret = ioctl(md, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, ENOTTY, "CONTEXT on the metadata channel");
		ret = ioctl(ev, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, ENOSYS, "CONTEXT on an event");
		cx.ctx = RT_ABI_CTX_PERF_CPU_COUNTER;
		cx.u.perf_counter.type = 1;	/* PERF_TYPE_SOFTWARE */
		memset(cx.u.perf_counter.name, 'a', sizeof(cx.u.perf_counter.name));
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EINVAL, "CONTEXT perf counter, unterminated name");
		strcpy(cx.u.perf_counter.name, "perf cpu");
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EINVAL, "CONTEXT perf counter, a name CTF cannot hold");
		strcpy(cx.u.perf_counter.name, "perf_cpu_x");
		cx.u.perf_counter.type = 1000;
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EINVAL, "CONTEXT perf counter of an unknown type");
		cx.u.perf_counter.type = 1;
		cx.u.perf_counter.config = 1ULL << 40;
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK(ret < 0 && errno != EEXIST && errno != EFAULT,
		      "CONTEXT perf counter, software config out of range (%s)", strerror(errno));
		cx.u.perf_counter.config = 0;	/* PERF_COUNT_SW_CPU_CLOCK */
		strcpy(cx.u.perf_counter.name, "perf_cpu_cpu_clock");
		CHECK(ioctl(ch, RT_ABI_CONTEXT, &cx) == 0, "CONTEXT perf:cpu:cpu-clock");
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EEXIST, "CONTEXT perf:cpu:cpu-clock twice");
	}

	/* Trackers: the errnos lttng-tools maps to its messages. */
	{
		struct rt_abi_tracker_args ta = { .type = 2, .id = 4242 };

		ret = ioctl(s, RT_ABI_SESSION_TRACK_PID, -2);
		CHECK_ERRNO(ret, EINVAL, "TRACK_PID -2");
		ret = ioctl(s, RT_ABI_SESSION_UNTRACK_PID, 77);
		CHECK_ERRNO(ret, ENOENT, "UNTRACK_PID while every pid is tracked");
		CHECK(ioctl(s, RT_ABI_SESSION_TRACK_PID, 77) == 0, "TRACK_PID 77");
		ret = ioctl(s, RT_ABI_SESSION_TRACK_PID, 77);
		CHECK_ERRNO(ret, EEXIST, "TRACK_PID 77 twice");
		CHECK(ioctl(s, RT_ABI_SESSION_TRACK_PID, 5) == 0 &&
		      ioctl(s, RT_ABI_SESSION_TRACK_PID, 900) == 0 &&
		      ioctl(s, RT_ABI_SESSION_UNTRACK_PID, 77) == 0,
		      "TRACK_PID 5 and 900, UNTRACK_PID 77");
		ret = ioctl(s, RT_ABI_SESSION_UNTRACK_PID, 77);
		CHECK_ERRNO(ret, ENOENT, "UNTRACK_PID 77 twice");
		CHECK(ioctl(s, RT_ABI_SESSION_UNTRACK_PID, 5) == 0 &&
		      ioctl(s, RT_ABI_SESSION_UNTRACK_PID, 900) == 0,
		      "UNTRACK_PID 5 and 900: an empty set");
		CHECK(ioctl(s, RT_ABI_SESSION_UNTRACK_PID, -1) == 0 &&
		      ioctl(s, RT_ABI_SESSION_TRACK_PID, -1) == 0,
		      "UNTRACK_PID -1 (none), TRACK_PID -1 (all)");
		CHECK(ioctl(s, RT_ABI_SESSION_TRACK_ID, &ta) == 0, "TRACK_ID uid 4242");
		ret = ioctl(s, RT_ABI_SESSION_TRACK_ID, &ta);
		CHECK_ERRNO(ret, EEXIST, "TRACK_ID uid 4242 twice");
		ret = ioctl(s, RT_ABI_OLD_SESSION_UNTRACK_ID, &ta);
		CHECK(ret == 0, "UNTRACK_ID uid 4242 (the old number)");
		ta.type = 6;
		ret = ioctl(s, RT_ABI_SESSION_TRACK_ID, &ta);
		CHECK_ERRNO(ret, EINVAL, "TRACK_ID of an unknown tracker");
		ta.type = 5;
		ta.id = -5;
		ret = ioctl(s, RT_ABI_SESSION_TRACK_ID, &ta);
		CHECK_ERRNO(ret, EINVAL, "TRACK_ID vgid -5");
		ret = ioctl(s, RT_ABI_SESSION_TRACK_ID, NULL);
		CHECK_ERRNO(ret, EFAULT, "TRACK_ID from a NULL pointer");
		ret = ioctl(s, RT_ABI_SESSION_UNTRACK_ID, (void *)8);
		CHECK_ERRNO(ret, EFAULT, "UNTRACK_ID from a bad pointer");
		ta.type = 2;
		ta.id = -1;
		CHECK(ioctl(s, RT_ABI_SESSION_TRACK_ID, &ta) == 0, "TRACK_ID uid -1 (all)");
	}

	ret = ioctl(s, RT_ABI_SESSION_STOP);
	CHECK_ERRNO(ret, EBUSY, "SESSION_STOP of an inactive session");
	CHECK(ioctl(s, RT_ABI_SESSION_START) == 0, "SESSION_START");
	ret = ioctl(s, RT_ABI_SESSION_START);
	CHECK_ERRNO(ret, EBUSY, "SESSION_START twice");
	c = chan_attr(4096, 4, 0);
	ret = ioctl(s, RT_ABI_CHANNEL, &c);
	CHECK_ERRNO(ret, EINVAL, "CHANNEL once the session ran");
	{
		struct rt_abi_context cx;

		memset(&cx, 0, sizeof(cx));
		cx.ctx = RT_ABI_CTX_TID;
		ret = ioctl(ch, RT_ABI_CONTEXT, &cx);
		CHECK_ERRNO(ret, EPERM, "CONTEXT once the session ran");
	}
	ret = ioctl(ch, RT_ABI_DISABLE);
	CHECK(ret == 0, "channel DISABLE");
	ret = ioctl(ch, RT_ABI_DISABLE);
	CHECK_ERRNO(ret, EEXIST, "channel DISABLE twice");
	CHECK(ioctl(ch, RT_ABI_ENABLE) == 0, "channel ENABLE");
	usleep(100000);
	CHECK(ioctl(s, RT_ABI_SESSION_STATEDUMP) == 0, "SESSION_STATEDUMP while active");
	ret = ioctl(ch, RT_ABI_SESSION_STATEDUMP);
	CHECK_ERRNO(ret, ENOTTY, "SESSION_STATEDUMP on a channel");
	CHECK(ioctl(s, RT_ABI_SESSION_STOP) == 0, "SESSION_STOP");
	CHECK(ioctl(s, RT_ABI_SESSION_STATEDUMP) == 0,
	      "SESSION_STATEDUMP while stopped succeeds (as in lttng-modules)");
	CHECK(ioctl(tracer, RT_ABI_WAIT_QUIESCENT) == 0, "WAIT_QUIESCENT");

	/* SYSCALL_LIST: native calls at their number, compat ones after. */
	{
		char line[512], nm[256];
		unsigned int idx, bits, nat = 0, comp = 0, statx_ok = 0, bad = 0;
		FILE *f;

		ret = ioctl(tracer, RT_ABI_SYSCALL_LIST);
		CHECK(ret >= 0, "SYSCALL_LIST");
		f = fdopen(ret, "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "syscall { index = %u; name = %255[^;]; bitness = %u; };",
				   &idx, nm, &bits) != 3) {
				bad++;
				continue;
			}
			nat += bits == 64;
			comp += bits == 32;
			statx_ok |= bits == 64 && idx == 332 && !strcmp(nm, "statx");
		}
		if (f)
			fclose(f);
		CHECK(!bad && nat >= 340 && comp >= 300,
		      "SYSCALL_LIST: %u native, %u compat, %u bad lines", nat, comp, bad);
		CHECK(statx_ok, "SYSCALL_LIST: statx at index 332, 64-bit");
	}

	s2 = ioctl(tracer, RT_ABI_SESSION);
	CHECK(s2 >= 0, "a second session at the same time");
	close(s2);

	/* sessiond's close order: session, metadata, channel, events. */
	close(s);
	close(md);
	close(ch);
	CHECK(ioctl(ev, RT_ABI_DISABLE) == 0, "the event fd still works with the session fd closed");
	close(ev);
	ret = ioctl(st, RT_ABI_RB_GET_NEXT_SUBBUF);
	CHECK(ret == 0 || errno == ENODATA, "the metadata stream outlives the session (%s)",
	      ret ? strerror(errno) : "a packet");
	/* CLEAR on the metadata stream once deadlocked on its reader lock. */
	ioctl(st, RT_ABI_RB_PUT_NEXT_SUBBUF);
	CHECK(ioctl(st, RT_ABI_RB_CLEAR) == 0, "metadata stream CLEAR");
	close(st);
	for (i = 0; i < n; i++)
		close(streams[i]);
	close(tracer);
	CHECK(system("modprobe -r lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite "
		     "lttng-ring-buffer-metadata-mmap-client") == 0 &&
	      system("grep -qE '^lttng_(tracer|ring_buffer)' /proc/modules") != 0,
	      "with every file closed, all modules unload");
	return rt_test_done();
}
