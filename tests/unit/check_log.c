/*
 * check_log.c - reading the audit trail back (filters, since, limit,
 * order, pages, summaries, output formats) and following it: another
 * process's commits seen, bursts coalesced, busy databases waited out,
 * nothing held between polls, stops on a flag, a hang-up or a limit.
 */
#include <config.h>

#include <check.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stripboard.h"
#include "sb_priv.h"

static char dir[64], path[256], csv[256];
static sb_ctx *ctx;
static int64_t project, main_board, other_board, strip_a;

/*
 * Two boards; scene 4 names two strips.  After setup the trail holds:
 * 1 the import, 2 a: Main day 1 -> 2, 3 c: Main day 2 -> boneyard,
 * 4 a: Other day 1 -> boneyard, 5 alice revises a's pages, 6 bob writes
 * a row whose changes are not JSON.
 */
static const char production[] =
    "board,day,date,strip_id,scene,int_ext,set,pages\n"
    "Main,1,2024-03-04,a,1,INT,KITCHEN,1\n"
    "Main,1,2024-03-04,b,2,EXT,YARD,2/8\n"
    "Main,2,2024-03-05,c,3,INT,KITCHEN,3/8\n"
    "Main,2,2024-03-05,d,4,EXT,YARD,4/8\n"
    "Main,boneyard,,e,4,EXT,STREET,7/8\n"
    "Other,1,2024-03-04,a,1,INT,KITCHEN,1\n"
    "Other,1,2024-03-04,c,3,INT,KITCHEN,3/8\n"
    /* a boneyard: a move to it makes none (that would be rows of its own) */
    "Other,boneyard,,e,4,EXT,STREET,7/8\n";

static void
move(int64_t board, const char *strip, const char *to)
{
	const char *strips[1] = { strip };
	struct sb_move m = { strips, 1, to, SB_AT_LAST, NULL, -1 };
	struct sb_move_result res;

	ck_assert_msg(sb_move(ctx, board, &m, &res) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(res.moved, 1);
}

static void
audit_as(const char *actor, const char *entity, int64_t id, const char *changes)
{
	ck_assert_int_eq(sb_set_actor(ctx, actor), SB_OK);
	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_EDIT, NULL), SB_OK);
	ck_assert_int_eq(sb_audit(ctx, project, entity, id, 1, 2, changes), SB_OK);
	ck_assert_int_eq(sb_commit(ctx), SB_OK);
	ck_assert_int_eq(sb_set_actor(ctx, NULL), SB_OK);
}

static void
setup(void)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, "P", 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;
	char changes[256];
	FILE *f;

	strcpy(dir, "/tmp/check_log.XXXXXX");
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
	ck_assert_int_eq(sb_board_find(ctx, project, "Main", &main_board), SB_OK);
	ck_assert_int_eq(sb_board_find(ctx, project, "Other", &other_board), SB_OK);
	ck_assert_int_eq(sb_strip_find(ctx, project, "a", &strip_a), SB_OK);
	move(main_board, "a", "2");
	move(main_board, "c", "boneyard");
	move(other_board, "a", "boneyard");
	snprintf(changes, sizeof(changes), "{\"set\":{\"eighths\":[8,16]},"
	    "\"about\":{\"strip\":\"a\",\"scene\":\"1\"}}");
	audit_as("alice", "strip", strip_a, changes);
	audit_as("bob", "note", 0, "not json");
}

static void
teardown(void)
{
	char cmd[128];

	sb_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The ids a filter finds, "1,2,3"; or the status when it fails. */
static const char *
ids_on(sb_ctx *c, const struct sb_log_filter *f, int *status)
{
	static char buf[8192];
	const struct sb_log_row *row;
	sb_log *log;
	size_t n = 0;
	int rc;

	buf[0] = '\0';
	*status = sb_log_open(c, f, NULL, &log);
	if (*status != SB_OK)
		return buf;
	while ((rc = sb_log_next(log, &row)) > 0)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%lld", n ? "," : "",
		    (long long)row->id);
	*status = rc;
	sb_log_close(log);
	return buf;
}

static const char *
ids(const struct sb_log_filter *f)
{
	int status;
	const char *s = ids_on(ctx, f, &status);

	ck_assert_msg(status == SB_OK, "%s", sb_errmsg(ctx));
	return s;
}

static int
open_status(const struct sb_log_filter *f)
{
	int status;

	ids_on(ctx, f, &status);
	return status;
}

START_TEST(filters)
{
	struct sb_log_filter f;
	char id[32];

	memset(&f, 0, sizeof(f));
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6,7,8,9,10");
	f.project = "P";
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6,7,8,9,10");
	f.project = "Nope";
	ck_assert_int_eq(open_status(&f), SB_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "Nope"));

	/* a board: its moves and the imports that made it */
	memset(&f, 0, sizeof(f));
	f.board = "Main";
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6");
	snprintf(id, sizeof(id), "%lld", (long long)main_board);
	f.board = id;
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6");
	f.board = "Other";
	ck_assert_str_eq(ids(&f), "1,7,8");
	f.board = "Nope";
	ck_assert_int_eq(open_status(&f), SB_ENOTFOUND);

	/* a strip: by id or scene, on every board, revisions included */
	memset(&f, 0, sizeof(f));
	f.strip = "a";
	ck_assert_str_eq(ids(&f), "1,2,7,9");
	f.strip = "1";
	ck_assert_str_eq(ids(&f), "1,2,7,9");
	f.strip = "c";
	ck_assert_str_eq(ids(&f), "1,5");
	f.strip = "4";
	ck_assert_int_eq(open_status(&f), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "give the strip's id"));
	f.strip = "zz";
	ck_assert_int_eq(open_status(&f), SB_ENOTFOUND);
	f.strip = "a";
	f.board = "Other";
	ck_assert_str_eq(ids(&f), "1,7");

	/* a day: by the number it had, or the day that has it now */
	memset(&f, 0, sizeof(f));
	f.board = "Main";
	f.day = 2;
	ck_assert_str_eq(ids(&f), "1,2,4,5,6");
	f.day = 1;
	ck_assert_str_eq(ids(&f), "1,2,3");
	f.day = 9; /* no such day, then or now */
	ck_assert_str_eq(ids(&f), "1");
	f.board = "Other";
	f.day = 1;
	ck_assert_str_eq(ids(&f), "1,7,8");

	memset(&f, 0, sizeof(f));
	f.user = "alice";
	ck_assert_str_eq(ids(&f), "9");
	f.user = "bob";
	ck_assert_str_eq(ids(&f), "10");
	f.user = "nobody";
	ck_assert_str_eq(ids(&f), "");
}
END_TEST

START_TEST(since_limit_order)
{
	struct sb_log_filter f;

	memset(&f, 0, sizeof(f));
	f.since = "7";
	ck_assert_str_eq(ids(&f), "8,9,10");
	f.since = "2000-01-01";
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6,7,8,9,10");
	f.since = "2999-12-31T23:00:00.5+01:30";
	ck_assert_str_eq(ids(&f), "");
	f.since = "yesterday";
	ck_assert_int_eq(open_status(&f), SB_EUSAGE);
	f.since = "2024-02-30";
	ck_assert_int_eq(open_status(&f), SB_EUSAGE);
	f.since = "2024-02-03T25:00";
	ck_assert_int_eq(open_status(&f), SB_EUSAGE);

	memset(&f, 0, sizeof(f));
	f.limit = 2;
	ck_assert_str_eq(ids(&f), "1,2");
	f.newest_first = 1;
	ck_assert_str_eq(ids(&f), "10,9");
	f.since = "8";
	f.limit = 0;
	ck_assert_str_eq(ids(&f), "10,9");
	f.user = "alice";
	ck_assert_str_eq(ids(&f), "9");
}
END_TEST

/* Times with offsets compare as UTC. */
START_TEST(since_time_offsets)
{
	struct sb_log_filter f;
	sqlite3 *db;

	/* rows at known times, written straight into the file */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
	    "INSERT INTO audit (at, actor, command, entity) VALUES"
	    " ('2030-01-01T10:00:00.000Z', 'x', 'c', 'note'),"
	    " ('2030-01-01T12:00:00.000Z', 'x', 'c', 'note')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	memset(&f, 0, sizeof(f));
	f.since = "2030-01-01T10:00Z";
	ck_assert_str_eq(ids(&f), "11,12");
	f.since = "2030-01-01T10:00:00.001";
	ck_assert_str_eq(ids(&f), "12");
	f.since = "2030-01-01T12:30+02:00"; /* 10:30 UTC */
	ck_assert_str_eq(ids(&f), "12");
	f.since = "2030-01-01 07:00-0500"; /* 12:00 UTC */
	ck_assert_str_eq(ids(&f), "12");
	f.since = "2030-01-02";
	ck_assert_str_eq(ids(&f), "");
}
END_TEST

START_TEST(rows_and_summaries)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_log *log;
	const char *want[] = {
		"imported csv p.csv: 5 strips",
		"moved scene 1 from day 1 to day 2 (Main)",
		"day 1: a strip left (Main)",
		"day 2: a strip entered (Main)",
		"moved scene 3 from day 2 to the boneyard (Main)",
		"day 2: a strip left (Main)",
		"moved scene 1 from day 1 to the boneyard (Other)",
		"day 1: a strip left (Other)",
		"changed scene 1: pages 1 -> 2",
		"note 0: not json",
	};

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_int_eq(sb_log_next(log, &row), 1);
		ck_assert_int_eq(row->id, (int64_t)i + 1);
		ck_assert_str_eq(row->summary, want[i]);
		if (i == 1) {
			ck_assert_str_eq(row->entity, "placement");
			ck_assert_int_eq(row->version_before, 1);
			ck_assert_int_eq(row->version_after, 2);
			ck_assert_int_eq(row->project_id, project);
			ck_assert_str_eq(row->project, "P");
			ck_assert_ptr_nonnull(strstr(row->changes, "\"about\":"));
			ck_assert_ptr_null(row->changes_raw);
		}
		if (i == 9) {
			ck_assert_ptr_null(row->changes);
			ck_assert_str_eq(row->changes_raw, "not json");
			ck_assert_str_eq(row->actor, "bob");
		}
	}
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	ck_assert_int_eq(sb_log_last_id(log), 10);
	sb_log_close(log);
}
END_TEST

/* The next row that is not a day's version rising (a strip entered...). */
static int
next_edit(sb_log *log, const struct sb_log_row **row)
{
	int rc;

	while ((rc = sb_log_next(log, row)) > 0 && strcmp((*row)->entity, "day") == 0 &&
	    (*row)->changes != NULL && strstr((*row)->changes, "\"why\":") != NULL)
		;
	return rc;
}

/* Summaries of day and calendar edits, from the real library calls. */
START_TEST(day_and_calendar_summaries)
{
	struct sb_calendar_mark mark = { "2024-03-06", SB_CAL_HOLIDAY, NULL };
	struct sb_calendar_edit edit = { NULL, NULL, &mark, 1 };
	struct sb_log_filter f;
	const struct sb_log_row *row;
	int64_t first;
	sb_log *log;

	ck_assert_int_eq(sb_day_add(ctx, main_board, 1, 1, &first, -1), SB_OK);
	ck_assert_int_eq(sb_day_move(ctx, main_board, 2, SB_AT_LAST, 0, -1), SB_OK);
	ck_assert_int_eq(sb_day_drop(ctx, main_board, 3, SB_DROP_BONEYARD, -1), SB_OK);
	ck_assert_msg(sb_calendar_edit(ctx, main_board, &edit, -1) == SB_OK, "%s",
	    sb_errmsg(ctx));
	memset(&f, 0, sizeof(f));
	f.since = "10";
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	ck_assert_int_eq(next_edit(log, &row), 1);
	ck_assert_str_eq(row->summary, "added day 2 (Main)");
	/* the day after it is day 3 now: its version rose */
	ck_assert_int_eq(sb_log_next(log, &row), 1);
	ck_assert_str_eq(row->summary, "day 2 became day 3 (Main)");
	ck_assert_int_eq(next_edit(log, &row), 1);
	ck_assert_str_eq(row->summary, "moved day 2 to day 3 (Main)");
	ck_assert_int_eq(next_edit(log, &row), 1);
	ck_assert_str_eq(row->summary, "dropped day 3 (Main)");
	while (sb_log_next(log, &row) > 0 && strcmp(row->entity, "calendar_day") != 0)
		;
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(row->summary, "added holiday 2024-03-06 to the calendar (Main)");
	sb_log_close(log);

	/* the day that is now day 2 has its own history: it was added as day 2 */
	memset(&f, 0, sizeof(f));
	f.board = "Main";
	f.day = 2;
	ck_assert_str_eq(ids(&f), "1,2,4,5,6,11,12,13,14");
}
END_TEST

/* A strip that is gone keeps its trail under its id. */
START_TEST(strip_gone)
{
	struct sb_log_filter f;

	ck_assert_int_eq(sb_exec(ctx, "DELETE FROM strip WHERE uid = 'c'"), SB_OK);
	memset(&f, 0, sizeof(f));
	f.strip = "c";
	ck_assert_str_eq(ids(&f), "1,5");
	f.strip = "3"; /* a scene number finds strips that are there */
	ck_assert_int_eq(open_status(&f), SB_ENOTFOUND);
}
END_TEST

START_TEST(projects)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, "Q", 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;
	struct sb_log_filter f;

	ck_assert_int_eq(sb_import(ctx, csv, &opts, &sum), SB_OK);
	memset(&f, 0, sizeof(f));
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6,7,8,9,10,11");
	f.project = "Q";
	ck_assert_str_eq(ids(&f), "11");
	/* a strip needs its project named in a file of several */
	f.project = NULL;
	f.strip = "a";
	ck_assert_int_eq(open_status(&f), SB_EUSAGE);
	f.project = "Q";
	ck_assert_str_eq(ids(&f), "11");
}
END_TEST

/* More rows than a page: every one, in order, and nothing held after. */
START_TEST(pages)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_log *log;
	int64_t n = 0, last = 0;
	int rc;

	ck_assert_int_eq(sb_begin(ctx), SB_OK);
	ck_assert_int_eq(sb_perm_require(ctx, SB_ACT_EDIT, NULL), SB_OK);
	for (int i = 0; i < 700; i++)
		ck_assert_int_eq(sb_audit(ctx, project, "note", i, 1, 2, "{}"), SB_OK);
	ck_assert_int_eq(sb_commit(ctx), SB_OK);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	while ((rc = sb_log_next(log, &row)) > 0) {
		ck_assert_int_gt(row->id, last);
		last = row->id;
		n++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(n, 710);
	ck_assert_int_eq(sqlite3_txn_state(ctx->db, NULL), SQLITE_TXN_NONE);
	sb_log_close(log);

	f.limit = 600;
	f.newest_first = 1;
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	n = 0;
	last = INT64_MAX;
	while ((rc = sb_log_next(log, &row)) > 0) {
		ck_assert_int_lt(row->id, last);
		last = row->id;
		n++;
	}
	ck_assert_int_eq(n, 600);
	ck_assert_int_eq(last, 111);
	sb_log_close(log);
}
END_TEST

static json_t *
parse_line(const char *line)
{
	json_error_t err;
	json_t *j = json_loads(line, 0, &err);

	ck_assert_msg(j != NULL, "%s: %s", line, err.text);
	return j;
}

START_TEST(formats)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_log *log;
	char *text, *line, *save;
	size_t size;
	FILE *out;
	json_t *j;
	int n = 0;

	memset(&f, 0, sizeof(f));

	/* NDJSON: one object a line, changes as JSON (a string when not JSON) */
	ck_assert_ptr_nonnull(out = open_memstream(&text, &size));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	ck_assert_int_eq(sb_log_print_head(log, SB_FMT_NDJSON, out), SB_OK);
	while (sb_log_next(log, &row) > 0)
		ck_assert_int_eq(sb_log_print_row(log, row, SB_FMT_NDJSON, out), SB_OK);
	ck_assert_int_eq(sb_log_print_tail(log, SB_FMT_NDJSON, out), SB_OK);
	ck_assert_int_eq(sb_log_print_head(log, SB_FMT_USS, out), SB_EUSAGE);
	sb_log_close(log);
	fclose(out);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		j = parse_line(line);
		n++;
		ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), n);
		ck_assert_ptr_nonnull(json_object_get(j, "summary"));
		ck_assert_str_eq(json_string_value(json_object_get(j, "project")), "P");
		if (n == 2) {
			ck_assert(json_is_object(json_object_get(j, "changes")));
			ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
			    json_object_get(j, "changes"), "about"), "board")), "Main");
			ck_assert(json_is_integer(json_object_get(j, "entity_id")));
		}
		if (n == 10) {
			ck_assert_str_eq(json_string_value(json_object_get(j, "changes")),
			    "not json");
			ck_assert(json_is_null(json_object_get(j, "entity_id")));
		}
		json_decref(j);
	}
	ck_assert_int_eq(n, 10);
	free(text);

	/* JSON: one array */
	ck_assert_ptr_nonnull(out = open_memstream(&text, &size));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	sb_log_print_head(log, SB_FMT_JSON, out);
	while (sb_log_next(log, &row) > 0)
		sb_log_print_row(log, row, SB_FMT_JSON, out);
	sb_log_print_tail(log, SB_FMT_JSON, out);
	sb_log_close(log);
	fclose(out);
	j = parse_line(text);
	ck_assert_int_eq(json_array_size(j), 10);
	json_decref(j);
	free(text);

	/* an empty JSON array is still one */
	f.user = "nobody";
	ck_assert_ptr_nonnull(out = open_memstream(&text, &size));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	sb_log_print_head(log, SB_FMT_JSON, out);
	sb_log_print_tail(log, SB_FMT_JSON, out);
	sb_log_close(log);
	fclose(out);
	ck_assert_str_eq(text, "[]\n");
	free(text);

	/* CSV and the table */
	f.user = "alice";
	ck_assert_ptr_nonnull(out = open_memstream(&text, &size));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	sb_log_print_head(log, SB_FMT_CSV, out);
	while (sb_log_next(log, &row) > 0) {
		sb_log_print_row(log, row, SB_FMT_CSV, out);
		sb_log_print_row(log, row, SB_FMT_TABLE, out);
	}
	sb_log_close(log);
	fclose(out);
	ck_assert_msg(strncmp(text, "id,at,actor,command,project,entity,entity_id,"
	    "version_before,version_after,summary,changes\n9,", 91) == 0, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, ",alice,"));
	ck_assert_ptr_nonnull(strstr(text, ",strip,"));
	ck_assert_ptr_nonnull(strstr(text, "\"{\"\"set\"\":{\"\"eighths\"\":[8,16]}"));
	ck_assert_ptr_nonnull(strstr(text, "     9  "));
	ck_assert_ptr_nonnull(strstr(text, "  alice       changed scene 1: pages 1 -> 2\n"));
	free(text);
}
END_TEST

/* Text that is not UTF-8 (a command line can hold any bytes) still makes JSON. */
START_TEST(json_stays_valid)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	char a0[] = "sb-x", a1[] = "caf\xe9", a2[] = "tab\there";
	char *argv[] = { a0, a1, a2 };
	sb_log *log;
	char *text;
	size_t size;
	FILE *out;
	json_t *j;

	ck_assert_int_eq(sb_set_command(ctx, 3, argv), SB_OK);
	audit_as("eve\x01", "note", 1, "{\"x\":\"\\u00e9\"}");
	memset(&f, 0, sizeof(f));
	f.since = "10";
	ck_assert_ptr_nonnull(out = open_memstream(&text, &size));
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	ck_assert_int_eq(sb_log_next(log, &row), 1);
	sb_log_print_row(log, row, SB_FMT_NDJSON, out);
	sb_log_close(log);
	fclose(out);
	j = parse_line(text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "command")),
	    "sb-x 'caf\xef\xbf\xbd' 'tab\there'");
	ck_assert_str_eq(json_string_value(json_object_get(j, "actor")), "eve\x01");
	json_decref(j);
	free(text);
}
END_TEST

/*
 * Following
 */

static int64_t
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/*
 * The other processes of these tests are this program again, run fresh
 * (fork, then exec): a forked copy of a process with open SQLite
 * connections must not touch them, nor exit with them (valgrind would
 * count their memory as lost).
 */
static const char *self;

static pid_t
spawn(int out_fd, const char *const args[])
{
	const char *argv[12];
	pid_t pid;
	int n = 0;

	argv[n++] = self;
	argv[n++] = "--child";
	for (int i = 0; args[i] != NULL && n < 11; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
			_exit(126);
		execv(self, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/*
 * In another process: after delay_ms, write n audit rows as actor
 * "writer", each its own transaction.
 */
static pid_t
writer(int delay_ms, int n)
{
	char delay[16], count[16], proj[24];

	snprintf(delay, sizeof(delay), "%d", delay_ms);
	snprintf(count, sizeof(count), "%d", n);
	snprintf(proj, sizeof(proj), "%lld", (long long)project);
	return spawn(-1, (const char *const[]){ "writer", path, proj, delay, count, NULL });
}

static int
child_writer(const char *db, int64_t proj, int delay_ms, int n)
{
	sb_ctx *w = sb_ctx_new();

	sleep_ms(delay_ms);
	if (w == NULL || sb_open(w, db, 0) != SB_OK || sb_set_actor(w, "writer") != SB_OK)
		return 10;
	for (int i = 0; i < n; i++) {
		if (sb_begin(w) != SB_OK || sb_perm_require(w, SB_ACT_EDIT, NULL) != SB_OK ||
		    sb_audit(w, proj, "note", i, 1, 2, "{}") != SB_OK ||
		    sb_commit(w) != SB_OK)
			return 11;
	}
	sb_ctx_free(w);
	return 0;
}

/* Truncate the write-ahead log, then commit a row: 12 if the log stayed busy. */
static int
child_checkpoint(const char *db_path)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int busy = 1;

	sleep_ms(100);
	if (sqlite3_open(db_path, &db) != SQLITE_OK)
		return 10;
	/* a poll may overlap for a moment; a held snapshot would not end */
	sqlite3_busy_timeout(db, 2000);
	if (sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		busy = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "INSERT INTO audit (at, actor, command, entity)"
	    " VALUES ('2030-01-01T00:00:00.000Z', 'x', 'c', 'note')", NULL, NULL,
	    NULL) != SQLITE_OK)
		return 11;
	sqlite3_close(db);
	return busy ? 12 : 0;
}

/* BEGIN EXCLUSIVE through the library (WAL), a row, "x" on stdout, 300 ms, COMMIT. */
static int
child_exclusive_wal(const char *db, int64_t proj)
{
	sb_ctx *w = sb_ctx_new();

	if (w == NULL || sb_open(w, db, 0) != SB_OK || sb_exec(w, "BEGIN EXCLUSIVE") != SB_OK ||
	    sb_perm_require(w, SB_ACT_EDIT, NULL) != SB_OK ||
	    sb_audit(w, proj, "note", 1, 1, 2, "{}") != SB_OK)
		return 10;
	if (write(STDOUT_FILENO, "x", 1) != 1)
		return 11;
	sleep_ms(300);
	if (sb_exec(w, "COMMIT") != SB_OK)
		return 12;
	sb_ctx_free(w);
	return 0;
}

/* The same in a rollback journal, straight SQLite: sb_open() would turn the file to WAL. */
static int
child_exclusive_rollback(const char *db_path)
{
	sqlite3 *db;

	if (sqlite3_open(db_path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO audit (at, actor,"
	    " command, entity) VALUES ('2030-01-01T00:00:00.000Z', 'x', 'c',"
	    " 'note')", NULL, NULL, NULL) != SQLITE_OK)
		return 10;
	if (write(STDOUT_FILENO, "x", 1) != 1)
		return 11;
	sleep_ms(500);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return 12;
	sqlite3_close(db);
	return 0;
}

static int
child_main(int argc, char *argv[])
{
	if (argc == 5 && strcmp(argv[0], "writer") == 0)
		return child_writer(argv[1], strtoll(argv[2], NULL, 10), atoi(argv[3]),
		    atoi(argv[4]));
	if (argc == 2 && strcmp(argv[0], "checkpoint") == 0)
		return child_checkpoint(argv[1]);
	if (argc == 3 && strcmp(argv[0], "exclusive-wal") == 0)
		return child_exclusive_wal(argv[1], strtoll(argv[2], NULL, 10));
	if (argc == 2 && strcmp(argv[0], "exclusive-rollback") == 0)
		return child_exclusive_rollback(argv[1]);
	return 2;
}

static void
reap(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the other process failed: status %d", status);
}

/*
 * Wait for the next row.  A wakeup may bring none (a checkpoint changes
 * the data version too): wait again, as sb-log does.
 */
static int
wait_row(sb_log *log, const struct sb_log_row **row)
{
	int rc = 0;

	for (int i = 0; i < 100 && rc == 0; i++) {
		if ((rc = sb_log_wait(log)) != SB_OK)
			return rc;
		rc = sb_log_next(log, row);
	}
	return rc;
}

static sb_log *
follow_log(sb_ctx *r, const struct sb_log_filter *f, int interval, int coalesce,
    const volatile sig_atomic_t *stop, int fd)
{
	struct sb_log_follow fo = { interval, coalesce, stop, fd };
	sb_log *log;

	ck_assert_msg(sb_log_open(r, f, &fo, &log) == SB_OK, "%s", sb_errmsg(r));
	return log;
}

static sb_ctx *
reader(void)
{
	sb_ctx *r = sb_ctx_new();

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(sb_open(r, path, SB_OPEN_READONLY), SB_OK);
	return r;
}

START_TEST(follow_sees_another_process)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_ctx *r = reader();
	sb_log *log;
	int64_t t0, took;
	pid_t pid;

	memset(&f, 0, sizeof(f));
	log = follow_log(r, &f, 20, 20, NULL, -1);
	/* nothing from before it started */
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	ck_assert_int_eq(sb_log_last_id(log), 10);
	pid = writer(100, 1);
	t0 = ms_now();
	ck_assert_int_eq(wait_row(log, &row), 1);
	took = ms_now() - t0;
	ck_assert_int_eq(row->id, 11);
	ck_assert_str_eq(row->actor, "writer");
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	ck_assert_int_eq(sqlite3_txn_state(r->db, NULL), SQLITE_TXN_NONE);
	reap(pid);
	/* the write came 100 ms in; seen well within a second of it */
	ck_assert_msg(took < 1000, "took %lld ms", (long long)took);
	sb_log_close(log);

	/* with since, the history first, then the new rows */
	f.since = "9";
	f.user = "writer";
	log = follow_log(r, &f, 20, 0, NULL, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 1);
	ck_assert_int_eq(row->id, 11);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	pid = writer(50, 1);
	ck_assert_int_eq(wait_row(log, &row), 1);
	ck_assert_int_eq(row->id, 12);
	reap(pid);
	sb_log_close(log);
	sb_ctx_free(r);
}
END_TEST

START_TEST(follow_filters)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_ctx *r = reader();
	sb_log *log;

	memset(&f, 0, sizeof(f));
	f.board = "Other";
	log = follow_log(r, &f, 20, 20, NULL, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	move(main_board, "b", "boneyard");   /* 11, 12: not on Other */
	move(other_board, "c", "boneyard");  /* 13, 14: on Other */
	ck_assert_int_eq(wait_row(log, &row), 1);
	ck_assert_int_eq(row->id, 13);
	ck_assert_str_eq(row->summary, "moved scene 3 from day 1 to the boneyard (Other)");
	ck_assert_int_eq(sb_log_next(log, &row), 1);
	ck_assert_int_eq(row->id, 14);
	ck_assert_str_eq(row->summary, "day 1: a strip left (Other)");
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	sb_log_close(log);
	sb_ctx_free(r);
}
END_TEST

START_TEST(follow_coalesces_bursts)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_ctx *r = reader();
	sb_log *log;
	int rows = 0, batches = 0;
	pid_t pid;

	memset(&f, 0, sizeof(f));
	log = follow_log(r, &f, 20, 150, NULL, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	pid = writer(50, 10);
	while (rows < 10 && batches < 20) {
		ck_assert_int_eq(sb_log_wait(log), SB_OK);
		batches++;
		while (sb_log_next(log, &row) > 0)
			rows++;
	}
	reap(pid);
	ck_assert_int_eq(rows, 10);
	/* ten commits back to back arrive in a batch or two, not ten */
	ck_assert_msg(batches <= 3, "%d batches", batches);
	sb_log_close(log);
	sb_ctx_free(r);
}
END_TEST

/*
 * While a follower waits, it holds no read transaction: another process
 * truncates the write-ahead log (which waits for every reader) at once.
 */
START_TEST(follow_holds_nothing)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_ctx *r = reader();
	sb_log *log;
	pid_t pid;

	memset(&f, 0, sizeof(f));
	log = follow_log(r, &f, 20, 20, NULL, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	pid = spawn(-1, (const char *const[]){ "checkpoint", path, NULL });
	ck_assert_int_eq(wait_row(log, &row), 1);
	ck_assert_str_eq(row->actor, "x");
	reap(pid);
	sb_log_close(log);
	sb_ctx_free(r);
}
END_TEST

/*
 * Another process holds BEGIN EXCLUSIVE while the follower polls.  In WAL
 * mode readers go on (history reads fine meanwhile); the row shows once it
 * commits.
 */
START_TEST(follow_exclusive_writer_wal)
{
	char proj[24];
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_ctx *r = reader();
	sb_log *log;
	int p[2];
	char c;
	pid_t pid;

	memset(&f, 0, sizeof(f));
	log = follow_log(r, &f, 20, 20, NULL, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	ck_assert_int_eq(pipe(p), 0);
	snprintf(proj, sizeof(proj), "%lld", (long long)project);
	pid = spawn(p[1], (const char *const[]){ "exclusive-wal", path, proj, NULL });
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	/* the lock is held: history still reads */
	memset(&f, 0, sizeof(f));
	ck_assert_str_eq(ids(&f), "1,2,3,4,5,6,7,8,9,10");
	ck_assert_int_eq(wait_row(log, &row), 1);
	ck_assert_int_eq(row->id, 11);
	reap(pid);
	close(p[0]);
	sb_log_close(log);
	sb_ctx_free(r);
}
END_TEST

/*
 * In rollback-journal mode an exclusive writer locks readers out: a
 * history query reports busy after its timeout, a follower waits it out.
 */
START_TEST(follow_waits_out_busy)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	sb_ctx *r, *h;
	sb_log *log;
	int p[2], status;
	int64_t t0;
	char c;
	pid_t pid;

	ck_assert_int_eq(sb_exec(ctx, "PRAGMA journal_mode = DELETE"), SB_OK);
	r = reader();
	h = reader();
	sb_set_busy_timeout(h, 100);
	memset(&f, 0, sizeof(f));
	log = follow_log(r, &f, 20, 20, NULL, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	ck_assert_int_eq(pipe(p), 0);
	pid = spawn(p[1], (const char *const[]){ "exclusive-rollback", path, NULL });
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	t0 = ms_now();
	ids_on(h, &f, &status);
	ck_assert_int_eq(status, SB_EBUSY);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(h), "busy"));
	ck_assert_int_eq(wait_row(log, &row), 1);
	ck_assert_str_eq(row->actor, "x");
	/* it did wait for the commit */
	ck_assert_int_ge(ms_now() - t0, 300);
	reap(pid);
	close(p[0]);
	sb_log_close(log);
	sb_ctx_free(r);
	sb_ctx_free(h);
}
END_TEST

static volatile sig_atomic_t stop_flag;

static void
on_alarm(int sig)
{
	(void)sig;
	stop_flag = 1;
}

START_TEST(follow_stops)
{
	struct sb_log_filter f;
	const struct sb_log_row *row;
	struct itimerval it = { { 0, 0 }, { 0, 150000 } };
	struct sigaction sa;
	sb_ctx *r = reader();
	sb_log *log;
	int64_t t0;
	int p[2];
	pid_t pid;

	/* a signal sets the flag */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	memset(&f, 0, sizeof(f));
	log = follow_log(r, &f, 50, 50, &stop_flag, -1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	t0 = ms_now();
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	ck_assert_int_eq(sb_log_wait(log), SB_LOG_STOPPED);
	ck_assert_int_lt(ms_now() - t0, 1000);
	sb_log_close(log);

	/* the reader of the output went away */
	ck_assert_int_eq(pipe(p), 0);
	close(p[0]);
	log = follow_log(r, &f, 50, 50, NULL, p[1]);
	t0 = ms_now();
	ck_assert_int_eq(sb_log_wait(log), SB_LOG_STOPPED);
	ck_assert_int_lt(ms_now() - t0, 500);
	close(p[1]);
	sb_log_close(log);

	/* the limit was reached */
	f.limit = 1;
	log = follow_log(r, &f, 20, 0, NULL, -1);
	pid = writer(50, 2);
	ck_assert_int_eq(wait_row(log, &row), 1);
	ck_assert_int_eq(sb_log_next(log, &row), 0);
	ck_assert_int_eq(sb_log_wait(log), SB_LOG_STOPPED);
	reap(pid);
	sb_log_close(log);
	sb_ctx_free(r);
}
END_TEST

START_TEST(follow_usage)
{
	struct sb_log_filter f;
	struct sb_log_follow fo = { 20, 20, NULL, -1 };
	sb_log *log;

	memset(&f, 0, sizeof(f));
	f.newest_first = 1;
	ck_assert_int_eq(sb_log_open(ctx, &f, &fo, &log), SB_EUSAGE);
	ck_assert_ptr_null(log);
	f.newest_first = 0;
	fo.interval_ms = 0;
	ck_assert_int_eq(sb_log_open(ctx, &f, &fo, &log), SB_EUSAGE);
	ck_assert_int_eq(sb_log_open(ctx, &f, NULL, &log), SB_OK);
	ck_assert_int_eq(sb_log_wait(log), SB_EUSAGE);
	sb_log_close(log);
	sb_log_close(NULL);
}
END_TEST

int
main(int argc, char *argv[])
{
	Suite *s;
	TCase *history, *follow;
	SRunner *sr;
	int failed;

	self = argv[0];
	if (argc >= 2 && strcmp(argv[1], "--child") == 0)
		return child_main(argc - 2, argv + 2);
	s = suite_create("log");
	history = tcase_create("history");
	follow = tcase_create("follow");
	tcase_add_checked_fixture(history, setup, teardown);
	tcase_set_timeout(history, 60);
	tcase_add_test(history, filters);
	tcase_add_test(history, since_limit_order);
	tcase_add_test(history, since_time_offsets);
	tcase_add_test(history, rows_and_summaries);
	tcase_add_test(history, day_and_calendar_summaries);
	tcase_add_test(history, strip_gone);
	tcase_add_test(history, projects);
	tcase_add_test(history, pages);
	tcase_add_test(history, formats);
	tcase_add_test(history, json_stays_valid);
	suite_add_tcase(s, history);

	tcase_add_checked_fixture(follow, setup, teardown);
	tcase_set_timeout(follow, 120);
	tcase_add_test(follow, follow_sees_another_process);
	tcase_add_test(follow, follow_filters);
	tcase_add_test(follow, follow_coalesces_bursts);
	tcase_add_test(follow, follow_holds_nothing);
	tcase_add_test(follow, follow_exclusive_writer_wal);
	tcase_add_test(follow, follow_waits_out_busy);
	tcase_add_test(follow, follow_stops);
	tcase_add_test(follow, follow_usage);
	suite_add_tcase(s, follow);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
