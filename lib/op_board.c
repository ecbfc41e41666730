/*
 * op_board.c - boards as a whole (sb-board): listing them, making one (every
 * scene in its boneyard, or a copy of another with its days, calendar and
 * banners), renaming, activating and dropping one, each version-checked and
 * audited; and comparing two boards strip by strip.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "json_priv.h"
#include "lookup_priv.h"
#include "store.h"

/* What a change needs to know of a board. */
struct board_row {
	int64_t id, project, version, calendar;
	char name[SB_BOARD_NAME_MAX + 1];
	char uid[64];
};

static int
board_get(sb_ctx *ctx, int64_t id, struct board_row *b)
{
	static const char sql[] =
	    "SELECT project_id, version, coalesce(calendar_id, 0), name, uid FROM board"
	    " WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	memset(b, 0, sizeof(*b));
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		b->id = id;
		b->project = sb_col_int64(st, 0);
		b->version = sb_col_int64(st, 1);
		b->calendar = sb_col_int64(st, 2);
		snprintf(b->name, sizeof(b->name), "%s", sb_col_text(st, 3));
		snprintf(b->uid, sizeof(b->uid), "%s", sb_col_text(st, 4));
	}
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return SB_OK;
	return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no such board") :
	    sb_sqlerr(ctx, "board");
}

/* One integer from a query binding ?1. */
static int
one_int(sb_ctx *ctx, const char *sql, int64_t a, int64_t *out)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, a);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*out = sb_col_int64(st, 0);
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "board");
}

static const char count_days[] =
    "SELECT count(*) FROM day d JOIN lane l ON l.id = d.lane_id"
    " WHERE d.board_id = ?1 AND d.kind = 'shoot' AND l.kind = 'schedule'";
static const char count_strips[] = "SELECT count(*) FROM placement WHERE board_id = ?1";

/* The board commands use when none is named: the active one, else the first. */
static int
default_board(sb_ctx *ctx, int64_t project, int64_t *id)
{
	int rc = sb_board_find(ctx, project, NULL, id);

	if (rc == SB_ENOTFOUND) {
		*id = 0;
		return SB_OK;
	}
	return rc;
}

/* A stale version: the report names the board and what changed it since. */
static int
stale(sb_ctx *ctx, const struct board_row *b, int64_t expected)
{
	struct sb_buf r;

	sb_buf_init(&r);
	sb_buf_puts(&r, "{\"conflict\":{\"board\":");
	sb_json_quote(&r, b->name);
	sb_buf_puts(&r, ",\"board_id\":");
	sb_json_quote(&r, b->uid);
	sb_buf_printf(&r, ",\"expected_version\":%lld,\"current_version\":%lld,"
	    "\"changes\":", (long long)expected, (long long)b->version);
	sb_audit_since(ctx, &r, "board", b->id, expected);
	sb_buf_puts(&r, "}}");
	return sb_conflict_set(ctx, &r, "board \"%s\" is at version %lld, not %lld: "
	    "someone changed it; read again and retry", b->name, (long long)b->version,
	    (long long)expected);
}

static int
check_version(sb_ctx *ctx, const struct board_row *b, int64_t if_version)
{
	return if_version >= 0 && if_version != b->version ? stale(ctx, b, if_version) : SB_OK;
}

/*
 * A name a board may take: UTF-8 text of 1 to SB_BOARD_NAME_MAX bytes, no
 * control characters, not only digits (digits name a board by its number),
 * and no other board of the project called so in any case.
 */
static int
check_name(sb_ctx *ctx, int64_t project, const char *name, int64_t self)
{
	static const char taken[] =
	    "SELECT name FROM board WHERE project_id = ?1 AND name = ?2 COLLATE NOCASE"
	    " AND id <> ?3 LIMIT 1";
	size_t len = strlen(name), digits = 0;
	sb_st *st;
	int rc;

	if (len == 0)
		return sb_err(ctx, SB_EDATA, "a board's name cannot be empty");
	if (len > SB_BOARD_NAME_MAX)
		return sb_err(ctx, SB_EDATA, "a board's name holds at most %d bytes, not %zu",
		    SB_BOARD_NAME_MAX, len);
	if (!sb_utf8_valid(name, len))
		return sb_err(ctx, SB_EDATA, "a board's name must be UTF-8 text");
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return sb_err(ctx, SB_EDATA, "a board's name cannot hold control "
			    "characters");
		digits += *p >= '0' && *p <= '9';
	}
	if (digits == len)
		return sb_err(ctx, SB_EDATA, "\"%s\" is not a board's name: a number names "
		    "the board of that number in sb-board list", name);
	if ((st = sb_stmt(ctx, taken)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project);
	sb_bind_text(st, 2, name);
	sb_bind_int64(st, 3, self);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		rc = sb_err(ctx, SB_EDATA, "a board is called \"%s\" already",
		    sb_col_text(st, 0));
	else
		rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "board");
	sb_reset(st);
	return rc;
}

/* The "about" of a board's audit row, without its closing brace. */
static void
about(struct sb_buf *b, const char *name, int64_t id, const char *uid)
{
	sb_buf_puts(b, "\"about\":{\"board\":");
	sb_json_quote(b, name);
	sb_buf_printf(b, ",\"board_id\":%lld,\"uid\":", (long long)id);
	sb_json_quote(b, uid);
}

static int
audit_done(sb_ctx *ctx, int64_t project, int64_t id, int64_t before, int64_t after,
    struct sb_buf *b)
{
	int rc = b->failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
	    sb_audit(ctx, project, "board", id, before, after, sb_buf_str(b));

	sb_buf_free(b);
	return rc;
}

/*
 * Append "set" with every column of a board or calendar row, from null
 * (created) or to null (deleted), as stored: enough to delete it again, or
 * to insert it again with its id.
 */
#define COLS_BOARD(F) "'project_id', " F("project_id") ", 'uid', " F("uid") ", 'name', " \
    F("name") ", 'calendar_id', " F("calendar_id") ", 'rank', " F("rank") ", 'ext', " \
    F("ext") ", 'absent', " F("absent")
#define COLS_CAL(F) "'project_id', " F("project_id") ", 'uid', " F("uid") ", 'name', " \
    F("name") ", 'days_off', " F("days_off") ", 'rank', " F("rank") ", 'ext', " \
    F("ext") ", 'absent', " F("absent")
#define FROM_NULL(c) "json_array(NULL, " c ")"
#define TO_NULL(c) "json_array(" c ", NULL)"

static int
row_set(sb_ctx *ctx, const char *sql, int64_t id, struct sb_buf *b)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		sb_buf_puts(b, "\"set\":");
		sb_buf_puts(b, (const char *)sb_col_text(st, 0));
	}
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return SB_OK;
	return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no such row") :
	    sb_sqlerr(ctx, "audit");
}

static const char board_made[] =
    "SELECT json_object(" COLS_BOARD(FROM_NULL) ") FROM board WHERE id = ?1";
static const char board_gone[] =
    "SELECT json_object(" COLS_BOARD(TO_NULL) ") FROM board WHERE id = ?1";
static const char calendar_made[] =
    "SELECT json_object(" COLS_CAL(FROM_NULL) ") FROM calendar WHERE id = ?1";

/* A board's version rises: it became, or stopped being, the active one. */
static int
audit_active(sb_ctx *ctx, const struct board_row *b, int active)
{
	struct sb_buf a;

	sb_buf_init(&a);
	sb_buf_puts(&a, "{\"set\":{},");
	about(&a, b->name, b->id, b->uid);
	sb_buf_printf(&a, ",\"active\":[%s,%s]}}", active ? "false" : "true",
	    active ? "true" : "false");
	return audit_done(ctx, b->project, b->id, b->version, b->version + 1, &a);
}

/*
 * Make board the project's active board: the project's row says which was
 * (null: none was named, the first board served), and both boards'
 * versions rise.  The project's version counts its imports and stays.
 */
static int
set_active(sb_ctx *ctx, const struct board_row *b, int64_t was)
{
	struct board_row old;
	struct sb_buf a;
	int64_t named, pv;
	int rc;

	if ((rc = one_int(ctx, "SELECT coalesce(active_board_id, 0) FROM project"
	    " WHERE id = ?1", b->project, &named)) != SB_OK ||
	    (rc = one_int(ctx, "SELECT version FROM project WHERE id = ?1", b->project,
	    &pv)) != SB_OK)
		return rc;
	if (was != 0 && was != b->id) {
		if ((rc = board_get(ctx, was, &old)) != SB_OK ||
		    (rc = store_board_bump(ctx, was)) != SB_OK ||
		    (rc = audit_active(ctx, &old, 0)) != SB_OK)
			return rc;
	}
	if ((rc = store_project_set_active_board(ctx, b->project, b->id)) != SB_OK ||
	    (rc = store_board_bump(ctx, b->id)) != SB_OK ||
	    (rc = audit_active(ctx, b, 1)) != SB_OK)
		return rc;
	sb_buf_init(&a);
	sb_buf_puts(&a, "{\"set\":{\"active_board_id\":[");
	if (named != 0)
		sb_buf_printf(&a, "%lld", (long long)named);
	else
		sb_buf_puts(&a, "null");
	sb_buf_printf(&a, ",%lld]},", (long long)b->id);
	about(&a, b->name, b->id, b->uid);
	sb_buf_puts(&a, "}}");
	rc = a.failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
	    sb_audit(ctx, b->project, "project", b->project, pv, pv, sb_buf_str(&a));
	sb_buf_free(&a);
	return rc;
}

/* The project's active_board_id (0: none set). */
static int
active_of(sb_ctx *ctx, int64_t project, int64_t *id)
{
	return one_int(ctx, "SELECT coalesce(active_board_id, 0) FROM project WHERE id = ?1",
	    project, id);
}

/*
 * Listing
 */
int
sb_board_list(sb_ctx *ctx, int64_t project_id, int format, FILE *out)
{
	static const char sql[] =
	    /* a numbered lane's count is its last kept number (see sb_shoot_day_count()) */
	    "SELECT b.id, b.uid, b.name, b.version,"
	    " (SELECT coalesce(sum(CASE WHEN l.ranked = 1 THEN coalesce((SELECT d.seq FROM day d"
	    "  WHERE d.lane_id = l.id AND d.kind = 'shoot' AND d.seq IS NOT NULL"
	    "  ORDER BY d.seq DESC LIMIT 1), 0) ELSE (SELECT count(*) FROM day d"
	    "  WHERE d.lane_id = l.id AND d.kind = 'shoot') END), 0)"
	    "  FROM lane l WHERE l.board_id = b.id AND l.kind = 'schedule'),"
	    " (SELECT count(*) FROM placement p WHERE p.board_id = b.id)"
	    " FROM board b WHERE b.project_id = ?1 ORDER BY b.rank, b.id";
	sb_st *st;
	int64_t active, n = 0;
	int rc;

	if (format != SB_FMT_CSV && format != SB_FMT_JSON && format != SB_FMT_NDJSON &&
	    format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "boards are listed as csv, json, ndjson or "
		    "table, not %s", sb_format_name(format));
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ project_id,
	    0, 0, 0 })) != SB_OK)
		return rc;
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	if ((rc = default_board(ctx, project_id, &active)) != SB_OK ||
	    (st = sb_stmt(ctx, sql)) == NULL) {
		sb_rollback(ctx);
		return rc != SB_OK ? rc : SB_EFAIL;
	}
	if (format == SB_FMT_CSV)
		fputs("number,id,name,days,strips,active,version\n", out);
	else if (format == SB_FMT_TABLE)
		fprintf(out, "%-3s %-24s %-28s %6s %7s %-6s %s\n", "#", "id", "name", "days",
		    "strips", "active", "version");
	else if (format == SB_FMT_JSON)
		fputc('[', out);
	sb_bind_int64(st, 1, project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *uid = (const char *)sb_col_text(st, 1);
		const char *name = (const char *)sb_col_text(st, 2);
		long long version = sb_col_int64(st, 3);
		long long days = sb_col_int64(st, 4);
		long long strips = sb_col_int64(st, 5);
		int is_active = sb_col_int64(st, 0) == active;
		char num[32];

		n++;
		snprintf(num, sizeof(num), "%lld", (long long)n);
		switch (format) {
		case SB_FMT_CSV:
			fprintf(out, "%s,", num);
			sb_csv_write_field(out, uid);
			fputc(',', out);
			sb_csv_write_field(out, name);
			fprintf(out, ",%lld,%lld,%d,%lld\n", days, strips, is_active, version);
			break;
		case SB_FMT_JSON:
		case SB_FMT_NDJSON:
			if (format == SB_FMT_JSON)
				fputs(n > 1 ? ",\n" : "\n", out);
			fprintf(out, "{\"number\":%s,\"id\":", num);
			sb_json_write_string(out, uid);
			fputs(",\"name\":", out);
			sb_json_write_string(out, name);
			fprintf(out, ",\"days\":%lld,\"strips\":%lld,\"active\":%s,"
			    "\"version\":%lld}", days, strips, is_active ? "true" : "false",
			    version);
			if (format == SB_FMT_NDJSON)
				fputc('\n', out);
			break;
		default:
			sb_table_cell(out, num, 3);
			sb_table_cell(out, uid, 24);
			sb_table_cell(out, name, 28);
			fprintf(out, "%6lld %7lld %-6s %lld\n", days, strips, is_active ? "*" : "",
			    version);
			break;
		}
	}
	sb_reset(st);
	if (format == SB_FMT_JSON)
		fputs(n > 0 ? "\n]\n" : "]\n", out);
	if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(ctx, "board");
		sb_rollback(ctx);
		return rc;
	}
	return sb_exec(ctx, "COMMIT");
}

/*
 * Making a board
 */

/* The next rank among the project's boards. */
static int
next_rank(sb_ctx *ctx, int64_t project, int64_t *rank)
{
	return one_int(ctx, "SELECT coalesce(max(rank), -1) + 1 FROM board"
	    " WHERE project_id = ?1", project, rank);
}

/* Every scene of the project, in script order, into the board's boneyard. */
static int
fill_boneyard(sb_ctx *ctx, int64_t project, int64_t board, int64_t *strips)
{
	static const char scenes[] =
	    "SELECT id FROM strip WHERE project_id = ?1 AND type = 'scene' ORDER BY rank, id";
	struct sb_row_lane lane;
	struct sb_row_day day;
	struct sb_row_placement pl;
	sb_st *st;
	int64_t lane_id, day_id, n, i = 0;
	char uid[25], key[SB_KEY_MAX + 2];
	int rc;

	*strips = 0;
	if ((rc = one_int(ctx, "SELECT count(*) FROM strip WHERE project_id = ?1"
	    " AND type = 'scene'", project, &n)) != SB_OK)
		return rc;
	sb_uid_new(uid);
	memset(&lane, 0, sizeof(lane));
	lane.board_id = board;
	lane.uid = uid;
	lane.name = "boneyard";
	lane.kind = "boneyard";
	lane.rank = STORE_RANK_NEXT;
	if ((rc = store_lane_insert(ctx, &lane, &lane_id)) != SB_OK)
		return rc;
	memset(&day, 0, sizeof(day));
	day.board_id = board;
	day.lane_id = lane_id;
	day.kind = "list";
	day.pos = "V";
	if ((rc = store_day_insert(ctx, &day, &day_id)) != SB_OK)
		return rc;
	/* the statement steps while the placements go in: read ids first */
	int64_t *ids = n > 0 ? malloc((size_t)n * sizeof(*ids)) : NULL;

	if (n > 0 && ids == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((st = sb_stmt(ctx, scenes)) == NULL) {
		free(ids);
		return SB_EFAIL;
	}
	sb_bind_int64(st, 1, project);
	while ((rc = sb_step(st)) == SQLITE_ROW && i < n)
		ids[i++] = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		free(ids);
		return sb_sqlerr(ctx, "strip");
	}
	n = i;
	rc = SB_OK;
	for (i = 0; i < n && rc == SB_OK; i++) {
		if ((rc = sb_key_spread((uint64_t)i, (uint64_t)n, key, sizeof(key))) != SB_OK)
			break;
		memset(&pl, 0, sizeof(pl));
		pl.board_id = board;
		pl.strip_id = ids[i];
		pl.day_id = day_id;
		pl.pos = key;
		rc = store_placement_insert(ctx, &pl, NULL);
	}
	free(ids);
	*strips = n;
	return rc;
}

/*
 * Copy board from onto board to: its lanes, their days, their strips, a
 * lane's days and placements in two statements (a day at a time was 52 000
 * statements at 100 000 strips, 2.2-2.9x the same copy in plain SQL).
 */
static int
copy_layout(sb_ctx *ctx, int64_t from, int64_t to)
{
	static const char lanes[] =
	    "SELECT id, uid IS NOT NULL FROM lane WHERE board_id = ?1 ORDER BY rank, id";
	struct idpair { int64_t id; int has_uid; } *lv = NULL;
	size_t nl = 0, capl = 0;
	sb_st *st;
	int rc;

	/* read the list whole before writing: the statement is cached */
	if ((st = sb_stmt(ctx, lanes)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, from);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (nl == capl) {
			void *p = realloc(lv, (capl = capl ? capl * 2 : 8) * sizeof(*lv));

			if (p == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			lv = p;
		}
		lv[nl].id = sb_col_int64(st, 0);
		lv[nl++].has_uid = sb_col_int(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(lv);
		return rc == SQLITE_NOMEM ? sb_err(ctx, SB_EFAIL, "out of memory") :
		    sb_sqlerr(ctx, "lane");
	}
	rc = SB_OK;
	for (size_t i = 0; i < nl && rc == SB_OK; i++) {
		int64_t lane;
		char uid[25];

		sb_uid_new(uid);
		if ((rc = store_lane_copy(ctx, lv[i].id, to, lv[i].has_uid ? uid : NULL,
		    &lane)) == SB_OK)
			rc = store_lane_copy_days(ctx, lv[i].id, to, lane);
	}
	free(lv);
	return rc;
}

static int
board_new_tx(sb_ctx *ctx, int64_t project_id, const char *name, int64_t from,
    struct sb_board_made *made)
{
	static const char ext_of[] =
	    "SELECT CASE WHEN json_valid(ext) = 1 THEN json_remove(ext, '$.id', '$.name')"
	    " ELSE ext END, absent FROM board WHERE id = ?1";
	struct board_row src;
	struct sb_row_board row;
	struct sb_buf a;
	char uid[25], cal_uid[25];
	char *ext = NULL, *absent = NULL;
	int64_t id, cal = 0;
	int rc;

	if ((rc = check_name(ctx, project_id, name, 0)) != SB_OK)
		return rc;
	memset(&row, 0, sizeof(row));
	if (from != 0) {
		sb_st *st;

		if ((rc = board_get(ctx, from, &src)) != SB_OK)
			return rc;
		if (src.project != project_id)
			return sb_err(ctx, SB_EUSAGE, "board \"%s\" is another project's",
			    src.name);
		if ((st = sb_stmt(ctx, ext_of)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, from);
		if (sb_step(st) == SQLITE_ROW) {
			if (sb_col_type(st, 0) != SQLITE_NULL)
				ext = sb_strdup((const char *)sb_col_text(st, 0));
			if (sb_col_type(st, 1) != SQLITE_NULL)
				absent = sb_strdup((const char *)sb_col_text(st, 1));
		}
		sb_reset(st);
		if (src.calendar != 0) {
			sb_uid_new(cal_uid);
			if ((rc = store_calendar_copy(ctx, src.calendar, cal_uid, NULL, &cal))
			    != SB_OK)
				goto out;
		}
	}
	sb_uid_new(uid);
	row.project_id = project_id;
	row.uid = uid;
	row.name = name;
	row.calendar_id = cal;
	row.ext = ext;
	row.absent = absent;
	if ((rc = next_rank(ctx, project_id, &row.rank)) != SB_OK ||
	    (rc = store_board_insert(ctx, &row, &id)) != SB_OK)
		goto out;
	if (from != 0)
		rc = copy_layout(ctx, from, id);
	else
		rc = fill_boneyard(ctx, project_id, id, &made->strips);
	if (rc != SB_OK ||
	    (rc = one_int(ctx, count_strips, id, &made->strips)) != SB_OK ||
	    (rc = one_int(ctx, count_days, id, &made->days)) != SB_OK)
		goto out;
	if (cal != 0) {
		/* the copy's calendar: deleting it undoes it, entries and all */
		sb_buf_init(&a);
		sb_buf_puts(&a, "{");
		if ((rc = row_set(ctx, calendar_made, cal, &a)) != SB_OK) {
			sb_buf_free(&a);
			goto out;
		}
		sb_buf_puts(&a, ",");
		about(&a, name, id, uid);
		sb_buf_puts(&a, "}}");
		rc = a.failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
		    sb_audit(ctx, project_id, "calendar", cal, 0, 1, sb_buf_str(&a));
		sb_buf_free(&a);
		if (rc != SB_OK)
			goto out;
	}
	sb_buf_init(&a);
	sb_buf_puts(&a, "{");
	if ((rc = row_set(ctx, board_made, id, &a)) != SB_OK) {
		sb_buf_free(&a);
		goto out;
	}
	sb_buf_puts(&a, ",");
	about(&a, name, id, uid);
	if (from != 0) {
		sb_buf_puts(&a, ",\"from\":");
		sb_json_quote(&a, src.name);
		sb_buf_printf(&a, ",\"from_id\":%lld", (long long)from);
	}
	sb_buf_printf(&a, ",\"strips\":%lld,\"days\":%lld}}", (long long)made->strips,
	    (long long)made->days);
	if ((rc = audit_done(ctx, project_id, id, 0, 1, &a)) != SB_OK)
		goto out;
	made->board_id = id;
	snprintf(made->uid, sizeof(made->uid), "%s", uid);
out:
	free(ext);
	free(absent);
	return rc;
}

int
sb_board_new(sb_ctx *ctx, int64_t project_id, const char *name, int64_t from,
    struct sb_board_made *made)
{
	int rc;

	memset(made, 0, sizeof(*made));
	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	/* boards are the admins' (sb-perm(1)); a copy reads its original */
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ project_id,
	    0, 0, 0 })) != SB_OK || (from != 0 && (rc = sb_perm_require(ctx,
	    SB_ACT_READ, &(struct sb_scope){ project_id, from, 0, 0 })) != SB_OK) ||
	    (rc = board_new_tx(ctx, project_id, name, from, made)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

/*
 * Renaming, activating, dropping
 */
static int
rename_tx(sb_ctx *ctx, int64_t board, const char *name, int64_t if_version)
{
	struct board_row b;
	struct sb_buf a;
	int rc;

	if ((rc = board_get(ctx, board, &b)) != SB_OK ||
	    (rc = check_version(ctx, &b, if_version)) != SB_OK)
		return rc;
	if (strcmp(b.name, name) == 0)
		return SB_OK; /* nothing to change */
	/* an imported override of the name goes from ext: say so when it does */
	static const char ext_sql[] =
	    "SELECT json_object('ext', json_array(ext, CASE WHEN json_valid(ext) = 1"
	    " THEN json_remove(ext, '$.name') ELSE ext END)), CASE WHEN json_valid(ext) = 1"
	    " AND json_remove(ext, '$.name') IS NOT ext THEN 1 ELSE 0 END FROM board WHERE id = ?1";
	sb_st *st;
	char *ext = NULL;

	if ((rc = check_name(ctx, b.project, name, board)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, ext_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	if ((rc = sb_step(st)) == SQLITE_ROW && sb_col_int(st, 1) &&
	    (ext = sb_strdup((const char *)sb_col_text(st, 0))) == NULL) {
		sb_reset(st);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "board");
	if ((rc = store_board_rename(ctx, board, name)) != SB_OK) {
		free(ext);
		return rc;
	}
	sb_buf_init(&a);
	sb_buf_puts(&a, "{\"set\":{\"name\":[");
	sb_json_quote(&a, b.name);
	sb_buf_puts(&a, ",");
	sb_json_quote(&a, name);
	if (ext != NULL) {
		/* {"ext":[b,a]} less its braces */
		sb_buf_puts(&a, "],");
		sb_buf_add(&a, ext + 1, strlen(ext) - 2);
		sb_buf_puts(&a, "},");
	} else {
		sb_buf_puts(&a, "]},");
	}
	free(ext);
	about(&a, name, board, b.uid);
	sb_buf_puts(&a, "}}");
	return audit_done(ctx, b.project, board, b.version, b.version + 1, &a);
}

int
sb_board_rename(sb_ctx *ctx, int64_t board_id, const char *name, int64_t if_version)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ 0, board_id,
	    0, 0 })) != SB_OK || (rc = rename_tx(ctx, board_id, name, if_version)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

static int
activate_tx(sb_ctx *ctx, int64_t board, int64_t if_version, int *changed)
{
	struct board_row b;
	int64_t was, def;
	int rc;

	*changed = 0;
	/* the board the commands used: the active one, else the first */
	if ((rc = board_get(ctx, board, &b)) != SB_OK ||
	    (rc = check_version(ctx, &b, if_version)) != SB_OK ||
	    (rc = active_of(ctx, b.project, &was)) != SB_OK ||
	    (rc = default_board(ctx, b.project, &def)) != SB_OK)
		return rc;
	if (was == board)
		return SB_OK;
	if (def == board)
		return SB_OK; /* active already, as the first board */
	*changed = 1;
	return set_active(ctx, &b, def);
}

int
sb_board_activate(sb_ctx *ctx, int64_t board_id, int64_t if_version, int *changed)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	*changed = 0;
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ 0, board_id,
	    0, 0 })) != SB_OK ||
	    (rc = activate_tx(ctx, board_id, if_version, changed)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

static int
drop_tx(sb_ctx *ctx, int64_t board, int64_t activate, int64_t if_version)
{
	struct board_row b, next;
	struct sb_buf a, cal;
	int64_t def, strips, days, users = 0, cal_version = 0;
	char *layout = NULL;
	int rc;

	if ((rc = board_get(ctx, board, &b)) != SB_OK ||
	    (rc = check_version(ctx, &b, if_version)) != SB_OK ||
	    (rc = default_board(ctx, b.project, &def)) != SB_OK)
		return rc;
	if (activate == board)
		return sb_err(ctx, SB_EUSAGE, "board \"%s\" cannot be dropped and made "
		    "active at once", b.name);
	if (def == board && activate == 0)
		return sb_err(ctx, SB_EUSAGE, "board \"%s\" is the active board: name the "
		    "board to make active instead (--activate BOARD)", b.name);
	if (activate != 0) {
		if ((rc = board_get(ctx, activate, &next)) != SB_OK)
			return rc;
		if (next.project != b.project)
			return sb_err(ctx, SB_EUSAGE, "board \"%s\" is another project's",
			    next.name);
	}
	if ((rc = one_int(ctx, count_strips, board, &strips)) != SB_OK ||
	    (rc = one_int(ctx, count_days, board, &days)) != SB_OK)
		return rc;
	/* the new active board first: its audit row says which one it replaced */
	if (activate != 0 && (rc = set_active(ctx, &next, def == board ? 0 : def)) != SB_OK)
		return rc;
	/* its own calendar goes with it when no other board has it */
	if (b.calendar != 0 && (rc = one_int(ctx, "SELECT count(*) FROM board WHERE"
	    " calendar_id = ?1", b.calendar, &users)) != SB_OK)
		return rc;
	sb_buf_init(&a);
	sb_buf_init(&cal);
	sb_buf_puts(&a, "{");
	/* its lanes, days and strips go with it: the row keeps them (sb-log revert) */
	if ((rc = row_set(ctx, board_gone, board, &a)) != SB_OK ||
	    (rc = store_board_layout_json(ctx, board, &layout)) != SB_OK ||
	    (b.calendar != 0 && users == 1 &&
	    (rc = store_calendar_gone(ctx, b.calendar, &cal, &cal_version)) != SB_OK) ||
	    (rc = store_board_delete(ctx, board)) != SB_OK ||
	    (cal_version != 0 && (rc = store_calendar_delete(ctx, b.calendar)) != SB_OK)) {
		free(layout);
		sb_buf_free(&a);
		sb_buf_free(&cal);
		return rc;
	}
	sb_buf_printf(&a, ",\"layout\":%s,", layout);
	free(layout);
	if (cal_version != 0) {
		/* and the row keeps the calendar, so that a revert of the drop alone
		 * brings it back too */
		sb_buf_printf(&a, "\"calendar\":{\"id\":%lld,\"version\":%lld,",
		    (long long)b.calendar, (long long)cal_version);
		sb_buf_puts(&a, sb_buf_str(&cal));
		sb_buf_puts(&a, "},");
	}
	about(&a, b.name, board, b.uid);
	sb_buf_printf(&a, ",\"strips\":%lld,\"days\":%lld}}", (long long)strips,
	    (long long)days);
	if ((rc = audit_done(ctx, b.project, board, b.version, 0, &a)) != SB_OK ||
	    cal_version == 0) {
		sb_buf_free(&cal);
		return rc;
	}
	/* the calendar's own row: its trail says where it went */
	sb_buf_init(&a);
	sb_buf_puts(&a, "{");
	sb_buf_puts(&a, sb_buf_str(&cal));
	sb_buf_puts(&a, ",");
	about(&a, b.name, board, b.uid);
	sb_buf_puts(&a, ",\"dropped_with_board\":true}}");
	sb_buf_free(&cal);
	rc = a.failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
	    sb_audit(ctx, b.project, "calendar", b.calendar, cal_version, 0, sb_buf_str(&a));
	sb_buf_free(&a);
	return rc;
}

int
sb_board_drop(sb_ctx *ctx, int64_t board_id, int64_t activate_id, int64_t if_version)
{
	int rc;

	if ((rc = sb_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ 0, board_id,
	    0, 0 })) != SB_OK || (activate_id != 0 && (rc = sb_perm_require(ctx,
	    SB_ACT_BOARD, &(struct sb_scope){ 0, activate_id, 0, 0 })) != SB_OK) ||
	    (rc = drop_tx(ctx, board_id, activate_id, if_version)) != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_commit(ctx);
}

/*
 * Comparing two boards
 */

/* Where a strip stands on a board. */
struct spot {
	int64_t strip;
	int64_t day;        /* shoot day number in its lane, 0 for a list */
	sb_date date;       /* 0: none */
	int lane;           /* index into the side's lane names; -1: the schedule */
	int boneyard;
	int seen;           /* found on the other board */
	char *uid, *scene;
};

struct side {
	struct spot *v;
	size_t n, cap;
	char **lanes;
	size_t nlanes;
	char *name;
};

static void
side_free(struct side *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].uid);
		free(s->v[i].scene);
	}
	free(s->v);
	for (size_t i = 0; i < s->nlanes; i++)
		free(s->lanes[i]);
	free(s->lanes);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

/* Read where every strip of board stands, in board order. */
static int
side_read(sb_ctx *ctx, int64_t board, struct side *s)
{
	/* every day, empty ones too: they count in the day numbers */
	static const char sql[] =
	    "SELECT p.strip_id, s.uid, s.scene, l.id, l.kind, l.name, d.id, d.kind"
	    " FROM lane l JOIN day d ON d.lane_id = l.id"
	    " LEFT JOIN placement p ON p.day_id = d.id"
	    " LEFT JOIN strip s ON s.id = p.strip_id"
	    " WHERE l.board_id = ?1 ORDER BY l.rank, l.id, d.pos, p.pos";
	char namebuf[SB_BOARD_NAME_MAX + 1];
	sb_calendar *cal = NULL;
	sb_st *st;
	int64_t lane = 0, day = 0, dayno = 0;
	sb_date date = 0;
	int rc, lane_ix = -1, schedule = 0, dated = 0;

	memset(s, 0, sizeof(*s));
	if ((s->name = sb_strdup(sb_board_name(ctx, board, namebuf, sizeof(namebuf)))) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((rc = sb_board_calendar(ctx, board, &cal)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, sql)) == NULL) {
		sb_calendar_free(cal);
		return SB_EFAIL;
	}
	sb_bind_int64(st, 1, board);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sb_col_text(st, 4);
		struct spot *sp;

		if (sb_col_int64(st, 3) != lane) {
			lane = sb_col_int64(st, 3);
			dayno = 0;
			dated = 0;
			lane_ix = -1;
			schedule = strcmp(kind, "schedule") == 0;
			if (strcmp(kind, "other") == 0) {
				void *p = realloc(s->lanes, (s->nlanes + 1) * sizeof(*s->lanes));

				if (p == NULL)
					break;
				s->lanes = p;
				if ((s->lanes[s->nlanes] = sb_strdup((const char *)
				    sb_col_text(st, 5))) == NULL)
					break;
				lane_ix = (int)s->nlanes++;
			}
		}
		if (sb_col_int64(st, 6) != day) {
			day = sb_col_int64(st, 6);
			if (strcmp((const char *)sb_col_text(st, 7), "shoot") == 0) {
				dayno++;
				/* the dates of the schedule's days walk its calendar */
				if (cal != NULL && schedule) {
					if ((dated ? sb_calendar_next(cal, date, &date) :
					    sb_calendar_first(cal, &date)) == SB_OK)
						dated = 1;
					else
						dated = 0, date = 0;
				}
			}
		}
		if (sb_col_type(st, 0) == SQLITE_NULL)
			continue; /* an empty day */
		if (s->n == s->cap) {
			void *p = realloc(s->v, (s->cap = s->cap ? s->cap * 2 : 256) *
			    sizeof(*s->v));

			if (p == NULL)
				break;
			s->v = p;
		}
		sp = &s->v[s->n];
		memset(sp, 0, sizeof(*sp));
		sp->strip = sb_col_int64(st, 0);
		sp->day = strcmp((const char *)sb_col_text(st, 7), "shoot") == 0 ?
		    dayno : 0;
		sp->date = sp->day > 0 && schedule && dated ? date : 0;
		sp->lane = lane_ix;
		sp->boneyard = strcmp(kind, "boneyard") == 0;
		sp->uid = sb_strdup((const char *)sb_col_text(st, 1));
		sp->scene = sb_col_type(st, 2) == SQLITE_NULL ? NULL :
		    sb_strdup((const char *)sb_col_text(st, 2));
		s->n++;
		if (sp->uid == NULL || (sb_col_type(st, 2) != SQLITE_NULL &&
		    sp->scene == NULL))
			break;
	}
	sb_reset(st);
	sb_calendar_free(cal);
	if (rc == SQLITE_ROW)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "board");
}

static int
spot_cmp(const void *a, const void *b)
{
	const struct spot *x = *(const struct spot *const *)a, *y = *(const struct spot *const *)b;

	return x->strip < y->strip ? -1 : x->strip > y->strip;
}

/* The day column, as sb-export writes it. */
static const char *
day_label(const struct side *s, const struct spot *p, char *buf, size_t size)
{
	if (p == NULL)
		buf[0] = '\0';
	else if (p->boneyard)
		snprintf(buf, size, "boneyard");
	else if (p->lane >= 0 && p->day > 0)
		snprintf(buf, size, "%s/%lld", s->lanes[p->lane], (long long)p->day);
	else if (p->lane >= 0)
		snprintf(buf, size, "%s", s->lanes[p->lane]);
	else if (p->day > 0)
		snprintf(buf, size, "%lld", (long long)p->day);
	else
		buf[0] = '\0';
	return buf;
}

struct cmp_out {
	FILE *out;
	int format;
	size_t rows;
	const struct side *a, *b;
};

static void
json_num_or_null(FILE *out, int has, long long v)
{
	if (has)
		fprintf(out, "%lld", v);
	else
		fputs("null", out);
}

static void
compare_row(struct cmp_out *o, const struct spot *pa, const struct spot *pb)
{
	const struct spot *p = pa != NULL ? pa : pb;
	char da[300], db[300], ta[SB_DATE_BUFSZ] = "", tb[SB_DATE_BUFSZ] = "",
	    dd[32] = "", td[32] = "";
	int both_days = pa != NULL && pb != NULL && pa->day > 0 && pb->day > 0 &&
	    pa->lane == -1 && pb->lane == -1 && !pa->boneyard && !pb->boneyard;
	int both_dates = pa != NULL && pb != NULL && pa->date != 0 && pb->date != 0;
	FILE *out = o->out;

	day_label(o->a, pa, da, sizeof(da));
	day_label(o->b, pb, db, sizeof(db));
	if (pa != NULL && pa->date != 0)
		sb_date_format(pa->date, ta, sizeof(ta));
	if (pb != NULL && pb->date != 0)
		sb_date_format(pb->date, tb, sizeof(tb));
	if (both_days)
		snprintf(dd, sizeof(dd), "%lld", (long long)(pb->day - pa->day));
	if (both_dates)
		snprintf(td, sizeof(td), "%lld", (long long)pb->date - (long long)pa->date);
	switch (o->format) {
	case SB_FMT_CSV:
		sb_csv_write_field(out, p->uid);
		fputc(',', out);
		sb_csv_write_field(out, p->scene);
		fputc(',', out);
		sb_csv_write_field(out, pa != NULL ? da : "absent");
		fprintf(out, ",%s,", ta);
		sb_csv_write_field(out, pb != NULL ? db : "absent");
		fprintf(out, ",%s,%s,%s\n", tb, dd, td);
		break;
	case SB_FMT_JSON:
	case SB_FMT_NDJSON:
		if (o->format == SB_FMT_JSON)
			fputs(o->rows > 0 ? ",\n" : "\n", out);
		fputs("{\"strip_id\":", out);
		sb_json_write_string(out, p->uid);
		fputs(",\"scene\":", out);
		sb_json_write_string(out, p->scene);
		fputs(",\"a\":", out);
		if (pa == NULL) {
			fputs("null", out);
		} else {
			fputs("{\"day\":", out);
			if (pa->day > 0 && pa->lane < 0)
				fprintf(out, "%lld", (long long)pa->day);
			else
				sb_json_write_string(out, da[0] ? da : NULL);
			fputs(",\"date\":", out);
			sb_json_write_string(out, ta[0] ? ta : NULL);
			fputc('}', out);
		}
		fputs(",\"b\":", out);
		if (pb == NULL) {
			fputs("null", out);
		} else {
			fputs("{\"day\":", out);
			if (pb->day > 0 && pb->lane < 0)
				fprintf(out, "%lld", (long long)pb->day);
			else
				sb_json_write_string(out, db[0] ? db : NULL);
			fputs(",\"date\":", out);
			sb_json_write_string(out, tb[0] ? tb : NULL);
			fputc('}', out);
		}
		fputs(",\"days\":", out);
		json_num_or_null(out, both_days, both_days ? (long long)(pb->day - pa->day) : 0);
		fputs(",\"dates\":", out);
		json_num_or_null(out, both_dates, both_dates ?
		    (long long)pb->date - (long long)pa->date : 0);
		fputc('}', out);
		if (o->format == SB_FMT_NDJSON)
			fputc('\n', out);
		break;
	default:
		sb_table_cell(out, p->scene != NULL ? p->scene : p->uid, 8);
		sb_table_cell(out, pa != NULL ? da : "-", 9);
		sb_table_cell(out, ta, 10);
		sb_table_cell(out, pb != NULL ? db : "-", 9);
		sb_table_cell(out, tb, 10);
		if (both_days && pb->day != pa->day)
			snprintf(dd, sizeof(dd), "%+lld", (long long)(pb->day - pa->day));
		else if (both_days)
			dd[0] = '\0';
		sb_table_cell(out, dd, 5);
		if (both_dates && pb->date != pa->date)
			snprintf(td, sizeof(td), "%+lld",
			    (long long)pb->date - (long long)pa->date);
		else if (both_dates)
			td[0] = '\0';
		sb_table_cell(out, td, 0);
		fputc('\n', out);
		break;
	}
	o->rows++;
}

int
sb_board_compare(sb_ctx *ctx, int64_t a, int64_t b, int format, FILE *out)
{
	struct side sa, sb;
	struct spot **index = NULL;
	struct cmp_out o;
	int rc;

	if (format != SB_FMT_CSV && format != SB_FMT_JSON && format != SB_FMT_NDJSON &&
	    format != SB_FMT_TABLE)
		return sb_err(ctx, SB_EUSAGE, "a comparison is written as csv, json, ndjson "
		    "or table, not %s", sb_format_name(format));
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ 0, a, 0, 0 })) !=
	    SB_OK || (rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ 0, b,
	    0, 0 })) != SB_OK)
		return rc;
	if ((rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	memset(&sb, 0, sizeof(sb));
	if ((rc = side_read(ctx, a, &sa)) != SB_OK || (rc = side_read(ctx, b, &sb)) != SB_OK)
		goto out;
	if (sb.n > 0 && (index = malloc(sb.n * sizeof(*index))) == NULL) {
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < sb.n; i++)
		index[i] = &sb.v[i];
	if (sb.n > 1)
		qsort(index, sb.n, sizeof(*index), spot_cmp);
	memset(&o, 0, sizeof(o));
	o.out = out;
	o.format = format;
	o.a = &sa;
	o.b = &sb;
	if (format == SB_FMT_CSV) {
		fputs("strip_id,scene,day_a,date_a,day_b,date_b,days,dates\n", out);
	} else if (format == SB_FMT_JSON) {
		fputs("[", out);
	} else if (format == SB_FMT_TABLE) {
		fputs("scene    ", out);
		sb_table_cell(out, sa.name, 20);
		sb_table_cell(out, sb.name, 20);
		fputs("days  dates\n", out);
	}
	for (size_t i = 0; i < sa.n; i++) {
		struct spot key = { 0 }, *kp = &key, **hit;

		key.strip = sa.v[i].strip;
		hit = sb.n > 0 ? bsearch(&kp, index, sb.n, sizeof(*index), spot_cmp) : NULL;
		if (hit != NULL)
			(*hit)->seen = 1;
		compare_row(&o, &sa.v[i], hit != NULL ? *hit : NULL);
	}
	for (size_t i = 0; i < sb.n; i++)
		if (!sb.v[i].seen)
			compare_row(&o, NULL, &sb.v[i]);
	if (format == SB_FMT_JSON)
		fputs(o.rows > 0 ? "\n]\n" : "]\n", out);
	rc = SB_OK;
out:
	free(index);
	side_free(&sa);
	side_free(&sb);
	if (rc != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	return sb_exec(ctx, "COMMIT");
}
