/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal assertions for Ringtail's C tests.  A test prints one line per
 * check and exits non-zero if any check failed.
 */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rt_failures;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		printf("ok    ");					\
	} else {							\
		printf("FAIL  %s:%d: ", __FILE__, __LINE__);		\
		rt_failures++;						\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
} while (0)

/* Check that a call returned -1 with the expected errno. */
#define CHECK_ERRNO(ret, err, what)					\
	CHECK((ret) == -1 && errno == (err),				\
	      "%s: ret %ld errno %s, expected %s", (what), (long)(ret),	\
	      (ret) == -1 ? strerror(errno) : "-", strerror(err))

static inline int rt_test_done(void)
{
	printf("%s\n", rt_failures ? "FAILED" : "PASSED");
	return rt_failures ? 1 : 0;
}

#endif /* RT_TEST_H */
