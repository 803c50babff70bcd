// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program the probe tests place their uprobes in (guest/probes.sh):
 * `probed N` runs a loop N times, each turn an SDT probe ringtail:loop,
 * a call of rt_probed_leaf() and a getppid() system call.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/sdt.h>

__attribute__((noinline)) int rt_probed_leaf(long i)
{
	/* Not folded into the loop. */
	__asm__ volatile("" : : : "memory");
	return (int)(i & 1);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1, i;
	int odd = 0;

	for (i = 0; i < n; i++) {
		DTRACE_PROBE1(ringtail, loop, i);
		odd += rt_probed_leaf(i);
		getppid();
	}
	return odd < 0;
}
