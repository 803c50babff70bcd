// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench/guest-syscalls.sh: ns per getppid() call, the best of 5 runs of
 * argv[1] calls each (default 200000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, i;
	double best = 0, t;
	int run;

	for (run = 0; run < 5; run++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		t = (now_ns() - t) / n;
		if (!run || t < best)
			best = t;
	}
	printf("%.0f\n", best);
	return 0;
}
