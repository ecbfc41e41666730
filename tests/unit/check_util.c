/*
 * check_util.c - unit tests of the shared helpers (lib/base_util.c):
 * sb_grow(), the array-growth step of the readers that gather rows.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"
#include "sb_priv.h"

/* Room at hand: the same array, no allocation, the capacity kept. */
START_TEST(test_grow_room)
{
	size_t cap = 4;
	int *a = malloc(cap * sizeof(*a));

	ck_assert_ptr_nonnull(a);
	for (size_t n = 0; n < cap; n++)
		ck_assert_ptr_eq(sb_grow(a, &cap, n, 16, sizeof(*a)), a);
	ck_assert_uint_eq(cap, 4);
	free(a);
}
END_TEST

/* From nothing: the first capacity, then doubled; the elements kept. */
START_TEST(test_grow_doubles)
{
	size_t cap = 0, n;
	int64_t *a = NULL;

	for (n = 0; n < 1000; n++) {
		void *p = sb_grow(a, &cap, n, 8, sizeof(*a));

		ck_assert_ptr_nonnull(p);
		a = p;
		ck_assert_uint_gt(cap, n);
		a[n] = (int64_t)n * 3;
	}
	ck_assert_uint_eq(cap, 1024);   /* 8, 16, ..., 1024 */
	for (n = 0; n < 1000; n++)
		ck_assert_int_eq(a[n], (int64_t)n * 3);
	free(a);
}
END_TEST

/* A first capacity of 0 counts as 1; an index past the end is made room for. */
START_TEST(test_grow_first_and_far)
{
	size_t cap = 0;
	char *a = sb_grow(NULL, &cap, 0, 0, 1);

	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(cap, 1);
	a = sb_grow(a, &cap, 100, 0, 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(cap, 128);
	a[100] = 'x';
	free(a);
}
END_TEST

/*
 * Overflow and nonsense: NULL, the array and its capacity unchanged (the
 * caller frees it as before).
 */
START_TEST(test_grow_refuses)
{
	size_t cap = 4;
	int *a = malloc(cap * sizeof(*a));
	size_t huge = SIZE_MAX / 2 + 1;

	ck_assert_ptr_nonnull(a);
	a[3] = 7;
	/* the bytes of twice the capacity do not fit in a size_t */
	ck_assert_ptr_null(sb_grow(a, &cap, 4, 16, SIZE_MAX / 4));
	ck_assert_uint_eq(cap, 4);
	/* nor does the capacity itself */
	cap = huge;
	ck_assert_ptr_null(sb_grow(a, &cap, huge, 16, 1));
	ck_assert_uint_eq(cap, huge);
	cap = 4;
	/* elements of no size */
	ck_assert_ptr_null(sb_grow(a, &cap, 4, 16, 0));
	ck_assert_uint_eq(cap, 4);
	ck_assert_int_eq(a[3], 7);
	free(a);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("grow");

	tcase_add_test(tc, test_grow_room);
	tcase_add_test(tc, test_grow_doubles);
	tcase_add_test(tc, test_grow_first_and_far);
	tcase_add_test(tc, test_grow_refuses);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(util_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
