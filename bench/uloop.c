// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench/guest-probes.sh: ns per call of rt_bench_leaf(), where the uprobes
 * go, the best of 5 runs of argv[1] calls each (default 20000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((noinline)) long rt_bench_leaf(long i)
{
	__asm__ volatile("" : : : "memory");
	return i & 1;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000, i, odd = 0;
	double best = 0, t;
	int run;

	for (run = 0; run < 5; run++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			odd += rt_bench_leaf(i);
		t = (now_ns() - t) / n;
		if (!run || t < best)
			best = t;
	}
	printf("%.0f\n", best);
	return odd < 0;
}
