// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter/bytecode.c in user space, on lttng-tools' own bytecode
 * (tests/filter/corpus): every program lttng-tools compiles is accepted,
 * programs broken in the ways the check must catch are refused, and
 * expressions evaluate as lttng-modules evaluates them on an event like
 * lttng-test's.  Built with AddressSanitizer and UBSan by
 * tests/host/filter.sh.
 *
 * usage: unit CORPUS_DIR
 */
#include "prog.h"

static int failed, passed;
static unsigned int nr_terms, disagree;

static void check(bool ok, const char *what, const char *expr)
{
	printf("%s  %s: %s\n", ok ? "ok  " : "FAIL", what, expr);
	if (ok)
		passed++;
	else
		failed++;
}

static u8 *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;

	if (!f)
		return NULL;
	buf = malloc(RT_BC_MAX_LEN + 2);
	*size = fread(buf, 1, RT_BC_MAX_LEN + 2, f);
	fclose(f);
	return buf;
}

/* Run the program of file @name on @in: 1 recorded, 0 not, -1 refused. */
static int run(const char *dir, const char *name, const struct rt_t_input *in)
{
	struct rt_bc_target targets[64];
	struct rt_bc_prog *p;
	char path[4096];
	size_t size;
	u8 *bytes;
	int r;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	bytes = slurp(path, &size);
	if (!bytes)
		return -2;
	p = rt_t_prog(bytes, size);
	free(bytes);
	if (!p)
		return -1;
	if (rt_bc_check(p)) {
		free(p);
		return -1;
	}
	r = 0;
	if (p->nr_refs <= 64 && !rt_bc_link(p, NULL, targets)) {
		r = rt_bc_run(p, targets, in);
		/* Programs of terms: the same result without the interpreter. */
		nr_terms += p->terms.nr != 0;
		disagree += r != rt_bc_interpret(p, targets, in);
	}
	rt_bc_release(p);
	free(p);
	return r;
}

/* Expected results on lttng-test's event for i = 1 in a task "bash". */
static const struct {
	const char *expr;
	int result;
} expect[] = {
	{ "intfield", 1 },
	{ "intfield > 1", 0 },
	{ "intfield >= 1", 1 },
	{ "intfield == 1", 1 },
	{ "$ctx.procname == \"bash*\"", 1 },
	{ "$ctx.tid != 0 && $ctx.procname == \"*sh\"", 1 },
	{ "stringfield == \"te*t\"", 1 },
	{ "stringfield != \"\\*\"", 1 },
	{ "arrfield1[1] == 2 || seqfield1[0] > 1", 1 },
	{ "$ctx.procname[0] == 98", 1 },
	/* lttng-tools' grammar binds & tighter than == (unlike C). */
	{ "~intfield & 0xff == 0xfe", 1 },
	{ "-intfield < 0", 1 },
	{ "!(intfield == 1) || intfield2 >> 2 == 0 && longfield << 1 != 0", 1 },
	{ "next_comm == \"nginx*\" && prev_state != 0", 0 },
	{ "(intfield ^ 3) | 4 == 6", 1 },
	{ "intfield == 1.5", 0 },
	{ "a.b.c == 1", 0 },
	{ "$app.x == 1", 0 },
};

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/filter/corpus";
	struct rt_t_input in;
	char index[4096], line[4096];
	unsigned int nr = 0, refused = 0, i;
	int j;
	FILE *f;

	rt_t_input(&in, 1, "bash");
	snprintf(index, sizeof(index), "%s/INDEX", dir);
	f = fopen(index, "r");
	if (!f) {
		perror(index);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');
		int r;

		if (!tab)
			continue;
		*tab++ = '\0';
		tab[strcspn(tab, "\n")] = '\0';
		r = run(dir, line, &in);
		nr++;
		if (r < 0) {
			refused++;
			check(false, "lttng-tools' program accepted", tab);
		}
		for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
			if (!strcmp(expect[i].expr, tab))
				check(r == expect[i].result,
				      expect[i].result ? "recorded" : "not recorded",
				      tab);
	}
	fclose(f);
	check(nr >= 100 && !refused, "every program of the corpus accepted", "");
	snprintf(line, sizeof(line), "%u of %u programs are terms, %u disagree",
		 nr_terms, nr, disagree);
	check(nr_terms >= 10 && !disagree,
	      "programs of terms run as the interpreter runs them", line);

	/*
	 * Programs of one term at the edges of s64, both operand orders:
	 * the terms' ranges give the interpreter's result for each value.
	 */
	{
		static const s64 ks[] = {
			INT64_MIN, INT64_MIN + 1, -2, -1, 0, 1, 2,
			INT64_MAX - 1, INT64_MAX,
		};
		unsigned int op, a, b, order, bad = 0, terms = 0;
		struct rt_bc_target targets[1];

		for (order = 0; order < 2; order++)
		for (op = 0x0c; op <= 0x11; op++)
		for (a = 0; a < sizeof(ks) / sizeof(ks[0]); a++) {
			u8 prog[64], *c = prog + 2;
			struct rt_bc_prog *p;
			u64 k = ks[a];
			unsigned int n = 0, ref, j2;

			if (order)
				goto imm_first;
ref_first:
			ref = n;
			c[n++] = 0x3b;		/* LOAD_FIELD_REF */
			c[n++] = 0;
			c[n++] = 0;
			if (order)
				goto cmp;
imm_first:
			c[n++] = 0x41;		/* LOAD_S64 */
			for (j2 = 0; j2 < 8; j2++)
				c[n++] = k >> (8 * j2);
			if (order)
				goto ref_first;
cmp:
			c[n++] = op;
			c[n++] = 0x01;		/* RETURN */
			prog[0] = n;
			prog[1] = 0;
			c[n++] = ref;
			c[n++] = 0;
			memcpy(c + n, "intfield", 9);
			n += 9;
			p = rt_t_prog(prog, n + 2);
			if (rt_bc_check(p) || rt_bc_link(p, NULL, targets)) {
				bad++;
				free(p);
				continue;
			}
			terms += p->terms.nr == 1;
			for (b = 0; b < sizeof(ks) / sizeof(ks[0]); b++) {
				struct rt_t_input v;

				rt_t_input(&v, ks[b], "bash");
				bad += rt_bc_run(p, targets, &v) !=
				       rt_bc_interpret(p, targets, &v);
				rt_t_free(&v);
			}
			rt_bc_release(p);
			free(p);
		}
		snprintf(line, sizeof(line), "%u programs of one term, %u disagreements",
			 terms, bad);
		check(terms == 2 * 6 * sizeof(ks) / sizeof(ks[0]) && !bad,
		      "terms at the edges of s64 agree with the interpreter", line);
	}

	/* Broken copies of a real program, each of which must be refused. */
	{
		/* intfield > 1 && $ctx.procname == "bash*" */
		static const u8 code[] = {
			0x3b, 0xff, 0xff,		/* 0: LOAD_FIELD_REF */
			0x41, 1, 0, 0, 0, 0, 0, 0, 0,	/* 3: LOAD_S64 1 */
			0x0e,				/* 12: GT */
			0x39, 0x1b, 0x00,		/* 13: AND -> 27 */
			0x46, 0xff, 0xff,		/* 16: GET_CONTEXT_REF */
			0x40, 'b', 'a', 's', 'h', '*', 0,	/* 19: LOAD_STRING */
			0x0c,				/* 26: EQ */
			0x01,				/* 27: RETURN */
		};
		static const u8 reloc[] = {
			0x00, 0x00, 'i', 'n', 't', 'f', 'i', 'e', 'l', 'd', 0,
			0x10, 0x00, '$', 'c', 't', 'x', '.', 'p', 'r', 'o', 'c',
			'n', 'a', 'm', 'e', 0,
		};
		static const struct {
			const char *what;
			unsigned int at;	/* byte of code to change */
			u8 to;
			int reloc_delta, cut;
		} bad[] = {
			{ "an unknown opcode", 12, 0xee },
			{ "arithmetic (MUL)", 12, 2 },
			{ "a jump backwards", 14, 0x00 },
			{ "a jump into an instruction", 14, 0x05 },
			{ "a jump past the code", 14, 0x40 },
			{ "no RETURN at the end", 27, 0x32 },
			{ "an unterminated string", 25, 'x' },
			{ "a relocation offset past the program", 0, 0, 200 },
			{ "a truncated relocation table", 0, 0, 0, 3 },
		};
		/* Small programs without relocations. */
#define S64(v)	0x41, v, 0, 0, 0, 0, 0, 0, 0
		static const u8 under[] = { S64(1), 0x0c, 0x01 };
		static const u8 over[] = { S64(1), S64(1), S64(1), S64(1), S64(1),
			S64(1), S64(1), S64(1), S64(1), S64(1), S64(1), S64(1),
			S64(1), S64(1), S64(1), S64(1), S64(1), 0x01 };
		static const u8 join[] = { S64(1), 0x39, 30, 0, S64(1), S64(1), 0x01 };
		static const u8 dead[] = { S64(1), 0x01, S64(1), 0x01 };
		static const u8 noreloc[] = { 0x3b, 0xff, 0xff, 0x01 };
		static const u8 symbol[] = { 0x51, 0x52, 0x40, 0x00, 0x56, 0x01 };
		static const struct {
			const char *what;
			const u8 *code;
			size_t len;
		} small[] = {
			{ "a stack underflow", under, sizeof(under) },
			{ "a stack deeper than 16", over, sizeof(over) },
			{ "two stack depths where paths join", join, sizeof(join) },
			{ "unreachable code", dead, sizeof(dead) },
			{ "a field reference without relocation", noreloc, sizeof(noreloc) },
			{ "a symbol outside the relocations", symbol, sizeof(symbol) },
			{ "an empty program", under, 0 },
		};
		struct rt_bc_target targets[8];
		u8 prog[sizeof(code) + sizeof(reloc) + 2];
		struct rt_bc_prog *p;
		size_t n = 0;

		prog[n++] = sizeof(code);
		prog[n++] = 0;
		memcpy(prog + n, code, sizeof(code));
		n += sizeof(code);
		memcpy(prog + n, reloc, sizeof(reloc));
		n += sizeof(reloc);
		p = rt_t_prog(prog, n);
		j = !rt_bc_check(p);
		check(j, "a hand-made program is accepted",
		      "intfield > 1 && $ctx.procname == \"bash*\"");
		if (j) {
			check(!rt_bc_link(p, NULL, targets) && !rt_bc_run(p, targets, &in),
			      "and does not record intfield 1", "");
			rt_bc_release(p);
		}
		free(p);
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			u8 copy[sizeof(prog)];

			memcpy(copy, prog, n);
			if (bad[i].reloc_delta)
				copy[0] += bad[i].reloc_delta;
			else if (!bad[i].cut)
				copy[2 + bad[i].at] = bad[i].to;
			p = rt_t_prog(copy, n - bad[i].cut);
			j = rt_bc_check(p);
			check(j == -EINVAL, "refused", bad[i].what);
			if (!j)
				rt_bc_release(p);
			free(p);
		}
		for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
			u8 copy[512];

			copy[0] = small[i].len;
			copy[1] = 0;
			memcpy(copy + 2, small[i].code, small[i].len);
			p = rt_t_prog(copy, small[i].len + 2);
			j = rt_bc_check(p);
			check(j == -EINVAL, "refused", small[i].what);
			if (!j)
				rt_bc_release(p);
			free(p);
		}
	}
	rt_t_free(&in);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
