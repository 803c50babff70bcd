// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer torture and reader-contract test.  rt_test_rb writes
 * sequenced, checksummed records from every CPU in task, hrtimer and perf
 * (NMI if available) context; one reader thread per CPU buffer reads them
 * the way lttng-consumerd does, through mmap or splice, and checks every
 * packet and record.  At the end, for every buffer, the records that never
 * arrived must be exactly the ones the buffer counted as discarded or
 * overwritten.  Then: bad sizes and out-of-state calls get clean errnos,
 * and 1000 create/destroy cycles leak nothing.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-rbtest.h"
#include "../rt-test.h"

#define PAGE 4096UL
#define PAGE_ALIGN(x) (((x) + PAGE - 1) & ~(PAGE - 1))

struct stream {
	int cpu, fd;
	bool splice;
	int delay_us;
	uint8_t *map;
	size_t map_len;
	uint8_t *tmp;
	uint64_t received, packets, last_pkt_seq, last_ts, last_discarded;
	uint64_t last_seq[RBT_KINDS];
	bool any_packet;
	int errors;
	char error[256];
};

#define SERR(s, ...) do {						\
	if (!(s)->errors++)						\
		snprintf((s)->error, sizeof((s)->error), __VA_ARGS__);	\
} while (0)

static uint64_t ioc64(struct stream *s, unsigned long cmd)
{
	uint64_t v = ~0ULL;

	if (ioctl(s->fd, cmd, &v))
		SERR(s, "ioctl 0x%lx: %s", cmd, strerror(errno));
	return v;
}

/* Copy the held packet out, through the mapping or through a pipe. */
static int fetch(struct stream *s, size_t padded)
{
	if (!s->splice) {
		uint64_t off = ioc64(s, RT_ABI_RB_GET_MMAP_READ_OFFSET);

		if (off + padded > s->map_len) {
			SERR(s, "read offset %lu + %zu beyond mapping", (unsigned long)off, padded);
			return -1;
		}
		memcpy(s->tmp, s->map + off, padded);
		return 0;
	}
	int p[2];
	loff_t off = 0;
	size_t got = 0;

	if (pipe(p))
		return -1;
	while (got < padded) {
		ssize_t n = splice(s->fd, &off, p[1], NULL, padded - got, SPLICE_F_MOVE);

		if (n <= 0) {
			SERR(s, "splice at %zu of %zu: %zd %s", got, padded, n, strerror(errno));
			break;
		}
		for (ssize_t r = 0; r < n;) {
			ssize_t m = read(p[0], s->tmp + got + r, n - r);

			if (m <= 0)
				break;
			r += m;
		}
		got += n;
	}
	close(p[0]);
	close(p[1]);
	return got == padded ? 0 : -1;
}

static void check_packet(struct stream *s)
{
	uint64_t content = ioc64(s, RT_ABI_RB_GET_SUBBUF_SIZE);
	uint64_t padded = ioc64(s, RT_ABI_RB_GET_PADDED_SUBBUF_SIZE);
	uint64_t content_bits = ioc64(s, RT_ABI_RB_GET_CONTENT_SIZE);
	uint64_t packet_bits = ioc64(s, RT_ABI_RB_GET_PACKET_SIZE);
	uint64_t ts_begin = ioc64(s, RT_ABI_RB_GET_TIMESTAMP_BEGIN);
	uint64_t ts_end = ioc64(s, RT_ABI_RB_GET_TIMESTAMP_END);
	uint64_t discarded = ioc64(s, RT_ABI_RB_GET_EVENTS_DISCARDED);
	uint64_t seq = ioc64(s, RT_ABI_RB_GET_SEQ_NUM);
	struct rbt_packet_header *h = (void *)s->tmp;
	size_t off;

	if (ioc64(s, RT_ABI_RB_GET_STREAM_ID) != 7 ||
	    ioc64(s, RT_ABI_RB_INSTANCE_ID) != (uint64_t)s->cpu)
		SERR(s, "stream id / instance id");
	if (padded != PAGE_ALIGN(content) || content_bits != content * 8 ||
	    packet_bits != padded * 8 || content < sizeof(*h)) {
		SERR(s, "sizes: content %lu padded %lu bits %lu/%lu", (unsigned long)content,
		     (unsigned long)padded, (unsigned long)content_bits, (unsigned long)packet_bits);
		return;
	}
	if (fetch(s, padded))
		return;
	if (h->magic != RBT_PACKET_MAGIC || h->cpu != (uint32_t)s->cpu || h->seq != seq ||
	    h->content_size != content || h->ts_begin != ts_begin || h->ts_end != ts_end ||
	    h->discarded != discarded) {
		SERR(s, "packet %lu header disagrees with the ioctls", (unsigned long)seq);
		return;
	}
	if (s->any_packet && (seq <= s->last_pkt_seq || discarded < s->last_discarded ||
			      ts_begin < s->last_ts))
		SERR(s, "packet %lu after %lu: sequence, discarded or time went back",
		     (unsigned long)seq, (unsigned long)s->last_pkt_seq);
	if (ts_end < ts_begin)
		SERR(s, "packet %lu ends before it begins", (unsigned long)seq);
	s->any_packet = true;
	s->last_pkt_seq = seq;
	s->last_discarded = discarded;
	s->packets++;

	for (off = sizeof(*h); off < content;) {
		struct rbt_record *r = (void *)(s->tmp + off);
		unsigned int kind;

		if (content - off < sizeof(*r) || r->magic != RBT_RECORD_MAGIC ||
		    r->len < sizeof(*r) || r->len > content - off) {
			SERR(s, "packet %lu: bad record at %zu", (unsigned long)seq, off);
			return;
		}
		kind = r->writer % RBT_KINDS;
		if (r->writer / RBT_KINDS != s->cpu)
			SERR(s, "record of writer %u in cpu %d's buffer", r->writer, s->cpu);
		if (rbt_sum((uint8_t *)(r + 1), r->len - sizeof(*r)) != r->sum ||
		    ((uint8_t *)(r + 1))[0] != rbt_byte(r->writer, r->seq, 0))
			SERR(s, "checksum of writer %u seq %lu", r->writer, (unsigned long)r->seq);
		if (r->seq <= s->last_seq[kind])
			SERR(s, "writer %u: seq %lu after %lu", r->writer,
			     (unsigned long)r->seq, (unsigned long)s->last_seq[kind]);
		if (r->ts < s->last_ts || r->ts < ts_begin || r->ts > ts_end)
			SERR(s, "writer %u seq %lu: timestamp out of order", r->writer,
			     (unsigned long)r->seq);
		s->last_seq[kind] = r->seq;
		s->last_ts = r->ts;
		s->received++;
		off += r->len;
	}
	if (s->last_ts < ts_begin)
		s->last_ts = ts_begin;
}

static void *reader(void *arg)
{
	struct stream *s = arg;
	bool done = false;

	while (!done && s->errors < 5) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN | POLLPRI };

		if (poll(&p, 1, 500) < 0) {
			SERR(s, "poll: %s", strerror(errno));
			break;
		}
		for (;;) {
			if (ioctl(s->fd, RT_ABI_RB_GET_NEXT_SUBBUF)) {
				if (errno == ENODATA)
					done = true;
				else if (errno != EAGAIN)
					SERR(s, "GET_NEXT_SUBBUF: %s", strerror(errno));
				break;
			}
			check_packet(s);
			if (ioctl(s->fd, RT_ABI_RB_PUT_NEXT_SUBBUF))
				SERR(s, "PUT_NEXT_SUBBUF: %s", strerror(errno));
			if (s->delay_us)
				usleep(s->delay_us);
		}
		if ((p.revents & POLLHUP) && !done)
			SERR(s, "POLLHUP but GET_NEXT_SUBBUF did not say ENODATA");
	}
	return NULL;
}

static int set_online(int cpu, int on)
{
	char path[64];
	int fd, ok;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

struct scenario {
	const char *name;
	struct rbt_config cfg;
	bool splice;
	int delay_us;
	unsigned int min_len, max_len;
	bool expect_loss;
	bool hotplug;		/* take cpu1 offline and back while writing */
};

static void run(int ctl, const struct scenario *sc, int ncpus)
{
	struct stream st[RBT_MAX_CPUS];
	pthread_t th[RBT_MAX_CPUS];
	struct rbt_run r = {
		.duration_ms = 1200, .min_len = sc->min_len, .max_len = sc->max_len,
		/* No NMIs around hotplug: one could reach a CPU going offline. */
		.kinds = sc->hotplug ? 3 : 7, .hrtimer_us = 200,
	};
	struct rbt_stats stats;
	uint64_t total = 0, lost = 0, big = 0;
	int cpu, ok = 1;

	printf("--- %s\n", sc->name);
	if (ioctl(ctl, RBT_CREATE, &sc->cfg)) {
		CHECK(0, "%s: create: %s", sc->name, strerror(errno));
		return;
	}
	memset(st, 0, sizeof(st));
	for (cpu = 0; cpu < ncpus; cpu++) {
		struct stream *s = &st[cpu];

		s->cpu = cpu;
		s->splice = sc->splice;
		s->delay_us = sc->delay_us;
		s->fd = ioctl(ctl, RBT_STREAM, cpu);
		s->tmp = malloc(sc->cfg.subbuf_size);
		if (s->fd < 0) {
			CHECK(0, "stream %d: %s", cpu, strerror(errno));
			return;
		}
		if (!s->splice) {
			s->map_len = ioc64(s, RT_ABI_RB_GET_MMAP_LEN);
			s->map = mmap(NULL, s->map_len, PROT_READ, MAP_PRIVATE, s->fd, 0);
			if (s->map == MAP_FAILED) {
				CHECK(0, "mmap stream %d: %s", cpu, strerror(errno));
				return;
			}
		}
		pthread_create(&th[cpu], NULL, reader, s);
	}
	CHECK(ioctl(ctl, RBT_RUN, &r) == 0, "writers started on every CPU (%s)", strerror(errno));
	if (sc->hotplug) {
		for (int i = 0; i < 2; i++) {
			usleep(150000);
			CHECK(set_online(1, 0) == 0, "cpu1 offline while tracing");
			usleep(150000);
			CHECK(set_online(1, 1) == 0, "cpu1 back online");
		}
	}
	CHECK(ioctl(ctl, RBT_WAIT) == 0, "writers finished");
	errno = 0;
	CHECK(ioctl(ctl, RBT_WRITE_BIG) == -1 && errno == ENOBUFS,
	      "a record larger than a sub-buffer is refused (%s)", strerror(errno));
	CHECK(ioctl(ctl, RBT_STATS, &stats) == 0, "stats");
	CHECK(ioctl(ctl, RBT_DESTROY) == 0, "destroy: flush and finalize");
	for (cpu = 0; cpu < ncpus; cpu++)
		pthread_join(th[cpu], NULL);

	for (cpu = 0; cpu < ncpus; cpu++) {
		struct stream *s = &st[cpu];
		uint64_t attempts = 0, dropped = 0, kinds_ran = 0;
		int k;

		for (k = 0; k < RBT_KINDS; k++) {
			attempts += stats.written[RBT_WRITER(cpu, k)];
			dropped += stats.dropped[RBT_WRITER(cpu, k)];
			kinds_ran += stats.written[RBT_WRITER(cpu, k)] > 0;
		}
		big += stats.lost_big[cpu];
		total += attempts;
		lost += stats.discarded[cpu] - stats.lost_big[cpu] + stats.overwritten[cpu];
		printf("cpu %d: %lu records written, %lu read in %lu packets, %lu discarded, %lu overwritten, %lu kinds\n",
		       cpu, (unsigned long)attempts, (unsigned long)s->received,
		       (unsigned long)s->packets, (unsigned long)(stats.discarded[cpu] - stats.lost_big[cpu]),
		       (unsigned long)stats.overwritten[cpu], (unsigned long)kinds_ran);
		CHECK(s->errors == 0, "cpu %d: every packet and record checks out%s%s",
		      cpu, s->errors ? ": " : "", s->error);
		CHECK(attempts - s->received ==
		      stats.discarded[cpu] - stats.lost_big[cpu] + stats.overwritten[cpu],
		      "cpu %d: missing records (%ld) == discarded + overwritten (%lu)", cpu,
		      (long)(attempts - s->received),
		      (unsigned long)(stats.discarded[cpu] - stats.lost_big[cpu] + stats.overwritten[cpu]));
		CHECK(dropped == stats.discarded[cpu] - stats.lost_big[cpu],
		      "cpu %d: writers' drops (%lu) == buffer's discarded count", cpu,
		      (unsigned long)dropped);
		CHECK(kinds_ran == (sc->hotplug ? 2u : 3u), "cpu %d: %lu writer kinds ran (task, hrtimer%s)",
		      cpu, (unsigned long)kinds_ran, sc->hotplug ? "" : ", NMI");
		if (!sc->cfg.overwrite)
			CHECK(stats.overwritten[cpu] == 0, "cpu %d: discard mode overwrites nothing", cpu);
		ok &= s->errors == 0;
		if (s->map)
			munmap(s->map, s->map_len);
		close(s->fd);
		free(s->tmp);
	}
	CHECK(big == 1, "the oversized record is counted once (%lu)", (unsigned long)big);
	CHECK(total > 1000, "%lu records written in all", (unsigned long)total);
	if (sc->expect_loss)
		CHECK(lost > 0, "the slow reader lost records (%lu), so accounting was exercised",
		      (unsigned long)lost);
	if (!sc->hotplug)
		CHECK(stats.nmi_ok, "NMI writers ran in NMI context");
	(void)ok;
}

/* Complete packets between the reader and the writer, or -1. */
static long packets_ready(int fd)
{
	unsigned long c, p;

	if (ioctl(fd, RT_ABI_RB_SNAPSHOT))
		return errno == EAGAIN ? 0 : -1;
	if (ioctl(fd, RT_ABI_RB_SNAPSHOT_GET_CONSUMED, &c) ||
	    ioctl(fd, RT_ABI_RB_SNAPSHOT_GET_PRODUCED, &p))
		return -1;
	return (p - c) / 4096;
}

static void bad_input(int ctl)
{
	static const struct { uint64_t s, n; uint32_t ow; int err; } bad[] = {
		{ 0, 4, 0, EINVAL }, { 1000, 4, 0, EINVAL }, { 2048, 4, 0, EINVAL },
		{ 4096, 0, 0, EINVAL }, { 4096, 3, 0, EINVAL }, { 4096, 1, 1, EINVAL },
		{ 1ULL << 40, 4, 0, EINVAL }, { 1ULL << 63, 2, 0, EINVAL },
		{ 4096, 1ULL << 40, 0, EINVAL }, { 1UL << 28, 1UL << 20, 0, ENOMEM },
	};
	struct rbt_config cfg = { .subbuf_size = 4096, .num_subbuf = 4 };
	struct rt_abi_rb_flush_or_populate fp = { 0 };
	struct rbt_packet_header *h;
	unsigned long pos, len;
	unsigned char *pkt, *ro;
	uint64_t ts = 0;
	int fd, fd2, i, p[2];
	struct pollfd pf;
	loff_t off = 0;
	void *m;
	long ret;

	printf("--- bad input\n");
	pkt = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pkt == MAP_FAILED || ro == MAP_FAILED) {
		CHECK(0, "mmap: %s", strerror(errno));
		return;
	}
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		struct rbt_config c = { .subbuf_size = bad[i].s, .num_subbuf = bad[i].n,
					.overwrite = bad[i].ow };

		ret = ioctl(ctl, RBT_CREATE, &c);
		CHECK(ret == -1 && errno == bad[i].err, "create S=%llu n=%llu%s: %s",
		      (unsigned long long)bad[i].s, (unsigned long long)bad[i].n,
		      bad[i].ow ? " overwrite" : "", ret ? strerror(errno) : "accepted");
		if (!ret)
			ioctl(ctl, RBT_DESTROY);
	}
	CHECK(ioctl(ctl, RBT_CREATE, &cfg) == 0, "create S=4096 n=4");
	fd = ioctl(ctl, RBT_STREAM, 0);
	CHECK(fd >= 0, "stream on cpu 0");
	ret = ioctl(ctl, RBT_STREAM, 0);
	CHECK_ERRNO(ret, EBUSY, "a second reader of the same buffer");
	ret = ioctl(ctl, RBT_STREAM, 100000);
	CHECK_ERRNO(ret, EINVAL, "stream of a CPU that does not exist");
	ret = ioctl(ctl, RBT_STREAM, -1);
	CHECK_ERRNO(ret, EINVAL, "stream of CPU -1");

	ret = ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF);
	CHECK_ERRNO(ret, EAGAIN, "GET_NEXT_SUBBUF on an empty buffer");
	ret = ioctl(fd, RT_ABI_RB_SNAPSHOT);
	CHECK_ERRNO(ret, EAGAIN, "SNAPSHOT on an empty buffer");
	CHECK(ioctl(fd, RT_ABI_RB_SNAPSHOT_SAMPLE_POSITIONS) == 0, "SAMPLE_POSITIONS always works");
	ret = ioctl(fd, RT_ABI_RB_SNAPSHOT_GET_PRODUCED, (void *)16);
	CHECK_ERRNO(ret, EFAULT, "GET_PRODUCED to a bad pointer");
	ret = ioctl(fd, RT_ABI_RB_PUT_SUBBUF);
	CHECK_ERRNO(ret, EINVAL, "PUT_SUBBUF without a held packet");
	ret = ioctl(fd, RT_ABI_RB_PUT_NEXT_SUBBUF);
	CHECK_ERRNO(ret, EINVAL, "PUT_NEXT_SUBBUF without a held packet");
	ret = ioctl(fd, RT_ABI_RB_GET_SUBBUF_SIZE, &len);
	CHECK_ERRNO(ret, EINVAL, "GET_SUBBUF_SIZE without a held packet");
	ret = ioctl(fd, RT_ABI_RB_GET_MMAP_READ_OFFSET, &len);
	CHECK_ERRNO(ret, EINVAL, "GET_MMAP_READ_OFFSET without a held packet");
	pos = 5;
	ret = ioctl(fd, RT_ABI_RB_GET_SUBBUF, &pos);
	CHECK_ERRNO(ret, EINVAL, "GET_SUBBUF at a position inside a packet");
	ret = ioctl(fd, RT_ABI_RB_GET_SUBBUF, (void *)16);
	CHECK_ERRNO(ret, EFAULT, "GET_SUBBUF from a bad pointer");
	ret = ioctl(fd, _IO(RT_ABI_IOC_TYPE, 0x7e));
	CHECK_ERRNO(ret, ENOTTY, "unknown stream ioctl");
	ret = ioctl(fd, RT_ABI_RB_GET_MMAP_LEN, &len);
	CHECK(ret == 0 && len == 4 * 4096, "GET_MMAP_LEN is n * S in discard mode (%lu)", len);
	m = mmap(NULL, len - 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m == MAP_FAILED && errno == EINVAL, "mmap of the wrong length: EINVAL");
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m == MAP_FAILED && errno == EACCES, "writable shared mmap of a read-only stream: EACCES");
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "read-only mmap of the whole buffer");
	if (m != MAP_FAILED) {
		ret = mprotect(m, len, PROT_READ | PROT_WRITE);
		CHECK_ERRNO(ret, EACCES, "the shared mapping cannot be made writable");
		munmap(m, len);
	}
	ret = pipe(p);
	ret = splice(fd, &off, p[1], NULL, 4096, 0);
	CHECK_ERRNO(ret, EINVAL, "splice without a held packet");

	/*
	 * FLUSH_OR_POPULATE_PACKET: the buffer's first packet is open, so
	 * the flush delivers it; then, with none open, the next (empty) one
	 * is built in our page instead, and the buffer holds no more.
	 */
	fp.packet = (uintptr_t)pkt;
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
	CHECK(ret == 0 && fp.flush_done == 1 && !fp.packet_populated && !fp.packet_length &&
	      packets_ready(fd) == 1,
	      "FLUSH_OR_POPULATE_PACKET delivers the open packet (%ld, %u %u)",
	      ret, fp.flush_done, fp.packet_populated);
	CHECK(ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF) == 0 &&
	      ioctl(fd, RT_ABI_RB_GET_TIMESTAMP_END, &ts) == 0 &&
	      ioctl(fd, RT_ABI_RB_PUT_NEXT_SUBBUF) == 0, "which reads");
	memset(pkt, 0xa5, 2 * PAGE);
	memset(&fp, 0, sizeof(fp));
	fp.packet = (uintptr_t)pkt;
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
	CHECK(ret == 0 && fp.flush_done == 1 && fp.packet_populated == 1 &&
	      fp.packet_length == sizeof(*h) && fp.packet_length_padded == PAGE,
	      "with no packet open it populates one of %llu bytes, padded to %llu (%ld)",
	      (unsigned long long)fp.packet_length,
	      (unsigned long long)fp.packet_length_padded, ret);
	h = (struct rbt_packet_header *)pkt;
	CHECK(h->magic == RBT_PACKET_MAGIC && h->cpu == 0 && h->seq == 1 &&
	      h->content_size == sizeof(*h) && h->discarded == 0 &&
	      h->ts_begin == h->ts_end && h->ts_begin >= ts,
	      "the populated packet is the next one: seq %llu, header only, stamped now",
	      (unsigned long long)h->seq);
	for (len = sizeof(*h); len < PAGE && pkt[len] == 0; len++)
		;
	CHECK(len == PAGE && pkt[PAGE] == 0xa5, "its padding is zeroed, up to the page end only");
	CHECK(packets_ready(fd) == 0, "and the buffer holds no packet for it");
	fp.packet = 0;
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
	CHECK_ERRNO(ret, EFAULT, "FLUSH_OR_POPULATE_PACKET into NULL");
	fp.packet = 0xffff888000000000ULL;
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
	CHECK_ERRNO(ret, EFAULT, "... into a kernel address");
	fp.packet = (uintptr_t)ro;
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
	CHECK_ERRNO(ret, EFAULT, "... into a read-only page");
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, (void *)16);
	CHECK_ERRNO(ret, EFAULT, "... with a bad argument pointer");
	CHECK(packets_ready(fd) == 0, "none of them left a packet in the buffer");

	/* FLUSH_EMPTY runs on cpu 0's buffer whatever CPU we are on. */
	for (i = 0; i < 4; i++)
		CHECK(ioctl(fd, RT_ABI_RB_FLUSH_EMPTY) == 0, "FLUSH_EMPTY %d of 4", i + 1);
	CHECK(packets_ready(fd) == 4, "4 packets to read (%ld)", packets_ready(fd));
	/*
	 * lttng-consumerd takes a failed FLUSH_EMPTY for a tracer without it
	 * and then leaves the stream out of a snapshot.
	 */
	CHECK(ioctl(fd, RT_ABI_RB_FLUSH_EMPTY) == 0 && packets_ready(fd) == 4,
	      "FLUSH_EMPTY on a full discard buffer succeeds and adds nothing");
	memset(&fp, 0, sizeof(fp));
	fp.packet = (uintptr_t)pkt;
	ret = ioctl(fd, RT_ABI_RB_FLUSH_OR_POPULATE_PACKET, &fp);
	CHECK(ret == 0 && fp.packet_populated == 1 && h->seq == 5 && packets_ready(fd) == 4,
	      "FLUSH_OR_POPULATE_PACKET on a full buffer populates packet 5 (%llu) all the same",
	      (unsigned long long)h->seq);
	CHECK(ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF) == 0, "an empty packet can be read");
	ret = ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF);
	CHECK_ERRNO(ret, EBUSY, "GET_NEXT_SUBBUF while holding one");
	ret = ioctl(fd, RT_ABI_RB_GET_SUBBUF_SIZE, &len);
	CHECK(ret == 0 && len == sizeof(struct rbt_packet_header),
	      "the empty packet holds just its header (%lu)", len);
	ret = splice(fd, &off, p[1], NULL, 4095, 0);
	CHECK_ERRNO(ret, EINVAL, "splice of an unaligned length");
	off = 0;
	ret = splice(fd, &off, p[1], NULL, 8192, 0);
	CHECK(ret == 4096 && off == 4096, "splice hands out the padded packet once (%ld)", ret);
	ret = splice(fd, &off, p[1], NULL, 4096, 0);
	CHECK(ret == 0, "then end of packet (%ld)", ret);
	close(p[0]);
	close(p[1]);
	CHECK(ioctl(fd, RT_ABI_RB_PUT_NEXT_SUBBUF) == 0, "PUT_NEXT_SUBBUF");
	CHECK(ioctl(fd, RT_ABI_RB_FLUSH_EMPTY) == 0 && packets_ready(fd) == 4,
	      "a slot is free again: FLUSH_EMPTY fills it");
	CHECK(ioctl(fd, RT_ABI_RB_CLEAR) == 0, "CLEAR");
	ret = ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF);
	CHECK_ERRNO(ret, EAGAIN, "nothing left to read after CLEAR");

	fd2 = ioctl(ctl, RBT_STREAM, 1 % sysconf(_SC_NPROCESSORS_CONF));
	CHECK(ioctl(fd, RT_ABI_RB_FLUSH_EMPTY) == 0, "one more packet before destroy");
	CHECK(ioctl(ctl, RBT_DESTROY) == 0, "destroy with readers attached");
	CHECK(ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF) == 0, "the stream outlives its channel");
	CHECK(ioctl(fd, RT_ABI_RB_PUT_NEXT_SUBBUF) == 0, "and drains");
	ret = ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF);
	CHECK_ERRNO(ret, ENODATA, "then reports the end of data");
	pf.fd = fd;
	pf.events = POLLIN;
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP, "poll: POLLHUP (0x%x)", pf.revents);
	ret = syscall(SYS_delete_module, "rt_test_rb", O_NONBLOCK);
	CHECK_ERRNO(ret, EWOULDBLOCK, "the module cannot go while its streams are open");
	close(fd);
	close(fd2);
}

static long meminfo(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

static void settle(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	sync();
	if (fd >= 0) {
		ssize_t r = write(fd, "3\n", 2);

		(void)r;
		close(fd);
	}
	usleep(200000);
}

static int cycles(int ctl, int n)
{
	struct rbt_config cfg = { .subbuf_size = 4096, .num_subbuf = 4, .overwrite = 1 };
	int i, fd;

	for (i = 0; i < n; i++) {
		if (ioctl(ctl, RBT_CREATE, &cfg))
			return -1;
		fd = ioctl(ctl, RBT_STREAM, 0);
		if (fd < 0 || ioctl(fd, RT_ABI_RB_FLUSH_EMPTY))
			return -1;
		if (i & 1) {
			close(fd);
			ioctl(ctl, RBT_DESTROY);
		} else {
			ioctl(ctl, RBT_DESTROY);
			close(fd);
		}
	}
	return 0;
}

static void leaks(int ctl)
{
	long free0, slab0, vm0, free1, slab1, vm1, free_limit, slab_limit;

	printf("--- 1000 create/destroy cycles\n");
	CHECK(cycles(ctl, 50) == 0, "warm-up cycles");
	settle();
	free0 = meminfo("MemFree");
	slab0 = meminfo("SUnreclaim");
	vm0 = meminfo("VmallocUsed");
	CHECK(cycles(ctl, 1000) == 0, "1000 cycles of create, stream, flush, destroy");
	settle();
	free1 = meminfo("MemFree");
	slab1 = meminfo("SUnreclaim");
	vm1 = meminfo("VmallocUsed");
	printf("MemFree %+ld kB, SUnreclaim %+ld kB, VmallocUsed %+ld kB\n",
	       free1 - free0, slab1 - slab0, vm1 - vm0);
	/*
	 * A leak of one buffer per cycle would be >= 40 MB here.  Under the
	 * debug kernel (kmemleak, which finds leaked objects itself), KASAN
	 * holds freed slab objects in its quarantine before MemFree sees
	 * them: about 8 MB after these cycles, and the objects it holds
	 * count as unreclaimable slab (+1040 kB seen on two CPUs).
	 */
	free_limit = access("/sys/kernel/debug/kmemleak", F_OK) ? 8192 : 24576;
	slab_limit = access("/sys/kernel/debug/kmemleak", F_OK) ? 1024 : 4096;
	CHECK(free0 - free1 < free_limit, "MemFree did not shrink by %ld kB or more (%+ld kB)",
	      free_limit, free1 - free0);
	CHECK(slab1 - slab0 < slab_limit, "unreclaimable slab did not grow by %ld kB or more (%+ld kB)",
	      slab_limit, slab1 - slab0);
	CHECK(vm1 - vm0 < 256, "vmalloc use did not grow (%+ld kB)", vm1 - vm0);
}

/* A CPU going offline keeps its buffer readable; coming back, it traces. */
static void hotplug(int ctl)
{
	struct rbt_config cfg = { .subbuf_size = 4096, .num_subbuf = 4 };
	struct rbt_run r = { .duration_ms = 300, .min_len = 32, .max_len = 64,
			     .kinds = 3, .hrtimer_us = 500 };
	struct rbt_stats stats;
	unsigned long len;
	int fd;

	printf("--- CPU hotplug\n");
	if (sysconf(_SC_NPROCESSORS_CONF) < 2 || access("/sys/devices/system/cpu/cpu1/online", W_OK)) {
		printf("not run: cpu1 cannot be taken offline here\n");
		return;
	}
	CHECK(ioctl(ctl, RBT_CREATE, &cfg) == 0, "create");
	fd = ioctl(ctl, RBT_STREAM, 1);
	CHECK(fd >= 0, "stream of cpu1");
	CHECK(set_online(1, 0) == 0, "cpu1 offline");
	CHECK(ioctl(fd, RT_ABI_RB_FLUSH_EMPTY) == 0, "flush of the offline CPU's buffer");
	CHECK(ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF) == 0, "its packet is readable");
	CHECK(ioctl(fd, RT_ABI_RB_GET_SUBBUF_SIZE, &len) == 0 && len == sizeof(struct rbt_packet_header),
	      "an empty packet (%lu)", len);
	CHECK(ioctl(fd, RT_ABI_RB_PUT_NEXT_SUBBUF) == 0, "put");
	CHECK(set_online(1, 1) == 0, "cpu1 back online");
	CHECK(ioctl(ctl, RBT_RUN, &r) == 0 && ioctl(ctl, RBT_WAIT) == 0, "writers on every online CPU");
	CHECK(ioctl(ctl, RBT_STATS, &stats) == 0 &&
	      stats.written[RBT_WRITER(1, RBT_KIND_TASK)] > 0,
	      "cpu1 traces again (%lu records)", (unsigned long)stats.written[RBT_WRITER(1, RBT_KIND_TASK)]);
	CHECK(ioctl(ctl, RBT_DESTROY) == 0, "destroy");
	CHECK(ioctl(fd, RT_ABI_RB_GET_NEXT_SUBBUF) == 0, "cpu1's packets are there to read");
	close(fd);
}

/*
 * One snapshot of a stream as consumerd's "snapshot record" takes it:
 * optional FLUSH_EMPTY, SNAPSHOT, then GET_SUBBUF / PUT_SUBBUF (without
 * consuming) at every position from consumed to produced.  Returns the
 * number of packets read, their sequence numbers in @seqs; -1 on error.
 */
static int snap_one(struct stream *s, bool flush, uint64_t *seqs, int max, uint64_t *lost)
{
	unsigned long c, p, pos, sb = 0;
	int n = 0;

	if (flush && ioctl(s->fd, RT_ABI_RB_FLUSH_EMPTY) && ioctl(s->fd, RT_ABI_RB_FLUSH))
		return -1;
	if (ioctl(s->fd, RT_ABI_RB_SNAPSHOT))
		return errno == EAGAIN ? 0 : -1;
	if (ioctl(s->fd, RT_ABI_RB_SNAPSHOT_GET_CONSUMED, &c) ||
	    ioctl(s->fd, RT_ABI_RB_SNAPSHOT_GET_PRODUCED, &p) ||
	    ioctl(s->fd, RT_ABI_RB_GET_MAX_SUBBUF_SIZE, &sb))
		return -1;
	for (pos = c; pos < p; pos += sb) {
		if (ioctl(s->fd, RT_ABI_RB_GET_SUBBUF, &pos)) {
			if (errno != EAGAIN)
				return -1;
			++*lost;	/* overwritten meanwhile */
			continue;
		}
		/* Packets of a snapshot are checked one by one. */
		s->any_packet = false;
		s->last_ts = 0;
		memset(s->last_seq, 0, sizeof(s->last_seq));
		check_packet(s);
		if (s->last_pkt_seq != pos / sb)
			SERR(s, "GET_SUBBUF(%lu) gave packet %lu", pos, (unsigned long)s->last_pkt_seq);
		if (ioctl(s->fd, RT_ABI_RB_PUT_SUBBUF))
			return -1;
		if (n < max)
			seqs[n] = s->last_pkt_seq;
		n++;
	}
	return n;
}

/* Snapshots of flight-recorder buffers, while writers run and after. */
static void snapshots(int ctl, int ncpus)
{
	struct rbt_config cfg = { .subbuf_size = 16384, .num_subbuf = 4, .overwrite = 1 };
	struct rbt_run r = { .duration_ms = 1000, .min_len = 32, .max_len = 300,
			     .kinds = 7, .hrtimer_us = 200 };
	uint64_t a[64], b[64], lost = 0;
	struct stream st[RBT_MAX_CPUS];
	int cpu, round, na, nb, bad = 0, read = 0;

	printf("--- snapshots of overwrite buffers\n");
	memset(st, 0, sizeof(st));
	CHECK(ioctl(ctl, RBT_CREATE, &cfg) == 0, "create 16 KiB x 4 overwrite");
	for (cpu = 0; cpu < ncpus; cpu++) {
		st[cpu].cpu = cpu;
		st[cpu].fd = ioctl(ctl, RBT_STREAM, cpu);
		st[cpu].tmp = malloc(cfg.subbuf_size);
		st[cpu].map_len = (cfg.num_subbuf + 1) * cfg.subbuf_size;
		st[cpu].map = mmap(NULL, st[cpu].map_len, PROT_READ, MAP_PRIVATE, st[cpu].fd, 0);
		if (st[cpu].fd < 0 || st[cpu].map == MAP_FAILED) {
			CHECK(0, "stream and mapping of cpu %d", cpu);
			return;
		}
	}
	CHECK(ioctl(ctl, RBT_RUN, &r) == 0, "writers started");
	for (round = 0; round < 6; round++) {
		usleep(120000);
		for (cpu = 0; cpu < ncpus; cpu++) {
			int n = snap_one(&st[cpu], true, a, 64, &lost);

			bad += n < 0;
			read += n > 0 ? n : 0;
		}
	}
	CHECK(ioctl(ctl, RBT_WAIT) == 0, "writers finished");
	CHECK(bad == 0 && read > 0, "snapshots while writing: %d packets read, %lu overwritten under the reader, %d errors",
	      read, (unsigned long)lost, bad);
	for (cpu = 0; cpu < ncpus; cpu++) {
		na = snap_one(&st[cpu], true, a, 64, &lost);
		nb = snap_one(&st[cpu], false, b, 64, &lost);
		CHECK(na == (int)cfg.num_subbuf && na == nb && !memcmp(a, b, na * sizeof(a[0])),
		      "cpu %d: a second snapshot reads the same %d packets again (%d)", cpu, na, nb);
		CHECK(st[cpu].errors == 0, "cpu %d: every snapshot packet checks out%s%s", cpu,
		      st[cpu].errors ? ": " : "", st[cpu].error);
	}
	CHECK(ioctl(ctl, RBT_DESTROY) == 0, "destroy");
	for (cpu = 0; cpu < ncpus; cpu++) {
		munmap(st[cpu].map, st[cpu].map_len);
		close(st[cpu].fd);
		free(st[cpu].tmp);
	}
}

int main(int argc, char **argv)
{
	static const struct scenario sc[] = {
		{ "discard, 4 KiB x 4, splice, slow reader",
		  { 4096, 4, 0, 0, 0, 0 }, true, 3000, 32, 200, true, false },
		{ "overwrite, 4 KiB x 4, mmap, slow reader",
		  { 4096, 4, 1, 0, 0, 0 }, false, 3000, 32, 200, true, false },
		{ "discard, 256 KiB x 4, mmap, switch timer 10 ms, wakeup per packet",
		  { 256 << 10, 4, 0, 10000, 0, 0 }, false, 0, 32, 200, false, false },
		{ "overwrite, 64 KiB x 8, splice, read timer 20 ms",
		  { 64 << 10, 8, 1, 0, 20000, 0 }, true, 0, 32, 1000, false, false },
		{ "discard, 4 KiB x 2, mmap, records up to 4000 bytes",
		  { 4096, 2, 0, 0, 0, 0 }, false, 0, 32, 4000, false, false },
		{ "overwrite, 4 KiB x 2, splice, records up to 4000 bytes, slow reader",
		  { 4096, 2, 1, 5000, 0, 0 }, true, 2000, 32, 4000, true, false },
		{ "discard, 16 KiB x 4, mmap, cpu1 offline and back twice while writing",
		  { 16384, 4, 0, 20000, 0, 0 }, false, 0, 32, 500, false, true },
	};
	int ctl, ncpus = sysconf(_SC_NPROCESSORS_CONF), i;
	const char *only = argc > 1 ? argv[1] : NULL;

	if (system("modprobe lttng-tracer && insmod \"$RT_REPO/tests/modules/rt_test_rb.ko\""))
		printf("note: loading the modules failed\n");
	ctl = open("/proc/rt_rbtest", O_RDWR);
	CHECK(ctl >= 0, "/proc/rt_rbtest opened");
	if (ctl < 0)
		return rt_test_done();
	if (ncpus > RBT_MAX_CPUS)
		ncpus = RBT_MAX_CPUS;
	for (i = 0; i < (int)(sizeof(sc) / sizeof(sc[0])); i++)
		if (!only || strstr(sc[i].name, only))
			run(ctl, &sc[i], ncpus);
	if (!only) {
		snapshots(ctl, ncpus);
		bad_input(ctl);
		hotplug(ctl);
		leaks(ctl);
	}
	close(ctl);
	CHECK(system("rmmod rt_test_rb && rmmod lttng_tracer") == 0, "modules unload");
	return rt_test_done();
}
