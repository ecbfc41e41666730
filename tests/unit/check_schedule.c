/*
 * check_schedule.c - moving strips, sorting, shoot days, the calendar and
 * batches, through the library, on the small flat production below.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "sb_priv.h"
#include "board_priv.h"
#include "lookup_priv.h"

static char dir[64], path[256], csv[256];
static sb_ctx *ctx;
static int64_t project, board;

/* Two shoot days of three strips, a boneyard of one; Mon 2024-03-04 on. */
static const char production[] =
    "board,day,date,strip_id,scene,int_ext,set,pages,Cast\n"
    "Main,1,2024-03-04,a,1,INT,KITCHEN,1,ANNA\n"
    "Main,1,2024-03-04,b,2,EXT,YARD,2/8,BEN\n"
    "Main,1,2024-03-04,c,3,INT,KITCHEN,3/8,ANNA; BEN\n"
    "Main,2,2024-03-05,d,4,EXT,YARD,4/8,\n"
    "Main,2,2024-03-05,e,5,INT,HALL,5/8,ANNA\n"
    "Main,2,2024-03-05,f,6,INT,KITCHEN,6/8,\n"
    "Main,boneyard,,g,7,EXT,STREET,7/8,\n";

static void
setup(void)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, "P", 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;
	FILE *f;

	strcpy(dir, "/tmp/check_schedule.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(csv, sizeof(csv), "%s/p.csv", dir);
	f = fopen(csv, "w");
	ck_assert_ptr_nonnull(f);
	fputs(production, f);
	fclose(f);
	ctx = sb_ctx_new();
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_msg(sb_import(ctx, csv, &opts, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	project = sum.project_id;
	ck_assert_int_eq(sb_board_find(ctx, project, NULL, &board), SB_OK);
}

static void
teardown(void)
{
	char cmd[128];

	sb_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The strips of the board in order, days split by '|': "abc|def|g". */
static const char *
order(void)
{
	static char buf[512];
	sb_st *st;
	int64_t last = -1;

	buf[0] = '\0';
	ck_assert_int_eq(sb_prepare(ctx,
	    "SELECT s.uid, d.id FROM placement p JOIN strip s ON s.id = p.strip_id"
	    " JOIN day d ON d.id = p.day_id JOIN lane l ON l.id = d.lane_id"
	    " WHERE p.board_id = ?1 ORDER BY l.rank, d.pos, p.pos", &st), SQLITE_OK);
	sb_bind_int64(st, 1, board);
	while (sb_step(st) == SQLITE_ROW) {
		if (last != -1 && last != sb_col_int64(st, 1))
			strcat(buf, "|");
		last = sb_col_int64(st, 1);
		strcat(buf, (const char *)sb_col_text(st, 0));
	}
	sb_finalize(st);
	return buf;
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

static int
move(const char *strip, const char *to, enum sb_where where, const char *anchor,
    int64_t if_version)
{
	const char *strips[1] = { strip };
	struct sb_move m = { strips, 1, to, where, anchor, if_version };
	struct sb_move_result res;

	return sb_move(ctx, board, &m, &res);
}

START_TEST(moves_in_and_between_days)
{
	ck_assert_str_eq(order(), "abc|def|g");
	ck_assert_int_eq(move("a", "2", SB_AT_LAST, NULL, -1), SB_OK);
	ck_assert_str_eq(order(), "bc|defa|g");
	ck_assert_int_eq(move("a", NULL, SB_AT_BEFORE, "e", -1), SB_OK);
	ck_assert_str_eq(order(), "bc|daef|g");
	ck_assert_int_eq(move("f", "1", SB_AT_FIRST, NULL, -1), SB_OK);
	ck_assert_str_eq(order(), "fbc|dae|g");
	ck_assert_int_eq(move("g", NULL, SB_AT_AFTER, "b", -1), SB_OK);
	ck_assert_str_eq(order(), "fbgc|dae");
	ck_assert_int_eq(move("b", "boneyard", SB_AT_LAST, NULL, -1), SB_OK);
	ck_assert_str_eq(order(), "fgc|dae|b");
	/* by scene number, as written or as meant */
	ck_assert_int_eq(move("3", "2", SB_AT_FIRST, NULL, -1), SB_OK);
	ck_assert_str_eq(order(), "fg|cdae|b");
	/* one placement row per move, one audit row each */
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit WHERE entity = 'placement'"), 6);
	ck_assert_int_eq(query_int("SELECT p.version FROM placement p JOIN strip s"
	    " ON s.id = p.strip_id WHERE s.uid = 'a'"), 3);
}
END_TEST

START_TEST(moves_that_change_nothing)
{
	ck_assert_int_eq(move("b", NULL, SB_AT_AFTER, "a", -1), SB_OK);
	ck_assert_int_eq(move("c", "1", SB_AT_LAST, NULL, -1), SB_OK);
	ck_assert_int_eq(move("a", "1", SB_AT_FIRST, NULL, -1), SB_OK);
	ck_assert_int_eq(move("e", "2", SB_AT_KEEP, NULL, -1), SB_OK);
	ck_assert_str_eq(order(), "abc|def|g");
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit WHERE entity = 'placement'"), 0);
	ck_assert_int_eq(query_int("SELECT max(version) FROM placement"), 1);
}
END_TEST

START_TEST(several_strips_keep_their_order)
{
	const char *strips[3] = { "f", "a", "d" };
	struct sb_move m = { strips, 3, "1", SB_AT_AFTER, "b", -1 };
	struct sb_move_result res;

	m.to = NULL;
	ck_assert_int_eq(sb_move(ctx, board, &m, &res), SB_OK);
	ck_assert_str_eq(order(), "bfadc|e|g");
	ck_assert_int_eq(res.moved, 3);
}
END_TEST

START_TEST(errors_write_nothing)
{
	ck_assert_int_eq(move("zz", "1", SB_AT_LAST, NULL, -1), SB_ENOTFOUND);
	ck_assert_int_eq(move("a", "9", SB_AT_LAST, NULL, -1), SB_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "the board has 2 shoot days"));
	ck_assert_int_eq(move("a", "2", SB_AT_AFTER, "b", -1), SB_EUSAGE);
	ck_assert_int_eq(move("a", NULL, SB_AT_AFTER, "a", -1), SB_EUSAGE);
	ck_assert_int_eq(move("a", "nolane", SB_AT_LAST, NULL, -1), SB_ENOTFOUND);
	ck_assert_str_eq(order(), "abc|def|g");
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit"), 1);
}
END_TEST

START_TEST(stale_version_is_a_conflict)
{
	const char *report;

	ck_assert_int_eq(move("a", "2", SB_AT_LAST, NULL, 1), SB_OK);
	ck_assert_int_eq(move("a", "1", SB_AT_LAST, NULL, 1), SB_ECONFLICT);
	ck_assert_str_eq(order(), "bc|defa|g");
	report = sb_conflict_report(ctx);
	ck_assert_ptr_nonnull(report);
	ck_assert_ptr_nonnull(strstr(report, "\"expected_version\":1,\"current_version\":2"));
	ck_assert_ptr_nonnull(strstr(report, "\"day\":2,\"date\":\"2024-03-05\""));
	ck_assert_ptr_nonnull(strstr(report, "\"version_before\":1,\"version_after\":2"));
	ck_assert_int_eq(move("a", "1", SB_AT_LAST, NULL, 2), SB_OK);
	ck_assert_ptr_null(sb_conflict_report(ctx));
}
END_TEST

START_TEST(keys_grow_then_rebalance)
{
	/* push strips between the same two again and again: keys grow long,
	 * the day is laid out anew, and the order is what was asked */
	for (int i = 0; i < 400; i++) {
		ck_assert_int_eq(move(i % 2 ? "b" : "c", NULL, SB_AT_AFTER, "a", -1), SB_OK);
		ck_assert_str_eq(order(), i % 2 ? "abc|def|g" : "acb|def|g");
	}
	ck_assert_int_le(query_int("SELECT max(length(pos)) FROM placement"), SB_KEY_MAX);
	/* each respacing wrote one audit row of the lane with every key */
	ck_assert_int_ge(query_int("SELECT count(*) FROM audit WHERE entity = 'lane'"
	    " AND changes ->> '$.respace.table' = 'placement'"), 1);
	/* a placement rose once per move and once per respacing that changed its key */
	ck_assert_int_eq(query_int("SELECT count(*) FROM placement p WHERE p.version <>"
	    " 1 + (SELECT count(*) FROM audit a WHERE a.entity = 'placement'"
	    " AND a.entity_id = p.id) + (SELECT count(*) FROM audit a,"
	    " json_each(a.changes, '$.respace.rows') r WHERE a.entity = 'lane'"
	    " AND a.changes ->> '$.respace.table' = 'placement'"
	    " AND r.value ->> '$[0]' = p.id AND r.value ->> '$[1]' <> r.value ->> '$[2]')"), 0);
	/* the trail replays: the last key it gives each placement is its key */
	ck_assert_int_eq(query_int("WITH k(id, pid, pos) AS ("
	    " SELECT a.id, a.entity_id, a.changes ->> '$.set.pos[1]' FROM audit a"
	    " WHERE a.entity = 'placement' UNION ALL"
	    " SELECT a.id, r.value ->> '$[0]', r.value ->> '$[2]' FROM audit a,"
	    " json_each(a.changes, '$.respace.rows') r WHERE a.entity = 'lane'"
	    " AND a.changes ->> '$.respace.table' = 'placement')"
	    " SELECT count(*) FROM placement p WHERE EXISTS (SELECT 1 FROM k WHERE k.pid = p.id)"
	    " AND p.pos IS NOT (SELECT pos FROM k WHERE k.pid = p.id ORDER BY k.id DESC LIMIT 1)"), 0);
}
END_TEST

START_TEST(sort_moves_only_what_must)
{
	struct sb_move_result res;

	ck_assert_int_eq(sb_sort(ctx, board, 1, 2, "set,scene", &res), SB_OK);
	ck_assert_str_eq(order(), "acb|efd|g");
	ck_assert_int_eq(res.moved, 2);   /* b in day 1, d in day 2 */
	ck_assert_int_eq(res.unchanged, 4);
	ck_assert_int_eq(sb_sort(ctx, board, 1, 1, "-pages", &res), SB_OK);
	ck_assert_str_eq(order(), "acb|efd|g");  /* 1 > 3/8 > 2/8 already */
	ck_assert_int_eq(res.moved, 0);
	/* elements without board ids sort as equals: the order stands */
	ck_assert_int_eq(sb_sort(ctx, board, 1, 1, "cast", &res), SB_OK);
	ck_assert_str_eq(order(), "acb|efd|g");
	ck_assert_int_eq(sb_sort(ctx, board, 1, 1, "colour", &res), SB_EUSAGE);
	ck_assert_int_eq(sb_sort(ctx, board, 3, 3, "scene", &res), SB_ENOTFOUND);
}
END_TEST

static const char *
date_of(int64_t n)
{
	static char buf[SB_DATE_BUFSZ];
	sb_calendar *cal;
	sb_date d;

	ck_assert_int_eq(sb_board_calendar(ctx, board, &cal), SB_OK);
	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(sb_calendar_nth(cal, n, &d), SB_OK);
	sb_calendar_free(cal);
	return sb_date_format(d, buf, sizeof(buf));
}

START_TEST(days_add_drop_move_split_join)
{
	int64_t first;

	ck_assert_str_eq(date_of(2), "2024-03-05");
	ck_assert_int_eq(sb_day_add(ctx, board, 1, 2, &first, -1), SB_OK);
	ck_assert_int_eq(first, 2);
	ck_assert_str_eq(order(), "abc|def|g");  /* the new days are empty */
	ck_assert_int_eq(query_int("SELECT count(*) FROM day WHERE kind = 'shoot'"), 4);
	ck_assert_int_eq(sb_day_drop(ctx, board, 2, SB_DROP_BONEYARD, -1), SB_OK);
	ck_assert_int_eq(sb_day_drop(ctx, board, 2, SB_DROP_BONEYARD, -1), SB_OK);
	ck_assert_int_eq(sb_day_move(ctx, board, 2, SB_AT_FIRST, 0, -1), SB_OK);
	ck_assert_str_eq(order(), "def|abc|g");
	ck_assert_int_eq(sb_day_split(ctx, board, 2, "b", -1), SB_OK);
	ck_assert_str_eq(order(), "def|a|bc|g");
	ck_assert_int_eq(sb_day_split(ctx, board, 3, "b", -1), SB_EUSAGE);
	ck_assert_int_eq(sb_day_join(ctx, board, 1, 3, -1), SB_OK);
	ck_assert_str_eq(order(), "defbc|a|g");
	ck_assert_int_eq(sb_day_drop(ctx, board, 2, SB_DROP_PREV, -1), SB_OK);
	ck_assert_str_eq(order(), "defbca|g");
	ck_assert_int_eq(sb_day_drop(ctx, board, 1, SB_DROP_BONEYARD, 99), SB_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(sb_conflict_report(ctx), "\"day\":1"));
	ck_assert_int_eq(sb_day_drop(ctx, board, 1, SB_DROP_BONEYARD, -1), SB_OK);
	ck_assert_str_eq(order(), "gdefbca");
	/* every placement change is in the trail */
	ck_assert_int_eq(query_int("SELECT count(*) FROM placement p WHERE p.version <>"
	    " 1 + (SELECT count(*) FROM audit a WHERE a.entity = 'placement'"
	    " AND a.entity_id = p.id)"), 0);
}
END_TEST

START_TEST(calendar_moves_dates)
{
	struct sb_calendar_mark marks[2] = {
		{ "2024-03-05", SB_CAL_HOLIDAY, NULL },
		{ "2024-03-09", SB_CAL_WORK, NULL },
	};
	struct sb_calendar_edit e = { NULL, "sat,sun", marks, 1 };
	unsigned mask;

	ck_assert_int_eq(sb_calendar_edit(ctx, board, &e, -1), SB_OK);
	ck_assert_str_eq(date_of(2), "2024-03-06");
	e.days_off = NULL;
	e.marks = marks + 1;
	ck_assert_int_eq(sb_calendar_edit(ctx, board, &e, -1), SB_OK);
	ck_assert_str_eq(date_of(5), "2024-03-09"); /* Saturday, worked */
	e.start = "2024-04-01";
	e.nmarks = 0;
	ck_assert_int_eq(sb_calendar_edit(ctx, board, &e, -1), SB_OK);
	ck_assert_str_eq(date_of(1), "2024-04-01");
	ck_assert_int_eq(query_int("SELECT count(*) FROM calendar_day WHERE kind = 'start'"), 1);
	e.start = "2024-02-30";
	ck_assert_int_eq(sb_calendar_edit(ctx, board, &e, -1), SB_EUSAGE);
	ck_assert_int_eq(sb_weekday_names_parse("Sat, sunday", &mask), SB_OK);
	ck_assert_uint_eq(mask, 0x41);
	ck_assert_int_eq(sb_weekday_names_parse("6,0", &mask), SB_OK);
	ck_assert_uint_eq(mask, 0x41);
	ck_assert_int_eq(sb_weekday_names_parse("funday", &mask), SB_EDATA);
}
END_TEST

START_TEST(nested_transactions_roll_back_together)
{
	ck_assert_int_eq(sb_tx_begin(ctx), SB_OK);
	ck_assert_int_eq(move("a", "2", SB_AT_LAST, NULL, -1), SB_OK);
	ck_assert_int_eq(move("zz", "2", SB_AT_LAST, NULL, -1), SB_ENOTFOUND);
	ck_assert_str_eq(order(), "bc|defa|g"); /* the inner failure undid itself */
	ck_assert_int_eq(sb_tx_end(ctx, SB_EFAIL), SB_EFAIL);
	ck_assert_str_eq(order(), "abc|def|g");
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit WHERE entity = 'placement'"), 0);
}
END_TEST

START_TEST(batch_follows_the_rows)
{
	char moves[300];
	struct sb_batch_opts opts = { NULL, 0 };
	struct sb_batch_summary sum;
	FILE *f, *out = fopen("/dev/null", "w");

	snprintf(moves, sizeof(moves), "%s/moves.csv", dir);
	f = fopen(moves, "w");
	ck_assert_ptr_nonnull(f);
	/* c to the front of day 1, then b after it; e stays; g into day 2 */
	fputs("strip_id,day,position,version\nc,1,first,1\nb,1,,\ne,2,,\ng,2,,1\n", f);
	fclose(f);
	ck_assert_int_eq(sb_reorder_batch(ctx, project, moves, &opts, out, &sum), SB_OK);
	ck_assert_str_eq(order(), "cba|degf");
	ck_assert_int_eq(sum.moved, 3);
	ck_assert_int_eq(sum.unchanged, 1);
	/* the same file again: stale versions, nothing else */
	opts.atomic = 1;
	ck_assert_int_eq(sb_reorder_batch(ctx, project, moves, &opts, out, &sum), SB_ECONFLICT);
	ck_assert_str_eq(order(), "cba|degf");
	fclose(out);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("schedule");
	TCase *tc = tcase_create("schedule");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, moves_in_and_between_days);
	tcase_add_test(tc, moves_that_change_nothing);
	tcase_add_test(tc, several_strips_keep_their_order);
	tcase_add_test(tc, errors_write_nothing);
	tcase_add_test(tc, stale_version_is_a_conflict);
	tcase_add_test(tc, keys_grow_then_rebalance);
	tcase_add_test(tc, sort_moves_only_what_must);
	tcase_add_test(tc, days_add_drop_move_split_join);
	tcase_add_test(tc, calendar_moves_dates);
	tcase_add_test(tc, nested_transactions_roll_back_together);
	tcase_add_test(tc, batch_follows_the_rows);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
