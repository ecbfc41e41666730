/*
 * asof_prop - the property test of --as-of (issue 16, item 3): N random
 * operations on the First Pass board of a production (moves, some of them
 * hammering one gap until its keys are laid out again, batches, sorts,
 * every day operation, calendar edits, script revisions), the board
 * exported at random points; then the board rebuilt from the trail as of
 * each point must print exactly what was printed then (the CSV and NDJSON
 * of the board, its day list, the whole project as USS), as of a time as
 * well as of an id, and as of now exactly the live board.
 *
 *   asof_prop DB SEED N STRIPS DRAFT1 DRAFT2
 *
 * The production is a synthetic one of STRIPS strips (sb_synth(), seed 1);
 * the drafts are scripts whose scenes 1 to 6 revise its own.
 *
 * Deterministic for a seed.  Prints a summary on stderr; exit 0 when every
 * point matches, 1 otherwise (the first difference is printed).
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "stripboard.h"
#include "sb_priv.h"

#define BOARD "First Pass"

static uint64_t rng;
static const char *dbpath;

static uint64_t
next(void)
{
	/* splitmix64 */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t
pick(int64_t n)
{
	return n <= 0 ? 0 : (int64_t)(next() % (uint64_t)n);
}

static void
die(const char *what, sb_ctx *ctx)
{
	fprintf(stderr, "asof_prop: %s: %s\n", what, ctx != NULL ? sb_errmsg(ctx) : "");
	exit(1);
}

/* The database, read with SQLite itself, to pick what to change. */
static sqlite3 *look;

static sqlite3_stmt *
prepare(const char *sql)
{
	sqlite3_stmt *st;

	if (look == NULL && sqlite3_open_v2(dbpath, &look, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "asof_prop: %s: %s\n", dbpath, sqlite3_errmsg(look));
		exit(1);
	}
	if (sqlite3_prepare_v2(look, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "asof_prop: %s: %s\n", sql, sqlite3_errmsg(look));
		exit(1);
	}
	return st;
}

/* One integer from the database. */
static int64_t
q(const char *sql)
{
	sqlite3_stmt *st = prepare(sql);
	int64_t v = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A text from the database (a strip's uid...), into buf. */
static void
qs(const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *st = prepare(sql);

	buf[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* What a reader printed: the board as CSV and NDJSON, its days, the project. */
struct view {
	int64_t id;
	char at[32];
	char *text;
	size_t len;
};

static void
print_view(sb_ctx *ctx, int64_t project, FILE *out)
{
	struct sb_day_query dq;

	memset(&dq, 0, sizeof(dq));
	dq.board = BOARD;
	dq.expand = SB_EXPAND_ALL;
	if (sb_export(ctx, project, BOARD, sb_format_from_name("csv"), out) != SB_OK ||
	    sb_export(ctx, project, BOARD, sb_format_from_name("ndjson"), out) != SB_OK ||
	    sb_day_list(ctx, project, &dq, SB_FMT_CSV, out) != SB_OK ||
	    sb_export(ctx, project, NULL, sb_format_from_name("uss"), out) != SB_OK)
		die("export", ctx);
}

static void
take_view(sb_ctx *ctx, int64_t project, struct view *v)
{
	FILE *out = open_memstream(&v->text, &v->len);

	if (out == NULL)
		die("open_memstream", NULL);
	print_view(ctx, project, out);
	fclose(out);
}

/* The view as of when, read through a fresh read-only context. */
static int
view_as_of(const char *when, int64_t project, char **text, size_t *len, int64_t *shown)
{
	sb_ctx *ctx = sb_ctx_new();
	FILE *out;
	int rc;

	if (ctx == NULL || sb_open(ctx, dbpath, SB_OPEN_READONLY) != SB_OK)
		die("open", ctx);
	if ((rc = sb_as_of(ctx, project, when, shown)) != SB_OK) {
		fprintf(stderr, "asof_prop: as of %s: %s\n", when, sb_errmsg(ctx));
		sb_ctx_free(ctx);
		return rc;
	}
	if ((out = open_memstream(text, len)) == NULL)
		die("open_memstream", NULL);
	print_view(ctx, project, out);
	fclose(out);
	sb_ctx_free(ctx);
	return SB_OK;
}

/* The strips of the board (on shoot day n; 0: anywhere), for a query. */
#define ON_DAY(n) "FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b" \
	" ON b.id = p.board_id JOIN day d ON d.id = p.day_id WHERE b.name = '" BOARD \
	"' AND (" n " = 0 OR (d.kind = 'shoot' AND (SELECT count(*) FROM day e WHERE" \
	" e.lane_id = d.lane_id AND e.kind = 'shoot' AND e.pos <= d.pos) = " n "))"

/* A strip of the board: a random one, or one on day n (0: any). */
static void
a_strip(int64_t n, char *uid, size_t size)
{
	char sql[1024], num[24];
	int64_t count;

	snprintf(num, sizeof(num), "%lld", (long long)n);
	snprintf(sql, sizeof(sql), "SELECT count(*) " ON_DAY("%s"), num, num);
	count = q(sql);
	snprintf(sql, sizeof(sql), "SELECT s.uid " ON_DAY("%s") " ORDER BY s.id"
	    " LIMIT 1 OFFSET %lld", num, num, (long long)pick(count));
	qs(sql, uid, size);
}

static int64_t
ndays(void)
{
	return q("SELECT count(*) FROM day d JOIN board b ON b.id = d.board_id JOIN lane l"
	    " ON l.id = d.lane_id WHERE b.name = '" BOARD "' AND l.kind = 'schedule'"
	    " AND d.kind = 'shoot'");
}

static int
acceptable(int rc)
{
	return rc == SB_OK || rc == SB_EUSAGE || rc == SB_ENOTFOUND || rc == SB_ECONFLICT;
}

int
main(int argc, char *argv[])
{
	struct sb_synth_opts so = { 0, 1, "Prop", 0 };
	struct sb_import_summary sum;
	static const char *const keys[] = { "location,set", "scene", "-pages",
	    "int_ext,day_night", "cast", "set,-scene" };
	const char *drafts[2];
	struct view *views = NULL;
	size_t nviews = 0, cap = 0, failures = 0, by_time = 0;
	int64_t project, board, n, ops = 0, ok_ops = 0;
	char hammer[64] = "", anchor[64] = "";
	sb_ctx *ctx;
	char uid[64], day[32], label[64], name[256], start0[32], *cmd[3];
	sb_date first_date;

	if (argc != 7) {
		fputs("usage: asof_prop DB SEED N STRIPS DRAFT1 DRAFT2\n", stderr);
		return 2;
	}
	dbpath = argv[1];
	rng = strtoull(argv[2], NULL, 10);
	n = strtoll(argv[3], NULL, 10);
	drafts[0] = argv[5];
	drafts[1] = argv[6];
	unlink(dbpath);
	if ((ctx = sb_ctx_new()) == NULL || sb_open(ctx, dbpath, SB_OPEN_CREATE) != SB_OK)
		die("open", ctx);
	so.strips = strtoll(argv[4], NULL, 10);
	if (sb_synth(ctx, &so, &sum) != SB_OK)
		die("synth", ctx);
	/* thousands of commits: what a power loss would do is not the point here */
	if (sb_exec(ctx, "PRAGMA synchronous = OFF") != SB_OK)
		die("synchronous", ctx);
	project = sum.project_id;
	snprintf(name, sizeof(name), "%s", sum.project);
	qs("SELECT min(date) FROM calendar_day WHERE kind = 'start'", start0, sizeof(start0));
	if (sb_date_parse(start0, &first_date) != SB_OK)
		die("no start date", NULL);
	if (sb_board_find(ctx, project, BOARD, &board) != SB_OK)
		die("board", ctx);
	cmd[0] = argv[0];
	cmd[1] = label;
	cmd[2] = NULL;

	for (int64_t i = 0; i < n; i++) {
		int64_t d = ndays(), r = pick(100), a = 0, rc = SB_OK;
		struct sb_move_result res;

		/* each operation its own command line, as each is a command */
		snprintf(label, sizeof(label), "op %lld", (long long)i);
		sb_set_command(ctx, 2, cmd);
		ops++;
		/* 400 of every 2000: the same gap again and again, until respaced */
		if (i % 2000 >= 700 && i % 2000 < 1100)
			r = 25 + pick(20);
		if (r < 25) { /* a move to a day, the boneyard, first or last */
			const char *strips[1] = { uid };
			struct sb_move m = { strips, 1, day, pick(2) ? SB_AT_LAST : SB_AT_FIRST,
			    NULL, -1 };

			a_strip(0, uid, sizeof(uid));
			if (d == 0 || pick(6) == 0)
				snprintf(day, sizeof(day), "boneyard");
			else
				snprintf(day, sizeof(day), "%lld", (long long)(1 + pick(d)));
			rc = sb_move(ctx, board, &m, &res);
		} else if (r < 45) {
			/* the same gap again and again: its keys grow until respaced */
			const char *strips[1] = { hammer };
			struct sb_move m = { strips, 1, NULL, SB_AT_AFTER, anchor, -1 };

			char sql[512];

			if (anchor[0] == '\0' || i % 2000 == 700)
				a_strip(0, anchor, sizeof(anchor));
			/* the second strip after the anchor goes right after it */
			snprintf(sql, sizeof(sql), "SELECT s.uid FROM placement p JOIN strip s"
			    " ON s.id = p.strip_id JOIN placement a ON a.day_id = p.day_id"
			    " AND a.board_id = p.board_id JOIN strip t ON t.id = a.strip_id"
			    " WHERE t.uid = '%s' AND p.board_id = %lld AND p.pos > a.pos"
			    " ORDER BY p.pos LIMIT 1 OFFSET 1", anchor, (long long)board);
			qs(sql, hammer, sizeof(hammer));
			if (hammer[0] == '\0')
				a_strip(0, hammer, sizeof(hammer));
			if (strcmp(hammer, anchor) != 0)
				rc = sb_move(ctx, board, &m, &res);
		} else if (r < 53) { /* a batch */
			char path[4096];
			FILE *f;
			struct sb_batch_opts bo = { BOARD, (int)pick(2) };
			struct sb_batch_summary bs;
			FILE *devnull = fopen("/dev/null", "w");

			snprintf(path, sizeof(path), "%s.batch.csv", dbpath);
			if ((f = fopen(path, "w")) == NULL || devnull == NULL)
				die("batch file", NULL);
			fputs("strip_id,day\n", f);
			for (int64_t k = 1 + pick(4); k > 0; k--) {
				a_strip(0, uid, sizeof(uid));
				if (d == 0 || pick(5) == 0)
					fprintf(f, "%s,boneyard\n", uid);
				else
					fprintf(f, "%s,%lld\n", uid, (long long)(1 + pick(d)));
			}
			fclose(f);
			rc = sb_reorder_batch(ctx, project, path, &bo, devnull, &bs);
			fclose(devnull);
			unlink(path);
		} else if (r < 60) { /* a sort */
			int64_t first = d > 0 ? 1 + pick(d) : 0;

			rc = sb_sort(ctx, board, pick(8) == 0 ? 0 : first, pick(8) == 0 ? 0 :
			    first + pick(3) > d ? d : first + pick(3), keys[pick(6)], &res);
		} else if (r < 67) { /* days added: often at one place (the lane's keys grow) */
			int64_t first;

			rc = sb_day_add(ctx, board, pick(3) ? (d > 0 ? 1 : 0) : pick(d + 1),
			    1 + pick(2), &first, -1);
		} else if (r < 71 && d > 1) {
			rc = sb_day_drop(ctx, board, 1 + pick(d), (enum sb_drop_to)pick(3), -1);
		} else if (r < 75 && d > 1) {
			static const enum sb_where w[] = { SB_AT_FIRST, SB_AT_LAST, SB_AT_AFTER,
			    SB_AT_BEFORE };

			rc = sb_day_move(ctx, board, 1 + pick(d), w[pick(4)], 1 + pick(d), -1);
		} else if (r < 81 && d > 0) {
			a = 1 + pick(d);
			a_strip(a, uid, sizeof(uid));
			if (uid[0] != '\0')
				rc = sb_day_split(ctx, board, a, uid, -1);
		} else if (r < 86 && d > 1) {
			a = 1 + pick(d - 1);
			rc = sb_day_join(ctx, board, a, pick(2) ? a + 1 : 1 + pick(d), -1);
		} else if (r < 97) { /* the calendar */
			struct sb_calendar_mark marks[2];
			struct sb_calendar_edit e;
			char d1[16], d2[16], start[16];
			static const char *const offs[] = { "sat,sun", "sun", "", "fri,sat" };

			memset(&e, 0, sizeof(e));
			sb_date_format(first_date + (sb_date)pick(60), d1, sizeof(d1));
			sb_date_format(first_date + (sb_date)pick(60), d2, sizeof(d2));
			marks[0].date = d1;
			marks[0].kind = (int)pick(6);
			marks[0].name = "wrap party";
			marks[1].date = d2;
			marks[1].kind = (int)pick(6);
			marks[1].name = NULL;
			e.marks = marks;
			e.nmarks = 1 + (size_t)pick(2);
			if (pick(5) == 0)
				e.days_off = offs[pick(4)];
			if (pick(8) == 0) {
				sb_date_format(first_date + (sb_date)pick(9) - 4, start, sizeof(start));
				e.start = start;
			}
			rc = sb_calendar_edit(ctx, board, &e, -1);
		} else if (r >= 97) { /* a new draft of the script */
			struct sb_import_opts uo = { SB_FMT_AUTO, NULL, 0, NULL, NULL, 1, NULL };
			FILE *devnull = fopen("/dev/null", "w");

			if (devnull == NULL)
				die("/dev/null", NULL);
			uo.project = name;
			uo.changes = devnull;
			rc = sb_import(ctx, drafts[pick(2)], &uo, &sum);
			fclose(devnull);
		}
		if (!acceptable((int)rc)) {
			fprintf(stderr, "asof_prop: operation %lld (%lld): %s\n", (long long)i,
			    (long long)r, sb_errmsg(ctx));
			return 1;
		}
		ok_ops += rc == SB_OK;
		/* a point to come back to */
		if (pick(100) < 1 || i == n - 1) {
			if (nviews == cap) {
				void *p = realloc(views, (cap = cap ? cap * 2 : 32) * sizeof(*views));

				if (p == NULL)
					die("out of memory", NULL);
				views = p;
			}
			views[nviews].id = q("SELECT max(id) FROM audit");
			qs("SELECT at FROM audit ORDER BY id DESC LIMIT 1", views[nviews].at,
			    sizeof(views[nviews].at));
			take_view(ctx, project, &views[nviews]);
			nviews++;
		}
	}

	for (size_t k = 0; k < nviews; k++) {
		char when[32], *text = NULL, sql[128];
		size_t len = 0;
		int64_t shown;

		snprintf(when, sizeof(when), "%lld", (long long)views[k].id);
		if (view_as_of(when, project, &text, &len, &shown) != SB_OK || shown != views[k].id ||
		    len != views[k].len || memcmp(text, views[k].text, len) != 0) {
			FILE *f;
			char path[4096];

			fprintf(stderr, "asof_prop: as of audit %lld, not what was printed then "
			    "(%zu bytes, then %zu)\n", (long long)views[k].id, len, views[k].len);
			snprintf(path, sizeof(path), "%s.then", dbpath);
			if ((f = fopen(path, "w")) != NULL) {
				fwrite(views[k].text, 1, views[k].len, f);
				fclose(f);
			}
			snprintf(path, sizeof(path), "%s.asof", dbpath);
			if (text != NULL && (f = fopen(path, "w")) != NULL) {
				fwrite(text, 1, len, f);
				fclose(f);
			}
			failures++;
			free(text);
			break;
		}
		free(text);
		/* as of the time of a point, when no later change shares it */
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE id > %lld AND"
		    " at <= '%s'", (long long)views[k].id, views[k].at);
		if (k % 3 == 0 && q(sql) == 0) {
			text = NULL;
			if (view_as_of(views[k].at, project, &text, &len, &shown) != SB_OK ||
			    len != views[k].len || memcmp(text, views[k].text, len) != 0) {
				fprintf(stderr, "asof_prop: as of %s, not what was printed then\n",
				    views[k].at);
				failures++;
			}
			by_time++;
			free(text);
		}
	}
	/* as of now: the live board */
	if (failures == 0) {
		struct view live;
		char *text = NULL, when[32];
		size_t len = 0;
		int64_t shown;

		take_view(ctx, project, &live);
		snprintf(when, sizeof(when), "%lld", (long long)q("SELECT max(id) FROM audit"));
		if (view_as_of(when, project, &text, &len, &shown) != SB_OK ||
		    len != live.len || memcmp(text, live.text, len) != 0) {
			fprintf(stderr, "asof_prop: as of now, not the live board\n");
			failures++;
		}
		free(text);
		free(live.text);
	}
	fprintf(stderr, "asof_prop: seed %s: %lld operations (%lld wrote), %lld audit rows,"
	    " %lld respacings, %zu points (%zu also by time), %zu failed\n", argv[2],
	    (long long)ops, (long long)ok_ops, (long long)q("SELECT count(*) FROM audit"),
	    (long long)q("SELECT count(*) FROM audit WHERE json_extract(changes,"
	    " '$.respace') IS NOT NULL"), nviews, by_time, failures);
	for (size_t k = 0; k < nviews; k++)
		free(views[k].text);
	free(views);
	sb_ctx_free(ctx);
	sqlite3_close(look);
	return failures == 0 ? 0 : 1;
}
