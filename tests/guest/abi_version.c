// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/lttng as lttng-sessiond sees it: mode, the two version ioctls,
 * an event-notifier group, and clean errnos for a non-root opener, an
 * unknown command and a bad pointer.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

static int open_as_nobody(void)
{
	pid_t pid = fork();
	int status, fd;

	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		fd = open("/proc/lttng", O_RDWR);
		_exit(fd >= 0 ? 0 : errno == EACCES ? 1 : 3);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(void)
{
	struct rt_abi_tracer_version v;
	struct rt_abi_tracer_abi_version abi;
	struct stat st;
	long ret;
	int fd, fd2;

	if (system("modprobe lttng-tracer") != 0)
		printf("note: modprobe lttng-tracer failed\n");

	CHECK(stat("/proc/lttng", &st) == 0, "/proc/lttng exists");
	CHECK((st.st_mode & 07777) == 0600 && st.st_uid == 0,
	      "/proc/lttng mode %o uid %d, expected 600 root",
	      st.st_mode & 07777, st.st_uid);

	fd = open("/proc/lttng", O_RDWR);
	CHECK(fd >= 0, "root opens /proc/lttng O_RDWR");
	if (fd < 0)
		return rt_test_done();

	memset(&v, 0xff, sizeof(v));
	ret = ioctl(fd, RT_ABI_TRACER_VERSION, &v);
	CHECK(ret == 0, "TRACER_VERSION returns 0 (got %ld)", ret);
	CHECK(v.major == 2 && v.minor == 13,
	      "tracer version %u.%u.%u is 2.13.x", v.major, v.minor,
	      v.patchlevel);
	CHECK(RT_ABI_TRACER_VERSION == 0x800CF646,
	      "TRACER_VERSION request is 0x%lx", (long)RT_ABI_TRACER_VERSION);

	memset(&abi, 0xff, sizeof(abi));
	ret = ioctl(fd, RT_ABI_TRACER_ABI_VERSION, &abi);
	CHECK(ret == 0, "TRACER_ABI_VERSION returns 0 (got %ld)", ret);
	CHECK(abi.major == 2 && abi.minor == 7, "ABI version %u.%u is 2.7",
	      abi.major, abi.minor);
	CHECK(RT_ABI_TRACER_ABI_VERSION == 0x8008F64B,
	      "TRACER_ABI_VERSION request is 0x%lx",
	      (long)RT_ABI_TRACER_ABI_VERSION);

	ret = ioctl(fd, RT_ABI_TRACER_VERSION, (void *)8);
	CHECK_ERRNO(ret, EFAULT, "TRACER_VERSION to an unmapped pointer");
	ret = ioctl(fd, RT_ABI_TRACER_ABI_VERSION, (void *)0xffff800000000000UL);
	CHECK_ERRNO(ret, EFAULT, "TRACER_ABI_VERSION to a kernel address");

	ret = ioctl(fd, _IO(RT_ABI_IOC_TYPE, 0x7f));
	CHECK_ERRNO(ret, ENOTTY, "unknown command in LTTng's range");
	ret = ioctl(fd, _IOR('x', 1, int), &fd2);
	CHECK_ERRNO(ret, ENOTTY, "foreign command");
	ret = ioctl(fd, RT_ABI_TRACER_VERSION + 1, &v);
	CHECK_ERRNO(ret, ENOTTY, "TRACEPOINT_LIST number with a size and direction");

	fd2 = ioctl(fd, RT_ABI_EVENT_NOTIFIER_GROUP_CREATE);
	CHECK(fd2 >= 0, "EVENT_NOTIFIER_GROUP_CREATE returns an fd (got %d; tests/guest/notifier_abi.c)", fd2);
	close(fd2);

	ret = ioctl(fd, RT_ABI_WAIT_QUIESCENT);
	CHECK(ret == 0, "WAIT_QUIESCENT returns 0 (got %ld)", ret);

	fd2 = ioctl(fd, RT_ABI_TRACEPOINT_LIST);
	CHECK(fd2 >= 0, "TRACEPOINT_LIST returns an fd (got %d)", fd2);
	if (fd2 >= 0) {
		char buf[65536];

		ret = read(fd2, buf, sizeof(buf) - 1);
		buf[ret > 0 ? ret : 0] = '\0';
		CHECK(ret > 0 && strstr(buf, "event { name = sched_switch; };\n"),
		      "the tracepoint list lists sched_switch as sessiond parses it (read %ld)", ret);
		ret = write(fd2, "x", 1);
		CHECK_ERRNO(ret, EBADF, "the tracepoint list is read-only");
		close(fd2);
	}

	CHECK(open_as_nobody() == 1, "a non-root user gets EACCES");
	close(fd);
	return rt_test_done();
}
