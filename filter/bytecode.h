/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The filter bytecode of LTTng (doc/lttng-abi.md, section 6), checked and
 * decoded by filter/bytecode.c.  That file builds in the kernel and, for
 * fuzzing, in user space: it sees its environment only through the
 * header named by RT_BC_ENV (filter/env-kernel.h in the kernel), which
 * gives the integer types, memory helpers and the two things that depend
 * on where it runs: how a reference is resolved against an event, and
 * how a resolved reference is loaded while the event fires.
 */
#ifndef _RINGTAIL_FILTER_BYTECODE_H
#define _RINGTAIL_FILTER_BYTECODE_H

/* Opcodes as lttng-tools sends them; the values are ABI. */
enum rt_bc_opcode {
	RT_BC_RETURN = 1,
	RT_BC_MUL, RT_BC_DIV, RT_BC_MOD, RT_BC_PLUS, RT_BC_MINUS,
	RT_BC_BIT_RSHIFT, RT_BC_BIT_LSHIFT, RT_BC_BIT_AND, RT_BC_BIT_OR,
	RT_BC_BIT_XOR,
	RT_BC_EQ, RT_BC_NE, RT_BC_GT, RT_BC_LT, RT_BC_GE, RT_BC_LE,
	RT_BC_UNARY_PLUS = 48, RT_BC_UNARY_MINUS, RT_BC_UNARY_NOT,
	RT_BC_AND = 57, RT_BC_OR,
	RT_BC_LOAD_FIELD_REF,
	RT_BC_LOAD_STRING = 64, RT_BC_LOAD_S64, RT_BC_LOAD_DOUBLE,
	RT_BC_CAST_TO_S64, RT_BC_CAST_DOUBLE_TO_S64, RT_BC_CAST_NOP,
	RT_BC_GET_CONTEXT_REF,
	RT_BC_LOAD_STAR_GLOB_STRING = 76,
	RT_BC_GET_CONTEXT_ROOT = 79, RT_BC_GET_APP_CONTEXT_ROOT,
	RT_BC_GET_PAYLOAD_ROOT, RT_BC_GET_SYMBOL, RT_BC_GET_SYMBOL_FIELD,
	RT_BC_GET_INDEX_U16, RT_BC_GET_INDEX_U64, RT_BC_LOAD_FIELD,
	RT_BC_UNARY_BIT_NOT = 98,
};

/* LTTng's limit on a program (data, relocations included). */
#define RT_BC_MAX_LEN		65536
/*
 * Values a program may hold at once.  lttng-modules holds 8; this is
 * deeper than any expression lttng-tools compiles needs.
 */
#define RT_BC_STACK		16

/* What a program's reference names: where, then which. */
enum rt_bc_root {
	RT_BC_ROOT_PAYLOAD,
	RT_BC_ROOT_CONTEXT,
	RT_BC_ROOT_APP,		/* $app.: user space only, never resolves */
};

struct rt_bc_ref {
	u8 root;		/* enum rt_bc_root */
	u8 nr_names;		/* dotted components: only 1 resolves */
	bool indexed;		/* name[index] */
	bool bad_index;		/* more than one index */
	u32 name;		/* offset of the first name in the data */
	u64 index;
};

/* Decoded instructions: operands checked, jumps as instruction numbers. */
enum rt_bc_op {
	RT_BCOP_RETURN,
	RT_BCOP_RSHIFT, RT_BCOP_LSHIFT, RT_BCOP_AND_BITS, RT_BCOP_OR_BITS, RT_BCOP_XOR,
	RT_BCOP_EQ, RT_BCOP_NE, RT_BCOP_GT, RT_BCOP_LT, RT_BCOP_GE, RT_BCOP_LE,
	RT_BCOP_NEG, RT_BCOP_NOT, RT_BCOP_BIT_NOT, RT_BCOP_NOP,
	RT_BCOP_AND, RT_BCOP_OR,
	RT_BCOP_LOAD_REF,		/* arg: reference number */
	RT_BCOP_LOAD_STRING,	/* arg: offset of the literal in the data */
	RT_BCOP_LOAD_GLOB,	/* the same, a star-glob pattern */
	RT_BCOP_LOAD_S64,
	RT_BCOP_LOAD_DOUBLE,	/* no floating point in the kernel: fails */
	RT_BCOP_CAST_S64,
	RT_BCOP_CAST_DOUBLE,
};

struct rt_bc_insn {
	u8 op;			/* enum rt_bc_op */
	u32 target;		/* RT_BCOP_AND, RT_BCOP_OR: instruction to go to */
	u32 arg;
	s64 imm;		/* RT_BCOP_LOAD_S64 */
};

/*
 * Most filters are integer comparisons of references with constants, all
 * joined by && or all by || (`prev_tid == 12345`, `a > 1 && b != 2`):
 * rt_bc_check() notes such a program as a list of terms, which
 * rt_bc_run() evaluates left to right without the interpreter, with the
 * same result (lttng's && and || are associative, and the interpreter
 * also stops at the first term that decides, or that fails to load).
 */
#define RT_BC_TERMS		8

struct rt_bc_term {
	u32 ref;		/* reference number */
	u8 op;			/* RT_BCOP_EQ .. RT_BCOP_LE, reference first */
	s64 imm;
};

struct rt_bc_terms {
	u8 nr;			/* 0: not such a program */
	bool any;		/* joined by ||, else by && */
	struct rt_bc_term term[RT_BC_TERMS];
};

/* A program checked by rt_bc_check(): immutable, shared by its events. */
struct rt_bc_prog {
	u32 nr_insns, nr_refs;
	struct rt_bc_insn *insns;
	struct rt_bc_ref *refs;
	struct rt_bc_terms terms;
	u32 len, reloc_offset;
	u64 seqnum;
	char data[];		/* as sent: code, then relocations */
};

/* Values on the stack. */
enum rt_bc_type {
	RT_BC_S64,
	RT_BC_STR,		/* a field's text: taken literally */
	RT_BC_LITERAL,		/* a literal: `*` matches any rest, `\` escapes */
	RT_BC_GLOB,		/* a star-glob literal, for == and != only */
};

struct rt_bc_val {
	u8 type;		/* enum rt_bc_type */
	u32 len;		/* strings: at most this many bytes, or to a NUL */
	s64 v;
	const char *s;
};

/* What a reference resolved to, for one event: the environment's. */
struct rt_bc_target;

int rt_bc_check(struct rt_bc_prog *p);
void rt_bc_release(struct rt_bc_prog *p);
int rt_bc_link(const struct rt_bc_prog *p, const void *what,
	       struct rt_bc_target *targets);
/* Whether the event (@in) passes: by its terms if it has them. */
bool rt_bc_run(const struct rt_bc_prog *p,
	       const struct rt_bc_target *targets, const void *in);
/* The interpreter alone (the fuzzer checks both agree). */
bool rt_bc_interpret(const struct rt_bc_prog *p,
		     const struct rt_bc_target *targets, const void *in);

#endif /* _RINGTAIL_FILTER_BYTECODE_H */
