#!/bin/sh
# Print the directory of the kernel source tree matching the kernel built
# in KDIR ($1), extracting Debian's linux-source-<x.y> tarball (its
# headers, C files and the Kbuild makefiles the generator reads) into
# /var/tmp/ringtail-src/ the first time.  Prints nothing when there is no
# such tarball, or it is not the same kernel version.
set -e
KDIR=$1
common=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$KDIR/Makefile" | head -n 1)
common=${common:-$KDIR}
version() { awk '/^VERSION =/ { v = $3 } /^PATCHLEVEL =/ { p = $3 }
		 /^SUBLEVEL =/ { s = $3 } END { print v "." p "." s }' "$1/Makefile"; }
want=$(version "$common")
tarball=/usr/src/linux-source-${want%.*}.tar.xz
[ -r "$tarball" ] || exit 0
dest=${RT_SRC_CACHE:-/var/tmp/ringtail-src}/linux-source-$want
# .complete says what was extracted: a cache of an older list is redone.
what="h c Makefile Kbuild"
if [ "$(cat "$dest/.complete" 2>/dev/null)" != "$what" ]; then
	mkdir -p "$dest.tmp"
	tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1 \
		--wildcards '*.h' '*.c' '*/Makefile' '*/Kbuild' 2> /dev/null || { rm -rf "$dest.tmp"; exit 0; }
	rm -rf "$dest"
	mv "$dest.tmp" "$dest"
	echo "$what" > "$dest/.complete"
fi
[ "$(version "$dest")" = "$want" ] || exit 0
echo "$dest"
