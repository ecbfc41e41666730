/*
 * check_uss.c - the USS reader and writer, and the board cursor over what
 * they read: the real samples, their quirks, and what a writer gives back.
 */
#include <config.h>

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "board_priv.h"

static char dir[64];
static char path[256];
static sb_ctx *ctx;
static int64_t project;

static const char *
sample(const char *name)
{
	static char buf[1024];
	const char *top = getenv("top_srcdir");

	snprintf(buf, sizeof(buf), "%s/tests/fixtures/uss/%s", top ? top : ".", name);
	return buf;
}

static void
open_db(void)
{
	strcpy(dir, "/tmp/check_uss.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	ctx = sb_ctx_new();
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
}

static void
setup_full(void)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, NULL, 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;

	open_db();
	ck_assert_msg(sb_import(ctx, sample("wonderful-life-full.uss"), &opts, &sum) == SB_OK,
	    "%s", sb_errmsg(ctx));
	ck_assert_int_eq(sum.format, SB_FMT_USS);
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

static int64_t
query_int(const char *sql)
{
	sb_st *st;
	int64_t v = -1;

	ck_assert_int_eq(sb_prepare(ctx, sql, &st), SQLITE_OK);
	if (sb_step(st) == SQLITE_ROW)
		v = sb_col_int64(st, 0);
	sb_finalize(st);
	return v;
}

START_TEST(full_sample_counts)
{
	ck_assert_int_eq(query_int("SELECT count(*) FROM strip"), 174);
	ck_assert_int_eq(query_int("SELECT count(*) FROM category"), 34);
	ck_assert_int_eq(query_int("SELECT count(*) FROM element"), 238);
	ck_assert_int_eq(query_int("SELECT count(*) FROM board"), 4);
	ck_assert_int_eq(query_int("SELECT count(*) FROM calendar"), 3);
	ck_assert_int_eq(query_int("SELECT max(n) FROM (SELECT count(*) n FROM day"
	    " WHERE kind = 'shoot' GROUP BY board_id)"), 67);
	/* element events: travel and rehearsal of GEORGE, and a day off */
	ck_assert_int_eq(query_int("SELECT count(*) FROM element_event"), 3);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit WHERE entity = 'project'"), 1);
}
END_TEST

START_TEST(full_sample_values)
{
	/* "pages": 1.625 is 13 eighths; "duration" ms as est_ms */
	ck_assert_int_eq(query_int("SELECT eighths FROM strip WHERE uid = '5e2dd860fb4b2900171967fe'"), 13);
	ck_assert_int_eq(query_int("SELECT est_ms FROM strip WHERE uid = '5e2dd860fb4b2900171967fc'"), 5400000);
	/* type "strip" is a scene; the banner is a banner */
	ck_assert_int_eq(query_int("SELECT count(*) FROM strip WHERE type = 'scene'"), 173);
	ck_assert_int_eq(query_int("SELECT count(*) FROM strip WHERE uid = '6009abb2fac8810c058d3076'"
	    " AND type = 'banner' AND banner_text = 'It''s A Wonderful Life'"), 1);
	/* a record without "created" lists it as absent */
	ck_assert_int_eq(query_int("SELECT count(*) FROM strip WHERE absent = 'created'"), 3);
	/* calendar: days off as written, and the kinds of its events */
	ck_assert_int_eq(query_int("SELECT count(*) FROM calendar WHERE days_off = '6,0'"), 3);
	ck_assert_int_eq(query_int("SELECT count(*) FROM calendar_day WHERE kind = 'start'"), 3);
	ck_assert_int_eq(query_int("SELECT count(*) FROM calendar_day WHERE kind = 'travel'"
	    " AND date = '2022-08-07'"), 1);
	/* the lanes of a board */
	ck_assert_int_eq(query_int("SELECT count(*) FROM lane WHERE kind = 'schedule'"), 4);
	ck_assert_int_eq(query_int("SELECT count(*) FROM lane WHERE kind = 'boneyard'"), 4);
	ck_assert_int_eq(query_int("SELECT count(*) FROM lane WHERE nested = 0"), 5);
}
END_TEST

START_TEST(cursor_walks_days_and_dates)
{
	struct sb_board_cur cur;
	char date[SB_DATE_BUFSZ];
	int rc, strips = 0, days = 0, boneyard = 0;
	int64_t last_day = 0;

	ck_assert_int_eq(sb_board_open(ctx, project, "First Pass", &cur), SB_OK);
	while ((rc = sb_board_next(&cur)) > 0) {
		if (rc == SB_CUR_DAY_END) {
			days++;
			ck_assert_int_eq(cur.day_no, days);
			ck_assert(cur.has_date);
			if (cur.day_no == 1)
				ck_assert_str_eq(sb_date_format(cur.date, date, sizeof(date)), "2022-08-03");
			if (cur.day_no == 24) /* after the Labor Day holiday */
				ck_assert_str_eq(sb_date_format(cur.date, date, sizeof(date)), "2022-09-06");
			if (cur.day_no == 61)
				ck_assert_str_eq(sb_date_format(cur.date, date, sizeof(date)), "2022-10-28");
			continue;
		}
		strips++;
		ck_assert_int_eq(cur.row.position, strips);
		if (cur.lane_kind == SB_LANE_BONEYARD) {
			boneyard++;
			ck_assert(!cur.has_date);
		} else {
			ck_assert_int_ge(cur.day_no, last_day);
			last_day = cur.day_no;
		}
	}
	ck_assert_int_eq(rc, SB_CUR_END);
	ck_assert_int_eq(days, 61);
	ck_assert_int_eq(boneyard, 2);
	ck_assert_int_eq(strips, 173);
	sb_board_close(&cur);

	ck_assert_int_eq(sb_board_open(ctx, project, "Nope", &cur), SB_ENOTFOUND);
}
END_TEST

START_TEST(cursor_reports_elements)
{
	struct sb_board_cur cur;
	int rc, found = 0;

	ck_assert_int_eq(sb_board_open(ctx, project, "Script Order", &cur), SB_OK);
	while ((rc = sb_board_next(&cur)) > 0) {
		if (rc != SB_CUR_STRIP || strcmp(cur.row.uid, "5e2dd860fb4b2900171967fe") != 0)
			continue;
		found = 1;
		ck_assert_str_eq(cur.row.scene, "2");
		ck_assert_str_eq(cur.row.int_ext, "EXT");
		ck_assert_str_eq(cur.row.day_night, "DAY");
		ck_assert_int_eq(cur.row.eighths, 13);
		ck_assert_int_eq(cur.row.nel, 12);
		ck_assert_str_eq(cur.row.el[0].name, "GEORGE");
		ck_assert_str_eq(cur.row.el[0].board_id, "1");
		ck_assert_str_eq(cur.cats[cur.row.el[0].cat].name, "Cast");
	}
	ck_assert_int_eq(rc, SB_CUR_END);
	ck_assert(found);
	sb_board_close(&cur);
}
END_TEST

START_TEST(writer_gives_back_the_quirks)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_error_t err;
	json_t *doc, *root, *bd, *el, *lane;

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(sb_export_uss(ctx, project, mem), SB_OK);
	fclose(mem);
	doc = json_loadb(buf, len, 0, &err);
	ck_assert_msg(doc != NULL, "%s at line %d", err.text, err.line);
	root = json_object_get(doc, "universalScheduleStandard");
	ck_assert_str_eq(json_string_value(json_object_get(root, "name")), "Full Sample Schedule");
	bd = json_array_get(json_object_get(root, "breakdowns"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(bd, "type")), "scene");
	ck_assert(json_real_value(json_object_get(bd, "pages")) == 1.625);
	ck_assert_ptr_null(json_object_get(bd, "created")); /* absent stays absent */
	el = json_array_get(json_object_get(root, "elements"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(el, "dropDayCount")), 10);
	ck_assert_ptr_null(json_object_get(el, "doodDayCount"));
	lane = json_array_get(json_object_get(json_array_get(
	    json_object_get(root, "stripboards"), 1), "boards"), 0);
	ck_assert(json_is_string(json_array_get(json_object_get(lane, "breakdownIds"), 7)));
	ck_assert(json_is_array(json_array_get(json_object_get(lane, "breakdownIds"), 6)));
	ck_assert_int_eq(json_array_size(json_object_get(lane, "breakdownIds")), 61);
	json_decref(doc);
	free(buf);
}
END_TEST

START_TEST(replace_is_one_transaction)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, NULL, 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;

	ck_assert_int_eq(sb_import(ctx, sample("wonderful-life-full.uss"), &opts, &sum), SB_EFAIL);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "--replace"));
	opts.replace = 1;
	ck_assert_int_eq(sb_import(ctx, sample("wonderful-life-full.uss"), &opts, &sum), SB_OK);
	ck_assert_int_eq(sum.project_id, project);
	ck_assert_int_eq(query_int("SELECT count(*) FROM strip"), 174);
	ck_assert_int_eq(query_int("SELECT version FROM project"), 2);
	/* one row an import, and the replaced project's rows kept (one part) */
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit WHERE entity <> 'kept'"), 2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit WHERE entity = 'kept'"), 1);
}
END_TEST

START_TEST(small_sample)
{
	struct sb_import_opts opts = { SB_FMT_USS, "Small", 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;

	open_db();
	ck_assert_int_eq(sb_import(ctx, sample("wonderful-life-small.uss"), &opts, &sum), SB_OK);
	ck_assert_str_eq(sum.project, "Small");
	ck_assert_int_eq(sum.strips, 2);
	ck_assert_int_eq(sum.days, 1);
	/* the element with daysOff [1,5] and two events */
	ck_assert_int_eq(query_int("SELECT count(*) FROM element WHERE days_off = '1,5'"
	    " AND board_id = '1' AND is_id_lock = 1 AND is_hold = 0"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM element_event"), 2);
	/* the format forced by the caller must match the content */
	opts.format = SB_FMT_CSV;
	opts.project = "Again";
	ck_assert_int_eq(sb_import(ctx, sample("wonderful-life-small.uss"), &opts, &sum), SB_EDATA);
	teardown();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("uss");
	TCase *full = tcase_create("full sample"), *small = tcase_create("small sample");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(full, setup_full, teardown);
	tcase_set_timeout(full, 60);
	tcase_add_test(full, full_sample_counts);
	tcase_add_test(full, full_sample_values);
	tcase_add_test(full, cursor_walks_days_and_dates);
	tcase_add_test(full, cursor_reports_elements);
	tcase_add_test(full, writer_gives_back_the_quirks);
	tcase_add_test(full, replace_is_one_transaction);
	tcase_add_test(small, small_sample);
	suite_add_tcase(s, full);
	suite_add_tcase(s, small);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
