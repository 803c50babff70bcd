#!/bin/bash
# Build lttng-tools' own test suite from Debian's source package of the
# lttng-tools installed here (ltt-control), once, under /var/tmp, and print
# the build directory.  Nothing is installed: the suite runs its binaries
# from the build tree.  As root it adds a deb-src line for the system's
# Debian release when there is none, and installs the build dependencies.
#
#   tests/lttng-tools/build.sh [CACHE]
set -euo pipefail
cache=${1:-${RT_LTTNG_TOOLS_CACHE:-/var/tmp/ringtail-lttng-tools}}
version=$(dpkg-query -W -f '${Version}' lttng-tools 2>/dev/null) ||
	{ echo "build.sh: lttng-tools is not installed" >&2; exit 1; }
dir=$cache/ltt-control-$version
if [ -f "$dir/.built" ]; then
	echo "$dir/src"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "build.sh: run as root the first time (apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

# A deb-src line for this release, from the mirror its binary packages come from.
if ! apt-get source --print-uris -q "ltt-control=$version" > /dev/null 2>&1; then
	. /etc/os-release
	mirror=$(apt-get indextargets --format '$(REPO_URI)' \
		"Codename: $VERSION_CODENAME" 'Origin: Debian' 2>/dev/null | head -n 1)
	mirror=${mirror:-http://deb.debian.org/debian/}
	cat > /etc/apt/sources.list.d/ringtail-deb-src.sources <<EOT
# Added by Ringtail's tests/lttng-tools/build.sh (lttng-tools' test suite).
Types: deb-src
URIs: $mirror
Suites: $VERSION_CODENAME
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	apt-get update -q >&2
fi
apt-get install -y -q --no-install-recommends dpkg-dev babeltrace python3-babeltrace >&2
apt-get build-dep -y -q --no-install-recommends "ltt-control=$version" >&2

rm -rf "$dir"
mkdir -p "$dir"
(cd "$dir" && apt-get source -q "ltt-control=$version" >&2)
src=$(find "$dir" -mindepth 1 -maxdepth 1 -type d -name 'ltt-control-*' | head -n 1)
mv "$src" "$dir/src"
cd "$dir/src"
# The daemons, the client, the library and the test programs of the
# kernel and tools tests (tests.list holds no other), without debug
# information: on a clean machine this build competes for the same two
# cores as everything else `make check` does.  The unit tests, the
# user-space-only tests (tests/regression/ust) and the examples are left
# out: a third of the whole package's objects and links.
./configure -q --disable-man-pages CFLAGS=-O2 > "$dir/configure.log" 2>&1 ||
	{ tail -n 30 "$dir/configure.log" >&2; exit 1; }
for sub in include src tests/utils tests/regression/tools tests/regression/kernel; do
	make -j"$(nproc)" -C "$sub" >> "$dir/make.log" 2>&1 ||
		{ tail -n 30 "$dir/make.log" >&2; exit 1; }
done
touch "$dir/.built"
echo "$dir/src"
