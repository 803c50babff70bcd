// SPDX-License-Identifier: GPL-2.0-only
/*
 * System calls for tests/guest/syscalls.sh, each once, on a file named by
 * argv[1]:
 *   openat2, statx, clone3 (the child exits 7), close_range, pipe2, a
 *   number no table has (500), then openat with a NULL, an unmapped and a
 *   kernel filename pointer, pipe2 with a NULL one, and rename of two
 *   4000-byte names (ENAMETOOLONG).
 * Built twice: native, and as a 32-bit static program (gcc -m32) that only
 * opens, reads and closes the file (its calls are compat ones), with
 * -DRT_COMPAT.  Prints what the test checks the trace against.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef RT_COMPAT
int main(int argc, char **argv)
{
	char buf[16];
	int fd;

	if (argc < 2)
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	printf("fd %d read %zd pid %d\n", fd, read(fd, buf, sizeof(buf)),
	       getpid());
	close(fd);
	return 0;
}
#else
#include <linux/openat2.h>
#include <linux/sched.h>
#include <linux/stat.h>

int main(int argc, char **argv)
{
	struct open_how how = { .flags = O_RDONLY };
	struct clone_args ca = { .exit_signal = SIGCHLD };
	struct statx stx;
	void *unmapped;
	long fd, child;
	int status, fds[2];

	if (argc < 2)
		return 2;
	fd = syscall(SYS_openat2, AT_FDCWD, argv[1], &how, sizeof(how));
	printf("openat2 %ld\n", fd);
	printf("statx %ld\n", (long)syscall(SYS_statx, AT_FDCWD, argv[1], 0,
					    STATX_BASIC_STATS, &stx));
	child = syscall(SYS_clone3, &ca, sizeof(ca));
	if (child == 0)
		_exit(7);
	waitpid(child, &status, 0);
	printf("clone3 %ld exit %d\n", child, WEXITSTATUS(status));
	printf("close_range %ld\n", (long)syscall(SYS_close_range, fd, fd, 0));
	status = pipe2(fds, O_CLOEXEC);
	printf("pipe2 %d %d %d\n", status, fds[0], fds[1]);
	printf("nr500 %ld\n", (long)syscall(500, 1, 2, 3, 4, 5, 6));

	/* Bad filename pointers: each call fails with EFAULT. */
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, 4096);
	printf("null %ld\n", (long)syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY));
	printf("unmapped %ld %lu\n",
	       (long)syscall(SYS_openat, AT_FDCWD, unmapped, O_RDONLY),
	       (unsigned long)unmapped);
	printf("kernel %ld\n", (long)syscall(SYS_openat, AT_FDCWD,
					     (void *)0xffffffff81000000UL, O_RDONLY));
	printf("pipe2null %ld\n", (long)syscall(SYS_pipe2, NULL, 0));
	{
		static char s[2][4001];

		memset(s[0], 'a', 4000);
		memset(s[1], 'b', 4000);
		printf("rename %ld\n", (long)syscall(SYS_rename, s[0], s[1]));
	}
	return 0;
}
#endif
