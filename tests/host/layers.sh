# SPDX-License-Identifier: GPL-2.0-only
# The layers of doc/design.md hold: no file includes the header of a
# higher layer, and no object of the core module calls or reads a symbol
# that an object of a higher layer defines (callbacks through ops tables
# are how a lower layer reaches up).  Needs the modules built.
set -u
cd "$(dirname "$0")/../.."
bad=0

# Layer of a folder or header, bottom first; one line each.
layers='
0 clock/ include/ringtail/clock.h include/uapi/ringtail/version.h include/ringtail/unaligned.h
1 ringbuffer/ include/ringtail/ringbuffer.h counter/ include/ringtail/counter.h notify/ include/ringtail/notify.h
2 record/ include/ringtail/events.h include/ringtail/record.h include/ringtail/context.h
3 metadata/ include/ringtail/metadata.h filter/ include/ringtail/filter.h
4 session/ include/ringtail/session.h include/ringtail/track.h include/ringtail/notifier.h
5 kinds/ include/ringtail/kinds.h include/ringtail/syscalls.h
6 instrumentation/ include/ringtail/instrumentation.h
7 abi/ include/ringtail/abi.h include/ringtail/file.h include/ringtail/transport.h include/uapi/ringtail/abi.h
8 transports/ testsuite/
'
layer_of() {	# path -> layer, or nothing
	local n words w
	while read -r n words; do
		[ -n "$n" ] || continue
		for w in $words; do
			case "$1" in
			"$w"|"$w"*) [ "${w%/}" != "$w" ] && { echo "$n"; return; } ;;
			esac
			[ "$1" = "$w" ] && { echo "$n"; return; }
		done
	done <<< "$layers"
}

# Every tracked source file of a layer is known to the table.
files=$(git ls-files -- '*.c' '*.h' | grep -vE '^(tests|bench|scripts)/|^instrumentation/(shadow|prelude)')
unknown=
for f in $files; do
	[ -n "$(layer_of "$f")" ] || unknown="$unknown $f"
done
if [ -n "$unknown" ]; then
	echo "FAIL  files of no layer (add them to doc/design.md and this table):$unknown"
	bad=1
else
	echo "ok    every source file belongs to a layer"
fi

# 1. Includes.
hits=
for f in $files; do
	l=$(layer_of "$f")
	for h in $(sed -n 's/^#include <\(\(uapi\/\)\{0,1\}ringtail\/[a-z_]*\.h\)>.*/\1/p' "$f"); do
		hl=$(layer_of "include/$h")
		[ -z "$hl" ] && { hits="$hits\n  $f includes <$h>, of no layer"; continue; }
		[ "$hl" -gt "$l" ] && hits="$hits\n  $f (layer $l) includes <$h> (layer $hl)"
	done
done
if [ -n "$hits" ]; then
	echo -e "FAIL  a lower layer includes a higher one:$hits"
	bad=1
else
	echo "ok    no file includes the header of a higher layer"
fi

# 2. Symbols, from the objects of the core module.
objs=$(sed -n 's/^lttng-tracer-y [:+]= //p' Kbuild | tr ' ' '\n' | grep '\.o$')
objs="$objs $(ls instrumentation/gen/*.o 2>/dev/null | grep -v '\.mod\.o$')"
missing=
for o in $objs; do
	[ -f "$o" ] || missing="$missing $o"
done
if [ -n "$missing" ]; then
	echo "FAIL  objects not built (run make):$missing"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for o in $objs; do
	l=$(layer_of "$o")
	nm --defined-only "$o" | awk -v l="$l" -v o="$o" '$2 ~ /[TDBR]/ { print $3, l, o }' >> "$tmp/defs"
	nm -u "$o" | awk -v l="$l" -v o="$o" '{ print $2, l, o }' >> "$tmp/uses"
done
hits=$(awk 'NR == FNR { def[$1] = $2; obj[$1] = $3; next }
	($1 in def) && def[$1] > $2 {
		print "  " $3 " (layer " $2 ") uses " $1 " of " obj[$1] " (layer " def[$1] ")"
	}' "$tmp/defs" "$tmp/uses")
if [ -n "$hits" ]; then
	echo "FAIL  a lower layer calls or reads a higher one:"
	echo "$hits"
	bad=1
else
	echo "ok    no object uses a symbol of a higher layer ($(echo $objs | wc -w) objects)"
fi
exit $bad
