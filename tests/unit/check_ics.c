/*
 * check_ics.c - the calendar feed, read back by libical's parser: one
 * all-day event a shoot day on the day's date, holidays and travel days,
 * UIDs that are the same from run to run and differ from event to event,
 * one element's days, and the refusals.  (t0111 reads it back with an
 * independent parser too.)
 */
#include <config.h>

#include <check.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "sb_priv.h"
#include "report_priv.h"

static char dir[64], path[256];
static sb_ctx *ctx;
static int64_t project;

static void
setup(void)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, NULL, 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;
	const char *top = getenv("top_srcdir");
	char sample[1024];

	snprintf(sample, sizeof(sample), "%s/tests/fixtures/uss/wonderful-life-full.uss",
	    top != NULL ? top : ".");
	strcpy(dir, "/tmp/check_ics.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	ctx = sb_ctx_new();
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_msg(sb_import(ctx, sample, &opts, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	project = sum.project_id;
}

static void
teardown(void)
{
	char cmd[128];

	sb_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
exec(const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(ctx->db, sql, NULL, NULL, &err) == SQLITE_OK, "%s", err);
}

static int64_t
count(const char *sql)
{
	sqlite3_stmt *st;
	int64_t n;

	ck_assert_int_eq(sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *
ics(const char *board, const char *element, int *rc)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);

	ck_assert_ptr_nonnull(f);
	*rc = sb_report_ics(ctx, project, board, element, f);
	ck_assert_int_eq(fclose(f), 0);
	return mem;
}

struct ev {
	char uid[256], summary[512], start[16], end[16];
};

/* Parse text with libical; its events into evs (at most max); their count. */
static size_t
parse(const char *text, struct ev *evs, size_t max)
{
	icalcomponent *cal = icalparser_parse_string(text), *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	ck_assert_int_eq(icalcomponent_count_errors(cal), 0);
	ck_assert_str_eq(icalproperty_get_version(icalcomponent_get_first_property(cal,
	    ICAL_VERSION_PROPERTY)), "2.0");
	ck_assert_ptr_nonnull(icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY));
	for (e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e != NULL;
	    e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		struct icaltimetype s = icalcomponent_get_dtstart(e);
		struct icaltimetype t = icalcomponent_get_dtend(e);
		struct icaltimetype stamp = icalcomponent_get_dtstamp(e);

		ck_assert_uint_lt(n, max);
		ck_assert_ptr_nonnull(icalcomponent_get_uid(e));
		ck_assert_ptr_nonnull(icalcomponent_get_summary(e));
		/* all-day: dates, one day long; a stamp in UTC */
		ck_assert(s.is_date && t.is_date);
		ck_assert_int_eq(icaltime_compare(icaltime_add(s, icaldurationtype_from_int(86400)), t), 0);
		ck_assert(!icaltime_is_null_time(stamp) && icaltime_is_utc(stamp));
		snprintf(evs[n].uid, sizeof(evs[n].uid), "%s", icalcomponent_get_uid(e));
		snprintf(evs[n].summary, sizeof(evs[n].summary), "%s", icalcomponent_get_summary(e));
		snprintf(evs[n].start, sizeof(evs[n].start), "%04d-%02d-%02d", s.year, s.month, s.day);
		snprintf(evs[n].end, sizeof(evs[n].end), "%04d-%02d-%02d", t.year, t.month, t.day);
		n++;
	}
	icalcomponent_free(cal);
	return n;
}

static const struct ev *
find(const struct ev *evs, size_t n, const char *uid_part)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(evs[i].uid, uid_part) != NULL)
			return &evs[i];
	return NULL;
}

static struct ev evs[512];

START_TEST(test_days)
{
	int rc;
	char *a = ics("First Pass", NULL, &rc), *b;
	size_t n, days = 0;
	const struct ev *e;

	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert(strncmp(a, "BEGIN:VCALENDAR\r\n", 17) == 0);
	n = strlen(a);
	ck_assert(n > 15 && strcmp(a + n - 15, "END:VCALENDAR\r\n") == 0);
	n = parse(a, evs, sizeof(evs) / sizeof(evs[0]));
	/* one event a shoot day, each on its own date */
	for (size_t i = 0; i < n; i++) {
		if (strstr(evs[i].uid, "-day-") == NULL)
			continue;
		days++;
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(evs[i].start, evs[j].start);
	}
	ck_assert_int_eq((int64_t)days, count("SELECT count(*) FROM day d JOIN board b"
	    " ON b.id = d.board_id WHERE b.name = 'First Pass' AND d.kind = 'shoot'"));
	/* the dates of the board's calendar: weekends off, from Aug 3, 2022 */
	ck_assert_ptr_nonnull(e = find(evs, n, "-day-1@"));
	ck_assert_str_eq(e->start, "2022-08-03");
	ck_assert_str_eq(e->end, "2022-08-04");
	ck_assert_str_eq(e->summary, "Day 1 \xc2\xb7 1/8 pgs \xc2\xb7 BEDFORD FALLS - MAIN STREET");
	ck_assert_ptr_nonnull(e = find(evs, n, "-day-4@"));
	ck_assert_str_eq(e->start, "2022-08-08");
	ck_assert_str_eq(e->summary, "Day 4 \xc2\xb7 7 2/8 pgs \xc2\xb7 BAILEY HOME - DINING ROOM, "
	    "BEDFORD FALLS - MAIN STREET");
	ck_assert_ptr_nonnull(e = find(evs, n, "-day-18@"));
	ck_assert_str_eq(e->start, "2022-08-26");
	/* Labor Day is a holiday: no shoot day on it, an event of its own */
	ck_assert_ptr_nonnull(e = find(evs, n, "-holiday-20220905@"));
	ck_assert_str_eq(e->start, "2022-09-05");
	ck_assert_str_eq(e->summary, "Holiday");
	ck_assert_ptr_nonnull(e = find(evs, n, "-travel-20220807@"));
	ck_assert_str_eq(e->summary, "Travel day");
	ck_assert_uint_eq(n, days + 3);
	/* UIDs: all different, and the same bytes from a second run */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(evs[i].uid, evs[j].uid);
	b = ics("First Pass", NULL, &rc);
	ck_assert_int_eq(rc, SB_OK);
	ck_assert_str_eq(a, b);
	/* the description lists the day's strips */
	ck_assert_ptr_nonnull(strstr(a, "DESCRIPTION:Shoot day 1 of First Pass\\nSc. ? \xe2\x80\x94 EXT "));
	free(a);
	free(b);
}
END_TEST

/* A day moved is the same event at its new date. */
START_TEST(test_stable_uid)
{
	int rc;
	char *a = ics("First Pass", NULL, &rc);
	size_t n;
	char uid1[sizeof(evs[0].uid)];
	const struct ev *e;

	ck_assert_int_eq(rc, SB_OK);
	n = parse(a, evs, sizeof(evs) / sizeof(evs[0]));
	ck_assert_ptr_nonnull(e = find(evs, n, "-day-1@"));
	memcpy(uid1, e->uid, sizeof(uid1));
	free(a);
	/* the shoot starts a week later */
	exec("UPDATE calendar_day SET date = '2022-08-10' WHERE kind = 'start' AND"
	    " calendar_id = (SELECT calendar_id FROM board WHERE name = 'First Pass')");
	a = ics("First Pass", NULL, &rc);
	ck_assert_int_eq(rc, SB_OK);
	n = parse(a, evs, sizeof(evs) / sizeof(evs[0]));
	ck_assert_ptr_nonnull(e = find(evs, n, "-day-1@"));
	ck_assert_str_eq(e->uid, uid1);
	ck_assert_str_eq(e->start, "2022-08-10");
	free(a);
}
END_TEST

START_TEST(test_element)
{
	int rc;
	char *a = ics("First Pass", "GEORGE", &rc);
	size_t n, days = 0;
	int64_t want;

	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	n = parse(a, evs, sizeof(evs) / sizeof(evs[0]));
	want = count("SELECT count(DISTINCT p.day_id) FROM placement p"
	    " JOIN board b ON b.id = p.board_id JOIN day d ON d.id = p.day_id"
	    " JOIN strip s ON s.id = p.strip_id JOIN strip_element se ON se.strip_id = s.id"
	    " JOIN element e ON e.id = se.element_id WHERE b.name = 'First Pass'"
	    " AND d.kind = 'shoot' AND e.name = 'GEORGE' AND s.omitted = 0");
	ck_assert_int_gt(want, 10);
	for (size_t i = 0; i < n; i++)
		if (strstr(evs[i].uid, "-day-") != NULL) {
			days++;
			ck_assert(strncmp(evs[i].summary, "GEORGE \xc2\xb7 Day ", 13) == 0);
		}
	ck_assert_int_eq((int64_t)days, want);
	/* his own travel and rehearsal (June 2022) are events too */
	ck_assert_ptr_nonnull(strstr(a, "SUMMARY:GEORGE \xc2\xb7 travel\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "DTSTART;VALUE=DATE:20220606\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "SUMMARY:GEORGE \xc2\xb7 rehearsal\r\n"));
	/* case does not matter when only one element has the name */
	free(a);
	a = ics("First Pass", "george", &rc);
	ck_assert_int_eq(rc, SB_OK);
	ck_assert_uint_eq(parse(a, evs, sizeof(evs) / sizeof(evs[0])), n);
	free(a);
}
END_TEST

START_TEST(test_refusals)
{
	int rc;
	char *a;

	a = ics("No Such Board", NULL, &rc);
	ck_assert_int_eq(rc, SB_ENOTFOUND);
	free(a);
	a = ics("First Pass", "NOBODY AT ALL", &rc);
	ck_assert_int_eq(rc, SB_ENOTFOUND);
	ck_assert_str_eq(sb_errmsg(ctx), "no element is called \"NOBODY AT ALL\"");
	free(a);
	/* a name in two categories other than the cast is ambiguous */
	exec("INSERT INTO element (project_id, category_id, uid, name, rank)"
	    " SELECT project_id, id, 'x1', 'LAMP', 1 FROM category WHERE name = 'Props'");
	exec("INSERT INTO element (project_id, category_id, uid, name, rank)"
	    " SELECT project_id, id, 'x2', 'LAMP', 1 FROM category WHERE name = 'Set Dressing'");
	a = ics("First Pass", "LAMP", &rc);
	ck_assert_int_eq(rc, SB_EUSAGE);
	ck_assert_str_eq(sb_errmsg(ctx), "\"LAMP\" names an element of several categories "
	    "(Props, Set Dressing)");
	free(a);
	/* ...but the cast member wins when one of them is the cast */
	exec("INSERT INTO element (project_id, category_id, uid, name, rank)"
	    " SELECT project_id, id, 'x3', 'GEORGE', 1 FROM category WHERE name = 'Props'");
	a = ics("First Pass", "GEORGE", &rc);
	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_ptr_nonnull(strstr(a, "SUMMARY:GEORGE \xc2\xb7 Day "));
	free(a);
	/* a board whose days have no dates */
	exec("UPDATE board SET calendar_id = NULL WHERE name = 'First Pass'");
	a = ics("First Pass", NULL, &rc);
	ck_assert_int_eq(rc, SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "has no calendar"));
	free(a);
}
END_TEST

static Suite *
ics_suite(void)
{
	Suite *s = suite_create("ics");
	TCase *t = tcase_create("ics");

	tcase_set_timeout(t, 60);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_days);
	tcase_add_test(t, test_stable_uid);
	tcase_add_test(t, test_element);
	tcase_add_test(t, test_refusals);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ics_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
