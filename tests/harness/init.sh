#!/bin/busybox sh
# Stage 1 of the guest (PID 1 in the initramfs): mount the host root read-only
# over virtio-9p under a tmpfs overlay, mount the run's output directory, then
# chroot into that root and run the test runner.  Powers off when it returns.
# The debug kernel has no ACPI, hence no power-off: it resets, which QEMU
# (-no-reboot) turns into its exit.
/bin/busybox --install -s /bin
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

for m in $(cat /modules.list); do
	insmod "/lib/modules/$m" || echo "rt-init: insmod $m failed"
done

off() {
	[ -d /sys/firmware/acpi ] && poweroff -f
	reboot -f
}

die() {
	echo "rt-init: $*"
	off
}

mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /lower ||
	die "cannot mount the host root"
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
	die "cannot mount the overlay"
mkdir -p /newroot/rt-out
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=262144 results /newroot/rt-out ||
	die "cannot mount the results share"

mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
# What udev would add: bash's process substitution (<(...)) opens /dev/fd/N.
ln -sfn /proc/self/fd /newroot/dev/fd
ln -sfn /proc/self/fd/0 /newroot/dev/stdin
ln -sfn /proc/self/fd/1 /newroot/dev/stdout
ln -sfn /proc/self/fd/2 /newroot/dev/stderr
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mountpoint -q /newroot/sys/kernel/debug 2>/dev/null ||
	mount -t debugfs debugfs /newroot/sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /newroot/sys/kernel/tracing 2>/dev/null

. /newroot/rt-out/job.env
hostname ringtail-guest
chroot /newroot /bin/bash "$RT_REPO/tests/harness/guest-run.sh"
echo "rt-init: runner exited with $?"
sync
umount /newroot/rt-out
off
