#!/bin/bash
# DKMS packaging (dkms.conf, scripts/dkms.sh), on the host, in DKMS trees of
# its own (nothing under /usr/src, /var/lib/dkms or /lib/modules changes):
#   1. `scripts/dkms.sh install` for one kernel with headers (the first
#      KERNEL given) builds and installs the ten modules for it;
#   2. a second kernel "installed later": what Debian's kernel and header
#      packages run then (/etc/kernel/header_postinst.d/dkms ->
#      dkms autoinstall) builds and installs them for it too;
#   3. every module's vermagic names the kernel it was built for;
#   4. `scripts/dkms.sh remove` takes them out of both.
# Only the instrumentation units matching RT_DKMS_ONLY (default: sched) are
# generated, so that a build takes a minute or two instead of seven: the
# packaging is what is tested, not the generator.
#
# usage: tests/dkms.sh KERNEL1 KERNEL2      (releases with headers)
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/tests/lib.sh"
[ $# -eq 2 ] || { echo "usage: $0 KERNEL1 KERNEL2" >&2; exit 2; }
k1=$1 k2=$2
for k in "$k1" "$k2"; do
	[ -d "/lib/modules/$k/build" ] || fatal "no headers for $k (/lib/modules/$k/build)"
done
command -v dkms > /dev/null || fatal "dkms is not installed (scripts/deps.sh installs it)"
tmp=$(mktemp -d /var/tmp/rt-dkms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# A kernel's image package creates its /lib/modules/<release>.
mkdir -p "$tmp/src" "$tmp/dkms" "$tmp/modules/$k1" "$tmp/modules/$k2"
export RT_DKMS_SRC=$tmp/src
export RT_DKMS_ARGS="--sourcetree $tmp/src --dkmstree $tmp/dkms --installtree $tmp/modules"
export ONLY=${RT_DKMS_ONLY:-sched}
version=0.test
mods="lttng-tracer lttng-ring-buffer-client-discard lttng-ring-buffer-client-overwrite
      lttng-ring-buffer-metadata-client lttng-ring-buffer-client-mmap-discard
      lttng-ring-buffer-client-mmap-overwrite lttng-ring-buffer-metadata-mmap-client
      lttng-test lttng-clock-plugin-test lttng-lib-ring-buffer"

# Whether the ten modules are installed for kernel $1, built for it.
installed_for() {
	local k=$1 m f n=0
	for m in $mods; do
		f=$(find "$tmp/modules/$k" -name "$m.ko*" 2> /dev/null | head -n 1)
		[ -n "$f" ] || { echo "  $m.ko missing for $k"; return 1; }
		case "$(modinfo -F vermagic "$f")" in
		"$k "*) n=$((n + 1)) ;;
		*) echo "  $f: vermagic $(modinfo -F vermagic "$f")"; return 1 ;;
		esac
	done
	echo "  $n modules for $k, vermagic $k"
}

# 1. The install for the kernels with headers: only $k1's, here.
start=$(date +%s)
(
	cd "$repo" || exit 1
	# scripts/dkms.sh installs for every /lib/modules/*/build; this test
	# gives it one, through a copy of its loop's input.
	RT_DKMS_KERNELS=$k1 scripts/dkms.sh install $version
) > "$tmp/install.log" 2>&1
check "scripts/dkms.sh install builds and installs for $k1 ($(( $(date +%s) - start ))s)" \
	installed_for "$k1"
grep -q "PACKAGE_VERSION=\"$version\"" "$tmp/src/ringtail-$version/dkms.conf"
check "the copied dkms.conf carries the version" test $? -eq 0
check "nothing was installed for $k2 yet" \
	test -z "$(find "$tmp/modules/$k2" -name 'lttng-*.ko*')"

# 2. A kernel installed later: its header package's hook runs
#    `dkms autoinstall` for it, which AUTOINSTALL="yes" answers.
start=$(date +%s)
# shellcheck disable=SC2086
dkms autoinstall $RT_DKMS_ARGS -k "$k2" > "$tmp/autoinstall.log" 2>&1
check "dkms autoinstall -k $k2 exits 0" test $? -eq 0
check "... and builds and installs for $k2 ($(( $(date +%s) - start ))s)" installed_for "$k2"
# shellcheck disable=SC2086
dkms status $RT_DKMS_ARGS ringtail | tee "$tmp/status"
check "dkms status: installed for both" \
	test "$(grep -c "ringtail/$version, .*: installed" "$tmp/status")" -eq 2

# 4. Removal.
(cd "$repo" && scripts/dkms.sh remove $version) > "$tmp/remove.log" 2>&1
check "scripts/dkms.sh remove exits 0" test $? -eq 0
check "... and no Ringtail module is left" \
	test -z "$(find "$tmp/modules" -name 'lttng-*.ko*' 2> /dev/null)"
if [ "$rt_failures" -ne 0 ]; then
	for f in "$tmp"/*.log; do echo "== $f"; tail -n 30 "$f"; done
	find "$tmp/dkms" -name make.log -exec tail -n 30 {} \;
fi
rt_done
