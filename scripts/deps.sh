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
      pahole dkms"
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

# `make check KVER=<release>`: that kernel's image and headers, from
# whichever suite the apt sources carry it in (bookworm-security and
# bookworm-backports carry 6.12, generic and -rt).
if [ -n "${KVER:-}" ] && ! { [ -e "/boot/vmlinuz-$KVER" ] && [ -d "/lib/modules/$KVER/build" ]; }; then
	if ! apt-cache show "linux-headers-$KVER" > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		apt-get update -q
		updated=1
	fi
	if ! apt-cache show "linux-headers-$KVER" > /dev/null 2>&1; then
		echo "deps.sh: no package linux-headers-$KVER in the apt sources" >&2
		echo "deps.sh: (6.12 for Debian 12 is in bookworm-security and bookworm-backports)" >&2
		exit 1
	fi
	install_missing "linux-image-$KVER" "linux-headers-$KVER"
fi

# The source tree of the kernel the build targets, with which more event
# headers build: linux-source-<major>.<minor>, at the version of that
# kernel's image package (scripts/ksrc.sh only uses a tree of the same
# version).
kver=${KVER:-$("$(dirname "$0")/kver.sh")}
series=$(echo "$kver" | cut -d. -f1-2)
version=$(dpkg-query -W -f='${Version}' "linux-image-$kver" 2>/dev/null ||
	  dpkg-query -W -f='${Version}' "linux-image-$kver-unsigned" 2>/dev/null) || version=
have=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null) || have=
if [ -n "$version" ] && [ -n "$have" ] && [ "$have" != "$version" ]; then
	# Another kernel of the series installed it at another version: the
	# generator falls back to the headers alone, and says so.
	echo "deps.sh: linux-source-$series is $have, linux-image-$kver is $version" >&2
elif [ -n "$version" ] && [ -z "$have" ] && [ "$(id -u)" = 0 ] &&
     apt-cache show "linux-source-$series=$version" > /dev/null 2>&1; then
	install_missing "linux-source-$series=$version"
else
	install_missing "linux-source-$series"
fi
