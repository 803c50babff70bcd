// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal LTTng kernel consumer, for tests/guest/ctf2.sh: records the
 * same events into one session per output directory, each in its own
 * metadata format (SESSION_SET_OUTPUT_FORMAT), while a command runs, and
 * writes each session's trace as lttng-consumerd 2.14 and later would:
 * data packets as they are, and the metadata as text, without packet
 * headers, for CTF 2 (babeltrace2 2.1 reads no packetized CTF 2
 * metadata), or as packets for CTF 1.8.
 *
 *   record [-t TRACEPOINT]... [-s SYSCALL]... [-c CONTEXT]...
 *          -o DIR:FORMAT... -- COMMAND ARGS...
 *
 * FORMAT is 1 (CTF 1.8) or 2 (CTF 2); CONTEXT an RT_ABI_CTX_* number.
 * Exits non-zero, saying why, if any step fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ringtail/abi.h>

#define MAX	16
#define MAXS	64
/* The metadata packet header lttng-consumerd strips. */
#define META_HEADER	37

struct session {
	const char *dir;
	unsigned int format;
	int s, ch, md, mst, st[MAXS], n;
};

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "record: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "",
		strerror(errno));
	exit(1);
}

static struct rt_abi_channel chan_attr(unsigned long subbuf, unsigned long n)
{
	struct rt_abi_channel c;

	memset(&c, 0, sizeof(c));
	c.subbuf_size = subbuf;
	c.num_subbuf = n;
	c.output = RT_ABI_OUTPUT_MMAP;
	return c;
}

static void event(int ch, const char *name, unsigned int instr)
{
	struct rt_abi_event e;
	int fd;

	memset(&e, 0, sizeof(e));
	strncpy(e.name, name, sizeof(e.name) - 1);
	e.instrumentation = instr;
	if (instr == RT_ABI_INSTR_SYSCALL)
		e.u.syscall.entryexit = 0;	/* entry and exit */
	fd = ioctl(ch, RT_ABI_EVENT, &e);
	if (fd < 0 || ioctl(fd, RT_ABI_ENABLE))
		die("EVENT", name);
}

/* Write every packet the stream has; metadata ones as @format wants. */
static void drain(int st, int out, bool metadata, unsigned int format)
{
	unsigned long len, off, size;
	uint8_t *map;

	if (ioctl(st, RT_ABI_RB_GET_MMAP_LEN, &len))
		die("GET_MMAP_LEN", NULL);
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, st, 0);
	if (map == MAP_FAILED)
		die("mmap", NULL);
	while (ioctl(st, RT_ABI_RB_GET_NEXT_SUBBUF) == 0) {
		if (ioctl(st, RT_ABI_RB_GET_MMAP_READ_OFFSET, &off) ||
		    ioctl(st, metadata ? RT_ABI_RB_GET_SUBBUF_SIZE :
			  RT_ABI_RB_GET_PADDED_SUBBUF_SIZE, &size))
			die("GET_MMAP_READ_OFFSET/SUBBUF_SIZE", NULL);
		if (metadata && format == 2) {
			off += META_HEADER;
			size = size > META_HEADER ? size - META_HEADER : 0;
		} else if (metadata) {
			/* A whole packet, padding included, as 2.13 writes it. */
			ioctl(st, RT_ABI_RB_GET_PADDED_SUBBUF_SIZE, &size);
		}
		if (write(out, map + off, size) != (ssize_t)size)
			die("write", NULL);
		if (ioctl(st, RT_ABI_RB_PUT_NEXT_SUBBUF))
			die("PUT_NEXT_SUBBUF", NULL);
	}
	if (errno != ENODATA && errno != EAGAIN)
		die("GET_NEXT_SUBBUF", NULL);
	munmap(map, len);
}

static int create(const char *dir, const char *name)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open", path);
	return fd;
}

int main(int argc, char **argv)
{
	const char *tps[MAX], *scs[MAX];
	int ctxs[MAX], ntp = 0, nsc = 0, nctx = 0, nses = 0, tracer, i, j, opt, fd;
	struct session ses[MAX];
	struct rt_abi_channel c;
	struct rt_abi_context ctx;
	int status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "t:s:c:o:")) != -1 && ntp < MAX && nsc < MAX &&
	       nctx < MAX && nses < MAX) {
		char *colon;

		switch (opt) {
		case 't': tps[ntp++] = optarg; break;
		case 's': scs[nsc++] = optarg; break;
		case 'c': ctxs[nctx++] = atoi(optarg); break;
		case 'o':
			colon = strrchr(optarg, ':');
			if (!colon)
				return 2;
			*colon = '\0';
			memset(&ses[nses], 0, sizeof(ses[nses]));
			ses[nses].dir = optarg;
			ses[nses++].format = atoi(colon + 1);
			break;
		default: return 2;
		}
	}
	if (!nses || optind >= argc) {
		fprintf(stderr, "usage: record [-t TP]... [-s SYSCALL]... [-c CTX]... "
			"-o DIR:FORMAT... -- COMMAND...\n");
		return 2;
	}
	tracer = open("/proc/lttng", O_RDWR);
	if (tracer < 0)
		die("open", "/proc/lttng");
	for (i = 0; i < nses; i++) {
		struct session *t = &ses[i];

		t->s = ioctl(tracer, RT_ABI_SESSION);
		if (t->s < 0 || ioctl(t->s, RT_ABI_SESSION_SET_OUTPUT_FORMAT, t->format))
			die("SESSION, SET_OUTPUT_FORMAT", t->dir);
		c = chan_attr(4096, 4);
		t->md = ioctl(t->s, RT_ABI_METADATA, &c);
		c = chan_attr(1 << 20, 4);
		t->ch = ioctl(t->s, RT_ABI_CHANNEL, &c);
		if (t->md < 0 || t->ch < 0)
			die("METADATA, CHANNEL", t->dir);
		for (j = 0; j < nctx; j++) {
			memset(&ctx, 0, sizeof(ctx));
			ctx.ctx = ctxs[j];
			if (ioctl(t->ch, RT_ABI_CONTEXT, &ctx))
				die("CONTEXT", NULL);
		}
		for (j = 0; j < ntp; j++)
			event(t->ch, tps[j], RT_ABI_INSTR_TRACEPOINT);
		for (j = 0; j < nsc; j++)
			event(t->ch, scs[j], RT_ABI_INSTR_SYSCALL);
		t->mst = ioctl(t->md, RT_ABI_STREAM);
		while (t->n < MAXS && (t->st[t->n] = ioctl(t->ch, RT_ABI_STREAM)) >= 0)
			t->n++;
		if (t->mst < 0 || !t->n)
			die("STREAM", t->dir);
	}
	for (i = 0; i < nses; i++)
		if (ioctl(ses[i].s, RT_ABI_SESSION_START))
			die("SESSION_START", ses[i].dir);
	pid = fork();
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		die("fork, waitpid", NULL);
	for (i = 0; i < nses; i++)
		if (ioctl(ses[i].s, RT_ABI_SESSION_STOP))
			die("SESSION_STOP", ses[i].dir);
	for (i = 0; i < nses; i++) {
		struct session *t = &ses[i];
		char name[32];

		mkdir(t->dir, 0755);
		for (j = 0; j < t->n; j++) {
			if (ioctl(t->st[j], RT_ABI_RB_FLUSH))
				die("FLUSH", NULL);
			snprintf(name, sizeof(name), "chan_%d", j);
			fd = create(t->dir, name);
			drain(t->st[j], fd, false, t->format);
			close(fd);
		}
		fd = create(t->dir, "metadata");
		drain(t->mst, fd, true, t->format);
		close(fd);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
