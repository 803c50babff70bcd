#!/bin/sh
# `make dkms-install` / `make dkms-remove`: Ringtail as a DKMS package.
#
#   scripts/dkms.sh install [VERSION]   copy this tree to
#       $RT_DKMS_SRC/ringtail-VERSION (/usr/src), add it to DKMS and
#       install it for every kernel that has headers; DKMS builds it again
#       for each kernel installed later (dkms.conf: AUTOINSTALL).
#   scripts/dkms.sh remove [VERSION]    remove it from every kernel.
#
# VERSION defaults to 0.<commits>.<commit>, from git.  Only the files git
# knows are copied: nothing built for one kernel reaches another's build.
# Extra arguments of dkms (--dkmstree, --sourcetree, --installtree: a tree
# of one's own, as tests/host/dkms.sh uses) come from RT_DKMS_ARGS.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-install}
version=${2:-}
if [ -z "$version" ]; then
	version=0.$(git -C "$repo" rev-list --count HEAD).$(git -C "$repo" rev-parse --short=7 HEAD)
fi
src=${RT_DKMS_SRC:-/usr/src}/ringtail-$version
args=${RT_DKMS_ARGS:-}
command -v dkms > /dev/null || { echo "dkms.sh: install dkms (apt-get install dkms)" >&2; exit 1; }

case $cmd in
install)
	rm -rf "$src"
	mkdir -p "$src"
	(cd "$repo" && git ls-files -z | xargs -0 cp --parents -t "$src")
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$version\"/" "$src/dkms.conf"
	# shellcheck disable=SC2086
	dkms add $args "ringtail/$version"
	# Every kernel with headers (RT_DKMS_KERNELS: those only).
	kernels=${RT_DKMS_KERNELS:-$(for b in /lib/modules/*/build; do
		[ -d "$b" ] && basename "$(dirname "$b")"; done)}
	for k in $kernels; do
		# shellcheck disable=SC2086
		dkms install $args "ringtail/$version" -k "$k"
	done
	# shellcheck disable=SC2086
	dkms status $args ringtail
	;;
remove)
	# shellcheck disable=SC2086
	dkms remove $args "ringtail/$version" --all
	rm -rf "$src"
	;;
*)
	echo "usage: $0 install|remove [VERSION]" >&2
	exit 1
	;;
esac
