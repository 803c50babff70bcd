// SPDX-License-Identifier: GPL-2.0-only
/* Events of the kernel's include/trace/events/irq.h, generated. */
#include <linux/interrupt.h>
#include <trace/events/irq.h>

#define RT_GEN_HEADER	<trace/events/irq.h>
#include "gen.h"

RT_GEN_INSTRUMENTATION(irq)
