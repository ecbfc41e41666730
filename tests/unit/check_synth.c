/*
 * check_synth.c - synthetic productions: the same seed gives the same
 * production, the counts are the ones asked for, the shape is a real
 * production's, and what is written reads back like an import.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "sb_priv.h"

static char dir[64];

static void
setup(void)
{
	strcpy(dir, "/tmp/check_synth.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A new database in the scratch directory holding a synthetic production. */
static sb_ctx *
make(const char *name, int64_t strips, uint64_t seed,
    struct sb_import_summary *sum)
{
	struct sb_synth_opts opts = { strips, seed, NULL, 0 };
	char path[256];
	sb_ctx *ctx = sb_ctx_new();

	ck_assert_ptr_nonnull(ctx);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_msg(sb_synth(ctx, &opts, sum) == SB_OK, "%s", sb_errmsg(ctx));
	return ctx;
}

static int64_t
query_int(sb_ctx *ctx, const char *sql)
{
	sb_st *st;
	int64_t v = -1;

	ck_assert_msg(sb_prepare(ctx, sql, &st) == SQLITE_OK,
	    "%s: %s", sql, sb_db_errmsg(ctx));
	if (sb_step(st) == SQLITE_ROW)
		v = sb_col_int64(st, 0);
	sb_finalize(st);
	return v;
}

/* A board exported as CSV, in memory. */
static char *
board_csv(sb_ctx *ctx, int64_t project, const char *board)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_msg(sb_export_board(ctx, project, board, SB_FMT_CSV, f) == SB_OK,
	    "%s", sb_errmsg(ctx));
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(counts)
{
	struct sb_import_summary sum;
	sb_ctx *ctx = make("c.db", 200, 1, &sum);

	ck_assert_int_eq(sum.strips, 200);
	ck_assert_int_eq(sum.boards, 3);
	ck_assert_int_eq(sum.categories, 17);
	ck_assert_int_eq(sum.calendars, 2);
	ck_assert_str_eq(sum.project, "synthetic-200");
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip"), 200);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM element"), sum.elements);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM day WHERE kind = 'shoot'"),
	    sum.days);
	/* every strip is on every board, once */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM placement"), 600);
	ck_assert_int_eq(query_int(ctx, "SELECT count(DISTINCT board_id || '.' || strip_id)"
	    " FROM placement"), 600);
	/* a dozen categories besides the strip's own five */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM category"
	    " WHERE ucid NOT IN (0, 1, 2, 3, 6)"), 12);
	/* the lanes the USS reader makes: a schedule, a boneyard, a second unit */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM lane WHERE kind = 'schedule'"
	    " AND name = 'stripboard'"), 3);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM lane WHERE kind = 'boneyard'"
	    " AND name = 'boneyard'"), 2);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM lane WHERE kind = 'other'"), 1);
	/* one audit row, like an import */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM audit"), 1);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM audit WHERE entity = 'project'"
	    " AND json_extract(changes, '$.import.format') = 'synthetic'"
	    " AND json_extract(changes, '$.import.strips') = 200"), 1);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(deterministic)
{
	struct sb_import_summary a, b, c;
	sb_ctx *x = make("a.db", 500, 7, &a);
	sb_ctx *y = make("b.db", 500, 7, &b);
	sb_ctx *z = make("c.db", 500, 8, &c);
	static const char *const boards[] = { "First Pass", "Second Pass", "Script Order" };

	ck_assert_int_eq(a.elements, b.elements);
	ck_assert_int_eq(a.days, b.days);
	for (size_t i = 0; i < 3; i++) {
		char *p = board_csv(x, a.project_id, boards[i]);
		char *q = board_csv(y, b.project_id, boards[i]);
		char *r = board_csv(z, c.project_id, boards[i]);

		ck_assert_msg(strcmp(p, q) == 0, "%s differs for the same seed", boards[i]);
		ck_assert_msg(strcmp(p, r) != 0, "%s is the same for another seed", boards[i]);
		ck_assert_int_gt(strlen(p), 500 * 60);
		free(p);
		free(q);
		free(r);
	}
	sb_ctx_free(x);
	sb_ctx_free(y);
	sb_ctx_free(z);
}
END_TEST

START_TEST(shape)
{
	struct sb_import_summary sum;
	sb_ctx *ctx = make("s.db", 5000, 3, &sum);
	int64_t top, median;

	/* scenes of 1/8 to 5 pages; banners without pages */
	ck_assert_int_eq(query_int(ctx, "SELECT min(eighths) FROM strip WHERE type = 'scene'"), 1);
	ck_assert_int_eq(query_int(ctx, "SELECT max(eighths) FROM strip WHERE type = 'scene'"), 40);
	ck_assert_int_gt(query_int(ctx, "SELECT count(*) FROM strip WHERE type = 'banner'"), 50);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip WHERE type = 'banner'"
	    " AND eighths IS NOT NULL"), 0);
	/* most scenes are short */
	ck_assert_int_gt(query_int(ctx, "SELECT count(*) FROM strip WHERE eighths <= 16"), 2500);
	/* every shoot day but the last of its lane holds 3 to 8 pages */
	ck_assert_int_eq(query_int(ctx,
	    "SELECT count(*) FROM (SELECT d.id, d.lane_id, d.pos,"
	    " (SELECT coalesce(sum(s.eighths), 0) FROM placement p JOIN strip s"
	    "  ON s.id = p.strip_id WHERE p.day_id = d.id) AS e"
	    " FROM day d WHERE d.kind = 'shoot') AS x"
	    " WHERE (e < 24 OR e > 64) AND x.pos <> (SELECT max(pos) FROM day"
	    "  WHERE lane_id = x.lane_id)"), 0);
	ck_assert_int_gt(query_int(ctx, "SELECT count(*) FROM day WHERE kind = 'shoot'"), 1000);
	/* a few hundred sets, fewer locations */
	ck_assert_int_ge(query_int(ctx, "SELECT count(*) FROM element e JOIN category c"
	    " ON c.id = e.category_id WHERE c.ucid = 0"), 100);
	ck_assert_int_le(query_int(ctx, "SELECT count(*) FROM element e JOIN category c"
	    " ON c.id = e.category_id WHERE c.ucid = 0"), 400);
	ck_assert_int_lt(query_int(ctx, "SELECT count(*) FROM element e JOIN category c"
	    " ON c.id = e.category_id WHERE c.ucid = 6"), query_int(ctx,
	    "SELECT count(*) FROM element e JOIN category c ON c.id = e.category_id"
	    " WHERE c.ucid = 0"));
	/* a long-tailed cast: the lead in far more scenes than the middle */
	top = query_int(ctx, "SELECT max(n) FROM (SELECT count(*) AS n FROM strip_element se"
	    " JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id"
	    " WHERE c.ucid = 100 GROUP BY e.id)");
	median = query_int(ctx, "SELECT n FROM (SELECT count(*) AS n FROM strip_element se"
	    " JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id"
	    " WHERE c.ucid = 100 GROUP BY e.id ORDER BY n) LIMIT 1 OFFSET"
	    " (SELECT count(*) / 2 FROM element e JOIN category c ON c.id = e.category_id"
	    "  WHERE c.ucid = 100)");
	ck_assert_int_gt(top, 20 * median);
	ck_assert_int_ge(query_int(ctx, "SELECT min(n) FROM (SELECT count(*) AS n FROM"
	    " strip_element se JOIN strip s ON s.id = se.strip_id WHERE s.type = 'scene'"
	    " GROUP BY s.id)"), 6);
	/* the strip's columns are its elements, as the USS reader fills them */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip s WHERE s.type = 'scene'"
	    " AND s.set_name <> (SELECT e.name FROM strip_element se JOIN element e"
	    " ON e.id = se.element_id JOIN category c ON c.id = e.category_id"
	    " WHERE se.strip_id = s.id AND c.ucid = 0)"), 0);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip s WHERE s.type = 'scene'"
	    " AND s.location <> (SELECT e.name FROM strip_element se JOIN element e"
	    " ON e.id = se.element_id JOIN category c ON c.id = e.category_id"
	    " WHERE se.strip_id = s.id AND c.ucid = 6)"), 0);
	/* weekends off, holidays and a start on both calendars */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM calendar WHERE days_off = '6,0'"), 2);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM calendar_day WHERE kind = 'start'"), 2);
	ck_assert_int_ge(query_int(ctx, "SELECT count(*) FROM calendar_day WHERE kind = 'holiday'"), 10);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM board WHERE calendar_id IS NOT NULL"), 2);
	/* position keys are valid and unique per day */
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM placement"
	    " WHERE pos GLOB '*[^0-9A-Za-z]*' OR pos LIKE '%0'"), 0);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(reads_back_like_an_import)
{
	struct sb_import_opts iopts = { SB_FMT_AUTO, "again", 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum, back;
	sb_ctx *ctx = make("r.db", 300, 11, &sum);
	char uss[256];
	FILE *f;
	char *a, *b;

	snprintf(uss, sizeof(uss), "%s/r.uss", dir);
	ck_assert_ptr_nonnull(f = fopen(uss, "w"));
	ck_assert_msg(sb_export_uss(ctx, sum.project_id, f) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_msg(sb_import(ctx, uss, &iopts, &back) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(back.strips, sum.strips);
	ck_assert_int_eq(back.elements, sum.elements);
	ck_assert_int_eq(back.categories, sum.categories);
	ck_assert_int_eq(back.boards, sum.boards);
	ck_assert_int_eq(back.days, sum.days);
	ck_assert_int_eq(back.calendars, sum.calendars);
	/* the boards read back say the same, dates and all */
	a = board_csv(ctx, sum.project_id, "Second Pass");
	b = board_csv(ctx, back.project_id, "Second Pass");
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(refusals)
{
	struct sb_synth_opts opts = { 0, 1, "x", 0 };
	struct sb_import_summary sum;
	sb_ctx *ctx = make("f.db", 50, 1, &sum);

	ck_assert_int_eq(sb_synth(ctx, &opts, &sum), SB_EUSAGE);
	opts.strips = INT64_C(20000000);
	ck_assert_int_eq(sb_synth(ctx, &opts, &sum), SB_EUSAGE);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM project"), 1);
	/* the same name again: refused, then replaced in place */
	opts.strips = 60;
	opts.project = "synthetic-50";
	ck_assert_int_eq(sb_synth(ctx, &opts, &sum), SB_EFAIL);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "exists"));
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip"), 50);
	opts.replace = 1;
	ck_assert_int_eq(sb_synth(ctx, &opts, &sum), SB_OK);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip"), 60);
	ck_assert_int_eq(query_int(ctx, "SELECT version FROM project"), 2);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM audit"), 2);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM audit WHERE"
	    " json_extract(changes, '$.import.replaced') = 1"), 1);
	sb_ctx_free(ctx);
}
END_TEST

/* What sb-bench reads from a production, through the library. */
START_TEST(bench_reads)
{
	struct sb_import_summary sum;
	struct sb_bench_points p;
	sb_ctx *ctx = make("g.db", 300, 3, &sum);
	char uid[SB_BENCH_UID], sql[256];
	int64_t version = -1, rows = -1, lo, want;

	ck_assert_msg(sb_bench_points(ctx, "First Pass", &p) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(p.project_id, query_int(ctx, "SELECT min(id) FROM project"));
	ck_assert_int_eq(p.board_id, query_int(ctx,
	    "SELECT id FROM board WHERE name = 'First Pass'"));
	ck_assert_int_eq(p.ndays, query_int(ctx, "SELECT count(*) FROM day d JOIN lane l"
	    " ON l.id = d.lane_id JOIN board b ON b.id = l.board_id"
	    " WHERE b.name = 'First Pass' AND l.kind = 'schedule' AND d.kind = 'shoot'"));
	ck_assert_int_gt(p.ndays, 10);
	ck_assert_int_eq(p.day, (p.ndays + 1) / 2);
	ck_assert_int_eq(p.from, p.day - 10);
	ck_assert_int_le(p.to, p.ndays);
	ck_assert_int_eq(p.strip_lo, query_int(ctx, "SELECT min(id) FROM strip"));
	ck_assert_int_eq(p.strip_hi, query_int(ctx, "SELECT max(id) FROM strip"));
	/* dates on the calendar: the range around the day, in order */
	ck_assert_int_eq((int)strlen(p.date), 10);
	ck_assert_str_lt(p.from_date, p.date);
	ck_assert_str_le(p.date, p.to_date);
	ck_assert_str_lt(p.pos_from, p.pos_to);
	/* the middle day's id is the day whose strips the baseline counts */
	ck_assert_int_eq(sb_bench_query(ctx, "SELECT p.id FROM placement p"
	    " WHERE p.day_id = @day", &p, &rows), SB_OK);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM placement WHERE day_id = %lld",
	    (long long)p.day_id);
	ck_assert_int_eq(rows, query_int(ctx, sql));
	ck_assert_int_gt(rows, 0);
	/* several statements: the rows of all of them */
	ck_assert_int_eq(sb_bench_query(ctx, "SELECT 1; SELECT 2 UNION ALL SELECT 3",
	    &p, &rows), SB_OK);
	ck_assert_int_eq(rows, 3);
	/* a baseline only reads */
	ck_assert_int_eq(sb_bench_query(ctx, "DELETE FROM strip", &p, &rows), SB_EUSAGE);
	ck_assert_int_eq(query_int(ctx, "SELECT count(*) FROM strip"), 300);
	ck_assert_int_eq(sb_bench_query(ctx, "SELECT nope FROM strip", &p, &rows), SB_EFAIL);
	/* a pick: the first strip of the board from an id up, and its version */
	lo = p.strip_lo + 7;
	ck_assert_int_eq(sb_bench_pick(ctx, &p, lo, uid, &version), SB_OK);
	snprintf(sql, sizeof(sql), "SELECT s.id FROM strip s JOIN placement p"
	    " ON p.strip_id = s.id AND p.board_id = %lld WHERE s.id >= %lld"
	    " ORDER BY s.id LIMIT 1", (long long)p.board_id, (long long)lo);
	want = query_int(ctx, sql);
	/* uids are hex digits: nothing to quote */
	snprintf(sql, sizeof(sql), "SELECT id FROM strip WHERE uid = '%s'", uid);
	ck_assert_int_eq(query_int(ctx, sql), want);
	ck_assert_int_eq(version, 1);
	ck_assert_int_eq(sb_bench_pick(ctx, &p, p.strip_hi + 1, uid, &version), SB_ENOTFOUND);
	/* no such board */
	ck_assert_int_eq(sb_bench_points(ctx, "No Such Board", &p), SB_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "No Such Board"));
	sb_ctx_free(ctx);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("synth");
	TCase *tc = tcase_create("synth");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, counts);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, shape);
	tcase_add_test(tc, reads_back_like_an_import);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, bench_reads);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
