#!/bin/sh
# Install the Debian packages Ringtail's build, tests and demo need, if any is
# missing.  Needs root only when something has to be installed.
set -e
pkgs="make gcc libc6-dev kmod cpio xz-utils
      linux-image-amd64 linux-headers-amd64
      qemu-system-x86 busybox-static
      lttng-tools babeltrace2"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run as root (sudo make ...) or install them with apt-get" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
