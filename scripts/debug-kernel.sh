#!/bin/bash
# Build, or find in the cache, the debug kernel that the guest harness
# boots for `make check-debug` and for the torture, fuzz and stress tests
# of `make check` (tests/harness/guest -k): the installed kernel's own
# source (Debian's linux-source-<x.y>, which must be the installed
# kernel's package version), configured small enough to build in CI
# (tinyconfig + scripts/debug-kernel.config) and with
# KASAN, KFENCE, UBSAN, lockdep, atomic-sleep, debug-objects and kmemleak.
#
# usage: scripts/debug-kernel.sh [KVER]
# Prints the cache directory, which holds:
#   vmlinuz        the image
#   kver           its release, as uname -r says it in the guest
#   build/         its build tree: KDIR for Ringtail's modules
#   src/           its source tree: KSRC
#   lib/modules/   its modules_install (modules.builtin, modules.order)
# The key is the source package's version and a hash of this script and
# the config fragment: either changing builds a new kernel.  Build output
# goes to DIR.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kver=${1:-$("$here/kver.sh")}
fragment=$here/debug-kernel.config
cache=${RT_DEBUG_KERNEL_CACHE:-/var/tmp/ringtail-debug-kernel}

series=$(echo "$kver" | cut -d. -f1-2)
tarball=/usr/src/linux-source-$series.tar.xz
pkgver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
image=$(pkgver "linux-image-$kver" || pkgver "linux-image-$kver-unsigned") || true
source=$(pkgver "linux-source-$series") || true
if [ ! -r "$tarball" ] || [ -z "$source" ]; then
	echo "debug-kernel: $tarball is missing (apt-get install linux-source-$series)" >&2
	exit 1
fi
if [ -n "$image" ] && [ "$image" != "$source" ]; then
	echo "debug-kernel: linux-source-$series is $source, the installed kernel $kver is $image" >&2
	exit 1
fi

key=$source-$(cat "$0" "$fragment" | sha256sum | cut -c1-12)
dir=$cache/$key
mkdir -p "$cache"
# One build at a time: a second caller (make check beside make
# check-debug, or a run started while another builds) waits for the
# first, then finds the kernel built.
exec 9> "$dir.lock"
flock 9
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi
log=$dir.log
exec 3>&2 2> "$log"
trap 'echo "debug-kernel: build failed, see $log" >&3; tail -n 20 "$log" >&3' ERR
start=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir/src" "$dir/build"
tar -xJf "$tarball" -C "$dir/src" --strip-components=1 >&2

# A release of its own, so that nothing of the installed kernel's
# /lib/modules is ever taken for it.
mk() { make -C "$dir/src" O="$dir/build" ARCH=x86_64 LOCALVERSION=-rtdebug "$@" >&2; }
mk tinyconfig
(cd "$dir/src" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$dir/build" \
	"$dir/build/.config" "$fragment") >&2
mk olddefconfig
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while read -r line; do
	grep -qxF "$line" "$dir/build/.config" || echo "$line"
done; sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1/p' "$fragment" | while read -r opt; do
	if grep -q "^$opt=" "$dir/build/.config"; then echo "# $opt is not set"; fi
done)
if [ -n "$missing" ]; then
	echo "debug-kernel: options that did not take:" $missing >&2
	false
fi
mk -j"$(nproc)" bzImage modules
mk INSTALL_MOD_PATH="$dir" modules_install
cp "$dir/build/arch/x86/boot/bzImage" "$dir/vmlinuz"
make -s -C "$dir/src" O="$dir/build" ARCH=x86_64 LOCALVERSION=-rtdebug kernelrelease > "$dir/kver"
echo "debug-kernel: built $(cat "$dir/kver") in $(( $(date +%s) - start ))s" >&2
touch "$dir/.complete"
echo "$dir"
