#!/bin/sh
# Install the Debian packages Ringtail's build, tests and demo need, if any is
# missing.  Needs root only when something has to be installed.  pahole:
# the kbuild of kernels whose headers ship a BTF vmlinux runs it on every
# module it links.
set -e
pkgs="make gcc gcc-multilib libc6-dev kmod cpio xz-utils
      linux-image-amd64 linux-headers-amd64
      qemu-system-x86 busybox-static
      lttng-tools babeltrace2 python3-lttnganalyses e2fsprogs
      flex bison bc libelf-dev libssl-dev
      clang libclang-rt-14-dev systemtap-sdt-dev liblttng-ctl-dev
      pahole"
updated=

install_missing() {
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing packages:$missing" >&2
		echo "deps.sh: run as root (sudo make ...) or install them with apt-get" >&2
		exit 1
	fi
	echo "deps.sh: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	[ -n "$updated" ] || apt-get update -q
	updated=1
	apt-get install -y -q --no-install-recommends $missing
}

install_missing $pkgs
# The source tree of the kernel the build targets, with which more event
# headers build: linux-source-<major>.<minor> of the newest kernel installed.
kver=$(KVER= "$(dirname "$0")/kver.sh")
install_missing "linux-source-$(echo "$kver" | cut -d. -f1-2)"
