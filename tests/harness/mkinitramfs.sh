#!/bin/bash
# Build the guest's initramfs: static busybox, the stage-1 init and the
# modules it needs to reach the host root (virtio-pci, 9p, overlayfs), with
# their dependencies taken from the kernel's own modules.dep.
#
# usage: mkinitramfs.sh MODDIR OUTPUT.cpio.gz
#   MODDIR: the kernel's /lib/modules/<release> (or a release, for that)
set -euo pipefail
moddir=$1 out=$2
case "$moddir" in /*) ;; *) moddir=/lib/modules/$moddir ;; esac
here=$(cd "$(dirname "$0")" && pwd)
busybox=$(command -v busybox) || { echo "mkinitramfs: busybox-static is not installed" >&2; exit 1; }
if readelf -l "$busybox" | grep -q 'program interpreter'; then
	echo "mkinitramfs: $busybox is dynamically linked (install busybox-static)" >&2
	exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,lower,rw,newroot,lib/modules}
cp "$busybox" "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod +x "$root/init"

declare -A seen=()
order=()
# add_module PATH-RELATIVE-TO-MODDIR: dependencies first, each once.
add_module() {
	local rel=$1 line dep
	[ -n "${seen[$rel]:-}" ] && return
	seen[$rel]=1
	line=$(grep -m1 "^$rel:" "$moddir/modules.dep") || { echo "mkinitramfs: $rel not in modules.dep" >&2; exit 1; }
	for dep in ${line#*:}; do
		add_module "$dep"
	done
	order+=("$rel")
}
for name in virtio_pci 9pnet_virtio 9p overlay; do
	rel=$(grep -m1 -E "(^|/)$name\.ko(\.[a-z]+)?:" "$moddir/modules.dep" | cut -d: -f1) || true
	if [ -z "$rel" ]; then
		grep -qE "(^|/)$name\.ko$" "$moddir/modules.builtin" 2>/dev/null && continue
		echo "mkinitramfs: module $name is neither loadable nor built in" >&2
		exit 1
	fi
	add_module "$rel"
done

: > "$root/modules.list"
for rel in "${order[@]}"; do
	base=$(basename "$rel")
	case "$base" in
	*.ko.xz)  xz -dc "$moddir/$rel" > "$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
	*.ko.zst) zstd -qdc "$moddir/$rel" > "$root/lib/modules/${base%.zst}"; base=${base%.zst} ;;
	*.ko.gz)  gzip -dc "$moddir/$rel" > "$root/lib/modules/${base%.gz}"; base=${base%.gz} ;;
	*)        cp "$moddir/$rel" "$root/lib/modules/$base" ;;
	esac
	echo "$base" >> "$root/modules.list"
done

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
