#!/bin/bash
# Print the releases of the other kernels `make check` tests Ringtail on
# besides the one it builds for (KVER, else scripts/kver.sh's): of the
# newest kernel series that the apt sources offer, or that is installed,
# if it is newer than that kernel's, its newest release in the generic
# flavour and in the PREEMPT_RT one (on Debian 12: the newer series that
# bookworm-security and bookworm-backports carry).  Prints nothing when
# there is none.  No version is known here.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture 2>/dev/null) || exit 0
default=${KVER:-$("$here/kver.sh" 2>/dev/null)} || exit 0
series() { echo "$1" | cut -d. -f1-2; }

# Every release offered or installed, as "base flavour": 6.12.9+deb12 rt.
releases() {
	{ apt-cache pkgnames linux-image- 2>/dev/null | sed 's/^linux-image-//'
	  ls /boot 2>/dev/null | sed -n 's/^vmlinuz-//p'; } |
	sed -n "s/^\([0-9][0-9.]*[^ ]*\)-rt-$arch\$/\1 rt/p; s/^\([0-9][0-9.]*[^ ]*\)-$arch\$/\1 generic/p" |
	grep -v -- '-cloud \|-rt generic' | sort -u
}
all=$(releases)
newest=$( { echo "$all" | awk '{ print $1 }' | cut -d. -f1-2; series "$default"; } | sort -uV | tail -n 1)
[ "$newest" = "$(series "$default")" ] && exit 0
for flavour in generic rt; do
	base=$(echo "$all" | awk -v f=$flavour -v s="$newest." '$2 == f && index($1, s) == 1 { print $1 }' |
	       sort -V | tail -n 1)
	[ -n "$base" ] || continue
	if [ $flavour = rt ]; then echo "$base-rt-$arch"; else echo "$base-$arch"; fi
done
