/*
 * check_store.c - the store layer's conventions (lib/store.h): a zeroed row
 * struct writes what the schema would, has_ flags and 0 ids are NULL,
 * STORE_RANK_NEXT appends, refusals are told apart from failures, the
 * version-checked updates say whether they hit, and the shoot days kept
 * before each calendar entry are made at the commit of every write.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "store.h"

static char dir[64], path[256];
static sb_ctx *ctx;
static int64_t project;

static void
setup(void)
{
	struct sb_row_project p;

	strcpy(dir, "/tmp/check_store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	ctx = sb_ctx_new();
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	memset(&p, 0, sizeof(p));
	p.name = "P";
	p.created_at = sb_now(ctx);
	ck_assert_int_eq(store_project_insert(ctx, &p, &project), SB_OK);
	ck_assert_int_gt(project, 0);
}

static void
teardown(void)
{
	char cmd[128];

	sb_rollback(ctx);
	sb_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The text of one value (NULL as "NULL"), of a query binding ?1 to id. */
static const char *
value(const char *sql, int64_t id)
{
	static char buf[256];
	sb_st *st;

	ck_assert_int_eq(sb_prepare(ctx, sql, &st), SQLITE_OK);
	sb_bind_int64(st, 1, id);
	ck_assert_int_eq(sb_step(st), SQLITE_ROW);
	snprintf(buf, sizeof(buf), "%s", sb_col_type(st, 0) == SQLITE_NULL ?
	    "NULL" : (const char *)sb_col_text(st, 0));
	sb_finalize(st);
	return buf;
}

START_TEST(test_zeroed_rows)
{
	struct sb_row_strip s;
	struct sb_row_board b;
	struct sb_row_element e;
	int64_t strip, board, cat, el;
	struct sb_row_category c;

	ck_assert_str_eq(value("SELECT meta || '|' || version || '|' ||"
	    " coalesce(active_board_id, 'NULL') FROM project WHERE id = ?1", project),
	    "{}|1|NULL");
	memset(&s, 0, sizeof(s));
	s.project_id = project;
	s.uid = "u1";
	s.type = "scene";
	s.eighths = 12; /* no has_eighths: NULL whatever the value */
	ck_assert_int_eq(store_strip_insert(ctx, &s, &strip), SB_OK);
	ck_assert_str_eq(value("SELECT quote(eighths) || quote(est_ms) || omitted ||"
	    " version || quote(scene) FROM strip WHERE id = ?1", strip), "NULLNULL01NULL");
	s.uid = "u2";
	s.has_eighths = 1;
	s.omitted = 7; /* any true value is 1 */
	ck_assert_int_eq(store_strip_insert(ctx, &s, &strip), SB_OK);
	ck_assert_str_eq(value("SELECT eighths || '|' || omitted FROM strip WHERE id = ?1",
	    strip), "12|1");

	memset(&b, 0, sizeof(b));
	b.project_id = project;
	b.uid = "b";
	b.name = "B";
	ck_assert_int_eq(store_board_insert(ctx, &b, &board), SB_OK);
	ck_assert_str_eq(value("SELECT quote(calendar_id) FROM board WHERE id = ?1", board),
	    "NULL");

	memset(&c, 0, sizeof(c));
	c.project_id = project;
	c.uid = "c";
	c.name = "Cast";
	ck_assert_int_eq(store_category_insert(ctx, &c, &cat), SB_OK);
	memset(&e, 0, sizeof(e));
	e.project_id = project;
	e.category_id = cat;
	e.uid = "e";
	e.name = "Ann";
	e.has_is_dood = 1; /* 0 said, the others not said */
	ck_assert_int_eq(store_element_insert(ctx, &e, &el), SB_OK);
	ck_assert_str_eq(value("SELECT quote(is_dood) || quote(is_hold) || quote(drop_days)"
	    " FROM element WHERE id = ?1", el), "0NULLNULL");
}
END_TEST

START_TEST(test_rank_next)
{
	struct sb_row_category c;
	int64_t id;

	memset(&c, 0, sizeof(c));
	c.project_id = project;
	c.uid = "a";
	c.name = "A";
	c.rank = STORE_RANK_NEXT; /* the first of its list: 0 */
	ck_assert_int_eq(store_category_insert(ctx, &c, &id), SB_OK);
	ck_assert_str_eq(value("SELECT rank FROM category WHERE id = ?1", id), "0");
	c.uid = "b";
	c.rank = 41;
	ck_assert_int_eq(store_category_insert(ctx, &c, &id), SB_OK);
	c.uid = "c";
	c.rank = STORE_RANK_NEXT;
	ck_assert_int_eq(store_category_insert(ctx, &c, &id), SB_OK);
	ck_assert_str_eq(value("SELECT rank FROM category WHERE id = ?1", id), "42");
}
END_TEST

START_TEST(test_refused)
{
	struct sb_row_strip s;
	int64_t strip;

	memset(&s, 0, sizeof(s));
	s.project_id = project;
	s.uid = "same";
	s.type = "scene";
	ck_assert_int_eq(store_strip_insert(ctx, &s, &strip), SB_OK);
	ck_assert_int_eq(store_strip_insert(ctx, &s, &strip), SB_EFAIL);
	ck_assert_int_eq(store_constraint(ctx), SQLITE_CONSTRAINT_UNIQUE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "strip: UNIQUE constraint failed"));
	s.uid = "other";
	s.type = "neither"; /* a CHECK, not a UNIQUE */
	ck_assert_int_eq(store_strip_insert(ctx, &s, &strip), SB_EFAIL);
	ck_assert_int_eq(store_constraint(ctx), SQLITE_CONSTRAINT_CHECK);
}
END_TEST

START_TEST(test_version_checked)
{
	struct sb_row_strip s;
	int64_t strip;
	int hit;

	memset(&s, 0, sizeof(s));
	s.project_id = project;
	s.uid = "u";
	s.type = "scene";
	s.scene = "1";
	ck_assert_int_eq(store_strip_insert(ctx, &s, &strip), SB_OK);
	s.id = strip;
	s.version = 1;
	s.scene = "1A";
	ck_assert_int_eq(store_strip_update_script(ctx, &s, &hit), SB_OK);
	ck_assert_int_eq(hit, 1);
	ck_assert_str_eq(value("SELECT scene || '|' || version FROM strip WHERE id = ?1",
	    strip), "1A|2");
	/* still version 1 for the caller: someone came first */
	ck_assert_int_eq(store_strip_update_script(ctx, &s, &hit), SB_OK);
	ck_assert_int_eq(hit, 0);
	ck_assert_int_eq(store_strip_omit(ctx, strip, 1, &hit), SB_OK);
	ck_assert_int_eq(hit, 0);
	ck_assert_int_eq(store_strip_omit(ctx, strip, 2, &hit), SB_OK);
	ck_assert_int_eq(hit, 1);
	ck_assert_str_eq(value("SELECT omitted || '|' || version FROM strip WHERE id = ?1",
	    strip), "1|3");
}
END_TEST

/* The shoot days kept before each entry (migration 011), made at commit. */
static int64_t
cal_entry(int64_t cal, int64_t rank, const char *date, const char *kind)
{
	struct sb_row_calendar_day d;
	int64_t id;

	memset(&d, 0, sizeof(d));
	d.calendar_id = cal;
	d.rank = rank;
	d.date = date;
	d.kind = kind;
	ck_assert_int_eq(store_calendar_day_insert(ctx, &d, &id), SB_OK);
	return id;
}

START_TEST(test_calendar_counts)
{
	struct sb_row_calendar c;
	int64_t cal, e[10];

	memset(&c, 0, sizeof(c));
	c.project_id = project;
	c.uid = "cal";
	c.days_off = "6,0";
	ck_assert_int_eq(store_calendar_insert(ctx, &c, &cal), SB_OK);
	e[0] = cal_entry(cal, 0, "2029-01-01", "start");    /* a Monday */
	e[1] = cal_entry(cal, 1, "2029-01-03", "holiday");  /* Mon, Tue before */
	e[2] = cal_entry(cal, 2, "2029-01-06", "work");     /* a Saturday */
	e[3] = cal_entry(cal, 3, "2029-01-08", "event");    /* a note */
	e[4] = cal_entry(cal, 5, "2029-01-09", "work");     /* ranked after the off */
	e[5] = cal_entry(cal, 4, "2029-01-09", "off");
	e[6] = cal_entry(cal, 6, "2029-01-15", "holiday");
	e[7] = cal_entry(cal, 7, "2028-12-25", "holiday");  /* before the start */
	e[8] = cal_entry(cal, 8, "someday", "holiday");     /* does not read */
	ck_assert_str_eq(value("SELECT counted FROM calendar WHERE id = ?1", cal), "0");
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	ck_assert_str_eq(value("SELECT counted FROM calendar WHERE id = ?1", cal), "1");
	ck_assert_str_eq(value("SELECT group_concat(shoot_n, ',') FROM (SELECT shoot_n"
	    " FROM calendar_day WHERE calendar_id = ?1 ORDER BY id)", cal),
	    "0,2,4,5,6,6,10,0,-1");

	/* a holiday taken out: the later counts rise */
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(store_calendar_day_delete(ctx, e[1]), SB_OK);
	ck_assert_str_eq(value("SELECT counted FROM calendar WHERE id = ?1", cal), "0");
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	ck_assert_str_eq(value("SELECT group_concat(shoot_n, ',') FROM (SELECT shoot_n"
	    " FROM calendar_day WHERE calendar_id = ?1 ORDER BY id)", cal),
	    "0,5,6,7,7,11,0,-1");

	/* new days off (Sunday alone): Saturdays shoot */
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(store_calendar_set_days_off(ctx, cal, "0"), SB_OK);
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	ck_assert_str_eq(value("SELECT group_concat(shoot_n, ',') FROM (SELECT shoot_n"
	    " FROM calendar_day WHERE calendar_id = ?1 ORDER BY id)", cal),
	    "0,5,6,7,7,12,0,-1");

	/* a failed transaction leaves the counts as they were */
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	cal_entry(cal, 9, "2029-01-02", "holiday");
	sb_rollback(ctx);
	ck_assert_str_eq(value("SELECT counted FROM calendar WHERE id = ?1", cal), "1");
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_zeroed_rows);
	tcase_add_test(tc, test_rank_next);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_version_checked);
	tcase_add_test(tc, test_calendar_counts);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
