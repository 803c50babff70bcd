# SPDX-License-Identifier: GPL-2.0-only
# lttng-logger: lines written to /proc/lttng-logger and /dev/lttng-logger are
# recorded as lttng_logger events carrying the text, at most 1024 bytes an
# event; many writers at once lose nothing; with no session a write still
# succeeds; a bad user pointer is refused with EFAULT.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
check "/proc/lttng-logger exists, writable by anyone" \
	test "$(stat -c %a /proc/lttng-logger)" = 666
check "/dev/lttng-logger is a character device, writable by anyone" \
	sh -c 'test -c /dev/lttng-logger && test "$(stat -c %a /dev/lttng-logger)" = 666'
check "a write while no session records succeeds" sh -c 'echo idle > /proc/lttng-logger'
check "lttng list -k lists lttng_logger" sh -c 'lttng list -k | grep -q " lttng_logger ("'

lttng create logger --output="$RT_TMP/trace" > /dev/null
check "enable lttng_logger" lttng enable-event -k lttng_logger
lttng start > /dev/null
echo -n "hello from proc" > /proc/lttng-logger
echo "hello from dev" > /dev/lttng-logger
# 3000 bytes in one write(2): three events of 1024, 1024 and 952 bytes.
head -c 3000 /dev/zero | tr '\0' x > big.txt
dd if=big.txt of=/proc/lttng-logger bs=3000 count=1 2> /dev/null
# Eight writers at once, 200 lines each, each line one write(2).
for w in 1 2 3 4 5 6 7 8; do
	(for i in $(seq 1 200); do echo "writer $w line $i" > /dev/lttng-logger; done) &
done
wait
check "a write from a bad pointer fails with EFAULT" python3 -c '
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = os.open("/proc/lttng-logger", os.O_WRONLY)
ret = libc.write(fd, ctypes.c_void_p(16), 10)
sys.exit(0 if ret == -1 and ctypes.get_errno() == errno.EFAULT else 1)'
lttng stop > /dev/null
lttng destroy > /dev/null
echo after > /proc/lttng-logger

babeltrace2 "$RT_TMP/trace" > trace.txt 2> bt.err
check "babeltrace2 reads it without warnings" sh -c 'test $? -eq 0 && test ! -s bt.err'
check "the /proc write is recorded with its text" \
	grep -q 'lttng_logger: .* msg = "hello from proc" }' trace.txt
check "the /dev write is recorded with its text and newline" \
	grep -qF 'msg = "hello from dev\n"' trace.txt
check "the 3000-byte write is three events of 1024, 1024 and 952 bytes" \
	test "$(sed -n 's/.*msg = "\(x*\)".*/\1/p' trace.txt | awk '{ printf "%d ", length($0) }')" = "1024 1024 952 "
check "all 1600 lines of the eight writers are there, each once" \
	test "$(grep -o 'writer [0-9] line [0-9]*' trace.txt | sort -u | wc -l)" -eq 1600
check "nothing recorded while idle or after destroy" \
	sh -c '! grep -qE "msg = \"(idle|after)" trace.txt'

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
