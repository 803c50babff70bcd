// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event-notifier group as lttng-sessiond sets it up when it starts:
 * the group, its one notification file and its error counter (one
 * dimension of 4096 64-bit elements, modular), with the errnos
 * lttng-modules gives for what it refuses; reading, aggregating and
 * clearing the counter; the group outliving its file while the others are
 * open.  Notifiers themselves: tests/guest/notifiers.c.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

static struct rt_abi_counter_conf sessiond_conf(void)
{
	struct rt_abi_counter_conf c;

	memset(&c, 0, sizeof(c));
	c.arithmetic = RT_ABI_COUNTER_ARITHMETIC_MODULAR;
	c.bitness = RT_ABI_COUNTER_BITNESS_64;
	c.number_dimensions = 1;
	c.dimensions[0].size = 4096;
	return c;
}

/* AGGREGATE of element @i: the value, or -errno in *ret. */
static long long aggregate(int fd, unsigned long long i, int *ret, int *flags)
{
	struct rt_abi_counter_aggregate a;

	memset(&a, 0, sizeof(a));
	a.index.number_dimensions = 1;
	a.index.dimension_indexes[0] = i;
	*ret = ioctl(fd, RT_ABI_COUNTER_AGGREGATE, &a) ? -errno : 0;
	*flags = a.value.overflow | a.value.underflow << 1;
	return a.value.value;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	struct rt_abi_counter_conf conf;
	struct rt_abi_counter_aggregate agg;
	struct rt_abi_counter_clear clr;
	struct rt_abi_counter_read rd;
	struct rt_abi_event_notifier en;
	struct sigaction sa;
	struct pollfd pfd;
	int tracer, group, notif, counter, ret, flags;
	long long v;
	char c;

	if (system("modprobe lttng-tracer") != 0)
		printf("note: modprobe lttng-tracer failed\n");
	tracer = open("/proc/lttng", O_RDWR);
	CHECK(tracer >= 0, "open /proc/lttng");
	group = ioctl(tracer, RT_ABI_EVENT_NOTIFIER_GROUP_CREATE);
	CHECK(group >= 0, "EVENT_NOTIFIER_GROUP_CREATE: a group fd (%d)", group);

	/* The notification file: one reader, nothing to read yet. */
	notif = ioctl(group, RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD);
	CHECK(notif >= 0, "NOTIFICATION_FD: an fd (%d)", notif);
	ret = ioctl(group, RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD);
	CHECK_ERRNO(ret, EBUSY, "a second notification file");
	pfd = (struct pollfd){ .fd = notif, .events = POLLIN };
	CHECK(poll(&pfd, 1, 100) == 0, "poll: no notification");
	fcntl(notif, F_SETFL, O_NONBLOCK);
	ret = read(notif, &c, 1);
	CHECK_ERRNO(ret, EAGAIN, "non-blocking read: EAGAIN");
	fcntl(notif, F_SETFL, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	ret = read(notif, &c, 1);
	CHECK_ERRNO(ret, EINTR, "blocking read: waits until a signal");

	/* The error counter: what lttng-modules refuses, then sessiond's. */
	conf = sessiond_conf();
	conf.number_dimensions = 2;
	conf.dimensions[1].size = 2;
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EINVAL, "COUNTER of two dimensions");
	conf = sessiond_conf();
	conf.arithmetic = 1;
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EINVAL, "COUNTER not modular");
	conf = sessiond_conf();
	conf.bitness = 2;
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EINVAL, "COUNTER of unknown bitness");
	conf = sessiond_conf();
	conf.dimensions[0].size = 0;
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EINVAL, "COUNTER of no element");
	conf = sessiond_conf();
	conf.dimensions[0].size = 1ULL << 40;
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EINVAL, "COUNTER of 2^40 elements");
	conf = sessiond_conf();
	conf.padding[66] = 1;
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EINVAL, "COUNTER with a padding byte set");
	ret = ioctl(group, RT_ABI_COUNTER, (void *)8);
	CHECK_ERRNO(ret, EFAULT, "COUNTER from a bad pointer");
	conf = sessiond_conf();
	counter = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK(counter >= 0, "COUNTER as sessiond asks: an fd (%d)", counter);
	ret = ioctl(group, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, EBUSY, "a second error counter");

	v = aggregate(counter, 0, &ret, &flags);
	CHECK(ret == 0 && v == 0 && !flags, "AGGREGATE of element 0: 0 (%d, %lld)", ret, v);
	v = aggregate(counter, 4095, &ret, &flags);
	CHECK(ret == 0 && v == 0, "AGGREGATE of the last element: 0 (%d)", ret);
	aggregate(counter, 4096, &ret, &flags);
	CHECK(ret == -EOVERFLOW, "AGGREGATE past the end: EOVERFLOW (%d)", ret);
	memset(&agg, 0, sizeof(agg));
	agg.index.number_dimensions = 2;
	ret = ioctl(counter, RT_ABI_COUNTER_AGGREGATE, &agg);
	CHECK_ERRNO(ret, EINVAL, "AGGREGATE with two indexes");
	memset(&agg, 0, sizeof(agg));
	agg.index.number_dimensions = 1;
	agg.padding[0] = 1;
	ret = ioctl(counter, RT_ABI_COUNTER_AGGREGATE, &agg);
	CHECK_ERRNO(ret, EINVAL, "AGGREGATE with a padding byte set");
	ret = ioctl(counter, RT_ABI_COUNTER_AGGREGATE, (void *)8);
	CHECK_ERRNO(ret, EFAULT, "AGGREGATE from a bad pointer");
	memset(&clr, 0, sizeof(clr));
	clr.index.number_dimensions = 1;
	clr.index.dimension_indexes[0] = 17;
	CHECK(ioctl(counter, RT_ABI_COUNTER_CLEAR, &clr) == 0, "CLEAR of element 17");
	clr.index.dimension_indexes[0] = 4096;
	ret = ioctl(counter, RT_ABI_COUNTER_CLEAR, &clr);
	CHECK_ERRNO(ret, EOVERFLOW, "CLEAR past the end");
	memset(&rd, 0, sizeof(rd));
	rd.index.number_dimensions = 1;
	rd.cpu = 0;
	rd.value.value = 99;
	CHECK(ioctl(counter, RT_ABI_COUNTER_READ, &rd) == 0 && rd.value.value == 0,
	      "READ of cpu 0: 0");
	rd.cpu = 100000;
	ret = ioctl(counter, RT_ABI_COUNTER_READ, &rd);
	CHECK_ERRNO(ret, EINVAL, "READ of a CPU that cannot exist");
	ret = ioctl(counter, RT_ABI_COUNTER, &conf);
	CHECK_ERRNO(ret, ENOTTY, "a group command on the counter");

	/* An event notifier, whose file also keeps the group. */
	memset(&en, 0, sizeof(en));
	strcpy(en.event.name, "sched_switch");
	ret = ioctl(group, RT_ABI_EVENT_NOTIFIER_CREATE, &en);
	CHECK(ret >= 0, "EVENT_NOTIFIER_CREATE on sched_switch: an fd (%d)", ret);
	close(ret);

	/* The group outlives its file while the others are open. */
	close(group);
	v = aggregate(counter, 0, &ret, &flags);
	CHECK(ret == 0 && v == 0, "the counter works after the group file is closed");
	pfd = (struct pollfd){ .fd = notif, .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 0, "so does the notification file");
	close(notif);
	close(counter);

	/* A new group after all is closed: the reader slot is free again. */
	group = ioctl(tracer, RT_ABI_EVENT_NOTIFIER_GROUP_CREATE);
	notif = ioctl(group, RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD);
	CHECK(group >= 0 && notif >= 0, "a second group and its notification file");
	close(notif);
	notif = ioctl(group, RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD);
	CHECK(notif >= 0, "the notification file again once closed");
	close(notif);
	close(group);
	close(tracer);
	CHECK(system("modprobe -r lttng-tracer") == 0,
	      "lttng-tracer unloads: no file or group left behind");
	return rt_test_done();
}
