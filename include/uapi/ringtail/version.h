/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * The LTTng kernel tracer Ringtail stands in for: what TRACER_VERSION and
 * TRACER_ABI_VERSION report, and what the trace's metadata says (tools
 * key on "lttng-modules" 2.13).  Constants only, for every layer and the
 * tests.
 */
#ifndef _UAPI_RINGTAIL_VERSION_H
#define _UAPI_RINGTAIL_VERSION_H

#define RT_LTTNG_VERSION_MAJOR		2
#define RT_LTTNG_VERSION_MINOR		13
#define RT_LTTNG_VERSION_PATCHLEVEL	9
#define RT_LTTNG_ABI_MAJOR		2
#define RT_LTTNG_ABI_MINOR		7

#endif /* _UAPI_RINGTAIL_VERSION_H */
