/*
 * store_boardref.c - one way to name a board, for every command: its name
 * (case-insensitive when that names one board), its id, or its number as
 * `sb-board list` shows it (its place among the project's boards, by
 * rank).  A name that names nothing is answered with the closest names.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "lookup_priv.h"
#include "store.h"

/* The boards of a project in list order: what "number N" counts. */
#define BOARD_ORDER " ORDER BY rank, id"

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ASCII lower case of one byte (names are UTF-8: other bytes stay). */
static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Levenshtein distance of a and b, ignoring ASCII case; capped at 255. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[256], i, j;

	if (la > 255)
		la = 255;
	if (lb > 255)
		lb = 255;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0], up;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best;

			up = row[j];
			best = diag + (lower((unsigned char)a[i - 1]) !=
			    lower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Does a contain b, ignoring ASCII case? */
static int
contains(const char *a, const char *b)
{
	size_t lb = strlen(b);

	if (lb == 0)
		return 0;
	for (; *a != '\0'; a++) {
		size_t k = 0;

		while (k < lb && a[k] != '\0' &&
		    lower((unsigned char)a[k]) == lower((unsigned char)b[k]))
			k++;
		if (k == lb)
			return 1;
	}
	return 0;
}

/*
 * No board is called ref: say so, with the closest names (up to three,
 * each within a third of the name's length of edits or containing it),
 * else the names there are.
 */
static int
not_found(sb_ctx *ctx, int64_t project_id, const char *ref)
{
	static const char sql[] = "SELECT name FROM board WHERE project_id = ?1" BOARD_ORDER;
	struct cand { char *name; size_t d; } best[3];
	struct sb_buf all, hint;
	size_t nbest = 0, nall = 0, limit = strlen(ref) / 3 + 1;
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	if (limit < 2)
		limit = 2;
	if (st == NULL)
		return SB_EFAIL;
	sb_buf_init(&all);
	sb_buf_init(&hint);
	sb_bind_int64(st, 1, project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sb_col_text(st, 0);
		size_t d = distance(ref, name), k;

		if (nall < 6)
			sb_buf_printf(&all, "%s\"%s\"", nall ? ", " : "", nall < 5 ? name : "...");
		nall++;
		if (d > limit && !contains(name, ref))
			continue;
		if (d > limit)
			d = limit; /* a name that contains it ranks with the far ones */
		/* insert in order of distance, keeping the three closest */
		for (k = nbest; k > 0 && best[k - 1].d > d; k--)
			;
		if (k >= 3)
			continue;
		if (nbest == 3) {
			free(best[2].name);
			nbest--;
		}
		memmove(&best[k + 1], &best[k], (nbest - k) * sizeof(best[0]));
		best[k].name = sb_strdup(name);
		best[k].d = d;
		nbest++;
		if (best[k].name == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t k = 0; k < nbest; k++)
			free(best[k].name);
		sb_buf_free(&all);
		return rc == SQLITE_NOMEM ? sb_err(ctx, SB_EFAIL, "out of memory") :
		    sb_sqlerr(ctx, "board");
	}
	for (size_t k = 0; k < nbest; k++) {
		sb_buf_printf(&hint, "%s\"%s\"", k == 0 ? "" : k + 1 == nbest ? " or " : ", ",
		    best[k].name);
		free(best[k].name);
	}
	if (nall == 0)
		rc = sb_err(ctx, SB_ENOTFOUND, "no board called \"%s\": the project has no "
		    "board", ref);
	else if (nbest > 0)
		rc = sb_err(ctx, SB_ENOTFOUND, "no board called \"%s\"; did you mean %s?",
		    ref, sb_buf_str(&hint));
	else
		rc = sb_err(ctx, SB_ENOTFOUND, "no board called \"%s\"; the boards are %s "
		    "(sb-board list)", ref, sb_buf_str(&all));
	sb_buf_free(&all);
	sb_buf_free(&hint);
	return rc;
}

/*
 * The boards a query finds for ref: *n of them (counting stops at 6), the
 * last in *id, their names in names.
 */
static int
matches(sb_ctx *ctx, const char *sql, int64_t project_id, const char *ref,
    int64_t num, int64_t *id, int *n, struct sb_buf *names)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*n = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project_id);
	if (ref != NULL)
		sb_bind_text(st, 2, ref);
	else
		sb_bind_int64(st, 2, num);
	while ((rc = sb_step(st)) == SQLITE_ROW && *n < 6) {
		*id = sb_col_int64(st, 0);
		if (names != NULL)
			sb_buf_printf(names, "%s\"%s\" (id %s)", *n ? ", " : "",
			    sb_col_text(st, 1), sb_col_text(st, 2));
		(*n)++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "board");
	return SB_OK;
}

int
sb_board_find(sb_ctx *ctx, int64_t project_id, const char *ref, int64_t *board_id)
{
	static const char first[] =
	    "SELECT b.id FROM board b JOIN project p ON p.id = b.project_id"
	    " WHERE b.project_id = ?1"
	    " ORDER BY b.id IS p.active_board_id DESC, b.rank, b.id LIMIT 1";
	static const char by_name[] =
	    "SELECT id, name, uid FROM board WHERE project_id = ?1 AND name = ?2" BOARD_ORDER;
	static const char by_uid[] =
	    "SELECT id, name, uid FROM board WHERE project_id = ?1 AND uid = ?2" BOARD_ORDER;
	static const char by_nocase[] =
	    "SELECT id, name, uid FROM board WHERE project_id = ?1"
	    " AND name = ?2 COLLATE NOCASE" BOARD_ORDER;
	static const char by_number[] =
	    "SELECT id, name, uid FROM board WHERE project_id = ?1" BOARD_ORDER
	    " LIMIT 1 OFFSET ?2 - 1";
	const char *const sqls[] = { by_name, by_uid, by_nocase };
	struct sb_buf names;
	int rc, n;

	if (ref == NULL) {
		sb_st *st = sb_stmt(ctx, first);

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, project_id);
		rc = sb_step(st);
		if (rc == SQLITE_ROW)
			*board_id = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			return SB_OK;
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND,
		    "the project has no board") : sb_sqlerr(ctx, "board");
	}
	if (ref[0] == '\0')
		return sb_err(ctx, SB_EUSAGE, "a board's name cannot be empty");
	sb_buf_init(&names);
	for (size_t i = 0; i < sizeof(sqls) / sizeof(sqls[0]); i++) {
		names.len = 0;
		if ((rc = matches(ctx, sqls[i], project_id, ref, 0, board_id, &n,
		    &names)) != SB_OK)
			break;
		if (n == 1)
			break;
		if (n > 1) {
			rc = sb_err(ctx, SB_EUSAGE, "\"%s\" names %d%s boards (%s): give the "
			    "board's id or its number in sb-board list", ref, n > 5 ? 5 : n,
			    n > 5 ? " or more" : "", sb_buf_str(&names));
			break;
		}
	}
	sb_buf_free(&names);
	if (rc != SB_OK || n >= 1)
		return rc;
	if (all_digits(ref) && strlen(ref) < 10 && strtoll(ref, NULL, 10) >= 1) {
		if ((rc = matches(ctx, by_number, project_id, NULL, strtoll(ref, NULL, 10),
		    board_id, &n, NULL)) != SB_OK || n == 1)
			return rc;
	}
	return not_found(ctx, project_id, ref);
}

int
sb_board_has_days(sb_ctx *ctx, int64_t board_id)
{
	static const char sql[] =
	    "SELECT b.name, EXISTS (SELECT 1 FROM day d JOIN lane l ON l.id = d.lane_id"
	    " WHERE d.board_id = b.id AND d.kind = 'shoot' AND l.kind = 'schedule')"
	    " FROM board b WHERE b.id = ?1";
	sb_st *st = sb_stmt(ctx, sql);
	int rc, has = 0;
	char name[256] = "";

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(name, sizeof(name), "%s", sb_col_text(st, 0));
		has = sb_col_int(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no such board") :
		    sb_sqlerr(ctx, "board");
	if (has)
		return SB_OK;
	return sb_err(ctx, SB_ENOTFOUND, "board \"%s\" has no shoot days: name a "
	    "board that has (--board; sb-board list shows the days of each)", name);
}
