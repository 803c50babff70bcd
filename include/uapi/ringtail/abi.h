/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Ringtail: the LTTng 2.13 kernel tracer ABI, as seen from user space.
 *
 * lttng-tools talks to the kernel tracer through ioctls on /proc/lttng and
 * on the files those ioctls return.  Request numbers and argument layouts
 * are fixed by lttng-tools 2.13 (see doc/lttng-abi.md); every structure is packed
 * and little endian.  This header is shared by the modules and the tests.
 */
#ifndef _UAPI_RINGTAIL_ABI_H
#define _UAPI_RINGTAIL_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* What TRACER_VERSION and TRACER_ABI_VERSION report. */
#define RT_LTTNG_VERSION_MAJOR		2
#define RT_LTTNG_VERSION_MINOR		13
#define RT_LTTNG_VERSION_PATCHLEVEL	9
#define RT_LTTNG_ABI_MAJOR		2
#define RT_LTTNG_ABI_MINOR		6

#define RT_ABI_IOC_TYPE			0xF6

struct rt_abi_tracer_version {
	__u32 major;
	__u32 minor;
	__u32 patchlevel;
} __attribute__((packed));

struct rt_abi_tracer_abi_version {
	__u32 major;
	__u32 minor;
} __attribute__((packed));

/* ioctls on the tracer file, /proc/lttng */
#define RT_ABI_SESSION			_IO(RT_ABI_IOC_TYPE, 0x45)
#define RT_ABI_TRACER_VERSION		_IOR(RT_ABI_IOC_TYPE, 0x46, struct rt_abi_tracer_version)
#define RT_ABI_TRACEPOINT_LIST		_IO(RT_ABI_IOC_TYPE, 0x47)
#define RT_ABI_WAIT_QUIESCENT		_IO(RT_ABI_IOC_TYPE, 0x48)
#define RT_ABI_SYSCALL_LIST		_IO(RT_ABI_IOC_TYPE, 0x4A)
#define RT_ABI_TRACER_ABI_VERSION	_IOR(RT_ABI_IOC_TYPE, 0x4B, struct rt_abi_tracer_abi_version)
#define RT_ABI_EVENT_NOTIFIER_GROUP_CREATE _IO(RT_ABI_IOC_TYPE, 0x4C)

#endif /* _UAPI_RINGTAIL_ABI_H */
