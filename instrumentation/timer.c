// SPDX-License-Identifier: GPL-2.0-only
/* Events of the kernel's include/trace/events/timer.h, generated. */
#include <linux/hrtimer.h>
#include <linux/timer.h>
#include <trace/events/timer.h>

#define RT_GEN_HEADER	<trace/events/timer.h>
#include "gen.h"

RT_GEN_INSTRUMENTATION(timer)
