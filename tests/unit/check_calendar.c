/*
 * check_calendar.c - unit tests of dates and shooting calendars
 * (lib/base_calendar.c).
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"

#define SUN 0
#define MON 1
#define WED 3
#define THU 4
#define FRI 5
#define SAT 6
#define WEEKEND ((1u << SAT) | (1u << SUN))

static sb_date
D(const char *text)
{
	sb_date d = 0;

	ck_assert_msg(sb_date_parse(text, &d) == SB_OK, "bad test date %s", text);
	return d;
}

/*
 * ck_assert*() reports its place to the runner on every call, which is slow
 * in loops of millions: these report only on failure.
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

#define ck_assert_date(got, want) do { \
	char got_buf_[SB_DATE_BUFSZ]; \
	ck_assert_str_eq(sb_date_format((got), got_buf_, sizeof(got_buf_)), (want)); \
} while (0)

/*
 * Dates
 */

START_TEST(test_known_dates)
{
	ck_assert_int_eq(D("1970-01-01"), 0);
	ck_assert_int_eq(D("1970-01-02"), 1);
	ck_assert_int_eq(D("1969-12-31"), -1);
	ck_assert_int_eq(D("2000-03-01"), 11017);
	ck_assert_int_eq(D("2022-08-03"), 19207);
	ck_assert_int_eq(D("2024-02-29"), 19782);
	ck_assert_int_eq(D("0001-01-01"), -719162);
	ck_assert_int_eq(D("9999-12-31"), 2932896);
	ck_assert_int_eq(sb_date_make(2022, 8, 3), 19207);
	ck_assert_int_eq(sb_date_make(1970, 1, 1), 0);
	ck_assert_int_eq(sb_date_weekday(0), THU);
	ck_assert_int_eq(sb_date_weekday(-1), WED);
	ck_assert_int_eq(sb_date_weekday(19207), WED);
	ck_assert_int_eq(sb_date_weekday(-719162), MON);
	ck_assert_int_eq(sb_date_weekday(2932896), FRI);
	ck_assert_date(19207, "2022-08-03");
	ck_assert_date(-719162, "0001-01-01");
	ck_assert_date(2932896, "9999-12-31");
}
END_TEST

START_TEST(test_make_carries)
{
	ck_assert_int_eq(sb_date_make(2022, 13, 1), D("2023-01-01"));
	ck_assert_int_eq(sb_date_make(2022, 0, 1), D("2021-12-01"));
	ck_assert_int_eq(sb_date_make(2022, -11, 1), D("2021-01-01"));
	ck_assert_int_eq(sb_date_make(2022, -12, 1), D("2020-12-01"));
	ck_assert_int_eq(sb_date_make(2022, 1, 32), D("2022-02-01"));
	ck_assert_int_eq(sb_date_make(2022, 3, 0), D("2022-02-28"));
	ck_assert_int_eq(sb_date_make(2024, 3, 0), D("2024-02-29"));
	ck_assert_int_eq(sb_date_make(2023, 2, 29), D("2023-03-01"));
}
END_TEST

static int
month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : md[m - 1];
}

START_TEST(test_every_day)
{
	/* Count every day of years 1 to 9999 against the functions. */
	sb_date want = sb_date_make(1, 1, 1);
	int wd = MON;

	ck_assert_int_eq(want, -719162);
	for (int y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			int n = month_days(y, m);

			for (int d = 1; d <= n; d++) {
				char buf[SB_DATE_BUFSZ], want_text[48];
				sb_date got;

				CHECK_EQ(sb_date_make(y, m, d), want);
				CHECK_EQ(sb_date_weekday(want), wd);
				/*
				 * The text of every day of the edges and of
				 * the years around now, of one in 13 elsewhere
				 * (under valgrind, all of them take a minute).
				 */
				if (y <= 100 || (y >= 1899 && y <= 2101) ||
				    y >= 9900 || want % 13 == 0) {
					snprintf(want_text, sizeof(want_text),
					    "%04d-%02d-%02d", y, m, d);
					sb_date_format(want, buf, sizeof(buf));
					CHECK(strcmp(buf, want_text) == 0);
					CHECK_EQ(sb_date_parse(buf, &got), SB_OK);
					CHECK_EQ(got, want);
				}
				want++;
				wd = (wd + 1) % 7;
			}
			/* The day after the last is refused. */
			if (y % 97 == 0) {
				char bad_text[48];
				sb_date got;

				snprintf(bad_text, sizeof(bad_text), "%04d-%02d-%02d",
				    y, m, n + 1);
				CHECK_EQ(sb_date_parse(bad_text, &got), SB_EDATA);
			}
		}
	}
}
END_TEST

START_TEST(test_parse_good)
{
	sb_date d;

	ck_assert_int_eq(sb_date_parse("2022-08-03T07:00:00.000+0000", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse("2022-08-03T23:59:59-1200", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse("2022-08-03 07:00", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse("2022-08-03", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse("2024-02-29", &d), SB_OK);
	ck_assert_int_eq(d, 19782);
	ck_assert_int_eq(sb_date_parse("2000-02-29", &d), SB_OK);
	ck_assert_int_eq(sb_date_parse("1600-02-29", &d), SB_OK);
	ck_assert_int_eq(sb_date_parse("0001-01-01", &d), SB_OK);
	ck_assert_int_eq(sb_date_parse("9999-12-31", &d), SB_OK);
	ck_assert_int_eq(sb_date_parse("1969-07-20", &d), SB_OK);
	ck_assert_int_eq(d, -165);
}
END_TEST

static const char *const bad_iso[] = {
	"", "abc", "2023-02-29", "1900-02-29", "2100-02-29", "2022-13-01",
	"2022-00-10", "2022-04-31", "2022-06-31", "2022-08-00", "2022-08-32",
	"0000-01-01", "2022-8-3", "2022-08-3", "2022/08/03", "22-08-03",
	"2022-08-03x", "2022-08-03Z", "2022-08-03,", "20220-08-03",
	"2022-08-031", "2022-08", "2022", "-2022-08-03", "2022 -08-03",
	"2022-08-03\n", "08/03/2022", "+2022-08-03",
};

START_TEST(test_parse_bad)
{
	for (size_t k = 0; k < sizeof(bad_iso) / sizeof(bad_iso[0]); k++) {
		sb_date d = 4242;

		ck_assert_msg(sb_date_parse(bad_iso[k], &d) == SB_EDATA,
		    "\"%s\" accepted", bad_iso[k]);
		ck_assert_int_eq(d, 4242);
	}
	{
		sb_date d;

		ck_assert_int_eq(sb_date_parse(NULL, &d), SB_EUSAGE);
		ck_assert_int_eq(sb_date_parse("2022-08-03", NULL), SB_EUSAGE);
	}
}
END_TEST

START_TEST(test_parse_mdy)
{
	static const char *const bad[] = {
		"", "02/29/2023", "13/01/2022", "00/01/2022", "01/00/2022",
		"04/31/2022", "8/3/22", "08-03-2022", "008/03/2022",
		"08/003/2022", "08/03/02022", "08/03/2022x", "2022-08-03",
		"08/03", "8//2022", "01/01/0000",
	};
	sb_date d;

	ck_assert_int_eq(sb_date_parse_mdy("08/03/2022", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse_mdy("8/3/2022", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse_mdy("08/3/2022", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse_mdy("08/03/2022 07:00:00", &d), SB_OK);
	ck_assert_int_eq(d, 19207);
	ck_assert_int_eq(sb_date_parse_mdy("12/31/1999", &d), SB_OK);
	ck_assert_date(d, "1999-12-31");
	ck_assert_int_eq(sb_date_parse_mdy("2/29/2024", &d), SB_OK);
	ck_assert_date(d, "2024-02-29");
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		d = 4242;
		ck_assert_msg(sb_date_parse_mdy(bad[k], &d) == SB_EDATA,
		    "\"%s\" accepted", bad[k]);
		ck_assert_int_eq(d, 4242);
	}
	ck_assert_int_eq(sb_date_parse_mdy(NULL, &d), SB_EUSAGE);
}
END_TEST

START_TEST(test_format_truncates)
{
	char buf[SB_DATE_BUFSZ + 4];

	memset(buf, 'X', sizeof(buf));
	ck_assert_ptr_eq(sb_date_format(19207, buf, 5), buf);
	ck_assert_str_eq(buf, "2022");
	ck_assert_int_eq(buf[5], 'X');
	memset(buf, 'X', sizeof(buf));
	ck_assert_ptr_eq(sb_date_format(19207, buf, 0), buf);
	ck_assert_int_eq(buf[0], 'X');
	ck_assert_ptr_eq(sb_date_format(19207, NULL, 0), NULL);
	ck_assert_ptr_eq(sb_date_format(19207, buf, SB_DATE_BUFSZ), buf);
	ck_assert_str_eq(buf, "2022-08-03");
}
END_TEST

START_TEST(test_weekdays_parse)
{
	static const struct {
		const char *text;
		unsigned mask;
	} good[] = {
		{ "6,0", WEEKEND },
		{ "[6, 0]", WEEKEND },
		{ "[6,0]", WEEKEND },
		{ " [ 0 , 6 ] ", WEEKEND },
		{ "0, 6", WEEKEND },
		{ "", 0 },
		{ "  ", 0 },
		{ "[]", 0 },
		{ "[ ]", 0 },
		{ "0", 1 },
		{ "6", 0x40 },
		{ "1,2,3,4,5", 0x3e },
		{ "0,1,2,3,4,5,6", 0x7f },
		{ "6,6", 0x40 },
		{ "06", 0x40 },
	};
	static const char *const bad[] = {
		"7", "-1", "6,", ",6", "[6", "6]", "]", "[", "a", "6 0", "6;0",
		"[6,0]x", "[[6]]", "1.0", "10", "006", "[6,,0]", "Sat", "6 ,",
	};
	unsigned mask;

	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		mask = 999;
		ck_assert_msg(sb_weekdays_parse(good[k].text, &mask) == SB_OK,
		    "\"%s\" refused", good[k].text);
		ck_assert_uint_eq(mask, good[k].mask);
	}
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		mask = 999;
		ck_assert_msg(sb_weekdays_parse(bad[k], &mask) == SB_EDATA,
		    "\"%s\" accepted", bad[k]);
		ck_assert_uint_eq(mask, 999);
	}
	ck_assert_int_eq(sb_weekdays_parse(NULL, &mask), SB_EUSAGE);
	ck_assert_int_eq(sb_weekdays_parse("6", NULL), SB_EUSAGE);
}
END_TEST

/*
 * Calendars
 */

/* The sample calendar of "It's A Wonderful Life". */
static sb_calendar *
wonderful_life(void)
{
	sb_calendar *cal = sb_calendar_new(D("2022-08-03"), WEEKEND);

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-09-05"), SB_CAL_HOLIDAY), SB_OK);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-10-10"), SB_CAL_HOLIDAY), SB_OK);
	return cal;
}

static void
assert_nth(const sb_calendar *cal, int64_t n, const char *want)
{
	sb_date d = 0;

	ck_assert_msg(sb_calendar_nth(cal, n, &d) == SB_OK, "day %lld failed",
	    (long long)n);
	ck_assert_date(d, want);
}

START_TEST(test_wonderful_life)
{
	sb_calendar *cal = wonderful_life();
	sb_date d;

	ck_assert_int_eq(sb_date_weekday(D("2022-08-03")), WED);
	ck_assert_int_eq(sb_calendar_first(cal, &d), SB_OK);
	ck_assert_date(d, "2022-08-03");
	assert_nth(cal, 1, "2022-08-03");
	assert_nth(cal, 2, "2022-08-04");
	assert_nth(cal, 3, "2022-08-05");
	/* The weekend of the 6th and 7th is off. */
	assert_nth(cal, 4, "2022-08-08");
	assert_nth(cal, 8, "2022-08-12");
	/*
	 * By hand: days 1-3 are Aug 3-5, then five a week: 4-8 Aug 8-12,
	 * 9-13 Aug 15-19, 14-18 Aug 22-26, 19-23 Aug 29-Sep 2.  Monday
	 * Sep 5 is Labor Day, so 24-26 are Tuesday Sep 6 to Thursday Sep 8.
	 */
	assert_nth(cal, 23, "2022-09-02");
	assert_nth(cal, 24, "2022-09-06");
	assert_nth(cal, 25, "2022-09-07");
	assert_nth(cal, 26, "2022-09-08");
	/*
	 * 27 is Sep 9, 28-32 Sep 12-16, 33-37 Sep 19-23, 38-42 Sep 26-30,
	 * 43-47 Oct 3-7; Monday Oct 10 is the second holiday.
	 */
	assert_nth(cal, 47, "2022-10-07");
	assert_nth(cal, 48, "2022-10-11");

	ck_assert_int_eq(sb_calendar_next(cal, D("2022-09-02"), &d), SB_OK);
	ck_assert_date(d, "2022-09-06");
	ck_assert_int_eq(sb_calendar_next(cal, D("2022-09-03"), &d), SB_OK);
	ck_assert_date(d, "2022-09-06");
	ck_assert_int_eq(sb_calendar_next(cal, D("2022-08-03"), &d), SB_OK);
	ck_assert_date(d, "2022-08-04");
	/* Before the start, the next shoot day is the first. */
	ck_assert_int_eq(sb_calendar_next(cal, D("2021-01-01"), &d), SB_OK);
	ck_assert_date(d, "2022-08-03");
	ck_assert_int_eq(sb_calendar_next(cal, INT32_MIN, &d), SB_OK);
	ck_assert_date(d, "2022-08-03");

	ck_assert(sb_calendar_is_shoot_day(cal, D("2022-08-03")));
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-02")));
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-06")));
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-07")));
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-09-05")));
	ck_assert(sb_calendar_is_shoot_day(cal, D("2022-09-06")));
	ck_assert_int_eq(sb_calendar_kind(cal, D("2022-09-05")), SB_CAL_HOLIDAY);
	ck_assert_int_eq(sb_calendar_kind(cal, D("2022-10-10")), SB_CAL_HOLIDAY);
	ck_assert_int_eq(sb_calendar_kind(cal, D("2022-09-06")), 0);
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_saturday_work)
{
	sb_calendar *cal = wonderful_life();
	sb_date d;

	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-08-06"), SB_CAL_WORK), SB_OK);
	ck_assert_int_eq(sb_date_weekday(D("2022-08-06")), SAT);
	ck_assert(sb_calendar_is_shoot_day(cal, D("2022-08-06")));
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-07")));
	assert_nth(cal, 3, "2022-08-05");
	assert_nth(cal, 4, "2022-08-06");
	assert_nth(cal, 5, "2022-08-08");
	/* One day earlier from here on: Labor Day falls between 22 and 23. */
	assert_nth(cal, 23, "2022-09-01");
	assert_nth(cal, 24, "2022-09-02");
	assert_nth(cal, 25, "2022-09-06");
	ck_assert_int_eq(sb_calendar_next(cal, D("2022-08-05"), &d), SB_OK);
	ck_assert_date(d, "2022-08-06");
	ck_assert_int_eq(sb_calendar_next(cal, D("2022-08-06"), &d), SB_OK);
	ck_assert_date(d, "2022-08-08");
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_start_on_sunday)
{
	sb_calendar *cal = sb_calendar_new(D("2022-08-07"), WEEKEND);
	sb_date d;

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(sb_date_weekday(D("2022-08-07")), SUN);
	ck_assert_int_eq(sb_calendar_first(cal, &d), SB_OK);
	ck_assert_date(d, "2022-08-08");
	assert_nth(cal, 1, "2022-08-08");
	assert_nth(cal, 5, "2022-08-12");
	assert_nth(cal, 6, "2022-08-15");
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-07")));

	/* A work day on that Sunday makes it the first day. */
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-08-07"), SB_CAL_WORK), SB_OK);
	ck_assert_int_eq(sb_calendar_first(cal, &d), SB_OK);
	ck_assert_date(d, "2022-08-07");
	assert_nth(cal, 2, "2022-08-08");

	/* A work day before the start does not count. */
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-08-06"), SB_CAL_WORK), SB_OK);
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-06")));
	ck_assert(!sb_calendar_is_shoot_day(cal, D("2022-08-05")));
	assert_nth(cal, 1, "2022-08-07");
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_start_on_holiday)
{
	sb_calendar *cal = sb_calendar_new(D("2022-09-05"), WEEKEND);
	sb_date d;

	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-09-05"), SB_CAL_HOLIDAY), SB_OK);
	ck_assert_int_eq(sb_calendar_first(cal, &d), SB_OK);
	ck_assert_date(d, "2022-09-06");
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_marks)
{
	sb_calendar *cal = sb_calendar_new(D("2022-08-01"), WEEKEND);
	sb_date mon = D("2022-08-08"), sat = D("2022-08-13");

	ck_assert_ptr_nonnull(cal);
	/* Each kind on a weekday. */
	ck_assert(sb_calendar_is_shoot_day(cal, mon));
	ck_assert_int_eq(sb_calendar_mark(cal, mon, SB_CAL_OFF), SB_OK);
	ck_assert(!sb_calendar_is_shoot_day(cal, mon));
	ck_assert_int_eq(sb_calendar_kind(cal, mon), SB_CAL_OFF);
	ck_assert_int_eq(sb_calendar_mark(cal, mon, SB_CAL_TRAVEL), SB_OK);
	ck_assert(!sb_calendar_is_shoot_day(cal, mon));
	ck_assert_int_eq(sb_calendar_kind(cal, mon), SB_CAL_TRAVEL);
	/* A later mark replaces an earlier one. */
	ck_assert_int_eq(sb_calendar_mark(cal, mon, SB_CAL_WORK), SB_OK);
	ck_assert(sb_calendar_is_shoot_day(cal, mon));
	ck_assert_int_eq(sb_calendar_kind(cal, mon), SB_CAL_WORK);
	ck_assert_int_eq(sb_calendar_mark(cal, mon, SB_CAL_HOLIDAY), SB_OK);
	ck_assert(!sb_calendar_is_shoot_day(cal, mon));
	ck_assert_int_eq(sb_calendar_kind(cal, mon), SB_CAL_HOLIDAY);
	/* An event does not undo a holiday. */
	ck_assert_int_eq(sb_calendar_mark(cal, mon, SB_CAL_EVENT), SB_OK);
	ck_assert_int_eq(sb_calendar_kind(cal, mon), SB_CAL_HOLIDAY);
	ck_assert(!sb_calendar_is_shoot_day(cal, mon));

	/* Events change nothing, on a work day or on a day off. */
	ck_assert_int_eq(sb_calendar_mark(cal, mon + 1, SB_CAL_EVENT), SB_OK);
	ck_assert_int_eq(sb_calendar_kind(cal, mon + 1), SB_CAL_EVENT);
	ck_assert(sb_calendar_is_shoot_day(cal, mon + 1));
	ck_assert_int_eq(sb_calendar_mark(cal, sat, SB_CAL_EVENT), SB_OK);
	ck_assert(!sb_calendar_is_shoot_day(cal, sat));
	/* ... and a later real mark replaces the event. */
	ck_assert_int_eq(sb_calendar_mark(cal, sat, SB_CAL_WORK), SB_OK);
	ck_assert(sb_calendar_is_shoot_day(cal, sat));
	ck_assert_int_eq(sb_calendar_kind(cal, sat), SB_CAL_WORK);

	ck_assert_int_eq(sb_calendar_mark(cal, sat, 0), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_mark(cal, sat, 6), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_mark(NULL, sat, SB_CAL_OFF), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_kind(cal, sat), SB_CAL_WORK);
	sb_calendar_free(cal);
	sb_calendar_free(NULL);
}
END_TEST

START_TEST(test_many_marks)
{
	/* Marks in scrambled order land sorted and are all found. */
	enum { N = 20000 };
	sb_calendar *cal = sb_calendar_new(0, 0);
	const int kinds[] = {
		SB_CAL_OFF, SB_CAL_HOLIDAY, SB_CAL_TRAVEL, SB_CAL_WORK, SB_CAL_EVENT
	};

	CHECK(cal != NULL);
	for (int k = 0; k < N; k++) {
		/* 7919 is prime to N: a permutation of 0..N-1. */
		int x = (int)(((long)k * 7919) % N);

		CHECK_EQ(sb_calendar_mark(cal, 3 * x, kinds[x % 4]), SB_OK);
	}
	for (int x = 0; x < N; x++) {
		CHECK_EQ(sb_calendar_kind(cal, 3 * x), kinds[x % 4]);
		CHECK_EQ(sb_calendar_kind(cal, 3 * x + 1), 0);
		CHECK_EQ(sb_calendar_kind(cal, 3 * x - 1), 0);
	}
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_all_days_off)
{
	sb_calendar *cal = sb_calendar_new(D("2022-08-01"), 0x7f);
	sb_date d;

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(sb_calendar_first(cal, &d), SB_EDATA);
	ck_assert_int_eq(sb_calendar_nth(cal, 1, &d), SB_EDATA);
	ck_assert_int_eq(sb_calendar_next(cal, D("2022-08-01"), &d), SB_EDATA);

	/* Only work days shoot. */
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-08-10"), SB_CAL_WORK), SB_OK);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-08-20"), SB_CAL_HOLIDAY), SB_OK);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2022-09-01"), SB_CAL_EVENT), SB_OK);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2030-01-01"), SB_CAL_WORK), SB_OK);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2031-01-01"), SB_CAL_OFF), SB_OK);
	ck_assert_int_eq(sb_calendar_first(cal, &d), SB_OK);
	ck_assert_date(d, "2022-08-10");
	assert_nth(cal, 2, "2030-01-01");
	ck_assert_int_eq(sb_calendar_nth(cal, 3, &d), SB_EDATA);
	ck_assert_int_eq(sb_calendar_next(cal, D("2022-08-10"), &d), SB_OK);
	ck_assert_date(d, "2030-01-01");
	ck_assert_int_eq(sb_calendar_next(cal, D("2030-01-01"), &d), SB_EDATA);
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_usage_and_limits)
{
	sb_calendar *cal = wonderful_life();
	sb_date d;

	ck_assert_int_eq(sb_calendar_nth(cal, 0, &d), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_nth(cal, -5, &d), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_nth(NULL, 1, &d), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_nth(cal, 1, NULL), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_first(NULL, &d), SB_EUSAGE);
	ck_assert_int_eq(sb_calendar_next(NULL, 0, &d), SB_EUSAGE);
	ck_assert(!sb_calendar_is_shoot_day(NULL, 0));
	ck_assert_int_eq(sb_calendar_kind(NULL, 0), 0);
	/* Past the year 9999 there is nothing. */
	ck_assert_int_eq(sb_calendar_nth(cal, INT64_MAX, &d), SB_EDATA);
	ck_assert_int_eq(sb_calendar_nth(cal, (int64_t)1 << 40, &d), SB_EDATA);
	ck_assert_int_eq(sb_calendar_next(cal, D("9999-12-31"), &d), SB_EDATA);
	ck_assert_int_eq(sb_calendar_next(cal, INT32_MAX, &d), SB_EDATA);
	/* Friday 9999-12-31 is the last day there is. */
	ck_assert_int_eq(sb_calendar_next(cal, D("9999-12-30"), &d), SB_OK);
	ck_assert_date(d, "9999-12-31");
	sb_calendar_free(cal);
}
END_TEST

/* A calendar with a few dozen marks of every kind over two years. */
static sb_calendar *
busy_calendar(void)
{
	sb_calendar *cal = sb_calendar_new(D("2022-08-03"), WEEKEND);
	sb_date s = D("2022-08-03");

	ck_assert_ptr_nonnull(cal);
	for (int k = 0; k < 60; k++) {
		ck_assert_int_eq(sb_calendar_mark(cal, s + 11 * k + (k % 3),
		    (enum sb_cal_kind)(1 + k % 5)), SB_OK);
	}
	/* A run of consecutive holidays, and a far-off work Sunday. */
	for (int k = 0; k < 30; k++)
		ck_assert_int_eq(sb_calendar_mark(cal, D("2023-12-15") + k,
		    SB_CAL_HOLIDAY), SB_OK);
	ck_assert_int_eq(sb_calendar_mark(cal, D("2400-01-02"), SB_CAL_WORK), SB_OK);
	ck_assert_int_eq(sb_date_weekday(D("2400-01-02")), SUN);
	return cal;
}

START_TEST(test_nth_million)
{
	sb_calendar *cal = busy_calendar();
	sb_date walk, got;
	int64_t n;

	CHECK_EQ(sb_calendar_first(cal, &walk), SB_OK);
	for (n = 1; n <= 1000000; n++) {
		if (n > 1)
			CHECK_EQ(sb_calendar_next(cal, walk, &walk), SB_OK);
		CHECK(sb_calendar_is_shoot_day(cal, walk));
		if (n <= 3000 || n % 997 == 0 || n == 1000000) {
			CHECK_EQ(sb_calendar_nth(cal, n, &got), SB_OK);
			CHECK_EQ(got, walk);
		}
	}
	CHECK_EQ(sb_calendar_nth(cal, 1000000, &got), SB_OK);
	CHECK_EQ(got, walk);
	sb_calendar_free(cal);
}
END_TEST

START_TEST(test_nth_fast)
{
	/* Every n up to the year 9999 in a few hundred steps each. */
	sb_calendar *cal = busy_calendar();
	sb_date got, prev = INT32_MIN;

	for (int64_t n = 1; n < 2000000; n += 1 + n / 3) {
		CHECK_EQ(sb_calendar_nth(cal, n, &got), SB_OK);
		CHECK(got > prev);
		CHECK(sb_calendar_is_shoot_day(cal, got));
		prev = got;
	}
	sb_calendar_free(cal);
}
END_TEST

/* The shoot days counted one date at a time, for comparison. */
static int
naive_next(const sb_calendar *cal, sb_date prev, sb_date limit, sb_date *out)
{
	for (sb_date d = prev + 1; d <= limit; d++) {
		if (sb_calendar_is_shoot_day(cal, d)) {
			*out = d;
			return SB_OK;
		}
	}
	return SB_EDATA;
}

START_TEST(test_random_calendars)
{
	unsigned seed = 2022;

	for (int round = 0; round < 400; round++) {
		sb_date start, d, want, got;
		sb_calendar *cal;
		unsigned mask;
		int nmarks;
		int64_t n = 0;
		sb_date limit;

#define RAND() (seed = seed * 1103515245u + 12345u, (seed >> 8) & 0xffffff)
		start = (sb_date)(RAND() % 20000);
		mask = RAND() % 128;
		/* Bias toward weeks with few or no work days. */
		if (round % 4 == 0)
			mask |= 0x7f & ~(1u << (RAND() % 7));
		if (round % 10 == 0)
			mask = 0x7f;
		cal = sb_calendar_new(start, mask);
		CHECK(cal != NULL);
		nmarks = (int)(RAND() % 40);
		for (int k = 0; k < nmarks; k++) {
			sb_date md = start - 10 + (sb_date)(RAND() % 400);

			CHECK_EQ(sb_calendar_mark(cal, md,
			    (enum sb_cal_kind)(1 + RAND() % 5)), SB_OK);
		}
		/* Past the marks, the weekly pattern repeats: 30 weeks do. */
		limit = start + 400 + 210;
		d = start - 1;
		for (;;) {
			int wr = naive_next(cal, d, limit, &want);
			int gr = sb_calendar_next(cal, d, &got);

			if (wr != SB_OK) {
				/* Only with every weekday off can none follow. */
				if (mask == 0x7f)
					CHECK_EQ(gr, SB_EDATA);
				break;
			}
			n++;
			CHECK_EQ(gr, SB_OK);
			CHECK_EQ(got, want);
			CHECK_EQ(sb_calendar_nth(cal, n, &got), SB_OK);
			CHECK_EQ(got, want);
			if (n == 1) {
				CHECK_EQ(sb_calendar_first(cal, &got), SB_OK);
				CHECK_EQ(got, want);
			}
			/* next() from a day that is not a shoot day. */
			if (want - d > 1) {
				CHECK_EQ(sb_calendar_next(cal, want - 1, &got), SB_OK);
				CHECK_EQ(got, want);
			}
			d = want;
		}
		if (mask == 0x7f) {
			CHECK_EQ(sb_calendar_nth(cal, n + 1, &got), SB_EDATA);
			if (n == 0)
				CHECK_EQ(sb_calendar_first(cal, &got), SB_EDATA);
		}
		sb_calendar_free(cal);
#undef RAND
	}
}
END_TEST

static Suite *
calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *dates = tcase_create("dates");
	TCase *cals = tcase_create("calendars");

	tcase_set_timeout(dates, 120);
	tcase_add_test(dates, test_known_dates);
	tcase_add_test(dates, test_make_carries);
	tcase_add_test(dates, test_every_day);
	tcase_add_test(dates, test_parse_good);
	tcase_add_test(dates, test_parse_bad);
	tcase_add_test(dates, test_parse_mdy);
	tcase_add_test(dates, test_format_truncates);
	tcase_add_test(dates, test_weekdays_parse);
	suite_add_tcase(s, dates);

	tcase_set_timeout(cals, 120);
	tcase_add_test(cals, test_wonderful_life);
	tcase_add_test(cals, test_saturday_work);
	tcase_add_test(cals, test_start_on_sunday);
	tcase_add_test(cals, test_start_on_holiday);
	tcase_add_test(cals, test_marks);
	tcase_add_test(cals, test_many_marks);
	tcase_add_test(cals, test_all_days_off);
	tcase_add_test(cals, test_usage_and_limits);
	tcase_add_test(cals, test_nth_million);
	tcase_add_test(cals, test_nth_fast);
	tcase_add_test(cals, test_random_calendars);
	suite_add_tcase(s, cals);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(calendar_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
