# SPDX-License-Identifier: GPL-2.0-only
# Ringtail top-level Makefile.
#
#   make                 modules (against KVER/KDIR) and the userspace tests
#   make check           every test (host tests, then the guest suite)
#   make check-lttng-tools  lttng-tools' own tests, Ringtail vs lttng-modules
#   make check-debug     every test under the debug kernel (tests/debug.sh)
#                        (RT_CHECK_BOOTS="suite single": those boots only)
#   make demo            boot a guest and show Ringtail at work
#   make fuzz            the filter bytecode fuzzer, FILTER_FUZZ_RUNS inputs
#                        (10000000), then the ioctl fuzzer in a guest,
#                        FUZZ_CALLS calls (1000000)
#   make stress          the stress test for STRESS_SECONDS (1800), and the
#                        TCG reproducer tests/guest/ftrace_syscall_toggle.sh
#   make modules_install install the modules in /lib/modules/$(KVER)/extra
#   make dkms-install    the same through DKMS, for every kernel with headers
#                        and every kernel installed later (dkms.conf)
#
# KVER defaults to the running kernel if it has both /boot/vmlinuz-<ver>
# and headers, else the one Debian's linux-image-<arch> depends on, else the
# newest such (scripts/kver.sh); KDIR to its build tree.  `make check
# KVER=<release>` installs that kernel first (scripts/deps.sh).  KSRC is the matching kernel source tree
# (Debian's linux-source-<x.y>, extracted once to /var/tmp by
# scripts/ksrc.sh), which lets more event headers build; KSRC= builds from
# the headers alone.

KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
KSRC ?= $(shell scripts/ksrc.sh $(KDIR) 2>/dev/null)
export KVER
GEN := instrumentation/gen
GEN_INPUTS := scripts/gen-instrumentation.sh instrumentation/gen.h instrumentation/prelude.h \
	instrumentation/shadow/trace/define_trace.h include/ringtail/record.h include/ringtail/events.h

CFLAGS ?= -O2 -g
TEST_CFLAGS := $(CFLAGS) -Wall -Wextra -Werror -pthread -Iinclude/uapi
TEST_SRCS := $(wildcard tests/guest/*.c tests/selftest/*.c)
TEST_BINS := $(patsubst tests/%.c,tests/build/%,$(TEST_SRCS))
# Programs the guest tests run (tests/workloads), one also as ia32.
TEST_BINS += tests/build/workloads/syscalls tests/build/workloads/syscalls32
# The ioctl fuzzer tests/guest/fuzz.sh runs (and `make fuzz`).
TEST_BINS += tests/build/workloads/fuzz
# The program guest/probes.sh places uprobes in (SDT: systemtap-sdt-dev).
TEST_BINS += tests/build/workloads/probed
# The notification client guest/triggers.sh runs (liblttng-ctl-dev).
TEST_BINS += tests/build/workloads/trigger_client
# A minimal consumer writing traces in either metadata format (guest/ctf2.sh).
TEST_BINS += tests/build/workloads/record

.PHONY: kdir-check all generate modules kernel-change test-modules tests check demo bench deps modules_install clean \
	check-lttng-2.15 \
	check-lttng-tools check-debug fuzz stress dkms-install dkms-remove

all: modules test-modules tests kernel-change

kdir-check:
	@test -n "$(KVER)" -a -d "$(KDIR)" || { \
		echo "No kernel build tree (KVER='$(KVER)', KDIR='$(KDIR)'): run scripts/deps.sh as root or set KDIR."; \
		exit 1; }

# Instrumentation generated from the kernel's event headers: again when
# the generator, the kernel or the source tree changes.
# ONLY="<pattern>..." generates only the headers whose unit matches
# (scripts/gen-instrumentation.sh); it is part of what is compared.
GEN_KEY = $(strip $(KDIR) $(KSRC) $(if $(ONLY),ONLY=$(ONLY)))
$(GEN)/objs.mk: $(GEN_INPUTS) FORCE
	@if [ ! -f $@ ] || [ "$$(cat $(GEN)/inputs 2>/dev/null)" != "$(GEN_KEY)" ] || \
	    [ -n "$$(find $(GEN_INPUTS) -newer $@)" ]; then \
		echo "  GEN     $(GEN) (from $(KDIR) $(if $(KSRC),and $(KSRC),headers only))"; \
		scripts/gen-instrumentation.sh $(KDIR) $(KSRC) && \
		echo "$(GEN_KEY)" > $(GEN)/inputs; \
	fi

# The system call table, from the kernel's syscall tables and prototypes
# (seconds): again when the generator, the kernel or the source tree
# changes.  After $(GEN): its check compile reads the generated Kbuild parts.
GENSC := instrumentation/gen-sc
GENSC_INPUTS := scripts/gen-syscalls.sh scripts/gen-syscalls.pl instrumentation/syscalls.c \
	include/ringtail/syscalls.h
$(GENSC)/syscalls.h: $(GENSC_INPUTS) $(GEN)/objs.mk FORCE
	@if [ ! -f $@ ] || [ "$$(cat $(GENSC)/inputs 2>/dev/null)" != "$(KDIR) $(KSRC)" ] || \
	    [ -n "$$(find $(GENSC_INPUTS) -newer $@)" ]; then \
		echo "  GEN     $@"; \
		scripts/gen-syscalls.sh $(KDIR) $(KSRC) && \
		echo "$(KDIR) $(KSRC)" > $(GENSC)/inputs; \
	fi

generate: kdir-check $(GEN)/objs.mk $(GENSC)/syscalls.h

modules: kdir-check $(GEN)/objs.mk $(GENSC)/syscalls.h
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

test-modules: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/modules KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules

tests: $(TEST_BINS)

# The simulated kernel change (tests/guest/kernel_change.sh): Ringtail
# built twice more, against copies of the headers; again when Ringtail or
# the test changes.
KC := tests/build/kernel-change
kernel-change: modules
	@$(MAKE) --no-print-directory $(KC)/after/lttng-tracer.ko

$(KC)/after/lttng-tracer.ko: lttng-tracer.ko $(wildcard tests/kernel-change/*)
	tests/kernel-change/build.sh $(KDIR) $(KC)

tests/build/workloads/syscalls32: tests/workloads/syscalls.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -m32 -static -DRT_COMPAT -o $@ $<

tests/build/workloads/trigger_client: tests/workloads/trigger_client.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< -llttng-ctl

tests/build/%: tests/%.c tests/rt-test.h tests/rt-rbtest.h include/uapi/ringtail/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $<

# Both cores when make was given no -j (CI runs a plain `make check`):
# without it the module's few hundred generated objects build one by one.
JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc))

# Install missing Debian packages (as root), then rebuild in a fresh make so
# KVER is found even if the kernel was only just installed.
deps:
	scripts/deps.sh

# tests/check.sh builds `all` itself, once it has started in the background
# the builds that only its last boots need.
check: deps
	+tests/check.sh

# lttng-tools' own regression suite (tests/lttng-tools/tests.list), against
# Ringtail and against lttng-modules 2.13.9: a table of both.
check-lttng-tools: deps
	$(MAKE) $(JOBS) all
	tests/lttng-tools/compare

LT215_OUT ?= /tmp/rt-lttng-2.15
LT215_SRC ?= $(or $(RT_LTTNG_215_SRC),/var/tmp/ringtail-lt215/src/lt)
# lttng-tools 2.15 (installed in RT_LTTNG_215, its build tree with the tests
# built in RT_LTTNG_215_SRC) and babeltrace2 2.1 (RT_BABELTRACE2_21) drive
# and read Ringtail, all built by hand (README, Tests); then 2.15's own
# kernel tests run, and against lttng-modules too if RT_LTTNG_MODULES_215
# names its Kbuild tree.
check-lttng-2.15: deps
	$(MAKE) $(JOBS) all
	tests/harness/guest -1 -s 2 -t 900 -o $(LT215_OUT) \
		$(if $(RT_LTTNG_215),-e RT_LTTNG_215=$(RT_LTTNG_215)) \
		$(if $(RT_BABELTRACE2_21),-e RT_BABELTRACE2_21=$(RT_BABELTRACE2_21)) lttng-2.15/guest.sh; \
	rc=$$?; cat $(LT215_OUT)/results/guest.log 2>/dev/null; \
	tests/lttng-tools/run -s $(LT215_SRC) -l tests/lttng-2.15/tests.list \
		-b $(dir $(or $(RT_BABELTRACE2_21),/var/tmp/ringtail-bt21/prefix/bin/babeltrace2)) \
		-o $(LT215_OUT)/suite || rc=1; \
	if [ -n "$(RT_LTTNG_MODULES_215)" ]; then \
		tests/lttng-tools/run -M $(RT_LTTNG_MODULES_215) -s $(LT215_SRC) \
			-l tests/lttng-2.15/tests.list \
			-b $(dir $(or $(RT_BABELTRACE2_21),/var/tmp/ringtail-bt21/prefix/bin/babeltrace2)) \
			-o $(LT215_OUT)/suite-lttng-modules; \
	fi; exit $$rc

# The whole suite again under the debug kernel (KASAN, lockdep, ...),
# built from the installed kernel's source the first time (cached).
check-debug: deps
	tests/debug.sh --all

demo: deps
	$(MAKE) $(JOBS) all
	scripts/demo.sh

bench: deps
	$(MAKE) $(JOBS) all
	$(MAKE) -C $(KDIR) M=$(CURDIR)/bench/modules KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules
	@mkdir -p bench/build
	$(CC) -O2 -Wall -Werror -o bench/build/getppid bench/getppid.c
	$(CC) -O2 -Wall -Werror -o bench/build/logger bench/logger.c
	$(CC) -O2 -Wall -Werror -o bench/build/pingpong bench/pingpong.c
	$(CC) -O2 -Wall -Werror -o bench/build/uloop bench/uloop.c
	-bench/lttng-modules.sh $(KVER)
	bench/run

# The long fuzzer run: tests/guest/fuzz.sh in a guest of its own, its
# seed, calls per second and checks printed.  FUZZ_SEED= repeats a run.
# Two vCPUs on one host thread (-1): the fuzzer turns tracepoints on and
# off all the time, which multi-threaded TCG does not survive.
# The filter bytecode's validator and interpreter first, in user space
# (tests/host/filter.sh: AddressSanitizer, UBSan, libFuzzer).
FUZZ_CALLS ?= 1000000
FUZZ_TIMEOUT ?= 3600
FUZZ_OUT ?= /tmp/rt-fuzz
FILTER_FUZZ_RUNS ?= 10000000
fuzz: deps
	FILTER_FUZZ_RUNS=$(FILTER_FUZZ_RUNS) FILTER_OUT=$(FUZZ_OUT)/filter bash tests/host/filter.sh
	$(MAKE) $(JOBS) all
	tests/harness/guest -1 -t $(FUZZ_TIMEOUT) -o $(FUZZ_OUT) -e RT_FUZZ_CALLS=$(FUZZ_CALLS) \
		$(if $(FUZZ_SEED),-e RT_FUZZ_SEED=$(FUZZ_SEED)) -e RT_FUZZ_SYSCALLS=1 guest/fuzz.sh; \
	rc=$$?; cat $(FUZZ_OUT)/results/fuzz.log 2>/dev/null; exit $$rc

# The long stress run (tests/guest/stress.sh), then the reproducer of the
# multi-threaded TCG hang that the single-threaded boots avoid, 40 cycles.
STRESS_SECONDS ?= 1800
STRESS_OUT ?= /tmp/rt-stress
stress: deps
	$(MAKE) $(JOBS) all
	tests/harness/guest -1 -s 2 -t $$(($(STRESS_SECONDS) * 2 + 600)) -o $(STRESS_OUT) \
		-e RT_STRESS_SECONDS=$(STRESS_SECONDS) guest/stress.sh guest/ftrace_syscall_toggle.sh; \
	rc=$$?; cat $(STRESS_OUT)/results/stress.log 2>/dev/null; exit $$rc

modules_install: kdir-check
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

# DKMS (dkms.conf): built and installed for every kernel with headers, and
# again for each kernel installed later.
dkms-install:
	scripts/dkms.sh install

dkms-remove:
	scripts/dkms.sh remove

clean:
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/tests/modules clean
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/bench/modules clean
	rm -rf tests/build $(GEN) $(GENSC)

FORCE:
