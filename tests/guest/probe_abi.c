// SPDX-License-Identifier: GPL-2.0-only
/*
 * Events of probes placed at run time (KPROBE, KRETPROBE, UPROBE and its
 * ADD_CALLSITE) as lttng-sessiond drives them, and the errnos of bad
 * input: unterminated symbols, unknown ones, a name given twice, enabling
 * twice, file descriptors that are not regular files, call sites past the
 * file's end or behind bad pointers, call sites on other events.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ringtail/abi.h>
#include "../rt-test.h"

static struct rt_abi_event probe_attr(const char *name, unsigned int instr,
				      const char *symbol, uint64_t offset)
{
	struct rt_abi_event e;

	memset(&e, 0, sizeof(e));
	strncpy(e.name, name, sizeof(e.name) - 1);
	e.instrumentation = instr;
	if (symbol)
		strncpy(e.u.kprobe.symbol_name, symbol, sizeof(e.u.kprobe.symbol_name) - 1);
	e.u.kprobe.offset = offset;
	return e;
}

/* Where a uprobe goes: called while the session records. */
__attribute__((noinline)) int rt_probe_target(int i)
{
	__asm__ volatile("" : : : "memory");
	return i + 1;
}

/* The file offset of @fn in this program, from its mapping. */
static uint64_t file_offset(const void *fn)
{
	unsigned long start, end, pgoff, a = (unsigned long)fn;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &pgoff) == 3 &&
		    a >= start && a < end) {
			fclose(f);
			return a - start + pgoff;
		}
	if (f)
		fclose(f);
	return 0;
}

static long callsite(int ev, uint64_t offset)
{
	struct rt_abi_event_callsite c = { .offset = offset };

	return ioctl(ev, RT_ABI_ADD_CALLSITE, &c);
}

int main(void)
{
	struct rt_abi_channel c;
	struct rt_abi_event e;
	int tracer, s, ch, kp, kp2, krp, up, up2, tp, dir, pfd[2], exe;
	int i, far_einval, far_placed, far_other;
	struct stat st;
	void *page;
	long ret;

	if (system("modprobe -a lttng-ring-buffer-client-discard"))
		printf("note: modprobe failed\n");
	tracer = open("/proc/lttng", O_RDWR);
	CHECK(tracer >= 0, "open /proc/lttng");
	s = ioctl(tracer, RT_ABI_SESSION);
	CHECK(s >= 0, "SESSION");
	memset(&c, 0, sizeof(c));
	c.subbuf_size = 4096;
	c.num_subbuf = 4;
	c.output = RT_ABI_OUTPUT_SPLICE;
	ch = ioctl(s, RT_ABI_CHANNEL, &c);
	CHECK(ch >= 0, "CHANNEL");

	/* kprobes */
	e = probe_attr("kp", RT_ABI_INSTR_KPROBE, "__x64_sys_getppid", 0);
	kp = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(kp >= 0, "KPROBE on __x64_sys_getppid");
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EEXIST, "KPROBE of a name the channel has");
	e = probe_attr("kp", RT_ABI_INSTR_TRACEPOINT, NULL, 0);
	tp = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(tp >= 0, "a tracepoint enabler of that name is another matter");
	CHECK(ioctl(kp, RT_ABI_ENABLE) == 0, "ENABLE");
	ret = ioctl(kp, RT_ABI_ENABLE);
	CHECK_ERRNO(ret, EEXIST, "ENABLE twice");
	CHECK(ioctl(kp, RT_ABI_DISABLE) == 0, "DISABLE");
	ret = ioctl(kp, RT_ABI_DISABLE);
	CHECK_ERRNO(ret, EEXIST, "DISABLE twice");
	ret = callsite(kp, 0);
	CHECK_ERRNO(ret, EINVAL, "ADD_CALLSITE on a kprobe");
	ret = callsite(tp, 0);
	CHECK_ERRNO(ret, EINVAL, "ADD_CALLSITE on a tracepoint enabler");
	e = probe_attr("kp_unknown", RT_ABI_INSTR_KPROBE, "no_such_function_at_all", 0);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, ENOENT, "KPROBE on an unknown symbol");
	e = probe_attr("kp_none", RT_ABI_INSTR_KPROBE, NULL, 0);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "KPROBE with neither symbol nor address");
	e = probe_attr("kp_both", RT_ABI_INSTR_KPROBE, "__x64_sys_getppid", 0);
	e.u.kprobe.addr = 0xffffffff81000000ULL;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "KPROBE with both");
	e = probe_attr("kp_long", RT_ABI_INSTR_KPROBE, NULL, 0);
	memset(e.u.kprobe.symbol_name, 'a', sizeof(e.u.kprobe.symbol_name));
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "KPROBE with an unterminated symbol");
	e = probe_attr("kp_black", RT_ABI_INSTR_KPROBE, "kprobe_int3_handler", 0);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "KPROBE on a blacklisted function");
	e = probe_attr("kp_mid", RT_ABI_INSTR_KPROBE, "__x64_sys_getppid", 1);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EILSEQ, "KPROBE inside an instruction");
	/*
	 * An offset that leaves the function lands in whatever code the
	 * kernel's layout puts there: inside an instruction the kernel
	 * refuses it (EILSEQ), on one Ringtail must (EINVAL), and only the
	 * start of a function may be probed that way.  Sixteen offsets in a
	 * row hold an instruction's start (none is longer) and at most one
	 * function's (they are 16-byte aligned).
	 */
	far_einval = far_placed = far_other = 0;
	for (i = 0; i < 16; i++) {
		char name[16];

		snprintf(name, sizeof(name), "kp_far%d", i);
		e = probe_attr(name, RT_ABI_INSTR_KPROBE, "__x64_sys_getppid", (1 << 20) + i);
		ret = ioctl(ch, RT_ABI_EVENT, &e);
		if (ret >= 0) {
			far_placed++;
			close(ret);
		} else if (errno == EINVAL) {
			far_einval++;
		} else if (errno != EILSEQ) {
			far_other++;
		}
	}
	CHECK(far_einval > 0 && far_placed <= 1 && !far_other,
	      "KPROBE past the function, 16 offsets: %d EINVAL, %d placed (a function's start), %d other errnos",
	      far_einval, far_placed, far_other);

	/* kretprobes: `lttng enable-event --function` */
	e = probe_attr("fn", RT_ABI_INSTR_KRETPROBE, "__x64_sys_getppid", 0);
	krp = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(krp >= 0, "KRETPROBE on __x64_sys_getppid");
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EEXIST, "KRETPROBE of a name the channel has");
	e = probe_attr("fn_entry", RT_ABI_INSTR_KPROBE, "__x64_sys_getpid", 0);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EEXIST, "KPROBE named as a function probe's entry event");
	e = probe_attr("fn2", RT_ABI_INSTR_KRETPROBE, "__x64_sys_getppid", 0);
	e.u.kprobe.entryexit = 1;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "KRETPROBE with entryexit set");
	e = probe_attr("fn3", RT_ABI_INSTR_KRETPROBE, "__x64_sys_getppid", 5);
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "KRETPROBE off the function's entry");
	CHECK(ioctl(krp, RT_ABI_ENABLE) == 0, "KRETPROBE ENABLE");

	/* uprobes */
	e = probe_attr("up", RT_ABI_INSTR_UPROBE, NULL, 0);
	e.u.uprobe.fd = -1;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EBADF, "UPROBE of fd -1");
	e.u.uprobe.fd = 1000000;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EBADF, "UPROBE of a closed fd");
	dir = open("/", O_RDONLY | O_DIRECTORY);
	e.u.uprobe.fd = dir;
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "UPROBE of a directory");
	CHECK(pipe(pfd) == 0, "pipe");
	e.u.uprobe.fd = pfd[0];
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EINVAL, "UPROBE of a pipe");
	exe = open("/proc/self/exe", O_RDONLY);
	CHECK(exe >= 0 && fstat(exe, &st) == 0, "open this program");
	e.u.uprobe.fd = exe;
	up = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(up >= 0, "UPROBE of this program (on the guest's overlay root)");
	ret = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK_ERRNO(ret, EEXIST, "UPROBE of a name the channel has");
	ret = ioctl(up, RT_ABI_ADD_CALLSITE, NULL);
	CHECK_ERRNO(ret, EFAULT, "ADD_CALLSITE of NULL");
	ret = ioctl(up, RT_ABI_ADD_CALLSITE, 16);
	CHECK_ERRNO(ret, EFAULT, "ADD_CALLSITE of a bad pointer");
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap((char *)page + 4096, 4096);
	ret = ioctl(up, RT_ABI_ADD_CALLSITE, (char *)page + 4092);
	CHECK_ERRNO(ret, EFAULT, "ADD_CALLSITE crossing into an unmapped page");
	ret = callsite(up, st.st_size + 4096);
	CHECK_ERRNO(ret, EINVAL, "ADD_CALLSITE past the file's end");
	ret = callsite(up, 1ULL << 63);
	CHECK_ERRNO(ret, EINVAL, "ADD_CALLSITE at offset 2^63");
	ret = callsite(up, file_offset(rt_probe_target));
	CHECK(ret == 0, "ADD_CALLSITE of a function at 0x%llx: %ld (%s)",
	      (unsigned long long)file_offset(rt_probe_target), ret, ret ? strerror(errno) : "");
	ret = callsite(up, file_offset(rt_probe_target));
	CHECK_ERRNO(ret, EEXIST, "the same call site twice");
	CHECK(ioctl(up, RT_ABI_ENABLE) == 0, "UPROBE ENABLE");
	e.u.uprobe.fd = exe;
	strcpy(e.name, "up2");
	up2 = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(up2 >= 0, "a second UPROBE of the file");

	/* Filters are accepted (lttng-modules refuses them here). */
	e = probe_attr("kp2", RT_ABI_INSTR_KPROBE, "__x64_sys_getpid", 0);
	kp2 = ioctl(ch, RT_ABI_EVENT, &e);
	CHECK(kp2 >= 0, "KPROBE on __x64_sys_getpid");

	/* Recording: the session starts with them armed, then stops. */
	CHECK(ioctl(s, RT_ABI_SESSION_START) == 0, "start with probes armed");
	getppid();
	/* The uprobe's handler runs in this task, preemptible. */
	for (ret = 0; ret < 100; ret = rt_probe_target(ret))
		;
	CHECK(ioctl(s, RT_ABI_SESSION_STOP) == 0, "stop");
	/* Closed in an odd order: events outlive their files. */
	close(kp);
	close(s);
	close(up);
	close(ch);
	CHECK(ioctl(krp, RT_ABI_DISABLE) == 0, "an event's file works while the session's is closed");
	close(krp);
	close(up2);
	close(kp2);
	close(tp);
	close(exe);
	close(dir);
	close(tracer);
	return rt_test_done();
}
