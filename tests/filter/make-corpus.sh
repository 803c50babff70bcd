#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rebuild tests/filter/corpus from lttng-tools' own compiler: every filter
# expression of its kernel filtering tests (test_valid_filter's
# KERNEL_FILTERS, test_invalid_filter's INVALID_FILTERS) and a few more,
# compiled by filter-grammar-test of the lttng-tools build that
# `make check-lttng-tools` caches (tests/lttng-tools/build.sh).  Each
# program is a file: its reloc_offset (u16, little-endian), then its
# bytes; corpus/INDEX names the expression of each.
#
# usage: tests/filter/make-corpus.sh [LTTNG_TOOLS_BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$(ls -d /var/tmp/ringtail-lttng-tools/ltt-control-*/src | head -n 1)}
gram=$src/src/common/filter-grammar-test
tests=$src/tests/regression/tools/filtering
[ -x "$gram" ] || { echo "no $gram: run make check-lttng-tools first" >&2; exit 1; }

exprs=$(mktemp)
trap 'rm -f "$exprs"' EXIT
# The arrays, evaluated by bash as the tests evaluate them.
for f in "$tests/test_valid_filter:KERNEL_FILTERS" "$tests/test_invalid_filter:INVALID_FILTERS"; do
	file=${f%%:*} var=${f##*:}
	bash -c "$(sed -n "/^$var=(/,/^)/p" "$file")"'
		set -- "${'"$var"'[@]}"
		# KERNEL_FILTERS pairs a validator name with each filter.
		[ '"$var"' = KERNEL_FILTERS ] && step=2 || step=1
		while [ $# -ge $step ]; do shift $((step - 1)); printf "%s\0" "$1"; shift; done' >> "$exprs"
done
# What else Ringtail resolves: contexts, globs, indexes, the new form.
for e in '$ctx.procname == "bash*"' '$ctx.tid != 0 && $ctx.procname == "*sh"' \
	'stringfield == "te*t"' 'stringfield != "\*"' 'arrfield1[1] == 2 || seqfield1[0] > 1' \
	'$ctx.procname[0] == 98' '~intfield & 0xff == 0xfe' '-intfield < 0' \
	'!(intfield == 1) || intfield2 >> 2 == 0 && longfield << 1 != 0' \
	'next_comm == "nginx*" && prev_state != 0' 'prev_tid == 12345' \
	'(intfield ^ 3) | 4 == 6' 'intfield == 1.5' 'a.b.c == 1' '$app.x == 1'; do
	printf "%s\0" "$e" >> "$exprs"
done

rm -rf "$here/corpus"
mkdir -p "$here/corpus"
n=0
while IFS= read -r -d '' e; do
	name=$(printf '%04d' $n)
	printf '%s\n' "$e" | "$gram" -B 2> /dev/null | python3 -c '
import re, struct, sys
lines = sys.stdin.read().split("\n") + [""]
if "Bytecode:" not in lines:
    sys.exit(1)
code = bytes(int(x, 16) for x in lines[lines.index("Bytecode:") + 1].split())
reloc = b""
for off, sym in re.findall(r"\{ 0x([0-9A-F]+), (.*?) \}", lines[lines.index("Reloc table:") + 1]):
    reloc += struct.pack("<H", int(off, 16)) + sym.encode() + b"\0"
open(sys.argv[1], "wb").write(struct.pack("<H", len(code)) + code + reloc)
' "$here/corpus/$name" || continue
	printf '%s\t%s\n' "$name" "$e" >> "$here/corpus/INDEX"
	n=$((n + 1))
done < "$exprs"
echo "$n programs in $here/corpus"
