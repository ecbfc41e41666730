/*
 * check_store.c - the store layer's conventions (lib/store.h): a zeroed row
 * struct writes what the schema would, has_ flags and 0 ids are NULL,
 * STORE_RANK_NEXT appends, refusals are told apart from failures, and the
 * version-checked updates say whether they hit.
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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
