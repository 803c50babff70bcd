/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What generated units include before an event header in headers-only
 * mode (scripts/gen-instrumentation.sh).  Event headers rely on what the
 * .c file that defines their tracepoints includes first; without the
 * kernel's sources, these common kernel headers stand in for that.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/hrtimer.h>
#include <linux/timer.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/pagemap.h>
#include <linux/writeback.h>
#include <linux/blkdev.h>
#include <linux/bio.h>
#include <linux/cpufreq.h>
#include <linux/workqueue.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/sock.h>
#include <net/ip.h>
#include <linux/pci.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/migrate.h>
#include <linux/mmzone.h>
#include <linux/swap.h>
#include <linux/memcontrol.h>
#include <linux/cgroup.h>
#include <linux/kvm_host.h>
#include <linux/power_supply.h>
#include <linux/i2c.h>
#include <linux/spi/spi.h>
#include <linux/mmc/host.h>
#include <linux/usb.h>
#include <linux/scatterlist.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <linux/libata.h>
