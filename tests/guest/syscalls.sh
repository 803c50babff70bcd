# SPDX-License-Identifier: GPL-2.0-only
# rt-tcg: single
# System call events through lttng-tools: the list, typed fields and user
# strings of new calls (openat2, statx, clone3), compat (ia32) events of a
# 32-bit program, unknown numbers, bad user pointers, per-call enabling,
# and lttng-analyses' syscallstats and iolatencytop on the trace.
. "$RT_REPO/tests/lib.sh"

W=$RT_REPO/tests/build/workloads
lttng-sessiond -d || fatal "lttng-sessiond -d failed"

# The list: every native call of the running kernel (its table in
# /proc/kallsyms is not readable from here: compare with the numbers
# sessiond shows, and with a few calls newer than lttng-modules' table).
lttng list -k --syscall > list.txt
check "lttng list -k --syscall" test $? -eq 0
native=$(grep -c '64-bit' list.txt)
compat=$(grep -c '32' list.txt)
echo "listed: $native native, $compat compat (of $(grep -c . list.txt) lines)"
check "at least 340 native calls listed" test "$native" -ge 340
check "ia32 calls listed" test "$compat" -ge 300
for c in statx clone3 openat2 io_uring_setup close_range openat read; do
	check "$c listed" grep -Eq "^ +$c( |$)" list.txt
done

# Everything, over the workloads.
echo hello > /tmp/rt-sc-file
lttng create sc --output="$RT_TMP/sc" > /dev/null
lttng enable-channel -k c --subbuf-size=1M --num-subbuf=8 > /dev/null
check "enable-event -k --syscall --all" lttng enable-event -k -c c --syscall --all
check "start" lttng start
"$W/syscalls" /tmp/rt-sc-file > native.out
check "native workload" test $? -eq 0
"$W/syscalls32" /tmp/rt-sc-file > compat.out
check "32-bit workload" test $? -eq 0
lttng stop > /dev/null
lttng destroy > /dev/null
cat native.out compat.out
babeltrace2 "$RT_TMP/sc" > sc.txt 2> sc.err
check "babeltrace2 reads the trace" test $? -eq 0
check "with no warning" test ! -s sc.err
echo "$(grep -c . sc.txt) events"

# field EVENT PATTERN: an EVENT line of the trace matches PATTERN.
field() {
	grep -E " $1: " sc.txt | grep -Eq -- "$2" ||
		{ echo "no $1 with $2"; grep -E " $1: " sc.txt | head -3; return 1; }
}
fd=$(awk '/^openat2/ { print $2 }' native.out)
child=$(awk '/^clone3/ { print $2 }' native.out)
check "openat2 entry: dfd, filename, how, usize" \
	field syscall_entry_openat2 '\{ dfd = -100, filename = "/tmp/rt-sc-file", how = [0-9]+, usize = 24 \}'
check "openat2 exit: the fd" field syscall_exit_openat2 "\\{ ret = $fd, how = [0-9]+ \\}"
check "statx entry: filename, mask" \
	field syscall_entry_statx 'filename = "/tmp/rt-sc-file", flags = 0, mask = 2047,'
check "statx exit: 0" field syscall_exit_statx '\{ ret = 0, buffer = [0-9]+ \}'
check "clone3 entry: size of struct clone_args" field syscall_entry_clone3 'size = (64|80|88)'
check "clone3 exit: the child" field syscall_exit_clone3 "ret = $child,"
check "close_range entry" field syscall_entry_close_range "\\{ fd = $fd, max_fd = $fd, flags = 0 \\}"
check "getpid exit: ret" field syscall_exit_getpid 'ret = [0-9]+'
pipefds=$(awk '/^pipe2 / { print "\\[0\\] = " $3 ", \\[1\\] = " $4 }' native.out)
check "pipe2 exit: the two fds" field syscall_exit_pipe2 "\\{ ret = 0, fildes = \\[ $pipefds \\] \\}"
check "pipe2 with NULL: unreadable fds as -1" \
	field syscall_exit_pipe2 '\{ ret = -14, fildes = \[ \[0\] = -1, \[1\] = -1 \] \}'
check "unknown number: id and registers" \
	field syscall_entry_unknown '\{ id = 500, args = \[ \[0\] = 1, \[1\] = 2, \[2\] = 3, \[3\] = 4, \[4\] = 5, \[5\] = 6 \] \}'
check "unknown exit: ENOSYS" field syscall_exit_unknown '\{ id = 500, ret = -38,'
# Bad filename pointers: marked.
check "NULL filename: marked" field syscall_entry_openat 'filename = "\(null\)",'
check "unmapped filename: marked" field syscall_entry_openat 'filename = "\(fault\)",'
check "two faulted filenames" test "$(grep -c ' syscall_entry_openat: .*filename = "(fault)"' sc.txt)" -ge 2
check "their exits: EFAULT" test "$(grep -c ' syscall_exit_openat: .*{ ret = -14 }' sc.txt)" -ge 3
# Two long strings share the scratch record: both whole.
check "rename of two 4000-byte names: both recorded whole" sh -c \
	"grep ' syscall_entry_rename: ' sc.txt | grep -Eq '\{ oldname = \"a{4000}\", newname = \"b{4000}\" \}'"
# The 32-bit program: compat events, its own file, no native ones.
pid32=$(awk '{ print $6 }' compat.out)
check "compat open: filename" field 'compat_syscall_entry_open(at)?' 'filename = "/tmp/rt-sc-file"'
check "compat read exit: 6 bytes" field compat_syscall_exit_read 'ret = 6,'
check "compat getpid exit: its pid" field compat_syscall_exit_getpid "ret = $pid32"
# Every event name is in the list.
grep -o ' \(compat_\)\?syscall_\(entry\|exit\)_[a-z0-9_]*:' sc.txt | sort -u |
	sed 's/^ \(compat_\)\?syscall_\(entry\|exit\)_//; s/:$//' | grep -v '^unknown$' > names.txt
check "every recorded call is in the list" sh -c \
	'while read n; do grep -Eq "^ +$n( |\$)" list.txt || { echo "not listed: $n"; exit 1; }; done < names.txt'

# Per-call enabling and disabling; entry/exit of those calls only.
lttng create pick --output="$RT_TMP/pick" > /dev/null
check "enable-event -k --syscall openat,read" lttng enable-event -k --syscall openat,read
lttng start > /dev/null
cat /tmp/rt-sc-file > /dev/null
check "disable-event -k --syscall read" lttng disable-event -k --syscall read
cat /tmp/rt-sc-file > /dev/null
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/pick" > pick.txt 2> pick.err
check "babeltrace2 reads it without warning" sh -c 'test ! -s pick.err'
check "only openat and read events" sh -c \
	"! grep -v ' syscall_\\(entry\\|exit\\)_\\(openat\\|read\\): ' pick.txt | grep -q ."
check "openat entries of both cats, with the file" test \
	"$(grep -c ' syscall_entry_openat: .*filename = "/tmp/rt-sc-file"' pick.txt)" -ge 2
check "read events stop with disable-event" sh -c \
	"last_read=\$(grep -n ' syscall_exit_read: ' pick.txt | tail -1 | cut -d: -f1); \
	 opens=\$(grep -n 'filename = \"/tmp/rt-sc-file\"' pick.txt | tail -1 | cut -d: -f1); \
	 [ -n \"\$last_read\" ] && [ \"\$last_read\" -lt \"\$opens\" ]"
lttng create x > /dev/null
# lttng-tools' own test_syscall expects this to succeed (enabler semantics).
check "an unknown name is accepted, as with lttng-modules" lttng enable-event -k --syscall no_such_call
lttng destroy x > /dev/null

# lttng-analyses: syscallstats and iolatencytop on a trace of a reader.
lttng create an --output="$RT_TMP/an" > /dev/null
lttng enable-channel -k c --subbuf-size=1M --num-subbuf=8 > /dev/null
# lttng-analyses 0.6 reads a pid field in lttng_statedump_file_descriptor
# that lttng-modules 2.13 (and so Ringtail) replaced by file_table_address:
# enable only the state dump events it can read.
lttng enable-event -k -c c 'sched_*,block_rq_*' > /dev/null
lttng enable-event -k -c c \
	lttng_statedump_start,lttng_statedump_end,lttng_statedump_process_state,lttng_statedump_block_device \
	> /dev/null
lttng enable-event -k -c c --syscall --all > /dev/null
lttng start > /dev/null
dd if=/dev/zero of=/tmp/rt-sc-io bs=4k count=64 2> /dev/null
dd if=/tmp/rt-sc-io of=/dev/null bs=4k 2> /dev/null &
reader=$!
wait $reader
lttng stop > /dev/null
lttng destroy > /dev/null
lttng-syscallstats --no-progress "$RT_TMP/an" > stats.txt 2> stats.err
check "lttng-syscallstats runs" test $? -eq 0
check "... without errors" sh -c '! grep -qi "error\|traceback" stats.err'
sed -n '1,20p' stats.txt
# The reader: 64 blocks and the end of the file, its reads at least.
check "... counts the reader's reads" sh -c \
	"sed -n '/($reader, TID: $reader)/,/^Total/p' stats.txt | grep -Eq '^ - read +(6[5-9]|[7-9][0-9]|[0-9]{3,}) '"
lttng-iolatencytop --no-progress --limit 100000 "$RT_TMP/an" > io.txt 2> io.err
check "lttng-iolatencytop runs" test $? -eq 0
check "... without errors" sh -c '! grep -qi "error\|traceback" io.err'
grep -E "^Top|$reader " io.txt | head -20
check "... lists the reader's reads of its file" grep -Eq "\] +read .* $reader +/tmp/rt-sc-io" io.txt

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
