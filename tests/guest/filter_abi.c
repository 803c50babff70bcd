// SPDX-License-Identifier: GPL-2.0-only
/*
 * The FILTER ioctl against thousands of programs while the events it
 * filters fire on every CPU: lttng-tools' own bytecode
 * (tests/filter/corpus), each accepted, then the same programs mutated
 * (bytes flipped, cut, lengthened, relocation table moved, spliced) and
 * random ones, each accepted or refused with EINVAL, and bad arguments
 * (NULL, unmapped, cut by an unmapped page, zero and huge lengths),
 * refused with EFAULT or EINVAL.  Programs go to tracepoint events,
 * wildcard enablers and system call events, before and after the session
 * starts, so that accepted ones are linked and run on real events; the
 * harness fails the boot on any splat.
 *
 * usage: filter_abi [PROGRAMS]	(RT_REPO names the tree; 5000 programs)
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

#define MAX_PROGS	512
#define MAX_LEN		65536
/* Filters one enabler holds (session.h's RT_ENABLER_FILTERS). */
#define PER_FD		8

struct prog {
	uint32_t len, reloc_offset;
	uint64_t seqnum;
	unsigned char data[];
} __attribute__((packed));

static struct prog *corpus[MAX_PROGS];
static size_t corpus_len[MAX_PROGS];
static int nr_corpus;
static volatile int stop;
static unsigned long long rng = 88172645463325252ULL;

static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void load_corpus(const char *dir)
{
	unsigned char buf[MAX_LEN + 2];
	struct dirent *d;
	char path[4096];
	DIR *dp = opendir(dir);
	FILE *f;
	size_t n;

	if (!dp)
		return;
	while ((d = readdir(dp)) && nr_corpus < MAX_PROGS) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (n < 3)
			continue;
		corpus[nr_corpus] = malloc(sizeof(struct prog) + n - 2);
		corpus[nr_corpus]->len = n - 2;
		corpus[nr_corpus]->reloc_offset = buf[0] | buf[1] << 8;
		corpus[nr_corpus]->seqnum = nr_corpus;
		memcpy(corpus[nr_corpus]->data, buf + 2, n - 2);
		corpus_len[nr_corpus++] = n - 2;
	}
	closedir(dp);
}

/* Events that the filters see: openat and close of a file, switches. */
static void *fire(void *arg)
{
	(void)arg;
	while (!stop) {
		int fd = open("/tmp/rt-filter-abi", O_RDONLY | O_CREAT, 0644);

		if (fd >= 0)
			close(fd);
		sched_yield();
		usleep(100);
	}
	return NULL;
}

/* A program into @p (room MAX_LEN): corpus program @i mutated @how. */
static size_t make_prog(struct prog *p, int i, int how)
{
	const struct prog *c = corpus[i % nr_corpus];
	size_t len = corpus_len[i % nr_corpus], n, k;

	memcpy(p, c, sizeof(*p) + len);
	switch (how) {
	case 0:		/* as lttng-tools compiled it */
		break;
	case 1:		/* bytes flipped */
		for (n = 1 + rnd() % 4; n; n--)
			p->data[rnd() % len] ^= 1u << (rnd() % 8);
		break;
	case 2:		/* cut */
		p->len = len = rnd() % len;
		if (p->reloc_offset > len)
			p->reloc_offset = len;
		break;
	case 3:		/* lengthened with random bytes */
		n = rnd() % 64;
		for (k = 0; k < n; k++)
			p->data[len + k] = rnd();
		p->len = len += n;
		break;
	case 4:		/* relocation table moved */
		p->reloc_offset = rnd() % (len + 1);
		break;
	case 5:		/* two programs spliced */
		i = rnd() % nr_corpus;
		k = rnd() % (len + 1);
		n = corpus_len[i];
		memcpy(p->data + k, corpus[i]->data, n);
		p->len = len = k + n;
		p->reloc_offset = rnd() % (len + 1);
		break;
	default:	/* random bytes */
		p->len = len = 1 + rnd() % 256;
		for (k = 0; k < len; k++)
			p->data[k] = rnd() % 4 ? rnd() % 0x60 : rnd();
		p->reloc_offset = rnd() % (len + 1);
		break;
	}
	return len;
}

struct counts {
	long accepted, einval, other;
};

/* One session: three event files, up to PER_FD programs each. */
static void session(int tracer, int *left, struct counts *corp,
		    struct counts *mut, struct prog *p)
{
	struct rt_abi_channel c = {
		.subbuf_size = 16384, .num_subbuf = 2,
		.read_timer_interval = 200000, .output = RT_ABI_OUTPUT_SPLICE,
	};
	struct rt_abi_event e;
	int s, ch, ev[3], n[3] = { 0 }, i, k, how;
	long ret;

	s = ioctl(tracer, RT_ABI_SESSION);
	if (s < 0) {
		CHECK(0, "SESSION: %s", strerror(errno));
		*left = 0;
		return;
	}
	ch = ioctl(s, RT_ABI_CHANNEL, &c);
	memset(&e, 0, sizeof(e));
	strcpy(e.name, "sched_switch");
	e.instrumentation = RT_ABI_INSTR_TRACEPOINT;
	ev[0] = ioctl(ch, RT_ABI_EVENT, &e);
	strcpy(e.name, "sched_w*");
	ev[1] = ioctl(ch, RT_ABI_EVENT, &e);
	memset(&e, 0, sizeof(e));
	strcpy(e.name, "openat");
	e.instrumentation = RT_ABI_INSTR_SYSCALL;
	ev[2] = ioctl(ch, RT_ABI_EVENT, &e);
	if (ch < 0 || ev[0] < 0 || ev[1] < 0 || ev[2] < 0) {
		CHECK(0, "a session's channel and events: %s", strerror(errno));
		*left = 0;
		goto out;
	}
	for (k = 0; k < 3 * PER_FD && *left > 0; k++, (*left)--) {
		/* Half the programs before the start: linked at creation. */
		if (k == 3 * PER_FD / 2 && ioctl(s, RT_ABI_SESSION_START) < 0)
			CHECK(0, "SESSION_START: %s", strerror(errno));
		i = rnd() % nr_corpus;
		how = rnd() % 8 == 0 ? 0 : 1 + rnd() % 6;
		make_prog(p, i, how);
		i = k % 3;
		if (n[i] == PER_FD)
			continue;
		ret = ioctl(ev[i], RT_ABI_FILTER, p);
		if (ret == 0) {
			n[i]++;
			(how ? mut : corp)->accepted++;
		} else if (errno == EINVAL) {
			(how ? mut : corp)->einval++;
		} else {
			(how ? mut : corp)->other++;
			printf("FAIL  FILTER of a %s program: %s\n",
			       how ? "mutated" : "corpus", strerror(errno));
		}
	}
	usleep(1000);	/* the accepted programs run */
	ioctl(s, RT_ABI_SESSION_STOP);
out:
	for (i = 0; i < 3; i++)
		if (ev[i] >= 0)
			close(ev[i]);
	if (ch >= 0)
		close(ch);
	close(s);
}

int main(int argc, char **argv)
{
	int programs = argc > 1 ? atoi(argv[1]) : 5000, left, tracer, s, ch, ev;
	const char *repo = getenv("RT_REPO");
	struct counts corp = { 0 }, mut = { 0 };
	struct rt_abi_channel c = {
		.subbuf_size = 16384, .num_subbuf = 2,
		.read_timer_interval = 200000, .output = RT_ABI_OUTPUT_SPLICE,
	};
	struct rt_abi_event e;
	char dir[4096];
	pthread_t th[2];
	struct prog *p;
	long page = sysconf(_SC_PAGESIZE), ret;
	char *map;
	int i;

	snprintf(dir, sizeof(dir), "%s/tests/filter/corpus", repo ? repo : ".");
	load_corpus(dir);
	CHECK(nr_corpus > 100, "%d programs of lttng-tools in %s", nr_corpus, dir);
	if (!nr_corpus)
		return rt_test_done();
	if (system("modprobe -a lttng-ring-buffer-client-discard"))
		printf("note: modprobe failed\n");
	tracer = open("/proc/lttng", O_RDWR);
	CHECK(tracer >= 0, "open /proc/lttng");
	p = malloc(sizeof(*p) + MAX_LEN + 64);

	/* The ioctl's argument itself. */
	s = ioctl(tracer, RT_ABI_SESSION);
	ch = ioctl(s, RT_ABI_CHANNEL, &c);
	memset(&e, 0, sizeof(e));
	strcpy(e.name, "sched_switch");
	ev = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(s >= 0 && ch >= 0 && ev >= 0, "a session, a channel, sched_switch");
	ret = ioctl(ev, RT_ABI_FILTER, NULL);
	CHECK_ERRNO(ret, EFAULT, "FILTER from NULL");
	ret = ioctl(ev, RT_ABI_FILTER, (void *)page);
	CHECK_ERRNO(ret, EFAULT, "FILTER from an unmapped address");
	ret = ioctl(ev, RT_ABI_FILTER, (void *)0xffffffff81000000UL);
	CHECK_ERRNO(ret, EFAULT, "FILTER from a kernel address");
	make_prog(p, 0, 0);
	p->len = 0;
	ret = ioctl(ev, RT_ABI_FILTER, p);
	CHECK_ERRNO(ret, EINVAL, "FILTER of 0 bytes");
	p->len = 65537;
	ret = ioctl(ev, RT_ABI_FILTER, p);
	CHECK_ERRNO(ret, EINVAL, "FILTER of 65537 bytes");
	p->len = 0xffffffff;
	ret = ioctl(ev, RT_ABI_FILTER, p);
	CHECK_ERRNO(ret, EINVAL, "FILTER of 4 GiB");
	make_prog(p, 0, 0);
	p->reloc_offset = p->len + 1;
	ret = ioctl(ev, RT_ABI_FILTER, p);
	CHECK_ERRNO(ret, EINVAL, "FILTER with its relocations past its end");
	/* A program whose last bytes are on an unmapped page. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(map + page, page);
	i = corpus_len[0];
	memcpy(map + page - sizeof(*p) - i + 8, corpus[0], sizeof(*p) + i - 8);
	ret = ioctl(ev, RT_ABI_FILTER, map + page - sizeof(*p) - i + 8);
	CHECK_ERRNO(ret, EFAULT, "FILTER of a program cut by an unmapped page");
	memcpy(map + page - sizeof(*p) - i, corpus[0], sizeof(*p) + i);
	ret = ioctl(ev, RT_ABI_FILTER, map + page - sizeof(*p) - i);
	CHECK(ret == 0, "FILTER of a program ending at an unmapped page: %s",
	      ret ? strerror(errno) : "accepted");
	for (i = 1; i < PER_FD; i++)
		ioctl(ev, RT_ABI_FILTER, map + page - sizeof(*p) - corpus_len[0]);
	ret = ioctl(ev, RT_ABI_FILTER, map + page - sizeof(*p) - corpus_len[0]);
	CHECK_ERRNO(ret, ENOSPC, "FILTER past 8 programs on one event");
	munmap(map, page);
	close(ev);
	close(ch);
	close(s);

	/* Every program of the corpus, then mutants, while events fire. */
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, fire, NULL);
	left = programs;
	while (left > 0)
		session(tracer, &left, &corp, &mut, p);
	stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	printf("corpus programs: %ld accepted, %ld EINVAL, %ld other\n",
	       corp.accepted, corp.einval, corp.other);
	printf("mutated and random programs: %ld accepted, %ld EINVAL, %ld other\n",
	       mut.accepted, mut.einval, mut.other);
	CHECK(corp.accepted > 0 && corp.einval == 0 && corp.other == 0,
	      "every program lttng-tools compiled is accepted");
	CHECK(mut.accepted + mut.einval > programs / 2 && mut.other == 0,
	      "mutated programs: accepted or EINVAL, nothing else");
	CHECK(mut.einval > 0 && mut.accepted > 0,
	      "mutation makes both kinds (%ld accepted, %ld refused)",
	      mut.accepted, mut.einval);
	close(tracer);
	return rt_test_done();
}
