// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench/guest-pingpong.sh: two processes on one CPU pass a byte back and
 * forth over two pipes; prints ns per round trip, the best of 5 runs of
 * argv[1] round trips each (default 20000).  Every round trip is two
 * wakeups and two context switches.
 *
 * Both processes are SCHED_BATCH: a woken batch task never preempts the
 * one running (check_preempt_wakeup()), so each wakeup is followed by its
 * waker blocking, not by a preemption whose occurrence depends on how long
 * the tracer made the round trip take.  A round trip is then always the
 * same work (sched_waking, sched_wakeup and sched_switch twice each),
 * traced or not.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
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
	long n = argc > 1 ? atol(argv[1]) : 20000, i;
	int ping[2], pong[2], run;
	double best = 0, t;
	struct sched_param batch = { 0 };
	cpu_set_t cpu;
	char c = 0;
	pid_t pid;

	CPU_ZERO(&cpu);
	CPU_SET(0, &cpu);
	if (sched_setaffinity(0, sizeof(cpu), &cpu) ||
	    sched_setscheduler(0, SCHED_BATCH, &batch) || pipe(ping) || pipe(pong)) {
		perror("pingpong");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		for (;;) {
			if (read(ping[0], &c, 1) != 1 || c < 0)
				_exit(0);
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		}
	}
	for (run = 0; run < 5; run++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) {
				perror("pingpong");
				return 1;
			}
		t = (now_ns() - t) / n;
		if (!run || t < best)
			best = t;
	}
	c = -1;
	if (write(ping[1], &c, 1) != 1)
		return 1;
	waitpid(pid, NULL, 0);
	printf("%.0f\n", best);
	return 0;
}
