// SPDX-License-Identifier: GPL-2.0-only
#define RT_CLIENT_NAME		"relay-discard"
#define RT_CLIENT_OUTPUT	RT_OUTPUT_SPLICE
#define RT_CLIENT_OVERWRITE	false
#define RT_CLIENT_METADATA	false
#include "client.h"
