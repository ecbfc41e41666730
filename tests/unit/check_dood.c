/*
 * check_dood.c - unit tests of the Day Out of Days rules
 * (lib/op_report_dood_rules.c), one rule at a time, on made-up calendars.
 *
 * The calendar of every test starts on Monday 2024-01-01 with Saturdays and
 * Sundays off; the columns run from Monday 1st to Friday 2024-02-02.  A
 * row is written as a string of one code a date, "." for a blank, so that
 * a test reads like the printed report: "SW H . . W" is Monday SW,
 * Tuesday H, the weekend blank...
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"
#include "report_priv.h"

#define WEEKEND ((1u << 6) | (1u << 0))

static sb_calendar *cal;
static sb_date work[64];
static size_t nwork;
static struct dood_event ev[16];
static size_t nev;
static struct dood_in in;
static struct dood_cell cells[64];
static struct dood_totals tot;
static char row[512];

static sb_date
D(int month, int day)
{
	return sb_date_make(2024, month, day);
}

static void
setup(void)
{
	cal = sb_calendar_new(D(1, 1), WEEKEND);
	ck_assert_ptr_nonnull(cal);
	nwork = nev = 0;
	memset(&in, 0, sizeof(in));
	in.cal = cal;
	in.from = D(1, 1);
	in.to = D(2, 2);
	in.hold = 1;
	in.drop = 1;
	in.drop_days = 10;
}

static void
teardown(void)
{
	sb_calendar_free(cal);
}

static void
w(int month, int day)
{
	work[nwork++] = D(month, day);
}

static void
event(int month, int day, int kind)
{
	ev[nev].date = D(month, day);
	ev[nev].kind = kind;
	ev[nev].name = "test";
	nev++;
}

/* Run the rules; the row from date a to date b (January) as text. */
static const char *
dood(int a, int b)
{
	size_t n = 0;

	in.work = work;
	in.nwork = nwork;
	in.ev = ev;
	in.nev = nev;
	dood_element(&in, cells, &tot);
	row[0] = '\0';
	for (int d = a; d <= b; d++) {
		int code = cells[D(1, d) - in.from].code;

		n += (size_t)snprintf(row + n, sizeof(row) - n, "%s%s", n > 0 ? " " : "",
		    code == DOOD_BLANK ? "." : dood_code_text[code]);
	}
	return row;
}

START_TEST(one_work_day_is_swf)
{
	w(1, 3);
	ck_assert_str_eq(dood(1, 5), ". . SWF . .");
	ck_assert_int_eq(tot.work, 1);
	ck_assert_int_eq(tot.total, 1);
	ck_assert_int_eq(tot.start, D(1, 3));
	ck_assert_int_eq(tot.finish, D(1, 3));
}
END_TEST

START_TEST(start_work_finish_and_holds)
{
	w(1, 2);
	w(1, 4);
	w(1, 9);
	/* Tue SW, Wed H, Thu W, Fri H, the weekend blank, Mon H, Tue WF */
	ck_assert_str_eq(dood(1, 10), ". SW H W H . . H WF .");
	ck_assert_int_eq(tot.work, 3);
	ck_assert_int_eq(tot.hold, 3);
	ck_assert_int_eq(tot.idle, 0);
	ck_assert_int_eq(tot.total, 6);
}
END_TEST

START_TEST(no_holds_leaves_the_gap_blank_and_idle)
{
	in.hold = 0;
	w(1, 1);
	w(1, 4);
	ck_assert_str_eq(dood(1, 5), "SW . . WF .");
	ck_assert_int_eq(tot.hold, 0);
	ck_assert_int_eq(tot.idle, 2);
	ck_assert_int_eq(tot.total, 2);
}
END_TEST

START_TEST(holiday_inside_the_run_only)
{
	sb_calendar_mark(cal, D(1, 3), SB_CAL_HOLIDAY);
	sb_calendar_mark(cal, D(1, 15), SB_CAL_HOLIDAY);
	w(1, 1);
	w(1, 5);
	/* Wednesday's holiday is in the run, the 15th after it */
	ck_assert_str_eq(dood(1, 5), "SW H / H WF");
	ck_assert_str_eq(dood(15, 15), ".");
	ck_assert_int_eq(tot.holiday, 1);
	ck_assert_int_eq(tot.total, 5);
}
END_TEST

START_TEST(company_day_off_stays_blank)
{
	sb_calendar_mark(cal, D(1, 3), SB_CAL_OFF);
	w(1, 1);
	w(1, 5);
	ck_assert_str_eq(dood(1, 5), "SW H . H WF");
	ck_assert_int_eq(tot.hold, 2);
	ck_assert_int_eq(tot.idle, 0);
}
END_TEST

START_TEST(element_events_show_their_code)
{
	in.drop = 0;    /* 10 days between the work days would drop */
	w(1, 1);
	w(1, 12);
	event(1, 2, DOOD_EV_TRAVEL);
	event(1, 3, DOOD_EV_REHEARSAL);
	event(1, 4, DOOD_EV_FITTING);
	event(1, 6, DOOD_EV_REHEARSAL);     /* a Saturday: the event shows */
	ck_assert_str_eq(dood(1, 8), "SW TR R FT H R . H");
	ck_assert_int_eq(tot.travel, 1);
	ck_assert_int_eq(tot.rehearsal, 2);
	ck_assert_int_eq(tot.fitting, 1);
	/* rehearsals and fittings are not in the total unless asked */
	ck_assert_int_eq(tot.total, tot.work + tot.hold + tot.travel);
	in.flags = SB_DOOD_PAID_EVENTS;
	dood(1, 8);
	ck_assert_int_eq(tot.total, tot.work + tot.hold + tot.travel + 3);
}
END_TEST

START_TEST(holiday_wins_over_an_event)
{
	sb_calendar_mark(cal, D(1, 3), SB_CAL_HOLIDAY);
	w(1, 1);
	w(1, 5);
	event(1, 3, DOOD_EV_FITTING);
	ck_assert_str_eq(dood(1, 5), "SW H / H WF");
}
END_TEST

START_TEST(company_travel_day_is_travel)
{
	sb_calendar_mark(cal, D(1, 3), SB_CAL_TRAVEL);
	w(1, 1);
	w(1, 5);
	ck_assert_str_eq(dood(1, 5), "SW H TR H WF");
	ck_assert_int_eq(tot.travel, 1);
	ck_assert_int_eq(tot.total, 5);
	/* not the element's outside its run */
	nwork = 0;
	w(1, 4);
	ck_assert_str_eq(dood(1, 5), ". . . SWF .");
}
END_TEST

START_TEST(events_outside_the_run)
{
	w(1, 10);
	event(1, 8, DOOD_EV_TRAVEL);
	event(1, 9, DOOD_EV_REHEARSAL);
	/* shown, but the run starts at the first work day */
	ck_assert_str_eq(dood(1, 10), ". . . . . . . TR R SWF");
	ck_assert_int_eq(tot.start, D(1, 10));
	ck_assert_int_eq(tot.travel, 1);
}
END_TEST

START_TEST(start_on_the_first_paid_day)
{
	w(1, 10);
	w(1, 11);
	event(1, 8, DOOD_EV_REHEARSAL);
	event(1, 9, DOOD_EV_FITTING);       /* a fitting is not a paid start */
	event(1, 15, DOOD_EV_TRAVEL);
	in.flags = SB_DOOD_START_PAID;
	ck_assert_str_eq(dood(1, 16), ". . . . . . . SR FT W W H . . TF .");
	ck_assert_int_eq(tot.start, D(1, 8));
	ck_assert_int_eq(tot.finish, D(1, 15));
	/* the weekend between is off, Friday the 12th held */
	ck_assert_str_eq(dood(12, 14), "H . .");
	ck_assert_int_eq(tot.total, 2 + 1 + 1 + 1);  /* W W, H, TF, SR; FT not */
	/* travel first: ST */
	nev = 0;
	event(1, 9, DOOD_EV_TRAVEL);
	ck_assert_str_eq(dood(9, 11), "ST W WF");
}
END_TEST

START_TEST(paid_start_before_the_calendar_holds)
{
	/* a rehearsal the week before the shoot: its weekdays are held, its
	 * weekend off, though the calendar has not started */
	in.from = D(1, 1) - 7;
	w(1, 2);
	event(1, 1, DOOD_EV_REHEARSAL);            /* moved to Monday 2023-12-25 below */
	in.flags = SB_DOOD_START_PAID;
	in.work = work;
	in.nwork = nwork;
	in.ev = ev;
	in.nev = nev;
	ev[0].date = D(1, 1) - 7;
	dood_element(&in, cells, &tot);
	ck_assert_int_eq(cells[0].code, DOOD_SR);
	ck_assert_int_eq(cells[1].code, DOOD_H);       /* Tuesday 26th */
	ck_assert_int_eq(cells[5].code, DOOD_BLANK);   /* Saturday 30th */
	ck_assert_int_eq(cells[7].code, DOOD_H);       /* Monday 1st */
	ck_assert_int_eq(cells[8].code, DOOD_WF);      /* Tuesday 2nd */
}
END_TEST

START_TEST(a_long_gap_drops)
{
	w(1, 2);
	w(1, 16);
	w(1, 17);
	/* 13 calendar days between: D on weekdays, weekends blank, PW after */
	ck_assert_str_eq(dood(1, 17), ". SW D D D . . D D D D D . . D PW WF");
	ck_assert_int_eq(tot.drop, 9);
	ck_assert_int_eq(tot.idle, 9);
	ck_assert_int_eq(tot.hold, 0);
	ck_assert_int_eq(tot.drops, 1);
	ck_assert_int_eq(tot.total, 3);
}
END_TEST

START_TEST(a_short_gap_holds)
{
	in.drop_days = 14;
	w(1, 2);
	w(1, 16);
	/* 13 days is less than 14: held */
	ck_assert_str_eq(dood(1, 5), ". SW H H H");
	ck_assert_int_eq(tot.drops, 0);
	/* exactly the count drops */
	in.drop_days = 13;
	ck_assert_str_eq(dood(1, 5), ". SW D D D");
}
END_TEST

START_TEST(no_drops_unless_allowed)
{
	in.drop = 0;
	w(1, 2);
	w(1, 16);
	ck_assert_str_eq(dood(1, 5), ". SW H H H");
	ck_assert_str_eq(dood(16, 16), "WF");
}
END_TEST

START_TEST(holiday_inside_a_drop_is_dropped)
{
	sb_calendar_mark(cal, D(1, 8), SB_CAL_HOLIDAY);
	w(1, 2);
	w(1, 16);
	ck_assert_str_eq(dood(8, 8), "D");
	ck_assert_int_eq(tot.holiday, 0);
}
END_TEST

START_TEST(drop_blank)
{
	in.flags = SB_DOOD_DROP_BLANK;
	w(1, 2);
	w(1, 16);
	ck_assert_str_eq(dood(1, 5), ". SW . . .");
	ck_assert_str_eq(dood(16, 16), "PWF");
	/* still a drop in the totals */
	ck_assert_int_eq(tot.drop, 9);
}
END_TEST

START_TEST(drop_on_the_last_work_day)
{
	in.flags = SB_DOOD_DROP_ON_LAST;
	w(1, 1);
	w(1, 2);
	w(1, 16);
	ck_assert_str_eq(dood(1, 4), "SW WD . .");
	ck_assert_str_eq(dood(16, 16), "PWF");
	ck_assert_int_eq(tot.drop, 9);
	/* the start itself */
	nwork = 0;
	w(1, 2);
	w(1, 16);
	ck_assert_str_eq(dood(2, 3), "SWD .");
}
END_TEST

START_TEST(only_the_first_drop_by_default)
{
	in.drop_days = 3;
	w(1, 1);
	w(1, 8);    /* a gap of 6 days: a drop */
	w(1, 15);   /* a gap of 6 days again: held */
	ck_assert_str_eq(dood(1, 15), "SW D D D D . . PW H H H H . . WF");
	ck_assert_int_eq(tot.drops, 1);
	in.max_drops = -1;
	ck_assert_str_eq(dood(1, 15), "SW D D D D . . PW D D D D . . PWF");
	ck_assert_int_eq(tot.drops, 2);
	in.max_drops = 2;
	dood(1, 15);
	ck_assert_int_eq(tot.drops, 2);
}
END_TEST

START_TEST(no_run_no_row)
{
	/* no work date and no paid event: no row */
	event(1, 3, DOOD_EV_TRAVEL);
	in.work = work;
	in.nwork = 0;
	in.ev = ev;
	in.nev = nev;
	ck_assert_int_eq(dood_element(&in, cells, &tot), 0);
	in.flags = SB_DOOD_START_PAID;
	ck_assert_int_eq(dood_element(&in, cells, &tot), 1);
	ck_assert_str_eq(dood(3, 3), "ST");
}
END_TEST

START_TEST(event_kinds)
{
	ck_assert_int_eq(dood_event_kind("event", "travel"), DOOD_EV_TRAVEL);
	ck_assert_int_eq(dood_event_kind("Travel", NULL), DOOD_EV_TRAVEL);
	ck_assert_int_eq(dood_event_kind("event", "rehearsal"), DOOD_EV_REHEARSAL);
	ck_assert_int_eq(dood_event_kind("fitting", ""), DOOD_EV_FITTING);
	ck_assert_int_eq(dood_event_kind("dayOff", "dayOff"), DOOD_EV_DAY_OFF);
	ck_assert_int_eq(dood_event_kind("event", "photo"), DOOD_EV_OTHER);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("dood");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, one_work_day_is_swf);
	tcase_add_test(tc, start_work_finish_and_holds);
	tcase_add_test(tc, no_holds_leaves_the_gap_blank_and_idle);
	tcase_add_test(tc, holiday_inside_the_run_only);
	tcase_add_test(tc, company_day_off_stays_blank);
	tcase_add_test(tc, element_events_show_their_code);
	tcase_add_test(tc, holiday_wins_over_an_event);
	tcase_add_test(tc, company_travel_day_is_travel);
	tcase_add_test(tc, events_outside_the_run);
	tcase_add_test(tc, start_on_the_first_paid_day);
	tcase_add_test(tc, paid_start_before_the_calendar_holds);
	tcase_add_test(tc, a_long_gap_drops);
	tcase_add_test(tc, a_short_gap_holds);
	tcase_add_test(tc, no_drops_unless_allowed);
	tcase_add_test(tc, holiday_inside_a_drop_is_dropped);
	tcase_add_test(tc, drop_blank);
	tcase_add_test(tc, drop_on_the_last_work_day);
	tcase_add_test(tc, only_the_first_drop_by_default);
	tcase_add_test(tc, no_run_no_row);
	tcase_add_test(tc, event_kinds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
