# SPDX-License-Identifier: GPL-2.0-only
# lttng-analyses (Debian's python3-lttnganalyses, on babeltrace 1) reads
# Ringtail's trace of a mixed workload and finds the known CPU hog, I/O and
# interrupts.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng create mixed --output="$RT_TMP/trace" > /dev/null
lttng enable-channel -k big --subbuf-size=1M --num-subbuf=8 > /dev/null
check "enable the events the analyses use" \
	lttng enable-event -k -c big 'sched_*,irq_*,block_rq_*'
check "start" lttng start

# The CPU hog: a shell loop, the busiest task by far.
sh -c 'i=0; while [ $i -lt 150000 ]; do i=$((i + 1)); done' &
hog=$!
# I/O on a loop-mounted ext4 (block requests, interrupts of the loop device).
modprobe loop
img=/tmp/an.img
dd if=/dev/zero of=$img bs=1M count=16 2> /dev/null
mkfs.ext4 -q -F $img > /dev/null 2>&1
mkdir -p /mnt/an
modprobe ext4
mount -o loop $img /mnt/an
for i in 1 2 3; do
	dd if=/dev/urandom of=/mnt/an/f$i bs=64k count=8 conv=fsync 2> /dev/null
done
echo 3 > /proc/sys/vm/drop_caches
cat /mnt/an/f* > /dev/null
wait $hog
umount /mnt/an
rmmod ext4 jbd2 2> /dev/null
lttng stop > /dev/null
lttng destroy > /dev/null
rm -f $img
echo "CPU hog: tid $hog"

babeltrace2 "$RT_TMP/trace" > trace.txt 2> bt.err
check "babeltrace2 reads the trace" test $? -eq 0
check "with no warning" test ! -s bt.err
echo "$(wc -l < trace.txt) events"
export LANG=C.UTF-8
for a in cputop schedtop irqstats iolatencytop; do
	lttng-$a --no-progress --no-color "$RT_TMP/trace" > $a.txt 2> $a.err
	check "lttng-$a runs without error" test $? -eq 0
	check "... and writes nothing on stderr" test ! -s $a.err
	head -n 20 $a.err
done
sed -n '1,12p' cputop.txt
# The busiest task that is not a kernel thread: under the debug kernel,
# kmemleak's scanner can take more CPU than the hog (PF_KTHREAD, 0x200000,
# is the ninth field of /proc/TID/stat; a task gone since is not one).
top=
for tid in $(sed -n '/Per-TID Usage/,/^$/s/.*%.*(\([0-9]*\)).*/\1/p' cputop.txt); do
	flags=$(cut -d')' -f2 /proc/$tid/stat 2> /dev/null | awk '{ print $7 }')
	[ -n "$flags" ] && [ $(( flags & 0x200000 )) -ne 0 ] && continue
	top=$tid
	break
done
check "lttng-cputop: the hog on top of the tasks, with its tid ($top)" test "$top" = "$hog"
sed -n '1,20p' irqstats.txt
# (lttng-analyses 0.6.1 knows soft IRQs by their pre-2.x names, not the
# irq_softirq_* of lttng-modules 2.13 and Ringtail.)
check "lttng-irqstats: hard IRQ handlers of /proc/interrupts counted" sh -c '
	grep -E "^ *[0-9]+: <[^>]+> +[1-9][0-9]*" irqstats.txt > handlers.txt || exit 1
	for n in $(sed "s/.*<\(.*\)>.*/\1/" handlers.txt); do
		grep -q -- "$n" /proc/interrupts || exit 1
	done'

sed -n '1,12p' schedtop.txt
check "lttng-schedtop: wakeup latencies, wakee and waker by tid" \
	sh -c "grep -q 'Scheduling top' schedtop.txt && grep -qE '^\[.*\] +[0-9.]+ +-?[0-9]+ +[0-9]+ +.*\([0-9]+\) +.*\(([0-9]+|N/A)\)' schedtop.txt"
sed -n '1,12p' iolatencytop.txt

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
