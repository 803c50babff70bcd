// SPDX-License-Identifier: GPL-2.0-only
/*
 * LTTng filter bytecode: checked once, linked per event, interpreted when
 * the event fires.
 *
 * rt_bc_check() takes a program as lttng-tools sends it and accepts it
 * only if running it cannot go wrong whatever the event: every opcode
 * known and whole inside the code, every string terminated inside the
 * program, every jump forward onto an instruction, every instruction
 * reached with one stack depth on every path (so never underflowing,
 * never above RT_BC_STACK), every path ending at a RETURN, every
 * reference named by a relocation or symbol inside the program.  It
 * decodes the program into fixed-size instructions, so the interpreter
 * never parses user bytes.  What depends on an event (whether a field
 * exists, its type) is left to rt_bc_link(); the types of values are
 * checked as the program runs, and a type error means "not recorded", as
 * in lttng-modules.
 *
 * rt_bc_interpret() is a loop over instructions whose jumps only go
 * forward: it ends after at most nr_insns steps.  It reads only the
 * program, the fields its links resolved (rt_bc_load() of the
 * environment, bounded by their lengths) and a stack whose depth the
 * check proved.  rt_bc_run() takes it, or for the common programs that
 * are only integer comparisons joined by && or by ||, a loop over those
 * comparisons (p->terms): under a few branches per term instead of the
 * interpreter's dispatch per instruction.
 *
 * This file builds in the kernel and in user space (the fuzzer): see
 * bytecode.h.
 */
#include RT_BC_ENV

/* Bytes of each instruction, opcode included (0: not accepted). */
static unsigned int rt_bc_size(const char *code, u32 at, u32 end)
{
	const char *p = code + at + 1;
	u32 room = end - at - 1;
	u32 n;

	switch ((u8)code[at]) {
	case RT_BC_RETURN:
	case RT_BC_BIT_RSHIFT ... RT_BC_BIT_XOR:
	case RT_BC_EQ ... RT_BC_LE:
	case RT_BC_UNARY_PLUS ... RT_BC_UNARY_NOT:
	case RT_BC_CAST_TO_S64 ... RT_BC_CAST_NOP:
	case RT_BC_GET_CONTEXT_ROOT ... RT_BC_GET_PAYLOAD_ROOT:
	case RT_BC_LOAD_FIELD:
	case RT_BC_UNARY_BIT_NOT:
		return 1;
	case RT_BC_AND:
	case RT_BC_OR:
	case RT_BC_LOAD_FIELD_REF:
	case RT_BC_GET_CONTEXT_REF:
	case RT_BC_GET_SYMBOL:
	case RT_BC_GET_INDEX_U16:
		return room >= 2 ? 3 : 0;
	case RT_BC_LOAD_S64:
	case RT_BC_LOAD_DOUBLE:
	case RT_BC_GET_INDEX_U64:
		return room >= 8 ? 9 : 0;
	case RT_BC_LOAD_STRING:
	case RT_BC_LOAD_STAR_GLOB_STRING:
		n = rt_bc_strnlen(p, room);
		return n < room ? n + 2 : 0;
	default:
		/* Arithmetic, which lttng-tools never emits, included. */
		return 0;
	}
}

/* The relocation naming the instruction at @at: its symbol's offset. */
static int rt_bc_reloc(const struct rt_bc_prog *p, u32 at, u32 *name)
{
	u32 off = p->reloc_offset;

	while (off < p->len) {
		u32 room = p->len - off;
		u32 n;

		if (room < 3)
			return -EINVAL;
		n = rt_bc_strnlen(p->data + off + 2, room - 2);
		if (n == room - 2)
			return -EINVAL;
		if (rt_bc_get_u16(p->data + off) == at) {
			*name = off + 2;
			return 0;
		}
		off += 2 + n + 1;
	}
	return -EINVAL;
}

/* Whether @name (an offset in the data) is a terminated relocation string. */
static bool rt_bc_symbol_ok(const struct rt_bc_prog *p, u32 name)
{
	return name >= p->reloc_offset && name < p->len &&
	       rt_bc_strnlen(p->data + name, p->len - name) < p->len - name;
}

/*
 * Decode one reference: a legacy LOAD_FIELD_REF or GET_CONTEXT_REF, or a
 * root, GET_SYMBOL per name and GET_INDEX per index, then LOAD_FIELD.
 * Returns the bytes it spans, 0 if it is malformed.
 */
static u32 rt_bc_decode_ref(const struct rt_bc_prog *p, u32 at,
			    struct rt_bc_ref *ref)
{
	const char *code = p->data;
	u32 end = p->reloc_offset, start = at, sz;
	u8 op = code[at];

	*ref = (struct rt_bc_ref){ .nr_names = 1 };
	if (op == RT_BC_LOAD_FIELD_REF || op == RT_BC_GET_CONTEXT_REF) {
		const char *name;

		if (rt_bc_reloc(p, at, &ref->name))
			return 0;
		name = p->data + ref->name;
		/* "$ctx.x" and "$app.x" name a context; payload names may nest. */
		if (op == RT_BC_GET_CONTEXT_REF) {
			if (!rt_bc_strncmp(name, "$ctx.", 5))
				ref->root = RT_BC_ROOT_CONTEXT;
			else if (!rt_bc_strncmp(name, "$app.", 5))
				ref->root = RT_BC_ROOT_APP;
			else
				return 0;
			ref->name += 5;
		}
		if (rt_bc_strchr(p->data + ref->name, '.'))
			ref->nr_names = 2;
		return 3;
	}
	ref->root = op == RT_BC_GET_PAYLOAD_ROOT ? RT_BC_ROOT_PAYLOAD :
		    op == RT_BC_GET_CONTEXT_ROOT ? RT_BC_ROOT_CONTEXT :
		    RT_BC_ROOT_APP;
	ref->nr_names = 0;
	at++;
	while (at < end && (sz = rt_bc_size(code, at, end))) {
		op = code[at];
		if (op == RT_BC_GET_SYMBOL && !ref->indexed) {
			u32 name = p->reloc_offset + rt_bc_get_u16(code + at + 1);

			if (!rt_bc_symbol_ok(p, name))
				return 0;
			if (!ref->nr_names++)
				ref->name = name;
			if (ref->nr_names > 2)
				ref->nr_names = 2;
		} else if ((op == RT_BC_GET_INDEX_U16 || op == RT_BC_GET_INDEX_U64) &&
			   ref->nr_names) {
			ref->bad_index = ref->indexed;
			ref->indexed = true;
			ref->index = op == RT_BC_GET_INDEX_U16 ?
				     rt_bc_get_u16(code + at + 1) :
				     rt_bc_get_u64(code + at + 1);
		} else if (op == RT_BC_LOAD_FIELD && ref->nr_names) {
			return at + 1 - start;
		} else {
			return 0;
		}
		at += sz;
	}
	return 0;
}

void rt_bc_release(struct rt_bc_prog *p)
{
	rt_bc_free(p->insns);
	rt_bc_free(p->refs);
	p->insns = NULL;
	p->refs = NULL;
}

/* Stack effect of each decoded operation: needed below, then change. */
static void rt_bc_effect(u8 op, int *need, int *change)
{
	switch (op) {
	case RT_BCOP_RSHIFT ... RT_BCOP_LE:
		*need = 2;
		*change = -1;
		return;
	case RT_BCOP_LOAD_REF ... RT_BCOP_LOAD_DOUBLE:
		*need = 0;
		*change = 1;
		return;
	default:	/* unary operators, casts, RETURN, AND, OR */
		*need = 1;
		*change = 0;
	}
}

static const u8 rt_bc_ops[] = {
	[RT_BC_RETURN] = RT_BCOP_RETURN,
	[RT_BC_BIT_RSHIFT] = RT_BCOP_RSHIFT, [RT_BC_BIT_LSHIFT] = RT_BCOP_LSHIFT,
	[RT_BC_BIT_AND] = RT_BCOP_AND_BITS, [RT_BC_BIT_OR] = RT_BCOP_OR_BITS,
	[RT_BC_BIT_XOR] = RT_BCOP_XOR,
	[RT_BC_EQ] = RT_BCOP_EQ, [RT_BC_NE] = RT_BCOP_NE, [RT_BC_GT] = RT_BCOP_GT,
	[RT_BC_LT] = RT_BCOP_LT, [RT_BC_GE] = RT_BCOP_GE, [RT_BC_LE] = RT_BCOP_LE,
	[RT_BC_UNARY_PLUS] = RT_BCOP_NOP, [RT_BC_UNARY_MINUS] = RT_BCOP_NEG,
	[RT_BC_UNARY_NOT] = RT_BCOP_NOT, [RT_BC_UNARY_BIT_NOT] = RT_BCOP_BIT_NOT,
	[RT_BC_AND] = RT_BCOP_AND, [RT_BC_OR] = RT_BCOP_OR,
	[RT_BC_LOAD_STRING] = RT_BCOP_LOAD_STRING,
	[RT_BC_LOAD_STAR_GLOB_STRING] = RT_BCOP_LOAD_GLOB,
	[RT_BC_LOAD_S64] = RT_BCOP_LOAD_S64, [RT_BC_LOAD_DOUBLE] = RT_BCOP_LOAD_DOUBLE,
	[RT_BC_CAST_TO_S64] = RT_BCOP_CAST_S64,
	[RT_BC_CAST_DOUBLE_TO_S64] = RT_BCOP_CAST_DOUBLE,
	[RT_BC_CAST_NOP] = RT_BCOP_NOP,
};

/* The comparison @op with its operands swapped: k < x is x > k. */
static u8 rt_bc_mirror(u8 op)
{
	switch (op) {
	case RT_BCOP_GT:
		return RT_BCOP_LT;
	case RT_BCOP_LT:
		return RT_BCOP_GT;
	case RT_BCOP_GE:
		return RT_BCOP_LE;
	case RT_BCOP_LE:
		return RT_BCOP_GE;
	default:
		return op;
	}
}

/*
 * Note a checked program of the shape term (connector term)* RETURN in
 * p->terms, every term a reference and an integer constant compared
 * (either order), every connector the same, jumping to a later connector
 * or to the RETURN, which ends the program.  A decided connector leaves
 * 0 (&&) or 1 (||) and jumps to another of its kind, which is decided
 * again, or to the RETURN: the result is that of the first deciding
 * term, else of the last, as in rt_bc_run_terms().
 */
static void rt_bc_find_terms(struct rt_bc_prog *p)
{
	const struct rt_bc_insn *in = p->insns;
	struct rt_bc_terms *t = &p->terms;
	u8 conn = RT_BCOP_RETURN;	/* none yet */
	u32 i = 0;

	t->nr = 0;
	for (;;) {
		struct rt_bc_term *term = &t->term[t->nr];
		u8 op;

		if (t->nr == RT_BC_TERMS || i + 3 >= p->nr_insns)
			goto no;
		op = in[i + 2].op;
		if (op < RT_BCOP_EQ || op > RT_BCOP_LE)
			goto no;
		if (in[i].op == RT_BCOP_LOAD_REF && in[i + 1].op == RT_BCOP_LOAD_S64) {
			term->ref = in[i].arg;
			term->imm = in[i + 1].imm;
		} else if (in[i].op == RT_BCOP_LOAD_S64 && in[i + 1].op == RT_BCOP_LOAD_REF) {
			term->ref = in[i + 1].arg;
			term->imm = in[i].imm;
			op = rt_bc_mirror(op);
		} else {
			goto no;
		}
		term->op = op;
		t->nr++;
		i += 3;
		if (in[i].op == RT_BCOP_RETURN) {
			if (i != p->nr_insns - 1)
				goto no;
			t->any = conn == RT_BCOP_OR;
			return;
		}
		if ((in[i].op != RT_BCOP_AND && in[i].op != RT_BCOP_OR) ||
		    (conn != RT_BCOP_RETURN && in[i].op != conn))
			goto no;
		conn = in[i].op;
		if (in[in[i].target].op != conn && in[in[i].target].op != RT_BCOP_RETURN)
			goto no;
		i++;
	}
no:
	t->nr = 0;
}

/*
 * Decode the program (p->len, p->reloc_offset and p->data set) into
 * p->insns and p->refs, or refuse it: -EINVAL, or -ENOMEM.
 */
int rt_bc_check(struct rt_bc_prog *p)
{
	u32 end = p->reloc_offset, at, n = 0, nr_refs = 0, i;
	/* Instruction number at each code offset, or -1 inside one. */
	s32 *at_insn = NULL;
	s8 *depth = NULL;
	u32 *jump_at = NULL;
	int ret = -EINVAL;
	int d;

	p->insns = NULL;
	p->refs = NULL;
	if (!p->len || p->len > RT_BC_MAX_LEN || end == 0 || end > p->len)
		return -EINVAL;
	/* At most one instruction per byte of code. */
	p->insns = rt_bc_alloc(end * sizeof(*p->insns));
	p->refs = rt_bc_alloc(end * sizeof(*p->refs));
	at_insn = rt_bc_alloc((end + 1) * sizeof(*at_insn));
	jump_at = rt_bc_alloc(end * sizeof(*jump_at));
	depth = rt_bc_alloc(end);
	if (!p->insns || !p->refs || !at_insn || !jump_at || !depth) {
		ret = -ENOMEM;
		goto out;
	}
	for (at = 0; at <= end; at++)
		at_insn[at] = -1;

	/* Decode, instruction by instruction. */
	for (at = 0; at < end; n++) {
		struct rt_bc_insn *insn = &p->insns[n];
		u8 op = p->data[at];
		u32 sz;

		at_insn[at] = n;
		*insn = (struct rt_bc_insn){ };
		switch (op) {
		case RT_BC_LOAD_FIELD_REF:
		case RT_BC_GET_CONTEXT_REF:
		case RT_BC_GET_CONTEXT_ROOT ... RT_BC_GET_PAYLOAD_ROOT:
			sz = rt_bc_decode_ref(p, at, &p->refs[nr_refs]);
			insn->op = RT_BCOP_LOAD_REF;
			insn->arg = nr_refs++;
			break;
		default:
			sz = rt_bc_size(p->data, at, end);
			if (!sz || op >= sizeof(rt_bc_ops) ||
			    (!rt_bc_ops[op] && op != RT_BC_RETURN))
				goto out;
			insn->op = rt_bc_ops[op];
			if (op == RT_BC_LOAD_S64)
				insn->imm = (s64)rt_bc_get_u64(p->data + at + 1);
			else if (op == RT_BC_LOAD_STRING || op == RT_BC_LOAD_STAR_GLOB_STRING)
				insn->arg = at + 1;
			else if (op == RT_BC_AND || op == RT_BC_OR)
				jump_at[n] = rt_bc_get_u16(p->data + at + 1);
		}
		if (!sz)
			goto out;
		at += sz;
	}
	/* Jumps: forward, onto an instruction. */
	for (i = 0; i < n; i++) {
		struct rt_bc_insn *insn = &p->insns[i];

		if (insn->op != RT_BCOP_AND && insn->op != RT_BCOP_OR)
			continue;
		if (jump_at[i] >= end || at_insn[jump_at[i]] <= (s32)i)
			goto out;
		insn->target = at_insn[jump_at[i]];
	}
	/*
	 * Stack depths: instructions in order, each reached by falling
	 * through from the one before and by jumps from earlier ones (all
	 * jumps go forward), with the same depth on every path.
	 */
	for (i = 0; i < n; i++)
		depth[i] = -1;
	d = 0;			/* falling into the first instruction */
	for (i = 0; i < n; i++) {
		const struct rt_bc_insn *insn = &p->insns[i];
		int need, change;

		if (d < 0)
			d = depth[i];		/* reached by jumps only */
		else if (depth[i] >= 0 && depth[i] != d)
			goto out;
		if (d < 0)
			goto out;		/* unreachable */
		rt_bc_effect(insn->op, &need, &change);
		if (d < need || d + change > RT_BC_STACK)
			goto out;
		if (insn->op == RT_BCOP_AND || insn->op == RT_BCOP_OR) {
			s8 *t = &depth[insn->target];

			if (*t >= 0 && *t != d)
				goto out;
			*t = d;
			change = -1;
		}
		d = insn->op == RT_BCOP_RETURN ? -1 : d + change;
	}
	if (d >= 0)
		goto out;		/* the last one falls off the end */
	p->nr_insns = n;
	p->nr_refs = nr_refs;
	rt_bc_find_terms(p);
	ret = 0;
out:
	rt_bc_free(at_insn);
	rt_bc_free(jump_at);
	rt_bc_free(depth);
	if (ret)
		rt_bc_release(p);
	return ret;
}

/*
 * Resolve every reference of @p for one event (@what: the environment's
 * description of it) into @targets (p->nr_refs of them).  -ENOENT: one
 * names nothing that event has (lttng-modules then never records it).
 */
int rt_bc_link(const struct rt_bc_prog *p, const void *what,
	       struct rt_bc_target *targets)
{
	u32 i;

	for (i = 0; i < p->nr_refs; i++) {
		const struct rt_bc_ref *ref = &p->refs[i];
		int ret;

		if (ref->root == RT_BC_ROOT_APP || ref->nr_names != 1 ||
		    ref->bad_index)
			return -ENOENT;
		ret = rt_bc_resolve(what, ref, p->data + ref->name, &targets[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* The next character of a string value, or -1 at its end. */
static RT_BC_HOT int rt_bc_char(const struct rt_bc_val *v, u32 *i, bool *escaped)
{
	int c;

	*escaped = false;
	if (*i >= v->len || !v->s[*i])
		return -1;
	c = (u8)v->s[(*i)++];
	if (c == '\\' && v->type != RT_BC_STR) {
		if (*i >= v->len || !v->s[*i])
			return -1;
		*escaped = true;
		c = (u8)v->s[(*i)++];
	}
	return c;
}

/*
 * Compare two strings as lttng-modules does: bytes, except that in a
 * literal an unescaped `*` matches whatever is left of the other one.
 */
static RT_BC_HOT int rt_bc_strcmp(const struct rt_bc_val *a,
				  const struct rt_bc_val *b)
{
	u32 i = 0, j = 0;

	for (;;) {
		bool ea, eb;
		int ca = rt_bc_char(a, &i, &ea);
		int cb = rt_bc_char(b, &j, &eb);

		if ((ca == '*' && !ea && a->type == RT_BC_LITERAL) ||
		    (cb == '*' && !eb && b->type == RT_BC_LITERAL))
			return 0;
		if (ca != cb || ca < 0)
			return ca - cb;
	}
}

/*
 * Whether @s matches the star-glob @pat (`*` anywhere, `\` escapes).
 * Greedy, going back only to the last star: at most len(s) x len(pat)
 * steps, bounded by the program's and the field's sizes.
 */
static RT_BC_HOT bool rt_bc_glob(const struct rt_bc_val *pat,
				 const struct rt_bc_val *s)
{
	u32 p = 0, i = 0, star_p = 0, star_i = 0;
	bool star = false;

	for (;;) {
		bool esc;
		int pc = rt_bc_char(pat, &p, &esc);
		int sc = i < s->len && s->s[i] ? (u8)s->s[i] : -1;

		if (pc == '*' && !esc) {
			star = true;
			star_p = p;
			star_i = i;
			continue;
		}
		if (pc >= 0 && pc == sc) {
			i++;
			continue;
		}
		if (pc < 0 && sc < 0)
			return true;
		if (!star || star_i >= s->len || !s->s[star_i])
			return false;
		/* Let the last star take one more character, and retry. */
		p = star_p;
		i = ++star_i;
	}
}

static RT_BC_HOT bool rt_bc_is_str(const struct rt_bc_val *v)
{
	return v->type != RT_BC_S64;
}

/* Compare @a and @b (an @op of EQ..LE): 0 or 1, -1 on a type error. */
static RT_BC_HOT int rt_bc_compare(u8 op, const struct rt_bc_val *a,
				   const struct rt_bc_val *b)
{
	int c;

	if (rt_bc_is_str(a) != rt_bc_is_str(b))
		return -1;
	if (!rt_bc_is_str(a)) {
		c = a->v < b->v ? -1 : a->v > b->v;
	} else if (a->type == RT_BC_GLOB || b->type == RT_BC_GLOB) {
		if ((op != RT_BCOP_EQ && op != RT_BCOP_NE) ||
		    (a->type == RT_BC_GLOB && b->type == RT_BC_GLOB))
			return -1;
		c = a->type == RT_BC_GLOB ? !rt_bc_glob(a, b) : !rt_bc_glob(b, a);
	} else {
		c = rt_bc_strcmp(a, b);
	}
	switch (op) {
	case RT_BCOP_EQ:
		return c == 0;
	case RT_BCOP_NE:
		return c != 0;
	case RT_BCOP_GT:
		return c > 0;
	case RT_BCOP_LT:
		return c < 0;
	case RT_BCOP_GE:
		return c >= 0;
	default:
		return c <= 0;
	}
}

/*
 * Run @p on the event being recorded (@in, whatever the environment's
 * loader reads) with the references resolved in @targets: whether to
 * record it.
 */
RT_BC_HOT bool rt_bc_interpret(const struct rt_bc_prog *p,
			       const struct rt_bc_target *targets,
			       const void *in)
{
	struct rt_bc_val stack[RT_BC_STACK];
	/* Depths proved by rt_bc_check(): sp stays in 0 .. RT_BC_STACK - 1. */
	int sp = -1;
	u32 i = 0;

	for (;;) {
		const struct rt_bc_insn *insn = &p->insns[i++];
		struct rt_bc_val *top, *b;
		int r;

		switch (insn->op) {
		case RT_BCOP_LOAD_REF ... RT_BCOP_LOAD_DOUBLE:
			sp++;
			break;
		case RT_BCOP_RSHIFT ... RT_BCOP_LE:
			sp--;
			break;
		}
		top = &stack[sp];
		b = top + 1;		/* binary operators' right operand */

		switch (insn->op) {
		case RT_BCOP_RETURN:
			return top->type == RT_BC_S64 && top->v;
		case RT_BCOP_RSHIFT ... RT_BCOP_XOR:
			if (top->type != RT_BC_S64 || b->type != RT_BC_S64)
				return false;
			switch (insn->op) {
			case RT_BCOP_RSHIFT:
			case RT_BCOP_LSHIFT:
				/* Logical shifts of 64 bits, as lttng-modules. */
				if ((u64)b->v >= 64)
					return false;
				top->v = insn->op == RT_BCOP_RSHIFT ?
					 (s64)((u64)top->v >> b->v) :
					 (s64)((u64)top->v << b->v);
				break;
			case RT_BCOP_AND_BITS:
				top->v &= b->v;
				break;
			case RT_BCOP_OR_BITS:
				top->v |= b->v;
				break;
			default:
				top->v ^= b->v;
			}
			break;
		case RT_BCOP_EQ ... RT_BCOP_LE:
			r = rt_bc_compare(insn->op, top, b);
			if (r < 0)
				return false;
			top->type = RT_BC_S64;
			top->v = r;
			break;
		case RT_BCOP_NEG:
		case RT_BCOP_NOT:
		case RT_BCOP_BIT_NOT:
			if (top->type != RT_BC_S64)
				return false;
			top->v = insn->op == RT_BCOP_NEG ? (s64)(0 - (u64)top->v) :
				 insn->op == RT_BCOP_NOT ? !top->v : ~top->v;
			break;
		case RT_BCOP_NOP:
			break;
		case RT_BCOP_CAST_S64:
			if (top->type != RT_BC_S64)
				return false;
			break;
		case RT_BCOP_AND:
		case RT_BCOP_OR:
			if (top->type != RT_BC_S64)
				return false;
			if (!top->v == (insn->op == RT_BCOP_AND)) {
				/* Decided: 0 for AND, 1 for OR, stays on top. */
				top->v = insn->op == RT_BCOP_OR;
				i = insn->target;
			} else {
				sp--;
			}
			break;
		case RT_BCOP_LOAD_REF:
			if (!rt_bc_load(&targets[insn->arg], &p->refs[insn->arg],
					in, top))
				return false;
			break;
		case RT_BCOP_LOAD_STRING:
		case RT_BCOP_LOAD_GLOB:
			top->type = insn->op == RT_BCOP_LOAD_GLOB ? RT_BC_GLOB :
				    RT_BC_LITERAL;
			top->s = p->data + insn->arg;
			top->len = p->reloc_offset - insn->arg;
			break;
		case RT_BCOP_LOAD_S64:
			top->type = RT_BC_S64;
			top->v = insn->imm;
			break;
		default:
			/* Floating point: lttng-modules never records these. */
			return false;
		}
	}
}

/* A program of terms (rt_bc_find_terms()), without the interpreter. */
static RT_BC_HOT bool rt_bc_run_terms(const struct rt_bc_terms *t,
				      const struct rt_bc_prog *p,
				      const struct rt_bc_target *targets,
				      const void *in)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++) {
		const struct rt_bc_term *term = &t->term[i];
		bool r;
		s64 v;

		/* A value that is not an integer fails, as its comparison. */
		if (!rt_bc_load_int(&targets[term->ref], &p->refs[term->ref],
				    in, &v))
			return false;
		switch (term->op) {
		case RT_BCOP_EQ:
			r = v == term->imm;
			break;
		case RT_BCOP_NE:
			r = v != term->imm;
			break;
		case RT_BCOP_GT:
			r = v > term->imm;
			break;
		case RT_BCOP_LT:
			r = v < term->imm;
			break;
		case RT_BCOP_GE:
			r = v >= term->imm;
			break;
		default:
			r = v <= term->imm;
		}
		/* A true term decides ||, a false one &&. */
		if (r == t->any)
			return r;
	}
	return !t->any;
}

RT_BC_HOT bool rt_bc_run(const struct rt_bc_prog *p,
			 const struct rt_bc_target *targets, const void *in)
{
	if (p->terms.nr)
		return rt_bc_run_terms(&p->terms, p, targets, in);
	return rt_bc_interpret(p, targets, in);
}
