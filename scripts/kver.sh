#!/bin/sh
# Print the kernel release Ringtail builds and tests against unless KVER is
# set: one that has both a bootable image in /boot and a module build tree
# (headers).  In order of preference:
#   1. the running kernel, the one a user means on a real machine;
#   2. the release the distribution's default kernel package depends on
#      (Debian's linux-image-amd64 metapackage), so that installing another
#      kernel for `make check KVER=...` (a backports 6.12, an RT flavour)
#      does not change what a plain `make check` tests;
#   3. the newest release installed.
# Nothing here knows any particular version.
set -e
usable() { [ -e "/boot/vmlinuz-$1" ] && [ -d "/lib/modules/$1/build" ]; }

run=$(uname -r)
if usable "$run"; then
	echo "$run"
	exit 0
fi
arch=$(dpkg --print-architecture 2>/dev/null) || arch=
if [ -n "$arch" ]; then
	dep=$(dpkg-query -W -f='${Depends}' "linux-image-$arch" 2>/dev/null |
	      tr ',' '\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p' | head -n 1)
	dep=${dep%-unsigned}
	if [ -n "$dep" ] && usable "$dep"; then
		echo "$dep"
		exit 0
	fi
fi
best=
for img in /boot/vmlinuz-*; do
	[ -e "$img" ] || continue
	v=${img#/boot/vmlinuz-}
	usable "$v" || continue
	best=$(printf '%s\n%s\n' "$best" "$v" | sed '/^$/d' | sort -V | tail -n 1)
done
if [ -z "$best" ]; then
	echo "kver.sh: no kernel with both /boot/vmlinuz-<ver> and /lib/modules/<ver>/build;" >&2
	echo "kver.sh: install linux-image-amd64 and linux-headers-amd64 (scripts/deps.sh does)" >&2
	exit 1
fi
echo "$best"
