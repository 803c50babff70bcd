// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench/guest-logger.sh: ns per write(2) of a 32-byte line to argv[1],
 * the best of 5 runs of argv[2] writes each (default 100000).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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
	static const char line[] = "ringtail logger bench, 32 bytes\n";
	long n = argc > 2 ? atol(argv[2]) : 100000, i;
	double best = 0, t;
	int run, fd;

	if (argc < 2 || (fd = open(argv[1], O_WRONLY)) < 0) {
		perror(argc < 2 ? "usage: logger FILE [WRITES]" : argv[1]);
		return 1;
	}
	for (run = 0; run < 5; run++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			if (write(fd, line, sizeof(line) - 1) != sizeof(line) - 1) {
				perror("write");
				return 1;
			}
		t = (now_ns() - t) / n;
		if (!run || t < best)
			best = t;
	}
	printf("%.0f\n", best);
	return 0;
}
