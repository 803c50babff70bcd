# SPDX-License-Identifier: GPL-2.0-only
# Ringtail top-level Makefile.
#
#   make                 modules (against KVER/KDIR) and the userspace tests
#   make check           every test (host tests, then the guest suite)
#   make demo            boot a guest and show Ringtail at work
#   make modules_install install the modules in /lib/modules/$(KVER)/extra
#
# KVER defaults to the newest kernel with both /boot/vmlinuz-<ver> and
# headers; KDIR to its build tree.

KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
export KVER

CFLAGS ?= -O2 -g
TEST_CFLAGS := $(CFLAGS) -Wall -Wextra -Werror -pthread -Iinclude/uapi
TEST_SRCS := $(wildcard tests/guest/*.c tests/selftest/*.c)
TEST_BINS := $(patsubst tests/%.c,tests/build/%,$(TEST_SRCS))

.PHONY: kdir-check all modules test-modules tests check demo bench deps modules_install clean

all: modules test-modules tests

kdir-check:
	@test -n "$(KVER)" -a -d "$(KDIR)" || { \
		echo "No kernel build tree (KVER='$(KVER)', KDIR='$(KDIR)'): run scripts/deps.sh as root or set KDIR."; \
		exit 1; }

modules: kdir-check
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

test-modules: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/modules KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules

tests: $(TEST_BINS)

tests/build/%: tests/%.c tests/rt-test.h tests/rt-rbtest.h include/uapi/ringtail/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $<

# Install missing Debian packages (as root), then rebuild in a fresh make so
# KVER is found even if the kernel was only just installed.
deps:
	scripts/deps.sh

check: deps
	$(MAKE) all
	tests/check.sh

demo: deps
	$(MAKE) all
	scripts/demo.sh

bench: deps
	$(MAKE) all
	$(MAKE) -C $(KDIR) M=$(CURDIR)/bench/modules KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules
	-bench/lttng-modules.sh $(KVER)
	bench/run

modules_install: kdir-check
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

clean:
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/tests/modules clean
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/bench/modules clean
	rm -rf tests/build
