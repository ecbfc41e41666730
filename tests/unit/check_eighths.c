/*
 * check_eighths.c - unit tests of page counts in eighths (lib/base_eighths.c).
 */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"

/*
 * ck_assert*() reports its place to the runner on every call, which is slow
 * in long loops: these report only on failure.
 */
#define CHECK(cond) do { \
	if (!(cond)) \
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond); \
} while (0)
#define CHECK_EQ(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) \
		ck_abort_msg("%s:%d: %s == %s: %lld != %lld", __FILE__, \
		    __LINE__, #a, #b, a_, b_); \
} while (0)

struct parse_case {
	const char *text;
	int64_t eighths;
};

static const struct parse_case good[] = {
	{ "1 3/8", 11 },
	{ "1-3/8", 11 },
	{ "1 - 3/8", 11 },
	{ "1  3/8", 11 },
	{ "4/8", 4 },
	{ "2", 16 },
	{ "0", 0 },
	{ "0/8", 0 },
	{ "8/8", 8 },
	{ "12/8", 12 },
	{ "03/8", 3 },
	{ "0 3/8", 3 },
	{ "1 0/8", 8 },
	{ "  1 3/8  ", 11 },
	{ "\t2\r\n", 16 },
	{ " 7/8", 7 },
	{ "1000", 8000 },
	{ "999 7/8", 7999 },
	{ "8000/8", 8000 },
	{ "0001", 8 },
};

static const char *const bad[] = {
	"",
	"   ",
	"-1",
	"-3/8",
	"- 1",
	"+1",
	"abc",
	"1x",
	"x1",
	"1 3/8x",
	"1 3/8 pages",
	"1 3/8 1",
	"3/4",
	"3/16",
	"1/2",
	"1 3/4",
	"3/08x",
	"1.5",
	"1,5",
	"1 8/8",
	"1 9/8",
	"1-12/8",
	"3/8/8",
	"/8",
	"3/",
	"3 /8",
	"1 3/ 8",
	"1 3",
	"1-",
	"1 -",
	"-",
	"1 2 3/8",
	"0x10",
	"1001",
	"8001/8",
	"1000 1/8",
	"99999999999999999999",
	"99999999999999999999/8",
	"1 99999999999999999999/8",
	"9223372036854775807",
	"18446744073709551616/8",
};

START_TEST(test_parse_good)
{
	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		int64_t e = -1;

		ck_assert_msg(sb_eighths_parse(good[k].text, &e) == SB_OK,
		    "\"%s\" refused", good[k].text);
		ck_assert_msg(e == good[k].eighths, "\"%s\" read as %lld",
		    good[k].text, (long long)e);
	}
}
END_TEST

START_TEST(test_parse_bad)
{
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		int64_t e = 12345;

		ck_assert_msg(sb_eighths_parse(bad[k], &e) == SB_EDATA,
		    "\"%s\" accepted", bad[k]);
		ck_assert_msg(e == 12345, "\"%s\" stored a value", bad[k]);
	}
}
END_TEST

START_TEST(test_parse_usage)
{
	int64_t e;

	ck_assert_int_eq(sb_eighths_parse(NULL, &e), SB_EUSAGE);
	ck_assert_int_eq(sb_eighths_parse("1", NULL), SB_EUSAGE);
}
END_TEST

START_TEST(test_parse_max)
{
	int64_t e;

	ck_assert_int_eq(sb_eighths_parse("1000", &e), SB_OK);
	ck_assert_int_eq(e, SB_EIGHTHS_MAX);
	ck_assert_int_eq(sb_eighths_parse("8001/8", &e), SB_EDATA);
	ck_assert_int_eq(sb_eighths_parse("1000 1/8", &e), SB_EDATA);
}
END_TEST

struct fmt_case {
	int64_t eighths;
	const char *text;
};

static const struct fmt_case fmts[] = {
	{ 0, "0" },
	{ 1, "1/8" },
	{ 4, "4/8" },
	{ 7, "7/8" },
	{ 8, "1" },
	{ 9, "1 1/8" },
	{ 11, "1 3/8" },
	{ 16, "2" },
	{ 7999, "999 7/8" },
	{ 8000, "1000" },
	{ -3, "-3/8" },
	{ -11, "-1 3/8" },
	{ -16, "-2" },
	{ INT64_MAX, "1152921504606846975 7/8" },
	{ INT64_MIN, "-1152921504606846976" },
};

START_TEST(test_format)
{
	for (size_t k = 0; k < sizeof(fmts) / sizeof(fmts[0]); k++) {
		char buf[SB_EIGHTHS_BUFSZ];

		ck_assert_ptr_eq(sb_eighths_format(fmts[k].eighths, buf,
		    sizeof(buf)), buf);
		ck_assert_str_eq(buf, fmts[k].text);
	}
}
END_TEST

START_TEST(test_format_never_8_8)
{
	for (int64_t e = 0; e <= SB_EIGHTHS_MAX; e++) {
		char buf[SB_EIGHTHS_BUFSZ];

		sb_eighths_format(e, buf, sizeof(buf));
		CHECK(strstr(buf, "8/8") == NULL && strstr(buf, "0/8") == NULL);
	}
}
END_TEST

START_TEST(test_format_truncates)
{
	char buf[16];

	/* Canaries past the given size must survive. */
	memset(buf, 'X', sizeof(buf));
	ck_assert_ptr_eq(sb_eighths_format(11, buf, 4), buf);
	ck_assert_str_eq(buf, "1 3");
	ck_assert_int_eq(buf[4], 'X');

	memset(buf, 'X', sizeof(buf));
	ck_assert_ptr_eq(sb_eighths_format(11, buf, 1), buf);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	ck_assert_ptr_eq(sb_eighths_format(11, buf, 0), buf);
	ck_assert_int_eq(buf[0], 'X');

	ck_assert_ptr_eq(sb_eighths_format(11, NULL, 0), NULL);

	/* Exactly enough room. */
	memset(buf, 'X', sizeof(buf));
	sb_eighths_format(11, buf, 6);
	ck_assert_str_eq(buf, "1 3/8");

	/* The widest count fits the advertised buffer. */
	{
		char big[SB_EIGHTHS_BUFSZ];

		sb_eighths_format(INT64_MIN + 1, big, sizeof(big));
		ck_assert_str_eq(big, "-1152921504606846975 7/8");
	}
}
END_TEST

START_TEST(test_roundtrip)
{
	for (int64_t e = 0; e <= SB_EIGHTHS_MAX; e++) {
		char buf[SB_EIGHTHS_BUFSZ];
		int64_t back = -1;

		sb_eighths_format(e, buf, sizeof(buf));
		CHECK_EQ(sb_eighths_parse(buf, &back), SB_OK);
		CHECK_EQ(back, e);
	}
}
END_TEST

START_TEST(test_from_pages)
{
	int64_t e;
	int rounded;

	rounded = -1;
	ck_assert_int_eq(sb_eighths_from_pages(0.375, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 3);
	ck_assert_int_eq(rounded, 0);

	ck_assert_int_eq(sb_eighths_from_pages(0.0, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 0);
	ck_assert_int_eq(rounded, 0);

	ck_assert_int_eq(sb_eighths_from_pages(1.0, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 8);
	ck_assert_int_eq(rounded, 0);

	ck_assert_int_eq(sb_eighths_from_pages(12.875, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 103);
	ck_assert_int_eq(rounded, 0);

	ck_assert_int_eq(sb_eighths_from_pages(1000.0, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, SB_EIGHTHS_MAX);
	ck_assert_int_eq(rounded, 0);

	/* 0.8 eighths: up to 1 */
	ck_assert_int_eq(sb_eighths_from_pages(0.1, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 1);
	ck_assert_int_eq(rounded, 1);

	/* 0.48 eighths: down to 0 */
	ck_assert_int_eq(sb_eighths_from_pages(0.06, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 0);
	ck_assert_int_eq(rounded, 1);

	/* 18.6664 eighths */
	ck_assert_int_eq(sb_eighths_from_pages(2.3333, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 19);
	ck_assert_int_eq(rounded, 1);

	/* a half eighth goes up */
	ck_assert_int_eq(sb_eighths_from_pages(0.0625, &e, &rounded), SB_OK);
	ck_assert_int_eq(e, 1);
	ck_assert_int_eq(rounded, 1);

	/* rounded may be NULL */
	ck_assert_int_eq(sb_eighths_from_pages(0.5, &e, NULL), SB_OK);
	ck_assert_int_eq(e, 4);

	/* every whole eighth converts exactly */
	for (int64_t k = 0; k <= SB_EIGHTHS_MAX; k++) {
		rounded = -1;
		CHECK_EQ(sb_eighths_from_pages((double)k * 0.125, &e,
		    &rounded), SB_OK);
		CHECK_EQ(e, k);
		CHECK_EQ(rounded, 0);
	}
}
END_TEST

START_TEST(test_from_pages_bad)
{
	const double bad_pages[] = {
		NAN, INFINITY, -INFINITY, -0.125, -1e-9, -1000.0,
		1000.125, 1000.0001, 1e300, 9.3e18
	};

	for (size_t k = 0; k < sizeof(bad_pages) / sizeof(bad_pages[0]); k++) {
		int64_t e = 777;
		int rounded = 777;

		ck_assert_msg(sb_eighths_from_pages(bad_pages[k], &e, &rounded) ==
		    SB_EDATA, "%g accepted", bad_pages[k]);
		ck_assert_int_eq(e, 777);
	}
	ck_assert_int_eq(sb_eighths_from_pages(1.0, NULL, NULL), SB_EUSAGE);
}
END_TEST

static Suite *
eighths_suite(void)
{
	Suite *s = suite_create("eighths");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_parse_usage);
	tcase_add_test(tc, test_parse_max);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_never_8_8);
	tcase_add_test(tc, test_format_truncates);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_from_pages);
	tcase_add_test(tc, test_from_pages_bad);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(eighths_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
