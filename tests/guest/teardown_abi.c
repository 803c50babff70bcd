// SPDX-License-Identifier: GPL-2.0-only
/*
 * Teardown through the ABI (issue 13): Ringtail's modules refuse to unload
 * while session, channel, metadata, stream and event files are open, and
 * tracing goes on unharmed; a process that keeps its streams mapped after
 * the session was destroyed and every fd closed still reads the very bytes
 * the tracer wrote, the mappings pin the core module (their files do, as
 * for any mapped file) but not the transports' client modules, and munmap
 * frees the buffers and lets the core go; a packet spliced into a pipe
 * outlives its stream and the modules; rmmod races with a process making
 * sessions through /proc/lttng; stream fds kept past a destroy drain to
 * ENODATA and POLLHUP.  Live ring buffers are counted in
 * /proc/vmallocinfo (each one is a vmap() by lttng_tracer).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

#define CTF_MAGIC	0xC1FC1FC1U
#define META_MAGIC	0x75D11D57U
#define MAXS		64

static const char *const clients[] = {
	"lttng_ring_buffer_client_mmap_discard",
	"lttng_ring_buffer_client_mmap_overwrite",
	"lttng_ring_buffer_metadata_mmap_client",
};

/* The "used" count /proc/modules gives @name, -1 if it is not loaded. */
static long modref(const char *name)
{
	char line[1024], n[256];
	long ref = -1, r;
	FILE *f = fopen("/proc/modules", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s %*u %ld", n, &r) == 2 && !strcmp(n, name))
			ref = r;
	if (f)
		fclose(f);
	return ref;
}

static long delmod(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK);
}

/* Lines of @path containing @needle (and @needle2 after it, if given). */
static int count_lines2(const char *path, const char *needle, const char *needle2)
{
	char line[1024], *p;
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += (p = strstr(line, needle)) && (!needle2 || strstr(p, needle2));
	fclose(f);
	return n;
}

static int count_lines(const char *path, const char *needle)
{
	return count_lines2(path, needle, NULL);
}

/*
 * Ring buffers alive in the kernel: lttng_tracer's only vmap() is a
 * buffer's (ringbuffer/buffer.c), shown with its caller in vmallocinfo.
 */
static int rb_buffers(void)
{
	return count_lines2("/proc/vmallocinfo", "[lttng_tracer]", " vmap");
}

/* This process's fds that are Ringtail files. */
static int own_tracer_fds(void)
{
	char path[300], target[256];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;
	ssize_t len;

	while (dir && (d = readdir(dir))) {
		snprintf(path, sizeof(path), "/proc/self/fd/%s", d->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		n += strstr(target, "[lttng_") || !strcmp(target, "/proc/lttng");
	}
	if (dir)
		closedir(dir);
	return n;
}

static struct rt_abi_channel chan_attr(unsigned long subbuf, unsigned long n, int ow)
{
	struct rt_abi_channel c;

	memset(&c, 0, sizeof(c));
	c.subbuf_size = subbuf;
	c.num_subbuf = n;
	c.overwrite = ow;
	c.output = RT_ABI_OUTPUT_MMAP;
	return c;
}

static int event(int ch, const char *name)
{
	struct rt_abi_event e;
	int fd;

	memset(&e, 0, sizeof(e));
	strncpy(e.name, name, sizeof(e.name) - 1);
	e.instrumentation = RT_ABI_INSTR_TRACEPOINT;
	fd = ioctl(ch, RT_ABI_EVENT, &e);
	if (fd >= 0 && ioctl(fd, RT_ABI_ENABLE))
		printf("note: ENABLE %s: %s\n", name, strerror(errno));
	return fd;
}

/* Context switches on every CPU. */
static void workload(int rounds)
{
	cpu_set_t set;
	int i, cpu, ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	for (i = 0; i < rounds; i++)
		for (cpu = 0; cpu < ncpu; cpu++) {
			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			sched_setaffinity(0, sizeof(set), &set);
			usleep(200);
		}
	CPU_ZERO(&set);
	for (cpu = 0; cpu < ncpu; cpu++)
		CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static volatile int spin_stop;

static void *spinner(void *arg)
{
	(void)arg;
	while (!spin_stop)
		usleep(50);
	return NULL;
}

struct tracing {
	int tracer, s, ch, md, ev[2], st[MAXS], mst, n;
	size_t len, mlen;
	uint8_t *map[MAXS], *mmeta;
};

/*
 * A session with one channel (@output, @ow: overwrite), sched_switch and
 * sched_wakeup enabled, its streams opened and, for mmap, mapped.
 */
static int setup(struct tracing *t, unsigned long subbuf, unsigned long nsub, int ow,
		 int output)
{
	struct rt_abi_channel c;
	unsigned long len;
	int i, st;

	memset(t, 0, sizeof(*t));
	t->tracer = open("/proc/lttng", O_RDWR);
	t->s = ioctl(t->tracer, RT_ABI_SESSION);
	c = chan_attr(subbuf, nsub, ow);
	c.output = output;
	t->ch = ioctl(t->s, RT_ABI_CHANNEL, &c);
	c = chan_attr(4096, 2, 0);
	t->md = ioctl(t->s, RT_ABI_METADATA, &c);
	if (t->tracer < 0 || t->s < 0 || t->ch < 0 || t->md < 0) {
		printf("setup: tracer %d session %d channel %d metadata %d: %s\n",
		       t->tracer, t->s, t->ch, t->md, strerror(errno));
		return -1;
	}
	while (t->n < MAXS && (st = ioctl(t->ch, RT_ABI_STREAM)) >= 0)
		t->st[t->n++] = st;
	t->mst = ioctl(t->md, RT_ABI_STREAM);
	t->ev[0] = event(t->ch, "sched_switch");
	t->ev[1] = event(t->ch, "sched_wakeup");
	if (!t->n || t->mst < 0 || t->ev[0] < 0 || t->ev[1] < 0) {
		printf("setup: %d streams, metadata stream %d, events %d %d: %s\n",
		       t->n, t->mst, t->ev[0], t->ev[1], strerror(errno));
		return -1;
	}
	if (output != RT_ABI_OUTPUT_MMAP)
		return 0;
	for (i = 0; i < t->n; i++) {
		if (ioctl(t->st[i], RT_ABI_RB_GET_MMAP_LEN, &len))
			return -1;
		t->len = len;
		t->map[i] = mmap(NULL, len, PROT_READ, MAP_PRIVATE, t->st[i], 0);
		if (t->map[i] == MAP_FAILED) {
			printf("setup: mmap stream %d: %s\n", i, strerror(errno));
			return -1;
		}
	}
	if (ioctl(t->mst, RT_ABI_RB_GET_MMAP_LEN, &len))
		return -1;
	t->mlen = len;
	t->mmeta = mmap(NULL, len, PROT_READ, MAP_PRIVATE, t->mst, 0);
	return t->mmeta == MAP_FAILED ? -1 : 0;
}

/* Close every fd, session first as lttng-sessiond does; mappings stay. */
static void close_all(struct tracing *t)
{
	int i;

	close(t->s);
	close(t->md);
	close(t->ch);
	close(t->ev[0]);
	close(t->ev[1]);
	for (i = 0; i < t->n; i++)
		close(t->st[i]);
	close(t->mst);
	close(t->tracer);
}

static uint32_t u32at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int setup_failed(void)
{
	CHECK(0, "session, channel, metadata, streams, events and mappings set up");
	return rt_test_done();
}

int main(void)
{
	struct tracing t;
	uint8_t *saved[MAXS], *msaved;
	unsigned long off[MAXS][64], size;
	int npk[MAXS], i, k, bufs0, packets = 0, magic_ok = 0, same = 0;
	long base, ret;

	/* Line by line: a check that oopses kills the test, not its output. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (system("modprobe -a lttng-ring-buffer-client-mmap-discard "
		   "lttng-ring-buffer-client-mmap-overwrite lttng-ring-buffer-metadata-mmap-client"))
		printf("note: modprobe failed\n");
	base = modref("lttng_tracer");
	bufs0 = rb_buffers();
	printf("lttng_tracer used by %ld; %d ring buffers before\n", base, bufs0);
	CHECK(base >= 0 && bufs0 >= 0, "the core is loaded; /proc/vmallocinfo reads");

	/* 1. Every kind of file open, tracing: nothing unloads. */
	if (setup(&t, 64 * 1024, 4, 0, RT_ABI_OUTPUT_MMAP))
		return setup_failed();
	CHECK(rb_buffers() == bufs0 + t.n + 1, "%d ring buffers: one per CPU stream (%d) and metadata's",
	      rb_buffers() - bufs0, t.n);
	CHECK(ioctl(t.s, RT_ABI_SESSION_START) == 0, "SESSION_START");
	workload(20);
	printf("lttng_tracer used by %ld while tracing\n", modref("lttng_tracer"));
	CHECK(modref("lttng_tracer") > base, "the open files count in the core's refcount");
	ret = delmod("lttng_tracer");
	CHECK_ERRNO(ret, EWOULDBLOCK, "delete_module(lttng_tracer) while tracing");
	ret = delmod("lttng_ring_buffer_client_mmap_discard");
	CHECK_ERRNO(ret, EWOULDBLOCK, "delete_module of the channel's client module");
	ret = delmod("lttng_ring_buffer_metadata_mmap_client");
	CHECK_ERRNO(ret, EWOULDBLOCK, "delete_module of the metadata client module");
	CHECK(system("rmmod lttng_tracer > rmmod.out 2>&1") != 0 &&
	      count_lines("rmmod.out", "in use") == 1, "rmmod lttng_tracer says it is in use");
	CHECK(system("modprobe -r lttng-ring-buffer-client-mmap-discard 2> /dev/null") != 0,
	      "modprobe -r of the channel's client module fails");
	CHECK(modref("lttng_tracer") >= 0 && modref(clients[0]) >= 0 && modref(clients[2]) >= 0 &&
	      access("/proc/lttng", F_OK) == 0, "everything is still loaded, /proc/lttng still there");
	workload(20);
	CHECK(ioctl(t.s, RT_ABI_SESSION_STOP) == 0, "SESSION_STOP after the refused unloads");

	/* The packets, through the mappings (the session closed them at stop). */
	for (i = 0; i < t.n; i++) {
		npk[i] = 0;
		while (npk[i] < 64 && ioctl(t.st[i], RT_ABI_RB_GET_NEXT_SUBBUF) == 0) {
			if (ioctl(t.st[i], RT_ABI_RB_GET_MMAP_READ_OFFSET, &off[i][npk[i]]) ||
			    ioctl(t.st[i], RT_ABI_RB_GET_SUBBUF_SIZE, &size))
				break;
			magic_ok += off[i][npk[i]] + size <= t.len &&
				    u32at(t.map[i] + off[i][npk[i]]) == CTF_MAGIC;
			npk[i]++;
			packets++;
			ioctl(t.st[i], RT_ABI_RB_PUT_NEXT_SUBBUF);
		}
	}
	printf("%d packets in %d streams\n", packets, t.n);
	CHECK(packets > 0, "the streams hold packets recorded while the unloads were refused");
	CHECK(magic_ok == packets, "each packet starts with the CTF magic in the mapping (%d of %d)",
	      magic_ok, packets);
	ret = ioctl(t.mst, RT_ABI_RB_GET_NEXT_SUBBUF);
	CHECK(ret == 0, "the metadata stream has a packet");
	if (!ret) {
		unsigned long moff = ~0UL;

		ioctl(t.mst, RT_ABI_RB_GET_MMAP_READ_OFFSET, &moff);
		CHECK(moff < t.mlen && u32at(t.mmeta + moff) == META_MAGIC,
		      "... starting with the metadata magic");
		ioctl(t.mst, RT_ABI_RB_PUT_NEXT_SUBBUF);
	}
	for (i = 0; i < t.n; i++) {
		saved[i] = malloc(t.len);
		memcpy(saved[i], t.map[i], t.len);
	}
	msaved = malloc(t.mlen);
	memcpy(msaved, t.mmeta, t.mlen);

	/* 2. Destroy the session, close every fd; keep the mappings. */
	close_all(&t);
	CHECK(own_tracer_fds() == 0, "no Ringtail fd left in this process");
	CHECK(count_lines("/proc/self/maps", "lttng_stream") == t.n + 1,
	      "the %d stream mappings are still there", t.n + 1);
	for (i = 0; i < t.n; i++)
		same += !memcmp(saved[i], t.map[i], t.len);
	CHECK(same == t.n, "after destroy, every data mapping reads the bytes of before (%d of %d)",
	      same, t.n);
	CHECK(!memcmp(msaved, t.mmeta, t.mlen), "... and so does the metadata mapping");
	magic_ok = 0;
	for (i = 0; i < t.n; i++)
		for (k = 0; k < npk[i]; k++)
			magic_ok += u32at(t.map[i] + off[i][k]) == CTF_MAGIC;
	CHECK(magic_ok == packets, "... with the CTF magic at every packet read before");
	CHECK(memmem(t.mmeta, t.mlen, "/* CTF 1.8", 10) != NULL,
	      "the metadata mapping holds the TSDL text");
	CHECK(rb_buffers() == bufs0 + t.n + 1, "the mapped buffers are alive (%d)", rb_buffers() - bufs0);
	for (i = 0; i < 3; i++) {
		ret = delmod(clients[i]);
		CHECK(ret == 0, "the client module %s unloads under the mappings (%s)", clients[i],
		      ret ? strerror(errno) : "ok");
	}
	ret = delmod("lttng_tracer");
	CHECK_ERRNO(ret, EWOULDBLOCK, "delete_module(lttng_tracer) while a stream is mapped");
	CHECK(modref("lttng_tracer") > 0, "the mappings hold the core (used by %ld)", modref("lttng_tracer"));
	for (i = 0; i < t.n; i++)
		munmap(t.map[i], t.len);
	CHECK(rb_buffers() == bufs0 + 1, "munmap of the data streams frees their buffers (%d left)",
	      rb_buffers() - bufs0);
	ret = delmod("lttng_tracer");
	CHECK_ERRNO(ret, EWOULDBLOCK, "delete_module(lttng_tracer) while the metadata stream is mapped");
	munmap(t.mmeta, t.mlen);
	CHECK(rb_buffers() == bufs0, "munmap of the last mapping frees the last buffer");
	CHECK(modref("lttng_tracer") == 0, "nothing holds the core any more");
	ret = delmod("lttng_tracer");
	CHECK(ret == 0, "the core unloads after munmap (%s)", ret ? strerror(errno) : "ok");
	CHECK(access("/proc/lttng", F_OK) != 0, "/proc/lttng is gone");
	for (i = 0; i < t.n; i++)
		free(saved[i]);
	free(msaved);

	/*
	 * 3. Loaded again; destroyed mid-trace (session active, a thread
	 * switching on every CPU), flight recorder with small packets that
	 * wrap many times: the mappings still read, packets start with the
	 * magic, munmap frees everything.
	 */
	CHECK(system("modprobe -a lttng-ring-buffer-client-mmap-overwrite "
		     "lttng-ring-buffer-metadata-mmap-client") == 0, "modprobe again");
	CHECK(modref("lttng_tracer") >= 0 && access("/proc/lttng", F_OK) == 0, "the core is back");
	bufs0 = rb_buffers();
	if (setup(&t, 4096, 4, 1, RT_ABI_OUTPUT_MMAP))
		return setup_failed();
	{
		pthread_t th;
		unsigned long sum = 0;
		size_t j;

		spin_stop = 0;
		pthread_create(&th, NULL, spinner, NULL);
		CHECK(ioctl(t.s, RT_ABI_SESSION_START) == 0, "start a flight recorder session");
		workload(30);
		close_all(&t);	/* the session goes while it records */
		workload(5);
		spin_stop = 1;
		pthread_join(th, NULL);
		CHECK(own_tracer_fds() == 0, "no Ringtail fd left");
		magic_ok = 0;
		for (i = 0; i < t.n; i++) {
			for (j = 0; j < t.len; j++)
				sum += t.map[i][j];
			for (j = 0; j < t.len; j += 4096)
				magic_ok += u32at(t.map[i] + j) == CTF_MAGIC;
		}
		printf("%d sub-buffers hold a packet (byte sum %lu)\n", magic_ok, sum);
		CHECK(magic_ok > 0, "the whole mappings read after a destroy mid-trace, with packets in them");
		CHECK(rb_buffers() == bufs0 + t.n + 1, "the mapped buffers are alive");
		ret = delmod("lttng_tracer");
		CHECK_ERRNO(ret, EWOULDBLOCK, "the core stays while mapped");
		for (i = 0; i < t.n; i++)
			munmap(t.map[i], t.len);
		munmap(t.mmeta, t.mlen);
		CHECK(rb_buffers() == bufs0, "munmap frees every buffer");
	}
	/* A fresh session works after all this. */
	t.tracer = open("/proc/lttng", O_RDWR);
	t.s = ioctl(t.tracer, RT_ABI_SESSION);
	CHECK(t.s >= 0, "a new session after the teardowns");
	close(t.s);
	close(t.tracer);

	/*
	 * 4. A packet spliced into a pipe (splice output, as consumerd reads)
	 * outlives its stream, its session and the modules: the pipe holds
	 * the pages, nothing pins the modules, and the pipe reads the packet
	 * after they went.
	 */
	CHECK(system("modprobe -a lttng-ring-buffer-client-discard") == 0, "load the splice client");
	bufs0 = rb_buffers();
	if (setup(&t, 4096, 4, 0, RT_ABI_OUTPUT_SPLICE))
		return setup_failed();
	{
		unsigned long padded = 0;
		uint8_t pkt[4096];
		loff_t poff = 0;
		int p[2] = { -1, -1 }, got = -1, status = -1;
		pid_t pid;

		CHECK(ioctl(t.s, RT_ABI_SESSION_START) == 0, "a splice channel records");
		workload(20);
		ioctl(t.s, RT_ABI_SESSION_STOP);
		for (i = 0; i < t.n && got < 0; i++)
			if (ioctl(t.st[i], RT_ABI_RB_GET_NEXT_SUBBUF) == 0)
				got = i;
		CHECK(got >= 0 && !ioctl(t.st[got], RT_ABI_RB_GET_PADDED_SUBBUF_SIZE, &padded) &&
		      padded == 4096 && !pipe(p) &&
		      splice(t.st[got], &poff, p[1], NULL, padded, SPLICE_F_MOVE) == (ssize_t)padded,
		      "a packet spliced into a pipe");
		if (got >= 0)
			ioctl(t.st[got], RT_ABI_RB_PUT_NEXT_SUBBUF);
		close_all(&t);
		CHECK(own_tracer_fds() == 0, "every Ringtail fd closed, the pipe kept");
		CHECK(rb_buffers() == bufs0, "the buffers are freed (the pipe only holds pages)");
		ret = system("rmmod lttng_ring_buffer_client_discard lttng_ring_buffer_client_mmap_overwrite "
			     "lttng_ring_buffer_metadata_mmap_client");
		CHECK(ret == 0, "the clients unload");
		ret = delmod("lttng_tracer");
		CHECK(ret == 0, "the core unloads with a packet in a pipe (%s)", ret ? strerror(errno) : "ok");
		/*
		 * The pipe's buffer operations must not have gone with the
		 * module.  Read by a child that alone holds the pipe: if the
		 * read oopses, the child dies holding the pipe's mutex and
		 * hangs, this process does not.
		 */
		pid = fork();
		if (pid == 0) {
			close(p[1]);
			_exit(read(p[0], pkt, sizeof(pkt)) == (ssize_t)sizeof(pkt) &&
			      u32at(pkt) == CTF_MAGIC ? 0 : 1);
		}
		close(p[0]);
		close(p[1]);
		for (k = 0; k < 100 && waitpid(pid, &status, WNOHANG) == 0; k++)
			usleep(100000);
		CHECK(pid > 0 && k < 100 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the pipe reads the packet after the modules went (%s)",
		      k == 100 ? "the reader hangs" : "reader done");
	}
	CHECK(modref("lttng_tracer") == -1, "no Ringtail module left");

	/*
	 * 5. rmmod racing with a process that keeps opening /proc/lttng and
	 * making sessions and listing files: the module goes as soon as no
	 * file of it is open, calls in flight fail cleanly (ENOTTY once the
	 * entry is gone, ENOENT for a file the going module cannot give),
	 * and it comes back with modprobe.  Five rounds.
	 */
	{
		struct hammer { long sessions, lists, gone, bad, bad_errno, stop; } *h;
		int rounds = 0, tries;
		pid_t pid;

		h = mmap(NULL, sizeof(*h), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		memset(h, 0, sizeof(*h));
		CHECK(system("modprobe lttng-tracer") == 0, "modprobe lttng-tracer");
		pid = fork();
		if (pid == 0) {
			char buf[4096];
			int fd = -1, f;

			/* One open file, kept until its entry is gone (ENOTTY). */
			while (!h->stop) {
				if (fd < 0)
					fd = open("/proc/lttng", O_RDWR);
				if (fd < 0) {
					if (errno == ENOENT)
						h->gone++;
					else
						h->bad++, h->bad_errno = errno;
					continue;
				}
				f = ioctl(fd, RT_ABI_SESSION);
				if (f >= 0)
					h->sessions++, close(f);
				else if (errno != ENOTTY && errno != ENOENT)
					h->bad++, h->bad_errno = errno;
				f = ioctl(fd, RT_ABI_TRACEPOINT_LIST);
				if (f >= 0) {
					if (read(f, buf, sizeof(buf)) > 0)
						h->lists++;
					close(f);
				} else if (errno == ENOTTY) {
					close(fd);
					fd = -1;
				} else if (errno != ENOENT) {
					h->bad++, h->bad_errno = errno;
				}
			}
			_exit(0);
		}
		for (i = 0; i < 5; i++) {
			usleep(500000);
			for (tries = 0; tries < 2000 && delmod("lttng_tracer"); tries++)
				usleep(5000);
			rounds += tries < 2000;
			usleep(100000);
			if (system("modprobe lttng-tracer"))
				break;
		}
		h->stop = 1;
		waitpid(pid, NULL, 0);
		printf("%d rounds; %ld sessions, %ld lists, %ld opens while gone, %ld unexpected (last: %s)\n",
		       rounds, h->sessions, h->lists, h->gone, h->bad,
		       h->bad ? strerror(h->bad_errno) : "-");
		CHECK(rounds == 5, "the core unloads under a process hammering /proc/lttng, 5 times");
		CHECK(h->sessions > 0 && h->lists > 0 && h->gone > 0,
		      "... which made sessions and read listings, and found it gone");
		CHECK(h->bad == 0, "... and only ever got ENOENT or ENOTTY");
		CHECK(modref("lttng_tracer") == 0 && delmod("lttng_tracer") == 0,
		      "it unloads at the end");
	}

	/*
	 * 6. Stream fds kept (no mapping) past a destroy mid-trace: the
	 * reader drains what was recorded, then gets ENODATA and POLLHUP;
	 * FLUSH on a finalized stream is harmless; closing them frees the
	 * buffers and the modules unload.
	 */
	CHECK(system("modprobe -a lttng-ring-buffer-client-discard "
		     "lttng-ring-buffer-metadata-mmap-client") == 0, "modprobe the clients again");
	bufs0 = rb_buffers();
	if (setup(&t, 4096, 8, 0, RT_ABI_OUTPUT_SPLICE))
		return setup_failed();
	{
		struct pollfd pf;
		int drained = 0, hup = 0, flushed = 0;

		CHECK(ioctl(t.s, RT_ABI_SESSION_START) == 0, "start");
		workload(20);
		close(t.s);
		close(t.md);
		close(t.ch);
		close(t.ev[0]);
		close(t.ev[1]);
		close(t.mst);
		close(t.tracer);
		workload(2);
		packets = 0;
		for (i = 0; i < t.n; i++) {
			while (ioctl(t.st[i], RT_ABI_RB_GET_NEXT_SUBBUF) == 0) {
				packets++;
				ioctl(t.st[i], RT_ABI_RB_PUT_NEXT_SUBBUF);
			}
			drained += errno == ENODATA;
			pf.fd = t.st[i];
			pf.events = POLLIN;
			hup += poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP;
			flushed += ioctl(t.st[i], RT_ABI_RB_FLUSH) == 0 &&
				   ioctl(t.st[i], RT_ABI_RB_GET_NEXT_SUBBUF) == -1 && errno == ENODATA;
		}
		printf("%d packets read after the destroy\n", packets);
		CHECK(packets > 0, "the streams still read the packets recorded before the destroy");
		CHECK(drained == t.n, "... then ENODATA on every stream (%d of %d)", drained, t.n);
		CHECK(hup == t.n, "... and poll gives POLLHUP (%d of %d)", hup, t.n);
		CHECK(flushed == t.n, "FLUSH of a finalized stream adds nothing (%d of %d)", flushed, t.n);
		CHECK(rb_buffers() == bufs0 + t.n, "the data buffers live while their fds are open");
		for (i = 0; i < t.n; i++)
			close(t.st[i]);
		CHECK(rb_buffers() == bufs0, "closing the stream fds frees them");
		ret = system("rmmod lttng_ring_buffer_client_discard lttng_ring_buffer_metadata_mmap_client"
			     " && rmmod lttng_tracer");
		CHECK(ret == 0 && modref("lttng_tracer") == -1, "every module unloads");
	}
	return rt_test_done();
}
