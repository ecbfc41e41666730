/*
 * check_prod.c - a production held in memory (lib/prod.c), written as a
 * project (prod_write.c) and a later draft merged into it (op_revise.c),
 * without any reader: the productions are built here by hand.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "sb_priv.h"
#include "input_priv.h"
#include "prod_priv.h"

static char dir[64], path[256], draft[256];
static sb_ctx *ctx;

static void
setup(void)
{
	FILE *f;

	strcpy(dir, "/tmp/check_prod.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(draft, sizeof(draft), "%s/draft", dir);
	f = fopen(draft, "w");
	ck_assert_ptr_nonnull(f);
	fputs("a draft\n", f);
	fclose(f);
	ctx = sb_ctx_new();
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
}

static void
teardown(void)
{
	char cmd[128];

	sb_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* One scene: number, INT/EXT, set, time of day, eighths, cast (";"-separated). */
static size_t
scene(struct sb_prod *p, const char *uid, const char *no, const char *ie,
    const char *set, const char *dn, int64_t eighths, const char *cast)
{
	size_t s, cat, el;
	char buf[128], *tok, *save;

	ck_assert_int_eq(sb_prod_strip_new(p, &s), SB_OK);
	if (uid != NULL)
		ck_assert_int_eq(sb_prod_strip_uid(p, s, uid), SB_OK);
	ck_assert_int_eq(sb_prod_text(p, &p->strips[s].scene, no), SB_OK);
	ck_assert_int_eq(sb_prod_fixed(p, s, SB_UCID_IE, ie), SB_OK);
	ck_assert_int_eq(sb_prod_fixed(p, s, SB_UCID_SET, set), SB_OK);
	ck_assert_int_eq(sb_prod_fixed(p, s, SB_UCID_DN, dn), SB_OK);
	p->strips[s].eighths = eighths;
	p->strips[s].have_eighths = 1;
	ck_assert_int_eq(sb_prod_category(p, "Cast Members", -1, &cat), SB_OK);
	snprintf(buf, sizeof(buf), "%s", cast);
	for (tok = strtok_r(buf, ";", &save); tok != NULL; tok = strtok_r(NULL, ";", &save)) {
		ck_assert_int_eq(sb_prod_element(p, cat, tok, &el), SB_OK);
		ck_assert_int_eq(sb_prod_link(p, s, el), SB_OK);
	}
	return s;
}

/* Run a write (update 0) or a merge (update 1) of p as an import would. */
static int
apply(struct sb_prod *p, int update, struct sb_import_summary *sum, struct sb_buf *changes)
{
	struct sb_import_opts opts = { SB_FMT_FDX, NULL, 0, NULL, NULL, update, NULL };
	struct sb_input in;
	struct sb_import imp;
	int rc;

	memset(sum, 0, sizeof(*sum));
	ck_assert_int_eq(sb_input_open(ctx, draft, &in), SB_OK);
	memset(&imp, 0, sizeof(imp));
	imp.ctx = ctx;
	imp.in = &in;
	imp.opts = &opts;
	imp.sum = sum;
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	rc = update ? sb_prod_merge(&imp, p, changes) : sb_prod_write(&imp, p);
	if (rc == SB_OK)
		rc = sb_commit(ctx);
	else
		sb_rollback(ctx);
	sb_input_close(&in);
	return rc;
}

static int64_t
num(const char *sql)
{
	sb_st *st;
	int64_t v;

	ck_assert_int_eq(sb_prepare(ctx, sql, &st), SQLITE_OK);
	ck_assert_int_eq(sb_step(st), SQLITE_ROW);
	v = sb_col_int64(st, 0);
	sb_finalize(st);
	return v;
}

static const char *
text(const char *sql)
{
	static char buf[1024];
	sb_st *st;

	ck_assert_int_eq(sb_prepare(ctx, sql, &st), SQLITE_OK);
	buf[0] = '\0';
	if (sb_step(st) == SQLITE_ROW && sb_col_text(st, 0) != NULL)
		snprintf(buf, sizeof(buf), "%s", sb_col_text(st, 0));
	sb_finalize(st);
	return buf;
}

/* The first draft: a board of two days, a banner, a boneyard, a calendar. */
static void
first_draft(void)
{
	struct sb_prod p;
	struct sb_import_summary sum;
	size_t b, d, cal, s1, s2, s3, s4, banner;
	sb_date start, hol;

	sb_prod_init(&p, ctx);
	ck_assert_int_eq(sb_prod_text(&p, &p.name, "Draft"), SB_OK);
	s1 = scene(&p, NULL, "1", "INT", "KITCHEN", "DAY", 10, "GEORGE;MARY");
	s2 = scene(&p, NULL, "2", "EXT", "BRIDGE", "NIGHT", 3, "GEORGE");
	s3 = scene(&p, NULL, "11 A", "INT", "BANK", "DAY", 8, "POTTER");
	s4 = scene(&p, NULL, "12", "INT", "BANK", "DAY", 4, "");
	ck_assert_int_eq(sb_prod_strip_new(&p, &banner), SB_OK);
	p.strips[banner].banner = 1;
	ck_assert_int_eq(sb_prod_text(&p, &p.strips[banner].banner_text, "Week 1"), SB_OK);
	ck_assert_int_eq(sb_prod_calendar_new(&p, "Main", &cal), SB_OK);
	p.cals[cal].days_off = 1u | 1u << 6;
	ck_assert_int_eq(sb_date_parse("2024-03-04", &start), SB_OK);
	ck_assert_int_eq(sb_date_parse("2024-03-05", &hol), SB_OK);
	ck_assert_int_eq(sb_prod_calday(&p, cal, "start", start, NULL), SB_OK);
	ck_assert_int_eq(sb_prod_calday(&p, cal, "holiday", hol, "Founders"), SB_OK);
	ck_assert_int_eq(sb_prod_board_new(&p, "First Pass", &b), SB_OK);
	p.boards[b].cal = (long)cal;
	ck_assert_int_eq(sb_prod_day_new(&p, b, &d), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].days[d], banner), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].days[d], s1), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].days[d], s3), SB_OK);
	ck_assert_int_eq(sb_prod_day_new(&p, b, &d), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].days[d], s2), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].boneyard, s4), SB_OK);
	ck_assert_int_eq(sb_prod_board_new(&p, "Script Order", &b), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].boneyard, s1), SB_OK);
	p.active = 0;
	ck_assert_msg(apply(&p, 0, &sum, NULL) == SB_OK, "%s", sb_errmsg(ctx));
	sb_prod_free(&p);
}

START_TEST(test_write)
{
	first_draft();
	ck_assert_int_eq(num("SELECT count(*) FROM strip"), 5);
	ck_assert_int_eq(num("SELECT count(*) FROM strip WHERE type = 'banner'"), 1);
	ck_assert_str_eq(text("SELECT group_concat(name, ',') FROM (SELECT name FROM"
	    " category ORDER BY rank)"), "INT/EXT,Set,Day/Night,Cast Members");
	ck_assert_int_eq(num("SELECT count(*) FROM category WHERE ucid = 0 AND name = 'Set'"), 1);
	ck_assert_str_eq(text("SELECT set_name || '|' || int_ext || '|' || day_night || '|' ||"
	    " eighths FROM strip WHERE scene = '1'"), "KITCHEN|INT|DAY|10");
	/* the strip's own columns are elements too, as in a USS file */
	ck_assert_int_eq(num("SELECT count(*) FROM strip_element se JOIN strip s ON"
	    " s.id = se.strip_id WHERE s.scene = '1'"), 5);
	ck_assert_str_eq(text("SELECT days_off FROM calendar"), "0,6");
	ck_assert_str_eq(text("SELECT group_concat(kind || ' ' || date, ',') FROM"
	    " (SELECT * FROM calendar_day ORDER BY rank)"), "start 2024-03-04,holiday 2024-03-05");
	ck_assert_str_eq(text("SELECT ext FROM calendar_day WHERE kind = 'holiday'"),
	    "{\"_name\":\"Founders\"}");
	ck_assert_int_eq(num("SELECT count(*) FROM day d JOIN board b ON b.id = d.board_id"
	    " WHERE b.name = 'First Pass' AND d.kind = 'shoot'"), 2);
	ck_assert_str_eq(text("SELECT group_concat(coalesce(s.scene, s.banner_text), ',') FROM"
	    " (SELECT s.scene, s.banner_text FROM placement p JOIN strip s ON s.id = p.strip_id"
	    " JOIN day d ON d.id = p.day_id JOIN lane l ON l.id = d.lane_id JOIN board b"
	    " ON b.id = p.board_id WHERE b.name = 'First Pass' ORDER BY l.rank, d.pos, p.pos) s"),
	    "Week 1,1,11 A,2,12");
	ck_assert_str_eq(text("SELECT b.name FROM project p JOIN board b ON"
	    " b.id = p.active_board_id"), "First Pass");
}
END_TEST

START_TEST(test_write_twice_on_a_board)
{
	struct sb_prod p;
	struct sb_import_summary sum;
	size_t b, s;

	sb_prod_init(&p, ctx);
	ck_assert_int_eq(sb_prod_text(&p, &p.name, "Twice"), SB_OK);
	s = scene(&p, "7", "1", "INT", "KITCHEN", "DAY", 1, "");
	ck_assert_int_eq(sb_prod_board_new(&p, "B", &b), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].boneyard, s), SB_OK);
	ck_assert_int_eq(sb_prod_list_add(&p, &p.boards[b].boneyard, s), SB_OK);
	ck_assert_int_eq(apply(&p, 0, &sum, NULL), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "on it twice"));
	ck_assert_int_eq(num("SELECT count(*) FROM project"), 0);
	/* a uid given twice is refused when it is given */
	ck_assert_int_eq(sb_prod_strip_new(&p, &s), SB_OK);
	ck_assert_int_eq(sb_prod_strip_uid(&p, s, "7"), SB_EDATA);
	ck_assert_int_eq(sb_prod_find_uid(&p, "7"), 0);
	sb_prod_free(&p);
}
END_TEST

START_TEST(test_merge)
{
	struct sb_prod p;
	struct sb_import_summary sum;
	struct sb_buf changes;
	size_t s;
	int64_t audit0, placements;
	const char *out;

	first_draft();
	placements = num("SELECT count(*) FROM placement");
	audit0 = num("SELECT count(*) FROM audit");
	sb_prod_init(&p, ctx);
	/* 1 unchanged, 2 changed (pages, set, cast), "11a" the same as "11 A",
	 * 12 gone, 13 new */
	scene(&p, NULL, "1", "INT", "KITCHEN", "DAY", 10, "GEORGE;MARY");
	scene(&p, NULL, "2", "EXT", "OLD BRIDGE", "NIGHT", 5, "GEORGE;CLARENCE");
	scene(&p, NULL, "11a", "INT", "BANK", "DAY", 8, "POTTER");
	s = scene(&p, NULL, "13", "EXT", "STREET", "DAY", 2, "MARY");
	(void)s;
	sb_buf_init(&changes);
	ck_assert_msg(apply(&p, 1, &sum, &changes) == SB_OK, "%s", sb_errmsg(ctx));
	sb_prod_free(&p);
	out = sb_buf_str(&changes);
	ck_assert_int_eq(sum.changed, 1);
	ck_assert_int_eq(sum.added, 1);
	ck_assert_int_eq(sum.omitted, 1);
	ck_assert_int_eq(sum.unchanged, 2);
	ck_assert_str_eq(sum.project, "Draft");
	ck_assert_msg(strstr(out, "{\"scene\":\"2\",\"change\":\"changed\",\"fields\":"
	    "{\"set\":[\"BRIDGE\",\"OLD BRIDGE\"],\"pages\":[\"3/8\",\"5/8\"],"
	    "\"elements\":{\"Cast Members\":[[\"GEORGE\"],[\"CLARENCE\",\"GEORGE\"]]}}}\n") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "{\"scene\":\"12\",\"change\":\"omitted\",\"fields\":"
	    "{\"omitted\":[false,true]}}\n") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "{\"scene\":\"13\",\"change\":\"added\",\"fields\":"
	    "{\"int_ext\":[null,\"EXT\"],\"day_night\":[null,\"DAY\"],\"set\":[null,\"STREET\"],"
	    "\"pages\":[null,\"2/8\"],\"elements\":{\"Cast Members\":[[],[\"MARY\"]]}}}\n") != NULL, "%s", out);
	/* the changed strip: new values, version 2, elements relinked */
	ck_assert_str_eq(text("SELECT set_name || '|' || eighths || '|' || version FROM strip"
	    " WHERE scene = '2'"), "OLD BRIDGE|5|2");
	ck_assert_str_eq(text("SELECT group_concat(e.name, ',') FROM (SELECT e.name FROM"
	    " strip_element se JOIN element e ON e.id = se.element_id JOIN strip s ON"
	    " s.id = se.strip_id WHERE s.scene = '2' ORDER BY e.name) e"),
	    "CLARENCE,EXT,GEORGE,NIGHT,OLD BRIDGE");
	/* omitted, not deleted; still where it was */
	ck_assert_str_eq(text("SELECT omitted || '|' || version FROM strip WHERE scene = '12'"), "1|2");
	/* every placement kept; the new scene in each board's boneyard, at the end */
	ck_assert_int_eq(num("SELECT count(*) FROM placement"), placements + 2);
	ck_assert_str_eq(text("SELECT group_concat(scene, ',') FROM (SELECT s.scene FROM"
	    " placement p JOIN strip s ON s.id = p.strip_id JOIN day d ON d.id = p.day_id"
	    " JOIN lane l ON l.id = d.lane_id JOIN board b ON b.id = p.board_id"
	    " WHERE b.name = 'First Pass' AND l.kind = 'boneyard' ORDER BY p.pos)"), "12,13");
	ck_assert_str_eq(text("SELECT group_concat(scene, ',') FROM (SELECT s.scene FROM"
	    " placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id"
	    " WHERE b.name = 'Script Order' ORDER BY p.pos)"), "1,13");
	/* the unchanged ones kept their versions */
	ck_assert_int_eq(num("SELECT version FROM strip WHERE scene = '1'"), 1);
	ck_assert_int_eq(num("SELECT version FROM strip WHERE scene = '11 A'"), 1);
	/* audit: one row per changed strip saying from what to what */
	ck_assert_int_eq(num("SELECT count(*) FROM audit WHERE entity = 'strip' AND"
	    " version_before = 1 AND version_after = 2"), 2);
	ck_assert_str_eq(text("SELECT json_extract(changes, '$.set.pages[1]') FROM audit"
	    " WHERE entity = 'strip' AND json_extract(changes, '$.about.scene') = '2'"), "5/8");
	ck_assert_int_gt(num("SELECT count(*) FROM audit"), audit0 + 3);

	/* the scene comes back in a third draft: restored */
	sb_prod_init(&p, ctx);
	scene(&p, NULL, "12", "INT", "BANK", "DAY", 4, "");
	changes.len = 0;
	ck_assert_msg(apply(&p, 1, &sum, &changes) == SB_OK, "%s", sb_errmsg(ctx));
	sb_prod_free(&p);
	ck_assert_int_eq(sum.restored, 1);
	ck_assert_ptr_nonnull(strstr(sb_buf_str(&changes),
	    "{\"scene\":\"12\",\"change\":\"restored\""));
	ck_assert_str_eq(text("SELECT omitted || '|' || version FROM strip WHERE scene = '12'"), "0|3");
	ck_assert_int_eq(num("SELECT count(*) FROM placement"), placements + 2);
	sb_buf_free(&changes);
}
END_TEST

START_TEST(test_merge_no_project)
{
	struct sb_prod p;
	struct sb_import_summary sum;
	struct sb_buf changes;

	sb_prod_init(&p, ctx);
	scene(&p, NULL, "1", "INT", "KITCHEN", "DAY", 10, "");
	sb_buf_init(&changes);
	ck_assert_int_eq(apply(&p, 1, &sum, &changes), SB_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "no project to update"));
	sb_prod_free(&p);
	sb_buf_free(&changes);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("prod");
	TCase *tc = tcase_create("prod");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write);
	tcase_add_test(tc, test_write_twice_on_a_board);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_merge_no_project);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
