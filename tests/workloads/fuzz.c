// SPDX-License-Identifier: GPL-2.0-only
/*
 * An ioctl fuzzer for Ringtail's ABI, run in the test guest by
 * tests/guest/fuzz.sh (as root, with the client modules loaded).
 *
 * usage: fuzz [-n CALLS] [-t THREADS] [-s SEED] [-S] [-m] [-v]
 *   -n  system calls to make in all (RT_FUZZ_CALLS; default 20000)
 *   -t  threads sharing one pool of fds (RT_FUZZ_THREADS; default 4)
 *   -s  seed (RT_FUZZ_SEED; default from the clock and the pid)
 *   -S  let system call events attach (RT_FUZZ_SYSCALLS=1): see below
 *   -m  unload and load the modules too (RT_FUZZ_MODULES=1): only ever in
 *       the test guest, from its /lib/modules/$(uname -r)/extra
 *   -v  print every failed invariant as it happens and more statistics
 *
 * What it does: several threads pick at random among the fds of a shared
 * pool (the tracer file, sessions, channels, metadata channels, streams,
 * events and enablers, tracepoint and system call lists) and call every
 * ioctl of the LTTng ABI on them, valid for that kind of fd or not, with
 * mutated ioctl numbers of type 0xF6 and with arguments that are valid,
 * mutated, NULL, unmapped, kernel addresses, misaligned, read-only or
 * cut short by a PROT_NONE page.  Between them come close, dup, dup2,
 * mmap, munmap, mremap, splice, read, poll, the unloading and reloading
 * of the modules, and whole mutated sessions as lttng-sessiond and
 * lttng-consumerd drive them (channels, streams, events, start, a burst
 * of system calls and scheduling, packets read by mmap and splice, stop,
 * close), so that the deep states are reached too.
 *
 * What it promises: it stays within about 224 fds (RLIMIT_NOFILE), asks
 * only for channels of at most 64 KiB x 8 sub-buffers except for sizes
 * no guest can hold (which must fail), closes its sessions as it goes,
 * never forks, and leaves the modules loaded as it found them.  It prints
 * the seed and the number of calls made, and exits 0 if it made them all
 * and the few things it checks held: huge channels and the event notifier
 * group are refused, and no ioctl that copies to or from its argument
 * succeeds with a kernel address.  Crashes and leaks are for the kernel's
 * console and for tests/guest/fuzz.sh to see.
 *
 * Each thread draws from its own generator, seeded from the seed; with
 * -t 1 the run depends only on the seed and on what the kernel answers,
 * with more threads also on how the threads interleave.
 *
 * System call events: turning the kernel's syscall tracepoints on under
 * QEMU's multi-threaded TCG can leave a vCPU spinning on a jump label's
 * int3 (tests/check.sh), a bug of the emulator, not of the kernel.  So
 * without -S, system call events, and tracepoint events whose name or glob
 * matches the raw sys_enter and sys_exit tracepoints (as "*" does), are
 * created only in sessions that are not running, and such sessions are
 * never started; their parsing and bookkeeping are fuzzed all the same.
 * That is not enough for two vCPUs under multi-threaded TCG, where other
 * busy tracepoints (workqueue_*) hang the same way once toggled often
 * enough: tests/guest/fuzz.sh runs in the 1-vCPU boot, make fuzz with -1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <ringtail/abi.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PAGE		4096UL

/* Limits on what the fuzzer holds at once. */
#define POOL_SLOTS	160	/* fds shared by the threads */
#define LOCAL_FDS	16	/* fds a session scenario holds of its own */
#define MAX_MAPS	32	/* stream mappings alive */
#define FD_LIMIT	224	/* RLIMIT_NOFILE: the hard cap on fds */
#define MAX_THREADS	16

/* Settings */
static unsigned long max_calls = 20000;
static unsigned int nthreads = 4;
static uint64_t seed;
static bool allow_sc, modules, verbose;

/* Statistics: the calls made, those that succeeded, broken invariants. */
static atomic_ulong n_calls, n_ok, n_broken;
static atomic_ulong n_scenarios, n_packets, n_mmaps, n_splices, n_modops;

/* A small, fast, seedable generator (splitmix64): one per thread. */
struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long rn(struct rng *r, unsigned long n)
{
	return n ? rnd(r) % n : 0;
}

static bool one_in(struct rng *r, unsigned long n)
{
	return rn(r, n) == 0;
}

#define PICK(r, arr)	((arr)[rn((r), ARRAY_SIZE(arr))])

static bool done(void)
{
	return atomic_load(&n_calls) >= max_calls;
}

/* Every system call aimed at the tracer goes through here to be counted. */
static long counted(long ret)
{
	atomic_fetch_add(&n_calls, 1);
	if (ret >= 0)
		atomic_fetch_add(&n_ok, 1);
	return ret;
}

static void broken(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A check the kernel failed: reported at the end, and in the exit code. */
static void broken(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&n_broken, 1) < 20 || verbose) {
		va_start(ap, fmt);
		printf("BROKEN: ");
		vprintf(fmt, ap);
		printf("\n");
		fflush(stdout);
		va_end(ap);
	}
}

/*
 * The kinds of fds.  An object is one kernel file as the fuzzer knows it,
 * shared by the slots that hold dups of it; children point at their parent
 * (channel to session, event and stream to channel) so that the rule on
 * system call events can find the session.
 */
enum kind {
	K_TRACER, K_SESSION, K_CHANNEL, K_METADATA, K_STREAM, K_MSTREAM,
	K_EVENT, K_ENABLER, K_LIST, K_GROUP, K_NOTIF, K_COUNTER, K_NOTIFIER,
	K_NKINDS
};

static const char *const kind_names[K_NKINDS] = {
	"tracer", "session", "channel", "metadata", "stream",
	"metadata stream", "event", "enabler", "list", "event-notifier group",
	"notification", "counter", "event notifier",
};

struct obj {
	enum kind kind;
	int refs;			/* under pool_lock */
	struct obj *parent;
	pthread_mutex_t lock;		/* sessions: start vs. system call events */
	bool active, risky;		/* sessions, under lock: see risky() */
};

struct slot {
	pthread_rwlock_t lock;		/* users read, close and dup2 write */
	int fd;				/* -1 when free */
	struct obj *obj;
};

static struct slot pool[POOL_SLOTS];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int n_sessions;		/* session objects alive */
#define MAX_SESSIONS	12

static struct obj *obj_new(enum kind kind, struct obj *parent)
{
	struct obj *o = calloc(1, sizeof(*o));

	if (!o)
		abort();
	o->kind = kind;
	o->refs = 1;
	pthread_mutex_init(&o->lock, NULL);
	if (parent) {
		pthread_mutex_lock(&pool_lock);
		parent->refs++;
		pthread_mutex_unlock(&pool_lock);
		o->parent = parent;
	}
	if (kind == K_SESSION)
		atomic_fetch_add(&n_sessions, 1);
	return o;
}

static void obj_get(struct obj *o)
{
	pthread_mutex_lock(&pool_lock);
	o->refs++;
	pthread_mutex_unlock(&pool_lock);
}

static void obj_put(struct obj *o)
{
	struct obj *parent;
	int refs;

	while (o) {
		pthread_mutex_lock(&pool_lock);
		refs = --o->refs;
		pthread_mutex_unlock(&pool_lock);
		if (refs)
			return;
		parent = o->parent;
		if (o->kind == K_SESSION)
			atomic_fetch_sub(&n_sessions, 1);
		pthread_mutex_destroy(&o->lock);
		free(o);
		o = parent;
	}
}

/* The session an object belongs to, if the fuzzer knows it. */
static struct obj *session_of(struct obj *o)
{
	while (o && o->kind != K_SESSION)
		o = o->parent;
	return o;
}

/*
 * Give @fd, of object @o, to the pool (which takes the caller's reference
 * on @o); if the pool is full, close it instead.
 */
static void pool_add(struct rng *r, int fd, struct obj *o)
{
	unsigned int i, start = rn(r, POOL_SLOTS);
	struct slot *s;

	for (i = 0; i < POOL_SLOTS; i++) {
		s = &pool[(start + i) % POOL_SLOTS];
		if (pthread_rwlock_trywrlock(&s->lock))
			continue;
		if (s->fd < 0) {
			s->fd = fd;
			s->obj = o;
			pthread_rwlock_unlock(&s->lock);
			return;
		}
		pthread_rwlock_unlock(&s->lock);
	}
	counted(close(fd));
	obj_put(o);
}

/*
 * A slot, read-locked, holding an fd of one of the kinds in @mask (any
 * kind if 0); NULL if a few tries found none.  The fd stays open until
 * slot_put(): close and dup2 wait for the write lock.
 */
static struct slot *slot_get(struct rng *r, unsigned int mask)
{
	struct slot *s;
	int tries;

	for (tries = 0; tries < 24; tries++) {
		s = &pool[rn(r, POOL_SLOTS)];
		if (pthread_rwlock_tryrdlock(&s->lock))
			continue;
		if (s->fd >= 0 && (!mask || (mask & (1U << s->obj->kind))))
			return s;
		pthread_rwlock_unlock(&s->lock);
	}
	return NULL;
}

static void slot_put(struct slot *s)
{
	pthread_rwlock_unlock(&s->lock);
}

/* Memory for arguments. */

/*
 * Per thread: two read-write pages, then a PROT_NONE one, so that an
 * argument can end exactly at, or run into, an inaccessible page.
 */
struct tmem {
	unsigned char *rw;		/* 2 pages */
	unsigned char *none;		/* the page after them */
};

static unsigned char *ro_page;		/* read-only, random bytes */
static unsigned long unmapped_page;	/* an address nothing maps */

static const unsigned long kernel_addrs[] = {
	0xffffffff81000000UL,		/* the kernel text, without KASLR */
	0xffff888000000000UL,		/* the direct map */
	0xffffc90000000000UL,		/* vmalloc space */
	0xfffffffffffff000UL,
	0xffffffffffffffffUL,
	0x8000000000000000UL,		/* not canonical */
	0x0000800000000000UL,		/* just past user space */
};

/* An argument: its value, and the bytes of ours it points to, if any. */
struct arg {
	unsigned long val;
	unsigned char *buf;		/* NULL if not our readable memory */
	size_t len;			/* bytes readable at buf */
	bool kernel;			/* val is a kernel address */
};

/*
 * An argument for an ioctl that takes @size bytes (0: none), from @tmpl
 * (NULL: random bytes).  Mostly a valid copy; otherwise one of the pointers
 * a careless or hostile caller passes.
 */
static struct arg gen_arg(struct rng *r, struct tmem *m, const void *tmpl,
			  size_t size)
{
	struct arg a = { 0 };
	size_t len = size ? size : 8, i, k;
	unsigned char *p;

	if (len > PAGE)
		len = PAGE;
	switch (rn(r, 20)) {
	case 0:
		return a;			/* NULL */
	case 1:
		a.val = rn(r, 3) ? rn(r, 4096) : PAGE * (1 + rn(r, 16));
		return a;
	case 2:
		a.val = unmapped_page + rn(r, PAGE);
		return a;
	case 3:
	case 4:
		a.val = PICK(r, kernel_addrs) + (one_in(r, 2) ? 0 : rn(r, 64));
		a.kernel = a.val >= 0xffff800000000000UL;
		return a;
	case 5:
		a.val = rnd(r);
		a.kernel = a.val >= 0xffff800000000000UL;
		return a;
	case 6:
		/* A read-only copy: fine for reading, EFAULT for writing. */
		a.buf = ro_page + rn(r, PAGE - len + 1);
		a.len = PAGE - (a.buf - ro_page);
		a.val = (unsigned long)a.buf;
		return a;
	case 7:
	case 8:
		/* Cut short by the PROT_NONE page (or ending right before it). */
		k = 1 + rn(r, len);
		p = m->none - k;
		break;
	case 9:
		/* Misaligned. */
		p = m->rw + 1 + rn(r, 7) + 8 * rn(r, (2 * PAGE - len - 8) / 8);
		k = len;
		break;
	default:
		p = m->rw + 8 * rn(r, (2 * PAGE - len) / 8 + 1);
		k = len;
		break;
	}
	if (tmpl)
		memcpy(p, tmpl, k);
	else
		for (i = 0; i < k; i++)
			p[i] = rnd(r);
	/* A few flipped bits now and then. */
	if (size && one_in(r, 8))
		for (i = 0; i < 1 + rn(r, 4); i++)
			p[rn(r, k)] ^= 1 << rn(r, 8);
	a.val = (unsigned long)p;
	a.buf = p;
	a.len = m->none - p;
	return a;
}

/* Arguments of the ABI's structures. */

static const unsigned long good_subbuf[] = { 4096, 8192, 16384, 32768, 65536 };
static const unsigned long good_nsub[] = { 1, 2, 4, 8, 2, 4 };

enum chan_shape { CH_GOOD, CH_BAD, CH_HUGE };

/*
 * Channel attributes: mostly valid and small; else invalid in one field
 * (CH_BAD), or with sizes of 4 GiB and more per CPU, which no 2 GiB guest
 * can hold and the tracer must refuse (CH_HUGE).
 */
static enum chan_shape gen_channel(struct rng *r, struct rt_abi_channel *c)
{
	static const unsigned long bad_subbuf[] = {
		0, 1, 1000, 4095, 4097, 12288, 65535, 65537, 3UL << 20,
	};
	static const unsigned long bad_nsub[] = { 0, 3, 5, 6, 7, 1000, 9 };
	/* Timers firing every jiffy are allowed, but costly under TCG: rare. */
	static const uint32_t timers[] = {
		0, 0, 0, 0, 1000, 10000, 100000, 200000, 1000000, UINT32_MAX,
	};
	enum chan_shape shape = CH_GOOD;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->subbuf_size = PICK(r, good_subbuf);
	c->num_subbuf = PICK(r, good_nsub);
	c->overwrite = one_in(r, 3);
	if (c->overwrite && c->num_subbuf < 2)
		c->num_subbuf = 2;
	c->output = one_in(r, 2) ? RT_ABI_OUTPUT_MMAP : RT_ABI_OUTPUT_SPLICE;
	c->switch_timer_interval = one_in(r, 50) ? 1 : PICK(r, timers);
	c->read_timer_interval = one_in(r, 50) ? 1 : PICK(r, timers);
	if (one_in(r, 6))
		for (i = 0; i < sizeof(c->padding); i++)
			c->padding[i] = rnd(r);
	switch (rn(r, 20)) {
	case 0:
		c->subbuf_size = PICK(r, bad_subbuf);
		shape = CH_BAD;
		break;
	case 1:
		c->num_subbuf = PICK(r, bad_nsub);
		shape = CH_BAD;
		break;
	case 2:
		c->overwrite = one_in(r, 2) ? 2 + (int)rn(r, 100) : -1 - (int)rn(r, 100);
		shape = CH_BAD;
		break;
	case 3:
		c->output = 2 + rn(r, 1000);
		shape = CH_BAD;
		break;
	case 4:
		c->overwrite = 1;
		c->num_subbuf = 1;	/* a flight recorder needs two */
		shape = CH_BAD;
		break;
	case 5:
	case 6:
		switch (rn(r, 6)) {
		case 0:
			c->subbuf_size = 1UL << 28;
			c->num_subbuf = 1UL << (4 + rn(r, 8));
			break;
		case 1:
			c->subbuf_size = 1UL << (12 + rn(r, 17));
			c->num_subbuf = 1UL << 20;
			break;
		case 2:
			c->subbuf_size = 1ULL << (32 + rn(r, 32));
			break;
		case 3:
			c->num_subbuf = 1ULL << (32 + rn(r, 32));
			break;
		case 4:
			c->subbuf_size = UINT64_MAX;
			c->num_subbuf = UINT64_MAX;
			break;
		default:
			c->subbuf_size = 1UL << 27;
			c->num_subbuf = 1UL << (5 + rn(r, 6));
			break;
		}
		shape = CH_HUGE;
		break;
	}
	return shape;
}

static const char *const tp_names[] = {
	"sched_switch", "sched_wakeup", "sched_*", "sched_process_*",
	"sched_switch", "timer_*", "irq_*", "signal_*", "workqueue_*",
	"kmem_*", "*", "sched_stat_*", "lttng_test_*", "block_*",
	"no_such_event", "", "*_*", "sched_switch*", "**", "*[", "\\",
	"sched_wak?ng", "sched_wak*ng", "rcu_utilization", "power_cpu_idle",
};

static const char *const sc_names[] = {
	"getppid", "sched_yield", "*", "open*", "read", "write", "close",
	"nanosleep", "clock_nanosleep", "ioctl", "no_such_call", "", "*at",
	"compat_*", "getpid",
};

/*
 * Probes: functions that exist (one of them Ringtail's own, whose hits
 * inside another probe's handler the kernel skips), one that does not,
 * one the kernel refuses; offsets at, inside and past the entry.
 */
static const char *const kp_syms[] = {
	"__x64_sys_getppid", "__x64_sys_getpid", "do_sys_openat2", "vfs_read",
	"rt_record_reserve", "no_such_function", "kprobe_int3_handler", "",
};

/*
 * uprobes go in a copy of this program that nothing runs: a call site in
 * the middle of an instruction would corrupt a process that maps it.
 */
static int uprobe_fd = -1;
static uint64_t uprobe_size;

static void uprobe_target(void)
{
	char path[] = "/tmp/rt-fuzz-uprobe.XXXXXX", buf[65536];
	int in = open("/proc/self/exe", O_RDONLY), out = mkstemp(path);
	ssize_t n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			break;
	if (out >= 0) {
		unlink(path);
		uprobe_size = lseek(out, 0, SEEK_END);
	}
	if (in >= 0)
		close(in);
	uprobe_fd = out;
}

/* Event attributes: mostly a tracepoint by name or glob. */
static void gen_event(struct rng *r, struct rt_abi_event *e)
{
	static const uint32_t instr[] = {
		RT_ABI_INSTR_TRACEPOINT, RT_ABI_INSTR_TRACEPOINT,
		RT_ABI_INSTR_TRACEPOINT, RT_ABI_INSTR_TRACEPOINT,
		RT_ABI_INSTR_SYSCALL, RT_ABI_INSTR_SYSCALL,
		RT_ABI_INSTR_KPROBE, RT_ABI_INSTR_FUNCTION,
		RT_ABI_INSTR_KRETPROBE, RT_ABI_INSTR_NOOP, RT_ABI_INSTR_UPROBE,
		7, 0x80000000u,
	};
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->instrumentation = PICK(r, instr);
	strcpy(e->name, e->instrumentation == RT_ABI_INSTR_SYSCALL ?
	       PICK(r, sc_names) : PICK(r, tp_names));
	if (e->instrumentation == RT_ABI_INSTR_SYSCALL) {
		e->u.syscall.entryexit = one_in(r, 6) ? rn(r, 256) : rn(r, 3);
		e->u.syscall.abi = one_in(r, 6) ? rn(r, 256) : rn(r, 3);
		e->u.syscall.match = one_in(r, 6);
		e->u.syscall.nr = rnd(r);
	}
	if ((e->instrumentation == RT_ABI_INSTR_KPROBE ||
	     e->instrumentation == RT_ABI_INSTR_KRETPROBE) && !one_in(r, 4)) {
		strcpy(e->u.kprobe.symbol_name, PICK(r, kp_syms));
		e->u.kprobe.offset = one_in(r, 2) ? 0 : one_in(r, 2) ? rn(r, 16) : rnd(r);
		if (one_in(r, 8))
			e->u.kprobe.addr = rnd(r);
		e->u.kprobe.entryexit = one_in(r, 8);
	}
	if (e->instrumentation == RT_ABI_INSTR_UPROBE)
		e->u.uprobe.fd = one_in(r, 4) ? (int)rn(r, 64) - 1 : uprobe_fd;
	e->token = rnd(r);
	switch (rn(r, 12)) {
	case 0:
		/* A name without its terminating NUL. */
		memset(e->name, one_in(r, 2) ? '*' : 'a', sizeof(e->name));
		break;
	case 1:
		/* A long glob. */
		for (i = 0; i < sizeof(e->name) - 1; i++)
			e->name[i] = one_in(r, 3) ? '*' : 'a' + rn(r, 26);
		break;
	case 2:
		for (i = 0; i < sizeof(e->u.padding); i++)
			e->u.padding[i] = rnd(r);
		break;
	}
}

/*
 * Filter programs as lttng-tools compiles them (tests/filter/corpus, read
 * at start from $RT_REPO), for FILTER's argument: a header, then the
 * program, mostly as compiled, else with its lengths or bytes changed.
 */
#define MAX_FILTERS	256
static unsigned char *filters[MAX_FILTERS];
static size_t filter_len[MAX_FILTERS];
static unsigned int nr_filters;

static void filters_load(void)
{
	const char *repo = getenv("RT_REPO");
	char path[PATH_MAX];
	unsigned char buf[2048];
	unsigned int i;
	size_t n;
	FILE *f;

	for (i = 0; repo && i < MAX_FILTERS; i++) {
		snprintf(path, sizeof(path), "%s/tests/filter/corpus/%04u", repo, i);
		f = fopen(path, "rb");
		if (!f)
			break;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (n < 3 || n == sizeof(buf))
			continue;
		filters[nr_filters] = malloc(n);
		memcpy(filters[nr_filters], buf, n);
		filter_len[nr_filters++] = n;
	}
}

/* FILTER's argument into @raw (PAGE bytes); returns its size. */
static size_t gen_filter(struct rng *r, unsigned char *raw)
{
	struct {
		uint32_t len, reloc_offset;
		uint64_t seqnum;
	} __attribute__((packed)) h;
	unsigned int i, k = nr_filters ? rn(r, nr_filters) : 0;
	size_t len;

	if (!nr_filters || one_in(r, 8)) {
		len = 1 + rn(r, 128);
		for (i = 0; i < len; i++)
			raw[sizeof(h) + i] = rnd(r);
		h.reloc_offset = rn(r, len + 1);
	} else {
		len = filter_len[k] - 2;
		memcpy(raw + sizeof(h), filters[k] + 2, len);
		h.reloc_offset = filters[k][0] | filters[k][1] << 8;
	}
	h.len = len;
	h.seqnum = rnd(r);
	switch (rn(r, 12)) {
	case 0:
		h.len = one_in(r, 2) ? 0 : 65537 + rn(r, 1 << 20);
		break;
	case 1:
		h.reloc_offset = len + 1 + rn(r, 8);
		break;
	case 2:
		h.len = rn(r, len);
		break;
	case 3:
		for (i = 0; i < 1 + rn(r, 4); i++)
			raw[sizeof(h) + rn(r, len)] ^= 1 << rn(r, 8);
		break;
	}
	memcpy(raw, &h, sizeof(h));
	return sizeof(h) + len;
}

/*
 * CAPTURE's argument into @raw (PAGE bytes): lttng-tools' shape (a root,
 * a field or context name, maybe an index, RETURN), often mutated.
 */
static size_t gen_capture(struct rng *r, unsigned char *raw)
{
	static const char *const names[] = {
		"intfield", "stringfield", "arrfield1", "seqfield4", "enum23",
		"prev_comm", "next_pid", "$ctx.procname", "$ctx.vtid",
		"$ctx.callstack_kernel", "filename", "ip", "nope", "",
	};
	static const unsigned char roots[] = { 79, 80, 81, 81, 81, 1, 82 };
	const char *name = PICK(r, names);
	uint32_t len, reloc;
	uint64_t index;
	size_t at = 16, i;

	raw[at++] = PICK(r, roots);
	raw[at++] = 82;				/* GET_SYMBOL */
	raw[at++] = 2;
	raw[at++] = 0;
	if (one_in(r, 3)) {
		index = one_in(r, 4) ? rnd(r) : rn(r, 8);
		raw[at++] = one_in(r, 4) ? 84 : 85;	/* GET_INDEX_U16/U64 */
		memcpy(raw + at, &index, 8);
		at += raw[at - 1] == 84 ? 2 : 8;
	}
	raw[at++] = 1;				/* RETURN */
	reloc = at - 16;
	raw[at++] = 1;
	raw[at++] = 0;
	strcpy((char *)raw + at, name);
	at += strlen(name) + 1;
	len = at - 16;
	if (one_in(r, 4))
		for (i = 0; i < 1 + rn(r, 4); i++)
			raw[16 + rn(r, len)] ^= 1 << rn(r, 8);
	if (one_in(r, 8))
		reloc = rn(r, len + 2);
	if (one_in(r, 8))
		len = one_in(r, 2) ? rn(r, len) : 65537 + rn(r, 1 << 20);
	memset(raw + 8, 0, 8);
	memcpy(raw, &len, 4);
	memcpy(raw + 4, &reloc, 4);
	return at;
}

/* A name or creation time: terminated or not, printable or not. */
static void gen_string(struct rng *r, char *s, size_t len)
{
	size_t i, n = rn(r, len + 1);

	for (i = 0; i < len; i++)
		s[i] = rn(r, 4) ? (char)('a' + rn(r, 26)) : (char)rnd(r);
	if (n < len && !one_in(r, 5))
		s[n] = '\0';
	else if (one_in(r, 2))
		s[len - 1] = '\0';
}

/* The commands, by kind of fd, and their argument sizes. */

struct cmd {
	unsigned long nr;
	unsigned int kinds;		/* the kinds it is meant for */
};

#define KB(k)	(1U << (k))
#define STREAMS	(KB(K_STREAM) | KB(K_MSTREAM))

static const struct cmd cmds[] = {
	{ RT_ABI_SESSION, KB(K_TRACER) },
	{ RT_ABI_TRACER_VERSION, KB(K_TRACER) },
	{ RT_ABI_TRACEPOINT_LIST, KB(K_TRACER) },
	{ RT_ABI_WAIT_QUIESCENT, KB(K_TRACER) },
	{ RT_ABI_SYSCALL_LIST, KB(K_TRACER) },
	{ RT_ABI_TRACER_ABI_VERSION, KB(K_TRACER) },
	{ RT_ABI_EVENT_NOTIFIER_GROUP_CREATE, KB(K_TRACER) },
	{ RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD, KB(K_GROUP) },
	{ RT_ABI_COUNTER, KB(K_GROUP) },
	{ RT_ABI_EVENT_NOTIFIER_CREATE, KB(K_GROUP) },
	{ RT_ABI_COUNTER_READ, KB(K_COUNTER) },
	{ RT_ABI_COUNTER_AGGREGATE, KB(K_COUNTER) },
	{ RT_ABI_COUNTER_CLEAR, KB(K_COUNTER) },
	{ RT_ABI_METADATA, KB(K_SESSION) },
	{ RT_ABI_CHANNEL, KB(K_SESSION) },
	{ RT_ABI_SESSION_START, KB(K_SESSION) },
	{ RT_ABI_SESSION_STOP, KB(K_SESSION) },
	{ RT_ABI_SESSION_METADATA_REGEN, KB(K_SESSION) },
	{ RT_ABI_SESSION_STATEDUMP, KB(K_SESSION) },
	{ RT_ABI_SESSION_SET_NAME, KB(K_SESSION) },
	{ RT_ABI_SESSION_SET_CREATION_TIME, KB(K_SESSION) },
	{ RT_ABI_SESSION_SET_OUTPUT_FORMAT, KB(K_SESSION) },
	{ RT_ABI_SESSION_TRACK_PID, KB(K_SESSION) },
	{ RT_ABI_SESSION_UNTRACK_PID, KB(K_SESSION) },
	{ RT_ABI_SESSION_TRACK_ID, KB(K_SESSION) },
	{ RT_ABI_SESSION_UNTRACK_ID, KB(K_SESSION) },
	{ RT_ABI_STREAM, KB(K_CHANNEL) | KB(K_METADATA) },
	{ RT_ABI_EVENT, KB(K_CHANNEL) },
	{ RT_ABI_CONTEXT, KB(K_CHANNEL) },
	{ RT_ABI_ENABLE, KB(K_CHANNEL) | KB(K_SESSION) | KB(K_EVENT) | KB(K_ENABLER) |
			 KB(K_NOTIFIER) },
	{ RT_ABI_DISABLE, KB(K_CHANNEL) | KB(K_SESSION) | KB(K_EVENT) | KB(K_ENABLER) |
			  KB(K_NOTIFIER) },
	{ RT_ABI_FILTER, KB(K_EVENT) | KB(K_ENABLER) | KB(K_NOTIFIER) },
	{ RT_ABI_ADD_CALLSITE, KB(K_EVENT) | KB(K_ENABLER) | KB(K_NOTIFIER) },
	{ RT_ABI_CAPTURE, KB(K_NOTIFIER) },
	{ RT_ABI_RB_SNAPSHOT, STREAMS },
	{ RT_ABI_RB_SNAPSHOT_GET_CONSUMED, STREAMS },
	{ RT_ABI_RB_SNAPSHOT_GET_PRODUCED, STREAMS },
	{ RT_ABI_RB_GET_SUBBUF, STREAMS },
	{ RT_ABI_RB_PUT_SUBBUF, STREAMS },
	{ RT_ABI_RB_GET_NEXT_SUBBUF, STREAMS },
	{ RT_ABI_RB_PUT_NEXT_SUBBUF, STREAMS },
	{ RT_ABI_RB_GET_SUBBUF_SIZE, STREAMS },
	{ RT_ABI_RB_GET_PADDED_SUBBUF_SIZE, STREAMS },
	{ RT_ABI_RB_GET_MAX_SUBBUF_SIZE, STREAMS },
	{ RT_ABI_RB_GET_MMAP_LEN, STREAMS },
	{ RT_ABI_RB_GET_MMAP_READ_OFFSET, STREAMS },
	{ RT_ABI_RB_FLUSH, STREAMS },
	{ RT_ABI_RB_GET_METADATA_VERSION, KB(K_MSTREAM) },
	{ RT_ABI_RB_SNAPSHOT_SAMPLE_POSITIONS, STREAMS },
	{ RT_ABI_RB_FLUSH_EMPTY, STREAMS },
	{ RT_ABI_RB_METADATA_CACHE_DUMP, KB(K_MSTREAM) },
	{ RT_ABI_RB_CLEAR, STREAMS },
	{ RT_ABI_RB_GET_NEXT_SUBBUF_METADATA_CHECK, KB(K_MSTREAM) },
	{ RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, STREAMS },
	{ RT_ABI_RB_GET_TIMESTAMP_BEGIN, STREAMS },
	{ RT_ABI_RB_GET_TIMESTAMP_END, STREAMS },
	{ RT_ABI_RB_GET_EVENTS_DISCARDED, STREAMS },
	{ RT_ABI_RB_GET_CONTENT_SIZE, STREAMS },
	{ RT_ABI_RB_GET_PACKET_SIZE, STREAMS },
	{ RT_ABI_RB_GET_STREAM_ID, STREAMS },
	{ RT_ABI_RB_GET_CURRENT_TIMESTAMP, STREAMS },
	{ RT_ABI_RB_GET_SEQ_NUM, STREAMS },
	{ RT_ABI_RB_INSTANCE_ID, STREAMS },
};

/*
 * Commands of lttng-modules that Ringtail does not implement (tracker
 * listing, statedump, syscall mask, capture bytecode, the old
 * ABI), the old tracker numbers, the group, notifier and counter commands
 * on other files, and generic file ioctls the VFS answers: each must be
 * refused or handled without harm.
 */
static const unsigned long other_cmds[] = {
	0x8004F658, 0x8004F659, 0x0000F658, 0x0000F65C, 0x4008F6A0, 0x8008F6A1,
	0x8008F6A2, 0xC004F664, 0x40C0F684, 0x425CF6B0,
	0x0000F6B1, 0x0000F6B8, 0xC04EF6C1, 0x4044F6C2, 0x8100F65D, 0x801AF65E,
	0x0000F640, 0x800CF641, 0x0000F642, 0x0000F643, 0x4148F650, 0x4148F651,
	0x0000F652, 0x0000F653, 0x0000F660, 0x4238F661, 0x4138F670, 0x0000F680,
	0x0000F681, FIONREAD, FIOQSIZE, 2 /* FIGETBSZ */, FIONCLEX, FIOCLEX,
};

/*
 * Commands that copy to or from their argument whatever the state: with a
 * kernel address for argument, they must fail.
 */
static bool copies_always(unsigned long cmd, enum kind kind)
{
	switch (cmd) {
	case RT_ABI_TRACER_VERSION:
	case RT_ABI_TRACER_ABI_VERSION:
		return kind == K_TRACER;
	case RT_ABI_CHANNEL:
	case RT_ABI_METADATA:
	case RT_ABI_SESSION_SET_NAME:
	case RT_ABI_SESSION_SET_CREATION_TIME:
	case RT_ABI_SESSION_TRACK_ID:
	case RT_ABI_SESSION_UNTRACK_ID:
		return kind == K_SESSION;
	case RT_ABI_EVENT:
		return kind == K_CHANNEL;
	case RT_ABI_FILTER:
	case RT_ABI_ADD_CALLSITE:
		return kind == K_EVENT || kind == K_ENABLER || kind == K_NOTIFIER;
	case RT_ABI_CAPTURE:
		return kind == K_NOTIFIER;
	case RT_ABI_EVENT_NOTIFIER_CREATE:
		return kind == K_GROUP;
	case RT_ABI_RB_SNAPSHOT_GET_CONSUMED:
	case RT_ABI_RB_SNAPSHOT_GET_PRODUCED:
	case RT_ABI_RB_GET_SUBBUF:
	case RT_ABI_RB_GET_MAX_SUBBUF_SIZE:
	case RT_ABI_RB_GET_MMAP_LEN:
	case RT_ABI_RB_GET_STREAM_ID:
	case RT_ABI_RB_INSTANCE_ID:
	case RT_ABI_RB_GET_CURRENT_TIMESTAMP:
		return kind == K_STREAM || kind == K_MSTREAM;
	case RT_ABI_RB_GET_METADATA_VERSION:
		return kind == K_MSTREAM;
	case RT_ABI_RB_FLUSH_OR_POPULATE_PACKET:
		return kind == K_STREAM;
	}
	return false;
}

static bool slow_cmd(unsigned long cmd)
{
	return cmd == RT_ABI_TRACEPOINT_LIST || cmd == RT_ABI_SYSCALL_LIST ||
	       cmd == RT_ABI_WAIT_QUIESCENT || cmd == RT_ABI_SESSION_METADATA_REGEN ||
	       cmd == RT_ABI_SESSION_STATEDUMP;
}

/* The size an ioctl number says its argument has. */
static size_t cmd_size(unsigned long cmd)
{
	/* _IO, as in lttng-modules, but it reads an offset. */
	if (cmd == RT_ABI_ADD_CALLSITE)
		return sizeof(struct rt_abi_event_callsite);
	return _IOC_SIZE(cmd);
}

/* An ioctl number near the valid ones: type 0xF6, any nr, dir or size. */
static unsigned long mutate_cmd(struct rng *r)
{
	unsigned long c = cmds[rn(r, ARRAY_SIZE(cmds))].nr;
	unsigned int dir = _IOC_DIR(c), type = _IOC_TYPE(c);
	unsigned int nr = _IOC_NR(c), size = _IOC_SIZE(c);

	switch (rn(r, 6)) {
	case 0:
		dir = rn(r, 4);
		break;
	case 1:
		nr = (nr + rn(r, 7) - 3) & 0xff;
		break;
	case 2:
		nr = rn(r, 256);
		break;
	case 3:
		size = one_in(r, 2) ? (size + rn(r, 3) - 1) & 0x3fff : rn(r, 0x4000);
		break;
	case 4:
		dir = rn(r, 4);
		nr = rn(r, 256);
		size = rn(r, 0x4000);
		break;
	default:
		type = one_in(r, 4) ? rn(r, 256) : 0xF6;
		break;
	}
	return _IOC(dir, type, nr, size);
}

/* Threads */

struct thread {
	struct rng r;
	struct tmem m;
	int id;
	pthread_t tid;
	pid_t tid_nr;			/* for /proc/self/task */
	/* Where a SIGBUS or SIGSEGV lands; volatile: the stores must stay. */
	sigjmp_buf *volatile jb;
	const char *_Atomic op;		/* what it is doing, for the watchdog */
	const char *last_op;
	_Atomic unsigned long cmd;	/* its last ioctl */
};

static __thread struct thread *self;

/* A fault nobody expected: say where, with a backtrace, and die of it. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	void *bt[32];
	char msg[160];
	int n;

	(void)uc;
	if (self && self->jb)
		siglongjmp(*self->jb, 1);
	n = snprintf(msg, sizeof(msg), "fuzz: signal %d at %p (code %d) in %s\n",
		     sig, si->si_addr, si->si_code, self && self->op ? self->op : "-");
	if (write(2, msg, n) < 0)
		_exit(3);
	n = backtrace(bt, 32);
	backtrace_symbols_fd(bt, n, 2);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Would this event attach to the kernel's syscall tracepoints once its
 * session runs?  The tracer truncates the name as here; fnmatch() stands
 * in for the kernel's glob_match(), and any bracket, whose syntax the two
 * may read differently, counts as a match.
 */
static bool risky(const struct rt_abi_event *e)
{
	static const char *const hot[] = {
		"sys_enter", "sys_exit", "raw_syscalls_sys_enter",
		"raw_syscalls_sys_exit", "syscalls_sys_enter", "syscalls_sys_exit",
	};
	char name[RT_ABI_SYM_NAME_LEN];
	unsigned int i;

	if (e->instrumentation == RT_ABI_INSTR_SYSCALL)
		return true;
	if (e->instrumentation != RT_ABI_INSTR_TRACEPOINT)
		return false;
	memcpy(name, e->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	if (strchr(name, '['))
		return true;
	for (i = 0; i < ARRAY_SIZE(hot); i++)
		if (!fnmatch(name, hot[i], 0) || !fnmatch(name, hot[i], FNM_NOESCAPE))
			return true;
	return false;
}

/*
 * ioctl on @fd of object @o, with the bookkeeping every call needs: the
 * rule on system call events (see the top of the file), a session's
 * running state, the kernel-address check, and taking any new fd the call
 * hands out into the pool.
 */
static long fz_ioctl(struct rng *r, struct obj *o, int fd, unsigned long cmd,
		     const struct arg *a)
{
	struct obj *sess = allow_sc ? NULL : session_of(o);
	const struct rt_abi_event *ev = NULL;
	struct obj *child;
	enum kind kind;
	long ret;
	int err;

	if (cmd == RT_ABI_EVENT && o->kind == K_CHANNEL && a->buf &&
	    a->len >= sizeof(*ev))
		ev = (const struct rt_abi_event *)a->buf;
	/* A notifier's event is as risky: it has no session to wait for. */
	if (cmd == RT_ABI_EVENT_NOTIFIER_CREATE && o->kind == K_GROUP && a->buf &&
	    a->len >= sizeof(*ev))
		ev = (const struct rt_abi_event *)a->buf;
	if (sess) {
		pthread_mutex_lock(&sess->lock);
		if (o->kind == K_SESSION && sess->risky &&
		    (cmd == RT_ABI_SESSION_START || cmd == RT_ABI_ENABLE)) {
			pthread_mutex_unlock(&sess->lock);
			return -2;
		}
		if (ev && risky(ev)) {
			if (sess->active) {
				pthread_mutex_unlock(&sess->lock);
				return -2;
			}
			sess->risky = true;
		}
	} else if (!allow_sc && ev && risky(ev)) {
		return -2;
	}
	if (self)
		self->cmd = cmd;
	ret = counted(ioctl(fd, cmd, a->val));
	err = errno;
	if (sess) {
		if (o->kind == K_SESSION && !ret) {
			if (cmd == RT_ABI_SESSION_START || cmd == RT_ABI_ENABLE)
				sess->active = true;
			if (cmd == RT_ABI_SESSION_STOP || cmd == RT_ABI_DISABLE)
				sess->active = false;
		}
		pthread_mutex_unlock(&sess->lock);
	}
	if (ret >= 0 && a->kernel && copies_always(cmd, o->kind))
		broken("ioctl %#lx on a %s fd succeeded with the kernel address %#lx",
		       cmd, kind_names[o->kind], a->val);

	/* New fds. */
	kind = K_NKINDS;
	if (ret > 0) {
		switch (o->kind) {
		case K_TRACER:
			if (cmd == RT_ABI_SESSION)
				kind = K_SESSION;
			else if (cmd == RT_ABI_TRACEPOINT_LIST || cmd == RT_ABI_SYSCALL_LIST)
				kind = K_LIST;
			else if (cmd == RT_ABI_EVENT_NOTIFIER_GROUP_CREATE)
				kind = K_GROUP;
			break;
		case K_GROUP:
			if (cmd == RT_ABI_EVENT_NOTIFIER_GROUP_NOTIFICATION_FD)
				kind = K_NOTIF;
			else if (cmd == RT_ABI_EVENT_NOTIFIER_CREATE)
				kind = K_NOTIFIER;
			else if (cmd == RT_ABI_COUNTER)
				kind = K_COUNTER;
			break;
		case K_SESSION:
			if (cmd == RT_ABI_CHANNEL)
				kind = K_CHANNEL;
			else if (cmd == RT_ABI_METADATA)
				kind = K_METADATA;
			break;
		case K_CHANNEL:
			if (cmd == RT_ABI_STREAM)
				kind = K_STREAM;
			else if (cmd == RT_ABI_EVENT)
				kind = ev && memchr(ev->name, '*', sizeof(ev->name)) ?
					K_ENABLER : K_EVENT;
			break;
		case K_METADATA:
			if (cmd == RT_ABI_STREAM)
				kind = K_MSTREAM;
			break;
		default:
			break;
		}
	}
	if (kind != K_NKINDS) {
		child = obj_new(kind, kind == K_SESSION || kind == K_LIST ||
				kind == K_GROUP ? NULL : o);
		pool_add(r, ret, child);
	}
	errno = err;
	return ret;
}

/* Mappings of streams, shared by the threads. */

struct map {
	unsigned char *addr;
	size_t len;
};

static struct map maps[MAX_MAPS];
static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;

static void map_add(struct rng *r, void *addr, size_t len)
{
	unsigned int i = rn(r, MAX_MAPS);

	pthread_mutex_lock(&map_lock);
	if (maps[i].addr)
		counted(munmap(maps[i].addr, maps[i].len));
	maps[i].addr = addr;
	maps[i].len = len;
	pthread_mutex_unlock(&map_lock);
}

/*
 * Touch, grow, drop or unmap a mapping.  Touching past the buffer after
 * mremap must give SIGBUS, caught here; so are faults on the pages of a
 * buffer whose stream is gone, which must stay readable.
 */
static void op_map(struct thread *t)
{
	struct rng *r = &t->r;
	struct map *mp = &maps[rn(r, MAX_MAPS)];
	volatile unsigned char sink;
	sigjmp_buf jb;
	size_t off;
	void *na;
	int i;

	pthread_mutex_lock(&map_lock);
	if (!mp->addr)
		goto out;
	switch (rn(r, 6)) {
	case 0:
		counted(munmap(mp->addr, mp->len));
		mp->addr = NULL;
		break;
	case 1:
		counted(madvise(mp->addr, mp->len, MADV_DONTNEED));
		break;
	case 2:
		off = mp->len + PAGE * (1 + rn(r, 4));
		na = mremap(mp->addr, mp->len, off, MREMAP_MAYMOVE);
		counted(na == MAP_FAILED ? -1 : 0);
		if (na != MAP_FAILED) {
			mp->addr = na;
			mp->len = off;
			if (sigsetjmp(jb, 1) == 0) {
				t->jb = &jb;
				sink = ((volatile unsigned char *)mp->addr)[mp->len - 1];
			}
			t->jb = NULL;
		}
		break;
	case 3:
		/*
		 * Writable only if private (a copy); writing to the shared
		 * read-only mapping must fault.
		 */
		if (one_in(r, 2))
			counted(mprotect(mp->addr, mp->len, PROT_READ | PROT_WRITE));
		if (sigsetjmp(jb, 1) == 0) {
			t->jb = &jb;
			((volatile unsigned char *)mp->addr)[rn(r, mp->len)] = 1;
		}
		t->jb = NULL;
		break;
	default:
		if (sigsetjmp(jb, 1) == 0) {
			t->jb = &jb;
			for (i = 0; i < 8; i++) {
				off = rn(r, mp->len);
				sink = ((volatile unsigned char *)mp->addr)[off];
			}
		}
		t->jb = NULL;
		break;
	}
out:
	(void)sink;
	pthread_mutex_unlock(&map_lock);
}

/* Stream operations */

static unsigned long get_ulong(struct rng *r, struct obj *o, int fd,
			       unsigned long cmd, long *ret)
{
	struct arg a;
	unsigned long v = 0;

	a.val = (unsigned long)&v;
	a.buf = (unsigned char *)&v;
	a.len = sizeof(v);
	a.kernel = false;
	*ret = fz_ioctl(r, o, fd, cmd, &a);
	return v;
}

/* mmap the stream @fd (its length, or a wrong one), and read a byte or two. */
static void stream_mmap(struct thread *t, struct obj *o, int fd, bool right)
{
	struct rng *r = &t->r;
	unsigned long len;
	long ret;
	int prot = PROT_READ, flags = MAP_SHARED;
	off_t off = 0;
	unsigned char *p;

	len = get_ulong(r, o, fd, RT_ABI_RB_GET_MMAP_LEN, &ret);
	if (ret || !len)
		len = PAGE * (1 + rn(r, 64));
	if (!right) {
		switch (rn(r, 6)) {
		case 0:
			len += PAGE;
			break;
		case 1:
			len = len > PAGE ? len - PAGE : 0;
			break;
		case 2:
			off = PAGE * (1 + rn(r, 4));
			break;
		case 3:
			prot |= PROT_WRITE;
			break;
		case 4:
			flags = MAP_PRIVATE;
			break;
		default:
			len = 1UL << (30 + rn(r, 10));
			break;
		}
	}
	p = mmap(NULL, len, prot, flags, fd, off);
	if (counted(p == MAP_FAILED ? -1 : 0))
		return;
	atomic_fetch_add(&n_mmaps, 1);
	if (!rn(r, 3)) {
		counted(munmap(p, len));
		return;
	}
	map_add(r, p, len);
}

/* Splice the held packet (or whatever is there) into a pipe and drain it. */
static void stream_splice(struct rng *r, int fd, unsigned long len)
{
	static char sink[65536];
	loff_t off = 0;
	int pfd[2];
	long n;

	if (counted(pipe2(pfd, O_NONBLOCK)))
		return;
	if (one_in(r, 4))
		off = one_in(r, 2) ? (loff_t)(PAGE * rn(r, 16)) : (loff_t)rnd(r);
	if (!len || one_in(r, 4))
		len = one_in(r, 2) ? PAGE * rn(r, 20) : rnd(r);
	n = counted(splice(fd, one_in(r, 8) ? NULL : &off, pfd[1], NULL, len,
			   SPLICE_F_NONBLOCK | (one_in(r, 2) ? SPLICE_F_MOVE : 0)));
	if (n > 0)
		atomic_fetch_add(&n_splices, 1);
	/* Reading the pipe late is the consumer's mistake, not a crash. */
	while (n > 0 && !one_in(r, 16))
		n = counted(read(pfd[0], sink, sizeof(sink)));
	counted(close(pfd[0]));
	counted(close(pfd[1]));
}

/*
 * Read a packet as lttng-consumerd does (GET_NEXT_SUBBUF, its sizes, mmap
 * or splice, PUT_NEXT_SUBBUF), with some steps left out or done twice.
 */
static void stream_packet(struct thread *t, struct obj *o, int fd)
{
	static const unsigned long info[] = {
		RT_ABI_RB_GET_SUBBUF_SIZE, RT_ABI_RB_GET_PADDED_SUBBUF_SIZE,
		RT_ABI_RB_GET_MMAP_READ_OFFSET, RT_ABI_RB_GET_TIMESTAMP_BEGIN,
		RT_ABI_RB_GET_TIMESTAMP_END, RT_ABI_RB_GET_EVENTS_DISCARDED,
		RT_ABI_RB_GET_CONTENT_SIZE, RT_ABI_RB_GET_PACKET_SIZE,
		RT_ABI_RB_GET_SEQ_NUM, RT_ABI_RB_GET_STREAM_ID,
		RT_ABI_RB_INSTANCE_ID,
	};
	struct rng *r = &t->r;
	unsigned long padded, pos, sb;
	struct arg a = { 0 };
	long ret;
	uint32_t coherent;
	unsigned int i;

	if (o->kind == K_MSTREAM && one_in(r, 2)) {
		a.val = (unsigned long)&coherent;
		a.buf = (unsigned char *)&coherent;
		a.len = sizeof(coherent);
		ret = fz_ioctl(r, o, fd, RT_ABI_RB_GET_NEXT_SUBBUF_METADATA_CHECK, &a);
	} else if (one_in(r, 4)) {
		/* By position, as in a snapshot. */
		fz_ioctl(r, o, fd, one_in(r, 2) ? RT_ABI_RB_SNAPSHOT :
			 RT_ABI_RB_SNAPSHOT_SAMPLE_POSITIONS, &a);
		pos = get_ulong(r, o, fd, RT_ABI_RB_SNAPSHOT_GET_CONSUMED, &ret);
		/* Or another packet's position, read or not, or none at all. */
		if (one_in(r, 3)) {
			sb = get_ulong(r, o, fd, RT_ABI_RB_GET_MAX_SUBBUF_SIZE, &ret);
			switch (rn(r, 3)) {
			case 0:
				pos += sb * rn(r, 20);
				break;
			case 1:
				pos -= sb * rn(r, 4);
				break;
			default:
				pos += rn(r, 3) ? rn(r, 1 << 20) : rnd(r);
				break;
			}
		}
		a.val = (unsigned long)&pos;
		a.buf = (unsigned char *)&pos;
		a.len = sizeof(pos);
		ret = fz_ioctl(r, o, fd, RT_ABI_RB_GET_SUBBUF, &a);
		a = (struct arg){ 0 };
	} else {
		ret = fz_ioctl(r, o, fd, RT_ABI_RB_GET_NEXT_SUBBUF, &a);
	}
	if (ret)
		return;
	atomic_fetch_add(&n_packets, 1);
	for (i = 0; i < ARRAY_SIZE(info); i++)
		if (!one_in(r, 3))
			get_ulong(r, o, fd, info[i], &ret);
	padded = get_ulong(r, o, fd, RT_ABI_RB_GET_PADDED_SUBBUF_SIZE, &ret);
	switch (rn(r, 4)) {
	case 0:
		stream_mmap(t, o, fd, !one_in(r, 4));
		op_map(t);
		break;
	case 1:
	case 2:
		stream_splice(r, fd, ret ? 0 : padded);
		break;
	}
	if (one_in(r, 10))
		return;				/* held until close, or a later put */
	fz_ioctl(r, o, fd, one_in(r, 2) ? RT_ABI_RB_PUT_NEXT_SUBBUF :
		 RT_ABI_RB_PUT_SUBBUF, &a);
	if (one_in(r, 10))
		fz_ioctl(r, o, fd, RT_ABI_RB_PUT_NEXT_SUBBUF, &a);	/* twice */
}

static void stream_op(struct thread *t, struct obj *o, int fd)
{
	struct rng *r = &t->r;
	struct pollfd pfd;
	char buf[64];
	struct arg a;
	unsigned long cmd;
	unsigned int i;

	switch (rn(r, 10)) {
	case 0:
	case 1:
	case 2:
		stream_packet(t, o, fd);
		break;
	case 3:
		stream_mmap(t, o, fd, !one_in(r, 3));
		break;
	case 4:
		stream_splice(r, fd, 0);
		break;
	case 5:
		pfd.fd = fd;
		pfd.events = POLLIN | POLLPRI | POLLOUT;
		counted(poll(&pfd, 1, one_in(r, 8) ? 1 : 0));
		break;
	case 6:
		counted(read(fd, one_in(r, 2) ? buf : (void *)PICK(r, kernel_addrs),
			     sizeof(buf)));
		break;
	default:
		do {
			i = rn(r, ARRAY_SIZE(cmds));
		} while (!(cmds[i].kinds & STREAMS) && !one_in(r, 8));
		cmd = cmds[i].nr;
		a = gen_arg(r, &t->m, NULL, cmd_size(cmd) ? cmd_size(cmd) : 8);
		fz_ioctl(r, o, fd, cmd, &a);
		break;
	}
}

/* The ioctl of @kind's commands (or any) with an argument for it. */
static void typed_ioctl(struct thread *t, struct obj *o, int fd)
{
	struct rng *r = &t->r;
	union {
		struct rt_abi_channel c;
		struct rt_abi_event e;
		struct rt_abi_event_notifier en;
		struct rt_abi_session_name n;
		struct rt_abi_session_creation_time ct;
		struct rt_abi_tracker_args ta;
		struct rt_abi_event_callsite cs;
		struct rt_abi_counter_conf cc;
		struct rt_abi_counter_read cr;
		struct rt_abi_rb_flush_or_populate fp;
		unsigned char raw[PAGE];
	} u;
	unsigned long cmd;
	enum chan_shape shape = CH_GOOD;
	size_t size = 0;
	struct arg a;
	unsigned int i, k;
	long ret;

	/*
	 * Notifications: read in any size, into a good or a kernel address;
	 * never blocking (another thread may have taken what poll saw).
	 */
	if (o->kind == K_NOTIF && one_in(r, 2)) {
		fcntl(fd, F_SETFL, O_NONBLOCK);
		counted(read(fd, one_in(r, 4) ? (void *)PICK(r, kernel_addrs) : u.raw,
			     rn(r, 700)));
		return;
	}
	switch (rn(r, 10)) {
	case 0:
		cmd = mutate_cmd(r);
		break;
	case 1:
		cmd = PICK(r, other_cmds);
		break;
	case 2:
		cmd = PICK(r, cmds).nr;
		break;
	default:
		/*
		 * Listing files have no command of their own: any will do.
		 * The slow commands (each a grace period, or thousands of
		 * events rendered as text) would take most of the run under
		 * TCG: one in eight of their turns.
		 */
		k = 0;
		do {
			i = rn(r, ARRAY_SIZE(cmds));
		} while ((!(cmds[i].kinds & KB(o->kind)) ||
			  (slow_cmd(cmds[i].nr) && !one_in(r, 8))) && ++k < 64);
		cmd = cmds[i].nr;
		break;
	}
	memset(&u, 0, sizeof(u));
	switch (cmd) {
	case RT_ABI_CHANNEL:
	case RT_ABI_METADATA:
		shape = gen_channel(r, &u.c);
		break;
	case RT_ABI_EVENT:
		gen_event(r, &u.e);
		break;
	case RT_ABI_EVENT_NOTIFIER_CREATE:
		gen_event(r, &u.en.event);
		u.en.event.token = rnd(r);
		u.en.error_counter_index = one_in(r, 8) ? rnd(r) : rn(r, 5000);
		break;
	case RT_ABI_CAPTURE:
		size = gen_capture(r, u.raw);
		break;
	case RT_ABI_SESSION_SET_NAME:
		gen_string(r, u.n.name, sizeof(u.n.name));
		break;
	case RT_ABI_SESSION_SET_CREATION_TIME:
		gen_string(r, u.ct.iso8601, sizeof(u.ct.iso8601));
		break;
	case RT_ABI_FILTER:
		size = gen_filter(r, u.raw);
		break;
	case RT_ABI_ADD_CALLSITE:
		/* In the file, at its end, past it, anywhere. */
		u.cs.offset = one_in(r, 4) ? rnd(r) : rn(r, uprobe_size + 2);
		break;
	case RT_ABI_SESSION_TRACK_ID:
	case RT_ABI_SESSION_UNTRACK_ID:
		/* Some types and ids out of range, most in: a few ids. */
		u.ta.type = rn(r, 8);
		u.ta.id = (int)rn(r, 12) - 2;
		break;
	case RT_ABI_COUNTER:
		/* What sessiond asks, or that with one field off. */
		u.cc.bitness = RT_ABI_COUNTER_BITNESS_64;
		u.cc.number_dimensions = 1;
		u.cc.dimensions[0].size = one_in(r, 4) ? rnd(r) : 1 + rn(r, 4096);
		if (one_in(r, 2))
			u.raw[rn(r, sizeof(u.cc))] = rnd(r);
		break;
	case RT_ABI_RB_FLUSH_OR_POPULATE_PACKET:
		/*
		 * Where the empty packet goes: our two pages (room for it),
		 * across the PROT_NONE page, read-only, or the kernel (never
		 * a random address: it could be memory of ours in use).
		 */
		switch (rn(r, 4)) {
		case 0:
		case 1:
			u.fp.packet = (unsigned long)t->m.rw;
			break;
		case 2:
			u.fp.packet = (unsigned long)(t->m.none - 1 - rn(r, PAGE));
			break;
		default:
			u.fp.packet = one_in(r, 2) ? (unsigned long)ro_page :
						     PICK(r, kernel_addrs);
		}
		break;
	case RT_ABI_COUNTER_READ:
	case RT_ABI_COUNTER_AGGREGATE:
	case RT_ABI_COUNTER_CLEAR:
		/* The same index layout in all three; cpu only in READ. */
		u.cr.index.number_dimensions = one_in(r, 8) ? rn(r, 6) : 1;
		u.cr.index.dimension_indexes[0] = rn(r, 5000);
		u.cr.cpu = (int)rn(r, 4) - 1;
		if (one_in(r, 8))
			u.raw[rn(r, sizeof(u.cr))] = rnd(r);
		break;
	default:
		for (i = 0; i < 64; i++)
			u.raw[i] = rnd(r);
	}
	/* Sessions must not pile up: the pool holds only so many. */
	if (o->kind == K_TRACER && cmd == RT_ABI_SESSION &&
	    atomic_load(&n_sessions) >= MAX_SESSIONS)
		return;
	if (!size)
		size = cmd_size(cmd) ? cmd_size(cmd) : 8;
	a = gen_arg(r, &t->m, &u, size);
	ret = fz_ioctl(r, o, fd, cmd, &a);
	/* Only a clean, untouched argument tells what must happen. */
	if (shape == CH_HUGE && ret >= 0 && o->kind == K_SESSION && a.buf &&
	    a.len >= sizeof(u.c) && !memcmp(a.buf, &u.c, sizeof(u.c)))
		broken("a channel of %llu x %llu bytes was created",
		       (unsigned long long)u.c.num_subbuf,
		       (unsigned long long)u.c.subbuf_size);
}

/* A burst of system calls and scheduling for the tracepoints to record. */
static int devnull = -1;

static void workload(struct rng *r)
{
	struct timespec ts = { 0, 1000 * rn(r, 200) };
	unsigned int i, n = 1 + rn(r, 64);
	char c = 'x';

	for (i = 0; i < n; i++) {
		switch (rn(r, 5)) {
		case 0:
			syscall(SYS_getppid);
			break;
		case 1:
			sched_yield();
			break;
		case 2:
			nanosleep(&ts, NULL);
			break;
		case 3:
			if (write(devnull, &c, 1) < 0)
				perror("write /dev/null");
			break;
		default:
			syscall(SYS_getpid);
			break;
		}
	}
}

/* The modules, unloaded and loaded again under the fuzzer's feet. */

static const char *const mod_names[] = {
	"lttng_tracer",			/* first: the clients need it */
	"lttng_ring_buffer_client_discard",
	"lttng_ring_buffer_client_overwrite",
	"lttng_ring_buffer_metadata_client",
	"lttng_ring_buffer_client_mmap_discard",
	"lttng_ring_buffer_client_mmap_overwrite",
	"lttng_ring_buffer_metadata_mmap_client",
};

static int mod_fds[ARRAY_SIZE(mod_names)];

static void mods_open(void)
{
	struct utsname u;
	char path[PATH_MAX], file[128];
	unsigned int i, j;

	uname(&u);
	for (i = 0; i < ARRAY_SIZE(mod_names); i++) {
		snprintf(file, sizeof(file), "%s", mod_names[i]);
		for (j = 0; file[j]; j++)
			if (file[j] == '_')
				file[j] = '-';
		snprintf(path, sizeof(path), "/lib/modules/%s/extra/%s.ko", u.release, file);
		mod_fds[i] = open(path, O_RDONLY | O_CLOEXEC);
	}
}

static int mod_load(unsigned int i)
{
	if (mod_fds[i] < 0)
		return -1;
	return syscall(SYS_finit_module, mod_fds[i], "", 0);
}

static void op_module(struct rng *r)
{
	unsigned int i = rn(r, ARRAY_SIZE(mod_names));

	if (mod_fds[i] < 0)
		return;
	atomic_fetch_add(&n_modops, 1);
	/* Loaded most of the time, so that the rest reaches deep states. */
	if (one_in(r, 3))
		counted(syscall(SYS_delete_module, mod_names[i], O_NONBLOCK));
	else
		counted(mod_load(i));
}

/* Load back whatever the run unloaded, core first. */
static void mods_restore(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mod_names); i++)
		if (mod_load(i) && errno != EEXIST && mod_fds[i] >= 0)
			printf("note: reloading %s: %s\n", mod_names[i], strerror(errno));
}

/* Session scenario */

/*
 * A session as lttng-sessiond and lttng-consumerd drive it, from the
 * tracer fd to close, with its steps mutated: skipped, repeated, given odd
 * arguments, interleaved with random ioctls on its own fds; at the end its
 * fds are closed in random order or handed to the pool for the other
 * threads.
 */
struct scen {
	int fd[LOCAL_FDS];
	struct obj *obj[LOCAL_FDS];
	int n;
};

static int scen_add(struct scen *s, struct rng *r, int fd, struct obj *o)
{
	if (s->n == LOCAL_FDS) {
		pool_add(r, fd, o);
		return -1;
	}
	s->fd[s->n] = fd;
	s->obj[s->n] = o;
	return s->n++;
}

/* A new fd from ioctl @cmd on local fd @i, of kind @kind, kept locally. */
static int scen_new(struct thread *t, struct scen *s, int i, unsigned long cmd,
		    void *arg, size_t len, enum kind kind)
{
	struct rng *r = &t->r;
	struct obj *o = s->obj[i];
	struct arg a = { .val = (unsigned long)arg, .buf = arg, .len = len };
	struct obj *sess = allow_sc ? NULL : session_of(o);
	const struct rt_abi_event *ev = arg;
	long fd;

	if (kind == K_EVENT && !allow_sc && risky(ev)) {
		if (!sess)
			return -1;
		pthread_mutex_lock(&sess->lock);
		if (sess->active) {
			pthread_mutex_unlock(&sess->lock);
			return -1;
		}
		sess->risky = true;
		pthread_mutex_unlock(&sess->lock);
	}
	fd = counted(ioctl(s->fd[i], cmd, a.val));
	if (fd < 0)
		return -1;
	if (kind == K_EVENT && memchr(ev->name, '*', sizeof(ev->name)))
		kind = K_ENABLER;
	return scen_add(s, r, fd, obj_new(kind, kind == K_SESSION ? NULL : o));
}

static void scen_random(struct thread *t, struct scen *s)
{
	int i;

	if (!s->n)
		return;
	i = rn(&t->r, s->n);
	if (s->obj[i]->kind == K_STREAM || s->obj[i]->kind == K_MSTREAM)
		stream_op(t, s->obj[i], s->fd[i]);
	else
		typed_ioctl(t, s->obj[i], s->fd[i]);
}

static void scen_close(struct scen *s, int i)
{
	counted(close(s->fd[i]));
	obj_put(s->obj[i]);
	s->n--;
	s->fd[i] = s->fd[s->n];
	s->obj[i] = s->obj[s->n];
}

/*
 * Close every pool fd of one session (its channels, events, streams too),
 * so that sessions do not pile up at MAX_SESSIONS and starve the
 * scenarios of new ones.
 */
static void reap_session(struct rng *r)
{
	struct slot *s = slot_get(r, KB(K_SESSION) | KB(K_CHANNEL) | KB(K_METADATA) |
				  KB(K_EVENT) | KB(K_ENABLER) | KB(K_STREAM) | KB(K_MSTREAM));
	struct obj *victim;
	unsigned int i;

	if (!s)
		return;
	victim = session_of(s->obj);
	if (victim)
		obj_get(victim);
	slot_put(s);
	if (!victim)
		return;
	for (i = 0; i < POOL_SLOTS; i++) {
		s = &pool[i];
		if (pthread_rwlock_trywrlock(&s->lock))
			continue;
		if (s->fd >= 0 && session_of(s->obj) == victim) {
			counted(close(s->fd));
			obj_put(s->obj);
			s->fd = -1;
			s->obj = NULL;
		}
		pthread_rwlock_unlock(&s->lock);
	}
	obj_put(victim);
}

static void scenario(struct thread *t)
{
	struct rng *r = &t->r;
	struct scen s = { .n = 0 };
	struct rt_abi_channel c;
	struct rt_abi_event e;
	struct rt_abi_session_name name;
	struct rt_abi_session_creation_time ct;
	int tr, se, md = -1, ch[3], nch = 0, st[LOCAL_FDS], nst = 0;
	int i, j, k, fd, rounds;
	struct arg a = { 0 };
	/* The chance of mutating a step, 1 in mut. */
	unsigned int mut = 4 + rn(r, 12);

	if (atomic_load(&n_sessions) >= MAX_SESSIONS && one_in(r, 2))
		reap_session(r);
	if (atomic_load(&n_sessions) >= MAX_SESSIONS)
		return;
	fd = counted(open("/proc/lttng", O_RDWR | O_CLOEXEC));
	if (fd < 0)
		return;
	tr = scen_add(&s, r, fd, obj_new(K_TRACER, NULL));
	se = scen_new(t, &s, tr, RT_ABI_SESSION, NULL, 0, K_SESSION);
	if (se < 0)
		goto out;
	atomic_fetch_add(&n_scenarios, 1);
	if (!one_in(r, mut)) {
		memset(&name, 0, sizeof(name));
		snprintf(name.name, sizeof(name.name), "fuzz-%d", t->id);
		if (one_in(r, mut))
			gen_string(r, name.name, sizeof(name.name));
		counted(ioctl(s.fd[se], RT_ABI_SESSION_SET_NAME, &name));
		memcpy(ct.iso8601, "20261201T230000+0000", 21);
		if (one_in(r, mut))
			gen_string(r, ct.iso8601, sizeof(ct.iso8601));
		counted(ioctl(s.fd[se], RT_ABI_SESSION_SET_CREATION_TIME, &ct));
	}
	if (!one_in(r, mut)) {
		gen_channel(r, &c);
		if (!one_in(r, mut)) {
			c.subbuf_size = PICK(r, good_subbuf);
			c.num_subbuf = 2;
			c.overwrite = 0;
			c.output = RT_ABI_OUTPUT_MMAP;
		}
		md = scen_new(t, &s, se, RT_ABI_METADATA, &c, sizeof(c), K_METADATA);
	}
	for (k = 1 + rn(r, 3); k > 0; k--) {
		gen_channel(r, &c);
		if (!one_in(r, mut)) {
			c.subbuf_size = PICK(r, good_subbuf);
			c.num_subbuf = PICK(r, good_nsub);
			c.overwrite = one_in(r, 3);
			if (c.overwrite && c.num_subbuf < 2)
				c.num_subbuf = 2;
			c.output = rn(r, 2);
		}
		i = scen_new(t, &s, se, RT_ABI_CHANNEL, &c, sizeof(c), K_CHANNEL);
		if (i >= 0)
			ch[nch++] = i;
	}
	/* Events: mostly before streams and start, as sessiond does. */
	for (k = 0; k < nch; k++) {
		for (j = 1 + rn(r, 3); j > 0; j--) {
			gen_event(r, &e);
			if (!one_in(r, mut)) {
				memset(&e, 0, sizeof(e));
				strcpy(e.name, PICK(r, tp_names));
			}
			i = scen_new(t, &s, ch[k], RT_ABI_EVENT, &e, sizeof(e), K_EVENT);
			if (i >= 0 && !one_in(r, mut))
				counted(ioctl(s.fd[i], RT_ABI_ENABLE));
			if (one_in(r, mut))
				scen_random(t, &s);
		}
	}
	/* Streams: until ENOENT, as many as there are CPUs. */
	for (k = 0; k < nch; k++)
		while (nst < LOCAL_FDS - 4 && !one_in(r, 4 * mut)) {
			i = scen_new(t, &s, ch[k], RT_ABI_STREAM, NULL, 0, K_STREAM);
			if (i < 0)
				break;
			st[nst++] = i;
		}
	if (md >= 0 && !one_in(r, mut)) {
		i = scen_new(t, &s, md, RT_ABI_STREAM, NULL, 0, K_MSTREAM);
		if (i >= 0)
			st[nst++] = i;
	}
	/*
	 * Fds are only ever added from here on (scen_close comes last), so
	 * the indexes kept above stay valid.
	 */
	if (!one_in(r, mut))
		fz_ioctl(r, s.obj[se], s.fd[se], RT_ABI_SESSION_START, &a);
	for (rounds = 1 + rn(r, 2); rounds > 0 && !done(); rounds--) {
		workload(r);
		if (one_in(r, mut))
			scen_random(t, &s);
		if (one_in(r, 2 * mut) && nch)
			counted(ioctl(s.fd[ch[rn(r, nch)]], one_in(r, 2) ?
				      RT_ABI_DISABLE : RT_ABI_ENABLE));
		if (one_in(r, 2 * mut))
			counted(ioctl(s.fd[se], RT_ABI_SESSION_METADATA_REGEN));
		if (one_in(r, 4 * mut))
			counted(ioctl(s.fd[se], RT_ABI_SESSION_STATEDUMP));
		for (k = 0; k < nst; k++) {
			i = st[k];
			if (one_in(r, 3))
				counted(ioctl(s.fd[i], RT_ABI_RB_FLUSH));
			for (j = rn(r, 4); j > 0; j--)
				stream_packet(t, s.obj[i], s.fd[i]);
		}
	}
	if (!one_in(r, mut))
		fz_ioctl(r, s.obj[se], s.fd[se], RT_ABI_SESSION_STOP, &a);
	/* Drain after stop, as consumerd does. */
	for (k = 0; k < nst; k++)
		for (j = 0; j < 4 && !one_in(r, 2 * mut); j++)
			stream_packet(t, s.obj[st[k]], s.fd[st[k]]);
out:
	/* Hand some fds over, close the rest in random order. */
	while (s.n) {
		i = rn(r, s.n);
		if (one_in(r, 6)) {
			pool_add(r, s.fd[i], s.obj[i]);
			s.n--;
			s.fd[i] = s.fd[s.n];
			s.obj[i] = s.obj[s.n];
		} else {
			scen_close(&s, i);
		}
	}
}

/* Pool operations */

static void op_open(struct rng *r)
{
	static const int flags[] = { O_RDWR, O_RDWR, O_RDONLY, O_WRONLY };
	int fd = counted(open("/proc/lttng", PICK(r, flags) | O_CLOEXEC));

	if (fd >= 0)
		pool_add(r, fd, obj_new(K_TRACER, NULL));
}

static void op_close(struct rng *r)
{
	struct slot *s = &pool[rn(r, POOL_SLOTS)];

	pthread_rwlock_wrlock(&s->lock);
	if (s->fd >= 0) {
		counted(close(s->fd));
		obj_put(s->obj);
		s->fd = -1;
		s->obj = NULL;
	}
	pthread_rwlock_unlock(&s->lock);
}

static void op_dup(struct rng *r)
{
	struct slot *s = slot_get(r, 0), *d;
	struct obj *o;
	int fd;

	if (!s)
		return;
	if (one_in(r, 2)) {
		fd = counted(fcntl(s->fd, one_in(r, 2) ? F_DUPFD_CLOEXEC : F_DUPFD, 3));
		o = s->obj;
		if (fd >= 0)
			obj_get(o);
		slot_put(s);
		if (fd >= 0)
			pool_add(r, fd, o);
		return;
	}
	/* dup2 onto another slot: the object under its fd changes at once. */
	d = &pool[rn(r, POOL_SLOTS)];
	if (d == s || pthread_rwlock_trywrlock(&d->lock)) {
		slot_put(s);
		return;
	}
	if (d->fd >= 0 && counted(dup2(s->fd, d->fd)) >= 0) {
		obj_get(s->obj);
		obj_put(d->obj);
		d->obj = s->obj;
	}
	pthread_rwlock_unlock(&d->lock);
	slot_put(s);
}

static void op_poll(struct rng *r)
{
	struct pollfd pfd[8];
	struct slot *s[8];
	unsigned int i, n = 0;

	for (i = 0; i < 8; i++) {
		s[n] = slot_get(r, 0);
		if (!s[n])
			continue;
		pfd[n].fd = s[n]->fd;
		pfd[n].events = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;
		n++;
	}
	counted(poll(pfd, n, one_in(r, 4) ? 1 : 0));
	for (i = 0; i < n; i++)
		slot_put(s[i]);
}

static void op_list(struct rng *r)
{
	struct slot *s = slot_get(r, KB(K_LIST));
	char buf[4096];
	int i;

	if (!s)
		return;
	for (i = 1 + rn(r, 8); i > 0; i--) {
		if (one_in(r, 4))
			counted(lseek(s->fd, one_in(r, 2) ? 0 : rnd(r) % 100000,
				      SEEK_SET));
		if (counted(read(s->fd, one_in(r, 16) ? (void *)PICK(r, kernel_addrs) : buf,
				 1 + rn(r, sizeof(buf)))) <= 0)
			break;
	}
	slot_put(s);
}

static void op_fcntl(struct rng *r)
{
	struct slot *s = slot_get(r, 0);

	if (!s)
		return;
	counted(fcntl(s->fd, F_SETFL, one_in(r, 2) ? O_NONBLOCK : 0));
	slot_put(s);
}

static void one_op(struct thread *t)
{
	struct rng *r = &t->r;
	struct slot *s;
	unsigned int w = rn(r, 1000);

	t->op = "?";
	if (w < 6) {
		t->op = "scenario";
		scenario(t);
	} else if (w < 11) {
		/* Rare: with the core unloaded, every other call fails. */
		t->op = "module";
		if (one_in(r, 4))
			op_module(r);
	} else if (w < 40) {
		t->op = "open";
		op_open(r);
	} else if (w < 90) {
		t->op = "close";
		op_close(r);
	} else if (w < 110) {
		t->op = "dup";
		op_dup(r);
	} else if (w < 130) {
		t->op = "poll";
		op_poll(r);
	} else if (w < 145) {
		t->op = "list";
		op_list(r);
	} else if (w < 155) {
		t->op = "fcntl";
		op_fcntl(r);
	} else if (w < 185) {
		t->op = "map";
		op_map(t);
	} else if (w < 200) {
		t->op = "workload";
		workload(r);
	} else if (w < 550) {
		s = slot_get(r, STREAMS);
		if (s) {
			t->op = "stream";
			stream_op(t, s->obj, s->fd);
			slot_put(s);
		}
	} else {
		s = slot_get(r, 0);
		if (!s) {
			t->op = "open";
			op_open(r);
			t->last_op = t->op;
			return;
		}
		t->op = kind_names[s->obj->kind];
		typed_ioctl(t, s->obj, s->fd);
		slot_put(s);
	}
	t->last_op = t->op;
	t->op = "between ops";
}

/* Time spent per kind of operation, for -v: what makes a run slow. */
#define MAX_OPNAMES	24
static const char *op_names[MAX_OPNAMES];
static atomic_ulong op_ns[MAX_OPNAMES], op_count[MAX_OPNAMES], op_calls[MAX_OPNAMES];
static pthread_mutex_t op_lock = PTHREAD_MUTEX_INITIALIZER;

static void op_account(const char *name, unsigned long ns, unsigned long calls)
{
	unsigned int i;

	for (i = 0; i < MAX_OPNAMES && op_names[i] && op_names[i] != name; i++)
		;
	if (i == MAX_OPNAMES)
		return;
	if (!op_names[i]) {
		pthread_mutex_lock(&op_lock);
		for (i = 0; i < MAX_OPNAMES && op_names[i] && op_names[i] != name; i++)
			;
		if (i < MAX_OPNAMES && !op_names[i])
			op_names[i] = name;
		pthread_mutex_unlock(&op_lock);
		if (i == MAX_OPNAMES || op_names[i] != name)
			return;
	}
	atomic_fetch_add(&op_ns[i], ns);
	atomic_fetch_add(&op_count[i], 1);
	atomic_fetch_add(&op_calls[i], calls);
}

static unsigned long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000UL + ts.tv_nsec;
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;

	self = t;
	t->tid_nr = syscall(SYS_gettid);
	unsigned long t0, c0;

	while (!done()) {
		t0 = now_ns();
		c0 = atomic_load(&n_calls);
		one_op(t);
		if (verbose)
			op_account(t->last_op, now_ns() - t0, atomic_load(&n_calls) - c0);
	}
	return NULL;
}

/*
 * The watchdog: progress every 10 s on stderr, and if no call completed
 * for a minute, what each thread is doing and its kernel stack, which is
 * what a hang in the tracer looks like from here.
 */
static struct thread threads[MAX_THREADS];

static void dump_file(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		fprintf(stderr, "%s", buf);
	}
	close(fd);
}

static void *watchdog(void *arg)
{
	unsigned long last = 0, now;
	char path[64];
	unsigned int i, still = 0, ticks = 0;

	(void)arg;
	for (;;) {
		sleep(1);
		if (++ticks % 10)
			continue;
		now = atomic_load(&n_calls);
		if (verbose || ticks % 60 == 0)
			fprintf(stderr, "fuzz: %lu calls after %u s\n", now, ticks);
		still = now == last ? still + 10 : 0;
		last = now;
		if (still != 60)
			continue;
		fprintf(stderr, "fuzz: no call completed for a minute\n");
		for (i = 0; i < nthreads; i++) {
			fprintf(stderr, "thread %u (tid %d): %s, last ioctl %#lx\n", i,
				threads[i].tid_nr, threads[i].op ? threads[i].op : "-",
				(unsigned long)threads[i].cmd);
			snprintf(path, sizeof(path), "/proc/self/task/%d/stack",
				 threads[i].tid_nr);
			dump_file(path);
			snprintf(path, sizeof(path), "/proc/self/task/%d/syscall",
				 threads[i].tid_nr);
			dump_file(path);
		}
	}
	return NULL;
}

static unsigned long env_or(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static void usage(void)
{
	fprintf(stderr, "usage: fuzz [-n CALLS] [-t THREADS] [-s SEED] [-S] [-m] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	pthread_t wd;
	struct rlimit rl = { FD_LIMIT, FD_LIMIT };
	struct timespec t0, t1;
	struct sigaction sa;
	unsigned int i;
	double secs;
	void *p;
	int opt;

	max_calls = env_or("RT_FUZZ_CALLS", max_calls);
	nthreads = env_or("RT_FUZZ_THREADS", nthreads);
	allow_sc = env_or("RT_FUZZ_SYSCALLS", 0);
	modules = env_or("RT_FUZZ_MODULES", 0);
	clock_gettime(CLOCK_REALTIME, &t0);
	seed = env_or("RT_FUZZ_SEED", (uint64_t)t0.tv_nsec ^ ((uint64_t)t0.tv_sec << 20) ^ getpid());
	while ((opt = getopt(argc, argv, "n:t:s:Smv")) != -1) {
		switch (opt) {
		case 'n':
			max_calls = strtoul(optarg, NULL, 0);
			break;
		case 't':
			nthreads = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'S':
			allow_sc = true;
			break;
		case 'm':
			modules = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !nthreads || nthreads > MAX_THREADS)
		usage();
	printf("fuzz: seed %llu, %lu calls, %u threads, system call events %s, "
	       "modules %s\n", (unsigned long long)seed, max_calls, nthreads,
	       allow_sc ? "attach" : "never attach",
	       modules ? "unloaded and loaded" : "left alone");
	fflush(stdout);

	if (setrlimit(RLIMIT_NOFILE, &rl))
		perror("setrlimit");
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_NODEFER | SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	/* Memory for arguments: see gen_arg(). */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	ro_page = p;
	for (i = 0; i < PAGE; i++)
		ro_page[i] = i * 37;
	mprotect(ro_page, PAGE, PROT_READ);
	p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, PAGE);
	unmapped_page = (unsigned long)p;
	for (i = 0; i < POOL_SLOTS; i++) {
		pthread_rwlock_init(&pool[i].lock, NULL);
		pool[i].fd = -1;
	}
	filters_load();
	if (modules)
		mods_open();
	else
		for (i = 0; i < ARRAY_SIZE(mod_fds); i++)
			mod_fds[i] = -1;
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	uprobe_target();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&wd, NULL, watchdog, NULL);
	for (i = 0; i < nthreads; i++) {
		struct thread *t = &threads[i];

		memset(t, 0, sizeof(*t));
		t->id = i;
		t->r.s = seed * 0x100000001b3ULL + i;
		p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 1;
		t->m.rw = p;
		t->m.none = t->m.rw + 2 * PAGE;
		mprotect(t->m.none, PAGE, PROT_NONE);
		if (pthread_create(&t->tid, NULL, thread_main, t)) {
			perror("pthread_create");
			return 1;
		}
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i].tid, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	/* Everything closed and unmapped: leak checks come after. */
	for (i = 0; i < POOL_SLOTS; i++)
		if (pool[i].fd >= 0) {
			close(pool[i].fd);
			obj_put(pool[i].obj);
			pool[i].fd = -1;
		}
	for (i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr)
			munmap(maps[i].addr, maps[i].len);
	mods_restore();

	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("fuzz: %lu calls (%lu succeeded) in %.1f s, %.0f calls/s\n",
	       atomic_load(&n_calls), atomic_load(&n_ok), secs,
	       atomic_load(&n_calls) / secs);
	printf("fuzz: %lu sessions driven, %lu packets read, %lu mmaps, %lu splices, "
	       "%lu module loads/unloads\n",
	       atomic_load(&n_scenarios), atomic_load(&n_packets), atomic_load(&n_mmaps),
	       atomic_load(&n_splices), atomic_load(&n_modops));
	for (i = 0; verbose && i < MAX_OPNAMES && op_names[i]; i++)
		printf("fuzz:   %-16s %8lu ops %8lu calls %8.1f s\n", op_names[i],
		       atomic_load(&op_count[i]), atomic_load(&op_calls[i]),
		       atomic_load(&op_ns[i]) / 1e9);
	printf("fuzz: seed %llu, %lu broken invariants\n", (unsigned long long)seed,
	       atomic_load(&n_broken));
	return atomic_load(&n_broken) ? 1 : 0;
}
