#!/bin/sh
# Print the newest kernel release that has both a bootable image in /boot and
# a module build tree (headers).  Ringtail builds and tests against it unless
# KVER is set.  Nothing here knows any particular version.
set -e
best=
for img in /boot/vmlinuz-*; do
	[ -e "$img" ] || continue
	v=${img#/boot/vmlinuz-}
	[ -d "/lib/modules/$v/build" ] || continue
	best=$(printf '%s\n%s\n' "$best" "$v" | sed '/^$/d' | sort -V | tail -n 1)
done
if [ -z "$best" ]; then
	echo "kver.sh: no kernel with both /boot/vmlinuz-<ver> and /lib/modules/<ver>/build;" >&2
	echo "kver.sh: install linux-image-amd64 and linux-headers-amd64 (scripts/deps.sh does)" >&2
	exit 1
fi
echo "$best"
