/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * get_unaligned() and put_unaligned(), from whichever header this kernel
 * has: the kernel moved them from <asm/unaligned.h> to
 * <linux/unaligned.h>, and a kernel has one or the other.
 */
#ifndef _RINGTAIL_UNALIGNED_H
#define _RINGTAIL_UNALIGNED_H

#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _RINGTAIL_UNALIGNED_H */
