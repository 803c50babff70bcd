// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness of filter/bytecode.c (the kernel's source, built in
 * user space with tests/filter/env.h): any input is a program (u16
 * reloc_offset, then its bytes, as in tests/filter/corpus).  A program
 * the check accepts is linked and run on two events, one whose texts and
 * arrays end without a NUL exactly at the end of their buffers: with
 * AddressSanitizer and UBSan, any read outside the program or an event,
 * and any undefined operation, stops the run; so does a program of terms
 * (rt_bc_run()) whose result is not the interpreter's.  The interpreter's own
 * bound (it ends within nr_insns steps) is checked by counting.
 *
 * tests/host/filter.sh runs it for a minute in `make check`; `make fuzz`
 * runs 10 million inputs.
 */
#include "prog.h"

static struct rt_t_input rt_fz_in[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rt_t_input(&rt_fz_in[0], 1, "bash");
	rt_t_input(&rt_fz_in[1], -1, "0123456789abcdef");	/* comm without NUL */
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct rt_bc_target *targets;
	struct rt_bc_prog *p;
	int i;

	if (size > RT_BC_MAX_LEN + 2)
		return 0;
	p = rt_t_prog(data, size);
	if (!p)
		return 0;
	if (rt_bc_check(p)) {
		free(p);
		return 0;
	}
	if (p->nr_insns == 0 || p->nr_insns > p->reloc_offset)
		__builtin_trap();
	targets = malloc((p->nr_refs ?: 1) * sizeof(*targets));
	/* A program of terms: they and the interpreter agree. */
	if (!rt_bc_link(p, NULL, targets))
		for (i = 0; i < 2; i++)
			if (rt_bc_run(p, targets, &rt_fz_in[i]) !=
			    rt_bc_interpret(p, targets, &rt_fz_in[i]))
				__builtin_trap();
	free(targets);
	rt_bc_release(p);
	free(p);
	return 0;
}
