#!/bin/bash
# Generate instrumentation/gen-sc/syscalls.h, Ringtail's system call table.
#
#   scripts/gen-syscalls.sh KDIR [LINUX_SOURCE_DIR]
#
# scripts/gen-syscalls.pl writes the table from the kernel's syscall tables
# and prototypes; then instrumentation/syscalls.c, which turns each
# argument's C type into its size and signedness, is compiled against it.
# A line whose types do not compile in a module (a type only a private
# header defines, an enum passed by value whose definition is not included)
# gets its arguments typed as the unsigned long registers they are passed
# in, and is noted in report.txt.  A few rounds at most.
set -uo pipefail
KDIR=$1
KSRC=${2:-}
cd "$(dirname "$0")/.."
OUT=instrumentation/gen-sc
mkdir -p $OUT
scripts/gen-syscalls.pl "$KDIR" $KSRC > $OUT/syscalls.h.tmp 2> $OUT/report.txt || exit 1
mv $OUT/syscalls.h.tmp $OUT/syscalls.h
for round in 1 2 3 4; do
	if LC_ALL=C make -C "$KDIR" M="$PWD" instrumentation/syscalls.o \
		> $OUT/build.log 2>&1; then
		exit 0
	fi
	lines=$(sed -n 's|^.*gen-sc/syscalls\.h:\([0-9]*\):[0-9]*: error:.*|\1|p' \
		$OUT/build.log | sort -un | tr '\n' ' ')
	if [ -z "$lines" ]; then
		cat $OUT/build.log >&2
		exit 1
	fi
	for l in $lines; do
		echo "gen-syscalls: line $l does not compile, arguments as registers: $(sed -n "${l}p" $OUT/syscalls.h | cut -d, -f1-3))" >> $OUT/report.txt
	done
	LINES="$lines" perl -i -pe 'BEGIN { %l = map { $_ => 1 } split " ", $ENV{LINES} }
		s/RT_ARG\((\w+), [^,]*, (\w+)\)/RT_ARG($1, unsigned long, $2)/g if $l{$.}' \
		$OUT/syscalls.h
done
cat $OUT/build.log >&2
exit 1
