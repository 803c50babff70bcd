// SPDX-License-Identifier: GPL-2.0-only
#define RT_CLIENT_NAME		"relay-overwrite"
#define RT_CLIENT_OUTPUT	RT_OUTPUT_SPLICE
#define RT_CLIENT_OVERWRITE	true
#define RT_CLIENT_METADATA	false
#include "client.h"
