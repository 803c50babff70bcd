// SPDX-License-Identifier: GPL-2.0-only
#define RT_CLIENT_NAME		"relay-overwrite-mmap"
#define RT_CLIENT_OUTPUT	RT_OUTPUT_MMAP
#define RT_CLIENT_OVERWRITE	true
#define RT_CLIENT_METADATA	false
#include "client.h"
