/*
 * op_bench.c - what sb-bench reads from a production, through the
 * library: the fixed points its runs work on (a board, its middle shoot
 * day, a range of days, the middle of the trail), a strip to move with its
 * version, and its baselines, the plain read-only queries stepped row by
 * row on the library's connection.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_priv.h"
#include "board_priv.h"
#include "lookup_priv.h"
#include "perm_priv.h"
#include "store.h"

/* One integer from a query with up to two integer parameters; 0 if no row. */
static int
one_int(sb_ctx *ctx, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = 0;
	if (st == NULL)
		return SB_EFAIL;
	if (sb_bind_count(st) >= 1)
		sb_bind_int64(st, 1, a);
	if (sb_bind_count(st) >= 2)
		sb_bind_int64(st, 2, b);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*out = sb_col_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "bench");
	sb_reset(st);
	return rc;
}

/* The position key and id of shoot day n (1-based) of the board's schedule. */
static int
day_at(sb_ctx *ctx, int64_t board, int64_t n, char pos[SB_KEY_MAX + 2], int64_t *id)
{
	static const char sql[] =
	    "SELECT d.pos, d.id FROM lane l JOIN day d ON d.lane_id = l.id"
	    " WHERE l.board_id = ?1 AND l.kind = 'schedule' AND d.kind = 'shoot'"
	    " ORDER BY l.rank, l.id, d.pos LIMIT 1 OFFSET ?2";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	pos[0] = '\0';
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	sb_bind_int64(st, 2, n - 1);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(pos, SB_KEY_MAX + 2, "%s", (const char *)sb_col_text(st, 0));
		if (id != NULL)
			*id = sb_col_int64(st, 1);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "bench: days");
	sb_reset(st);
	return rc;
}

/* The date of shoot day n on the calendar, or "" without one. */
static void
date_of(const sb_calendar *cal, int64_t n, char out[16])
{
	sb_date date;

	out[0] = '\0';
	if (cal != NULL && sb_calendar_nth(cal, n, &date) == SB_OK)
		sb_date_format(date, out, 16);
}

int
sb_bench_points(sb_ctx *ctx, const char *board, struct sb_bench_points *p)
{
	char pos[SB_KEY_MAX + 2];
	sb_calendar *cal = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	if (!sb_db_open(ctx))
		return sb_err(ctx, SB_EUSAGE, "no database is open");
	if ((rc = one_int(ctx, "SELECT id FROM project ORDER BY id LIMIT 1", 0, 0,
	    &p->project_id)) != SB_OK)
		return rc;
	{
		struct sb_scope s = { p->project_id, 0, 0, 0 };

		if ((rc = sb_perm_require(ctx, SB_ACT_READ, &s)) != SB_OK)
			return rc;
	}
	{
		static const char sql[] =
		    "SELECT id FROM board WHERE project_id = ?1 AND name = ?2"
		    " ORDER BY id LIMIT 1";
		sb_st *st = sb_stmt(ctx, sql);

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, p->project_id);
		sb_bind_text(st, 2, board);
		rc = sb_step(st);
		p->board_id = rc == SQLITE_ROW ? sb_col_int64(st, 0) : 0;
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK :
		    sb_sqlerr(ctx, "bench: board");
		sb_reset(st);
		if (rc != SB_OK)
			return rc;
	}
	if ((rc = one_int(ctx, "SELECT count(*) FROM lane l JOIN day d ON d.lane_id = l.id"
	    " WHERE l.board_id = ?1 AND l.kind = 'schedule' AND d.kind = 'shoot'",
	    p->board_id, 0, &p->ndays)) != SB_OK ||
	    (rc = one_int(ctx, "SELECT min(id) FROM strip WHERE project_id = ?1",
	    p->project_id, 0, &p->strip_lo)) != SB_OK ||
	    (rc = one_int(ctx, "SELECT max(id) FROM strip WHERE project_id = ?1",
	    p->project_id, 0, &p->strip_hi)) != SB_OK ||
	    (rc = one_int(ctx, "SELECT (min(id) + max(id)) / 2 FROM audit", 0, 0,
	    &p->audit)) != SB_OK)
		return rc;
	{
		static const char sql[] =
		    "SELECT id FROM board WHERE project_id = ?1 AND name = 'Second Pass'"
		    " ORDER BY id LIMIT 1";

		if ((rc = one_int(ctx, sql, p->project_id, 0, &p->board_b)) != SB_OK ||
		    (rc = one_int(ctx, "SELECT coalesce(max(id), 0) FROM board", 0, 0,
		    &p->board_top)) != SB_OK ||
		    (rc = one_int(ctx, "SELECT coalesce(max(id), 0) FROM calendar", 0, 0,
		    &p->calendar_top)) != SB_OK)
			return rc;
	}
	if (p->board_id == 0 || p->ndays == 0)
		return sb_err(ctx, SB_ENOTFOUND, "%s: no board \"%s\" with shoot days",
		    ctx->path, board);
	p->day = (p->ndays + 1) / 2;
	p->from = p->day > 10 ? p->day - 10 : 1;
	p->to = p->day + 9 < p->ndays ? p->day + 9 : p->ndays;
	if ((rc = day_at(ctx, p->board_id, p->day, pos, &p->day_id)) != SB_OK ||
	    (rc = day_at(ctx, p->board_id, p->from, p->pos_from, NULL)) != SB_OK ||
	    (rc = day_at(ctx, p->board_id, p->to, p->pos_to, NULL)) != SB_OK ||
	    (rc = sb_board_calendar(ctx, p->board_id, &cal)) != SB_OK)
		return rc;
	date_of(cal, p->day, p->date);
	date_of(cal, p->from, p->from_date);
	date_of(cal, p->to, p->to_date);
	sb_calendar_free(cal);
	return SB_OK;
}

int
sb_bench_pick(sb_ctx *ctx, const struct sb_bench_points *p, int64_t strip_id,
    char uid[SB_BENCH_UID], int64_t *version)
{
	static const char sql[] =
	    "SELECT s.uid, p.version FROM strip s JOIN placement p"
	    " ON p.strip_id = s.id AND p.board_id = ?2 WHERE s.id >= ?1"
	    " ORDER BY s.id LIMIT 1";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	uid[0] = '\0';
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip_id);
	sb_bind_int64(st, 2, p->board_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(uid, SB_BENCH_UID, "%s", (const char *)sb_col_text(st, 0));
		*version = sb_col_int64(st, 1);
		rc = SB_OK;
	} else if (rc == SQLITE_DONE) {
		rc = sb_err(ctx, SB_ENOTFOUND, "%s: no strip to pick", ctx->path);
	} else {
		rc = sb_sqlerr(ctx, "bench: pick");
	}
	sb_reset(st);
	return rc;
}

/* The ids of a table's rows of the project above top, into a new array. */
static int
ids_above(sb_ctx *ctx, const char *sql, int64_t project, int64_t top, int64_t **out,
    size_t *n)
{
	sb_st *st = sb_stmt(ctx, sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project);
	sb_bind_int64(st, 2, top);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			void *v = sb_grow(*out, &cap, *n, 8, sizeof(**out));

			if (v == NULL) {
				sb_reset(st);
				free(*out);
				*out = NULL;
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			*out = v;
		}
		(*out)[(*n)++] = sb_col_int64(st, 0);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return sb_sqlerr(ctx, "bench: drop");
	}
	return SB_OK;
}

int
sb_bench_drop_boards(sb_ctx *ctx, const struct sb_bench_points *p, int64_t *dropped)
{
	int64_t *boards = NULL, *cals = NULL;
	size_t nb = 0, nc = 0;
	int rc;

	*dropped = 0;
	if (!sb_db_open(ctx))
		return sb_err(ctx, SB_EUSAGE, "no database is open");
	if ((rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = ids_above(ctx, "SELECT id FROM board WHERE project_id = ?1 AND id > ?2",
	    p->project_id, p->board_top, &boards, &nb)) != SB_OK ||
	    (rc = ids_above(ctx, "SELECT id FROM calendar WHERE project_id = ?1 AND id > ?2",
	    p->project_id, p->calendar_top, &cals, &nc)) != SB_OK)
		goto out;
	/* lanes, days and placements go with a board, entries with a calendar */
	for (size_t i = 0; i < nb && rc == SB_OK; i++)
		rc = store_board_delete(ctx, boards[i]);
	for (size_t i = 0; i < nc && rc == SB_OK; i++)
		rc = store_calendar_delete(ctx, cals[i]);
	if (rc == SB_OK)
		*dropped = (int64_t)nb;
out:
	free(boards);
	free(cals);
	return sb_tx_end(ctx, rc);
}

/* Bind the named parameters the baselines may use. */
static void
bind_points(sb_st *st, const struct sb_bench_points *p)
{
	const struct { const char *name; int64_t value; } ints[] = {
		{ "@project", p->project_id }, { "@board", p->board_id },
		{ "@day", p->day_id }, { "@audit", p->audit },
	};
	int idx;

	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if ((idx = sb_bind_index(st, ints[i].name)) > 0)
			sb_bind_int64(st, idx, ints[i].value);
	if ((idx = sb_bind_index(st, "@pos_from")) > 0)
		sb_bind_text(st, idx, p->pos_from);
	if ((idx = sb_bind_index(st, "@pos_to")) > 0)
		sb_bind_text(st, idx, p->pos_to);
	if ((idx = sb_bind_index(st, "@date_from")) > 0)
		sb_bind_text(st, idx, p->from_date);
	if ((idx = sb_bind_index(st, "@date_to")) > 0)
		sb_bind_text(st, idx, p->to_date);
}

int
sb_bench_query(sb_ctx *ctx, const char *sql, const struct sb_bench_points *p,
    int64_t *rows)
{
	const char *tail = sql;
	int rc = SB_OK;

	*rows = 0;
	if (!sb_db_open(ctx))
		return sb_err(ctx, SB_EUSAGE, "no database is open");
	while (rc == SB_OK && tail != NULL && *tail != '\0') {
		sb_st *st;
		int step;

		if (sb_prepare_tail(ctx, tail, &st, &tail) != SQLITE_OK)
			return sb_sqlerr(ctx, "baseline");
		if (st == NULL)
			break;
		if (!sb_stmt_readonly(st)) {
			sb_finalize(st);
			return sb_err(ctx, SB_EUSAGE, "baseline: a baseline only reads");
		}
		bind_points(st, p);
		while ((step = sb_step(st)) == SQLITE_ROW) {
			int n = sb_col_count(st);

			for (int c = 0; c < n; c++)
				(void)sb_col_text(st, c);
			(*rows)++;
		}
		if (step != SQLITE_DONE)
			rc = sb_sqlerr(ctx, "baseline");
		sb_finalize(st);
	}
	return rc;
}

/*
 * The permission scenario
 */

/* The ids of up to n rows of sql (one integer parameter), into a new array. */
static int
ids_of(sb_ctx *ctx, const char *sql, int64_t a, size_t n, int64_t **out, size_t *got)
{
	sb_st *st = sb_stmt(ctx, sql);
	int64_t *v;
	int rc;

	*out = NULL;
	*got = 0;
	if (st == NULL)
		return SB_EFAIL;
	if ((v = calloc(n > 0 ? n : 1, sizeof(*v))) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	sb_bind_int64(st, 1, a);
	while (*got < n && (rc = sb_step(st)) == SQLITE_ROW)
		v[(*got)++] = sb_col_int64(st, 0);
	if (*got < n && rc != SQLITE_DONE) {
		sb_reset(st);
		free(v);
		return sb_sqlerr(ctx, "bench");
	}
	sb_reset(st);
	*out = v;
	return SB_OK;
}

static int
perm_rules(sb_ctx *ctx, const struct sb_bench_points *p, size_t nrules,
    const int64_t *strips, size_t nstrips, const int64_t *days, size_t ndays)
{
	char other[32];
	int did, rc = SB_OK;

	for (size_t i = 0; i < nrules && rc == SB_OK; i++) {
		struct sb_scope s = { p->project_id, 0, 0, 0 };
		const char *user = sb_user(ctx);
		int deny = 0;

		/* the user's own on every level, another user's beside them */
		if (i % 2 == 1) {
			snprintf(other, sizeof(other), "bench%zu", i % 97);
			user = other;
		}
		switch (i / 2 % 8) {
		case 0: case 1: case 2: case 3: /* strips on the board */
			s.board_id = p->board_id;
			s.strip_id = strips[i % nstrips];
			break;
		case 4: case 5: /* days, denied the calendar */
			s.board_id = p->board_id;
			s.day_id = days[i % ndays];
			deny = i % 4 == 0;
			break;
		case 6: /* strips on every board */
			s.strip_id = strips[(i * 7) % nstrips];
			break;
		default: /* the board, the project */
			if (i % 3 == 0)
				s.board_id = p->board_id;
			break;
		}
		rc = deny ? sb_perm_deny(ctx, user, "calendar", &s, &did) :
		    sb_perm_grant(ctx, user, "scheduler", &s, &did);
	}
	return rc;
}

int
sb_bench_perm(sb_ctx *ctx, const struct sb_bench_points *p, size_t nrules,
    size_t nmoves, const char *moves_path, uint64_t *checks, double *ms,
    int64_t *rows)
{
	static const char strips_sql[] =
	    "SELECT strip_id FROM placement WHERE board_id = ?1 ORDER BY id";
	static const char days_sql[] =
	    "SELECT d.id FROM lane l JOIN day d ON d.lane_id = l.id WHERE l.board_id = ?1"
	    " AND l.kind = 'schedule' AND d.kind = 'shoot' ORDER BY d.pos";
	struct sb_batch_opts opts;
	struct sb_batch_summary sum;
	int64_t *strips = NULL, *days = NULL;
	size_t nstrips = 0, ndays = 0;
	uint64_t c0;
	double m0;
	FILE *f = NULL, *null = NULL;
	char board[SB_BOARD_NAME_MAX + 1];
	int rc;

	*checks = 0;
	*ms = 0;
	*rows = 0;
	if (p->board_id == 0 || p->ndays < 2)
		return sb_err(ctx, SB_ENOTFOUND, "the board has too few shoot days");
	if ((rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = ids_of(ctx, strips_sql, p->board_id, nmoves > nrules ? nmoves : nrules,
	    &strips, &nstrips)) != SB_OK ||
	    (rc = ids_of(ctx, days_sql, p->board_id, (size_t)p->ndays, &days, &ndays)) != SB_OK)
		goto out;
	if (nstrips == 0 || ndays < 2) {
		rc = sb_err(ctx, SB_ENOTFOUND, "the board has too few strips or days");
		goto out;
	}
	if ((rc = perm_rules(ctx, p, nrules, strips, nstrips, days, ndays)) != SB_OK)
		goto out;
	/* each strip to the next day but one: every row moves */
	if ((f = fopen(moves_path, "w")) == NULL) {
		rc = sb_err(ctx, SB_EFAIL, "%s: cannot write", moves_path);
		goto out;
	}
	fputs("strip_id,day\n", f);
	{
		sb_st *st = sb_stmt(ctx, "SELECT s.uid FROM placement p JOIN strip s"
		    " ON s.id = p.strip_id WHERE p.board_id = ?1 ORDER BY p.id");
		size_t i = 0;

		if (st == NULL) {
			rc = SB_EFAIL;
			goto out;
		}
		sb_bind_int64(st, 1, p->board_id);
		while (i < nmoves && sb_step(st) == SQLITE_ROW) {
			fprintf(f, "%s,%zu\n", (const char *)sb_col_text(st, 0),
			    (i * 7 + 2) % ndays + 1);
			i++;
		}
		sb_reset(st);
	}
	if (fclose(f) != 0) {
		f = NULL;
		rc = sb_err(ctx, SB_EFAIL, "%s: cannot write", moves_path);
		goto out;
	}
	f = NULL;
	if ((null = fopen("/dev/null", "w")) == NULL) {
		rc = sb_err(ctx, SB_EFAIL, "/dev/null: cannot write");
		goto out;
	}
	memset(&opts, 0, sizeof(opts));
	opts.atomic = 1;
	opts.board = sb_board_name(ctx, p->board_id, board, sizeof(board));
	sb_perm_spent(ctx, &c0, &m0);
	rc = sb_reorder_batch(ctx, p->project_id, moves_path, &opts, null, &sum);
	sb_perm_spent(ctx, checks, ms);
	*checks -= c0;
	*ms -= m0;
	*rows = (int64_t)(sum.moved + sum.unchanged);
out:
	if (null != NULL)
		fclose(null);
	free(strips);
	free(days);
	/* the file as it was */
	sb_tx_end(ctx, SB_EFAIL);
	return rc;
}

int
sb_bench_sort_plan(sb_ctx *ctx, const struct sb_bench_points *p, int64_t n,
    const char *keys, char (*uids)[SB_BENCH_UID], size_t max, size_t *count)
{
	static const char moved_sql[] =
	    "SELECT s.uid FROM audit a JOIN placement pl ON pl.id = a.entity_id"
	    " JOIN strip s ON s.id = pl.strip_id WHERE a.id > ?1 AND a.entity = 'placement'"
	    " ORDER BY a.id";
	struct sb_move_result res;
	int64_t top = 0;
	sb_st *st;
	int rc;

	*count = 0;
	if (!sb_db_open(ctx))
		return sb_err(ctx, SB_EUSAGE, "no database is open");
	if ((rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = one_int(ctx, "SELECT coalesce(max(id), 0) FROM audit", 0, 0, &top)) != SB_OK ||
	    (rc = sb_sort(ctx, p->board_id, n, n, keys, &res)) != SB_OK)
		goto out;
	if ((st = sb_stmt(ctx, moved_sql)) == NULL) {
		rc = SB_EFAIL;
		goto out;
	}
	sb_bind_int64(st, 1, top);
	while ((rc = sb_step(st)) == SQLITE_ROW && *count < max)
		snprintf(uids[(*count)++], SB_BENCH_UID, "%s", (const char *)sb_col_text(st, 0));
	if (rc == SQLITE_ROW)
		rc = sb_err(ctx, SB_EFAIL, "the sort moves more than %zu strips", max);
	else
		rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "bench: sort");
	sb_reset(st);
out:
	/* the file as it was */
	sb_tx_end(ctx, SB_EFAIL);
	return rc;
}
